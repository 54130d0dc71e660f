"""« Typographie »: French no-break spaces in the built pages (before ; : ! ? », after «), never in
code, attributes, scripts or addresses, the Markdown sources left plain; on both builds, they stand
at the places French typesetting calls for them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from scripts import poids, typographie
from scripts.core.built import BuiltSite
from scripts.core.paths import ROOT

N, F = "\u202f", "\u00a0"  # narrow and full-width no-break spaces


@pytest.mark.parametrize("before, after", [
    # an ordinary space replaced; the colon takes the full-width one
    ("<p>Pourquoi ? Parce que ; enfin : oui !</p>", f"<p>Pourquoi{N}? Parce que{N}; enfin{F}: oui{N}!</p>"),
    ("<p>« Enseignant »</p>", f"<p>«{N}Enseignant{N}»</p>"),
    # inserted where there is none
    ("<p>«mot» et Attention!</p>", f"<p>«{N}mot{N}» et Attention{N}!</p>"),
    ("<p>Vraiment?!</p>", f"<p>Vraiment{N}?!</p>"),
    # a line break in the source is a space too
    ("<p>«\nniveau 2\n»</p>", f"<p>«{N}niveau 2{N}»</p>"),
    # across inline tags: the space goes inside, next to the mark
    ('<p>« <a href="x/">Référentiel</a> »</p>', f'<p>«{N}<a href="x/">Référentiel</a>{N}»</p>'),
    ("<p>le champ <strong>titre</strong> :</p>", f"<p>le champ <strong>titre</strong>{F}:</p>"),
    ("<p>la valeur <code>id</code> : stable</p>", f"<p>la valeur <code>id</code>{F}: stable</p>"),
    ("<p>« </p><p>mot »</p>", f"<p>« </p><p>mot{N}»</p>"),
])
def test_french_punctuation_gets_its_no_break_space(before, after):
    assert typographie.page(before) == after
    assert typographie.page(after) == after  # idempotent


@pytest.mark.parametrize("text", [
    "<p>de 14:00 à 16:30, un rapport 1:2</p>",
    "<p>voir http://inspe.u-pec.fr/formation et https://exemple.org/?q=c2i2e&amp;page=2</p>",
    "<p>R&amp;D ; ok</p>".replace(" ;", f"{N};"),
    f"<p>déjà{F}: fait, déjà&nbsp;: fait, déjà&#8239;? fait</p>",
    "<p>(?) et [!]</p>",
    "<pre><code>a ? b : c; « x »</code></pre>",
    "<p>tapez <kbd>Ctrl ?</kbd> ou <samp>Erreur : x</samp> ou <code>a : b</code></p>",
    '<p title="Pourquoi ? « x »" data-x="a : b">x</p>',
    '<script>if (a) { b ? c : d; }</script><style>a:hover { color: red !important; }</style>',
    "<textarea>Bonjour : « ici »</textarea>",
    "<!-- Note : « rien » --><p>x</p>",
    '<a href="https://x.org/?q=1">x</a>',
])
def test_code_attributes_scripts_addresses_and_times_are_left_as_they_are(text):
    assert typographie.page(text) == text


def test_a_page_keeps_every_byte_outside_its_text():
    text = ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>Quoi ? – Portail</title>'
            '<script type="application/json">{"a": "b ? c : d"}</script></head>\n<body>\n  <p>Voir :'
            '\n    <a class="x" href="a:b">ici</a> !</p>\n</body></html>\n')
    result = typographie.page(text)
    assert result == text.replace("Quoi ?", f"Quoi{N}?").replace("Voir :", f"Voir{F}:").replace(
        "</a> !", f"</a>{N}!")


def test_the_next_steps_keep_the_no_break_spaces():
    """poids (after this step) turns runs of white space that hold a line break into one line break:
    no such run is left next to a no-break space."""
    text = "<p>\n  «\n  <a href=\"x/\">Référentiel</a>\n  »\n  et la suite\n  :\n  voir\n</p>\n"
    typeset = typographie.page(text)
    assert typeset == f"<p>\n  «{N}<a href=\"x/\">Référentiel</a>{N}»\n  et la suite{F}:\n  voir\n</p>\n"
    assert poids.page(typeset) == f"<p>\n«{N}<a href=\"x/\">Référentiel</a>{N}»\net la suite{F}:\nvoir\n</p>\n"


def test_the_step_rewrites_the_built_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("<p>Quoi ?</p>", encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text("<p>rien</p>", encoding="utf-8")
    site = BuiltSite.read(tmp_path)
    assert typographie.apply(site) == "typographie : 1 espaces insécables dans 1 pages sur 2"
    site.write()
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == f"<p>Quoi{N}?</p>"


def test_the_markdown_sources_stay_plain():
    sources = [path for path in (ROOT / "docs").rglob("*.md") if ".generated" not in path.name]
    assert sources and not [path for path in sources if N in path.read_text(encoding="utf-8")]


# --- the built site -------------------------------------------------------------------------------

# Elements whose text is no prose of the page: code, and what a browser does not show as text.
CODE = {"code", "kbd", "samp", "pre", "script", "style", "textarea", "template"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "label", "mark",
          "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BREAK = "\x01"  # between two blocks of text
SPACE = " \t\n\r\f"  # ordinary white space


class VisibleText(HTMLParser):
    """The text of a page as a reader meets it, each block apart, a piece of code as a word."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.code = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in CODE:
            if not self.code:
                self.parts.append("x" if tag in {"code", "kbd", "samp"} else BREAK)
            if tag not in VOID:
                self.code += 1
        elif tag not in INLINE and not self.code:
            self.parts.append(BREAK)

    def handle_endtag(self, tag) -> None:
        if tag in CODE:
            self.code = max(0, self.code - 1)
        elif tag not in INLINE and not self.code:
            self.parts.append(BREAK)

    def handle_data(self, data) -> None:
        if not self.code:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


_BEFORE = re.compile(r"([^\s\x01(\[«])([ \t\n\r\f\u00a0\u202f]*)(»|[;:!?]+(?=[\s\x01»)\].,…\"'’x]|$))")
_AFTER = re.compile(r"«([ \t\n\r\f\u00a0\u202f]*)(?=[^\s\x01])")


def places(text: str) -> tuple[int, int, list[str]]:
    """The places of the text where French typesetting puts a no-break space, how many have one, and
    the others in their context."""
    total = kept = 0
    missing = []
    for pattern, gap in ((_BEFORE, 2), (_AFTER, 1)):
        for found in pattern.finditer(text):
            total += 1
            if found.group(gap) in (N, F):
                kept += 1
            else:
                missing.append(text[max(0, found.start() - 30):found.end() + 30])
    return total, kept, missing


def test_the_measure_counts_what_a_reader_sees():
    text = visible_text(f"<p>«{N}a{N}» b : c<code>d ? e</code>?</p><script>f ? g</script><p>14:00 ?q=1</p>")
    assert text == f"\x01«{N}a{N}» b : cx?\x01\x01\x0114:00 ?q=1\x01"
    assert places(text)[:2] == (4, 2)


def test_no_break_spaces_stand_where_french_typography_calls_for_them(pages):
    assert not no_break_space_problems(pages)


def no_break_space_problems(pages: dict[str, str]) -> list[str]:
    """What a built site's pages miss of French typography (also the other builder's contract)."""
    total = kept = 0
    missing: list[str] = []
    problems = []
    for address, html in pages.items():
        text = visible_text(html)
        counted = places(text)
        total, kept = total + counted[0], kept + counted[1]
        missing += [f"{address}: …{context!r}…" for context in counted[2]]
        # A « or a » is never separated from its word by a space where a line may break.
        if re.search(r"«[ \t\n\r\f]|[ \t\n\r\f]»", text):
            problems.append(f"{address} : « ou » séparé de son mot par une espace sécable")
        # The steps after this one (poids, securite) leave nothing for it to do: it may run again.
        if typographie.page(html) != html:
            problems.append(f"{address} : l'étape de typographie y trouve encore à faire")
        for found in re.finditer(r"<(code|pre|kbd|samp|script|style|textarea)\b.*?</\1>", html, re.S):
            if N in found.group(0) or F in found.group(0).replace("&nbsp;", ""):
                problems.append(f"{address} : espace insécable dans du code : {found.group(0)[:80]}")
        problems += [f"{address} : espace insécable dans une balise : {tag[:80]}"
                     for tag in re.findall(r"<[a-zA-Z][^>]*>", html) if N in tag]
    if not (total > 1000 and kept / total >= 0.98):
        problems.append(f"{kept} espaces insécables sur {total} places : {missing[:40]}")
    return problems


# --- in the browser, on a phone ------------------------------------------------------------------

# Each line of the article as laid out: its first and last characters, in text outside code. With
# `ordinary`, the page's no-break spaces are first turned into ordinary ones (the page as it was
# without this step), to show that the check sees what it looks for.
LINE_ENDS = r"""(ordinary) => {
  const article = document.querySelector('article');
  if (!article) return [`pas d'<article> dans ${location.href} (${document.readyState}, `
                        + `${document.documentElement.outerHTML.length} caractères)`];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('code, pre, kbd, samp, script, style, textarea, svg')) continue;
    if (ordinary) node.data = node.data.replace(/[\u00a0\u202f]/g, ' ');
    texts.push(node);
  }
  const range = document.createRange();
  const wrong = [];
  let previous = null;
  for (const node of texts) {
    const block = node.parentElement.closest('p, li, td, th, h1, h2, h3, h4, dd, dt, figcaption, blockquote, div');
    for (let i = 0; i < node.data.length; i++) {
      if (/\s/.test(node.data[i])) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (!rect.height) continue;
      const here = {character: node.data[i], top: rect.top, block, text: node.data};
      if (previous && previous.block === block && here.top > previous.top + rect.height / 2) {
        if (';:!?»'.includes(here.character) || previous.character === '«') {
          wrong.push(previous.text.slice(-20) + ' ⏎ ' + node.data.slice(i, i + 20));
        }
      }
      previous = here;
    }
  }
  return wrong;
}"""
PHONE_PAGES = ("", "comprendre/c2i2e/", "comprendre/public/", "comprendre/conditions/", "comprendre/deroulement/",
               "preparer/dossier/", "contacts/", "accessibilite/", "mentions-legales/")


def test_on_a_phone_no_line_starts_with_a_closing_mark_nor_ends_with_an_opening_one(pages, site_url, page, builder):
    page.set_viewport_size({"width": 320, "height": 640})
    broken_before = 0
    for address in [a for a in PHONE_PAGES if a in pages]:
        page.goto(site_url + address)
        assert page.evaluate(LINE_ENDS, False) == [], (builder, address)
        broken_before += len(page.evaluate(LINE_ENDS, True))
    assert broken_before > 0  # without the no-break spaces, lines do start with « : » or « ? » there
