"""The bench, `python -m scripts.tools.bench` (`make bench`): what people feel, held against the budgets —
the pages (Lighthouse, first-load weight) and the search (bench_pages), the preview under `make serve`
and `make test` from a fresh clone (bench_serve) — and the French report (templates/bench.md.j2)
written to bench/."""

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
from scripts.tools import bench_pages, bench_serve, builders
from scripts.tools.bench_pages import CATEGORIES, CATEGORY_NAMES, PageResult, SearchResult
from scripts.tools.bench_serve import Preview, Suite
from scripts.tools.browser import CHROMIUM

REPORT_DIR = ROOT / "bench"
TEMPLATES = Path(__file__).resolve().parent / "templates"

MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_PAGE_BYTES = 85 * 1024          # the heaviest first load, gzip
MAX_FIRST_SEARCH_BYTES = 150 * 1024  # the first search, Pagefind's French WebAssembly included
MAX_LATER_SEARCH_BYTES = 20 * 1024   # each file a later search fetches
MAX_PAGE_PREVIEW = 1.0   # seconds from saving a hand-written page to the browser showing it (median)
MAX_DATA_PREVIEW = 2.0   # the same for a data file
MAX_SUITE_PYTEST = 5 * 60  # `make test` from a fresh clone: pytest's own run, on 2 cores
MAX_SUITE_TOTAL = 8 * 60   # and with the set-up (environments installed)
SLOW_HOST_INDEX = 1000  # Lighthouse warns below this benchmarkIndex (core/gather/driver/environment.js)


@dataclass
class Budget:
    name: str
    met: bool
    detail: str


def budgets(pages: list[PageResult], search: SearchResult | None = None, preview: Preview | None = None,
            suite: Suite | None = None) -> list[Budget]:
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
    if preview:
        for label, times, limit in (("une page écrite à la main", preview.page, MAX_PAGE_PREVIEW),
                                    ("un fichier de données", preview.data, MAX_DATA_PREVIEW)):
            result.append(Budget(f"Aperçu sous `make serve` après l'enregistrement d'{label}"
                                 f" ≤ {decimal(limit)} s (médiane)", statistics.median(times) <= limit,
                                 f"médiane {seconds(statistics.median(times))} sur {len(times)} enregistrements"))
    if suite:
        result.append(Budget(f"`make test` depuis un clone neuf : pytest ≤ {MAX_SUITE_PYTEST // 60} min",
                             suite.passed and suite.pytest <= MAX_SUITE_PYTEST, f"{minutes(suite.pytest)} ({suite.summary})"))
        result.append(Budget(f"`make test` depuis un clone neuf, installation comprise ≤ {MAX_SUITE_TOTAL // 60} min",
                             suite.passed and suite.total <= MAX_SUITE_TOTAL, minutes(suite.total)))
    return result


# --- the report ------------------------------------------------------------------------------------

def kib(size: int) -> str:
    return f"{size / 1024:.1f} Ko".replace(".", ",")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def minutes(value: float) -> str:
    return f"{int(value // 60)} min {round(value % 60):02d} s"


def milliseconds(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


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


def render_report(date: datetime.date, pages: list[PageResult], versions: dict[str, str], duration: float,
                  search: SearchResult | None = None, preview: Preview | None = None, suite: Suite | None = None) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(kib=kib, seconds=seconds, milliseconds=milliseconds, minutes=minutes, decimal=decimal,
                               median=statistics.median)
    measured = [page for page in pages if not page.error]
    return environment.get_template("bench.md.j2").render(
        date=date, duration=duration, machine=machine(), versions=versions,
        budgets=budgets(pages, search, preview, suite), pages=pages, measured=measured,
        categories=CATEGORIES, heaviest=max(measured, key=lambda p: p.transferred) if measured else None,
        indexes=sorted({page.benchmark_index for page in measured}), slow_host_index=SLOW_HOST_INDEX,
        warnings=sorted({warning for page in measured for warning in page.warnings}),
        lost=[(page.role, failure) for page in pages for failure in page.failures],
        search=search, queries=bench_pages.SEARCH_QUERIES, preview=preview, suite=suite)


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
                                description="Mesure le portail (Lighthouse, poids, recherche, aperçu sous make serve, "
                                            "make test depuis un clone neuf) et écrit le rapport daté dans bench/.")
    parser.add_argument("--no-lighthouse", action="store_true", help="sans Lighthouse (pages non mesurées)")
    parser.add_argument("--sans-suite", action="store_true", help="sans « make test » depuis un clone neuf")
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
        log("Construction du site…")
        try:
            builders.build(builders.PRODUCTION, site)
        except builders.BuildError as error:
            log(f"La construction a échoué :\n{error}")
            return 1
        pages = [] if arguments.no_lighthouse else bench_pages.measure_pages(site, log)
        search = bench_pages.measure_search(site, log)
    preview = bench_serve.measure_preview(log)
    suite = None if arguments.sans_suite else bench_serve.measure_suite(log)
    report = render_report(date, pages, tool_versions(), time.perf_counter() - started, search, preview, suite)
    output = arguments.output or REPORT_DIR / f"rapport-{date.isoformat()}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print(report)
    log(f"Rapport écrit dans {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
