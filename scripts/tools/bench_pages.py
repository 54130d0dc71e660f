"""The bench's measures in the browser: each representative page audited by Lighthouse (mobile preset),
and the search as a student meets it, both on the built site served with gzip like a static host."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from scripts.core.paths import ROOT
from scripts.tools.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.static_host import serve

CHROMIUM_FLAGS = ["--headless", *CHROMIUM_ARGS]  # the browser tests' flags (no network but loopback)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_TIMEOUT = 180  # seconds, per page

# The representative pages, by role.
PAGES = {
    "Accueil": "",
    "Page d'information": "comprendre/conditions/",
    "Compétence": "referentiel/b-3/b-3-1/",
    "Annuaire": "annuaire/",
    "Formulaire": "formulaires/poser-une-question/",
    "Positionnement": "positionnement/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_NAMES = {"performance": "Performance", "accessibility": "Accessibilité",
                  "best-practices": "Bonnes pratiques", "seo": "SEO"}


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
        for role, address in PAGES.items():
            if not (site / address / "index.html").is_file():
                results.append(PageResult(role, address, error="page absente du site construit"))
                continue
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
