"""The bench's build times: the builds with the project's hook against the builder alone, the time
from saving a file to seeing it under `mkdocs serve`, and the fast lane."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scripts.core.cache import CACHE_DIR
from scripts.core.paths import ROOT
from scripts.tools import builders
from scripts.tools.static_host import free_port, wait_for

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


def measure_fast_lane(log: Callable[[str], None]) -> float:
    """Seconds for `make check-fast` itself: the Makefile is the one place its commands are written."""
    log("Voie rapide (make check-fast)…")
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "check-fast"], cwd=ROOT, check=True, capture_output=True,
                   text=True)
    return time.perf_counter() - start
