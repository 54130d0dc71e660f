"""« Typographie »: French no-break spaces in every built page, as a step after any builder.

French typesetting puts a space before ; : ! ? and », and after «, that a line never breaks
at: a « or a ? alone at the start of a line, on a phone, reads as an error. The convention is
the Imprimerie nationale's (Lexique des règles typographiques): a narrow no-break space
(U+202F) before ; ! ? » and after «, a full-width no-break space (U+00A0) before the colon.

The Markdown sources stay plain: this step rewrites the built pages, whatever the builder.
In the text between tags only: an ordinary space already there is replaced; where there is
none (« «mot» », « Attention! »), one is inserted. Never in a tag or its attributes, a
comment, code (`code`, `kbd`, `samp`, `pre`), `script`, `style` or `textarea`. A ; : ! ? counts
as punctuation only when it ends a word: followed by a space, the end of the text, or closing
punctuation; so « 14:00 », « 1:2 », « http://… », « ?q=… » and the entities (« &amp; ») are
left as they are.

The text of a paragraph may be cut by inline tags (« « <a>lien</a> » »): it is read as one run
across them, so that the space before a » that follows a link is found; a block tag (a new
paragraph, a cell, a list item) ends the run. Idempotent: running it again changes nothing.

It is the first step, before the search index is made from a copy of the pages: the titles and
headings that the search shows keep their no-break spaces (Pagefind folds every white space of
the text it excerpts into an ordinary one).
"""

from __future__ import annotations

import re

from scripts.core.built import HTML_TOKENS, BuiltSite

NARROW = "\u202f"  # before ; ! ? », after «
FULL = "\u00a0"  # before :
NO_BREAK = (NARROW, FULL)
# Elements inside a line of text: the run goes on across their tags.
INLINE = frozenset(("a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "label", "mark",
                    "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "var"))
_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
# What stands for what is not text in a run: an inline tag or a comment (no character), the end
# of a run (a block tag, a preformatted block), a piece of code inside the line (a word).
INVISIBLE, BREAK, WORD = "\x00", "\x01", "\x02"
_MARKERS = re.compile("[\x00-\x02]")
_SPACE = " \t\n\r\f"  # ordinary white space, where a line may break
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);\Z")
_NO_BREAK_ENTITY = re.compile(r"&(?:nbsp|#160|#[xX]0*[aA]0|#8239|#[xX]202[fF]);")
# A run of ; : ! ? or a », with the white space and inline tags before it (all of them: the match starts
# where they start, else every space of a page's indentation would start a scan of the rest of it).
_BEFORE = re.compile(r"(?<![ \t\n\r\f\x00])(?P<gap>[ \t\n\r\f\x00]*)(?P<mark>»|[;:!?]+)")
# A « with the white space and inline tags after it.
_AFTER = re.compile(r"«(?P<gap>[ \t\n\r\f\x00]*)")
# What may follow a ; : ! ? that ends a word.
_ENDS = frozenset(_SPACE + "".join(NO_BREAK) + "\x00\x01\x02»)].,…\"'’&")


def _before(match: re.Match) -> str:
    text, start, mark = match.string, match.start(), match.group("mark")
    previous = text[start - 1] if start else BREAK
    if previous in (BREAK, *NO_BREAK, "(", "[", "«") or _entity_before(text, start, no_break=True):
        return match.group(0)  # the start of a run, or a no-break space already there
    if mark != "»":
        if _entity_before(text, match.start("mark") + 1):
            return match.group(0)  # the ; of « &amp; »
        end = match.end()
        if end < len(text) and text[end] not in _ENDS:
            return match.group(0)  # 14:00, http://, ?q=
    space = FULL if mark[0] == ":" else NARROW
    return _without_spaces(match.group("gap")) + space + mark


def _without_spaces(gap: str) -> str:
    """The inline tags of a gap, without its white space."""
    return "".join(c for c in gap if c not in _SPACE)


def _entity_before(text: str, end: int, no_break: bool = False) -> bool:
    """Whether text[:end] ends with a character reference (a no-break space's only, if asked)."""
    found = _ENTITY.search(text[max(0, end - 12):end])
    return bool(found) and (not no_break or bool(_NO_BREAK_ENTITY.fullmatch(found.group(0))))


def _after(match: re.Match) -> str:
    text, end = match.string, match.end()
    following = text[end:end + 1]
    if following in ("", BREAK, *NO_BREAK) or _NO_BREAK_ENTITY.match(text, end):
        return match.group(0)
    return "«" + NARROW + _without_spaces(match.group("gap"))


def run(text: str) -> str:
    """A run of text, its markers standing for tags: French no-break spaces where they belong."""
    return _BEFORE.sub(_before, _AFTER.sub(_after, text))


def page(html: str) -> str:
    """The page with French no-break spaces in its text (the rest as it was, byte for byte)."""
    if _MARKERS.search(html) or not any(mark in html for mark in "«»;:!?"):
        return html
    tokens: list[str] = []
    runs: list[str] = []
    position = 0
    for match in HTML_TOKENS.finditer(html):
        runs.append(html[position:match.start()])
        token = match.group(0)
        tokens.append(token)
        element = (match.group(1) or "").lower()
        if element in ("code", "kbd", "samp"):
            runs.append(WORD)
        elif element or (token.startswith("<") and not token.startswith("<!--")
                         and not _inline(token)):
            runs.append(BREAK)
        else:
            runs.append(INVISIBLE)
        position = match.end()
    runs.append(html[position:])
    changed = run("".join(runs))
    pieces = iter(tokens)
    return _MARKERS.sub(lambda _: next(pieces), changed)


def _inline(tag: str) -> bool:
    name = _NAME.match(tag)
    return bool(name) and name.group(1).lower() in INLINE


def plain(text: str) -> str:
    """The text with ordinary spaces where this step put no-break ones: as its sources write it."""
    return text.replace(NARROW, " ").replace(FULL, " ")


def apply(site: BuiltSite, *, serving: bool = False) -> str:
    """Put French no-break spaces in every page of the built site."""
    changed = added = 0
    for name, text in site.pages.items():
        result = page(text)
        if result != text:
            changed += 1
            added += sum(result.count(c) - text.count(c) for c in NO_BREAK)
            site.pages[name] = result
    return f"typographie : {added} espaces insécables dans {changed} pages sur {len(site.pages)}"
