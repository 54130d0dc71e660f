"""« Calendrier »: the key dates of the certification, `referentiel/calendrier.yaml`.

Validated like every data file (schema + the rules below), then published three
ways: the page /calendrier/ (upcoming dates first, past ones marked as past,
relative to the day of the build), an iCalendar feed /calendrier.ics that
students subscribe to, and one /calendrier/ID.ics per date to add that date alone.

The .ics files depend on the data only (never on the day of the build): DTSTAMP
and LAST-MODIFIED are the file's `mis_a_jour` day, UIDs derive from each date's
stable `id`, so regenerating writes the same bytes and subscribed calendars see
a change only when the data changed. Times are Paris time in the data and UTC
in the .ics files (no time zone table to embed).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import icalendar

from scripts.core.data import Data, Dataset, find_duplicates
from scripts.core.dates import PARIS, full_date, time_of_day
from scripts.core.diagnostics import Diagnostic
from scripts.core.pipeline import Context, Feature
from scripts.core.site import Site

NAME = "calendrier"
DATA_SOURCE = f"referentiel/{NAME}.yaml"
PAGE = "calendrier.md"
FEED = "calendrier.ics"  # the address to subscribe to, at the site's root
EVENT_DIR = "calendrier"  # one ID.ics per date
INDICATIVE = "date indicative"
INDICATIVE_NOTICE = ("Date indicative : l'INSPE ne l'a pas encore confirmée. Vérifiez-la sur le portail "
                     "avant de vous organiser.")
CALENDAR_NAME = "C2i2e — dates clés (INSPE de l'UPEC)"
PRODID = "-//INSPE de l'Universite Paris-Est Creteil//Portail C2i2e//FR"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:portail-c2i2e:calendrier")

Moment = datetime.date | datetime.datetime


@dataclass(frozen=True)
class KeyDate:
    id: str
    kind: str
    title: str
    start: Moment  # a date (whole days) or a naive Paris datetime
    end: Moment
    place: str
    audience: str
    link: str | None
    details: str | None
    indicative: bool

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
                parse_moment(entry["fin"]), entry["lieu"], entry["public"], entry.get("lien"),
                entry.get("precisions"), entry["indicative"])
        for entry in calendrier["evenements"]
    ]
    return sorted(result, key=lambda d: (_sort_key(d.start), _sort_key(d.end), d.id))


def _sort_key(moment: Moment) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return datetime.datetime.combine(moment, datetime.time())


# --- validation -------------------------------------------------------------------------------

def check_dates(data: Data) -> Iterator[Diagnostic]:
    """What the schema cannot say: unique ids, end not before start, both ends of the same form."""
    document = data.document(NAME)
    entries = document.data["evenements"]
    yield from find_duplicates(document, ((("evenements", i, "id"), e["id"]) for i, e in enumerate(entries)),
                               "identifiant")
    for i, entry in enumerate(entries):
        start, end = parse_moment(entry["debut"]), parse_moment(entry["fin"])
        where = ("evenements", i, "fin")
        if isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
            yield document.diagnostic(where, "le début et la fin doivent avoir la même forme : deux jours "
                                      "(AAAA-MM-JJ) pour des journées entières, ou deux jours avec l'heure "
                                      "(AAAA-MM-JJTHH:MM)")
        elif end < start:
            yield document.diagnostic(where, f"la fin ({entry['fin']}) est avant le début ({entry['debut']})")


def summary(calendrier: dict[str, Any]) -> str:
    dates = calendrier["evenements"]
    indicative = sum(1 for d in dates if d["indicative"])
    return f"{len(dates)} dates clés dont {indicative} indicative(s)"


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
    return datetime.datetime.combine(day, datetime.time(), datetime.timezone.utc)


def _ical_moment(moment: Moment) -> Moment:
    if isinstance(moment, datetime.datetime):
        return moment.replace(tzinfo=PARIS).astimezone(datetime.timezone.utc)
    return moment


def summary_line(key_date: KeyDate) -> str:
    return f"{key_date.title} ({INDICATIVE})" if key_date.indicative else key_date.title


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
    event.add("location", key_date.place)
    lines = [INDICATIVE_NOTICE, ""] if key_date.indicative else []
    lines += [f"Type : {key_date.kind}", f"Qui est concerné : {key_date.audience}"]
    if key_date.details:
        lines.append(f"Précisions : {key_date.details}")
    address = link_address(key_date, site)
    if address:
        lines.append(f"En savoir plus : {address}")
    lines.append(f"Calendrier du C2i2e : {page}")
    event.add("description", "\n".join(lines))
    event.add("categories", [key_date.kind])
    event.add("status", "TENTATIVE" if key_date.indicative else "CONFIRMED")
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
    yield PAGE, context.templates.get_template("calendrier/page.md.j2").render(
        here=PAGE, data_source=DATA_SOURCE, today=today, upcoming=upcoming, past=past,
        indicative=any(d.indicative for d in dates), updated=datetime.date.fromisoformat(calendrier["mis_a_jour"]),
        feed=FEED, feed_address=site.page_url(FEED), event_dir=EVENT_DIR, when=when)


FEATURE = Feature(NAME, templates=Path(__file__).parent / "templates", datasets=(DATASET,), pages=pages,
                  places=(PAGE, FEED, f"{EVENT_DIR}/"))
