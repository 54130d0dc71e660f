"""The two builders, run the way the Makefile runs them (`make build`: `python -m scripts.tools.builders
site`, the production one; `make build-zensical`).

Both read mkdocs.yml and docs/; what differs is only how the steps around the
build are called: MkDocs through its hook, Zensical (no hooks) between
`python -m scripts.generate` and `python -m scripts.postbuild`. The tests
build the site once with the production builder, and once with the other for its contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from scripts.core import cli
from scripts.core.paths import ROOT

BUILDERS = ("mkdocs", "zensical")
# The builder that ships (`make build`, the deployments) and that the whole suite tests; the other one
# keeps a contract (tests/test_builders.py). Switching is this one line (README, « Architecture »).
PRODUCTION = "mkdocs"
CONTRACT = next(builder for builder in BUILDERS if builder != PRODUCTION)
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


class BuildError(RuntimeError):
    pass


def copy_project(target: Path) -> Path:
    """The repository as a fresh clone with the working tree's edits has it (tracked and new files,
    nothing git ignores: no generated page, no build), sharing the installed virtualenvs and the cache."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    for venv in (".venv", ".venv-zensical"):
        (target / venv).symlink_to(ROOT / venv)
    # The disk cache too (files under a hash of all their inputs): a copy does not make them again cold.
    (ROOT / ".cache").mkdir(exist_ok=True)
    (target / ".cache").symlink_to(ROOT / ".cache")
    return target


def commands(builder: str, site_dir: Path, strict: bool = True, dirty: bool = False) -> list[list[str]]:
    if builder == "mkdocs":
        return [[sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
                 *(["--dirty"] if dirty else []), "--site-dir", str(site_dir)]]
    if builder == "zensical":
        return [[sys.executable, "-m", "scripts.generate"], [str(ZENSICAL), "build", "--strict"],
                [sys.executable, "-m", "scripts.postbuild", str(site_dir)]]
    raise ValueError(builder)


def build(builder: str, site_dir: Path, environ: Mapping[str, str] | None = None, *, root: Path = ROOT,
          strict: bool = True, shown: bool = False, dirty: bool = False) -> None:
    """Build the site of the repository at `root` into `site_dir` (inside the repository for Zensical,
    which requires it); `strict` and `dirty` (only the pages whose Markdown changed) only for MkDocs;
    `shown`: what the builder says goes to the terminal."""
    if builder == "zensical" and not ZENSICAL.exists():
        raise BuildError(f"{ZENSICAL} manquant : lancez « make build-zensical » ou « make test », qui l'installent.")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environ or {}), "SITE_DIR": str(site_dir)}
    for command in commands(builder, site_dir, strict, dirty):
        result = subprocess.run(command, cwd=root, capture_output=not shown, text=True, env=env)
        if result.returncode != 0:
            raise BuildError(f"{' '.join(command)} a échoué ({result.returncode})"
                             + ("" if shown else f" :\n{result.stdout}\n{result.stderr}"))


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.tools.builders",
                                description=f"Construit le site de production ({PRODUCTION}, en mode strict).")
    parser.add_argument("site_dir", type=Path, help="dossier où écrire le site (par exemple site/)")
    arguments = parser.parse_args(argv)
    try:
        build(PRODUCTION, arguments.site_dir.resolve(), shown=True)
    except BuildError as error:
        print(f"{arguments.site_dir}: erreur : {error}", file=sys.stderr)
        return 1
    print(f"site construit par {PRODUCTION} dans {arguments.site_dir}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
