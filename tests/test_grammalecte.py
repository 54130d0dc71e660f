"""Grammalecte, the French grammar checker LibreOffice uses (Debian's libreoffice-grammalecte), reads
the prose of every built page (scripts/tools/grammalecte.py): any report it makes must be a false
positive reviewed in tests/grammalecte-faux-positifs.yaml, and every entry there must still occur."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.tools import grammalecte

LIST = Path(__file__).with_name("grammalecte-faux-positifs.yaml")
MAX_ENTRIES = 25


@pytest.fixture(scope="module")
def engine():
    try:
        return grammalecte.engine()
    except grammalecte.EngineMissing as error:
        pytest.fail(f"{error} (« make test » l'installe).")


def test_every_page_reads_as_correct_french(pages, engine):
    built = {"/" + address: html for address, html in pages.items()}
    unlisted, stale = grammalecte.review(grammalecte.check_pages(built), grammalecte.false_positives(LIST))
    problems = [str(report) for report in unlisted]
    problems += [f"{entry} : faux positif listé qui ne se produit plus, retirez-le de {LIST.name}" for entry in stale]
    if problems:
        pytest.fail(f"{len(unlisted)} problème(s) signalé(s) par Grammalecte (corrigez le texte, ou ajoutez un faux "
                    f"positif relu à {LIST.name}), {len(stale)} entrée(s) périmée(s) :\n" + "\n".join(problems),
                    pytrace=False)


def test_the_list_of_false_positives_is_short_and_reasoned():
    entries = grammalecte.false_positives(LIST)
    assert 0 < len(entries) <= MAX_ENTRIES, f"{len(entries)} faux positifs listés : {MAX_ENTRIES} au plus."
    assert len({(e.page, e.text) for e in entries}) == len(entries), "une entrée est listée deux fois"
    assert all(entry.reason.endswith(".") for entry in entries), "chaque raison est une phrase complète"


PAGE = """<html><body><header><p>Portail: titre</p></header>
<article class="md-content__inner md-typeset">
<a class="md-content__button" title="Modifier">✎</a>
<h1 id="t">Le titre<a class="headerlink" href="#t">&para;</a></h1>
<p>Lancez <code>make   test</code> le
1<sup>er</sup> mars.</p>
<ul><li>un point ;<ul><li>un sous-point</li></ul></li></ul>
<div class="admonition note"><p class="admonition-title">Note</p><p>Texte<br>suite</p></div>
<table><tr><th>Champ</th><td><code>nom</code></td></tr></table>
<pre><code>print("pas de la prose")</code></pre>
<script>var prose = "non";</script>
</article>
<footer><div class="md-footer-meta"><p>Université\u00a0— INSPE</p></div></footer></body></html>"""


def test_prose_is_the_articles_text_paragraph_by_paragraph_without_code_or_chrome():
    assert grammalecte.article(PAGE) == [
        "Le titre", f"Lancez {grammalecte.CODE} le 1ᵉʳ mars.", "un point ;", "un sous-point",
        "Note", "Texte", "suite", "Champ"]
    assert grammalecte.footer(PAGE) == ["Université\u00a0— INSPE"]


def _report(address: str, before: str, text: str, after: str, rule: str) -> grammalecte.Report:
    return grammalecte.Report(address, text, before, after, "message", rule)


def test_a_false_positive_covers_its_text_on_its_page_for_its_rule_only():
    entry = grammalecte.FalsePositive("/a/", "Libre réponse 71120, 75342 Paris", ("num",), "Codes.")
    first = _report("/a/", "Défenseur des droits, Libre réponse ", "71120", ", 75342 Paris CEDEX 07", "num")
    second = _report("/a/", "Libre réponse 71120,\u00a0", "75342", " Paris", "num")  # no-break spaces fold
    elsewhere = _report("/b/", "Libre réponse ", "71120", ", 75342 Paris", "num")
    other_rule = _report("/a/", "Libre réponse ", "71120", ", 75342 Paris", "unit")
    beyond = _report("/a/", "Libre réponse 71120, 75342 ", "Paris CEDEX", "", "num")  # not all of it in the text
    assert [entry.covers(r) for r in (first, second, elsewhere, other_rule, beyond)] == [True, True, False, False, False]
    unlisted, stale = grammalecte.review([first, elsewhere], [entry])
    assert (unlisted, stale) == ([elsewhere], [])
    assert grammalecte.review([elsewhere], [entry]) == ([elsewhere], [entry])


def test_the_command_prints_one_line_per_report(tmp_path, capsys, engine):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<article class="md-content__inner"><p>Le fichier pèse 12 Ko.</p></article>', encoding="utf-8")
    assert grammalecte.main([str(tmp_path), "page"]) == 1
    line, = capsys.readouterr().out.splitlines()
    assert line.startswith("/page/: « Le fichier pèse ⟦12 Ko⟧. » — ") and line.endswith(" (unit_nbsp_avant_unités3)")
    tmp_path.joinpath("liste.yaml").write_text(
        "- {page: /page/, texte: 12 Ko, regle: unit_nbsp_avant_unités3, raison: Pour l'essai.}\n", encoding="utf-8")
    assert grammalecte.main([str(tmp_path), "--faux-positifs", str(tmp_path / "liste.yaml")]) == 0
    assert capsys.readouterr().out == ""
