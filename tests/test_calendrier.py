"""« Calendrier »: the key dates are checked like every data file, listed on a page
(upcoming first, past ones marked as past), and published as iCalendar files that
calendar applications read: one feed with every date, one file per date."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import icalendar
import pytest

from scripts import calendrier
from scripts.validate import validate
from tests.conftest import generation_context, links, run


@pytest.fixture(scope="module")
def data():
    data = validate()
    assert not data.errors, "\n".join(map(str, data.errors))
    return data


@pytest.fixture(scope="module")
def dates(data) -> list[calendrier.KeyDate]:
    return calendrier.key_dates(data["calendrier"])


def render(data, today: datetime.date) -> dict[str, str | bytes]:
    return dict(calendrier.pages(data, generation_context(today)))


def events(ics: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


def line_of(path: Path, text: str) -> int:
    """1-based number of the line of `path` that contains `text` (exactly once)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(lines) == 1, (text, lines)
    return lines[0]


# --- the published files ----------------------------------------------------------------------

def test_the_feed_parses_and_holds_every_date(site_dir, dates):
    feed = icalendar.Calendar.from_ical((site_dir / calendrier.FEED).read_bytes())
    assert str(feed["X-WR-CALNAME"]) == calendrier.CALENDAR_NAME
    found = {str(event["UID"]): event for event in feed.walk("VEVENT")}
    assert set(found) == {d.uid for d in dates} and len(dates) >= 4
    for key_date in dates:
        event = found[key_date.uid]
        assert key_date.title in str(event["SUMMARY"])
        assert str(event["LOCATION"]) == key_date.place
        assert key_date.audience in str(event["DESCRIPTION"])
        start = event.decoded("DTSTART")
        if key_date.all_day:
            assert start == key_date.start
            assert event.decoded("DTEND") == key_date.end + datetime.timedelta(days=1)
        else:  # Paris time in the data, UTC in the file
            assert start == key_date.start.replace(tzinfo=calendrier.PARIS)
            assert start.utcoffset() == datetime.timedelta(0)


def test_every_indicative_date_says_so_in_the_calendar_and_on_the_page(site_dir, pages, dates):
    assert any(d.indicative for d in dates)
    feed = {str(e["UID"]): e for e in events((site_dir / calendrier.FEED).read_bytes())}
    html = pages["calendrier/"]
    assert "Dates indicatives" in html
    for key_date in dates:
        event = feed[key_date.uid]
        single = events((site_dir / f"calendrier/{key_date.id}.ics").read_bytes())[0]
        for each in (event, single):
            assert ("date indicative" in str(each["SUMMARY"])) == key_date.indicative
            assert ("Date indicative" in str(each["DESCRIPTION"])) == key_date.indicative
            assert str(each["STATUS"]) == ("TENTATIVE" if key_date.indicative else "CONFIRMED")
        section = html.split(f'id="{key_date.id}"', 1)[1].split("<h3", 1)[0]
        assert ("Date indicative" in section) == key_date.indicative


def test_each_date_has_its_own_ics_with_that_date_alone(site_dir, pages, dates):
    html = pages["calendrier/"]
    for key_date in dates:
        path = site_dir / "calendrier" / f"{key_date.id}.ics"
        (event,) = events(path.read_bytes())
        assert str(event["UID"]) == key_date.uid
        if key_date.last_day >= datetime.date.today():  # the page offers it (it was built today)
            assert f"calendrier/{key_date.id}.ics" in links(html, "calendrier/")


def test_the_ics_files_depend_on_the_data_only(data, dates):
    """Same data, any day of build: the same bytes (no build time, stable UIDs)."""
    early = render(data, datetime.date(2026, 1, 1))
    late = render(data, datetime.date(2030, 1, 1))
    ics = [name for name in early if name.endswith(".ics")]
    assert len(ics) == len(dates) + 1
    for name in ics:
        assert early[name] == late[name], name
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(data["calendrier"]["mis_a_jour"]),
                                      datetime.time(), datetime.timezone.utc)
    for event in events(early[calendrier.FEED]):
        assert event.decoded("DTSTAMP") == stamp
    assert len({d.uid for d in dates}) == len(dates)


# --- the page ---------------------------------------------------------------------------------

def sections(markdown: str) -> tuple[str, str]:
    upcoming = markdown.split("## Prochaines dates", 1)[1].split("## Dates passées", 1)[0]
    past = markdown.split("## Dates passées", 1)[1]
    return upcoming, past


def headings(markdown: str) -> list[str]:
    return re.findall(r"^### .*\{ #([a-z0-9-]+) ", markdown, re.MULTILINE)


def test_upcoming_dates_come_first_in_order(data, dates):
    upcoming, past = sections(render(data, datetime.date(2026, 1, 1))[calendrier.PAGE])
    assert headings(upcoming) == [d.id for d in dates]
    assert headings(past) == [] and "Aucune date de ce calendrier n'est encore passée" in past


def test_a_date_in_the_past_renders_as_past(data, dates):
    first = dates[0]
    today = first.last_day + datetime.timedelta(days=1)
    upcoming, past = sections(render(data, today)[calendrier.PAGE])
    assert headings(past) == [first.id]
    assert first.id not in headings(upcoming)
    assert f"### {first.title} (passée)" in past and "Date passée" in past
    assert "Date passée" not in upcoming
    assert "Ajouter cette date à mon agenda" not in past
    later = [d for d in dates if d.first_day > today]
    assert headings(upcoming) == [d.id for d in dates if d.last_day >= today] and later


def test_a_date_of_today_is_current_not_past(data, dates):
    first = dates[0]
    upcoming, past = sections(render(data, first.first_day)[calendrier.PAGE])
    assert first.id in headings(upcoming) and "En cours aujourd'hui" in upcoming
    assert first.id not in headings(past)


def test_the_built_page_is_in_the_navigation_and_lists_every_date(pages, site_url, dates):
    html = pages["calendrier/"]
    assert "<h1" in html and "Calendrier du C2i2e" in html
    for key_date in dates:
        assert f'id="{key_date.id}"' in html
    assert "calendrier.ics" in links(html, "calendrier/") and f"{site_url}calendrier.ics" in html
    assert "calendrier/" in links(pages["actualites/"], "actualites/")


def test_dates_in_words():
    date = calendrier.KeyDate("x", "jury", "Jury", datetime.datetime(2027, 6, 9, 10), datetime.datetime(2027, 6, 9, 12, 30),
                             "INSPE", "Tous", None, None, True)
    assert calendrier.when(date) == "mercredi 9 juin 2027, de 10 h à 12 h 30"
    days = calendrier.KeyDate("y", "soutenances", "S", datetime.date(2027, 5, 31), datetime.date(2027, 6, 1),
                             "INSPE", "Tous", None, None, True)
    assert calendrier.when(days) == "du lundi 31 mai 2027 au mardi 1er juin 2027"


# --- validation -------------------------------------------------------------------------------

def break_file(data_copy: Path, old: str, new: str) -> Path:
    path = data_copy / "calendrier.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def only_error(data_dir: Path) -> str:
    data = validate(data_dir)
    assert len(data.errors) == 1, "\n".join(map(str, data.errors))
    return str(data.errors[0])


def test_an_end_before_the_start_is_an_error_at_the_end(data_copy):
    path = break_file(data_copy, "    fin: 2027-05-12\n", "    fin: 2027-05-09\n")
    line = line_of(path, "fin: 2027-05-09")
    message = only_error(data_copy)
    assert message.endswith(f"calendrier.yaml:{line}:10: erreur : la fin (2027-05-09) est avant le début (2027-05-10)")


def test_an_end_time_before_the_start_time_is_an_error(data_copy):
    path = break_file(data_copy, "    fin: 2027-04-07T17:00\n", "    fin: 2027-04-07T13:30\n")
    line = line_of(path, "fin: 2027-04-07T13:30")
    assert f"calendrier.yaml:{line}:10: erreur : la fin (2027-04-07T13:30) est avant le début" in only_error(data_copy)


def test_an_unknown_kind_is_an_error_naming_the_known_ones(data_copy):
    path = break_file(data_copy, "    type: jury\n", "    type: délibération\n")
    line = line_of(path, "type: délibération")
    message = only_error(data_copy)
    assert f"calendrier.yaml:{line}:11: erreur : « délibération » n'est pas permis ici" in message
    assert "dépôt du dossier, commission de validation, soutenances, jury" in message


def test_a_day_and_a_time_cannot_be_mixed(data_copy):
    path = break_file(data_copy, "    fin: 2027-06-09T12:00\n", "    fin: 2027-06-10\n")
    line = line_of(path, "fin: 2027-06-10")
    assert f"calendrier.yaml:{line}:10: erreur : le début et la fin doivent avoir la même forme" in only_error(data_copy)


def test_an_impossible_date_and_a_duplicate_id_are_errors(data_copy):
    path = break_file(data_copy, "    debut: 2027-03-19\n", "    debut: 2027-02-30\n")
    line = line_of(path, "debut: 2027-02-30")
    assert f"calendrier.yaml:{line}:12: erreur : « 2027-02-30 » n'existe pas dans le calendrier" in only_error(data_copy)

    path.write_text(path.read_text(encoding="utf-8").replace("debut: 2027-02-30", "debut: 19/03/2027"), encoding="utf-8")
    assert (f"calendrier.yaml:{line}:12: erreur : « 19/03/2027 » n'est pas une date valide : écrivez-la AAAA-MM-JJ"
            in only_error(data_copy))

    path.write_text(path.read_text(encoding="utf-8").replace("debut: 19/03/2027", "debut: 2027-03-19")
                    .replace("id: jury-2027", "id: soutenances-2027"), encoding="utf-8")
    second = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "id: soutenances-2027" in text][1]
    assert f"calendrier.yaml:{second}:9: erreur : identifiant « soutenances-2027 » en double" in only_error(data_copy)


def test_the_validator_reports_it_on_the_command_line_and_nothing_is_generated(data_copy, tmp_path):
    break_file(data_copy, "    fin: 2027-05-12\n", "    fin: 2027-05-09\n")
    result = run("-m", "scripts.validate", str(data_copy), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"calendrier\.yaml:\d+:10: erreur : la fin \(2027-05-09\) est avant le début", result.stderr)
    result = run("-m", "scripts.generate", str(data_copy), check=False)
    assert result.returncode == 1 and "aucune page écrite" in result.stderr and "Traceback" not in result.stderr
