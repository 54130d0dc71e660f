"""Generate the data-driven pages into docs/: `python -m scripts.generate [DATA_DIR]`, before any builder."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from scripts.core import cli, pipeline
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic
from scripts.core.paths import DATA_DIR
from scripts.features import FEATURES
from scripts.validate import site


def generate(data_dir: Path = DATA_DIR, today: datetime.date | None = None
             ) -> tuple[Data, pipeline.Changes | None]:
    """Validate, then (only if valid) write the generated files into mkdocs.yml's docs/."""
    described, problems = site()
    if described is None:
        return Data(Path(data_dir), diagnostics=problems), None
    return pipeline.generate(data_dir, FEATURES, described, today)


def check_again(data: Data) -> list[Diagnostic]:
    """The features' rules again, over data already read: after hand-written pages alone were saved, the
    prose they check may have changed, and nothing the generation makes has."""
    described, problems = site()
    return sorted(pipeline.checks(data, FEATURES, described)) if described else problems


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.generate",
                                     description="Valide les données puis génère les pages du portail dans docs/.")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR,
                        help="dossier des données (par défaut : referentiel/)")
    arguments = parser.parse_args(argv)
    data, changes = generate(arguments.data_dir)
    for diagnostic in data.diagnostics:
        print(diagnostic, file=sys.stderr)
    if changes is None:
        print(f"Génération annulée : {len(data.errors)} erreur(s), aucune page écrite.", file=sys.stderr)
        return 1
    print(changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
