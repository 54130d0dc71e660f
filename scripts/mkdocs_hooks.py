"""MkDocs hook: a convenience, doing nothing that a builder without hooks would miss.

`python -m scripts.generate` makes everything a builder needs, and
`python -m scripts.postbuild SITE` finishes the built site (the search
index); this hook only runs the same two before and after each MkDocs build,
so that a plain `mkdocs build` or `mkdocs serve` works, and `mkdocs serve`
regenerates when the data changes (mkdocs.yml watches referentiel/ and the
templates). Invalid data stops the build with the validator's messages.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads a hook by its file path: make the project's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.generate import generate  # noqa: E402
from scripts.postbuild import run_steps  # noqa: E402

log = logging.getLogger("mkdocs.hooks.c2i2e")
serving = False  # `mkdocs serve`: the post-build steps know it is a preview (live reload)


def on_startup(command, dirty) -> None:
    global serving
    serving = command == "serve"


def on_pre_build(config) -> None:
    data, changes = generate()
    for warning in data.warnings:
        log.info(str(warning))  # shown, but must not fail a strict build
    if changes is None:
        raise PluginError("données invalides, aucune page publiée :\n"
                          + "\n".join(str(d) for d in data.errors))
    log.info(str(changes))


def on_post_build(config) -> None:
    try:
        for line in run_steps(Path(config.site_dir), serving=serving):
            log.info(line)
    except RuntimeError as error:
        raise PluginError(str(error)) from None
