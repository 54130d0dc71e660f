"""The rule's numbers (at least 23 of the 28 competencies, at most 2 not validated per domain) come
from scripts/referentiel/certification.py: generated pages take them from it, and a hand-written page
that states them fails here as soon as the rule changes and the page does not follow."""

from __future__ import annotations

import re
import subprocess

import pytest

from scripts import referentiel
from scripts.core.paths import DATA_DIR, ROOT
from scripts.referentiel import certification
from scripts.validate import validate
from tests.conftest import generation_context

DOMAINS = None


def domains() -> dict[str, list[str]]:
    global DOMAINS
    if DOMAINS is None:
        data = validate(DATA_DIR)
        assert not data.errors, data.errors
        DOMAINS = referentiel.by_domain(data["competences"])
    return DOMAINS


def handwritten() -> dict[str, str]:
    """Every Markdown page written by hand (tracked by git; generated pages are not)."""
    listed = subprocess.run(["git", "ls-files", "docs/*.md", "docs/**/*.md"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    return {name: (ROOT / name).read_text(encoding="utf-8") for name in sorted(set(listed))}


def total() -> int:
    return sum(len(codes) for codes in domains().values())


def statements(text: str) -> list[tuple[str, int, int]]:
    """(what, number found, number the rule gives) for each way a page states the rule."""
    text = re.sub(r"\s+", " ", text.replace("*", ""))
    minimum, per_domain, whole = certification.MIN_VALIDATED, certification.MAX_NOT_VALIDATED_PER_DOMAIN, total()
    found = []
    for got_min, got_total in re.findall(r"au moins (\d+) des (\d+) compétences", text):
        found += [("minimum", int(got_min), minimum), ("total", int(got_total), whole)]
    for got in re.findall(r"(\d+)(?: compétences?)? non validées? par domaine", text):
        found.append(("par domaine", int(got), per_domain))
    for got in re.findall(r"plus de (\d+) dans un même domaine", text):
        found.append(("par domaine", int(got), per_domain))
    for got in re.findall(r"au plus (\d+) compétences non validées en tout", text):
        found.append(("en tout", int(got), whole - minimum))
    for got in re.findall(r"bien que le total dépasse (\d+)", text):
        found.append(("minimum", int(got), minimum))
    return found


def test_every_handwritten_statement_of_the_rule_follows_certification_py():
    stated = {name: statements(text) for name, text in handwritten().items()}
    wrong = [f"{name} : {what} {got}, la règle dit {want}"
             for name, found in stated.items() for what, got, want in found if got != want]
    assert not wrong, "\n".join(wrong)
    # The rule's home page still states it, in words this test reads (a rewording must keep them).
    for name in ("docs/comprendre/conditions.md",):
        assert {"minimum", "par domaine"} <= {what for what, _, _ in stated[name]}, name


def test_no_handwritten_page_mentions_non_validated_competencies_in_words_this_test_cannot_read():
    """A sentence about competencies « non validées » with a number must be one the test checks."""
    unread = []
    for name, text in handwritten().items():
        flat = re.sub(r"\s+", " ", text.replace("*", ""))
        for sentence in re.split(r"(?<=[.;:])\s", flat):
            if "non validée" in sentence and re.search(r"\b\d+\b", re.sub(r"\b[AB]\.\d(\.\d)?\b", "", sentence)) \
                    and not statements(sentence) and not re.search(r"les \d+ non validées sont", sentence):
                unread.append(f"{name} : « {sentence.strip()} »")
    assert not unread, "\n".join(unread)


def test_a_change_of_the_rule_is_caught(monkeypatch):
    monkeypatch.setattr(certification, "MIN_VALIDATED", 22)
    monkeypatch.setattr(certification, "MAX_NOT_VALIDATED_PER_DOMAIN", 3)
    wrong = [what for text in handwritten().values() for what, got, want in statements(text) if got != want]
    assert {"minimum", "par domaine", "en tout"} <= set(wrong)


def example(text: str) -> list[tuple[set[str], bool]]:
    """The conditions page's fictional candidates: (codes not validated, conditions met?)."""
    flat = re.sub(r"\s+", " ", text.replace("*", ""))
    cases = []
    for codes, verdict in re.findall(r"les \d+ non validées sont ((?:[AB]\.\d\.\d(?:, | et )?)+).*?"
                                     r"Les conditions (sont|ne sont pas) réunies", flat):
        cases.append((set(re.findall(r"[AB]\.\d\.\d", codes)), verdict == "sont"))
    return cases


def test_the_conditions_example_says_what_the_rule_decides():
    text = handwritten()["docs/comprendre/conditions.md"]
    cases = example(text)
    assert len(cases) == 2 and {met for _, met in cases} == {True, False}
    every = [code for codes in domains().values() for code in codes]
    for missing, met in cases:
        validated = [code for code in every if code not in missing]
        assert certification.evaluate(validated, True, domains()).eligible == met, missing
        flat = re.sub(r"\s+", " ", text.replace("*", ""))
        assert f"a {len(validated)} compétences validées ; les {len(missing)} non validées" in flat


@pytest.mark.parametrize("minimum, per_domain", [(23, 2), (22, 3)])
def test_the_referentiel_pages_take_the_numbers_from_the_rule(monkeypatch, minimum, per_domain):
    monkeypatch.setattr(certification, "MIN_VALIDATED", minimum)
    monkeypatch.setattr(certification, "MAX_NOT_VALIDATED_PER_DOMAIN", per_domain)
    data = validate(DATA_DIR)
    out = dict(referentiel.pages(data, generation_context()))
    overview = out[referentiel.OVERVIEW]
    # The rule in full lives on Conditions only: the overview links there and states no number of it.
    assert "(../comprendre/conditions.md)" in overview and not statements(overview)
    domain = out["referentiel/a-1/index.md"]
    assert f"au plus {per_domain} d'entre elles peuvent rester non validées" in domain
