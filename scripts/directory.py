"""The contact directory (annuaire): central contacts and the INSPE sites' référents.

Two data files, kept up to date by the référents themselves (see
docs/contribuer/annuaire.md): `referentiel/contacts.yaml` (the central
contacts of the official page) and `referentiel/sites.yaml` (one entry per
site, its référents; an empty list means the référent is being appointed and
the card shows the contact named by `contact_si_referent_vacant`).

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
from typing import Any, Iterator

from scripts.data import Data, Dataset, find_duplicates
from scripts.diagnostics import Diagnostic
from scripts.loader import Document

STALE_AFTER_MONTHS = 12


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


def french_date(value: str | datetime.date) -> str:
    """'2026-03-01' -> '1er mars 2026'."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    month = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")[day.month - 1]
    return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"


def check_date(document: Document, where: tuple, value: str, what: str,
               today: datetime.date | None = None) -> Iterator[Diagnostic]:
    """A check date may not be in the future; older than 12 months is a warning."""
    today = today or datetime.date.today()
    day = datetime.date.fromisoformat(value)  # the schema has already checked the format
    if day > today:
        yield document.diagnostic(where, f"la date de vérification {value} est dans le futur (nous sommes le "
                                  f"{today.isoformat()}) : indiquez le jour où vous avez vérifié {what}")
    elif day < _months_before(today, STALE_AFTER_MONTHS):
        yield document.diagnostic(
            where, f"{what} : dernière vérification le {french_date(day)}, il y a plus de {STALE_AFTER_MONTHS} "
                   "mois : vérifiez-les, puis mettez « verifie_le » à la date du jour",
            severity="avertissement")


def check_contacts(data: Data) -> Iterator[Diagnostic]:
    document = data.document("contacts")
    contacts = document.data
    entries = contacts["contacts"]
    yield from find_duplicates(document, ((("contacts", i, "id"), c["id"]) for i, c in enumerate(entries)),
                               "identifiant")
    yield from check_date(document, ("verifie_le",), contacts["verifie_le"], "les contacts centraux")

    fallback = contacts["contact_si_referent_vacant"]
    by_id = {c["id"]: c for c in entries}
    if fallback not in by_id:
        yield document.diagnostic(("contact_si_referent_vacant",),
                                  f"contact « {fallback} » inconnu : choisissez l'identifiant (« id ») d'un des "
                                  f"contacts de ce fichier ({', '.join(by_id)})")
    elif not (by_id[fallback].get("email") or by_id[fallback].get("telephone")):
        yield document.diagnostic(("contact_si_referent_vacant",),
                                  f"le contact « {fallback} » n'a ni « email » ni « telephone » : les étudiants "
                                  "d'un site sans référent ne pourraient joindre personne")


def check_sites(data: Data) -> Iterator[Diagnostic]:
    document = data.document("sites")
    entries = document.data["sites"]
    yield from find_duplicates(document, ((("sites", i, "id"), s["id"]) for i, s in enumerate(entries)),
                               "identifiant de site")
    yield from find_duplicates(document, ((("sites", i, "nom"), s["nom"]) for i, s in enumerate(entries)),
                               "nom de site")
    for i, site in enumerate(entries):
        yield from check_date(document, ("sites", i, "verifie_le"), site["verifie_le"], "la fiche de ce site")
        for j, referent in enumerate(site["referents"]):
            where = ("sites", i, "referents", j)
            if not (referent.get("email") or referent.get("telephone")):
                yield document.diagnostic(where, f"indiquez au moins « email » ou « telephone » pour "
                                          f"{referent['nom']} : sans eux, les étudiants ne peuvent pas le joindre")
            yield from check_date(document, (*where, "verifie_le"), referent["verifie_le"],
                                  f"les coordonnées de {referent['nom']}")


def _contacts_summary(contacts: dict[str, Any]) -> str:
    return f"{len(contacts['contacts'])} contacts centraux"


def _sites_summary(document: dict[str, Any]) -> str:
    entries = document["sites"]
    vacant = sum(1 for s in entries if not s["referents"])
    return f"{len(entries)} sites dont {vacant} sans référent"


CONTACTS = Dataset("contacts", checks=(check_contacts,), summary=_contacts_summary)
SITES = Dataset("sites", checks=(check_sites,), summary=_sites_summary)
