"""« Poids »: the portal's scripts and stylesheets without their comments, its pages without their indentation.

Run after any builder on the built copies (the sources in overrides/ keep their comments, which are
half of what they weigh even gzip-compressed). In a page, white space is left as it is wherever it
shows (`pre`, `textarea`, `code`, `kbd`) or is code (`script`, `style`: the security policy lists the
inline scripts' hashes), and in comments and attribute values. Every rewriting is idempotent.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

from scripts.core.built import HTML_TOKENS, BuiltSite
from scripts.core.paths import ROOT

SOURCES = ROOT / "overrides"
OWN_FILES = ("assets/javascripts/*.js", "assets/stylesheets/*.css")


def stylesheet(text: str) -> str:
    """The stylesheet without its comments and its spare white space (rcssmin)."""
    return rcssmin.cssmin(text) + "\n"


def script(text: str) -> str:
    """The script without its comments and its spare white space (rjsmin)."""
    return rjsmin.jsmin(text) + "\n"


_TEXT_BREAK = re.compile(r"[ \t\r\f]*\n\s*")
_TAG_BREAK = re.compile(r"(\"[^\"]*\"|'[^']*')|\s*\n\s*")


def page(text: str) -> str:
    """The page without its indentation and blank lines, shown and read the same."""
    parts: list[str] = []
    position = 0
    for match in HTML_TOKENS.finditer(text):
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
