"""What the people who keep the portal wait for: a save shown by `make serve`'s preview, in Chromium, and
`make test` from a fresh clone."""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.core.paths import ROOT
from scripts.tools import builders
from scripts.tools.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.static_host import make_serve, wait_for

SAVES = 6  # per kind of file: the median of a handful moves little on a shared machine
SHOWN_LIMIT = 30_000  # ms: a save not shown by then is reported as such
PAGE = ("docs/comprendre/conditions.md", "comprendre/conditions/")  # a hand-written page, and where it shows
DATA = ("referentiel/competences.yaml", "referentiel/a-1/a-1-1/")  # a data file, and a page it makes


@dataclass
class Preview:
    page: list[float]  # seconds from saving a hand-written page to Chromium showing it
    data: list[float]  # the same for a data file


def measure_preview(log: Callable[[str], None]) -> Preview:
    """`make serve` itself, in a copy of the repository (a fresh clone with the edits); Chromium on the
    page, as a person proofreading has it: each save is timed from the write to the reloaded page
    showing the new text."""
    log("Aperçu sous « make serve » : enregistrements d'une page et d'un fichier de données…")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as work:
        copy = builders.copy_project(Path(work) / "portail")
        with make_serve(copy, Path(work) / "serve.log") as ports:
            base = f"http://127.0.0.1:{ports['PORT']}/"
            wait_for(base + PAGE[1], "<h1", 180)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page_file = copy / PAGE[0]
                text = page_file.read_text(encoding="utf-8")
                page_times = _saves(page, base + PAGE[1], page_file, [
                    (text + f"\nÉtape d'essai numéro {i}.\n", f"Étape d'essai numéro {i}.") for i in range(SAVES)])
                data_file = copy / DATA[0]
                data = data_file.read_text(encoding="utf-8")
                title = re.search(r'titre_court: "([^"]+)"', data)
                data_times = _saves(page, base + DATA[1], data_file, [
                    (data.replace(title[0], f'titre_court: "{title[1]} {i}"', 1), f"{title[1]} {i}")
                    for i in range(SAVES)])
                browser.close()
            return Preview(page_times, data_times)


def _saves(page, url: str, path: Path, versions: list[tuple[str, str]]) -> list[float]:
    page.goto(url)
    times = []
    for content, shown in versions:
        start = time.perf_counter()
        path.write_text(content, encoding="utf-8")
        page.wait_for_function("text => document.body && document.body.innerText.includes(text)", arg=shown,
                               timeout=SHOWN_LIMIT)
        times.append(time.perf_counter() - start)
    return times


@dataclass
class Suite:
    total: float   # seconds for `make test` from a fresh clone, set-up included
    pytest: float  # of which pytest's own run, as it reports it
    summary: str   # pytest's closing line
    passed: bool
    speed: tuple[float, float] = (0.0, 0.0)  # cpu_speed() just before the clone, and just after the run
    failures: list[str] = field(default_factory=list)  # pytest's « FAILED … » and « ERROR … » lines


def cpu_speed(seconds: float = 2.0) -> float:
    """Millions of turns of an empty Python loop per second, on one core: how fast the machine runs at
    that moment, which moves by a third from one hour to the next here (measured), for reading a time."""
    turns, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        turns += 1
    return turns / seconds / 1e6


def measure_suite(log: Callable[[str], None]) -> Suite:
    """`make test` as CI runs it: a fresh clone of this repository's committed HEAD (its environments
    installed from scratch, the machine's packages already there)."""
    log("« make test » depuis un clone neuf (plusieurs minutes)…")
    before = cpu_speed()
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as work:
        clone = Path(work) / "portail"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        result = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True)
        total = time.perf_counter() - start
    closing = [line for line in result.stdout.splitlines() if re.search(r" in [\d.]+s", line)]
    summary = closing[-1].strip("= ") if closing else f"make test a échoué ({result.returncode})"
    seconds = re.search(r" in ([\d.]+)s", summary)
    failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return Suite(total, float(seconds[1]) if seconds else total, summary, result.returncode == 0,
                 (before, cpu_speed()), failures)
