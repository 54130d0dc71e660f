"""Check every data file: `python -m scripts.validate [DATA_DIR]` (also `make check`).

The hand-written content that generators read (registry.CONTENT_CHECKS: the
news posts' front matter) is checked too, the same way.

Every problem is reported at once, one per line, as FILE:LINE:COLUMN: message,
in French; the exit status is 1 when there is at least one error, else 0 with
a one-line summary. Warnings (e.g. an entry not checked for a year) are shown
but do not fail.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.data import Data, load_all
from scripts.paths import DATA_DIR


def validate(data_dir: Path = DATA_DIR) -> Data:
    from scripts.registry import CONTENT_CHECKS, DATASETS

    data = load_all(Path(data_dir), DATASETS)
    for check in CONTENT_CHECKS:
        data.diagnostics.extend(check())
    data.diagnostics.sort()
    return data


def summary(data: Data) -> str:
    from scripts.registry import DATASETS

    parts = [dataset.summary(data[dataset.name]) for dataset in DATASETS if dataset.summary]
    text = f"Données valides : {len(data.documents)} fichiers ({'; '.join(parts)})"
    if data.warnings:
        text += f", {len(data.warnings)} avertissement(s)"
    return text + "."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.validate",
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
