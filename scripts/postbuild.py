"""The steps after any builder, over the built site: `python -m scripts.postbuild SITE_DIR`.

MkDocs runs them through its hook (scripts/mkdocs_hooks.py, after each build,
`mkdocs serve` included); a builder without hooks (Zensical) is followed by
this command (`make build-zensical`). Each step is a function (site folder,
serving=whether it is `mkdocs serve`'s preview) -> one line saying what it did,
listed in scripts.features.POST_BUILD.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.core import cli
from scripts.features import POST_BUILD


def run_steps(site_dir: Path, *, serving: bool = False, steps: Iterable[Callable[..., str]] = POST_BUILD
              ) -> list[str]:
    """Run every post-build step over `site_dir`, in order; a failing step raises with its French message."""
    return [step(site_dir, serving=serving) for step in steps]


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.postbuild",
                                description="Termine le site construit : index de recherche, allègement, "
                                            "politique de sécurité.")
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
