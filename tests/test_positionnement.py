"""« Mon positionnement »: the page's JavaScript gives the Python rule's verdict, word for word,
on the shared test vectors; the ticks survive a reload; « Tout effacer » clears them; without
JavaScript the page is still a checklist."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from scripts import positionnement
from scripts.referentiel import by_domain, certification, competencies, model_page
from scripts.referentiel.__main__ import main as certification_main
from scripts.validate import validate
from tests.conftest import axe_violations, generation_context, ready_for_instant_navigation

# The verdict's titles: the ticks are the candidate's estimate, measured against the rule's thresholds.
TITLE_MET = "Seuils de la règle atteints d'après vos cases"
TITLE_NOT_MET = "Seuils de la règle pas encore atteints d'après vos cases"

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
               for v, e in zip(vectors, expected, strict=True))
    worst = [(max(e["not_validated_by_domain"].values()), e["eligible"]) for e in expected]
    assert (2, True) in worst and (3, False) in worst
    assert any(e["validated"] == 23 and max(e["not_validated_by_domain"].values()) == 3 for e in expected)
    assert any(v["codes"] and len(v["codes"]) == 28 and not v["face_a_face"] and not e["eligible"]
               for v, e in zip(vectors, expected, strict=True))


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
    # A short announcement is the live region, not the verdict, which would be re-read in full after every tick.
    verdict_tag = re.search(r'<div [^>]*class="c2i2e-verdict"[^>]*>', html).group(0)
    assert 'role="status"' not in verdict_tag and "aria-live" not in verdict_tag
    announcement = re.search(r'<p class="c2i2e-annonce"[^>]*>(.*?)</p>', html).group(0)
    assert 'role="status"' in announcement and announcement.endswith("></p>")  # empty until a tick


def test_every_competency_links_to_its_dossier_template(pages):
    html = pages[ADDRESS]
    for competency in COMPETENCIES:
        line = re.search(rf'value="{re.escape(competency.code)}">.*?</li>', html, re.S).group(0)
        target = model_page(competency.code).removesuffix(".md") + "/"
        assert f'href="../{target}">modèle de dossier</a>' in line, competency.code


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
    return element.get_attribute("data-eligible"), element.locator(".c2i2e-verdict__raisons > li").all_inner_texts()


PAGE_OF = {c.code: c.page.removesuffix(".md") + "/" for c in COMPETENCIES}
LABEL_OF = {c.code: f"{c.code} {c.libelle}" for c in COMPETENCIES}


def shown_plan(page, site_url) -> list[dict]:
    """The plan under the verdict, as the rule's `plan` gives it; each competency's two links checked."""
    steps = page.eval_on_selector_all(".c2i2e-plan > li", """items => items.map(item => ({
        texte: item.firstChild.textContent,
        links: Array.from(item.querySelectorAll("li")).map(li => Array.from(li.querySelectorAll("a"))
            .map(a => [a.textContent, a.href]))}))""")
    result = []
    for step in steps:
        codes = []
        for (sheet_text, sheet), (model_text, model) in step["links"]:
            code = sheet_text.split(" ", 1)[0]
            assert sheet_text == LABEL_OF[code] and sheet == site_url + PAGE_OF[code]
            assert model_text == f"modèle de dossier {code}"
            assert model == site_url + model_page(code).removesuffix(".md") + "/"
            codes.append(code)
        reste = int(re.search(r"encore (\d+)", step["texte"]).group(1))
        result.append({"texte": step["texte"], "reste": reste, "codes": codes})
    return result


def tick(page, codes: list[str], face: bool) -> None:
    for code in codes:
        page.check(f'input[name="competence"][value="{code}"]')
    if face:
        page.check('input[name="face-a-face"]')


def click_all(page, codes: list[str], face: bool) -> None:
    """The same ticks, each a click on its box, made from the page in one go: the shared vectors are
    about the verdict, and 250 clicks driven one by one cost a minute (`tick` drives them above)."""
    page.evaluate("""([codes, face]) => {
      for (const code of codes) document.querySelector(`input[name="competence"][value="${code}"]`).click();
      if (face) document.querySelector('input[name="face-a-face"]').click();
    }""", [codes, face])


def checked(page) -> list[str]:
    return page.eval_on_selector_all('input[name="competence"]:checked', "boxes => boxes.map(b => b.value)")


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
    assert verdict(page)[1][0].startswith("0 compétence cochée sur 28")
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
    assert f"## Bilan : {TITLE_NOT_MET}" in text
    assert "- 1 compétence cochée sur 28 : la règle en demande au moins 23, il vous en reste 22 à prouver." in text
    assert "Ce bilan est votre propre estimation : c'est le jury de certification qui décide." in text
    assert "- [x] A.2.1 Utiliser des ressources en ligne" in text
    assert "- [ ] A.1.1 Identifier les personnes ressources Tic" in text
    assert "- [ ] J'ai mis en œuvre moi-même au moins une situation réelle" in text
    # The same plan as on the page (and in print), with absolute links.
    plan = certification.plan(["A.2.1"], by_domain(validate()["competences"]))
    assert "## Ce qu'il vous reste à prouver\n\n1. Domaine A.1 : encore 3 à prouver parmi :\n" in text
    for number, step in enumerate(plan, 1):
        assert f"{number}. {step['texte']}\n" in text
    assert (f"    - [A.1.3 {LABEL_OF['A.1.3'].split(' ', 1)[1]}]({site_url}{PAGE_OF['A.1.3']})"
            f" — [modèle de dossier A.1.3]({site_url}modeles/a-1-3/)") in text


@pytest.mark.browser
def test_the_tool_works_after_an_instant_navigation(site_url, page):
    page.goto(site_url + "referentiel/")
    ready_for_instant_navigation(page)
    page.locator("article").get_by_role("link", name="Mon positionnement").first.click()
    page.wait_for_url(site_url + ADDRESS)
    # No page load happened: the script set the new page up from Material's document$.
    page.wait_for_selector("[data-c2i2e-verdict][data-eligible]")
    assert page.evaluate("performance.getEntriesByType('navigation')[0].name") == site_url + "referentiel/"
    tick(page, ["A.1.1"], face=False)
    assert verdict(page)[1][0].startswith("1 compétence cochée sur 28")
    assert page.locator("[data-c2i2e-telecharger]").is_visible()


@pytest.mark.browser
def test_no_accessibility_violation_with_a_verdict_shown_and_in_print(site_url, page):
    page.goto(site_url + ADDRESS)
    tick(page, ["A.1.1", "A.1.2"], face=True)
    # The page's content, now holding a verdict (the theme's frame is checked by the harness).
    assert axe_violations(page, ".md-content") == []
    page.get_by_role("button", name="Replier A.1").click()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Tout effacer").is_visible()
    assert page.locator("[data-c2i2e-verdict]").is_visible()
    # The printed bilan carries the plan; the bar and the fold buttons are not printed, a folded
    # domain is printed whole.
    assert page.locator(".c2i2e-plan").is_visible()
    assert page.locator(".c2i2e-plan > li").first.inner_text().startswith("Domaine A.1 : encore 1 à prouver parmi :")
    assert not page.locator("[data-c2i2e-resume]").is_visible()
    assert not page.locator(".c2i2e-domaine__replier").first.is_visible()
    assert page.locator('input[value="A.1.5"]').is_visible()
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
        assert "règle de certification (lien au début de la page)" in element.inner_text()
        assert "validée" not in element.inner_text()
        assert page.locator('input[name="competence"]').count() == 28
        page.check('input[value="B.2.2"]')
        assert page.is_checked('input[value="B.2.2"]')
        assert not page.locator("[data-c2i2e-telecharger]").is_visible()
        assert not page.locator("[data-c2i2e-imprimer]").is_visible()
        # No bar, no fold buttons: the whole checklist and the rule's text, as before.
        assert not page.locator("[data-c2i2e-resume]").is_visible()
        assert page.locator(".c2i2e-domaine__etat").count() == 0
        assert page.locator("[data-c2i2e-verdict]").is_visible()
    finally:
        context.close()


# On a phone and a desktop -------------------------------------------------------------------

VIEWPORTS = pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)], ids=["390px", "1280px"])
# What no size changes (the words said, the counts), on a phone only.
ON_A_PHONE = pytest.mark.parametrize("width,height", [(390, 844)], ids=["390px"])
DOMAINS = by_domain(validate()["competences"])

# Where the focused element is, and whether a person sees it: the point at the centre of its box
# hit-tests to it (nothing, the bar included, lies on top), and it lies inside the viewport.
FOCUS_SEEN = """() => {
  const element = document.activeElement;
  const rects = Array.from(element.getClientRects()).filter(r => r.width && r.height);
  const seen = rects.length > 0 && rects.every(box => {
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= window.innerHeight && hit !== null &&
      (hit === element || element.contains(hit));
  });
  const bar = document.querySelector('[data-c2i2e-resume]').getBoundingClientRect();
  return {tag: element.tagName, value: element.value || element.textContent.trim(), seen: seen,
          rects: rects.map(r => [r.top, r.bottom]), bar: [bar.top, bar.bottom], height: window.innerHeight};
}"""

BAR_SEEN = """() => {
  const bar = document.querySelector('[data-c2i2e-resume]');
  const box = bar.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
  return box.top >= 0 && box.bottom <= window.innerHeight + 0.5 && bar.contains(hit);
}"""


def bar_text(validated: list[str], face: bool) -> str:
    """What the bar says for this state: the count, then what is missing, in short."""
    verdict = certification.evaluate(validated, face, DOMAINS)
    if verdict.eligible:
        return f"{verdict.validated} / 28 — seuils atteints d'après vos cases"
    parts = []
    if verdict.validated < 23:
        parts.append(f"il en manque {23 - verdict.validated}")
    over = {d: n for d, n in verdict.not_validated_by_domain.items() if n > 2}
    if len(over) == 1:
        parts.extend(f"{d} : {n} non cochées" for d, n in over.items())
    elif over:
        parts.append(f"{len(over)} domaines à plus de 2 non cochées")
    if not face:
        parts.append("il manque le face-à-face")
    return f"{verdict.validated} / 28 — " + " ; ".join(parts)


@pytest.mark.browser
@VIEWPORTS
def test_the_summary_bar_stays_in_sight_and_never_hides_the_focus(site_url, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + ADDRESS)
    page.locator("#c2i2e-positionnement legend").first.scroll_into_view_if_needed()
    page.focus("h1")
    ticked: list[str] = []
    face = False
    seen_boxes = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SEEN)
        if not page.evaluate("() => !!document.activeElement.closest('#c2i2e-positionnement')"):
            if seen_boxes:
                break
            continue
        assert focus["seen"], focus
        if focus["tag"] == "INPUT":
            seen_boxes += 1
            # Tick one box in three, anywhere on the page, with the keyboard.
            if seen_boxes % 3 == 1:
                page.keyboard.press("Space")
                if focus["value"] == "oui":
                    face = True
                else:
                    ticked.append(focus["value"])
            assert page.evaluate(BAR_SEEN) or page.evaluate(
                "() => document.querySelector('[data-c2i2e-verdict]').getBoundingClientRect().top < innerHeight")
            if not page.evaluate("() => document.activeElement.closest('fieldset').querySelector('[hidden]')"):
                assert page.locator("[data-c2i2e-resume-texte]").inner_text() == bar_text(ticked, face)
    assert seen_boxes == 29
    assert page.locator("[data-c2i2e-resume-texte]").inner_text() == bar_text(ticked, face)
    # The bar opens the full verdict: focus moves to it, in sight.
    page.get_by_role("button", name="Voir le bilan complet").click()
    assert page.evaluate("() => document.activeElement.id") == "c2i2e-verdict"
    assert page.evaluate("""() => {
      const title = document.activeElement.querySelector('.c2i2e-verdict__titre').getBoundingClientRect();
      const hit = document.elementFromPoint(title.left + 10, title.top + title.height / 2);
      return title.top >= 0 && title.bottom <= innerHeight && document.activeElement.contains(hit);
    }""")


@pytest.mark.browser
@VIEWPORTS
def test_the_browser_gives_the_python_verdict_and_the_bar_its_short_form_for_every_shared_vector(
        site_url, page, vectors, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + ADDRESS)
    assert page.locator("[data-c2i2e-resume-texte]").inner_text() == "0 / 28 — il en manque 23 ; " \
        "7 domaines à plus de 2 non cochées ; il manque le face-à-face"
    for vector in vectors:
        page.get_by_role("button", name="Tout effacer").click()
        page.wait_for_function("() => !document.querySelector('#c2i2e-positionnement input:checked')")
        click_all(page, vector["codes"], vector["face_a_face"])
        eligible, reasons = verdict(page)
        expected = vector["expected"]
        assert (eligible, reasons) == (json.dumps(expected["eligible"]), expected["reasons"]), vector["name"]
        title = page.locator(".c2i2e-verdict__titre").first.inner_text()
        assert title == (TITLE_MET if expected["eligible"] else TITLE_NOT_MET)
        assert shown_plan(page, site_url) == vector["plan"], vector["name"]
        assert page.locator("[data-c2i2e-resume-texte]").inner_text() == bar_text(vector["codes"],
                                                                                   vector["face_a_face"])
        # Scrolled to the top of the form, the bar is in sight, over nothing the person is using.
        page.locator("#c2i2e-positionnement legend").first.scroll_into_view_if_needed()
        assert page.evaluate(BAR_SEEN), vector["name"]


@pytest.mark.browser
@ON_A_PHONE
def test_each_domain_shows_its_count_and_its_rule_state(site_url, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + ADDRESS)
    tick(page, ["A.1.1", "A.1.2", "A.1.3", "A.2.1"], face=False)
    expected = {"A.1": (3, 5, True), "A.2": (1, 3, True), "A.3": (0, 4, False), "B.1": (0, 3, False),
                "B.2": (0, 5, False), "B.3": (0, 5, False), "B.4": (0, 3, False)}
    for domain, (validated, total, ok) in expected.items():
        fieldset = page.locator(f'fieldset[data-domaine="{domain}"]')
        rule_state = ("au plus 2 non cochées : dans la limite de la règle" if ok else
                      f"{total - validated} non cochées, la règle en admet au plus 2")
        text = f"{validated} / {total} cochées — {rule_state}"
        assert fieldset.locator(".c2i2e-domaine__compte").inner_text() == text
        meter = fieldset.get_by_role("meter", name=text)
        assert meter.is_visible()
        assert (meter.get_attribute("aria-valuenow") or meter.evaluate("m => String(m.value)")) == str(validated)
        assert meter.evaluate("m => [m.min, m.max]") == [0, total]
    # The fieldset's name is still its legend: the count does not re-name the group.
    assert page.get_by_role("group", name=re.compile(r"^A\.1 — ")).count() == 1


@pytest.mark.browser
@VIEWPORTS
def test_a_domain_folds_and_unfolds_with_the_keyboard(site_url, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + ADDRESS)
    tick(page, ["B.1.1", "B.1.2", "B.1.3"], face=False)
    before = page.evaluate("document.documentElement.scrollHeight")
    # From the last link of the domain before, one Tab reaches B.1's fold button.
    page.focus('fieldset[data-domaine="A.3"] li:last-child a:last-child')
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Replier B.1")
    assert button.evaluate("b => b === document.activeElement")
    assert button.get_attribute("aria-expanded") == "true"
    assert button.get_attribute("aria-controls") == page.locator('fieldset[data-domaine="B.1"] ul').get_attribute("id")
    page.keyboard.press("Enter")
    folded = page.get_by_role("button", name="Déplier B.1")
    assert folded.get_attribute("aria-expanded") == "false"
    assert folded.evaluate("b => b === document.activeElement")
    assert page.evaluate(FOCUS_SEEN)["seen"]
    assert not page.locator('input[value="B.1.1"]').is_visible()
    fieldset = page.locator('fieldset[data-domaine="B.1"]')
    assert fieldset.locator("legend").is_visible()
    assert fieldset.locator(".c2i2e-domaine__compte").inner_text() == (
        "3 / 3 cochées — au plus 2 non cochées : dans la limite de la règle")
    assert page.evaluate("document.documentElement.scrollHeight") < before
    assert page.is_checked('input[value="B.1.1"]')  # folding keeps the ticks
    page.keyboard.press("Space")
    assert page.get_by_role("button", name="Replier B.1").get_attribute("aria-expanded") == "true"
    assert page.locator('input[value="B.1.1"]').is_visible()


@pytest.mark.browser
@ON_A_PHONE
def test_a_tick_is_announced_in_one_short_sentence(site_url, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + ADDRESS)
    live = page.locator('#c2i2e-positionnement [role="status"], #c2i2e-positionnement [aria-live]')
    assert live.count() == 1  # one live region, the announcement; the verdict is not one
    announcement = page.locator("[data-c2i2e-annonce]")
    assert announcement.text_content() == ""  # nothing said on arrival
    page.check('input[value="A.1.1"]')
    assert announcement.text_content() == "1 compétence cochée sur 28."
    page.check('input[value="B.3.5"]')
    assert announcement.text_content() == "2 compétences cochées sur 28."
    # A change of verdict is said too, in the rule's title, and only then.
    spread = [c for c in (code for codes in DOMAINS.values() for code in codes)
              if c not in ("A.1.5", "A.2.3", "A.3.4", "B.1.3", "B.2.5")]
    tick(page, [c for c in spread if c not in ("A.1.1", "B.3.5", "B.4.3")], face=True)
    assert announcement.text_content() == "22 compétences cochées sur 28."
    page.check('input[value="B.4.3"]')
    assert announcement.text_content() == f"23 compétences cochées sur 28. {TITLE_MET}."
    page.uncheck('input[value="B.4.3"]')
    assert announcement.text_content() == f"22 compétences cochées sur 28. {TITLE_NOT_MET}."
    # The full verdict is read on demand: the bar's button moves the focus onto it.
    page.get_by_role("button", name="Voir le bilan complet").click()
    focused = page.evaluate("() => document.activeElement.innerText")
    assert focused.startswith(TITLE_NOT_MET + "\n")
    assert "Pour atteindre 23 : encore 1 à prouver parmi :" in focused


def test_the_ticks_are_the_candidate_s_estimate_never_a_validation():
    """Validation is the commission's and the jury's (the official page): the tool never says a tick is one."""
    data = validate()
    markdown = dict(positionnement.pages(data, generation_context()))[positionnement.PAGE]
    words = " ".join([*certification.MESSAGES.values(), unescape(markdown)])
    assert "remplissez les conditions" not in words.lower() and "conditions remplies" not in words.lower()
    assert not re.search(r"(?<!non )\bvalidées?\b", words), re.findall(r".{30}(?<!non )\bvalidées?\b.{10}", words)
    assert "votre propre estimation : c'est le jury de certification qui décide" in words
