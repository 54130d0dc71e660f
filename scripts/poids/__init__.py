"""« Poids »: the portal's scripts and stylesheets without their comments, its pages without their indentation.

The budget of the first load (scripts/tools/bench.py: the heaviest page at most 85 KB
transferred, gzip and headers included) counts every file a page loads. The sources in
overrides/assets/ explain each choice at length: their comments are half of what they
weigh, even gzip-compressed, and a browser has no use for them. After any builder, this
step rewrites the built copies of those files (the same paths in the site; never a file
of the theme's), the sources staying as they are: minified by maintained libraries,
rcssmin for the stylesheets and rjsmin for the scripts (comments and spare white space
dropped; strings, regular expressions and the statements that automatic semicolon
insertion reads left as they are).

The pages too: the builders' templates indent everything, and their blank lines and
indentation cost more than a kilobyte of each page, gzip-compressed. In the text between
tags, every run of white space that holds a line break becomes that one line break (white
space it still is, shown as one space like before); inside a tag, between its attributes,
one space; nothing changes in an attribute's value, a comment, or the elements whose white
space shows (`pre`, `textarea`, `code`, `kbd`) or is code (`script`, `style`): the inline
scripts keep the hashes the security policy lists (scripts/securite/, the step after this one).

Every rewriting is idempotent: the step may run again over a site it has already finished.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

from scripts.core.built import BuiltSite
from scripts.core.paths import ROOT

SOURCES = ROOT / "overrides"
OWN_FILES = ("assets/javascripts/*.js", "assets/stylesheets/*.css")


def stylesheet(text: str) -> str:
    """The stylesheet without its comments and its spare white space (rcssmin)."""
    return rcssmin.cssmin(text) + "\n"


def script(text: str) -> str:
    """The script without its comments and its spare white space (rjsmin)."""
    return rjsmin.jsmin(text) + "\n"


# A comment, an element whose content is kept as it is, or a tag (its quoted values may hold ">").
_HTML = re.compile(r"<!--.*?-->|<(pre|textarea|code|kbd|script|style)\b.*?</\1\s*>"
                   r"|<[a-zA-Z/!?][^\"'>]*(?:(?:\"[^\"]*\"|'[^']*')[^\"'>]*)*>", re.S | re.I)
_TEXT_BREAK = re.compile(r"[ \t\r\f]*\n\s*")
_TAG_BREAK = re.compile(r"(\"[^\"]*\"|'[^']*')|\s*\n\s*")


def page(text: str) -> str:
    """The page without its indentation and blank lines, shown and read the same."""
    parts: list[str] = []
    position = 0
    for match in _HTML.finditer(text):
        parts.append(_text(text[position:match.start()]))
        token = match.group(0)
        if "\n" in token and not match.group(1) and not token.startswith("<!--"):
            token = _TAG_BREAK.sub(lambda found: found.group(1) or " ", token)
        parts.append(token)
        position = match.end()
    parts.append(_text(text[position:]))
    return "".join(parts)


def _text(segment: str) -> str:
    return _TEXT_BREAK.sub("\n", segment) if "\n" in segment else segment


def own_files(site_dir: Path) -> list[Path]:
    """The built copies of the portal's own scripts and stylesheets (overrides/assets/)."""
    return sorted(Path(site_dir) / source.relative_to(SOURCES) for pattern in OWN_FILES
                  for source in SOURCES.glob(pattern))


def apply(site: BuiltSite, *, serving: bool = False) -> str:
    """Rewrite the built copies of the portal's own scripts and stylesheets, and every page."""
    before = after = 0
    files = own_files(site.directory)
    for path in files:
        if not path.is_file():
            raise RuntimeError(f"{path}: fichier du portail absent du site construit")
        text = path.read_text(encoding="utf-8")
        lighter = stylesheet(text) if path.suffix == ".css" else script(text)
        path.write_text(lighter, encoding="utf-8")
        before, after = before + len(text.encode("utf-8")), after + len(lighter.encode("utf-8"))
    for name, text in site.pages.items():
        site.pages[name] = lighter = page(text)
        before, after = before + len(text.encode("utf-8")), after + len(lighter.encode("utf-8"))
    return (f"poids : {len(files)} scripts et feuilles de style du portail sans commentaires, "
            f"{len(site.pages)} pages sans indentation ({before // 1024} Ko → {after // 1024} Ko)")
