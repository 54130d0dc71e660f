"""« Rédaction »: a date to come, written in a news post or a hand-written page, is refused at its
line and column unless the calendar announces it or the text gives its source; past dates, code and
addresses pass."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
from pathlib import Path

import pytest

from scripts import redaction
from scripts.core import pipeline
from scripts.core.paths import DATA_DIR
from scripts.features import FEATURES
from scripts.validate import site as read_site

TODAY = datetime.date(2026, 12, 6)
POST = """---
date: 2026-11-29
authors:
  - equipe-c2i2e
categories:
  - Certification
description: Un article.
---

# Un article

Début.

<!-- more -->

{text}
"""


def dates_in(text: str) -> list[tuple[int, int, str, datetime.date, datetime.date, bool]]:
    return [(m.line, m.column, m.text, m.first, m.last, m.sourced) for m in redaction.mentions(Path("x.md"), text)]


def test_french_dates_are_read_in_every_usual_form():
    lines = ["Le 15 mai 2027, le 1er juin 2027 ou le lundi 10 mai 2027 ;",
             "au 15/05/2027, au 2027-05-16, en Août 2027, le 2\u00a0mars\u00a02027, le 3 sept. 2027."]
    found = dates_in("\n".join(lines) + "\n")
    assert [(line, column) for line, column, *_ in found] == [
        (number, lines[number - 1].index(text) + 1) for number, text in (
            (1, "15 mai"), (1, "1er juin"), (1, "10 mai"), (2, "15/05"), (2, "2027-05-16"), (2, "Août"),
            (2, "2\u00a0mars"), (2, "3 sept"))]
    assert [(text, first, last, sourced) for _, _, text, first, last, sourced in found] == [
        ("15 mai 2027", datetime.date(2027, 5, 15), datetime.date(2027, 5, 15), False),
        ("1er juin 2027", datetime.date(2027, 6, 1), datetime.date(2027, 6, 1), False),
        ("10 mai 2027", datetime.date(2027, 5, 10), datetime.date(2027, 5, 10), False),
        ("15/05/2027", datetime.date(2027, 5, 15), datetime.date(2027, 5, 15), False),
        ("2027-05-16", datetime.date(2027, 5, 16), datetime.date(2027, 5, 16), False),
        ("Août 2027", datetime.date(2027, 8, 1), datetime.date(2027, 8, 31), False),  # the whole month
        ("2\u00a0mars\u00a02027", datetime.date(2027, 3, 2), datetime.date(2027, 3, 2), False),
        ("3 sept. 2027", datetime.date(2027, 9, 3), datetime.date(2027, 9, 3), False),
    ]


@pytest.mark.parametrize("text", [
    "```text\navant le 15 mai 2027\n```",
    "  ~~~~\n  avant le 15 mai 2027\n  ~~~~",
    "Un exemple :\n\n    avant le 15 mai 2027\n",
    "Tapez `2027-05-15` ou ``le 15 mai 2027``.",
    "<!-- avant le 15 mai 2027 -->",
    "Voir [la page](https://exemple.org/2027-05-15/) et https://exemple.org/15/05/2027.",
    '<span data-jour="15 mai 2027">x</span>',
    "---\ndate: 2027-05-15\n---\n",
    "le 15 mai, l'année 2027, l'année universitaire 2026-2027, le 31 février 2027, le 15 truc 2027",
])
def test_code_comments_addresses_front_matter_and_what_is_no_date_are_not_read(text):
    assert dates_in(text) == []


def test_an_indented_paragraph_of_a_list_is_prose_not_code():
    assert [d[2] for d in dates_in("- Un point :\n\n    avant le 15 mai 2027\n")] == ["15 mai 2027"]


@pytest.mark.parametrize("text, sourced", [
    ("Déposez votre dossier avant le 15 mai 2027.", False),
    ("Déposez votre dossier avant le 15 mai 2027 (source : courriel du Service Scolarité du 2 décembre 2026).",
     True),
    ("Déposez votre dossier avant le 15 mai 2027\n(Source\u00a0: page de l'INSPE).", True),
    ("Avant le 15 mai 2027, selon [l'INSPE](https://inspe.u-pec.fr/formation/).", True),
    ("Avant le 15 mai 2027, selon <https://inspe.u-pec.fr/formation/>.", True),
    ("Avant le 15 mai 2027, voir le [calendrier](../calendrier.md).", False),  # a page of the portal is no source
    ("Une source : page de l'INSPE.\n\nAvant le 15 mai 2027.", False),  # another paragraph
    ("- source : page de l'INSPE\n- avant le 15 mai 2027", False),  # another list item
    ("| Étape | Date |\n| --- | --- |\n| Dépôt | 15 mai 2027 |\n| Source : page de l'INSPE | |", False),
    ("| Étape | Date |\n| --- | --- |\n| Dépôt | 15 mai 2027 (source : page de l'INSPE) |", True),
])
def test_a_source_counts_in_the_same_paragraph_only(text, sourced):
    assert dates_in(text)[0][2:] == ("15 mai 2027", datetime.date(2027, 5, 15), datetime.date(2027, 5, 15), sourced)


# --- the rule, in the validation -------------------------------------------------------------------

@pytest.fixture
def docs(tmp_path) -> Path:
    """A docs/ folder with the news authors, and a site whose pages are there."""
    folder = tmp_path / "docs"
    (folder / "actualites" / "posts").mkdir(parents=True)
    (folder / "actualites" / ".authors.yml").write_text(
        "authors:\n  equipe-c2i2e:\n    name: Équipe\n    description: Équipe\n    avatar: a.svg\n", encoding="utf-8")
    return folder


def problems(docs: Path, data_dir: Path = DATA_DIR) -> list[str]:
    site = dataclasses.replace(read_site()[0], docs_dir=docs)
    data = pipeline.validate(data_dir, FEATURES, site)
    return [str(p) for p in redaction.check_prose(data, site, today=TODAY)]


def test_a_future_date_in_a_post_or_a_page_is_refused_at_its_line_and_column(docs):
    post = docs / "actualites" / "posts" / "2026-11-29-depot.md"
    post.write_text(POST.format(text="Déposez votre dossier avant le 15 mai 2027."), encoding="utf-8")
    (docs / "page.md").write_text("# Page\n\nLa commission se réunit en juin 2027.\n", encoding="utf-8")
    found = problems(docs)
    assert len(found) == 2
    column = len("Déposez votre dossier avant le ") + 1
    assert found[0].startswith(f"{post}:16:{column}: erreur : la date « 15 mai 2027 » est à venir (nous sommes "
                               "le 6 décembre 2026) sans source")
    assert found[1].startswith(f"{docs / 'page.md'}:3:28: erreur : la date « juin 2027 » est à venir")
    assert "« (source : … ) »" in found[1]


def test_past_dates_today_and_sourced_dates_pass(docs):
    text = ("Le référentiel du 14 décembre 2010, modifié le 3 février 2011 ; publié le 2026-12-06, "
            "en décembre 2026.\n\nJury le 9 juin 2027 (source : courriel du Service Scolarité).\n")
    (docs / "actualites" / "posts" / "2026-11-29-passe.md").write_text(POST.format(text=text), encoding="utf-8")
    (docs / "page.md").write_text("# Page\n\n" + text, encoding="utf-8")
    assert problems(docs) == []


def test_a_date_announced_in_the_calendar_passes(docs, data_copy):
    calendar = data_copy / "calendrier.yaml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("evenements: []", """evenements:
  - id: depot-2027
    type: dépôt du dossier
    titre: Dépôt des dossiers
    debut: 2027-05-10
    fin: 2027-05-15
    lieu: En ligne
    public: Tous les candidats
    statut: confirmée
    source:
      annoncee_le: 2026-12-01
      description: courriel du Service Scolarité aux candidats
"""), encoding="utf-8")
    (docs / "page.md").write_text("# Page\n\nAvant le 15 mai 2027, en mai 2027 ; pas le 16 mai 2027.\n",
                                  encoding="utf-8")
    found = problems(docs, data_copy)
    assert len(found) == 1 and ":3:44: erreur : la date « 16 mai 2027 »" in found[0]


def test_generated_pages_are_not_read(docs):
    (docs / "genere.md").write_text("Le 15 mai 2027.\n", encoding="utf-8")
    (docs / pipeline.MANIFEST).write_text("genere.md\n", encoding="utf-8")
    assert problems(docs) == []


def test_make_check_refuses_a_post_with_a_date_to_come_and_no_source(project_copy):
    post = project_copy / "docs" / "actualites" / "posts" / "2026-11-29-depot.md"
    post.write_text(POST.format(text="Déposez votre dossier avant le 15 mai 2027."), encoding="utf-8")
    environment = {"C2I2E_AUJOURDHUI": TODAY.isoformat(), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["make", "--no-print-directory", "check"], cwd=project_copy, capture_output=True,
                            text=True, env=environment)
    assert result.returncode != 0
    assert ("docs/actualites/posts/2026-11-29-depot.md:16:32: erreur : la date « 15 mai 2027 » est à venir "
            "(nous sommes le 6 décembre 2026) sans source") in result.stderr
    assert "Traceback" not in result.stderr

    post.write_text(POST.format(text="Déposez votre dossier avant le 15 mai 2027 (source : courriel du Service "
                                     "Scolarité aux candidats, 2 décembre 2026)."), encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "check"], cwd=project_copy, capture_output=True,
                            text=True, env=environment)
    assert result.returncode == 0, result.stderr


def test_the_portal_s_own_posts_and_pages_state_no_date_to_come_without_a_source():
    site = read_site()[0]
    data = pipeline.validate(DATA_DIR, FEATURES, site)
    assert [str(p) for p in data.errors if "est à venir" in p.message] == []
