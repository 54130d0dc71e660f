"""The benchmark: `python -m scripts.tools.bench` (also `make bench`; never part of `make test`).

Measures the portal against its budgets and prints a Markdown report, also written
to `bench/rapport-AAAA-MM-JJ.md`:

- each representative page, served by a local server that gzip-compresses like a
  static host, audited by Lighthouse (npm `lighthouse`, pinned in package.json)
  driving Debian's Chromium with the mobile preset: its four scores, the bytes
  transferred and the number of requests at first load (empty cache);
- the full build (validation + generation + `mkdocs build`, i.e. `mkdocs build`
  with the project's hook) against a bare `mkdocs build` of the same generated
  pages (the hook removed), run alternately, median ratio;
- the cost of validating and generating the référentiel, on the real data and
  on copies scaled 10× and 100× (see `scaled_referentiel`).

Everything runs on this machine, on loopback, bounded to a few minutes.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import sync_playwright

from scripts.core import cli, pipeline
from scripts.core import data as core_data
from scripts.core.cache import CACHE_DIR, DiskCache
from scripts.core.loader import load
from scripts.core.paths import DATA_DIR, ROOT
from scripts.features import FEATURES
from scripts.referentiel import competencies
from scripts.tools import builders
from scripts.tools.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.static_host import free_port, serve, wait_for
from scripts.validate import site as read_site

# Debian's Chromium with the flags the browser tests use on this machine (no network but
# loopback): one list, in tests/conftest.py.
CHROMIUM_FLAGS = ["--headless", *CHROMIUM_ARGS]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORT_DIR = ROOT / "bench"

# The representative pages, by role: the first address of each list that exists in the
# built site is measured (pages arrive from several branches; the lead re-runs the bench).
PAGE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "Accueil": ("",),
    "Page d'information": ("comprendre/conditions/", "comprendre/c2i2e/"),
    "Compétence": ("referentiel/b-3/b-3-1/", "referentiel/a-1/a-1-1/"),
    "Annuaire": ("annuaire/",),
    "Formulaire": ("formulaires/poser-une-question/", "formulaires/demander-un-accompagnateur/"),
    "Positionnement": ("positionnement/",),
}

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_NAMES = {"performance": "Performance", "accessibility": "Accessibilité",
                  "best-practices": "Bonnes pratiques", "seo": "SEO"}

# Budgets (issues 8, 12 and 15).
MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_PAGE_BYTES = 85 * 1024          # the heaviest first load, gzip
MAX_FIRST_SEARCH_BYTES = 150 * 1024  # the first search, Pagefind's French WebAssembly included
MAX_LATER_SEARCH_BYTES = 20 * 1024   # each file a later search fetches
MAX_CLEAN_RATIO = 2.0               # a first build (cache empty) against the builder alone
MAX_REBUILD_RATIO = 1.2             # a rebuild with nothing changed (what `mkdocs serve` pays)
MAX_FAST_LANE = 30.0                # seconds for `make check-fast`, the edit loop
# `make check-fast`, command for command (Makefile).
FAST_LANE = ([sys.executable, "-m", "ruff", "check", "scripts", "tests"],
             [sys.executable, "-m", "pytest", "-q", "-n", "auto", "-m", "not browser and not site"])

SLOW_HOST_INDEX = 1000    # Lighthouse warns below this benchmarkIndex (core/gather/driver/environment.js)
# Alternated rounds (clean, unchanged, bare). Nine, not five: on this 2-core virtual machine, one bare
# build took 1.4 to 3.0 s from one hour to the next, and the median of five ratios moved by 0.1
# from one run of the bench to the next (2026-12-02).
BUILD_ROUNDS = 9
SCALES = (1, 10, 100)
SCALE_REPEATS = {1: 3}     # median of 3 runs on the real data; 1 run at ×10 and ×100 (seconds each)
SLOW_GENERATOR = 3.0      # seconds at one scale beyond which a generator is not run at the next
LIGHTHOUSE_TIMEOUT = 180   # seconds, per page


# --------------------------------------------------------------------------- Lighthouse

@dataclass
class PageResult:
    role: str
    address: str
    scores: dict[str, int] = field(default_factory=dict)
    transferred: int = 0          # bytes, as received (gzip), headers included
    requests: int = 0
    failures: list[str] = field(default_factory=list)   # audits that cost points
    heaviest: list[tuple[str, int]] = field(default_factory=list)   # (address, bytes), largest first
    benchmark_index: int = 0      # Lighthouse's measure of this machine's CPU speed
    warnings: list[str] = field(default_factory=list)   # Lighthouse's run warnings
    error: str = ""


def choose_pages(site: Path) -> list[tuple[str, str]]:
    """(role, address) for each representative page present in the built site."""
    chosen = []
    for role, candidates in PAGE_CANDIDATES.items():
        for address in candidates:
            if (site / address / "index.html").is_file():
                chosen.append((role, address))
                break
    return chosen


def lighthouse(url: str, work: Path) -> dict:
    """Lighthouse's JSON result (mobile preset, the default) for one address."""
    output = work / "lighthouse.json"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               f"--only-categories={','.join(CATEGORIES)}", "--locale=fr",
               f"--chrome-flags={' '.join(CHROMIUM_FLAGS)} --user-data-dir={work / 'profil'}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT)
    return json.loads(output.read_text(encoding="utf-8"))


def page_result(role: str, address: str, report: dict) -> PageResult:
    """The figures the report keeps from one Lighthouse result."""
    result = PageResult(role, address)
    if report.get("runtimeError"):
        result.error = report["runtimeError"].get("message", "erreur de Lighthouse")
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        result.scores[category] = round(score * 100) if score is not None else 0
    items = report["audits"]["network-requests"]["details"]["items"]
    result.requests = len(items)
    result.transferred = int(sum(item.get("transferSize") or 0 for item in items))
    ranked = sorted(items, key=lambda item: item.get("transferSize") or 0, reverse=True)
    result.heaviest = [(urlsplit(item["url"]).path, int(item.get("transferSize") or 0)) for item in ranked[:4]]
    result.benchmark_index = int(report.get("environment", {}).get("benchmarkIndex") or 0)
    result.warnings = [str(warning) for warning in report.get("runWarnings", [])]
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                result.failures.append(f"{CATEGORY_NAMES[category]} : {audit['title']}")
    return result


def measure_pages(site: Path, log: Callable[[str], None]) -> list[PageResult]:
    results = []
    with serve(site) as base, tempfile.TemporaryDirectory(prefix="bench-lh-") as work:
        for role, address in choose_pages(site):
            log(f"Lighthouse : {role} (/{address})…")
            try:
                report = lighthouse(base + address, Path(work))
            except (subprocess.SubprocessError, OSError, ValueError) as error:
                stderr = getattr(error, "stderr", "") or ""
                results.append(PageResult(role, address, error=f"{error} {stderr[-300:]}".strip()))
                continue
            finally:
                shutil.rmtree(Path(work) / "profil", ignore_errors=True)
            results.append(page_result(role, address, report))
    return results


# --------------------------------------------------------------------------- build time

BARE_CONFIG = "INHERIT: mkdocs.yml\nhooks: []\n"


def mkdocs_build(site: Path, bare: bool) -> float:
    """Seconds for one `mkdocs build --strict` into `site`; `bare` leaves the hook out
    (its configuration, read from standard input, inherits mkdocs.yml with no hooks;
    the generated pages must already be there)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    if bare:
        command += ["--config-file", "-"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True,
                   input=BARE_CONFIG if bare else None)
    return time.perf_counter() - start


@dataclass
class BuildTimes:
    clean: list[float]      # the hook's build with the disk cache emptied (a first build)
    unchanged: list[float]  # the hook's build again, nothing changed (what `mkdocs serve` pays)
    bare: list[float]       # the builder alone, on the same generated pages

    @staticmethod
    def _ratio(times: list[float], bare: list[float]) -> float:
        return statistics.median(t / b for t, b in zip(times, bare, strict=True))

    @property
    def clean_ratio(self) -> float:
        return self._ratio(self.clean, self.bare)

    @property
    def unchanged_ratio(self) -> float:
        return self._ratio(self.unchanged, self.bare)


def measure_build(site: Path, rounds: int, log: Callable[[str], None]) -> BuildTimes:
    """Clean, unchanged and bare builds, alternated (the order turns each round), after one
    unmeasured build (generated pages in place)."""
    log("Construction initiale (non mesurée)…")
    mkdocs_build(site, bare=False)
    times = BuildTimes([], [], [])

    def clean() -> float:
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        return mkdocs_build(site, bare=False)

    kinds = [(times.clean, clean), (times.unchanged, lambda: mkdocs_build(site, bare=False)),
             (times.bare, lambda: mkdocs_build(site, bare=True))]
    for index in range(rounds):
        log(f"Constructions alternées {index + 1}/{rounds}…")
        for measured, build in kinds[index % 3:] + kinds[:index % 3]:
            measured.append(build())
    return times


def measure_serve_regeneration(log: Callable[[str], None]) -> float:
    """Seconds from saving a YAML edit to the page showing it, under `mkdocs serve` (live reload), in a
    copy of the repository (its tracked and new files, as a fresh clone with the edits has them)."""
    log("Régénération sous « mkdocs serve » après une modification du YAML…")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as work:
        copy = builders.copy_project(Path(work) / "portail")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=copy, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  # Served at its root, as `make serve` does: with the production address,
                                  # `mkdocs serve` would answer every page here with its 404.
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                       "SITE_URL": f"http://127.0.0.1:{port}/"})
        page = f"http://127.0.0.1:{port}/referentiel/a-1/a-1-1/"
        try:
            wait_for(page, "Personnes ressources du numérique", 120)
            data = copy / "referentiel" / "competences.yaml"
            text = data.read_text(encoding="utf-8")
            start = time.perf_counter()
            data.write_text(text.replace('titre_court: "Personnes ressources du numérique"',
                                         'titre_court: "Qui solliciter pour le numérique"'), encoding="utf-8")
            wait_for(page, "Qui solliciter pour le numérique", 120)
            return time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)


# --------------------------------------------------------------------------- search

@dataclass
class SearchResult:
    first_bytes: int            # what the first search transfers (script, WebAssembly, index), gzip
    largest_later: int          # the largest result fragment a later search fetches
    largest_chunk: int          # the largest chunk of the index (words) a later search fetches
    delays: list[float]         # seconds from the last keystroke to the results shown, one per query

    @property
    def delay(self) -> float:
        return statistics.median(self.delays)


SEARCH_QUERIES = ("soutenance", "referent", "deroulement", "emaeval", "telephone scolarite", "b.3.1",
                  "accompagnateur", "positionnement", "modele dossier evaluation", "jury")

# In the page: the time of the last keystroke, and of the announcement of the results.
_TIMING = """() => {
  window.__recherche = {};
  const field = document.getElementById('c2i2e-recherche-champ');
  field.addEventListener('input', () => { window.__recherche.frappe = performance.now(); });
  new MutationObserver(() => { window.__recherche.resultats = performance.now(); })
    .observe(document.querySelector('.c2i2e-recherche__etat'), {childList: true, characterData: true, subtree: true});
}"""


def measure_search(site: Path, log: Callable[[str], None]) -> SearchResult:
    """The search as a student meets it, in Chromium, on the site served with gzip like a static host."""
    log("Recherche : poids de la première recherche, délai jusqu'aux résultats…")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="fr-FR")
            sizes: dict[str, int] = {}
            page.on("requestfinished", lambda request: sizes.__setitem__(
                request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
            page.goto(base, wait_until="networkidle")
            sizes.clear()  # the search: all that comes once it opens (the portal's module, Pagefind)
            page.locator(".c2i2e-recherche__ouvrir").click()
            page.evaluate(_TIMING)
            delays, first_bytes, before = [], 0, set()
            for index, query in enumerate(SEARCH_QUERIES):
                page.fill("#c2i2e-recherche-champ", "")
                page.locator("#c2i2e-recherche-champ").press_sequentially(query, delay=60)
                page.wait_for_function("q => document.querySelector('.c2i2e-recherche__etat').textContent"
                                       ".endsWith('« ' + q + ' »')", arg=query)
                timing = page.evaluate("() => window.__recherche")
                delays.append((timing["resultats"] - timing["frappe"]) / 1000)
                if index == 0:
                    first_bytes, before = sum(sizes.values()), set(sizes)
            later = {url: size for url, size in sizes.items() if url not in before}
            fragments = [size for url, size in later.items() if "/fragment/" in url]
            chunks = [size for url, size in later.items() if "/index/" in url]
            return SearchResult(first_bytes, max(fragments, default=0), max(chunks, default=0), delays)
        finally:
            browser.close()


# --------------------------------------------------------------------------- scaling

@dataclass
class ScaleResult:
    scale: int
    competencies: int
    yaml_bytes: int
    validation: float        # seconds: load with positions + JSON Schema + every file's rules
    reading: float           # seconds of `validation` spent reading YAML (scripts.core.loader.load)
    rendering: dict[str, float]   # seconds per generator (those measured at this scale)
    writing: float           # seconds: writing what was rendered into an empty folder
    files: int               # files rendered (by the generators measured)
    diagnostics: list[str]
    skipped: dict[str, float] = field(default_factory=dict)   # generator -> linear estimate from ×10


def generator_name(feature: pipeline.Feature) -> str:
    return feature.name


def scaled_referentiel(referentiel: dict, factor: int) -> dict:
    """The référentiel with each domain's competencies repeated `factor` times.

    Copy k of a domain's j-th competency (of n) gets the number (k-1)·n + j, so the
    first copy keeps the real codes and every `liees` still points at a real one.
    Everything else (texts, traces, situations) is the real content.
    """
    result = json.loads(json.dumps(referentiel))
    for part in result["parties"]:
        for domain in part["domaines"]:
            originals = domain["competences"]
            copies = []
            for k in range(factor):
                for j, competency in enumerate(originals, start=1):
                    copy = json.loads(json.dumps(competency))
                    copy["code"] = f"{domain['code']}.{k * len(originals) + j}"
                    copies.append(copy)
            domain["competences"] = copies
    return result


def scaled_data_dir(target: Path, factor: int) -> Path:
    """A copy of the data folder whose référentiel is scaled by `factor`.

    For factor > 1 the copy's schema lets competency numbers have several digits
    (the real one allows 1 to 9): the only change, so that the JSON Schema check does
    the same work on valid data instead of reporting one error per code.
    """
    shutil.copytree(DATA_DIR, target)
    if factor == 1:
        return target
    document, problems = load(DATA_DIR / "competences.yaml")
    if document is None or problems:
        raise SystemExit("Les données réelles sont invalides : lancez « make check ».")
    first_line = (DATA_DIR / "competences.yaml").read_text(encoding="utf-8").splitlines()[0]
    # libyaml's emitter when available: preparing the data is not what is measured.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(scaled_referentiel(document.data, factor), Dumper=dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    (target / "competences.yaml").write_text(f"{first_line}\n{body}", encoding="utf-8")
    schema_path = target / "competences.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["$defs"]["code_competence"]["pattern"] = r"^[A-Z]\.[0-9]\.[0-9]+$"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def fresh_caches() -> None:
    """Empty every memoised function of the project (schemas read once, the models'
    ODT/DOCX files rendered once per process...), so that a repeated run costs what
    the first one does."""
    for name, module in list(sys.modules.items()):
        if name == "scripts" or name.startswith("scripts."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


@contextmanager
def timed_reading() -> Iterator[list[float]]:
    """Seconds spent in the YAML loader during the block (the validation's first step),
    measured by wrapping the function `load_all` calls, not by reading the files twice."""
    spent = [0.0]
    original = core_data.load

    def timed_load(path):
        start = time.perf_counter()
        try:
            return original(path)
        finally:
            spent[0] += time.perf_counter() - start

    core_data.load = timed_load
    try:
        yield spent
    finally:
        core_data.load = original


def measure_scale(factor: int, repeats: int, work: Path, skip: dict[str, float] | None = None) -> ScaleResult:
    """Validation, rendering (per generator) and writing times, median of `repeats`.

    The steps are the ones `python -m scripts.generate` runs, called one by one: at
    10× and 100× the référentiel's structural rules (28 competencies, 5/3/4/3/5/5/3 per
    domain) rightly report the counts, and `generate` would then refuse to write; the
    bench renders and writes anyway, into a scratch folder, to measure that cost.
    Generators named in `skip` are not run (their value: an estimate, reported as such).
    """
    skip = skip or {}
    site, problems = read_site()
    if site is None:
        raise SystemExit("\n".join(map(str, problems)))
    data_dir = scaled_data_dir(work / f"donnees-{factor}x", factor)
    validation, reading, writing = [], [], []
    rendering: dict[str, list[float]] = {}
    for index in range(repeats):
        fresh_caches()  # each run starts like a fresh process (`make build` is one)
        with timed_reading() as spent:
            start = time.perf_counter()
            data = pipeline.validate(data_dir, FEATURES, site)
            validation.append(time.perf_counter() - start)
        reading.append(spent[0])
        context = pipeline.context(site, FEATURES, cache=DiskCache(None))  # rendering measured, not read back
        files = []
        for feature in FEATURES:
            if generator_name(feature) in skip or feature.pages is None:
                continue
            start = time.perf_counter()
            files += list(feature.pages(data, context))
            rendering.setdefault(generator_name(feature), []).append(time.perf_counter() - start)
        out = work / f"genere-{factor}x-{index}"
        out.mkdir()
        start = time.perf_counter()
        pipeline.write_tree(files, out)
        writing.append(time.perf_counter() - start)
        shutil.rmtree(out, ignore_errors=True)
    return ScaleResult(
        scale=factor,
        competencies=len(competencies(data["competences"])),
        yaml_bytes=(data_dir / "competences.yaml").stat().st_size,
        validation=statistics.median(validation),
        reading=statistics.median(reading),
        rendering={name: statistics.median(times) for name, times in rendering.items()},
        writing=statistics.median(writing),
        files=len(files),
        diagnostics=[d.message for d in data.errors],
        skipped=dict(skip),
    )


def measure_scaling(log: Callable[[str], None]) -> list[ScaleResult]:
    """Real data, ×10, ×100. A generator that took more than SLOW_GENERATOR seconds at
    the previous scale is not run (it would take minutes): its linear estimate is reported."""
    results: list[ScaleResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-echelle-") as work:
        for factor in SCALES:
            skip = {}
            if results:
                previous = results[-1]
                timed = {**previous.skipped, **previous.rendering}   # skipped once, skipped after
                skip = {name: seconds * factor / previous.scale for name, seconds in timed.items()
                        if seconds > SLOW_GENERATOR}
            log(f"Validation et génération, données ×{factor}…")
            results.append(measure_scale(factor, repeats=SCALE_REPEATS.get(factor, 1), work=Path(work), skip=skip))
    return results


# --------------------------------------------------------------------------- the report

@dataclass
class Budget:
    name: str
    met: bool
    detail: str


def measure_fast_lane(log: Callable[[str], None]) -> float:
    """Seconds for the fast lane's commands, run as `make check-fast` runs them."""
    log("Voie rapide (make check-fast)…")
    start = time.perf_counter()
    for command in FAST_LANE:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


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
        result.append(Budget(f"Construction propre (cache vide) ≤ {MAX_CLEAN_RATIO} × la construction nue",
                             build.clean_ratio <= MAX_CLEAN_RATIO, f"rapport médian {build.clean_ratio:.2f}"))
        result.append(Budget(f"Reconstruction sans changement ≤ {MAX_REBUILD_RATIO} × la construction nue",
                             build.unchanged_ratio <= MAX_REBUILD_RATIO, f"rapport médian {build.unchanged_ratio:.2f}"))
    if fast_lane is not None:
        result.append(Budget(f"Voie rapide (`make check-fast`) < {MAX_FAST_LANE:.0f} s", fast_lane < MAX_FAST_LANE,
                             seconds(fast_lane)))
    return result


def kib(size: int) -> str:
    return f"{size / 1024:.1f} Ko".replace(".", ",")


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def milliseconds(value: float) -> str:
    return f"{value * 1000:.0f} ms"


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
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a version we cannot read is reported as such
            versions[name] = "?"
    lock = ROOT / "package-lock.json"
    if lock.is_file():
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
        versions["Lighthouse"] = packages.get("node_modules/lighthouse", {}).get("version", "?")
    try:
        output = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
        versions["Chromium"] = output.strip().removeprefix("Chromium ").split()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        versions["Chromium"] = "absent"
    try:
        versions["Node.js"] = subprocess.run(["node", "--version"], capture_output=True, text=True,
                                             timeout=30).stdout.strip()
    except OSError:
        versions["Node.js"] = "absent"
    return versions


def render_report(date: datetime.date, pages: list[PageResult], build: BuildTimes | None,
                  scaling: list[ScaleResult], versions: dict[str, str], duration: float,
                  search: SearchResult | None = None, regeneration: float | None = None,
                  fast_lane: float | None = None) -> str:
    lines = [f"# Banc de mesure du portail C2i2e — {date.isoformat()}", ""]
    lines += [f"- Date : {date.isoformat()} ; durée du banc : {seconds(duration)}",
              f"- Machine : {machine()}",
              "- Outils : " + ", ".join(f"{name} {value}" for name, value in versions.items()),
              "- Commande : `make bench` (`python -m scripts.tools.bench`)", ""]

    lines += ["## Budgets", "", "| Budget | Tenu ? | Mesure |", "| --- | --- | --- |"]
    lines += [f"| {b.name} | {'oui' if b.met else '**non**'} | {b.detail} |" for b in budgets(pages, build, search, fast_lane)]
    lines.append("")

    lines += ["## Pages (Lighthouse, préréglage mobile)", "",
              "Servies en local par un serveur qui compresse en gzip comme un hébergeur statique ; "
              "premier chargement, cache vide. Octets transférés : en-têtes compris, tels que reçus.", "",
              "| Page | Adresse | Performance | Accessibilité | Bonnes pratiques | SEO | Transféré | Requêtes |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for page in pages:
        if page.error:
            lines.append(f"| {page.role} | `/{page.address}` | erreur : {page.error} | | | | | |")
            continue
        scores = " | ".join(str(page.scores[c]) for c in CATEGORIES)
        lines.append(f"| {page.role} | `/{page.address}` | {scores} | {kib(page.transferred)} | {page.requests} |")
    missing = [role for role in PAGE_CANDIDATES if role not in {p.role for p in pages}]
    if missing:
        lines += ["", f"Pages absentes du site construit, donc non mesurées : {', '.join(missing)}."]
    measured = [page for page in pages if not page.error]
    if measured:
        heaviest = max(measured, key=lambda p: p.transferred)
        parts = ", ".join(f"`{path}` {kib(size)}" for path, size in heaviest.heaviest)
        lines += ["", f"Page la plus lourde : {heaviest.role} ({kib(heaviest.transferred)}) ; ses plus grosses "
                      f"ressources : {parts}."]
        indexes = sorted({page.benchmark_index for page in measured})
        verdict = ("certaines mesures sont sous ce seuil : leur score de performance est pessimiste"
                   if min(indexes) < SLOW_HOST_INDEX else "toutes les mesures sont au-dessus de ce seuil")
        lines += ["", f"Puissance de la machine selon Lighthouse (benchmarkIndex) : {', '.join(map(str, indexes))}. "
                      "Le préréglage mobile simule un téléphone en ralentissant le processeur 4 fois ; Lighthouse "
                      f"considère qu'une machine d'indice inférieur à {SLOW_HOST_INDEX} est plus lente que ce que "
                      f"suppose ce réglage : {verdict}."]
        warnings = sorted({warning for page in measured for warning in page.warnings})
        if warnings:
            lines += ["", "Avertissements de Lighthouse :", ""] + [f"- {warning}" for warning in warnings]
    lost = [(page, failure) for page in pages for failure in page.failures]
    if lost:
        lines += ["", "Audits qui coûtent des points :", ""]
        lines += [f"- {page.role} — {failure}" for page, failure in lost]
    lines.append("")

    if search:
        lines += ["## Recherche", "",
                  "Dans Chromium, sur le site servi en gzip : la page ne charge rien de la recherche avant qu'on "
                  "l'ouvre (vérifié par tests/test_recherche.py) ; ensuite, chaque requête est tapée touche par "
                  "touche (60 ms entre deux touches), et le délai va de la dernière touche à l'annonce des "
                  "résultats.", "",
                  f"- Première recherche (« {SEARCH_QUERIES[0]} ») : {kib(search.first_bytes)} transférés "
                  "(module de recherche du portail, script de Pagefind, WebAssembly français, index).",
                  f"- Recherches suivantes : le plus gros fragment de résultat chargé fait "
                  f"{kib(search.largest_later)} ; le plus gros morceau de l'index (les mots, que Pagefind découpe "
                  f"lui-même, sans réglage) {kib(search.largest_chunk)}.",
                  f"- Délai de la dernière touche aux résultats : médiane {milliseconds(search.delay)}, "
                  f"maximum {milliseconds(max(search.delays))} sur {len(search.delays)} requêtes "
                  f"({', '.join(SEARCH_QUERIES)}).", ""]

    if build:
        lines += ["## Temps de construction", "",
                  "Construction nue : `mkdocs build --strict` sans le crochet du projet, sur les pages déjà "
                  "générées. Construction propre : avec le crochet (validation, génération, index de recherche, "
                  "politique de sécurité), le cache du projet vidé juste avant (`.cache/portail/` : fichiers ODT "
                  "et DOCX, index de recherche, relevé de la dernière génération). Reconstruction "
                  "sans changement : la même, cache en place — ce que coûte chaque enregistrement sous "
                  f"`make serve`. Les trois alternent ({len(build.bare)} tours, après une construction non "
                  "mesurée).", "",
                  "| Tour | Propre | Sans changement | Nue | Propre / nue | Sans changement / nue |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for index, (clean, unchanged, bare) in enumerate(zip(build.clean, build.unchanged, build.bare, strict=True), start=1):
            lines.append(f"| {index} | {seconds(clean)} | {seconds(unchanged)} | {seconds(bare)} | "
                         f"{clean / bare:.2f} | {unchanged / bare:.2f} |")
        lines += ["", f"Rapports médians : propre **{build.clean_ratio:.2f}** (budget {MAX_CLEAN_RATIO}), "
                      f"sans changement **{build.unchanged_ratio:.2f}** (budget {MAX_REBUILD_RATIO}) ; "
                      f"médianes : propre {seconds(statistics.median(build.clean))}, sans changement "
                      f"{seconds(statistics.median(build.unchanged))}, nue {seconds(statistics.median(build.bare))}."]
        if scaling and scaling[0].rendering:
            name, slowest = max(scaling[0].rendering.items(), key=lambda item: item[1])
            lines[-1] += (f" Le générateur le plus lent sur les données réelles, sans cache : `{name}` "
                          f"({seconds(slowest)} dans le processus du banc).")
        lines.append("")
    if regeneration is not None:
        lines += ["## Sous `make serve`", "",
                  f"Enregistrer une modification de `referentiel/competences.yaml` : la page concernée montre le "
                  f"changement {seconds(regeneration)} plus tard (régénération, construction, index, politique ; "
                  "mesuré de l'écriture du fichier à la page servie qui contient le nouveau texte).", ""]

    if scaling:
        lines += scaling_section(scaling)
    return "\n".join(lines)


def scaling_section(scaling: list[ScaleResult]) -> list[str]:
    base, largest = scaling[0], scaling[-1]
    label = {result.scale: "réelles" if result.scale == 1 else f"×{result.scale}" for result in scaling}
    lines = ["## Validation et génération selon la taille du référentiel", "",
             "Mesures dans le processus (sans le démarrage de Python) : médiane de "
             f"{SCALE_REPEATS.get(1, 1)} passages sur les données réelles, un passage à ×10 et ×100. "
             "Validation : lecture YAML avec positions, schémas JSON et règles de tous les fichiers de données "
             "(« dont lecture YAML » : le temps passé dans `scripts.core.loader.load`).", "",
             "| Données | Compétences | YAML | Validation | dont lecture YAML | Validation par compétence |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for result in scaling:
        lines.append(f"| {label[result.scale]} | {result.competencies} | {kib(result.yaml_bytes)} | "
                     f"{milliseconds(result.validation)} | {milliseconds(result.reading)} | "
                     + f"{result.validation / result.competencies * 1000:.1f} ms |".replace(".", ","))
    names = list(base.rendering)
    lines += ["", "Génération : rendu de chaque générateur (gabarits, et documents ODT/DOCX pour les modèles), "
                  "puis écriture de tous les fichiers dans un dossier vide.", "",
              "| Étape | " + " | ".join(label[r.scale] for r in scaling) + " |",
              "| --- |" + " ---: |" * len(scaling)]
    for name in names:
        cells = []
        for result in scaling:
            if name in result.rendering:
                cells.append(milliseconds(result.rendering[name]))
            elif name in result.skipped:
                cells.append(f"non mesuré (≈ {seconds(result.skipped[name])})")
            else:
                cells.append("—")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines.append("| écriture | " + " | ".join(milliseconds(r.writing) for r in scaling) + " |")
    lines.append("| fichiers écrits | " + " | ".join(str(r.files) for r in scaling) + " |")

    factor = largest.competencies / base.competencies
    growth = largest.validation / base.validation
    lines += ["", f"Pour {factor:.0f} fois plus de compétences (×1 → ×{largest.scale}), la validation prend "
                  f"{growth:.0f} fois plus de temps"]
    own = "referentiel"
    if own in base.rendering and own in largest.rendering:
        lines[-1] += f" et le rendu des pages du référentiel {largest.rendering[own] / base.rendering[own]:.0f} fois plus"
    share = largest.reading / largest.validation if largest.validation else 0
    trend = ("au plus linéairement (les coûts fixes, comme les autres fichiers de données, pèsent moins à "
             "grande échelle)" if growth <= factor * 1.2 else "plus vite que linéairement")
    lines[-1] += (f" : le coût croît {trend}. À ×{largest.scale}, la lecture YAML fait {share:.0%} de la "
                  "validation.").replace("%", " %")
    for result in scaling[1:]:
        if result.skipped:
            skipped = ", ".join(f"`{n}`" for n in result.skipped)
            lines += ["", f"Non mesuré à ×{result.scale} : {skipped}, qui prend (ou prendrait, par extrapolation) plus "
                          f"de {seconds(SLOW_GENERATOR)} à l'échelle précédente ; la valeur donnée est une "
                          "extrapolation linéaire, pas une mesure."]
    lines += ["", "Comment les données agrandies sont faites : dans un dossier temporaire, chaque domaine reçoit "
                  "k copies de ses compétences (textes réels, codes renumérotés : A.1.1 … A.1.50 à ×10) ; les "
                  "compétences liées pointent vers les codes réels. Le schéma de la copie accepte des numéros à "
                  "plusieurs chiffres (seul changement), pour que la vérification du schéma travaille sur des "
                  "données valides au lieu de signaler chaque code. Les règles de structure du référentiel "
                  "(28 compétences, 5/3/4/3/5/5/3 par domaine) signalent alors, à juste titre, les effectifs, "
                  "et `python -m scripts.generate` refuserait d'écrire : le banc appelle donc les mêmes étapes une "
                  "à une (validation, rendu de chaque générateur, écriture) et mesure chacune, dans un dossier "
                  "temporaire. Les autres fichiers de données restent à leur taille réelle."]
    flagged = sorted({m for result in scaling[1:] for m in result.diagnostics})
    if flagged:
        lines += ["", f"Erreurs signalées sur les données agrandies ({len(largest.diagnostics)} à ×{largest.scale}), "
                      f"par exemple : « {flagged[0]} »."]
    if base.diagnostics:
        lines += ["", f"**Les données réelles ont {len(base.diagnostics)} erreur(s)** : « {base.diagnostics[0]} »."]
    lines.append("")
    return lines


# --------------------------------------------------------------------------- command line

def check_tools() -> list[str]:
    problems = []
    if not LIGHTHOUSE.exists():
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
            build = measure_build(site, arguments.rounds, log)
        except subprocess.CalledProcessError as error:
            log(f"La construction a échoué :\n{error.stdout}\n{error.stderr}")
            return 1
        pages = [] if arguments.no_lighthouse else measure_pages(site, log)
        search = measure_search(site, log)
    regeneration = measure_serve_regeneration(log)
    fast_lane = measure_fast_lane(log)
    scaling = measure_scaling(log)
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
