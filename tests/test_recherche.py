"""« Recherche »: the portal's one search (Pagefind, indexed after each build), through its real
interface in Chromium, on both builds: it finds what students type without accents, it costs
nothing until they search, and it is complete at the keyboard and told to a screen reader."""

from __future__ import annotations

import re
import shutil

import pytest

from scripts import recherche
from scripts.core.built import BuiltSite
from scripts.core.cache import DiskCache
from scripts.recherche import BUNDLE
from scripts.referentiel import competencies
from scripts.validate import validate
from tests.conftest import ready_for_instant_navigation
from tests.test_keyboard import FOCUSED, PHONE, WIDE

pytestmark = pytest.mark.browser

# What a student types (no accents, phone keyboard), and the page that must come among the
# first three results.
QUERIES = [
    ("referent", "annuaire/"),
    ("deroulement", "comprendre/deroulement/"),
    ("b.3.1", "referentiel/b-3/b-3-1/"),
    ("emaeval", "preparer/dossier/"),
    ("combien de competences faut il", "comprendre/conditions/"),
    ("telephone scolarite", "contacts/"),
    ("soutenance", "preparer/soutenance/"),
    ("positionnement", "positionnement/"),
    ("modele dossier evaluation", "modeles/"),
    ("donnees personnelles", "donnees-personnelles/"),
    ("accessibilite", "accessibilite/"),
    ("qui contacter", "contacts/"),
    ("titularisation", "actualites/2026-11-29-c2i2e-titularisation/"),
    ("referentiel national", "referentiel/"),
]


def is_search_asset(url: str) -> bool:
    """Pagefind's files, and the part of the portal's search fetched with them (the first search pays for it)."""
    return f"/{BUNDLE}/" in url or url.endswith("/assets/javascripts/recherche.js")


def open_search(page, url: str, viewport=WIDE) -> None:
    page.set_viewport_size(viewport)
    page.goto(url)
    page.locator(".c2i2e-recherche__ouvrir").click()
    page.locator("#c2i2e-recherche-champ").wait_for(state="visible")


def search(page, query: str, typed: bool = True) -> list[str]:
    """Type the query as a person does (or, not `typed`, give it at once), wait for the announcement,
    return the results' addresses."""
    field = page.locator("#c2i2e-recherche-champ")
    field.fill("")
    if typed:
        field.press_sequentially(query, delay=20)
    else:
        field.fill(query)
    page.wait_for_function("q => document.querySelector('.c2i2e-recherche__etat').textContent.endsWith('« ' + q + ' »')",
                           arg=query)
    return page.eval_on_selector_all(".c2i2e-recherche__lien", "links => links.map(a => a.href)")


def address_of(href: str, site_url: str) -> str:
    return href.removeprefix(site_url).split("#")[0]


def test_it_finds_what_students_type_without_accents(site_url, page):
    open_search(page, site_url)
    missed = []
    for number, (query, expected) in enumerate(QUERIES):
        # Two typed key by key (each key starts a search, the last one's results must win), the rest given whole.
        first = [address_of(href, site_url) for href in search(page, query, typed=number < 2)[:3]]
        if expected not in first:
            missed.append(f"« {query} » : {expected} attendu parmi les 3 premiers, obtenu {first}")
    assert not missed, "\n".join(missed)
    assert len(QUERIES) >= 12


def test_every_competency_comes_first_when_its_code_is_typed(site_url, page):
    open_search(page, site_url)
    missed = []
    for competency in competencies(validate()["competences"]):
        first = address_of(search(page, competency.code.lower(), typed=False)[0], site_url)
        if first != competency.page.removesuffix(".md") + "/":
            missed.append(f"{competency.code} → {first}")
    assert not missed, missed


def test_a_result_shows_its_page_the_section_and_a_highlighted_excerpt(site_url, page):
    open_search(page, site_url)
    hrefs = search(page, "soutenance")
    first = page.locator(".c2i2e-recherche__resultat").first
    assert first.locator(".c2i2e-recherche__page").inner_text() == "La soutenance"
    assert first.locator(".c2i2e-recherche__extrait mark").count() >= 1
    assert "soutenance" in first.locator(".c2i2e-recherche__extrait mark").first.inner_text().lower()
    # Another result leads to the section where the word matters, by its anchor.
    sections = page.locator(".c2i2e-recherche__section")
    assert sections.count() >= 1 and any("#" in href for href in hrefs)
    assert "¶" not in page.locator(".c2i2e-recherche__resultats").inner_text()


def test_the_printable_templates_are_kept_out_so_a_competency_comes_first(site_url, page):
    open_search(page, site_url)
    hrefs = [address_of(h, site_url) for h in search(page, "conduire des situations d'apprentissage")]
    assert hrefs and hrefs[0].startswith("referentiel/")
    assert not [h for h in search(page, "dossier d'evaluation") if re.search(r"/modeles/[ab]-\d-\d/", h)]


def test_opening_the_search_is_what_loads_it(site_url, page):
    """Until then, no page loads anything of it (every page's first load: tests/test_browser_harness.py)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    assert not [url for url in requested if is_search_asset(url)]
    page.locator(".c2i2e-recherche__ouvrir").click()
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/'))")


def test_the_first_search_and_the_next_ones_stay_within_their_weight(site_url, cold_page):
    """Bytes on the wire (gzip, as the static host sends them): at most 150 KB for the first search,
    Pagefind's French WebAssembly included; at most 20 KB for each index fragment after it."""
    page = cold_page
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(
        request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])
        if is_search_asset(request.url) else None)
    open_search(page, site_url)
    # Each query given at once: typed, a pause longer than the search's wait between two keys (a loaded
    # machine makes one) searches a prefix too, which fetches the index chunk of its own words.
    search(page, "soutenance", typed=False)
    first = sum(sizes.values())
    before = set(sizes)
    for query in ("jury", "titularisation", "vcard", "formspree", "accessibilite"):
        search(page, query, typed=False)
    later = {url: size for url, size in sizes.items() if url not in before}
    assert 0 < first <= 150 * 1024, first
    # Later searches fetch only the index: the chunk of words a query needs (Pagefind sizes them,
    # 10 to 40 KB here, measured by make bench) and the result fragments, each small.
    assert later and all(re.search(r"/pagefind/(index|fragment)/", url) for url in later), later
    fragments = [size for url, size in later.items() if "/fragment/" in url]
    assert fragments and max(fragments) <= 20 * 1024, later


def shortcuts_on(page, url: str) -> None:
    """The page at `url`, with the single-key shortcuts on (they are off by default: the footer's switch)."""
    page.goto(url)
    page.evaluate("() => localStorage.setItem('portail.raccourcis', 'oui')")
    page.reload()


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_materials_shortcuts_open_it_and_escape_gives_the_focus_back(site_url, page, key):
    shortcuts_on(page, site_url + "comprendre/conditions/")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press(key)
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    assert page.evaluate("() => document.activeElement.id") == "c2i2e-recherche-champ"
    assert page.locator("#c2i2e-recherche-champ").input_value() == ""  # the key is not typed in
    page.keyboard.press("Escape")
    # Closed, then the focus back on the button: the dialog's « close » event, which gives it back, comes
    # a task after the dialog closes.
    page.wait_for_function("() => !document.getElementById('c2i2e-recherche').open"
                           " && document.activeElement.classList.contains('c2i2e-recherche__ouvrir')")


def test_the_button_opens_it_and_the_keyboard_reaches_every_result(site_url, page):
    page.goto(site_url)
    # The button, reached with Tab, opens it with Enter; its name says what it does.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('c2i2e-recherche__ouvrir')"):
            break
    assert page.evaluate(FOCUSED)["name"] == "Rechercher"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'c2i2e-recherche-champ'")
    hrefs = search(page, "soutenance")
    assert len(hrefs) >= 3
    # Arrow keys: down through every result, up back to the field.
    reached = []
    for _ in hrefs:
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] and focused["outlined"] and focused["contrast"] >= 3, focused
        reached.append(page.evaluate("() => document.activeElement.href"))
    assert reached == hrefs
    for _ in hrefs:
        page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "c2i2e-recherche-champ"
    # Tab too reaches every result, and stays inside the dialog (the page behind is inert).
    tabbed = []
    for _ in range(len(hrefs) + 4):
        page.keyboard.press("Tab")
        tabbed.append(page.evaluate("() => document.activeElement.closest('dialog') ? "
                                    "(document.activeElement.href || document.activeElement.id || 'x') : 'dehors'"))
    assert "dehors" not in tabbed and set(hrefs) <= set(tabbed)
    # Enter on a result follows it, and the dialog is gone.
    page.keyboard.press("Escape")
    page.locator(".c2i2e-recherche__ouvrir").click()
    search(page, "soutenance")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/preparer/soutenance/"))
    assert not page.evaluate("() => document.getElementById('c2i2e-recherche').open")


def test_a_screen_reader_is_told_the_field_the_dialog_and_the_number_of_results(site_url, page):
    open_search(page, site_url)
    dialog = page.get_by_role("dialog", name="Rechercher dans le portail")
    assert dialog.is_visible()
    assert dialog.get_by_role("searchbox", name="Mots à chercher").is_visible()
    status = dialog.get_by_role("status")
    search(page, "soutenance")
    count = page.locator(".c2i2e-recherche__resultat").count()
    assert re.fullmatch(r"\d+ résultats pour « soutenance »", status.inner_text())
    assert status.get_attribute("aria-live") == "polite" and count >= 3
    search(page, "xyzwv")
    assert status.inner_text() == "Aucun résultat pour « xyzwv »"
    assert dialog.get_by_role("button", name="Fermer").is_visible()


def test_at_320_px_the_open_search_and_its_first_result_fit_the_screen(site_url, page):
    # axe on the open search with results, at every size: tests/test_accessibilite.py (« recherche »).
    open_search(page, site_url, {"width": 320, "height": 640})
    search(page, "soutenance")
    assert page.evaluate("() => document.getElementById('c2i2e-recherche').scrollWidth <= window.innerWidth")
    assert page.locator(".c2i2e-recherche__resultat").first.is_visible()


def test_it_works_after_an_instant_navigation(site_url, page):
    shortcuts_on(page, site_url)
    ready_for_instant_navigation(page)
    page.locator(".md-tabs__link", has_text="Le référentiel").click()
    page.wait_for_url(re.compile(r"/referentiel/$"))
    page.get_by_role("heading", level=1, name="Le référentiel national du C2i2e").wait_for()
    assert page.evaluate("performance.getEntriesByType('navigation')[0].name") == site_url  # no reload
    page.keyboard.press("/")
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    assert search(page, "deroulement")


def test_on_a_phone_the_button_is_in_the_header(site_url, page):
    page.set_viewport_size(PHONE)
    page.goto(site_url)
    button = page.get_by_role("button", name="Rechercher")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["y"] < 60 and box["width"] >= 24 and box["height"] >= 24
    button.click()
    assert search(page, "referent")


def test_without_javascript_the_search_slot_leads_to_the_site_map(site_url, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(site_url + "comprendre/conditions/")
        link = page.get_by_role("link", name="Plan du site").first
        assert link.is_visible()
        assert not page.locator(".c2i2e-recherche__ouvrir").is_visible()
        link.click()
        page.wait_for_url(re.compile(r"/plan-du-site/$"))
    finally:
        context.close()


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_the_index_of_pages_built_before_is_copied_from_the_cache_and_is_the_same(site_dir, tmp_path, monkeypatch):
    """An unchanged rebuild (and `make serve` after an edit that changes no page) does not index again."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site, ignore=shutil.ignore_patterns(BUNDLE))
    cache = DiskCache(tmp_path / "cache")
    runs = []
    start = recherche._start_pagefind
    monkeypatch.setattr(recherche, "_start_pagefind", lambda pages, bundle: runs.append(bundle) or start(pages, bundle))
    first = recherche.index(BuiltSite.read(site), cache=cache)()
    made = tmp_path / "made"
    shutil.copytree(site / BUNDLE, made)
    shutil.rmtree(site / BUNDLE)
    assert recherche.index(BuiltSite.read(site), cache=cache)() == first and len(runs) == 1
    assert files(site / BUNDLE) == files(made)
    # A page changes: indexed again.
    page = site / "contacts" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>Une phrase de plus.</p></article>"),
                    encoding="utf-8")
    recherche.index(BuiltSite.read(site), cache=cache)()
    assert len(runs) == 2
