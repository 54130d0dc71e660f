"""A problem found in the data, reported the way compilers do: FILE:LINE:COLUMN: message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: Path
    line: int
    column: int
    message: str
    severity: str = "erreur"  # or "avertissement": reported, does not stop the build

    @property
    def is_error(self) -> bool:
        return self.severity == "erreur"

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}: {self.severity} : {self.message}"


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the current folder when inside it."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
