"""The benchmark's parts, without running it (`make bench` does, outside `make test`):
the static-host server, the figures read from Lighthouse and the report's verdict on each budget."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from scripts.tools import bench, bench_pages, bench_serve
from scripts.tools.static_host import serve


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
    search = bench_pages.SearchResult(first_bytes=110 * 1024, largest_later=25 * 1024, largest_chunk=35 * 1024,
                                delays=[0.05, 0.07, 0.06])
    preview = bench_serve.Preview(page=[0.8, 1.3, 0.9, 0.7, 0.95], data=[2.1, 2.4, 1.9, 2.2, 2.0])
    suite = bench_serve.Suite(total=430.0, pytest=290.4, summary="412 passed in 290.40s (0:04:50)", passed=True,
                              speed=(5.1, 4.8))
    verdicts = {b.name: b for b in bench.budgets([good, heavy], search, preview, suite)}
    assert not verdicts["Lighthouse Performance ≥ 95 sur chaque page"].met
    assert "Compétence 90" in verdicts["Lighthouse Performance ≥ 95 sur chaque page"].detail
    assert verdicts["Lighthouse Accessibilité = 100 sur chaque page"].met
    assert not verdicts["Page la plus lourde ≤ 85 Ko transférés au premier chargement"].met
    assert verdicts["Première recherche ≤ 150 Ko transférés"].met
    assert not verdicts["Recherches suivantes : chaque fragment de résultat ≤ 20 Ko"].met
    assert verdicts["Aperçu sous `make serve` après l'enregistrement d'une page écrite à la main ≤ 1,0 s (médiane)"].met
    assert not verdicts["Aperçu sous `make serve` après l'enregistrement d'un fichier de données ≤ 2,0 s (médiane)"].met
    assert verdicts["`make test` depuis un clone neuf : pytest ≤ 5 min"].met
    assert verdicts["`make test` depuis un clone neuf, installation comprise ≤ 8 min"].met
    failed = bench_serve.Suite(total=200.0, pytest=150.0, summary="1 failed, 411 passed in 150.00s", passed=False,
                               failures=["FAILED tests/test_keyboard.py::test_x - AssertionError: caché"])
    assert not any(b.met for b in bench.budgets([good], None, None, failed) if "make test" in b.name)
    assert "- `FAILED tests/test_keyboard.py::test_x - AssertionError: caché`" in bench.render_report(
        bench.datetime.date(2026, 11, 29), [good], {}, 1.0, None, None, failed)
    report = bench.render_report(bench.datetime.date(2026, 11, 29), [good, heavy], {"Lighthouse": "12.2.3"}, 100.0,
                                 search, preview, suite)
    assert report.startswith("# Banc de mesure du portail C2i2e — 2026-11-29")
    assert "| Page la plus lourde ≤ 85 Ko transférés au premier chargement | **non** | Compétence : 97,7 Ko |" \
        in report
    assert "| Aperçu sous `make serve` après l'enregistrement d'un fichier de données ≤ 2,0 s (médiane) | **non** " \
           "| médiane 2,10 s sur 5 enregistrements |" in report
    assert "| `make test` depuis un clone neuf : pytest ≤ 5 min | oui | 4 min 50 s (412 passed in 290.40s (0:04:50)) |" \
        in report
    assert "7 min 10 s en tout, dont 4 min 50 s pour pytest" in report
    assert "juste après la suite : 5,1 puis 4,8 millions de tours" in report
    assert "tests en échec" not in report
    assert "0,80 s, 1,30 s, 0,90 s, 0,70 s, 0,95 s ; médiane **0,90 s**" in report
    assert "Délai de la dernière touche aux résultats : médiane 60 ms, maximum 70 ms sur 3 requêtes" in report
    assert "certaines mesures sont sous ce seuil" in report
    assert "| Accueil | `/` | 97 | 100 | 100 | 100 | 24,4 Ko | 2 |" in report
    assert "- Compétence — Performance : Largest Contentful Paint" in report


def test_a_page_lighthouse_could_not_measure_fails_every_score_budget():
    failed = bench_pages.PageResult("Annuaire", "annuaire/", error="délai dépassé")
    good = bench_pages.page_result("Accueil", "", lighthouse_report())
    verdicts = bench.budgets([good, failed])
    assert not any(b.met for b in verdicts if b.name.startswith("Lighthouse"))


def test_a_page_absent_from_the_site_is_reported_not_skipped(tiny_site, monkeypatch):
    monkeypatch.setattr(bench_pages, "PAGES", {"Accueil": "", "Annuaire": "annuaire/"})
    monkeypatch.setattr(bench_pages, "lighthouse", lambda url, work: lighthouse_report())
    results = bench_pages.measure_pages(tiny_site, lambda message: None)
    assert [(r.role, r.error) for r in results] == [("Accueil", ""), ("Annuaire", "page absente du site construit")]
    assert not bench.budgets(results)[0].met
