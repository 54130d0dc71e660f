"""The steps after any builder, over the built site: `python -m scripts.postbuild SITE_DIR`.

MkDocs runs them through its hook (scripts/mkdocs_hooks.py, after each build,
`mkdocs serve` included); a builder without hooks (Zensical) is followed by
this command (`make build-zensical`). Each step is a function (the built site,
its pages read once: scripts.core.built.BuiltSite; serving=whether it is
`mkdocs serve`'s preview) -> one line saying what it did (or a function giving
it, when the step goes on while the next ones run), listed in
scripts.features.POST_BUILD.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scripts.core import cli
from scripts.core.built import BuiltSite
from scripts.core.data import Data
from scripts.features import POST_BUILD

log = logging.getLogger("mkdocs.hooks.c2i2e")

Step = str | Callable[[], str]  # a step's line, or the function that waits for it and gives it
FRAGMENTS = "_fragments/"  # inside docs/: the pieces that pages include (pymdownx.snippets)


Sources = dict[str, tuple[int, int]]  # each file a generation may read: (modification time, size)


@dataclass(frozen=True)
class Generation:
    data: Data  # what it read, valid
    day: datetime.date
    sources: Sources  # as they were when it read them


class Preview:
    """What `mkdocs serve` carries from one rebuild to the next (this module is imported once, while the
    hook is loaded again at every rebuild): the pages as the steps left them, so that a rebuild finishes
    only the pages the builder wrote again (`--dirty`: those whose Markdown changed); the last valid
    generation, and the fragments it rewrote; and, while serving, the search index still being made."""

    def __init__(self) -> None:
        self.serving = False
        self.finished: dict[str, int] = {}  # page: its modification time once the steps had written it
        self.generation: Generation | None = None
        self.fragments: set[str] = set()
        self.search: threading.Thread | None = None

    def fragments_changed(self, written: Iterable[str]) -> None:
        self.fragments = {name.removeprefix(FRAGMENTS) for name in written if name.startswith(FRAGMENTS)}

    def includes_a_changed_fragment(self, markdown: str) -> bool:
        return any(f'--8<-- "{name}"' in markdown for name in self.fragments)


PREVIEW = Preview()


def run_steps(site_dir: Path, *, preview: Preview | None = None, steps: Iterable[Callable[..., Step]] = POST_BUILD
              ) -> list[str]:
    """Run every post-build step over the pages of `site_dir`, in order, then write those they changed
    (see BuiltSite); a failing step raises with its French message, and no page is written. A step
    that returns a function instead of its line goes on while the next ones run (the search index,
    made by a program of its own): that function waits for it and gives the line; under `mkdocs serve`
    it is called in the background after the page is shown (it starts the work then) and its line
    logged when done."""
    preview = preview or Preview()
    site = BuiltSite.read(site_dir, preview.finished)
    started: list[Step] = []
    try:
        for step in steps:
            started.append(step(site, serving=preview.serving))
        site.write()
    except BaseException:
        for result in started:  # what still runs is waited for: nothing is left behind (serving, nothing runs yet)
            if callable(result) and not preview.serving:
                with contextlib.suppress(Exception):
                    result()
        raise
    preview.finished = site.modification_times()
    pending = [result for result in started if callable(result)]
    if preview.serving and pending:
        preview.search = threading.Thread(target=_log_when_done, args=(pending, preview, preview.search), daemon=True)
        preview.search.start()
        return [result for result in started if not callable(result)]
    return [result() if callable(result) else result for result in started]


def _log_when_done(pending: list[Callable[[], str]], preview: Preview, earlier: threading.Thread | None) -> None:
    """After the index an earlier rebuild asked for (both would write the same folder); not at all if a
    later rebuild has asked for a newer one meanwhile."""
    if earlier:
        earlier.join()
    if preview.search is not threading.current_thread():
        return
    for finish in pending:
        try:
            log.info(finish())
        except RuntimeError as error:
            log.error(str(error))


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.postbuild",
                                description="Termine le site construit : typographie française, index de "
                                            "recherche, allègement, politique de sécurité.")
    parser.add_argument("site_dir", type=Path, help="dossier du site construit (par exemple site/)")
    arguments = parser.parse_args(argv)
    if not (arguments.site_dir / "index.html").is_file():
        print(f"{arguments.site_dir}: erreur : pas de site construit ici (index.html manquant)", file=sys.stderr)
        return 1
    try:
        for line in run_steps(arguments.site_dir):
            print(line)
    except RuntimeError as error:
        print(f"{arguments.site_dir}: erreur : {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
