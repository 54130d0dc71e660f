"""The portal's data files: what each one is, and loading + checking them all at once.

Each data file `referentiel/NAME.yaml` has its JSON Schema beside it
(`NAME.schema.json`; .vscode/settings.json maps each file to its schema for editors), and may have
rules of its own that a schema cannot say (cross-references, counts...). Those
rules are plain functions registered with the file's `Dataset`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.core import schema
from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import Document, load

Check = Callable[["Data"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Dataset:
    name: str
    checks: tuple[Check, ...] = ()
    summary: Callable[[Any], str] | None = None

    @property
    def file_name(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema_name(self) -> str:
        return f"{self.name}.schema.json"


@dataclass
class Data:
    """Every data file of a folder, loaded, with every problem found in it."""

    directory: Path
    documents: dict[str, Document] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What features read outside the data folder, checked the same way (the news posts), by feature.
    content: dict[str, Any] = field(default_factory=dict)
    _valid: set[str] = field(default_factory=set)

    def __getitem__(self, name: str) -> Any:
        return self.documents[name].data

    def document(self, name: str) -> Document:
        return self.documents[name]

    def valid(self, *names: str) -> bool:
        """Whether these files loaded and match their schemas (their own rules aside)."""
        return all(name in self._valid for name in names)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def load_all(directory: Path, datasets: Iterable[Dataset], *, complete: bool = False) -> Data:
    """Load and check these data files; never raises on bad data, reports it. `complete`: these are
    all the portal's datasets, so any other YAML file in the folder is reported as unknown."""
    datasets = list(datasets)
    data = Data(directory)
    known = {dataset.file_name for dataset in datasets}
    for path in sorted(directory.glob("*.y*ml")) if complete else ():
        if path.name not in known:
            data.diagnostics.append(Diagnostic(
                path, 1, 1, f"fichier de données inconnu : les fichiers attendus sont {', '.join(sorted(known))}"))

    for dataset in datasets:
        path = directory / dataset.file_name
        if not path.exists():
            data.diagnostics.append(Diagnostic(path, 1, 1, "fichier de données manquant"))
            continue
        document, problems = load(path)
        data.diagnostics.extend(problems)
        if document is None:
            continue
        data.documents[dataset.name] = document
        data.diagnostics.extend(_schema_comment(path, dataset))
        schema_path = directory / dataset.schema_name
        if not schema_path.exists():
            data.diagnostics.append(Diagnostic(schema_path, 1, 1, "schéma JSON manquant à côté des données"))
            continue
        schema_problems = list(schema.check(document, schema_path))
        data.diagnostics.extend(schema_problems)
        if not problems and not any(problem.is_error for problem in schema_problems):
            data._valid.add(dataset.name)

    for dataset in datasets:
        if dataset.name not in data.documents:
            continue
        for check in dataset.checks:
            try:
                data.diagnostics.extend(check(data))
            except (KeyError, TypeError, AttributeError, IndexError, ValueError):
                # The file breaks its schema in a way this rule cannot read past:
                # the schema's messages already say what to fix.
                if data.valid(dataset.name):
                    raise

    data.diagnostics.sort()
    return data


def _schema_comment(path: Path, dataset: Dataset) -> list[Diagnostic]:
    """A `yaml-language-server` first line, when there is one, must name the file's own schema.

    It is optional: editors find the schemas in .vscode/settings.json, and the browser editor, which
    rewrites a file without its comments, drops it."""
    expected = f"# yaml-language-server: $schema={dataset.schema_name}"
    with path.open(encoding="utf-8-sig") as file:  # as the loader reads it: a byte order mark is harmless
        first = file.readline().rstrip("\n")
    if "yaml-language-server" not in first or first.strip() == expected:
        return []
    return [Diagnostic(path, 1, 1, f"la première ligne désigne un autre schéma que celui du fichier : écrivez "
                                   f"« {expected} », ou retirez-la")]


def iso_day(value: object) -> datetime.date | None:
    """The day written AAAA-MM-JJ, or None (the schema reports a malformed one)."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def mappings(value: object) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) of each mapping of a list; anything else is the schema's to report."""
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def find_duplicates(document: Document, items: Iterable[tuple[tuple, str]], what: str) -> Iterator[Diagnostic]:
    """One diagnostic per value seen twice; items are (place in the document, value)."""
    seen: dict[str, tuple] = {}
    for where, value in items:
        if value in seen:
            line = document.position(seen[value])[0]
            yield document.diagnostic(where, f"{what} « {value} » en double (déjà utilisé ligne {line})")
        else:
            seen[value] = where

