"""« Accessibilité »: the RGAA 4.1.2 audit as data (`grille.yaml`: the sample, the kinds of page, the
106 criteria on each sample page with their evidence), the conformity rate by the official rule, the
declaration page /accessibilite/ in the official template, the grid in the official ODS layout, and
the footer's mention, written after the build from the computed status."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from scripts import admin, annuaire
from scripts.accessibilite import ods
from scripts.core import archive
from scripts.core.cache import key
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import load
from scripts.core.paths import ROOT
from scripts.core.pipeline import Context, Feature
from scripts.core.schema import check

NAME = "accessibilite"
HERE = Path(__file__).resolve().parent
GRID = HERE / "grille.yaml"
SCHEMA = HERE / "grille.schema.json"
OFFICIAL = HERE / "rgaa-4.1.2"
PAGE = "accessibilite.md"
ODS = "accessibilite/grille-audit-rgaa.ods"
# The footer's link, as overrides/partials/copyright.html writes it (the least claim) before the step, or
# as a run of the steps left it (its colon after a no-break space).
MENTION = re.compile(r'(<p class="portail-footer__a11y">\s*<a [^>]*>)Accessibilité[ \u00a0]: [^<]*(</a>)')


@dataclass(frozen=True)
class Criterion:
    id: str  # "1.1"
    topic: str  # « Images »


@dataclass(frozen=True)
class Result:
    conforming: int
    applicable: int
    untested: int

    @property
    def rate(self) -> float | None:
        """Conforming criteria over applicable ones; none while a cell is untested."""
        if self.untested or not self.applicable:
            return None
        return self.conforming / self.applicable

    @property
    def status(self) -> str:
        """« totalement », « partiellement » or « non » conforme (no valid result: non)."""
        rate = self.rate
        if rate is None or rate < 0.5:
            return "non conforme"
        return "totalement conforme" if rate == 1 else "partiellement conforme"


@functools.cache
def criteria() -> tuple[Criterion, ...]:
    """The 106 criteria of the official criteres.json, in order (read once: every grid step asks)."""
    official = json.loads((OFFICIAL / "criteres.json").read_text(encoding="utf-8"))
    return tuple(Criterion(f"{topic['number']}.{entry['criterium']['number']}", topic["topic"])
                 for topic in official["topics"] for entry in topic["criteria"])


def fingerprint(*paths: Path) -> str:
    """What a review saw of a page: its sources' text (the hand-written page, or the template and data
    a generated one comes from, never the build's own settings), line ends and trailing spaces aside."""
    digest = hashlib.sha256()
    for path in paths:
        text = "\n".join(line.rstrip() for line in path.read_text(encoding="utf-8").splitlines())
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def sources(page: dict[str, Any], root: Path = ROOT) -> list[Path]:
    named = page["source"]
    return [root / name for name in ([named] if isinstance(named, str) else named)]


@dataclass(frozen=True)
class Grid:
    raw: dict[str, Any]

    @property
    def date(self) -> datetime.date:
        return datetime.date.fromisoformat(str(self.raw["audit"]["date"]))

    @property
    def pages(self) -> list[dict[str, Any]]:
        return self.raw["echantillon"]["pages"]

    @property
    def codes(self) -> list[str]:
        return [page["code"] for page in self.pages]

    def page(self, code: str) -> dict[str, Any]:
        return next(page for page in self.pages if page["code"] == code)

    def cells(self) -> dict[str, dict[str, str]]:
        """Each criterion's status on each sample page ("NT" where the grid says nothing)."""
        table = {}
        for criterion in criteria():
            entry = self.raw["criteres"].get(criterion.id)
            if entry is None:
                table[criterion.id] = dict.fromkeys(self.codes, "NT")
                continue
            where = entry.get("pages") or self.codes
            row = {code: (entry["statut"] if code in where else "NA") for code in self.codes}
            for code, gap in (entry.get("ecarts") or {}).items():
                row[code] = gap["statut"]
            table[criterion.id] = row
        return table

    def result(self) -> Result:
        cells = self.cells()
        applicable = [row for row in cells.values() if any(s in ("C", "NC") for s in row.values())]
        return Result(conforming=sum(1 for row in applicable if "NC" not in row.values()),
                      applicable=len(applicable),
                      untested=sum(1 for row in cells.values() for s in row.values() if s == "NT"))

    def failures(self) -> list[tuple[Criterion, list[str], str]]:
        """Each non-conforming criterion, the sample pages where it fails, and why."""
        cells = self.cells()
        found = []
        for criterion in criteria():
            failing = [code for code, status in cells[criterion.id].items() if status == "NC"]
            if failing:
                entry = self.raw["criteres"][criterion.id]
                reasons = [entry.get("constat", "")] + [gap.get("constat", "") for code, gap in
                                                        (entry.get("ecarts") or {}).items() if gap["statut"] == "NC"]
                found.append((criterion, failing, " ".join(r for r in reasons if r)))
        return found

    def evidence(self, criterion: str) -> list[str]:
        return [str(item) for item in self.raw["criteres"].get(criterion, {}).get("preuves", [])]


def read_grid(path: Path = GRID, root: Path = ROOT) -> tuple[Grid | None, list[Diagnostic]]:
    """The grid, checked against its schema and the official criteria; reviews whose page changed since
    are warnings (never errors: a news post must never be blocked by them)."""
    document, problems = load(path)
    if document is None:
        return None, problems
    problems = list(check(document, SCHEMA))
    if problems:
        return None, problems
    grid = Grid(document.data)
    known = {criterion.id for criterion in criteria()}
    for unknown in sorted(set(grid.raw["criteres"]) - known):
        problems.append(document.diagnostic(("criteres", unknown), f"critère inconnu du RGAA 4.1.2 : {unknown}",
                                            key=True))
    for number, page in enumerate(grid.pages):
        files = sources(page, root)
        if "empreinte" in page and all(f.exists() for f in files) and fingerprint(*files) != page["empreinte"]:
            problems.append(document.diagnostic(
                ("echantillon", "pages", number, "empreinte"),
                f"la page {page['code']} ({page['titre']}) a changé depuis sa revue du {grid.date:%d/%m/%Y} "
                f"({', '.join(f.relative_to(root).as_posix() for f in files)}) : revoyez ses critères, puis "
                f"relevez sa nouvelle empreinte ({fingerprint(*files)})", severity="avertissement"))
    return (None if any(p.is_error for p in problems) else grid), problems


def _read(_site) -> tuple[Grid | None, list[Diagnostic]]:
    return read_grid()


def pages(data: Data, context: Context):
    grid: Grid | None = data.content.get(NAME)
    if grid is None:
        return
    failures = grid.failures()
    editor = any(grid.page(code)["adresse"] == f"{admin.FOLDER}/" for _, codes, _ in failures for code in codes)
    yield PAGE, context.templates.get_template("accessibilite/declaration.md.j2").render(
        here=PAGE, grid=grid, result=grid.result(), failures=failures, editor=editor, ods=ODS,
        contact=annuaire.fallback_contact(data))
    # Filling the official workbook takes over a second: kept under the grid, the official files and
    # every line of code that fills it.
    model = OFFICIAL / "modele-de-grille-d-audit.ods"
    code = [path.read_bytes() for path in (*sorted(HERE.glob("*.py")), Path(archive.__file__))]
    name = f"{key(*code, (OFFICIAL / 'criteres.json').read_bytes(), model.read_bytes(), version('odfdo'), repr(grid.raw))}.ods"
    yield ODS, context.cache.get_many(NAME, {name: functools.partial(ods.write, grid, model, criteria())})[name]


def mention(site, *, serving: bool = False) -> str:
    """After the build: every page's footer gives the status the grid computes."""
    grid, _problems = read_grid()
    status = grid.result().status if grid else "non conforme"
    count = 0
    for name, text in site.pages.items():
        text, found = MENTION.subn(lambda m: f"{m.group(1)}Accessibilité : {status}{m.group(2)}", text)
        if found:
            site.pages[name] = text
            count += 1
    return f"accessibilité : « {status} » dans le pied de {count} pages"


FEATURE = Feature(NAME, templates=HERE / "templates", read=_read, pages=pages, places=(PAGE, "accessibilite/"))

