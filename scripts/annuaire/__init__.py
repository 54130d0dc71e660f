"""« Annuaire »: the central contacts and the INSPE sites' référents, at /annuaire/.

Two data files, kept up to date by the référents themselves (see
docs/contribuer/annuaire.md): `referentiel/contacts.yaml` (the central
contacts of the official page, with what was checked and when) and
`referentiel/sites.yaml` (one entry per site that an official or first-hand
source gives, shown on its card, with its référents; none yet, so the page
points to the INSPE's list of référents, the address the official page
gives). The Service Scolarité appears once, among the central contacts.

Beyond the schemas (e-mail and telephone formats, ISO dates, unknown keys):
unique ids and names, a known fallback contact that can be reached, every
référent reachable, no check date in the future, and a warning when an entry
has not been checked for more than 12 months.

Other features call `site_names(data)` for the list of site names (e.g. a
form's options).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import vobject

from scripts.core import dates
from scripts.core.data import Data, Dataset, find_duplicates, iso_day, mappings
from scripts.core.dates import long_date
from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import Document
from scripts.core.pipeline import Context, Feature
from scripts.core.text import slug

STALE_AFTER_MONTHS = 12
# Anchors of the annuaire page's own sections: a site's id is its card's anchor, so it must differ.
PAGE_ANCHORS = ("annuaire-des-referents-et-des-contacts-c2i2e", "contacts-centraux", "referents-de-site", "mettre-a-jour")


def site_names(data: Data) -> list[str]:
    """The display names of the sites, in the file's order (e.g. « Site de Bonneuil-sur-Marne »)."""
    return [site["nom"] for site in data["sites"]["sites"]]


def sites(data: Data) -> list[dict[str, Any]]:
    """The sites, in the file's order: mappings with at least `id` and `nom`."""
    return list(data["sites"]["sites"])


# --- checks ------------------------------------------------------------------------------------------

def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the 29th-31st fall back to that month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) else None


def check_date(document: Document, where: tuple, value: object, what: str,
               today: datetime.date | None = None, field: str = "verifie_le") -> Iterator[Diagnostic]:
    """A check date may not be in the future; older than 12 months is a warning."""
    day = iso_day(value)
    if day is None:
        return
    today = today or dates.today()
    if day > today:
        yield document.diagnostic(where, f"la date de vérification {value} est dans le futur (nous sommes le "
                                  f"{today.isoformat()}) : indiquez le jour où vous avez vérifié {what}")
    elif day < _months_before(today, STALE_AFTER_MONTHS):
        yield document.diagnostic(
            where, f"{what} : dernière vérification le {long_date(day)}, il y a plus de {STALE_AFTER_MONTHS} "
                   f"mois : vérifiez-les, puis mettez « {field} » à la date du jour",
            severity="avertissement")


def _ids(entries: list[tuple[int, dict[str, Any]]], section: str) -> Iterator[tuple[tuple, str]]:
    return (((section, i, "id"), e["id"]) for i, e in entries if _text(e, "id"))


def check_contacts(data: Data) -> Iterator[Diagnostic]:
    document = data.document("contacts")
    contacts = document.data
    if not isinstance(contacts, dict):
        return
    entries = mappings(contacts.get("contacts"))
    yield from find_duplicates(document, _ids(entries, "contacts"), "identifiant")
    verification = contacts.get("verification")
    if isinstance(verification, dict):
        yield from check_date(document, ("verification", "le"), verification.get("le"), "les contacts centraux",
                              field="verification.le")

    fallback = _text(contacts, "contact_si_referent_vacant")
    by_id = {e["id"]: e for _, e in entries if _text(e, "id")}
    if fallback is None:
        return
    if fallback not in by_id:
        yield document.diagnostic(("contact_si_referent_vacant",),
                                  f"contact « {fallback} » inconnu : choisissez l'identifiant (« id ») d'un des "
                                  f"contacts de ce fichier ({', '.join(by_id)})")
    elif not (by_id[fallback].get("email") or by_id[fallback].get("telephone")):
        yield document.diagnostic(("contact_si_referent_vacant",),
                                  f"le contact « {fallback} » n'a ni « email » ni « telephone » : les étudiants "
                                  "n'auraient personne à qui demander")


def check_sites(data: Data) -> Iterator[Diagnostic]:
    document = data.document("sites")
    if not isinstance(document.data, dict):
        return
    entries = mappings(document.data.get("sites"))
    yield from find_duplicates(document, _ids(entries, "sites"), "identifiant de site")
    yield from find_duplicates(document, (
        (("sites", i, "nom"), s["nom"]) for i, s in entries if _text(s, "nom")), "nom de site")
    taken = set(PAGE_ANCHORS)
    if data.valid("contacts"):
        taken |= {c["id"] for c in data["contacts"]["contacts"]}
    for i, site in entries:
        if _text(site, "id") in taken:
            yield document.diagnostic(("sites", i, "id"), f"l'identifiant « {site['id']} » est déjà pris (par un "
                                      "contact central ou une section de l'annuaire) : choisissez-en un autre")
        seen: dict[str, int] = {}
        for j, referent in mappings(site.get("referents")):
            where = ("sites", i, "referents", j)
            name = _text(referent, "nom")
            if name is None:
                continue
            if slug(name) in seen:
                yield document.diagnostic((*where, "nom"), f"référent « {name} » en double dans ce site (déjà "
                                          f"cité ligne {seen[slug(name)]})")
            seen.setdefault(slug(name), document.position((*where, "nom"))[0])
            if not (referent.get("email") or referent.get("telephone")):
                yield document.diagnostic(where, f"indiquez au moins « email » ou « telephone » pour {name} : "
                                          "sans eux, les étudiants ne peuvent pas joindre cette personne")
            yield from check_date(document, (*where, "verifie_le"), referent.get("verifie_le"),
                                  f"les coordonnées de {name}")
            if "source" not in referent:
                yield _no_source(document, where, f"les coordonnées de {name}",
                                 "la page officielle qui les publie, ou comment elles ont été obtenues, par exemple "
                                 "« courriel de l'intéressée du 2026-11-29 »")


def _no_source(document: Document, where: tuple, what: str, how: str) -> Diagnostic:
    """A warning, not an error: the person may be adding the source; the reviewer sees it is missing."""
    return document.diagnostic(where, f"source manquante pour {what} : ajoutez « source: » avec « url » ou "
                               f"« description » ({how})", severity="avertissement")


def _contacts_summary(contacts: dict[str, Any]) -> str:
    return f"{len(contacts['contacts'])} contacts centraux"


def _sites_summary(document: dict[str, Any]) -> str:
    entries = document["sites"]
    if not entries:
        return "aucun site (la page renvoie à la liste des référents de l'INSPE)"
    vacant = sum(1 for s in entries if not s["referents"])
    return f"{len(entries)} sites dont {vacant} sans référent"


CONTACTS = Dataset("contacts", checks=(check_contacts,), summary=_contacts_summary)
SITES = Dataset("sites", checks=(check_sites,), summary=_sites_summary)


# --- pages -------------------------------------------------------------------------------------------

PAGE = "annuaire/index.md"
# Where the official page says the référents are listed: its own address (contacts.yaml's `source`),
# then this path on the INSPE's site.
REFERENTS_PATH = ("Formation", "Préparer le C2i2e", "Les référents de sites")
CONTRIBUTING_PAGE = "contribuer/annuaire.md"  # hand-written
CONTACTS_PAGE = "contacts.md"
ORGANISATION = "Université Paris-Est Créteil"
INSTITUTE = "INSPE de l'académie de Créteil"


@dataclass(frozen=True)
class Phone:
    display: str  # "01 49 56 38 53" (French numbers), "+32 2 123 45 67" (others)
    uri: str  # "tel:+33149563853"
    international: str  # "+33 1 49 56 38 53", for vCards


def phone(value: str) -> Phone:
    """A telephone number as people read it and as links dial it (the schema has checked it)."""

    number = phonenumbers.parse(value, "FR")
    french = phonenumbers.region_code_for_number(number) == "FR"
    display = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL if french else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Phone(display, "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                 phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


@dataclass(frozen=True)
class Checked:
    iso: str
    text: str  # "29 novembre 2026"
    stale: bool  # older than STALE_AFTER_MONTHS


def checked(value: str, today: datetime.date) -> Checked:
    day = datetime.date.fromisoformat(value)
    return Checked(value, long_date(day), day < _months_before(today, STALE_AFTER_MONTHS))


@dataclass(frozen=True)
class Person:
    """A person or a service, as shown on a card and in its vCard."""

    nom: str
    kind: str  # "personne" or "service"
    role: str | None
    fonction: str | None
    email: str | None
    telephone: Phone | None
    permanence: str | None
    organisation: tuple[str, ...]
    verified: Checked | None  # shown per person (référents); central contacts share the file's check
    vcard: str | None  # its .vcf inside docs/, when there is a way to reach them
    source: dict[str, str] | None = None  # a référent's, shown on their card

    @property
    def reachable(self) -> bool:
        return bool(self.email or self.telephone)


def _source(entry: dict[str, Any]) -> dict[str, str] | None:
    """An entry's source as its card shows it: the description loses its final full stop (the line adds one)."""
    source = entry.get("source")
    if not source:
        return None
    return {key: value.strip().rstrip(".") if key == "description" else value for key, value in source.items()}


def _person(entry: dict[str, Any], kind: str, organisation: tuple[str, ...], vcard: str,
            verified: Checked | None) -> Person:
    number = phone(entry["telephone"]) if entry.get("telephone") else None
    reachable = bool(entry.get("email") or number)
    return Person(entry["nom"], kind, entry.get("role"), entry.get("fonction"), entry.get("email"), number,
                  entry.get("permanence"), organisation, verified, vcard if reachable else None, _source(entry))


def central_contacts(data: Data) -> list[tuple[str, Person]]:
    """(id, person) for each central contact, in the file's order."""
    return [(c["id"], _person(c, c["type"], (ORGANISATION, INSTITUTE), f"annuaire/contacts/{c['id']}.vcf", None))
            for c in data["contacts"]["contacts"]]


def central_contact(data: Data, wanted: str) -> Person:
    """The central contact of this id (another file's choice, checked by `check_named_contact`)."""
    return next(person for id_, person in central_contacts(data) if id_ == wanted)


def fallback_contact(data: Data) -> Person:
    """The contact to ask when the data names nobody (`contact_si_referent_vacant`), e.g. the declaration's."""
    return central_contact(data, data["contacts"]["contact_si_referent_vacant"])


def check_named_contact(data: Data, document: Document, where: tuple, *, needs: tuple[str, ...],
                        purpose: str) -> Iterator[Diagnostic]:
    """Another data file names a central contact by its id (at `where`): it must exist in
    contacts.yaml and have one of `needs` ("email", "telephone"); `purpose` ends the message."""
    if not data.valid("contacts"):
        return  # contacts.yaml's own messages come first
    known = {c["id"]: c for c in data["contacts"]["contacts"]}
    wanted = document.data
    for step in where:
        wanted = wanted[step]
    if wanted not in known:
        yield document.diagnostic(where, f"contact « {wanted} » inconnu : choisissez l'identifiant (« id ») d'un des "
                                  f"contacts de contacts.yaml ({', '.join(known)})")
    elif not any(known[wanted].get(key) for key in needs):
        missing = "ni " + " ni ".join(f"« {key} »" for key in needs) if len(needs) > 1 else f"pas d'« {needs[0]} »"
        yield document.diagnostic(where, f"le contact « {wanted} » n'a {missing} dans contacts.yaml : {purpose}")


def site_cards(data: Data, today: datetime.date) -> list[dict[str, Any]]:
    """One card per site, vacant ones included, with its référents and its source."""
    cards = []
    for site in sites(data):
        organisation = (ORGANISATION, INSTITUTE, site["nom"])
        referents = [
            _person({"role": "Référent C2i2e du site", **r}, "personne", organisation,
                    f"annuaire/sites/{site['id']}/{slug(r['nom']) or 'contact'}.vcf", checked(r["verifie_le"], today))
            for r in site["referents"]]
        cards.append({"id": site["id"], "nom": site["nom"], "ville": site.get("ville"),
                      "adresse": site.get("adresse"), "referents": referents, "source": _source(site)})
    return cards


def vcard(person: Person) -> str:
    """The person's vCard 3.0, made with vobject (which escapes every value)."""

    card = vobject.vCard()
    card.add("fn").value = person.nom
    if person.kind == "personne":
        given, _, family = person.nom.rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
    else:
        card.add("n").value = vobject.vcard.Name(family=person.nom)
        card.add("x-abshowas").value = "COMPANY"  # address books list a service by its name
    card.add("org").value = list(person.organisation)
    if person.fonction or person.role:
        card.add("title").value = person.fonction or person.role
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = ["INTERNET", "WORK"]
    if person.telephone:
        tel = card.add("tel")
        tel.value = person.telephone.international
        tel.type_param = ["WORK", "VOICE"]
    if person.permanence:
        card.add("note").value = f"Permanence / rendez-vous : {person.permanence}"
    return card.serialize()


def pages(data: Data, context: Context) -> Iterator[tuple[str, str]]:
    """The annuaire page, then one vCard per person or service that can be reached."""
    contacts = data["contacts"]
    central = central_contacts(data)
    cards = site_cards(data, context.today)
    yield PAGE, context.templates.get_template("annuaire/index.md.j2").render(
        here=PAGE, data_source="referentiel/sites.yaml", contacts=central, sites=cards,
        contacts_checked=checked(contacts["verification"]["le"], context.today),
        contacts_checked_what=contacts["verification"]["objet"].strip().rstrip("."), contacts_source=contacts["source"],
        contributing=CONTRIBUTING_PAGE, contacts_page=CONTACTS_PAGE,
        referents_list=contacts["source"], referents_path=REFERENTS_PATH,
        referents_host="{0.scheme}://{0.netloc}".format(urlsplit(contacts["source"])),
        stale_months=STALE_AFTER_MONTHS)
    people = [person for _, person in central] + [person for card in cards for person in card["referents"]]
    for person in people:
        if person.vcard:
            yield person.vcard, vcard(person)


FEATURE = Feature("annuaire", templates=Path(__file__).parent / "templates", datasets=(CONTACTS, SITES),
                  pages=pages, places=("annuaire/",))
