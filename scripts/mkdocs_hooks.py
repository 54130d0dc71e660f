"""MkDocs hook: a convenience, doing nothing that a builder without hooks would miss.

`python -m scripts.generate` makes everything a builder needs; this hook only
runs it before each MkDocs build, so that a plain `mkdocs build` or `mkdocs
serve` works, and `mkdocs serve` regenerates when the data changes (mkdocs.yml
watches referentiel/ and the templates). Invalid data stops the build with
the validator's messages.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads a hook by its file path: make the project's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.generate import generate  # noqa: E402

log = logging.getLogger("mkdocs.hooks.c2i2e")


def on_pre_build(config) -> None:
    data, changes = generate()
    for warning in data.warnings:
        log.info(str(warning))  # shown, but must not fail a strict build
    if changes is None:
        raise PluginError("données invalides, aucune page publiée :\n"
                          + "\n".join(str(d) for d in data.errors))
    log.info(str(changes))
