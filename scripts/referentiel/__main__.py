"""The certification rule on the command line.

    python -m scripts.referentiel [--face-a-face] CODE [CODE ...]

prints one JSON object {"eligible", "validated", "not_validated_by_domain",
"reasons"} for the given validated competency codes, according to the
référentiel of `referentiel/competences.yaml`. An unknown code, or invalid
data, is an error (exit 2); a repeated code counts once.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from scripts.core import cli
from scripts.core.data import load_all
from scripts.core.paths import DATA_DIR
from scripts.referentiel import DATASET, by_domain
from scripts.referentiel.certification import UnknownCompetency, evaluate


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m scripts.referentiel",
        description="Compare un ensemble de compétences cochées (l'estimation du candidat) à la règle de certification du C2i2e.")
    parser.add_argument("--face-a-face", action="store_true",
                        help="au moins une situation réelle d'enseignement en face-à-face a été mise en œuvre")
    # Zero codes is a real case (a candidate who starts): it gets its verdict, not a usage error.
    parser.add_argument("codes", nargs="*", metavar="CODE", help="code d'une compétence cochée, ex. A.1.1")
    arguments = parser.parse_intermixed_args(argv)  # the flag may come after the codes

    data = load_all(DATA_DIR, [DATASET])
    if data.errors or not data.valid(DATASET.name):
        for diagnostic in data.errors:
            print(diagnostic, file=sys.stderr)
        return 2
    try:
        verdict = evaluate(arguments.codes, arguments.face_a_face, by_domain(data[DATASET.name]))
    except UnknownCompetency as error:
        print(f"Erreur : {error}. Les codes ont la forme A.1.1 … B.4.3.", file=sys.stderr)
        return 2
    print(json.dumps(asdict(verdict), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
