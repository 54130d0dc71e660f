"""Keyboard use, in Debian's Chromium: a person who navigates with the keyboard only
can skip to the content, always sees where the focus is (a contour with at least 3:1
contrast, on a visible element), and moves through the navigation,
on a wide screen and on a phone-sized one (where the menu is a drawer).

Filling in and sending each form with the keyboard alone is tested with the forms
(tests/test_formulaires_browser.py, `test_the_keyboard_alone_fills_and_sends_each_form`), the
search with the search (tests/test_recherche.py); here, the focus walk also goes through a
form page.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_STOPS = 400

# The focused element, as a person sees it once the focus styles have settled: where
# it is, and its focus indicator (outline or box-shadow), with the contrast of the
# outline against what is behind the element.
FOCUSED = """async () => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  // Let the focus styles' transitions (colour, opacity: 0.25 s in Material) finish first.
  await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null)));
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const background = (node) => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  // A control drawn by its label (the palette's visually hidden radio button): what a
  // person sees focused, and where the focus style is, is the label.
  const next = element.nextElementSibling;
  const drawn = (element.getBoundingClientRect().width === 0 && next && next.tagName === "LABEL"
                 && next.getBoundingClientRect().width > 0) ? next : null;
  const shown = drawn || element;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  // The outline is drawn outside the element: compare it with what is behind the element.
  const behind = background(shown.parentElement || shown);
  const outlineColour = parse(style.outlineColor);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1 && outlineColour
    && outlineColour.a > 0;
  const name = (element.getAttribute("aria-label") || element.innerText || element.value
                || element.getAttribute("title") || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return {
    tag: element.tagName.toLowerCase(),
    name,
    href: element.getAttribute("href"),
    classes: typeof element.className === "string" ? element.className : "",
    key: element.tagName + "|" + (element.id || "") + "|" + (element.getAttribute("href") || "") + "|"
         + name + "|" + Math.round(box.x) + "|" + Math.round(box.y + window.scrollY),
    visible: box.width > 0 && box.height > 0 && style.visibility !== "hidden"
             && box.right > 0 && box.bottom > 0 && box.left < window.innerWidth && box.top < window.innerHeight,
    outlined,
    shadow: style.boxShadow !== "none",
    contrast: outlined ? contrast(over(outlineColour, behind), behind) : null,
  };
}"""


def tab_walk(page, limit: int = MAX_STOPS) -> list[dict]:
    """Press Tab until the focus leaves the page (or comes back to the first stop)."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop["key"] == stops[0]["key"]):
            break
        stops.append(stop)
    return stops


def focus_problems(stops: list[dict], where: str) -> list[str]:
    problems = []
    for number, stop in enumerate(stops, start=1):
        label = f"{where} arrêt {number} : <{stop['tag']} class=\"{stop['classes']}\"> « {stop['name']} »"
        if not stop["visible"]:
            problems.append(f"{label} : l'élément qui a le focus n'est pas visible à l'écran")
        elif not (stop["outlined"] or stop["shadow"]):
            problems.append(f"{label} : aucun contour ni ombre de focus")
        elif stop["outlined"] and stop["contrast"] < 3:
            problems.append(f"{label} : contour de focus peu visible (contraste {stop['contrast']:.1f}:1 < 3:1)")
    return problems


# Styles are checked in their final state: transitions would only make each Tab stop wait.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def open_page(page, url: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.goto(url, wait_until="networkidle")
    page.add_style_tag(content=NO_TRANSITIONS)


# One page of each kind (those present in the build): home, information, référentiel
# overview, competency, directory, form, self-assessment. On a phone, the first, the
# competency and the form.
WALKED = ["", "comprendre/conditions/", "referentiel/", "referentiel/b-3/b-3-1/",
          "annuaire/", "formulaires/poser-une-question/", "positionnement/"]
WALKED_ON_A_PHONE = ["", "referentiel/b-3/b-3-1/", "formulaires/poser-une-question/"]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["large", "telephone"])
def test_focus_is_always_visible_along_a_tab_walk(pages, site_url, page, viewport):
    problems = []
    for address in [a for a in (WALKED if viewport is WIDE else WALKED_ON_A_PHONE) if a in pages]:
        open_page(page, site_url + address, viewport)
        stops = tab_walk(page)
        assert len(stops) >= 3, f"/{address} : presque rien n'est atteignable au clavier"
        problems += focus_problems(stops, f"/{address}")
    assert not problems, "\n".join(problems)


def test_the_skip_link_takes_the_focus_to_the_content(site_url, page):
    open_page(page, site_url + "comprendre/conditions/", WIDE)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["name"] == "Aller au contenu" and first["visible"] and first["outlined"], first
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.length > 1")
    # The target is the content's start: its first heading (MkDocs) or an anchor just before it (Zensical).
    assert page.evaluate("""() => {
      const target = document.querySelector(location.hash), content = document.querySelector('.md-content');
      return !!target && content.contains(target)
        && !!(target.compareDocumentPosition(content.querySelector('article h1')) & Node.DOCUMENT_POSITION_FOLLOWING
              || target === content.querySelector('article h1'));
    }""")
    # The next Tab goes on from the content: not back to the header or the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article, .md-content')")


def test_the_tabs_and_the_side_menu_are_traversed_with_the_keyboard(pages, site_url, page):
    open_page(page, site_url + "comprendre/conditions/", WIDE)
    tabs = page.eval_on_selector_all(".md-tabs__link", "links => links.map(a => a.getAttribute('href'))")
    menu = page.eval_on_selector_all(".md-sidebar--primary .md-nav__item--active .md-nav__link[href]",
                                     "links => links.map(a => a.getAttribute('href'))")
    reached = {stop["href"] for stop in tab_walk(page)}
    assert len(tabs) >= 4 and set(tabs) <= reached, f"onglets non atteints : {set(tabs) - reached}"
    assert set(menu) <= reached, f"liens du menu non atteints : {set(menu) - reached}"
    # Enter on a tab follows it.
    for _ in range(len(pages)):
        page.keyboard.press("Tab")
        if (page.evaluate(FOCUSED) or {}).get("name") == "Le référentiel":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/referentiel/$"))


def test_the_menu_opens_and_closes_with_the_keyboard_on_a_phone(site_url, page):
    open_page(page, site_url + "comprendre/conditions/", PHONE)
    stops = tab_walk(page, limit=10)
    menu = [stop for stop in stops if stop["name"] == "Menu"]
    assert menu, f"bouton « Menu » non atteint au clavier : {[s['name'] for s in stops]}"
    # Closed, the menu's links are out of the Tab order.
    assert not any("md-nav__link" in stop["classes"] for stop in stops)

    page.locator(".portail-menu").focus()
    assert page.evaluate(FOCUSED)["name"] == "Menu"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.get_attribute(".portail-menu", "aria-expanded") == "true"
    inside = tab_walk(page, limit=15)
    assert any(stop["href"] and stop["href"].rstrip("/").endswith("comprendre/c2i2e") for stop in inside), \
        [s["name"] for s in inside]
    assert not focus_problems(inside, "menu ouvert")

    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUSED)["name"] == "Menu"
    # The mouse (or a finger) still opens it.
    page.click(".portail-menu")
    assert page.evaluate("() => document.getElementById('__drawer').checked")
    assert page.get_attribute(".portail-menu", "aria-expanded") == "true"
