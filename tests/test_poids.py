"""« Poids »: what a page costs at its first load (the bench's budget, scripts/tools/bench.py), on
both builds: a script only some pages use is loaded by those pages alone; the portal's own
scripts and stylesheets are published without their comments, its pages without their
indentation (scripts/poids/)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from scripts import poids
from scripts.formulaires import forms
from scripts.tools import bench, bench_pages
from scripts.validate import validate
from tests.conftest import FORMSPREE_IDS

# The forms the test builds configure; a form without a Formspree id is an e-mail route, with no script.
FORM_PAGES = {f"formulaires/{form.key}/" for form in forms(validate()) if FORMSPREE_IDS.get(form.variable)}
# Each script that only some pages need, and those pages.
PAGE_SCRIPTS = {
    "positionnement.js": {"positionnement/"},
    "formulaires.js": FORM_PAGES,
}


def loaded_scripts(html: str) -> set[str]:
    return {src.rsplit("/", 1)[-1] for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)}


def test_a_script_that_only_some_pages_use_is_loaded_by_those_pages_alone(pages):
    for script, where in PAGE_SCRIPTS.items():
        loading = {address for address, html in pages.items() if script in loaded_scripts(html)}
        assert loading == where, f"{script} : chargé par {sorted(loading - where)[:5]}, absent de {sorted(where - loading)}"


# --- the portal's own files, published without their comments (scripts/poids/) ---------------------------

def test_a_stylesheet_loses_its_comments_and_spare_white_space_not_its_strings():
    source = 'a /* why */ > b {\n  content: "a  /* b */ ;" ;\n  color : red ;\n}\n'
    assert poids.stylesheet(source) == 'a>b{content:"a  /* b */ ;";color:red}\n'
    assert poids.stylesheet(poids.stylesheet(source)) == poids.stylesheet(source)


def test_a_script_loses_its_comments_not_its_strings_or_regular_expressions():
    source = ('/*\n * What it does.\n */\n(function () {\n  "use strict";\n  // why\n  var url = "http://x/*y";'
              ' // after code\n  /* a note */\n  return /\\/\\//.test(url)\n})();\n')
    assert poids.script(source) == '(function(){"use strict";var url="http://x/*y";return/\\/\\//.test(url)})();\n'
    assert poids.script(poids.script(source)) == poids.script(source)


@pytest.mark.skipif(not shutil.which("node"), reason="Node.js absent (make test l'installe)")
def test_every_published_script_is_still_valid_javascript(site_dir, tmp_path):
    for source in sorted(poids.SOURCES.glob("assets/javascripts/*.js")):
        published = site_dir / source.relative_to(poids.SOURCES)
        result = subprocess.run(["node", "--check", str(published)], capture_output=True, text=True)
        assert result.returncode == 0, f"{source.name} : {result.stderr}"


def test_the_published_scripts_and_stylesheets_are_the_sources_without_their_comments(site_dir):
    for source in sorted(poids.SOURCES.glob("assets/*/*.*")):
        if source.suffix not in (".js", ".css"):
            continue
        published = (site_dir / source.relative_to(poids.SOURCES)).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        expected = poids.stylesheet(text) if source.suffix == ".css" else poids.script(text)
        assert published == expected, source.name
        assert len(published) < 0.8 * len(text), source.name


def test_a_page_loses_its_indentation_and_blank_lines_not_what_it_shows():
    source = ('<!doctype html>\n<html>\n  <head>\n    <script>\n      var a = 1;\n    </script>\n  </head>\n'
              '  <body>\n    <p class="x"\n       id="y">Un\n\n       texte   ici</p>\n'
              '    <pre><code>  garde\n    tout</code></pre>\n'
              '    <textarea>\n  saisi\n</textarea> <code>a\n  b</code>\n    <a title="a > b\n  c" href="#">lien</a>\n'
              '    <!-- un\n      commentaire -->\n  </body>\n</html>\n')
    assert poids.page(source) == (
        '<!doctype html>\n<html>\n<head>\n<script>\n      var a = 1;\n    </script>\n</head>\n'
        '<body>\n<p class="x" id="y">Un\ntexte   ici</p>\n<pre><code>  garde\n    tout</code></pre>\n'
        '<textarea>\n  saisi\n</textarea> <code>a\n  b</code>\n<a title="a > b\n  c" href="#">lien</a>\n'
        '<!-- un\n      commentaire -->\n</body>\n</html>\n')
    assert poids.page(poids.page(source)) == poids.page(source)


def test_every_published_page_is_unindented(pages):
    indented = [address for address, html in pages.items() if poids.page(html) != html]
    assert not indented, f"{len(indented)} page(s) encore indentée(s) : {indented[:5]}"


# --- the first load, as the bench measures it (scripts/tools/bench.py) --------------------------------------

# The theme's own files, the same for every page and out of the portal's hands (Material's or Zensical's
# bundle and stylesheets, the sitemap its instant navigation fetches, the icons its stylesheet draws).
THEME = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$|/assets/stylesheets/(classic/)?"
                   r"(main|palette)\.[0-9a-f]+\.min\.css$|/sitemap\.xml$|^data:")
# What the portal adds to them on a first load (its page, its scripts, its stylesheet, its icon).
MAX_PORTAL_BYTES = 25 * 1024


def first_load(browser, url: str) -> dict[str, int]:
    """Every request of a first load (empty cache) with its bytes on the wire, headers included, like
    Lighthouse's transferSize: a phone's viewport, until the network is idle."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        session.on("Network.requestWillBeSent", lambda event: urls.setdefault(event["requestId"], event["request"]["url"]))
        session.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"],
                                                                              int(event["encodedDataLength"])))
        session.on("Network.loadingFailed", lambda event: sizes.__setitem__(event["requestId"], 0))
        page.goto(url, wait_until="networkidle")
        # Every request's end reported too (events reach this process during its calls to the browser).
        for _ in range(1000):
            if not set(urls) - set(sizes):
                break
            page.evaluate("() => new Promise(done => requestAnimationFrame(done))")
        assert not set(urls) - set(sizes), f"requêtes sans fin : {[urls[r] for r in set(urls) - set(sizes)]}"
        loaded: dict[str, int] = {}
        for request, address in urls.items():
            loaded[address] = loaded.get(address, 0) + sizes.get(request, 0)
        return loaded
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("role", list(bench_pages.PAGES))
def test_the_first_load_of_each_measured_page_stays_within_the_budget(browser, built, role):
    address = bench_pages.PAGES[role]
    loaded = first_load(browser, built.url + address)
    portal = sum(size for url, size in loaded.items() if not THEME.search(url))
    heaviest = sorted(loaded.items(), key=lambda item: -item[1])[:6]
    assert portal <= MAX_PORTAL_BYTES, f"/{address} : le portail ajoute {portal} octets ({heaviest})"
    assert sum(loaded.values()) <= bench.MAX_PAGE_BYTES, f"/{address} : {sum(loaded.values())} octets ({heaviest})"
