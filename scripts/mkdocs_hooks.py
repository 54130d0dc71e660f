"""MkDocs hook: generate the data-driven pages before every build.

Thin on purpose: the generation is `scripts.generate`, usable without MkDocs.
With it, a plain `mkdocs build` or `mkdocs serve` works, and `mkdocs serve`
regenerates when a data file changes (mkdocs.yml watches referentiel/).
Invalid data stops the build with the validator's messages.

Generated files under `generated/root/` are published at the site's root
(`generated/root/calendrier.ics` -> `calendrier.ics`): short, stable
addresses to subscribe to. Links to them are written to their source path,
as usual; MkDocs rewrites them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads a hook by its file path: make the project's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.generate import generate  # noqa: E402
from scripts.paths import GENERATED_DIR, ROOT_FOLDER  # noqa: E402

log = logging.getLogger("mkdocs.hooks.c2i2e")


def on_pre_build(config) -> None:
    data, changes = generate()
    for warning in data.warnings:
        log.info(str(warning))  # shown, but must not fail a strict build
    if changes is None:
        raise PluginError("données invalides, aucune page publiée :\n"
                          + "\n".join(str(d) for d in data.errors))
    log.info(str(changes))


def on_files(files, config):
    prefix = f"{GENERATED_DIR.name}/{ROOT_FOLDER}/"
    for file in files:
        if file.src_uri.startswith(prefix) and not file.is_documentation_page():
            file.dest_uri = file.src_uri[len(prefix):]
            file.url = file.dest_uri
            file.abs_dest_path = str(Path(config.site_dir, file.dest_uri))
    return files
