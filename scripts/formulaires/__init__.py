"""« Formulaires »: the forms as data (`referentiel/formulaires.yaml`), one page each at
/formulaires/KEY/, a local Formspree-compatible receiver and an httpx client.

    python -m scripts.formulaires serve | inbox | submit | check   (see __main__.py)

- this module: the data's checks and the pages;
- `messages`: every French message about a submission, shared by the client, the
  receiver's HTML answers and the pages' script;
- `receiver`: a local stand-in for Formspree (development, tests, demos);
- `client`: the one httpx client, used by the command line and the tests.

Each form is posted to `{endpoint}/{formspree_id}`. The endpoint comes from the
environment variable C2I2E_FORMS_ENDPOINT, read when the pages are generated:
Formspree by default (production), the local receiver for `make serve` and
the tests (`http://127.0.0.1:8001/f`). Nothing is edited to switch.

Formspree ids are not known to this project: ids « a-remplacer-… » are
placeholders that staff replace (README, « Formulaires »); each one is a
warning of the validator, and `python -m scripts.formulaires check` reports it as
unknown to Formspree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scripts import annuaire
from scripts.core.data import Data, Dataset, find_duplicates
from scripts.core.diagnostics import Diagnostic
from scripts.core.pipeline import Context, Feature
from scripts.formulaires import messages

DATA_SOURCE = "referentiel/formulaires.yaml"
ENDPOINT_VARIABLE = "C2I2E_FORMS_ENDPOINT"
DEFAULT_ENDPOINT = "https://formspree.io/f"
PLACEHOLDER_PREFIX = "a-remplacer-"
HONEYPOT = "_gotcha"
SUBJECT = "_subject"
REPLY_TO = "email"  # Formspree uses the field named "email" as the notification's Reply-To
# How long the pages' script waits for an answer before telling the user (milliseconds).
BROWSER_TIMEOUT_MS = 20_000


class EndpointError(ValueError):
    """C2I2E_FORMS_ENDPOINT is not a usable address (the message is in French)."""


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
    formspree_id: str
    subject: str
    button: str
    confirmation: str
    fields: tuple[Field, ...]

    @property
    def page(self) -> str:
        """Its page, inside docs/."""
        return f"formulaires/{self.key}.md"

    @property
    def placeholder(self) -> bool:
        return self.formspree_id.startswith(PLACEHOLDER_PREFIX)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def forms(data: Data) -> list[Form]:
    """The forms, in the file's order."""
    return [_form(key, entry) for key, entry in data["formulaires"]["formulaires"].items()]


def _form(key: str, entry: Mapping[str, Any]) -> Form:
    return Form(
        key=key, title=entry["titre"], description=entry["description"], introduction=entry["introduction"],
        formspree_id=entry["formspree_id"], subject=entry["sujet"], button=entry["bouton"],
        confirmation=entry["confirmation"],
        fields=tuple(Field(name=f["nom"], label=f["libelle"], type=f["type"], required=f["obligatoire"],
                           help=f.get("aide"), autocomplete=f.get("autocomplete"),
                           other_option=f.get("option_autre"))
                     for f in entry["champs"]))


def fallback_email(data: Data) -> str | None:
    """The e-mail of the contact offered when a submission fails (contacts.yaml), if it has one."""
    if not data.valid("contacts"):
        return None
    wanted = data["formulaires"]["contact_de_secours"]
    contact = next((c for c in data["contacts"]["contacts"] if c["id"] == wanted), None)
    return contact.get("email") if contact else None


def endpoint(environ: Mapping[str, str] = os.environ) -> str:
    """The base address forms are posted to, without a trailing slash."""
    value = environ.get(ENDPOINT_VARIABLE, "").strip() or DEFAULT_ENDPOINT
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise EndpointError(f"{ENDPOINT_VARIABLE} = « {value} » n'est pas une adresse utilisable : "
                            f"donnez une adresse http(s) sans « ? » ni « # », par exemple {DEFAULT_ENDPOINT} "
                            "ou http://127.0.0.1:8001/f")
    return value.rstrip("/")


# --- checks ------------------------------------------------------------------------------------------

def check_forms(data: Data) -> Iterator[Diagnostic]:
    document = data.document("formulaires")
    root = document.data
    entries = root["formulaires"]

    try:  # configuration, not data: reported here so that nothing is generated with a bad address
        endpoint()
    except EndpointError as error:
        yield document.diagnostic((), f"{error} (variable d'environnement : ce fichier n'y est pour rien)")

    yield from annuaire.check_named_contact(data, document, ("contact_de_secours",), needs=("email",),
                                            purpose="il ne peut pas être proposé quand un envoi échoue")

    yield from find_duplicates(document, ((("formulaires", key, "formspree_id"), entry["formspree_id"])
                                          for key, entry in entries.items()), "identifiant Formspree")

    for key, entry in entries.items():
        where = ("formulaires", key)
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
                                          "(« obligatoire: true ») : c'est l'adresse à laquelle l'équipe répond")
        for i, field in enumerate(fields):
            if "option_autre" in field and field["type"] != "site":
                yield document.diagnostic((*where, "champs", i, "option_autre"),
                                          "« option_autre » ne s'emploie qu'avec un champ de type « site »",
                                          key=True)
        if entry["formspree_id"].startswith(PLACEHOLDER_PREFIX):
            yield document.diagnostic(
                (*where, "formspree_id"),
                f"identifiant Formspree provisoire « {entry['formspree_id']} » : ce formulaire ne peut pas être "
                "envoyé en production tant que l'identifiant réel (la fin de l'adresse https://formspree.io/f/…) "
                "ne le remplace pas — voir la section « Formulaires » du README",
                severity="avertissement")


def summary(root: dict[str, Any]) -> str:
    entries = root["formulaires"]
    placeholders = sum(1 for e in entries.values() if e["formspree_id"].startswith(PLACEHOLDER_PREFIX))
    text = f"{len(entries)} formulaires"
    return text + (f" dont {placeholders} sans identifiant Formspree réel" if placeholders else "")


DATASET = Dataset("formulaires", checks=(check_forms,), summary=summary)


# --- pages -------------------------------------------------------------------------------------------

def pages(data: Data, context: Context) -> Iterator[tuple[str, str]]:
    """One page per form, all from the one template."""
    base = endpoint()
    site_names = annuaire.site_names(data)
    email = fallback_email(data)
    template = context.templates.get_template("formulaires/form.md.j2")
    for form in forms(data):
        yield form.page, template.render(
            here=form.page, form=form, data_source=DATA_SOURCE, description=form.description,
            action=f"{base}/{form.formspree_id}", site_names=site_names, fallback_email=email,
            honeypot=HONEYPOT, subject_field=SUBJECT, timeout_ms=BROWSER_TIMEOUT_MS,
            messages=messages.for_browser(form.confirmation, email))


FEATURE = Feature("formulaires", templates=Path(__file__).parent / "templates", datasets=(DATASET,), pages=pages,
                  places=("formulaires/",))
