"""The forms' command line.

    python -m scripts.formulaires serve [--port 8001] [--store var/formulaires.jsonl] [--site-url URL]
    python -m scripts.formulaires inbox [--store FILE] [--form KEY]
    python -m scripts.formulaires submit FORM_KEY champ=valeur … [--endpoint URL]
    python -m scripts.formulaires check [--endpoint URL]

`serve` runs the local Formspree-compatible receiver (see receiver.py);
`inbox` prints what it stored, one JSON object a line; `submit` sends one
submission (exit 0 accepted, 1 refused, with the French reason, 2 service
unreachable after the retries); `check` confirms that every configured form
id answers (a form without an id is reported as published as an e-mail route;
a local receiver knows every form by its key too), without notifying anybody (a probe with the honeypot filled),
with the same exit codes. The endpoint is --endpoint, else
C2I2E_FORMS_ENDPOINT, else Formspree (https://formspree.io/f).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from scripts import annuaire
from scripts.core import cli
from scripts.core.data import load_all
from scripts.core.diagnostics import display_path
from scripts.core.paths import DATA_DIR, ROOT
from scripts.formulaires import DEFAULT_ENDPOINT, ENDPOINT_VARIABLE, FEATURE, SUBJECT, EndpointError, Form, endpoint
from scripts.formulaires import forms as load_forms
from scripts.formulaires.client import FormspreeClient, ServiceUnavailable, SubmissionRefused
from scripts.formulaires.receiver import Receiver, Store, read_store

DEFAULT_STORE = ROOT / "var" / "formulaires.jsonl"
ACCEPTED, REFUSED, UNREACHABLE = 0, 1, 2


class _Parser(cli.ArgumentParser):
    """Usage errors exit 1 (2 means « service unreachable » here)."""

    usage_error = REFUSED


def _forms(data_dir: Path) -> list[Form] | None:
    """The forms of the data folder, or None after printing why they cannot be read."""
    data = load_all(data_dir, FEATURE.datasets + annuaire.FEATURE.datasets)  # the forms name the contacts and sites
    problems = [d for d in data.errors if Path(d.path).name == "formulaires.yaml"]
    if problems or not data.valid("formulaires"):
        for diagnostic in problems or data.errors:
            print(diagnostic, file=sys.stderr)
        print("Les formulaires ne peuvent pas être lus : corrigez referentiel/formulaires.yaml.", file=sys.stderr)
        return None
    return load_forms(data)


def _endpoint(value: str | None) -> str | None:
    try:
        return endpoint({ENDPOINT_VARIABLE: value}) if value else endpoint()
    except EndpointError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return None


def _target(form: Form, base: str) -> str | None:
    """The id to post to: the configured one; a local receiver also knows each form by its key."""
    # Not `posted_id`: the command is given its endpoint (--endpoint), so no C2I2E_FORMULAIRES_LOCAUX is needed.
    return form.formspree_id() or (form.key if base != DEFAULT_ENDPOINT else None)


def _no_id(form: Form) -> str:
    return (f"aucun identifiant Formspree pour « {form.key} » (ni variable {form.variable} ni « formspree_id » "
            "dans referentiel/formulaires.yaml) : sa page est publiée comme adresse e-mail ; "
            "voir la section « Formulaires » du README")


def _client(arguments: argparse.Namespace, base: str) -> FormspreeClient:
    return FormspreeClient(base, attempts=arguments.attempts, timeout=arguments.timeout)


# --- serve ---------------------------------------------------------------------------------------------

def serve(arguments: argparse.Namespace) -> int:

    forms = _forms(arguments.data)
    if forms is None:
        return REFUSED
    try:
        server = Receiver((arguments.host, arguments.port), forms, Store(arguments.store),
                          site_url=arguments.site_url, test_controls=arguments.test_controls)
    except OSError as error:
        print(f"Erreur : impossible d'écouter sur {arguments.host}:{arguments.port} ({error.strerror}) : "
              "le port est peut-être déjà utilisé ; choisissez-en un autre avec --port.", file=sys.stderr)
        return REFUSED
    # The first line gives the address (the tests read it when --port 0 picks a free port).
    print(f"Récepteur de formulaires : {server.endpoint}", flush=True)
    print(f"  envois enregistrés dans {display_path(arguments.store)} ; remerciement : {server.thanks_url}")
    for form in forms:
        print(f"  {server.endpoint}/{form.formspree_id() or form.key}  ({form.key})")
    print("  Ctrl+C pour arrêter.", flush=True)

    def stop(*_: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()  # waits for the requests in flight
    print("Récepteur de formulaires arrêté.", flush=True)
    return 0


# --- inbox ---------------------------------------------------------------------------------------------

def inbox(arguments: argparse.Namespace) -> int:

    store: Path = arguments.store
    if not store.exists():
        print(f"Aucun envoi enregistré ({display_path(store)} n'existe pas).", file=sys.stderr)
        return 0
    count = 0
    for number, record in read_store(store):
        if record is None:
            print(f"{display_path(store)}:{number}: avertissement : ligne illisible, ignorée", file=sys.stderr)
            continue
        if arguments.form and record.get("form") != arguments.form:
            continue
        print(json.dumps(record, ensure_ascii=False))
        count += 1
    print(f"{count} envoi(s).", file=sys.stderr)
    return 0


# --- submit --------------------------------------------------------------------------------------------

def submit(arguments: argparse.Namespace) -> int:
    forms = _forms(arguments.data)
    if forms is None:
        return REFUSED
    form = next((f for f in forms if f.key == arguments.form), None)
    if form is None:
        print(f"Erreur : formulaire « {arguments.form} » inconnu ; formulaires : "
              f"{', '.join(f.key for f in forms)}.", file=sys.stderr)
        return REFUSED
    fields: dict[str, str | list[str]] = {SUBJECT: form.subject}
    for item in arguments.fields:
        name, equals, value = item.partition("=")
        if not equals or not name:
            print(f"Erreur : « {item} » : écrivez chaque champ sous la forme nom=valeur.", file=sys.stderr)
            return REFUSED
        if not name.startswith("_") and form.field(name) is None:
            print(f"Erreur : champ « {name} » inconnu du formulaire « {form.key} » ; champs : "
                  f"{', '.join(f.name for f in form.fields)}.", file=sys.stderr)
            return REFUSED
        if name in fields and name != SUBJECT:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    base = _endpoint(arguments.endpoint)
    if base is None:
        return REFUSED
    target = _target(form, base)
    if target is None:
        print(f"Erreur : {_no_id(form)}.", file=sys.stderr)
        return REFUSED
    with _client(arguments, base) as client:
        try:
            client.submit(target, fields)
        except SubmissionRefused as error:
            print(f"Envoi refusé ({client.url(target)}) :", file=sys.stderr)
            for problem in error.problems:
                field = form.field(problem.field) if problem.field else None
                print(f"  - « {field.label} » : {problem.message}" if field else f"  - {problem}", file=sys.stderr)
            return REFUSED
        except ServiceUnavailable as error:
            print(f"Envoi impossible : {error.message} Réessayez plus tard.", file=sys.stderr)
            return UNREACHABLE
    print(f"Envoi accepté : « {form.title} » ({client.url(target)}).")
    return ACCEPTED


# --- check ---------------------------------------------------------------------------------------------

def check(arguments: argparse.Namespace) -> int:
    forms = _forms(arguments.data)
    if forms is None:
        return REFUSED
    base = _endpoint(arguments.endpoint)
    if base is None:
        return REFUSED
    refused = unreachable = routes = 0
    with _client(arguments, base) as client:
        for form in forms:
            target = _target(form, base)
            if target is None:
                routes += 1
                print(f"{form.key} : {_no_id(form)}.")
                continue
            where = f"{form.key} ({client.url(target)})"
            try:
                client.probe(target)
            except SubmissionRefused as error:
                if error.status == 403 and error.code is None:
                    print(f"{where} : répond, mais refuse les envois sans rechargement (reCAPTCHA actif). "
                          "Les pages repassent alors à l'envoi classique ; pour l'envoi sans rechargement, "
                          "désactivez reCAPTCHA dans les réglages du formulaire sur Formspree.")
                    continue
                refused += 1
                print(f"{where} : ERREUR : {error.message} Vérifiez l'identifiant « {target} » "
                      f"(variable {form.variable} ou « formspree_id »).")
                continue
            except ServiceUnavailable as error:
                unreachable += 1
                print(f"{where} : INJOIGNABLE : {error.message}")
                continue
            print(f"{where} : répond.")
    answered = len(forms) - refused - unreachable - routes
    print(f"{len(forms)} formulaire(s) : {answered} répond(ent), {refused} refusé(s), "
          f"{unreachable} injoignable(s), {routes} publié(s) comme adresse e-mail (sans identifiant).")
    return UNREACHABLE if unreachable else REFUSED if refused else ACCEPTED


# --- command line --------------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=DATA_DIR, help="dossier des données (par défaut : referentiel/)")
    sending = argparse.ArgumentParser(add_help=False)
    sending.add_argument("--endpoint", help=f"adresse de base des formulaires (par défaut : {ENDPOINT_VARIABLE}, "
                                            "sinon https://formspree.io/f)")
    sending.add_argument("--attempts", type=int, default=4, help="nombre maximal de tentatives (par défaut : 4)")
    sending.add_argument("--timeout", type=float, default=15.0,
                         help="délai d'attente d'une réponse, en secondes (par défaut : 15)")

    main_parser = _Parser(prog="python -m scripts.formulaires",
                          description="Formulaires du portail : récepteur local compatible Formspree et client.")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    serve_parser = commands.add_parser("serve", parents=[common], help="lance le récepteur local",
                                       description="Récepteur local compatible Formspree (développement, tests).")
    serve_parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (par défaut : 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=8001, help="port (par défaut : 8001 ; 0 = un port libre)")
    serve_parser.add_argument("--store", type=Path, default=DEFAULT_STORE,
                              help="fichier des envois (par défaut : var/formulaires.jsonl)")
    serve_parser.add_argument("--site-url", default="http://127.0.0.1:8000/",
                              help="adresse du site, pour la page de remerciement (par défaut : http://127.0.0.1:8000/)")
    serve_parser.add_argument("--test-controls", action="store_true", help=argparse.SUPPRESS)
    serve_parser.set_defaults(run=serve)

    inbox_parser = commands.add_parser("inbox", help="affiche les envois reçus (une ligne JSON chacun)")
    inbox_parser.add_argument("--store", type=Path, default=DEFAULT_STORE,
                              help="fichier des envois (par défaut : var/formulaires.jsonl)")
    inbox_parser.add_argument("--form", metavar="CLÉ", help="seulement les envois de ce formulaire")
    inbox_parser.set_defaults(run=inbox)

    submit_parser = commands.add_parser("submit", parents=[common, sending], help="envoie un formulaire",
                                        description="Envoie un formulaire. Codes de sortie : 0 accepté, "
                                                    "1 refusé, 2 service injoignable.")
    submit_parser.add_argument("form", metavar="CLÉ", help="clé du formulaire, ex. poser-une-question")
    submit_parser.add_argument("fields", nargs="*", metavar="champ=valeur")
    submit_parser.set_defaults(run=submit)

    check_parser = commands.add_parser("check", parents=[common, sending],
                                       help="vérifie que chaque formulaire répond, sans notifier personne")
    check_parser.set_defaults(run=check)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if getattr(arguments, "attempts", 1) < 1:
        print("Erreur : --attempts doit valoir au moins 1.", file=sys.stderr)
        return REFUSED
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
