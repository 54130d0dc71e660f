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
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.core import cli
from scripts.core.built import BuiltSite
from scripts.features import POST_BUILD

Step = str | Callable[[], str]  # a step's line, or the function that waits for it and gives it


def run_steps(site_dir: Path, *, serving: bool = False, steps: Iterable[Callable[..., Step]] = POST_BUILD
              ) -> list[str]:
    """Run every post-build step over the pages of `site_dir`, in order, then write those they changed
    (see BuiltSite); a failing step raises with its French message, and no page is written. A step
    that returns a function instead of its line goes on while the next ones run (the search index,
    made by a program of its own): that function waits for it and gives the line."""
    site = BuiltSite.read(site_dir)
    started: list[Step] = []
    try:
        for step in steps:
            started.append(step(site, serving=serving))
        site.write()
    except BaseException:
        for result in started:  # what still runs is waited for: nothing is left behind
            if callable(result):
                with contextlib.suppress(Exception):
                    result()
        raise
    return [result() if callable(result) else result for result in started]


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
