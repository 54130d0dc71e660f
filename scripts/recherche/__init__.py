"""« Recherche »: the search, one for every builder, made as a step after the build.

Pagefind (the `pagefind[extended]` package, binary included: nothing is
downloaded) reads the built site and writes its index into SITE/pagefind/:
French stemming and accents folded (« cafe » finds « café »), the words of
titles and headings weighing more. Only what a page marks `data-pagefind-body`
is indexed (overrides/main.html: every page but those whose front matter says
`search: {exclude: true}`, such as the printable templates that repeat the
référentiel). The browser loads nothing of it until a student opens the
search (overrides/partials/recherche.html, assets/javascripts/recherche.js).

The index depends only on the built pages: when they are byte for byte those
of an earlier build (an unchanged rebuild, `make serve` after an edit that
changes no page), it is copied from the disk cache instead of being made again.
"""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path

from pagefind_bin_extended import get_executable

from scripts.core.cache import DiskCache, key

BUNDLE = "pagefind"  # the index's folder, at the site's root
# Not words of the page: the permalinks' « ¶ » after each heading, the edit pencil.
EXCLUDED = ".headerlink, .md-content__button"


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the message says why, in French)."""


def index(site_dir: Path, *, serving: bool = False, cache: DiskCache | None = None) -> str:
    """Index the built site in `site_dir` (the same for the preview); returns Pagefind's summary line."""
    site_dir = Path(site_dir)
    pages = sorted(site_dir.rglob("*.html"))
    inputs = key(version("pagefind"), EXCLUDED, *(part for page in pages
                                                   for part in (page.relative_to(site_dir).as_posix(), page.read_bytes())))
    return (cache or DiskCache()).tree("recherche", inputs, site_dir / BUNDLE, lambda: _run_pagefind(site_dir))


def _run_pagefind(site_dir: Path) -> str:
    # The binary itself, that `python -m pagefind` would start after an interpreter of its own.
    command = [str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--exclude-selectors", EXCLUDED]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"l'index de recherche n'a pas pu être fait (Pagefind, code {result.returncode}) :\n"
                          f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    pages = next((line.strip() for line in result.stdout.splitlines() if "Indexed" in line and "pages" in line), "")
    if not pages or pages.startswith("Indexed 0 pages"):
        raise SearchIndexError("l'index de recherche est vide : aucune page ne porte data-pagefind-body "
                          f"(overrides/main.html)\n{result.stdout[-2000:]}")
    return f"recherche : {pages.replace('Indexed', '').replace('pages', 'pages indexées').strip()}"
