"""Generate the data-driven pages: `python -m scripts.generate [DATA_DIR]`.

YAML -> load + validate -> Jinja2 templates -> Markdown (and downloadable
files) in `docs/generated/`, which git ignores. Nothing is written unless all
the data is valid. Files are written atomically and only when their content
changes (so `mkdocs serve` does not rebuild for nothing); files no longer
produced are removed. Nothing is ever written outside the generated folder.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

import jinja2
import markupsafe

from scripts.data import Data
from scripts.dates import full_date, long_date, time_of_day
from scripts.diagnostics import display_path
from scripts.paths import DATA_DIR, GENERATED_DIR, TEMPLATES_DIR
from scripts.validate import validate

Output = tuple[str, str | bytes]  # (path inside the generated folder, content)


def relative_link(target: str, source: str) -> str:
    """Link from the page `source` to the page `target` (both inside the generated folder)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def yaml_text(value: object) -> markupsafe.Markup:
    """A front-matter string, YAML-quoted and HTML-escaped: themes print titles and
    descriptions unescaped, in text and in double-quoted attributes. Apostrophes are
    left as they are (Material escapes titles again in some attributes)."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return markupsafe.Markup(json.dumps(text, ensure_ascii=False))


def templates() -> jinja2.Environment:
    """The one template folder. Every value is HTML-escaped: data is text, never markup."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["link"] = relative_link
    environment.filters["yaml_text"] = yaml_text
    # Dates in French: « 29 novembre 2026 », « vendredi 19 mars 2027 », « 14 h 30 ».
    environment.filters["long_date"] = long_date
    environment.filters["full_date"] = full_date
    environment.filters["time_of_day"] = time_of_day
    return environment


def outputs(data: Data) -> list[Output]:
    """Every generated file, from every generator, for valid data."""
    from scripts.registry import GENERATORS

    environment = templates()
    produced: dict[str, str | bytes] = {}
    for generator in GENERATORS:
        for path, content in generator(data, environment):
            if path in produced:
                raise ValueError(f"two generators produce {path}")
            produced[path] = content
    return sorted(produced.items())


@dataclass
class Changes:
    directory: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        total = len(self.written) + len(self.unchanged)
        return (f"{total} fichiers générés dans {display_path(self.directory)}/ "
                f"({len(self.written)} écrits, {len(self.unchanged)} inchangés, {len(self.removed)} supprimés)")


def write_tree(files: Iterable[Output], out_dir: Path) -> Changes:
    """Make `out_dir` hold exactly these files, touching only what changed."""
    out_dir = out_dir.resolve()
    changes = Changes(out_dir)
    keep: set[Path] = set()
    for name, content in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"refusing to write outside {out_dir}: {name}")
        target = out_dir.joinpath(*relative.parts)
        keep.add(target)
        payload = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.read_bytes() == payload:
            changes.unchanged.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, payload)
        changes.written.append(name)

    if out_dir.is_dir():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            if path.is_file() and path not in keep:
                path.unlink()
                changes.removed.append(path.relative_to(out_dir).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changes


def _write_atomically(target: Path, payload: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def generate(data_dir: Path = DATA_DIR, out_dir: Path = GENERATED_DIR) -> tuple[Data, Changes | None]:
    """Validate, then (only if valid) write the generated folder."""
    data = validate(data_dir)
    if data.errors:
        return data, None
    return data, write_tree(outputs(data), out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.generate",
                                     description="Valide les données puis génère les pages du portail.")
    parser.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR,
                        help="dossier des données (par défaut : referentiel/)")
    parser.add_argument("--out", type=Path, default=GENERATED_DIR, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    data, changes = generate(arguments.data_dir, arguments.out)
    for diagnostic in data.diagnostics:
        print(diagnostic, file=sys.stderr)
    if changes is None:
        print(f"Génération annulée : {len(data.errors)} erreur(s) dans les données, aucune page écrite.",
              file=sys.stderr)
        return 1
    print(changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
