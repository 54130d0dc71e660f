"""The benchmark's parts, without running it (`make bench` does, outside `make test`):
the static-host server, the scaled référentiel, the figures read from Lighthouse and
the report's verdict on each budget."""

from __future__ import annotations

import gzip
import http.client
import json
from urllib.parse import urlsplit

import pytest

from scripts.core.loader import load
from scripts.core.paths import DATA_DIR, ROOT
from scripts.tools import bench, bench_build, bench_pages, bench_scale
from scripts.tools.static_host import serve
from scripts.validate import validate


def fetch(base: str, path: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, br"} if gzip_ok else {})
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Accueil</title>" + "texte " * 500, encoding="utf-8")
    (site / "page" / "index.html").write_text("<!doctype html><title>Page</title>", encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>Introuvable</title>", encoding="utf-8")
    (site / "image.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "secret.txt").write_text("hors du site", encoding="utf-8")
    return site


def test_the_server_compresses_text_like_a_static_host(tiny_site):
    with serve(tiny_site) as base:
        status, headers, body = fetch(base, "/")
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert int(headers["content-length"]) == len(body) < 300
        assert gzip.decompress(body).decode().startswith("<!doctype html><title>Accueil</title>")
        status, headers, body = fetch(base, "/", gzip_ok=False)
        assert "content-encoding" not in headers and len(body) > 3000
        status, headers, _ = fetch(base, "/image.png")
        assert status == 200 and "content-encoding" not in headers and headers["content-type"] == "image/png"


def test_the_server_answers_folders_missing_pages_and_escapes(tiny_site):
    with serve(tiny_site) as base:
        assert fetch(base, "/page")[:2][0] == 301 and fetch(base, "/page")[1]["location"] == "/page/"
        status, _, body = fetch(base, "/page/", gzip_ok=False)
        assert status == 200 and b"<title>Page</title>" in body
        status, _, body = fetch(base, "/absente/", gzip_ok=False)
        assert status == 404 and b"Introuvable" in body
        status, _, body = fetch(base, "/../secret.txt", gzip_ok=False)
        assert status == 404 and b"hors du site" not in body


def test_scaled_referentiel_repeats_each_domain_with_real_links():
    document, _ = load(DATA_DIR / "competences.yaml")
    real = document.data
    scaled = bench_scale.scaled_referentiel(real, 10)
    real_domains = [d for p in real["parties"] for d in p["domaines"]]
    scaled_domains = [d for p in scaled["parties"] for d in p["domaines"]]
    assert [len(d["competences"]) * 10 for d in real_domains] == [len(d["competences"]) for d in scaled_domains]
    codes = [c["code"] for d in scaled_domains for c in d["competences"]]
    assert len(codes) == len(set(codes)) == 280
    real_codes = [c["code"] for d in real_domains for c in d["competences"]]
    assert set(real_codes) <= set(codes)
    assert all(code in set(codes) for d in scaled_domains for c in d["competences"] for code in c["liees"])
    assert real == document.data  # the real data is left as it was


def test_scaled_data_is_valid_but_for_the_referentiels_counts(tmp_path):
    data = validate(bench_scale.scaled_data_dir(tmp_path / "x10", 10))
    messages = [d.message for d in data.errors]
    # The total (28) and each of the 7 domains' counts: nothing else.
    assert len(messages) == 8, messages
    assert all("doit compter" in message for message in messages)
    assert not validate(bench_scale.scaled_data_dir(tmp_path / "x1", 1)).errors


# The models' ODT/DOCX files take seconds to make: left out of these tests' runs.
SLOW = {"modeles": 1.0}


def test_measure_scale_times_each_step(tmp_path):
    result = bench_scale.measure_scale(10, repeats=1, work=tmp_path, skip=SLOW)
    assert result.competencies == 280 and result.files >= 280 + 7 + 1
    assert result.validation > 0 and result.writing > 0
    assert "referentiel" in result.rendering and all(t > 0 for t in result.rendering.values())
    assert 0 < result.reading < result.validation
    assert len(result.diagnostics) == 8


def test_a_skipped_generator_is_not_run_and_its_estimate_is_kept(tmp_path):
    result = bench_scale.measure_scale(1, repeats=1, work=tmp_path, skip={**SLOW, "referentiel": 12.0})
    assert "referentiel" not in result.rendering
    assert result.skipped == {**SLOW, "referentiel": 12.0}
    full = bench_scale.measure_scale(1, repeats=1, work=tmp_path / "complet", skip=SLOW)
    assert full.files - result.files == 36  # the référentiel's overview, 7 domains and 28 competencies


def test_a_generator_too_slow_at_one_scale_stays_out_of_the_larger_ones(monkeypatch):
    calls = []

    def fake(factor, repeats, work, skip=None):
        calls.append((factor, dict(skip or {})))
        rendering = {"referentiel": 0.01 * factor}
        if "modeles" not in (skip or {}):
            rendering["modeles"] = 4.0 * factor
        return bench_scale.ScaleResult(factor, 28 * factor, 1, 0.1, 0.05, rendering, 0.01, 1, [], dict(skip or {}))

    monkeypatch.setattr(bench_scale, "measure_scale", fake)
    results = bench_scale.measure_scaling(lambda message: None)
    assert [factor for factor, _ in calls] == [1, 10, 100]
    assert calls[1][1] == {"modeles": 40.0} and calls[2][1] == {"modeles": 400.0}
    assert "modeles" not in results[2].rendering


def lighthouse_report(performance=0.97, accessibility=1.0, sizes=(5000, 20000)):
    audit = {"score": 1, "title": "ok"}
    return {
        "categories": {
            "performance": {"score": performance, "auditRefs": [{"id": "lcp", "weight": 25}]},
            "accessibility": {"score": accessibility, "auditRefs": [{"id": "contrast", "weight": 7}]},
            "best-practices": {"score": 1, "auditRefs": []},
            "seo": {"score": 1, "auditRefs": [{"id": "manual", "weight": 0}]},
        },
        "audits": {
            "lcp": {**audit, "score": 0.8, "title": "Largest Contentful Paint"},
            "contrast": {**audit, "score": 0 if accessibility < 1 else 1, "title": "Contraste"},
            "manual": {"score": None, "title": "manuel"},
            "network-requests": {"details": {"items": [
                {"url": f"http://127.0.0.1:1/r{i}.js", "transferSize": size} for i, size in enumerate(sizes)]}},
        },
        "environment": {"benchmarkIndex": 800},
        "runWarnings": ["Machine lente"],
    }


def test_page_result_reads_scores_weight_and_lost_points():
    result = bench_pages.page_result("Accueil", "", lighthouse_report(accessibility=0.9))
    assert result.scores == {"performance": 97, "accessibility": 90, "best-practices": 100, "seo": 100}
    assert result.transferred == 25000 and result.requests == 2
    assert result.heaviest[0] == ("/r1.js", 20000)
    assert result.failures == ["Performance : Largest Contentful Paint", "Accessibilité : Contraste"]
    assert result.benchmark_index == 800 and result.warnings == ["Machine lente"]


def test_the_report_says_which_budget_is_met_and_which_is_not():
    good = bench_pages.page_result("Accueil", "", lighthouse_report())
    heavy = bench_pages.page_result("Compétence", "referentiel/a-1/a-1-1/",
                              lighthouse_report(performance=0.9, sizes=(60000, 40000)))
    build = bench_build.BuildTimes(clean=[4.0, 4.4, 4.2], unchanged=[3.8, 4.0, 3.9], bare=[2.5, 2.5, 2.4])
    search = bench_pages.SearchResult(first_bytes=110 * 1024, largest_later=25 * 1024, largest_chunk=35 * 1024,
                                delays=[0.05, 0.07, 0.06])
    verdicts = {b.name: b for b in bench.budgets([good, heavy], build, search, 31.5)}
    assert not verdicts["Voie rapide (`make check-fast`) < 30 s"].met
    assert not verdicts["Lighthouse Performance ≥ 95 sur chaque page"].met
    assert "Compétence 90" in verdicts["Lighthouse Performance ≥ 95 sur chaque page"].detail
    assert verdicts["Lighthouse Accessibilité = 100 sur chaque page"].met
    assert not verdicts["Page la plus lourde ≤ 85 Ko transférés au premier chargement"].met
    assert verdicts["Construction propre (cache vide) ≤ 2,5 × la construction nue"].met
    assert not verdicts["Reconstruction sans changement ≤ 1,5 × la construction nue"].met
    assert build.clean_ratio == pytest.approx(1.75) and build.unchanged_ratio == pytest.approx(1.6)
    assert verdicts["Première recherche ≤ 150 Ko transférés"].met
    assert not verdicts["Recherches suivantes : chaque fragment de résultat ≤ 20 Ko"].met
    scaling = [bench_scale.ScaleResult(scale=1, competencies=28, yaml_bytes=60000, validation=0.1, reading=0.08,
                                 rendering={"referentiel": 0.05, "modeles": 0.5}, writing=0.01,
                                 files=100, diagnostics=[]),
               bench_scale.ScaleResult(scale=10, competencies=280, yaml_bytes=600000, validation=1.0, reading=0.8,
                                 rendering={"referentiel": 0.5}, writing=0.1, files=300,
                                 diagnostics=["le domaine A.1 doit compter 5"], skipped={"modeles": 5.0})]
    report = bench.render_report(bench.datetime.date(2026, 11, 29), [good, heavy], build, scaling,
                                 {"Lighthouse": "12.2.3"}, 100.0, search, 1.9, 24.0)
    assert "| Voie rapide (`make check-fast`) < 30 s | oui | 24,00 s |" in report
    assert report.startswith("# Banc de mesure du portail C2i2e — 2026-11-29")
    assert "| Page la plus lourde ≤ 85 Ko transférés au premier chargement | **non** | Compétence : 97,7 Ko |" \
        in report
    assert "| Reconstruction sans changement ≤ 1,5 × la construction nue | **non** | rapport médian 1,60 |" in report
    assert "| Construction propre (cache vide) ≤ 2,5 × la construction nue | oui | rapport médian 1,75 |" in report
    assert "| 1 | 4,00 s | 3,80 s | 2,50 s | 1,60 | 1,52 |" in report
    assert "Rapports médians : propre **1,75** (budget 2,5), sans changement **1,60** (budget 1,5) ;" in report
    assert "Délai de la dernière touche aux résultats : médiane 60 ms, maximum 70 ms sur 3 requêtes" in report
    assert "la page concernée montre le changement 1,90 s plus tard" in report
    assert "| ×10 | 280 | 585,9 Ko | 1000 ms | 800 ms | 3,6 ms |" in report
    assert "| `referentiel` | 50 ms | 500 ms |" in report
    assert "| `modeles` | 500 ms | non mesuré (≈ 5,00 s) |" in report
    assert "la validation prend 10 fois plus de temps et le rendu des pages du référentiel 10 fois plus : " \
        "le coût croît au plus linéairement" in report
    assert "la lecture YAML fait 80 % de la validation" in report
    assert "Non mesuré à ×10 : `modeles`, qui prend (ou prendrait, par extrapolation) plus de 3,00 s" in report
    assert "Le générateur le plus lent sur les données réelles, sans cache : `modeles` (0,50 s" in report
    assert "certaines mesures sont sous ce seuil" in report
    assert "| Accueil | `/` | 97 | 100 | 100 | 100 | 24,4 Ko | 2 |" in report
    assert "- Compétence — Performance : Largest Contentful Paint" in report


def test_a_page_lighthouse_could_not_measure_fails_every_score_budget():
    failed = bench_pages.PageResult("Annuaire", "annuaire/", error="délai dépassé")
    good = bench_pages.page_result("Accueil", "", lighthouse_report())
    verdicts = bench.budgets([good, failed], None)
    assert not any(b.met for b in verdicts if b.name.startswith("Lighthouse"))
    assert json.dumps([b.name for b in verdicts], ensure_ascii=False).count("construction") == 0


def test_fresh_caches_empties_the_projects_memoised_functions(tmp_path):
    from scripts.core import schema

    schema.load_schema(DATA_DIR / "competences.schema.json")
    assert schema.checked_schema.cache_info().currsize
    bench_scale.fresh_caches()
    assert not schema.checked_schema.cache_info().currsize


def test_a_page_absent_from_the_site_is_reported_not_skipped(tiny_site, monkeypatch):
    monkeypatch.setattr(bench_pages, "PAGES", {"Accueil": "", "Annuaire": "annuaire/"})
    monkeypatch.setattr(bench_pages, "lighthouse", lambda url, work: lighthouse_report())
    results = bench_pages.measure_pages(tiny_site, lambda message: None)
    assert [(r.role, r.error) for r in results] == [("Accueil", ""), ("Annuaire", "page absente du site construit")]
    assert not bench.budgets(results, None)[0].met


def test_the_fast_lane_measured_is_make_check_fast_itself(monkeypatch):
    ran = []
    monkeypatch.setattr(bench_build.subprocess, "run", lambda command, **options: ran.append((command, options)))
    assert bench_build.measure_fast_lane(lambda message: None) >= 0
    assert ran == [(["make", "--no-print-directory", "check-fast"],
                    {"cwd": ROOT, "check": True, "capture_output": True, "text": True})]
