"""Check every data file, the news posts' front matter and the navigation: `python -m scripts.validate [DATA_DIR]`.

Exit status 1 when there is at least one error; warnings are shown but do not fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.core import cli, pipeline
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic
from scripts.core.paths import CONFIG_FILE, DATA_DIR
from scripts.core.site import Site, read_site
from scripts.features import FEATURES


def site() -> tuple[Site | None, list[Diagnostic]]:
    """The site of this repository's mkdocs.yml (the address from SITE_URL when set)."""
    return read_site(CONFIG_FILE)


def validate(data_dir: Path = DATA_DIR) -> Data:
    """Every data file and feature content checked; a broken mkdocs.yml is reported the same way."""
    described, problems = site()
    if described is None:
        return Data(Path(data_dir), diagnostics=problems)
    return pipeline.validate(data_dir, FEATURES, described)


def summary(data: Data) -> str:
    parts = [dataset.summary(data[dataset.name]) for feature in FEATURES for dataset in feature.datasets
             if dataset.summary]
    text = f"Données valides : {len(data.documents)} fichiers ({'; '.join(parts)})"
    if data.warnings:
        text += f", {len(data.warnings)} avertissement(s)"
    return text + "."


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.validate",
                                     description="Vérifie les fichiers de données du portail C2i2e.")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR,
                        help="dossier des données (par défaut : referentiel/)")
    arguments = parser.parse_args(argv)
    if not arguments.data_dir.is_dir():
        print(f"{arguments.data_dir}: erreur : dossier introuvable", file=sys.stderr)
        return 1
    data = validate(arguments.data_dir)
    for diagnostic in data.diagnostics:
        print(diagnostic, file=sys.stderr if diagnostic.is_error else sys.stdout)
    if data.errors:
        print(f"{len(data.errors)} erreur(s) : corrigez les lignes indiquées ci-dessus.", file=sys.stderr)
        return 1
    print(summary(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
