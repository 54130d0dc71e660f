"""« Poids »: what a page costs at its first load (the bench's budget, scripts/tools/bench.py), on
both builds: a script only some pages use is loaded by those pages alone; the portal's own
scripts and stylesheets are published without their comments, its pages without their
indentation (scripts/poids/)."""

from __future__ import annotations

import re

import pytest

from scripts import poids
from scripts.formulaires import forms
from scripts.validate import validate

FORM_PAGES = {f"formulaires/{form.key}/" for form in forms(validate())}
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
    source = 'a /* why */ > b {\n  content: "a  /* b */ ;" ;\n  color : red ;\n}\n\n.a/**/.b { }\n'
    assert poids.stylesheet(source) == 'a > b{content: "a  /* b */ ;";color : red;}.a.b{}\n'
    assert poids.stylesheet(poids.stylesheet(source)) == poids.stylesheet(source)


def test_a_script_loses_its_whole_line_comments_and_indentation_only():
    source = ('/*\n * What it does.\n */\n(function () {\n  "use strict";\n  // why\n  var url = "http://x/*y";'
              ' // kept: after code\n  /* a note */\n  return /\\/\\//.test(url);\n})();\n')
    assert poids.script(source) == ('(function () {\n"use strict";\nvar url = "http://x/*y"; // kept: after code\n'
                                    'return /\\/\\//.test(url);\n})();\n')
    assert poids.script(poids.script(source)) == poids.script(source)


@pytest.mark.parametrize("source", ["var a = `x`;\n", "/* a */ var b;\n", "/*\n a */ var c;\n", 'var d = "a\\\n b";\n',
                                    "/* never closed\n"])
def test_a_script_it_cannot_read_safely_is_refused(source):
    with pytest.raises(ValueError):
        poids.script(source, "essai.js")


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
