"""« Recherche »: the search, one for every builder, made as a step after the build.

Pagefind (the `pagefind[extended]` package, binary included: nothing is
downloaded) reads a copy of the built pages, on the other core while the next
steps change them, and writes its index into SITE/pagefind/:
French stemming and accents folded (« cafe » finds « café »), the words of
titles and headings weighing more. Only what a page marks `data-pagefind-body`
is indexed (overrides/portail/page.html: every page but those whose front matter says
`search: {exclude: true}`, such as the printable templates that repeat the
référentiel). The browser loads nothing of it until a student opens the
search (overrides/partials/recherche.html, assets/javascripts/recherche.js).

The index depends only on the built pages: when they are byte for byte those
of an earlier build (an unchanged rebuild, `make serve` after an edit that
changes no page), it is copied from the disk cache instead of being made again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from pagefind_bin_extended import get_executable

from scripts.core.built import BuiltSite
from scripts.core.cache import DiskCache, key

BUNDLE = "pagefind"  # the index's folder, at the site's root
# Not words of the page: the permalinks' « ¶ » after each heading, the edit pencil.
EXCLUDED = ".headerlink, .md-content__button"
MARK = b"data-pagefind-body"  # what a page to index carries (overrides/portail/page.html)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (the message says why, in French)."""


def index(site: BuiltSite, *, serving: bool = False, cache: DiskCache | None = None) -> Callable[[], str]:
    """Start indexing the built site; the function returned waits for the index and gives Pagefind's
    summary line. Pagefind reads a copy of the pages as they are now, so the steps after this one change
    them meanwhile, on the other core. Serving, the function does all of it (the cache's copy included),
    in the preview's background and at a low priority: the page a person waits for comes first."""
    pages = {name: text.encode("utf-8") for name, text in site.every_page.items()}
    if not any(MARK in content for content in pages.values()):
        # Pagefind would index every page whole, the printable templates included.
        raise SearchIndexError("aucune page ne porte data-pagefind-body (overrides/portail/page.html) : la recherche "
                               "indexerait chaque page entière, modèles imprimables compris")
    inputs = key(version("pagefind"), EXCLUDED, *(part for page in pages.items() for part in page))
    cache = cache or DiskCache()
    bundle = site.directory / BUNDLE

    def made(pagefind: Callable[[], str]) -> str:
        summary = pagefind()
        cache.keep_tree("recherche", inputs, bundle, summary)
        return summary

    if serving:  # all of it in the preview's background, after the index an earlier rebuild asked for
        return lambda: cache.copy_tree("recherche", inputs, bundle) or made(_start_pagefind(pages, bundle, True))
    if (summary := cache.copy_tree("recherche", inputs, bundle)) is not None:
        return lambda: summary
    pagefind = _start_pagefind(pages, bundle)
    return lambda: made(pagefind)


def _start_pagefind(pages: dict[str, bytes], bundle: Path, background: bool = False) -> Callable[[], str]:
    """Start Pagefind over a copy of these pages (path in the site: content), writing the index into
    `bundle`; the function returned waits for it and gives its summary line."""
    copy = Path(tempfile.mkdtemp(prefix="c2i2e-recherche-"))
    for name, content in pages.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_bytes(content)
    shutil.rmtree(bundle, ignore_errors=True)
    # The binary itself, that `python -m pagefind` would start after an interpreter of its own.
    command = [str(get_executable()), "--site", str(copy), "--output-path", str(bundle.resolve()),
               "--exclude-selectors", EXCLUDED]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        shutil.rmtree(copy, ignore_errors=True)
        cause = {FileNotFoundError: "programme introuvable", PermissionError: "permission refusée"}.get(
            type(error), error.strerror)
        raise SearchIndexError(f"Pagefind n'a pas pu être lancé ({command[0]}) : {cause}") from None
    if background:
        os.setpriority(os.PRIO_PROCESS, process.pid, 10)

    def finish() -> str:
        try:
            stdout, stderr = process.communicate()
        finally:
            shutil.rmtree(copy, ignore_errors=True)
        if process.returncode != 0:
            raise SearchIndexError(f"l'index de recherche n'a pas pu être fait (Pagefind, code {process.returncode}) :\n"
                                   f"{stdout[-2000:]}{stderr[-2000:]}")
        indexed = next((line.strip() for line in stdout.splitlines() if "Indexed" in line and "pages" in line), "")
        if not indexed or indexed.startswith("Indexed 0 pages"):
            raise SearchIndexError(f"l'index de recherche est vide : Pagefind n'a rien indexé\n{stdout[-2000:]}")
        return f"recherche : {indexed.replace('Indexed', '').replace('pages', 'pages indexées').strip()}"

    return finish
