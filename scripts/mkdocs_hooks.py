"""MkDocs hook: a convenience, doing nothing that a builder without hooks would miss.

`python -m scripts.generate` makes everything a builder needs, and
`python -m scripts.postbuild SITE` finishes the built site (the search
index); this hook only runs the same two before and after each MkDocs build,
so that a plain `mkdocs build` or `mkdocs serve` works, and `mkdocs serve`
regenerates when the data changes (mkdocs.yml watches referentiel/ and the
templates). Invalid data stops the build with the validator's messages.

Under `mkdocs serve --dirty` (`make serve`), MkDocs renders again only the pages whose Markdown
changed: the steps after it finish those pages alone, a page that includes a regenerated fragment
is rendered again too, and the search index is made in the background (scripts.postbuild.Preview).
When only hand-written pages were saved, the generation is not run again, only its rules over them.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from watchdog.observers.polling import PollingObserver

# MkDocs loads a hook by its file path: make the project's package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.core.cache import CACHE_DIR  # noqa: E402
from scripts.core.dates import today  # noqa: E402
from scripts.core.pipeline import MANIFEST, previous_outputs  # noqa: E402
from scripts.features import FEATURES  # noqa: E402
from scripts.generate import check_again, generate  # noqa: E402
from scripts.postbuild import PREVIEW, Generation, Sources, run_steps  # noqa: E402

log = logging.getLogger("mkdocs.hooks.c2i2e")


def on_startup(command, dirty) -> None:
    # The state lives in scripts.postbuild: `mkdocs serve` loads this file again at every rebuild.
    PREVIEW.serving = command == "serve"
    if dirty:  # asked for: MkDocs' warning about it would stop the strict preview
        logging.getLogger("mkdocs.commands.build").addFilter(
            lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))


def on_serve(server, config, builder):
    """MkDocs looks for saved files every half second: every tenth, a saved page shows in under a second."""
    watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
    for path in watched:  # the paths MkDocs watched before this hook; those of `watch:` come after it
        server.unwatch(path)
    server.observer = PollingObserver(timeout=0.1)
    for path in watched:
        server.watch(path)
    return server


def on_pre_build(config) -> None:
    sources, last = (_sources(config), PREVIEW.generation) if PREVIEW.serving else ({}, None)
    if last and last.day == today() and _pages_alone(config, last.sources, sources):
        # A page saved in the preview: the generation would make the same files (0.2 s); its rules run again.
        PREVIEW.generation = dataclasses.replace(last, sources=sources)
        PREVIEW.fragments_changed(())
        _stop_on_errors(check_again(last.data))
        log.info("données inchangées : pages générées gardées, règles de rédaction revues")
        return
    data, changes = generate()
    PREVIEW.generation = Generation(data, today(), sources) if PREVIEW.serving and changes is not None else None
    _stop_on_errors(data.diagnostics)
    PREVIEW.fragments_changed(changes.written)
    log.info(str(changes))


def _stop_on_errors(problems) -> None:
    for warning in (p for p in problems if not p.is_error):
        log.info(str(warning))  # shown, but must not fail a strict build
    if errors := [p for p in problems if p.is_error]:
        raise PluginError("données invalides, aucune page publiée :\n" + "\n".join(map(str, errors)))


def _sources(config) -> Sources:
    """Every file a generation may read (docs/ but what it wrote there, mkdocs.yml, the watched folders,
    the theme's overrides)."""
    docs = Path(config.docs_dir)
    written = {docs / name for name in (*previous_outputs(docs), MANIFEST)}
    found = {}
    for root in map(Path, (docs, config.config_file_path, *config.watch, config.theme.custom_dir)):
        for path in root.rglob("*") if root.is_dir() else [root]:
            if path not in written and path.is_file():
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _pages_alone(config, before: Sources, after: Sources) -> bool:
    """Whether only hand-written pages were saved (none added or removed): pages no feature owns, whose
    prose alone the generation reads."""
    if before.keys() != after.keys():
        return False
    docs = Path(config.docs_dir)
    for name in (name for name in after if after[name] != before[name]):
        page = Path(name)
        if not page.is_relative_to(docs) or page.suffix != ".md" \
                or any(feature.owns(page.relative_to(docs).as_posix()) for feature in FEATURES):
            return False
    return True


def on_files(files, config):
    """A page that includes a regenerated fragment is rendered again, though its Markdown is unchanged."""
    for file in files.documentation_pages():
        if PREVIEW.fragments and file.abs_src_path and Path(file.abs_dest_path).is_file() \
                and PREVIEW.includes_a_changed_fragment(Path(file.abs_src_path).read_text(encoding="utf-8")):
            Path(file.abs_dest_path).unlink()
    return files


def on_env(env, config, files):
    if PREVIEW.serving:  # MkDocs makes a new environment at every rebuild: the theme's templates compile once
        folder = CACHE_DIR.parent / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_post_build(config) -> None:
    try:
        for line in run_steps(Path(config.site_dir), preview=PREVIEW):
            log.info(line)
    except RuntimeError as error:
        raise PluginError(str(error)) from None
