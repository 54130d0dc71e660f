"""« Calendrier »: the key dates are checked like every data file, listed on a page
(the four stages, then upcoming dates first, past ones marked as past), and published
as iCalendar files that calendar applications read: one feed, one file per date.

The published file holds no date (the INSPE has announced none): the tests of the
built site check that case; the tests of dates write their own into a copy of the
data folder (FIXTURE_DATES), never into the published file."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import icalendar
import pytest

from scripts import calendrier
from scripts.core.dates import DAY_VARIABLE
from scripts.core.paths import DATA_DIR
from scripts.validate import validate
from tests.conftest import generation_context, links, run
from tests.test_site_referentiel import text_of

# Fixture data, not real dates: four dates of the four kinds, one of each status and source form.
FIXTURE_DATES = """evenements:
  - id: depot-dossier-2027
    type: dépôt du dossier
    titre: Date limite de dépôt du dossier numérique de compétences
    debut: 2027-03-19
    fin: 2027-03-19
    lieu: En ligne, dans l'e-portfolio ÉmaÉval
    public: Tous les candidats
    lien: preparer/dossier.md
    precisions: Le dossier rassemble vos dossiers d'évaluation.
    statut: confirmée
    source:
      annoncee_le: 2026-11-20
      url: https://inspe.example/c2i2e/calendrier

  - id: commission-validation-2027
    type: commission de validation
    titre: Commission de validation des dossiers
    debut: 2027-04-07T14:00
    fin: 2027-04-07T17:00
    lieu: INSPE de l'UPEC
    public: Les membres de la commission
    statut: provisoire
    source:
      annoncee_le: 2026-11-21
      description: courriel du Service Scolarité aux candidats

  - id: soutenances-2027
    type: soutenances
    titre: Soutenances orales
    debut: 2027-05-10
    fin: 2027-05-12
    lieu: INSPE de l'UPEC
    public: Les candidats convoqués
    statut: provisoire
    source:
      annoncee_le: 2026-11-21
      description: courriel du Service Scolarité aux candidats

  - id: jury-2027
    type: jury
    titre: Jury de certification
    debut: 2027-06-09T10:00
    fin: 2027-06-09T12:00
    lieu: INSPE de l'UPEC
    public: Tous les candidats de la session
    statut: confirmée
    source:
      annoncee_le: 2026-11-20
      url: https://inspe.example/c2i2e/calendrier
"""


def with_dates(data_dir: Path, entries: str = FIXTURE_DATES) -> Path:
    """Write these dates into the copy's calendrier.yaml (which the published file leaves empty)."""
    path = data_dir / "calendrier.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("evenements: []\n") == 1
    path.write_text(text.replace("evenements: []\n", entries), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def published():
    data = validate()
    assert not data.errors, "\n".join(map(str, data.errors))
    return data


@pytest.fixture
def data(data_copy):
    """Valid data with the fixture's four dates."""
    with_dates(data_copy)
    data = validate(data_copy)
    assert not data.errors, "\n".join(map(str, data.errors))
    return data


@pytest.fixture
def dates(data) -> list[calendrier.KeyDate]:
    return calendrier.key_dates(data["calendrier"])


def render(data, today: datetime.date) -> dict[str, str | bytes]:
    return dict(calendrier.pages(data, generation_context(today)))


def events(ics: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")


def lines_of(path: Path, line: str) -> list[int]:
    """1-based numbers of the lines of `path` that are exactly `line`."""
    return [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text == line]


def line_of(path: Path, text: str) -> int:
    """1-based number of the line of `path` that contains `text` (exactly once)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(lines) == 1, (text, lines)
    return lines[0]


# --- the published files: no date is announced ------------------------------------------------

def test_the_published_file_holds_no_date(published):
    assert published["calendrier"]["evenements"] == []
    assert calendrier.key_dates(published["calendrier"]) == []


def test_the_feed_is_a_valid_calendar_with_no_event(site_dir):
    feed = icalendar.Calendar.from_ical((site_dir / calendrier.FEED).read_bytes())
    assert str(feed["X-WR-CALNAME"]) == calendrier.CALENDAR_NAME and str(feed["VERSION"]) == "2.0"
    assert feed.walk("VEVENT") == []
    assert not list((site_dir / calendrier.EVENT_DIR).glob("*.ics"))


def test_the_page_shows_the_four_stages_in_order_and_whom_to_ask(pages, published):
    html = pages["calendrier/"]
    anchors = [stage.anchor for stage in calendrier.STAGES]
    places = [html.index(f'id="{anchor}"') for anchor in anchors]
    assert places == sorted(places) and len(places) == 4
    scolarite = next(c for c in published["contacts"]["contacts"] if c["id"] == published["calendrier"]["contact"])
    assert scolarite["nom"] == "Service Scolarité"
    # Said once, before the stages, with whom to ask; never repeated stage by stage.
    intro = html.split(f'id="{anchors[0]}"', 1)[0]
    flat = " ".join(text_of(intro).replace("\u00a0", " ").replace("\u202f", " ").split())
    assert "Aucune date n'est encore annoncée : la page officielle de l'INSPE n'en donne aucune." in flat
    assert "adressez-vous au Service Scolarité, contact « Renseignements » de la page officielle" in flat
    assert f'href="mailto:{scolarite["email"]}"' in intro and 'href="tel:+33149563853"' in intro
    assert text_of(html).count("Aucune date") == 1
    assert html.count(f'href="mailto:{scolarite["email"]}"') == 1
    assert "indicative" not in html.lower() and "provisoire" not in html.lower()


def test_the_built_page_is_in_the_navigation(pages, site_url):
    html = pages["calendrier/"]
    assert "<h1" in html and "Calendrier du C2i2e" in html
    assert "calendrier.ics" in links(html, "calendrier/") and f"{site_url}calendrier.ics" in html
    assert "calendrier/" in links(pages["actualites/"], "actualites/")


def test_the_stages_are_the_kinds_the_schema_allows():
    schema = json.loads((DATA_DIR / "calendrier.schema.json").read_text(encoding="utf-8"))
    assert [s.kind for s in calendrier.STAGES] == schema["$defs"]["evenement"]["properties"]["type"]["enum"]


# --- dates, from fixture data -----------------------------------------------------------------

def test_the_feed_holds_every_date(data, dates):
    feed = icalendar.Calendar.from_ical(render(data, datetime.date(2026, 12, 1))[calendrier.FEED])
    found = {str(event["UID"]): event for event in feed.walk("VEVENT")}
    assert set(found) == {d.uid for d in dates} and len(dates) == 4
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


def test_each_date_says_its_status_and_source_in_the_calendar_and_on_the_page(data, dates):
    out = render(data, datetime.date(2026, 12, 1))
    feed = {str(e["UID"]): e for e in events(out[calendrier.FEED])}
    page = out[calendrier.PAGE]
    assert {d.status for d in dates} == {"confirmée", "provisoire"}
    assert "!!! warning \"Dates provisoires\"" in page
    for key_date in dates:
        single = events(out[f"calendrier/{key_date.id}.ics"])[0]
        announced = "20 novembre 2026" if key_date.status == "confirmée" else "21 novembre 2026"
        for each in (feed[key_date.uid], single):
            assert ("(date provisoire)" in str(each["SUMMARY"])) == key_date.provisional
            description = str(each["DESCRIPTION"])
            assert f"Date {key_date.status}, annoncée le {announced}." in description
            assert f"Source : {key_date.source.url or key_date.source.description}" in description
            assert str(each["STATUS"]) == ("TENTATIVE" if key_date.provisional else "CONFIRMED")
        section = page.split(f"#{key_date.id} ", 1)[1].split("\n### ", 1)[0]
        assert f"<strong>Date {key_date.status}, annoncée le {announced}</strong>" in section
        assert (key_date.source.url or key_date.source.description) in section
    assert "indicative" not in page.lower()


def test_a_stage_with_a_date_lists_it_and_the_others_say_whom_to_ask(data_copy):
    with_dates(data_copy, FIXTURE_DATES.split("\n  - id: commission-validation-2027", 1)[0] + "\n")
    data = validate(data_copy)
    assert not data.errors, "\n".join(map(str, data.errors))
    page = render(data, datetime.date(2026, 12, 1))[calendrier.PAGE]
    stages = page.split("## Les étapes de la certification", 1)[1].split("## S'abonner", 1)[0]
    first, *others = stages.split("\n### ")[1:]
    assert "- [Date limite de dépôt du dossier numérique de compétences](#depot-dossier-2027) : " \
           "vendredi 19 mars 2027 (date confirmée, annoncée le 20 novembre 2026)" in first
    assert len(others) == 3
    assert "Aucune date" not in page and not any("](#" in other for other in others)
    intro = page.split("## Les étapes de la certification", 1)[0]
    assert "Pour une date qui ne figure pas ici, adressez-vous au Service Scolarité, contact « Renseignements » " \
           "de la page officielle, au " \
           "[01 49 56 38 53](tel:+33149563853) ou à [C2i2e-sec@u-pec.fr](mailto:C2i2e-sec@u-pec.fr)." in intro


def test_each_date_has_its_own_ics_with_that_date_alone(data, dates):
    out = render(data, datetime.date(2026, 12, 1))
    for key_date in dates:
        (event,) = events(out[f"calendrier/{key_date.id}.ics"])
        assert str(event["UID"]) == key_date.uid
        assert f"(calendrier/{key_date.id}.ics)" in out[calendrier.PAGE]


def test_the_ics_files_depend_on_the_data_only(data, dates):
    """Same data, any day of build: the same bytes (no build time, stable UIDs)."""
    early = render(data, datetime.date(2026, 1, 1))
    late = render(data, datetime.date(2030, 1, 1))
    ics = [name for name in early if name.endswith(".ics")]
    assert len(ics) == len(dates) + 1
    for name in ics:
        assert early[name] == late[name], name
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(data["calendrier"]["mis_a_jour"]),
                                      datetime.time(), datetime.UTC)
    for event in events(early[calendrier.FEED]):
        assert event.decoded("DTSTAMP") == stamp
    assert len({d.uid for d in dates}) == len(dates)


# --- the page ---------------------------------------------------------------------------------

def sections(markdown: str) -> tuple[str, str]:
    """The upcoming and past sections ("" for a section the page leaves out, having no date for it)."""
    upcoming = markdown.split("## Prochaines dates", 1)[1].split("## Dates passées", 1)[0] \
        if "## Prochaines dates" in markdown else ""
    past = markdown.split("## Dates passées", 1)[1] if "## Dates passées" in markdown else ""
    return upcoming, past


def headings(markdown: str) -> list[str]:
    return re.findall(r"^### .*\{ #([a-z0-9-]+) ", markdown, re.MULTILINE)


def test_upcoming_dates_come_first_in_order(data, dates):
    upcoming, past = sections(render(data, datetime.date(2026, 1, 1))[calendrier.PAGE])
    assert headings(upcoming) == [d.id for d in dates]
    assert headings(past) == [] and past == ""


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


def test_the_day_of_the_build_can_be_set_and_the_check_and_the_page_follow_it(data_copy, dates, monkeypatch):
    """C2I2E_AUJOURDHUI: the portal as it will read that day (a preview), or as it read on a day past."""
    monkeypatch.setenv(DAY_VARIABLE, "2027-12-31")
    upcoming, past = sections(render(validate(data_copy), None)[calendrier.PAGE])
    assert headings(upcoming) == [] and headings(past) == [d.id for d in reversed(dates)]  # latest first
    assert "antérieure au 31 décembre 2027" in past + upcoming
    monkeypatch.setenv(DAY_VARIABLE, "2026-11-20")  # the day before two of the announcements
    announcements = [str(e) for e in validate(data_copy).errors if e.path.name == "calendrier.yaml"]
    assert len(announcements) == 2
    assert all("la date d'annonce 2026-11-21 est dans le futur (nous sommes le 2026-11-20)" in e for e in announcements)


def test_dates_in_words():
    source = calendrier.Source(datetime.date(2026, 11, 20), None, "courriel")
    date = calendrier.KeyDate("x", "jury", "Jury", datetime.datetime(2027, 6, 9, 10), datetime.datetime(2027, 6, 9, 12, 30),
                             "INSPE", "Tous", None, None, "provisoire", source)
    assert calendrier.when(date) == "mercredi 9 juin 2027, de 10 h à 12 h 30"
    assert date.status_text == "Date provisoire, annoncée le 20 novembre 2026"
    days = calendrier.KeyDate("y", "soutenances", "S", datetime.date(2027, 5, 31), datetime.date(2027, 6, 1),
                             "INSPE", "Tous", None, None, "confirmée", source)
    assert calendrier.when(days) == "du lundi 31 mai 2027 au mardi 1er juin 2027"


# --- validation -------------------------------------------------------------------------------

def break_file(data_copy: Path, old: str, new: str) -> Path:
    """The fixture's dates, with `old` replaced by `new`."""
    path = with_dates(data_copy)
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


# --- every date has a source, a true status; the contact exists -------------------------------

def test_a_date_without_a_source_is_an_error_at_the_date(data_copy):
    path = break_file(data_copy, "    statut: confirmée\n    source:\n      annoncee_le: 2026-11-20\n"
                      "      url: https://inspe.example/c2i2e/calendrier\n\n  - id: commission",
                      "    statut: confirmée\n\n  - id: commission")
    line = line_of(path, "id: depot-dossier-2027")
    assert only_error(data_copy).endswith(f"calendrier.yaml:{line}:5: erreur : champ obligatoire « source » manquant")


def test_a_source_needs_an_address_or_a_description(data_copy):
    path = break_file(data_copy, "      annoncee_le: 2026-11-20\n      url: https://inspe.example/c2i2e/calendrier\n\n",
                      "      annoncee_le: 2026-11-20\n\n")
    line = lines_of(path, "      annoncee_le: 2026-11-20")[0] - 1  # its « source: »
    assert only_error(data_copy).endswith(
        f"calendrier.yaml:{line}:5: erreur : indiquez d'où vient cette date : « url » (la page où l'INSPE l'a "
        "publiée) ou « description » (comment elle a été annoncée, par exemple « courriel du Service Scolarité "
        "aux candidats »)")


def test_a_source_needs_the_day_of_the_announcement_and_not_a_future_one(data_copy):
    path = break_file(data_copy, "      annoncee_le: 2026-11-20\n      url: https://inspe.example/c2i2e/calendrier\n\n",
                      "      url: https://inspe.example/c2i2e/calendrier\n\n")
    line = lines_of(path, "      url: https://inspe.example/c2i2e/calendrier")[0] - 1  # its « source: »
    assert only_error(data_copy).endswith(f"calendrier.yaml:{line}:5: erreur : champ obligatoire « annoncee_le » "
                                          "manquant")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      url: https://inspe.example/c2i2e/calendrier\n\n", "      annoncee_le: 2099-01-01\n"
        "      url: https://inspe.example/c2i2e/calendrier\n\n", 1), encoding="utf-8")
    line = line_of(path, "annoncee_le: 2099-01-01")
    message = only_error(data_copy)
    assert f"calendrier.yaml:{line}:20: erreur : la date d'annonce 2099-01-01 est dans le futur" in message
    assert message.endswith("indiquez le jour où l'INSPE a annoncé cette date")


def test_the_old_indicative_flag_is_refused_with_the_statuses_to_use(data_copy):
    path = break_file(data_copy, "    statut: provisoire\n    source:\n      annoncee_le: 2026-11-21\n"
                      "      description: courriel du Service Scolarité aux candidats\n\n  - id: soutenances",
                      "    indicative: true\n    statut: indicative\n    source:\n      annoncee_le: 2026-11-21\n"
                      "      description: courriel du Service Scolarité aux candidats\n\n  - id: soutenances")
    flag, status = line_of(path, "indicative: true"), line_of(path, "statut: indicative")
    messages = [str(e) for e in validate(data_copy).errors]
    assert len(messages) == 2, messages
    assert messages[0].endswith(f"calendrier.yaml:{flag}:5: erreur : clé inconnue « indicative » (clés permises : "
                                "debut, fin, id, lien, lieu, precisions, public, source, statut, titre, type)")
    assert messages[1].endswith(f"calendrier.yaml:{status}:13: erreur : « indicative » n'est pas permis ici : "
                                "choisissez parmi confirmée, provisoire")


def test_the_contact_must_be_a_known_central_contact_that_can_be_reached(data_copy):
    path = data_copy / "calendrier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("contact: scolarite", "contact: secretariat"),
                    encoding="utf-8")
    line = line_of(path, "contact: secretariat")
    assert only_error(data_copy).endswith(
        f"calendrier.yaml:{line}:10: erreur : contact « secretariat » inconnu : choisissez l'identifiant (« id ») "
        "d'un des contacts de contacts.yaml (responsable-pedagogique, scolarite)")
    path.write_text(path.read_text(encoding="utf-8").replace("contact: secretariat", "contact: responsable-pedagogique"),
                    encoding="utf-8")
    assert only_error(data_copy).endswith(
        f"calendrier.yaml:{line}:10: erreur : le contact « responsable-pedagogique » n'a ni « email » ni "
        "« telephone » dans contacts.yaml : les étudiants ne sauraient pas à qui demander une date qui n'est pas "
        "encore annoncée")


# --- what staff meet: a day and a time written the usual way, every mistake at once, no place to invent --

def test_a_day_and_a_time_written_with_a_space_names_the_form_to_write(data_copy):
    path = break_file(data_copy, "    debut: 2027-06-09T10:00\n", "    debut: 2027-06-09 10:00\n")
    line = line_of(path, "debut: 2027-06-09 10:00")
    assert only_error(data_copy).endswith(
        f"calendrier.yaml:{line}:12: erreur : « 2027-06-09 10:00 » n'est pas une date valide : écrivez-la "
        "AAAA-MM-JJ pour toute la journée, ou AAAA-MM-JJTHH:MM avec l'heure de Paris, par exemple 2027-03-15 ou "
        "2027-03-15T14:00 ; ici, écrivez « 2027-06-09T10:00 » (un T entre le jour et l'heure)")
    path.write_text(path.read_text(encoding="utf-8").replace("debut: 2027-06-09 10:00", "debut: 2027-06-09 9h30"),
                    encoding="utf-8")
    assert only_error(data_copy).endswith("ici, écrivez « 2027-06-09T09:30 » (un T entre le jour et l'heure)")
    path.write_text(path.read_text(encoding="utf-8").replace("debut: 2027-06-09 9h30", "debut: 2027-06-09T25:00"),
                    encoding="utf-8")
    assert only_error(data_copy).endswith(f"calendrier.yaml:{line}:12: erreur : « 2027-06-09T25:00 » n'existe pas "
                                          "dans le calendrier : vérifiez le jour, le mois et l’heure")


def test_every_mistake_of_the_file_is_reported_in_one_round(data_copy):
    """Schema errors and the rules' errors together: the missing source is not kept for a second round."""
    path = break_file(data_copy, "    debut: 2027-06-09T10:00\n", "    debut: 2027-06-09 10:00\n")
    text = path.read_text(encoding="utf-8")
    text = (text.replace("      annoncee_le: 2026-11-21\n      description: courriel du Service Scolarité aux "
                         "candidats\n\n  - id: soutenances-2027", "      annoncee_le: 2026-11-21\n\n"
                         "  - id: soutenances-2027", 1)
            .replace("    fin: 2027-05-12\n", "    fin: 2027-05-09\n")
            .replace("id: jury-2027", "id: soutenances-2027")
            .replace("    statut: confirmée\n    source:\n      annoncee_le: 2026-11-20\n      url: https://inspe."
                     "example/c2i2e/calendrier\n\n  - id: commission", "    statut: confirmée\n    source: courriel\n"
                     "\n  - id: commission"))
    path.write_text(text, encoding="utf-8")
    errors = [str(e).split("calendrier.yaml:", 1)[1] for e in validate(data_copy).errors]
    lines = text.splitlines()
    source_line = [n for n, t in enumerate(lines, 1) if t == "    source:"][0]  # the commission's
    assert errors == sorted(errors, key=lambda e: tuple(map(int, e.split(":")[:2])))
    assert {error.split(": erreur : ")[0] for error in errors} == {
        f"{line_of(path, 'source: courriel')}:13",  # not fields: schema
        f"{source_line}:5",  # neither url nor description: rule
        f"{line_of(path, 'fin: 2027-05-09')}:10",  # end before start: rule
        f"{line_of(path, 'debut: 2027-06-09 10:00')}:12",  # a day and a time: schema
        f"{[n for n, t in enumerate(lines, 1) if 'id: soutenances-2027' in t][1]}:9",  # duplicate id: rule
    }, errors


def test_a_filing_deadline_needs_no_place_nor_audience(data_copy):
    """Nothing to invent: a date without « lieu » and « public » is valid, and shown without them."""
    path = break_file(data_copy, "    lieu: En ligne, dans l'e-portfolio ÉmaÉval\n    public: Tous les candidats\n", "")
    data = validate(data_copy)
    assert not data.errors, "\n".join(map(str, data.errors))
    (deadline,) = [d for d in calendrier.key_dates(data["calendrier"]) if d.id == "depot-dossier-2027"]
    assert deadline.place is None and deadline.audience is None
    files = render(data, datetime.date(2027, 1, 4))
    entry = files[calendrier.PAGE].split("{ #depot-dossier-2027 ", 1)[1].split("\n### ", 1)[0]
    assert "**Quand** : vendredi 19 mars 2027" in entry and "Source" in entry
    assert "**Où**" not in entry and "**Qui est concerné**" not in entry and "None" not in entry
    assert "**Où** : INSPE de l" in files[calendrier.PAGE]  # the others keep theirs
    (event,) = events(files[f"{calendrier.EVENT_DIR}/depot-dossier-2027.ics"])
    assert "LOCATION" not in event and "Qui est concerné" not in str(event["DESCRIPTION"])
    assert "None" not in path.read_text(encoding="utf-8") + files[calendrier.FEED].decode()
