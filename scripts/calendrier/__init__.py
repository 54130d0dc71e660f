"""« Calendrier »: the key dates of the certification, `referentiel/calendrier.yaml`.

Only dates the INSPE has announced are published: each one names its source (an
address, or how it was announced) and the day it was announced, and its status
is « confirmée » or « provisoire ». The file may hold no date at all: the page
then says, for each of the four stages, that no date is announced yet and whom
to ask (the central contact named by `contact`, from contacts.yaml).

Validated like every data file (schema + the rules below), then published three
ways: the page /calendrier/ (the four stages, then upcoming dates first, past ones
marked as past, relative to the day of the build), an iCalendar feed /calendrier.ics
that students subscribe to, and one /calendrier/ID.ics per date to add that date alone.

The .ics files depend on the data only (never on the day of the build): DTSTAMP
and LAST-MODIFIED are the file's `mis_a_jour` day, UIDs derive from each date's
stable `id`, so regenerating writes the same bytes and subscribed calendars see
a change only when the data changed. Times are Paris time in the data and UTC
in the .ics files (no time zone table to embed).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar

from scripts import annuaire
from scripts.core import dates
from scripts.core.data import Data, Dataset, find_duplicates, mappings
from scripts.core.dates import PARIS, full_date, long_date, time_of_day
from scripts.core.diagnostics import Diagnostic
from scripts.core.pipeline import Context, Feature
from scripts.core.site import Site
from scripts.core.text import slug

NAME = "calendrier"
DATA_SOURCE = f"referentiel/{NAME}.yaml"
PAGE = "calendrier.md"
FEED = "calendrier.ics"  # the address to subscribe to, at the site's root
EVENT_DIR = "calendrier"  # one ID.ics per date
CONFIRMED, PROVISIONAL = "confirmée", "provisoire"
CALENDAR_NAME = "C2i2e — dates clés (INSPE de l'UPEC)"
PRODID = "-//INSPE de l'Universite Paris-Est Creteil//Portail C2i2e//FR"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:portail-c2i2e:calendrier")

Moment = datetime.date | datetime.datetime


@dataclass(frozen=True)
class Stage:
    """One of the four stages of the certification, as the INSPE's page describes it."""

    kind: str  # a date's « type »
    title: str
    page: str  # the portal page that explains it

    @property
    def anchor(self) -> str:
        return f"etape-{slug(self.kind)}"


# In order, as the INSPE's page names them; the page « Déroulement » tells them, this page only links there.
STAGES = (
    Stage("dépôt du dossier", "Dépôt du dossier numérique de compétences", "preparer/dossier.md"),
    Stage("commission de validation", "Commission de validation", "comprendre/deroulement.md"),
    Stage("soutenances", "Soutenance orale, si elle est demandée", "preparer/soutenance.md"),
    Stage("jury", "Jury de certification", "comprendre/deroulement.md"),
)


@dataclass(frozen=True)
class Source:
    announced: datetime.date  # the day the INSPE announced the date
    url: str | None
    description: str | None  # how it was announced, when there is no address


@dataclass(frozen=True)
class KeyDate:
    id: str
    kind: str
    title: str
    start: Moment  # a date (whole days) or a naive Paris datetime
    end: Moment
    place: str | None  # none for a date that has no place (a filing deadline)
    audience: str | None
    link: str | None
    details: str | None
    status: str  # CONFIRMED or PROVISIONAL
    source: Source

    @property
    def provisional(self) -> bool:
        return self.status == PROVISIONAL

    @property
    def status_text(self) -> str:
        """« Date confirmée, annoncée le 20 novembre 2026 » or « Date provisoire, annoncée le … »."""
        return f"Date {self.status}, annoncée le {long_date(self.source.announced)}"

    @property
    def source_text(self) -> str:
        return self.source.url or self.source.description or ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @property
    def first_day(self) -> datetime.date:
        return self.start.date() if isinstance(self.start, datetime.datetime) else self.start

    @property
    def last_day(self) -> datetime.date:
        return self.end.date() if isinstance(self.end, datetime.datetime) else self.end

    @property
    def uid(self) -> str:
        return str(uuid.uuid5(UID_NAMESPACE, self.id))

    def state(self, today: datetime.date) -> str:
        """'passee' (over before today), 'en-cours' (today is within it) or 'prochaine'."""
        if self.last_day < today:
            return "passee"
        return "en-cours" if self.first_day <= today else "prochaine"


def parse_moment(text: str) -> Moment:
    """'2027-03-15' -> a date; '2027-03-15T14:00' -> a naive (Paris) datetime."""
    return datetime.datetime.fromisoformat(text) if "T" in text else datetime.date.fromisoformat(text)


def key_dates(calendrier: dict[str, Any]) -> list[KeyDate]:
    """Every date of the (valid) file, in chronological order."""
    result = [
        KeyDate(entry["id"], entry["type"], entry["titre"], parse_moment(entry["debut"]),
                parse_moment(entry["fin"]), entry.get("lieu"), entry.get("public"), entry.get("lien"),
                entry.get("precisions"), entry["statut"],
                Source(datetime.date.fromisoformat(entry["source"]["annoncee_le"]), entry["source"].get("url"),
                       entry["source"].get("description")))
        for entry in calendrier["evenements"]
    ]
    return sorted(result, key=lambda d: (_sort_key(d.start), _sort_key(d.end), d.id))


def _sort_key(moment: Moment) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return datetime.datetime.combine(moment, datetime.time())


# --- validation -------------------------------------------------------------------------------

def _moment(value: object) -> Moment | None:
    """The day or day and time written, or None (the schema reports what is malformed)."""
    try:
        return parse_moment(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_dates(data: Data, today: datetime.date | None = None) -> Iterator[Diagnostic]:
    """What the schema cannot say: unique ids, end not before start, both ends of the same form, a
    source that says where the date comes from, announced no later than today; a known contact.
    Each rule reads what it can of a file that breaks its schema, so that every mistake of the
    file is told at once, with the schema's messages."""
    document = data.document(NAME)
    calendrier = document.data
    entries = mappings(calendrier.get("evenements") if isinstance(calendrier, dict) else None)
    today = today or dates.today()
    if isinstance(calendrier, dict) and isinstance(calendrier.get("contact"), str):
        yield from annuaire.check_named_contact(
            data, document, ("contact",), needs=("email", "telephone"),
            purpose="les étudiants ne sauraient pas à qui demander une date qui n'est pas encore annoncée")
    yield from find_duplicates(document, ((("evenements", i, "id"), e["id"]) for i, e in entries
                                          if isinstance(e.get("id"), str)), "identifiant")
    for i, entry in entries:
        start, end = _moment(entry.get("debut")), _moment(entry.get("fin"))
        where = ("evenements", i, "fin")
        if start is None or end is None:
            pass
        elif isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
            yield document.diagnostic(where, "le début et la fin doivent avoir la même forme : deux jours "
                                      "(AAAA-MM-JJ) pour des journées entières, ou deux jours avec l'heure "
                                      "(AAAA-MM-JJTHH:MM)")
        elif end < start:
            yield document.diagnostic(where, f"la fin ({entry['fin']}) est avant le début ({entry['debut']})")
        source = entry.get("source")
        if not isinstance(source, dict):
            continue  # missing or not fields: the schema says so
        if not (source.get("url") or source.get("description")):
            yield document.diagnostic(("evenements", i, "source"), "indiquez d'où vient cette date : « url » (la "
                                      "page où l'INSPE l'a publiée) ou « description » (comment elle a été "
                                      "annoncée, par exemple « courriel du Service Scolarité aux candidats »)",
                                      key=True)
        announced = source.get("annoncee_le")
        day = _moment(announced)
        if type(day) is datetime.date and day > today:
            yield document.diagnostic(("evenements", i, "source", "annoncee_le"),
                                      f"la date d'annonce {announced} est dans le futur (nous sommes "
                                      f"le {today.isoformat()}) : indiquez le jour où l'INSPE a annoncé cette date")


def summary(calendrier: dict[str, Any]) -> str:
    dates = calendrier["evenements"]
    provisional = sum(1 for d in dates if d["statut"] == PROVISIONAL)
    return f"{len(dates)} date(s) annoncée(s) dont {provisional} provisoire(s)" if dates else "aucune date annoncée"


DATASET = Dataset(NAME, checks=(check_dates,), summary=summary)


# --- publication ------------------------------------------------------------------------------

def when(key_date: KeyDate) -> str:
    """The date in words: 'vendredi 19 mars 2027', 'du lundi 10 mai 2027 au mercredi 12 mai 2027',
    'mercredi 7 avril 2027, de 14 h à 17 h'."""
    start, end = key_date.start, key_date.end
    if key_date.all_day:
        if start == end:
            return full_date(start)
        return f"du {full_date(start)} au {full_date(end)}"
    if start.date() == end.date():
        if start == end:
            return f"{full_date(start.date())}, à {time_of_day(start)}"
        return f"{full_date(start.date())}, de {time_of_day(start)} à {time_of_day(end)}"
    return f"du {full_date(start.date())} à {time_of_day(start)} au {full_date(end.date())} à {time_of_day(end)}"


def link_address(key_date: KeyDate, site: Site) -> str | None:
    """The date's link as an absolute address (a portal page becomes its public address)."""
    if key_date.link is None:
        return None
    if key_date.link.startswith("https://"):
        return key_date.link
    page, _, anchor = key_date.link.partition("#")
    return site.page_url(page) + (f"#{anchor}" if anchor else "")


def _stamp(calendrier: dict[str, Any]) -> datetime.datetime:
    day = datetime.date.fromisoformat(calendrier["mis_a_jour"])
    return datetime.datetime.combine(day, datetime.time(), datetime.UTC)


def _ical_moment(moment: Moment) -> Moment:
    if isinstance(moment, datetime.datetime):
        return moment.replace(tzinfo=PARIS).astimezone(datetime.UTC)
    return moment


def summary_line(key_date: KeyDate) -> str:
    return f"{key_date.title} (date provisoire)" if key_date.provisional else key_date.title


def vevent(key_date: KeyDate, stamp: datetime.datetime, site: Site) -> icalendar.Event:

    page = site.page_url(PAGE)
    event = icalendar.Event()
    event.add("uid", key_date.uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", summary_line(key_date))
    event.add("dtstart", _ical_moment(key_date.start))
    # iCalendar's end is exclusive: a whole-day date ends the next day.
    end = key_date.end + datetime.timedelta(days=1) if key_date.all_day else _ical_moment(key_date.end)
    event.add("dtend", end)
    if key_date.place:
        event.add("location", key_date.place)
    lines = [f"{key_date.status_text}.", f"Source : {key_date.source_text}", ""]
    if key_date.provisional:
        lines[0] += " Elle peut encore changer."
    lines.append(f"Type : {key_date.kind}")
    if key_date.audience:
        lines.append(f"Qui est concerné : {key_date.audience}")
    if key_date.details:
        lines.append(f"Précisions : {key_date.details}")
    address = link_address(key_date, site)
    if address:
        lines.append(f"En savoir plus : {address}")
    lines.append(f"Calendrier du C2i2e : {page}")
    event.add("description", "\n".join(lines))
    event.add("categories", [key_date.kind])
    event.add("status", "TENTATIVE" if key_date.provisional else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if key_date.all_day else "OPAQUE")
    event.add("url", address or f"{page}#{key_date.id}")
    return event


def _calendar(events: list[icalendar.Event], *, feed: bool, site: Site) -> bytes:

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if feed:
        # The names calendar applications show for a subscription, and how often they re-read it.
        calendar.add("name", CALENDAR_NAME)
        calendar.add("x-wr-calname", CALENDAR_NAME)
        description = ("Les dates clés de la certification C2i2e à l'INSPE de l'Université Paris-Est Créteil, "
                       f"publiées par le portail : {site.page_url(PAGE)}")
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
        calendar.add("x-wr-timezone", "Europe/Paris")
        calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "P1D")
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def pages(data: Data, context: Context) -> Iterator[tuple[str, str | bytes]]:
    """The page (as of the day of the build), the feed, and one .ics per date."""
    site, today = context.site, context.today
    calendrier = data[NAME]
    dates = key_dates(calendrier)
    stamp = _stamp(calendrier)
    events = {d.id: vevent(d, stamp, site) for d in dates}

    yield FEED, _calendar(list(events.values()), feed=True, site=site)
    for key_date in dates:
        yield f"{EVENT_DIR}/{key_date.id}.ics", _calendar([events[key_date.id]], feed=False, site=site)

    upcoming = [d for d in dates if d.state(today) != "passee"]
    past = [d for d in dates if d.state(today) == "passee"]
    past.reverse()  # the most recent first
    stages = [(stage, [d for d in dates if d.kind == stage.kind]) for stage in STAGES]
    yield PAGE, context.templates.get_template("calendrier/page.md.j2").render(
        here=PAGE, data_source=DATA_SOURCE, today=today, upcoming=upcoming, past=past, stages=stages,
        contact=annuaire.central_contact(data, calendrier["contact"]), contacts_page=annuaire.CONTACTS_PAGE,
        provisional=any(d.provisional for d in dates), updated=datetime.date.fromisoformat(calendrier["mis_a_jour"]),
        feed=FEED, feed_address=site.page_url(FEED), event_dir=EVENT_DIR, when=when)


FEATURE = Feature(NAME, templates=Path(__file__).parent / "templates", datasets=(DATASET,), pages=pages,
                  places=(PAGE, FEED, f"{EVENT_DIR}/"))
