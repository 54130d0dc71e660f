"""Facts about the published site that generated files need (absolute addresses).

A feed or a calendar is read outside the site, so its links must be absolute:
they start with `site_url`, read from mkdocs.yml (or the SITE_URL variable it
names), the one place where the public address is set.
"""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from scripts.paths import ROOT

CONFIG_FILE = ROOT / "mkdocs.yml"


def site_url() -> str:
    """The public address of the site, ending with '/' (e.g. https://example.org/portail/)."""
    config = MkDocsConfig(config_file_path=str(CONFIG_FILE))
    with CONFIG_FILE.open(encoding="utf-8") as file:
        raw = yaml_load(file, loader=get_yaml_loader(config=config))
    url = str(raw.get("site_url") or "/")
    return url if url.endswith("/") else url + "/"


def page_url(page: str, base: str) -> str:
    """The address of a Markdown page (path inside docs/) once built: 'a/b.md' -> base + 'a/b/'."""
    stem = posixpath.splitext(page)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return base + stem
