"""« Mon positionnement »: the page's JavaScript gives the Python rule's verdict, word for word,
on the shared test vectors; the ticks survive a reload; « Tout effacer » clears them; without
JavaScript the page is still a checklist."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts import positionnement
from scripts.referentiel import by_domain, certification, competencies
from scripts.referentiel.__main__ import main as certification_main
from scripts.validate import validate
from tests.test_browser_harness import AXE_TAGS

ADDRESS = "positionnement/"
COMPETENCIES = competencies(validate()["competences"])


@pytest.fixture(scope="module")
def vectors() -> list[dict]:
    """The shared vectors, computed by the Python rule here: test material, never published."""
    return positionnement.vectors(by_domain(validate()["competences"]))


def test_no_test_material_is_published(site_dir):
    assert not list(site_dir.rglob("vecteurs*"))


# The shared vectors -------------------------------------------------------------------------

def test_the_vectors_cover_every_boundary_of_the_rule(vectors):
    expected = [v["expected"] for v in vectors]
    counts = {e["validated"] for e in expected}
    assert {0, 1, 22, 23, 28} <= counts
    assert any(e["validated"] == 23 and e["eligible"] for e in expected)
    assert any(e["validated"] == 22 and not e["eligible"] and v["face_a_face"]
               for v, e in zip(vectors, expected))
    worst = [(max(e["not_validated_by_domain"].values()), e["eligible"]) for e in expected]
    assert (2, True) in worst and (3, False) in worst
    assert any(e["validated"] == 23 and max(e["not_validated_by_domain"].values()) == 3 for e in expected)
    assert any(v["codes"] and len(v["codes"]) == 28 and not v["face_a_face"] and not e["eligible"]
               for v, e in zip(vectors, expected))


def test_the_vectors_are_what_the_command_line_prints(vectors, capsys):
    for vector in vectors:
        assert certification_main((["--face-a-face"] if vector["face_a_face"] else []) + vector["codes"]) == 0
        assert json.loads(capsys.readouterr().out) == vector["expected"], vector["name"]


# The page without a browser -----------------------------------------------------------------

def test_every_competency_has_its_checkbox_and_a_link_to_its_page(pages):
    html = pages[ADDRESS]
    for competency in COMPETENCIES:
        box = re.search(rf'<input type="checkbox" id="([^"]+)" name="competence" value="{re.escape(competency.code)}">',
                        html)
        assert box, competency.code
        assert f'<label for="{box.group(1)}">' in html
        target = competency.page.removesuffix(".md") + "/"
        assert f'href="../{target}">fiche {competency.code}</a>' in html
    assert html.count('name="competence"') == 28
    assert re.search(r'<input type="checkbox" id="[^"]+" name="face-a-face"', html)
    verdict_tag = re.search(r'<div [^>]*class="c2i2e-verdict"[^>]*>', html).group(0)
    assert 'role="status"' in verdict_tag and 'aria-live="polite"' in verdict_tag


def test_the_page_takes_the_rule_s_words_from_python(pages):
    form = re.search(r'<form [^>]*data-regle="([^"]*)"', pages[ADDRESS])
    config = json.loads(unescape(form.group(1)))
    assert config["regle"] == {"minimum": certification.MIN_VALIDATED,
                               "max_par_domaine": certification.MAX_NOT_VALIDATED_PER_DOMAIN,
                               "messages": certification.MESSAGES}


def test_the_referentiel_overview_links_to_the_tool(pages):
    rule = pages["referentiel/"].split('id="la-regle-de-certification"', 1)[1].split("<h2", 1)[0]
    assert 'href="../positionnement/">Mon positionnement</a>' in rule


# In the browser -----------------------------------------------------------------------------

def verdict(page) -> tuple[str | None, list[str]]:
    element = page.locator("[data-c2i2e-verdict]")
    return element.get_attribute("data-eligible"), element.locator("li").all_inner_texts()


def tick(page, codes: list[str], face: bool) -> None:
    for code in codes:
        page.check(f'input[name="competence"][value="{code}"]')
    if face:
        page.check('input[name="face-a-face"]')


def checked(page) -> list[str]:
    return page.eval_on_selector_all('input[name="competence"]:checked', "boxes => boxes.map(b => b.value)")


@pytest.mark.browser
def test_the_browser_gives_the_python_verdict_for_every_shared_vector(site_url, page, vectors):
    page.goto(site_url + ADDRESS)
    for vector in vectors:
        page.get_by_role("button", name="Tout effacer").click()
        page.wait_for_function("() => !document.querySelector('#c2i2e-positionnement input:checked')")
        tick(page, vector["codes"], vector["face_a_face"])
        eligible, reasons = verdict(page)
        expected = vector["expected"]
        assert (eligible, reasons) == (json.dumps(expected["eligible"]), expected["reasons"]), vector["name"]
        title = page.locator(".c2i2e-verdict__titre").inner_text()
        assert title == ("Conditions remplies" if expected["eligible"] else "Conditions pas encore remplies")


@pytest.mark.browser
def test_the_ticks_survive_a_reload_and_tout_effacer_clears_them(site_url, page):
    page.goto(site_url + ADDRESS)
    tick(page, ["A.1.1", "B.4.3"], face=True)
    before = verdict(page)
    page.reload()
    assert checked(page) == ["A.1.1", "B.4.3"]
    assert page.is_checked('input[name="face-a-face"]')
    assert verdict(page) == before

    page.get_by_role("button", name="Tout effacer").click()
    page.wait_for_function("() => !localStorage.getItem('c2i2e-positionnement')")
    assert checked(page) == [] and not page.is_checked('input[name="face-a-face"]')
    assert verdict(page)[1][0].startswith("0 compétence validée sur 28")
    page.reload()
    assert checked(page) == []


@pytest.mark.browser
def test_the_summary_downloads_as_a_markdown_file(site_url, page):
    page.goto(site_url + ADDRESS)
    tick(page, ["A.2.1"], face=False)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Télécharger le bilan")).click()
    download = info.value
    assert download.suggested_filename == "positionnement-c2i2e.md"
    with open(download.path(), encoding="utf-8") as file:
        text = file.read()
    assert text.startswith("# Mon positionnement C2i2e\n")
    assert "## Bilan : Conditions pas encore remplies" in text
    assert "- 1 compétence validée sur 28 : il en faut au moins 23, validez-en encore 22." in text
    assert "- [x] A.2.1 Utiliser des ressources en ligne" in text
    assert "- [ ] A.1.1 Identifier les personnes ressources Tic" in text
    assert "- [ ] J'ai mis en œuvre moi-même au moins une situation réelle" in text


@pytest.mark.browser
def test_the_tool_works_after_an_instant_navigation(site_url, page):
    page.goto(site_url + "referentiel/")
    page.locator("article").get_by_role("link", name="Mon positionnement").first.click()
    page.wait_for_url(site_url + ADDRESS)
    # No page load happened: the script set the new page up from Material's document$.
    page.wait_for_selector("[data-c2i2e-verdict][data-eligible]")
    assert page.evaluate("performance.getEntriesByType('navigation')[0].name") == site_url + "referentiel/"
    tick(page, ["A.1.1"], face=False)
    assert verdict(page)[1][0].startswith("1 compétence validée sur 28")
    assert page.locator("[data-c2i2e-telecharger]").is_visible()


@pytest.mark.browser
def test_no_accessibility_violation_with_a_verdict_shown_and_in_print(site_url, page):
    page.goto(site_url + ADDRESS)
    tick(page, ["A.1.1", "A.1.2"], face=True)
    # The page's content, now holding a verdict (the theme's frame is checked by the harness).
    result = Axe().run(page, context=".md-content", options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]] == []
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Tout effacer").is_visible()
    assert page.locator("[data-c2i2e-verdict]").is_visible()
    assert page.is_checked('input[value="A.1.2"]')


@pytest.mark.browser
def test_without_javascript_the_page_is_a_checklist_that_says_why_there_is_no_verdict(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(site_url + ADDRESS)
        element = page.locator("[data-c2i2e-verdict]")
        assert element.get_attribute("data-eligible") is None
        assert "Le bilan automatique a besoin de JavaScript" in element.inner_text()
        assert "au moins 23 compétences validées sur 28" in element.inner_text()
        assert page.locator('input[name="competence"]').count() == 28
        page.check('input[value="B.2.2"]')
        assert page.is_checked('input[value="B.2.2"]')
        assert not page.locator("[data-c2i2e-telecharger]").is_visible()
        assert not page.locator("[data-c2i2e-imprimer]").is_visible()
    finally:
        context.close()
