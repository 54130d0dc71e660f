"""The bench, `python -m scripts.tools.bench` (`make bench`): the measures of bench_pages, bench_build and
bench_scale held against the budgets, and the French report (templates/bench.md.j2) written to bench/."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import jinja2

from scripts.core import cli
from scripts.core.paths import ROOT
from scripts.tools import bench_build, bench_pages, bench_scale
from scripts.tools.bench_build import BuildTimes
from scripts.tools.bench_pages import CATEGORIES, CATEGORY_NAMES, PageResult, SearchResult
from scripts.tools.bench_scale import ScaleResult
from scripts.tools.browser import CHROMIUM

REPORT_DIR = ROOT / "bench"
TEMPLATES = Path(__file__).resolve().parent / "templates"

MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_PAGE_BYTES = 85 * 1024          # the heaviest first load, gzip
MAX_FIRST_SEARCH_BYTES = 150 * 1024  # the first search, Pagefind's French WebAssembly included
MAX_LATER_SEARCH_BYTES = 20 * 1024   # each file a later search fetches
MAX_CLEAN_RATIO = 2.5               # a first build (cache empty) against the builder alone
MAX_REBUILD_RATIO = 1.5             # a rebuild with nothing changed (what `mkdocs serve` pays)
MAX_FAST_LANE = 30.0                # seconds for `make check-fast`, the edit loop
SLOW_HOST_INDEX = 1000  # Lighthouse warns below this benchmarkIndex (core/gather/driver/environment.js)
BUILD_ROUNDS = 9  # alternated rounds: on a shared 2-core machine the median of fewer moves from run to run


@dataclass
class Budget:
    name: str
    met: bool
    detail: str


def budgets(pages: list[PageResult], build: BuildTimes | None, search: SearchResult | None = None,
            fast_lane: float | None = None) -> list[Budget]:
    result = []
    measured = [page for page in pages if not page.error]
    for category in CATEGORIES:
        minimum = MIN_SCORES[category]
        below = [f"{p.role} {p.scores[category]}" for p in measured if p.scores[category] < minimum]
        comparison = "= 100" if minimum == 100 else f"≥ {minimum}"
        result.append(Budget(
            f"Lighthouse {CATEGORY_NAMES[category]} {comparison} sur chaque page",
            bool(measured) and not below and len(measured) == len(pages),
            "; ".join(below) if below else f"{len(measured)} page(s) mesurée(s)"))
    if measured:
        heaviest = max(measured, key=lambda p: p.transferred)
        result.append(Budget(f"Page la plus lourde ≤ {MAX_PAGE_BYTES // 1024} Ko transférés au premier chargement",
                             heaviest.transferred <= MAX_PAGE_BYTES,
                             f"{heaviest.role} : {kib(heaviest.transferred)}"))
    else:
        result.append(Budget(f"Page la plus lourde ≤ {MAX_PAGE_BYTES // 1024} Ko", False, "aucune page mesurée"))
    if search:
        result.append(Budget(f"Première recherche ≤ {MAX_FIRST_SEARCH_BYTES // 1024} Ko transférés",
                             0 < search.first_bytes <= MAX_FIRST_SEARCH_BYTES, kib(search.first_bytes)))
        result.append(Budget(f"Recherches suivantes : chaque fragment de résultat ≤ {MAX_LATER_SEARCH_BYTES // 1024} Ko",
                             search.largest_later <= MAX_LATER_SEARCH_BYTES,
                             f"le plus gros : {kib(search.largest_later)} (morceau d'index le plus gros : "
                             f"{kib(search.largest_chunk)})"))
    if build:
        result.append(Budget(f"Construction propre (cache vide) ≤ {decimal(MAX_CLEAN_RATIO)} × la construction nue",
                             build.clean_ratio <= MAX_CLEAN_RATIO, f"rapport médian {decimal(build.clean_ratio, 2)}"))
        result.append(Budget(f"Reconstruction sans changement ≤ {decimal(MAX_REBUILD_RATIO)} × la construction nue",
                             build.unchanged_ratio <= MAX_REBUILD_RATIO, f"rapport médian {decimal(build.unchanged_ratio, 2)}"))
    if fast_lane is not None:
        result.append(Budget(f"Voie rapide (`make check-fast`) < {MAX_FAST_LANE:.0f} s", fast_lane < MAX_FAST_LANE,
                             seconds(fast_lane)))
    return result


# --- the report ------------------------------------------------------------------------------------

def kib(size: int) -> str:
    return f"{size / 1024:.1f} Ko".replace(".", ",")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def milliseconds(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float) -> str:
    return f"{value:.0%}".replace("%", " %")


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cœurs{f' ({cpu})' if cpu else ''}, {platform.system()} {platform.machine()}"


def tool_versions() -> dict[str, str]:
    versions = {"Python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material"):
        try:
            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a version we cannot read is reported as such
            versions[name] = "?"
    lock = ROOT / "package-lock.json"
    if lock.is_file():
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
        versions["Lighthouse"] = packages.get("node_modules/lighthouse", {}).get("version", "?")
    for name, command in (("Chromium", [CHROMIUM, "--version"]), ("Node.js", ["node", "--version"])):
        try:
            output = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
            versions[name] = output.removeprefix("Chromium ").split()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            versions[name] = "absent"
    return versions


def render_report(date: datetime.date, pages: list[PageResult], build: BuildTimes | None,
                  scaling: list[ScaleResult], versions: dict[str, str], duration: float,
                  search: SearchResult | None = None, regeneration: float | None = None,
                  fast_lane: float | None = None) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(kib=kib, seconds=seconds, milliseconds=milliseconds, decimal=decimal,
                               percent=percent, median=statistics.median)
    environment.globals.update(zip=zip, label=lambda result: "réelles" if result.scale == 1 else f"×{result.scale}")
    measured = [page for page in pages if not page.error]
    slowest = (max(scaling[0].rendering.items(), key=lambda item: item[1])
               if scaling and scaling[0].rendering else None)
    return environment.get_template("bench.md.j2").render(
        date=date, duration=duration, machine=machine(), versions=versions,
        budgets=budgets(pages, build, search, fast_lane), pages=pages, measured=measured,
        categories=CATEGORIES, heaviest=max(measured, key=lambda p: p.transferred) if measured else None,
        indexes=sorted({page.benchmark_index for page in measured}), slow_host_index=SLOW_HOST_INDEX,
        warnings=sorted({warning for page in measured for warning in page.warnings}),
        lost=[(page.role, failure) for page in pages for failure in page.failures],
        flagged=sorted({message for result in scaling[1:] for message in result.diagnostics}),
        search=search, queries=bench_pages.SEARCH_QUERIES, build=build, slowest=slowest,
        max_clean_ratio=MAX_CLEAN_RATIO, max_rebuild_ratio=MAX_REBUILD_RATIO, regeneration=regeneration,
        scaling=scaling, repeats=bench_scale.SCALE_REPEATS.get(1, 1), slow_generator=bench_scale.SLOW_GENERATOR)


# --- command line ----------------------------------------------------------------------------------

def check_tools() -> list[str]:
    problems = []
    if not bench_pages.LIGHTHOUSE.exists():
        problems.append("Lighthouse absent : lancez « make bench » (il installe les outils npm avec « npm ci »).")
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} absent : sudo apt-get install -y chromium")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(prog="python -m scripts.tools.bench",
                                description="Mesure le portail (Lighthouse, poids, temps de construction, "
                                            "passage à l'échelle) et écrit le rapport daté dans bench/.")
    parser.add_argument("--rounds", type=int, default=BUILD_ROUNDS,
                        help="tours de constructions alternées (propre, sans changement, nue)")
    parser.add_argument("--no-lighthouse", action="store_true", help="sans Lighthouse (pages non mesurées)")
    parser.add_argument("--output", type=Path, default=None, help="fichier du rapport (par défaut bench/rapport-DATE.md)")
    arguments = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    problems = [] if arguments.no_lighthouse else check_tools()
    if problems:
        for problem in problems:
            log(problem)
        return 2
    started = time.perf_counter()
    date = datetime.date.today()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as work:
        site = Path(work) / "site"
        try:
            build = bench_build.measure_build(site, arguments.rounds, log)
        except subprocess.CalledProcessError as error:
            log(f"La construction a échoué :\n{error.stdout}\n{error.stderr}")
            return 1
        pages = [] if arguments.no_lighthouse else bench_pages.measure_pages(site, log)
        search = bench_pages.measure_search(site, log)
    regeneration = bench_build.measure_serve_regeneration(log)
    fast_lane = bench_build.measure_fast_lane(log)
    scaling = bench_scale.measure_scaling(log)
    report = render_report(date, pages, build, scaling, tool_versions(), time.perf_counter() - started,
                           search, regeneration, fast_lane)
    output = arguments.output or REPORT_DIR / f"rapport-{date.isoformat()}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print(report)
    log(f"Rapport écrit dans {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
