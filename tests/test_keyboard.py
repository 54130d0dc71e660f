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

from tests.conftest import without_transitions

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
    box: [Math.round(box.left), Math.round(box.top), Math.round(box.width), Math.round(box.height)],
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
            problems.append(f"{label} : l'élément qui a le focus n'est pas visible à l'écran (boîte {stop['box']})")
        elif not (stop["outlined"] or stop["shadow"]):
            problems.append(f"{label} : aucun contour ni ombre de focus")
        elif stop["outlined"] and stop["contrast"] < 3:
            problems.append(f"{label} : contour de focus peu visible (contraste {stop['contrast']:.1f}:1 < 3:1)")
    return problems


def open_page(page, url: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.goto(url)  # the load: the theme has set its page up, the sitemap it fetches after is not needed here
    without_transitions(page)  # focus styles checked in their final state
    # The first Tab starts from the top of a page that has the keyboard: not before the window has it.
    page.wait_for_function("() => document.hasFocus() && document.activeElement === document.body")


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
    # The fragment followed (`:target`), not only the address: the theme writes the address first, and the
    # next Tab starts from the target only once the browser has gone to it.
    page.wait_for_function("() => location.hash.length > 1 && document.querySelector(':target') !== null")
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
    # The focus is in the menu, on the current page's entry; once round the menu's Tab order.
    inside = menu_walk(page)
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


# Where a focused element is, and whether a person sees it there: inside the open drawer, and
# on top (the point at its centre hit-tests to it, not to a panel or the overlay above it).
IN_DRAWER = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {inside: !!element.closest('.md-sidebar--primary'),
          onTop: !!hit && (hit === element || element.contains(hit) || hit.contains(element)
                           || (hit.closest('label') && hit.closest('label') === element.closest('label')))};
}"""


def menu_walk(page, limit: int = 40) -> list[dict]:
    """Tab from the focused element round the whole Tab order once: past the last stop the focus
    goes to the browser's own controls (nothing focused in the page), then comes back to the first."""
    stops, outside = [], 0
    for _ in range(limit):
        stop = page.evaluate(FOCUSED)
        if stop is None:
            outside += 1
            if outside > 1:
                break
        elif any(stop["key"] == seen["key"] for seen in stops):
            break
        else:
            stops.append({**stop, **page.evaluate(IN_DRAWER)})
        page.keyboard.press("Tab")
    return stops


def test_the_open_phone_menu_lets_the_keyboard_reach_only_what_is_visible(site_url, page):
    # 320 px (a phone, or 400 % zoom) and 1024 px (a tablet, a zoomed desktop): both a drawer.
    for viewport in ({"width": 320, "height": 640}, {"width": 1024, "height": 768}):
        open_page(page, site_url + "comprendre/conditions/", viewport)
        page.locator(".portail-menu").focus()
        page.keyboard.press("Enter")
        # Opening moves the focus into the menu, to the current page's panel.
        first = page.evaluate(FOCUSED)
        assert first["name"] == "Conditions de certification", first
        stops = menu_walk(page)
        names = [stop["name"] for stop in stops]
        assert "Comprendre le C2i2e : revenir au menu précédent" in names and "Fermer le menu" in names, names
        # Only the current panel's entries: not the other sections' hidden links.
        assert not any(name in names for name in ("Accueil", "Le référentiel", "Synthèse du dossier")), names
        problems = [f"« {s['name']} » : " + ("hors du menu" if not s["inside"] else "caché") for s in stops
                    if not (s["inside"] and s["onTop"] and s["visible"])]
        assert not problems, problems
        assert not focus_problems(stops, f"menu ouvert à {viewport['width']} px")

        # The back button (Space) shows the top level, the focus on the section just left.
        page.locator('.md-sidebar--primary label.md-nav__title[role="button"]').first.focus()
        page.keyboard.press(" ")
        assert page.evaluate(FOCUSED)["name"] == "Comprendre le C2i2e"
        top = [stop["name"] for stop in menu_walk(page)]
        assert "Le référentiel" in top and "Qui est concerné ?" not in top, top
        # Enter on a section opens its panel, the focus on its back button.
        page.locator('.md-sidebar--primary label.md-nav__link[role="button"]', has_text="À propos").focus()
        page.keyboard.press("Enter")
        assert page.evaluate(FOCUSED)["name"] == "À propos : revenir au menu précédent"
        panel = [stop["name"] for stop in menu_walk(page)]
        assert "Mentions légales" in panel and "Le référentiel" not in panel, panel

        # « Fermer le menu » (Enter) closes it, the focus back on Menu; Escape too.
        page.locator(".portail-menu-fermer").focus()
        page.keyboard.press("Enter")
        assert not page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.evaluate(FOCUSED)["name"] == "Menu"
        assert page.get_attribute(".portail-menu", "aria-expanded") == "false"
        page.keyboard.press(" ")
        assert page.evaluate("() => document.getElementById('__drawer').checked")
        page.keyboard.press("Escape")
        assert page.evaluate(FOCUSED)["name"] == "Menu"
        # Closed again, nothing of the page is left inert.
        assert page.evaluate("() => document.querySelectorAll('[inert]').length") == 0


def toggles(page) -> list[dict]:
    """The navigation's section toggles a user can reach: displayed, and not inert (in the drawer, the
    panels behind the one shown are)."""
    return page.evaluate("""() => ({
      toggles: [...document.querySelectorAll('.md-sidebar--primary label.md-nav__link[for^="__nav"]')]
        .filter((label) => label.getClientRects().length > 0 && !label.closest('[inert]'))
        .map((label) => ({role: label.getAttribute('role'), tabindex: label.getAttribute('tabindex'),
                          expanded: label.getAttribute('aria-expanded'),
                          checked: document.getElementById(label.htmlFor).checked,
                          name: (label.getAttribute('aria-label') || label.textContent).trim().replace(/\\s+/g, ' ')})),
    })""")["toggles"]


# At 1280 px on a competency's page (sections shown as headings, toggles in the sidebar), and at
# 320 px in the drawer, from the home page: there the panel Space opens must keep its name although
# the toggle that opened it is then inert behind it.
@pytest.mark.parametrize("viewport", [WIDE, {"width": 320, "height": 640}], ids=["1280", "320"])
def test_the_navigation_toggles_are_named_buttons_with_their_state(site_url, page, viewport):
    # In the drawer, from the home page, whose panel is the menu's first level (sections to open).
    open_page(page, site_url + ("referentiel/b-3/b-3-1/" if viewport is WIDE else ""), viewport)
    if viewport is not WIDE:
        page.locator(".portail-menu").click()
    found = toggles(page)
    assert found, "aucun bouton de section visible"
    for toggle in found:
        assert toggle["role"] == "button" and toggle["tabindex"] == "0", toggle
        assert toggle["expanded"] == ("true" if toggle["checked"] else "false"), toggle
        assert len(toggle["name"]) > 3, toggle
    # The toggles as the screen reader gets them: buttons, named, with their state.
    buttons = {node["name"]["value"]: node for node in accessibility_tree(page)
               if node.get("role", {}).get("value") == "button" and node.get("name", {}).get("value")}
    for toggle in found:
        assert toggle["name"] in buttons, (toggle["name"], sorted(buttons))
        states = {p["name"]: p["value"]["value"] for p in buttons[toggle["name"]].get("properties", [])}
        assert "expanded" in states, (toggle["name"], states)
    assert_every_navigation_is_named(page)
    # Space opens a closed one that the keyboard can reach (in the drawer: in the panel shown, the
    # others being inert), and the state follows.
    label_for = page.evaluate("""() => [...document.querySelectorAll(
        '.md-sidebar--primary label.md-nav__link[for^="__nav"][role="button"][aria-expanded="false"]')]
      .find((label) => label.getClientRects().length && !label.closest('[inert]')).htmlFor""")
    page.focus(f'label[for="{label_for}"].md-nav__link')
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "button"
    page.keyboard.press(" ")
    assert page.get_attribute(f'label[for="{label_for}"].md-nav__link', "aria-expanded") == "true"
    assert page.evaluate(f"() => document.getElementById('{label_for}').checked")
    # The panel it opened is still a named landmark, though its toggle may now be inert behind it.
    assert_every_navigation_is_named(page)


def accessibility_tree(page) -> list[dict]:
    """What Chromium exposes to assistive technologies (the nodes not ignored)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [node for node in nodes if not node.get("ignored")]


def assert_every_navigation_is_named(page) -> None:
    landmarks = [node for node in accessibility_tree(page) if node.get("role", {}).get("value") == "navigation"]
    assert landmarks
    unnamed = [node for node in landmarks if not node.get("name", {}).get("value")]
    assert not unnamed, f"{len(unnamed)} navigation(s) sans nom sur {len(landmarks)}"


# --- focus never hidden (WCAG 2.4.11) ---------------------------------------------------------------------

# The focused element's first line box, and what the page shows at its centre: the element itself
# (or something inside it), or what covers it. A visually hidden control is seen through its label.
COVERED = """() => {
  let element = document.activeElement;
  if (!element || element === document.body) return null;
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(e).opacity !== '0'; };
  if (!shown(element) && element.id) element = document.querySelector(`label[for="${element.id}"]`) || element;
  const box = element.getClientRects()[0];
  if (!box || box.width === 0 || box.height === 0) return null;
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + Math.min(box.height, 16) / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const name = (element.getAttribute('aria-label') || element.innerText || element.id || '').trim().slice(0, 50);
  return {name, tag: `<${element.tagName.toLowerCase()} class="${element.className}">`,
          inside: box.top >= 0 && box.top < innerHeight,  // its top, at least: a table may be taller than the screen
          clear: !!hit && (element === hit || element.contains(hit) || hit.contains(element) && hit.tagName === 'LABEL'),
          over: hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}">` : 'rien'};
}"""

AFTER_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done((%s)()))))"
BACKWARDS = ["comprendre/conditions/", "referentiel/b-3/b-3-1/", "positionnement/", "formulaires/poser-une-question/",
             "annuaire/"]


@pytest.mark.parametrize("viewport", [WIDE, {"width": 320, "height": 640}], ids=["1280", "320"])
def test_moving_backwards_the_focus_is_never_under_the_header_or_the_back_to_top_button(site_url, page, viewport):
    problems = []
    for address in BACKWARDS:
        open_page(page, site_url + address, viewport)
        # From the end of the page (the footer's last link), Shift+Tab back up through the content.
        page.evaluate("() => [...document.querySelectorAll('.md-footer a, .md-copyright a')].pop().focus()")
        for number in range(1, 46):
            page.keyboard.press("Shift+Tab")
            # The page's own correction runs on the next frame, the theme's answer to the scroll it made after it.
            stop = page.evaluate(AFTER_TWO_FRAMES % COVERED)
            if stop is None:
                continue
            if not stop["inside"] or not stop["clear"]:
                problems.append(f"/{address} arrêt {number} {stop['tag']} « {stop['name']} » : caché par {stop['over']}")
    assert not problems, "\n".join(problems[:20])


# --- nothing cut at 320 px (WCAG 1.4.10) ------------------------------------------------------------------

@pytest.mark.parametrize("address", ["comprendre/conditions/", "actualites/2026-11-29-c2i2e-titularisation/",
                                     "referentiel/b-3/b-3-1/"])
def test_at_320_px_the_header_and_footer_titles_wrap_instead_of_being_cut(site_url, page, address):
    open_page(page, site_url + address, {"width": 320, "height": 640})
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # the header shows the page's title
    page.wait_for_function("() => document.querySelector('.md-header__title')"
                           ".classList.contains('md-header__title--active')")
    cut = page.evaluate("""() => [...document.querySelectorAll('.md-header__topic .md-ellipsis, .md-footer__title .md-ellipsis')]
      .filter(e => e.getClientRects().length
                   && getComputedStyle(e.closest('.md-header__topic, .md-footer__title')).display !== 'none')
      .filter(e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis')
      .map(e => e.textContent.trim())""")
    assert not cut, cut
    title = page.locator(".md-header__title--active .md-header__topic + .md-header__topic")
    assert title.is_visible() and page.locator("h1").first.inner_text().startswith(title.inner_text()[:20])


# --- light and dark ---------------------------------------------------------------------------------------

def scheme(page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def test_the_portal_follows_the_system_and_the_toggle_is_named_works_at_the_keyboard_and_is_remembered(site_url, page):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "comprendre/conditions/")
    assert scheme(page) == "slate"
    page.emulate_media(color_scheme="light")
    page.reload()
    assert scheme(page) == "default"
    # The toggle shows the current choice and names what it does; Tab reaches it.
    shown = page.locator('form[data-md-component="palette"] label:not([hidden])')
    assert shown.get_attribute("title") == "Thème automatique : passer au thème clair" and shown.is_visible()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.md-option')"):
            break
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == \
        "Thème automatique : passer au thème clair"
    media = "() => document.body.getAttribute('data-md-color-media')"
    page.keyboard.press("Space")
    page.wait_for_function(f"() => ({media})() === '(prefers-color-scheme: light)'")
    assert shown.get_attribute("title") == "Thème clair : passer au thème sombre"
    page.keyboard.press("Space")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert shown.get_attribute("title") == "Thème sombre : passer au thème automatique"
    page.reload()  # the choice is remembered, though the system is light
    assert scheme(page) == "slate"
    assert page.evaluate(media) == "(prefers-color-scheme: dark)"


# The single-key shortcuts: the theme's (next, previous page) and the search's.
NEXT_KEYS, PREVIOUS_KEYS, SEARCH_KEYS = ["n", "."], ["p", ","], ["s", "f", "/"]
SEARCH_OPEN = "() => document.getElementById('c2i2e-recherche').open"


# What a key would do to leave the page, seen as it starts: the theme follows a link by clicking one (instant
# navigation) or by setting the address (a `navigate` event; a `replace` is the theme saving the scroll).
WATCH_NAVIGATIONS = """() => { window.portailNavigations = [];
  window.addEventListener('click', event => event.target.closest && event.target.closest('a[href]')
    && portailNavigations.push('lien ' + event.target.closest('a[href]').href), true);
  navigation.addEventListener('navigate', event => event.navigationType !== 'replace'
    && portailNavigations.push(event.navigationType + ' ' + event.destination.url)); }"""


def press_on_the_page(page, key: str) -> None:
    page.locator("article h1").click()  # the focus on the page itself, as a reader's would be
    page.evaluate("() => { if (window.portailNavigations) portailNavigations.length = 0; }")
    page.keyboard.press(key)  # returns once the page has handled the key: whatever it does has started


def did_nothing(page, key: str) -> None:
    assert page.evaluate("() => portailNavigations") == [], f"la touche « {key} » a changé de page"
    assert not page.evaluate(SEARCH_OPEN), f"la touche « {key} » a ouvert la recherche"


def test_no_single_key_shortcut_acts_until_the_footer_switch_turns_them_on_and_it_is_remembered(site_url, page):
    address = site_url + "comprendre/deroulement/"
    page.goto(address, wait_until="networkidle")
    assert page.locator("link[rel=next]").count() and page.locator("link[rel=prev]").count()
    page.evaluate(WATCH_NAVIGATIONS)
    for key in NEXT_KEYS + PREVIOUS_KEYS + SEARCH_KEYS:
        press_on_the_page(page, key)
        did_nothing(page, key)
    # The switch: a named checkbox in the footer, off, reached and turned on with the keyboard.
    switch = page.get_by_role("checkbox", name="Activer les raccourcis clavier d'une touche")
    assert switch.is_visible() and not switch.is_checked()
    assert "page suivante" in page.evaluate(
        "() => document.getElementById('portail-raccourcis').ariaDescribedByElements"
        ".map(e => e.textContent).join(' ')")
    switch.focus()
    page.keyboard.press("Space")
    assert switch.is_checked()
    page.reload(wait_until="networkidle")  # remembered
    assert page.get_by_role("checkbox", name="Activer les raccourcis clavier d'une touche").is_checked()
    press_on_the_page(page, "/")
    page.wait_for_function(SEARCH_OPEN)
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !({SEARCH_OPEN})()")
    title = page.title()
    press_on_the_page(page, "n")
    page.wait_for_url(lambda url: url != address)
    page.go_back(wait_until="networkidle")
    # The theme's instant navigation puts the page back after the address: until then, the links the
    # keys follow are still the next page's (its « previous » is this page).
    page.wait_for_function("title => document.title === title", arg=title)
    press_on_the_page(page, ",")
    page.wait_for_url(lambda url: url != address)
    # Turned off again: the keys do nothing.
    page.goto(address, wait_until="networkidle")
    page.get_by_role("checkbox", name="Activer les raccourcis clavier d'une touche").uncheck()
    page.reload(wait_until="networkidle")
    page.evaluate(WATCH_NAVIGATIONS)
    press_on_the_page(page, "p")
    did_nothing(page, "p")


# --- heard with a screen reader (tests/test_orca.py), kept here in Chromium too ------------------------------

def test_tab_goes_round_the_open_phone_menu_and_never_leaves_it(site_url, page):
    open_page(page, site_url + "comprendre/conditions/", PHONE)
    page.locator(".portail-menu").focus()
    page.keyboard.press("Enter")
    outside = []
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        stop = page.evaluate(FOCUSED)
        where = page.evaluate(IN_DRAWER) if stop else {"inside": False}
        if not where["inside"]:
            outside.append(f"{key} : {(stop or {}).get('name', 'hors de la page')}")
    assert not outside, outside


@pytest.mark.parametrize("viewport", [WIDE, {"width": 320, "height": 640}], ids=["1280", "320"])
def test_shift_tab_reaches_the_theme_toggle_that_is_shown(site_url, page, viewport):
    open_page(page, site_url + "comprendre/conditions/", viewport)
    # The control after the toggle in the header (the search button), then back one stop.
    page.locator(".c2i2e-recherche__ouvrir").focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("""() => {
      const e = document.activeElement, label = e.nextElementSibling;
      return {option: e.matches('.md-option'), name: e.getAttribute('aria-label'),
              shown: !!label && label.matches('label') && !label.hidden && label.getClientRects().length > 0};
    }""")
    assert focused == {"option": True, "name": "Thème automatique : passer au thème clair", "shown": True}, focused


def test_the_search_count_is_a_live_region_present_before_the_first_query(site_url, page):
    open_page(page, site_url + "comprendre/conditions/", WIDE)
    page.locator(".c2i2e-recherche__ouvrir").click()
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    # In the accessibility tree while still empty: else its first count is a region appearing, not announced.
    statuses = [node for node in accessibility_tree(page) if node.get("role", {}).get("value") == "status"]
    assert any(p["name"] == "live" and p["value"]["value"] == "polite"
               for node in statuses for p in node.get("properties", [])), statuses
    page.keyboard.type("certification")
    page.wait_for_function("() => /résultats? pour « certification »/.test("
                           "document.querySelector('#c2i2e-recherche [role=status]').textContent)")


def test_escape_in_the_search_field_closes_the_box_at_once(site_url, page):
    open_page(page, site_url + "comprendre/conditions/", WIDE)
    page.locator(".c2i2e-recherche__ouvrir").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    page.keyboard.type("jury")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('c2i2e-recherche').open", timeout=2000)
    assert page.evaluate("() => document.activeElement.matches('.c2i2e-recherche__ouvrir')")
