"""The site as the builder's configuration describes it, read once: `mkdocs.yml`.

MkDocs and Zensical both read `mkdocs.yml`. What the generators need of it
(the public address, the language, where the pages are) and what the checks
need (the navigation, with the line of each entry) is read here, once per
run, and handed to every generator. Nothing else parses the configuration.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import Document, load

# MkDocs' own exclusions, which apply whatever exclude_docs says (hidden files, theme templates).
DEFAULT_EXCLUDED = (".*", "/templates/")


@dataclass(frozen=True)
class Site:
    config: Document  # mkdocs.yml, with the position of every value (for messages about it)
    url: str  # the public address, ending with "/": https://example.org/portail/
    docs_dir: Path
    language: str

    @property
    def path(self) -> Path:
        return self.config.path

    @property
    def nav(self) -> list[Any]:
        return self.config.data.get("nav") or []

    def patterns(self, setting: str) -> pathspec.PathSpec:
        """The file patterns of `not_in_nav` or `exclude_docs` (gitignore-style, as both builders read them)."""
        lines = str(self.config.data.get(setting) or "").splitlines()
        if setting == "exclude_docs":
            lines = [*DEFAULT_EXCLUDED, *lines]
        return pathspec.GitIgnoreSpec.from_lines(lines)

    def page_url(self, page: str) -> str:
        """The public address of a file inside docs/: 'a/b.md' -> URL + 'a/b/', 'a/index.md' -> URL + 'a/',
        'a/b.ics' -> URL + 'a/b.ics'."""
        stem, extension = posixpath.splitext(page)
        if extension != ".md":
            return self.url + page
        if stem == "index" or stem.endswith("/index"):
            return self.url + stem[: -len("index")]
        return f"{self.url}{stem}/"


def read_site(config_file: Path, environ: Mapping[str, str] = os.environ) -> tuple[Site | None, list[Diagnostic]]:
    """The site described by `config_file`, or None and why not (FILE:LINE:COLUMN messages)."""
    document, problems = load(config_file, environ=environ)
    if document is None or problems:
        return None, problems
    config = document.data if isinstance(document.data, dict) else {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    url = str(config.get("site_url") or "/")
    docs_dir = config_file.parent / str(config.get("docs_dir") or "docs")
    site = Site(document, url if url.endswith("/") else url + "/", docs_dir, str(theme.get("language") or "en"))
    return site, []
