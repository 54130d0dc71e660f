"""« Formulaires »: the forms as data (`referentiel/formulaires.yaml`), one page each at
/formulaires/KEY/, a local Formspree-compatible receiver and an httpx client.

    python -m scripts.formulaires serve | inbox | submit | check   (see __main__.py)

- this module: the data's checks and the pages;
- `messages`: every French message about a submission, shared by the client, the
  receiver's HTML answers and the pages' script;
- `receiver`: a local stand-in for Formspree (development, tests, demos);
- `client`: the one httpx client, used by the command line and the tests.

Each form names its recipient, a contact of contacts.yaml (`destinataire`).
Its Formspree id belongs to whoever owns the Formspree account, so it is
configuration: the environment variable C2I2E_FORMSPREE_<KEY> (the key in
upper snake case) read when the pages are generated, else the optional
`formspree_id` of the data. A form with an id is posted to
`{endpoint}/{id}`; the endpoint is C2I2E_FORMS_ENDPOINT, Formspree by
default, the local receiver for `make serve` and the tests. A form without an
id is published as an e-mail route: no <form>, a mailto: link to its recipient
with its subject and its fields as the body's outline. `make serve` sets
C2I2E_FORMULAIRES_LOCAUX=1 so that every form without an id posts under its
key to the local receiver. The validator lists the e-mail routes as warnings,
errors with C2I2E_FORMULAIRES_REQUIS=1.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from scripts import annuaire
from scripts.core.data import Data, Dataset, find_duplicates
from scripts.core.diagnostics import Diagnostic
from scripts.core.pipeline import Context, Feature
from scripts.formulaires import messages

DATA_SOURCE = "referentiel/formulaires.yaml"
ENDPOINT_VARIABLE = "C2I2E_FORMS_ENDPOINT"
DEFAULT_ENDPOINT = "https://formspree.io/f"
ID_VARIABLE_PREFIX = "C2I2E_FORMSPREE_"
# "1": every form without a Formspree id posts under its key (the local receiver of `make serve`).
LOCAL_VARIABLE = "C2I2E_FORMULAIRES_LOCAUX"
# "1": a form published as an e-mail route is an error of the validator (deployments that want them all).
REQUIRED_VARIABLE = "C2I2E_FORMULAIRES_REQUIS"
FORMSPREE_ID = re.compile(r"[A-Za-z0-9]+")
HONEYPOT = "_gotcha"
SUBJECT = "_subject"
REPLY_TO = "email"  # Formspree uses the field named "email" as the notification's Reply-To
# The last option of every « site » field: the list of sites may be partial, or empty.
UNKNOWN_SITE = "Je ne sais pas / autre site"
# How long the pages' script waits for an answer before telling the user (milliseconds).
BROWSER_TIMEOUT_MS = 20_000


class EndpointError(ValueError):
    """C2I2E_FORMS_ENDPOINT, or a form's id variable, is not usable (the message is in French)."""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str  # texte | email | texte-long | site
    required: bool
    help: str | None = None
    autocomplete: str | None = None
    other_option: str | None = None

    @property
    def checks_email(self) -> bool:
        return self.type == "email" or self.name == REPLY_TO


@dataclass(frozen=True)
class Form:
    key: str
    title: str
    description: str
    introduction: str
    recipient: str  # a contact id of contacts.yaml
    data_id: str | None  # `formspree_id` in the data, if any
    subject: str
    button: str
    confirmation: str
    fields: tuple[Field, ...]

    @property
    def page(self) -> str:
        """Its page, inside docs/."""
        return f"formulaires/{self.key}.md"

    @property
    def variable(self) -> str:
        """The environment variable that gives its Formspree id: C2I2E_FORMSPREE_POSER_UNE_QUESTION."""
        return id_variable(self.key)

    def formspree_id(self, environ: Mapping[str, str] = os.environ) -> str | None:
        """Its Formspree id: the environment variable, else the data, else None."""
        return configured_id(self.key, self.data_id, environ)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def id_variable(key: str) -> str:
    return ID_VARIABLE_PREFIX + key.upper().replace("-", "_")


def configured_id(key: str, data_id: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """A form's Formspree id: its environment variable, else its `formspree_id` in the data, else None."""
    return environ.get(id_variable(key), "").strip() or data_id


def forms(data: Data) -> list[Form]:
    """The forms, in the file's order."""
    return [_form(key, entry) for key, entry in data["formulaires"]["formulaires"].items()]


def _form(key: str, entry: Mapping[str, Any]) -> Form:
    return Form(
        key=key, title=entry["titre"], description=entry["description"], introduction=entry["introduction"],
        recipient=entry["destinataire"], data_id=entry.get("formspree_id"), subject=entry["sujet"],
        button=entry["bouton"], confirmation=entry["confirmation"],
        fields=tuple(Field(name=f["nom"], label=f["libelle"], type=f["type"], required=f["obligatoire"],
                           help=f.get("aide"), autocomplete=f.get("autocomplete"),
                           other_option=f.get("option_autre"))
                     for f in entry["champs"]))


def endpoint(environ: Mapping[str, str] = os.environ) -> str:
    """The base address forms are posted to, without a trailing slash."""
    value = environ.get(ENDPOINT_VARIABLE, "").strip() or DEFAULT_ENDPOINT
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise EndpointError(f"{ENDPOINT_VARIABLE} = « {value} » n'est pas une adresse utilisable : "
                            f"donnez une adresse http(s) sans « ? » ni « # », par exemple {DEFAULT_ENDPOINT} "
                            "ou http://127.0.0.1:8001/f")
    return value.rstrip("/")


def _flag(name: str, environ: Mapping[str, str]) -> bool:
    return environ.get(name, "").strip() not in ("", "0")


def local_ids(environ: Mapping[str, str] = os.environ) -> bool:
    """Forms without an id post under their key: only ever to an endpoint that is not Formspree's."""
    try:
        return _flag(LOCAL_VARIABLE, environ) and endpoint(environ) != DEFAULT_ENDPOINT
    except EndpointError:
        return False  # reported by check_forms


def posted_id(key: str, data_id: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    """The id a form's page posts under, or None when the page is an e-mail route."""
    return configured_id(key, data_id, environ) or (key if local_ids(environ) else None)


def action(form: Form, environ: Mapping[str, str] = os.environ) -> str | None:
    """Where the page's <form> posts, or None: the form is then published as an e-mail route."""
    target = posted_id(form.key, form.data_id, environ)
    return f"{endpoint(environ)}/{target}" if target else None


def mailto(email: str, subject: str, body: str) -> str:
    """A mailto: address with its subject and body, encoded as RFC 6068 asks (spaces %20, lines CRLF)."""
    def encode(text: str) -> str:
        return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    return f"mailto:{email}?subject={encode(subject)}&body={encode(body)}"


def outline(form: Form) -> str:
    """The body of the prepared e-mail: one line per field to complete (the sender's address is the e-mail's own)."""
    lines = [f"{field.label} :" + ("\n\n" if field.type == "texte-long" else "")
             for field in form.fields if field.name != REPLY_TO]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- checks ------------------------------------------------------------------------------------------

def check_forms(data: Data, environ: Mapping[str, str] = os.environ) -> Iterator[Diagnostic]:
    document = data.document("formulaires")
    root = document.data
    entries = root["formulaires"]

    try:  # configuration, not data: reported here so that nothing is generated with a bad address
        endpoint(environ)
    except EndpointError as error:
        yield document.diagnostic((), f"{error} (variable d'environnement : ce fichier n'y est pour rien)")

    yield from find_duplicates(document, ((("formulaires", key, "formspree_id"), entry["formspree_id"])
                                          for key, entry in entries.items() if "formspree_id" in entry),
                               "identifiant Formspree")

    known = {id_variable(key) for key in entries}
    for variable in sorted(name for name in environ if name.startswith(ID_VARIABLE_PREFIX) and name not in known):
        if environ[variable].strip():  # a typo in a variable's name would leave its form an e-mail route
            yield document.diagnostic(("formulaires",), f"la variable d'environnement {variable} ne correspond à "
                                      f"aucun formulaire : les variables attendues sont {', '.join(sorted(known))}",
                                      key=True, severity="avertissement")

    required = _flag(REQUIRED_VARIABLE, environ)
    for key, entry in entries.items():
        where = ("formulaires", key)
        yield from annuaire.check_named_contact(data, document, (*where, "destinataire"), needs=("email",),
                                                purpose="sans e-mail, le formulaire ne peut pas proposer d'écrire "
                                                        "à son destinataire")
        fields = entry["champs"]
        yield from find_duplicates(document, (((*where, "champs", i, "nom"), f["nom"])
                                              for i, f in enumerate(fields)), "nom de champ")
        reply_to = [i for i, f in enumerate(fields) if f["nom"] == REPLY_TO]
        if not reply_to:
            yield document.diagnostic((*where, "champs"),
                                      f"le formulaire « {key} » doit avoir un champ nommé « {REPLY_TO} » (type "
                                      "email, obligatoire) : Formspree s'en sert comme adresse de réponse")
        for i in reply_to:
            field = fields[i]
            if field["type"] != "email" or not field["obligatoire"]:
                yield document.diagnostic((*where, "champs", i),
                                          f"le champ « {REPLY_TO} » doit être de type « email » et obligatoire "
                                          "(« obligatoire: true ») : c'est l'adresse à laquelle répondre")
        for i, field in enumerate(fields):
            if "option_autre" in field and field["type"] != "site":
                yield document.diagnostic((*where, "champs", i, "option_autre"),
                                          "« option_autre » ne s'emploie qu'avec un champ de type « site »",
                                          key=True)
        variable = id_variable(key)
        from_environment = environ.get(variable, "").strip()
        if from_environment and not FORMSPREE_ID.fullmatch(from_environment):
            yield document.diagnostic(where, f"{variable} = « {from_environment} » n'est pas un identifiant "
                                      "Formspree : donnez la fin de l'adresse https://formspree.io/f/…, lettres "
                                      "et chiffres seulement (variable d'environnement)", key=True)
        elif posted_id(key, entry.get("formspree_id"), environ) is None:
            yield document.diagnostic(
                where, f"le formulaire « {key} » est publié comme adresse e-mail (lien mailto:) : aucun "
                       f"identifiant Formspree, ni variable {variable} ni « formspree_id » — voir la section "
                       "« Formulaires » du README" + (f" ({REQUIRED_VARIABLE}=1 exige un identifiant pour chaque "
                                                     "formulaire)" if required else ""),
                key=True, severity="erreur" if required else "avertissement")


def summary(root: dict[str, Any]) -> str:
    entries = root["formulaires"]
    routes = sum(1 for key, e in entries.items() if posted_id(key, e.get("formspree_id")) is None)
    text = f"{len(entries)} formulaires"
    return text + (f" dont {routes} publié{'s' if routes > 1 else ''} comme adresse e-mail" if routes else "")


DATASET = Dataset("formulaires", checks=(check_forms,), summary=summary)


# --- pages -------------------------------------------------------------------------------------------

def pages(data: Data, context: Context) -> Iterator[tuple[str, str]]:
    """One page per form, all from the one template: a working form, or the e-mail route."""
    site_names = annuaire.site_names(data)
    template = context.templates.get_template("formulaires/form.md.j2")
    for form in forms(data):
        recipient = annuaire.central_contact(data, form.recipient)
        yield form.page, template.render(
            here=form.page, form=form, data_source=DATA_SOURCE, description=form.description,
            action=action(form), recipient=recipient, site_names=site_names, unknown_site=UNKNOWN_SITE,
            mailto=mailto(recipient.email, form.subject, outline(form)),
            honeypot=HONEYPOT, subject_field=SUBJECT, reply_to=REPLY_TO, timeout_ms=BROWSER_TIMEOUT_MS,
            messages=messages.for_browser(form.confirmation, recipient.email))


FEATURE = Feature("formulaires", templates=Path(__file__).parent / "templates", datasets=(DATASET,), pages=pages,
                  places=("formulaires/",))
