"""Links: LinkChecker crawls the built site over HTTP (`site_url`) and finds no broken
internal link; every link to an anchor (#...) finds its target. External links are listed,
never fetched (there is no internet here: `--check-extern` is not used).

LinkChecker's own anchor plugin (AnchorCheck) is unreliable (it caches a page
once, whatever its fragment, and gives random misses: linkchecker issues #542,
#555), so the anchors are checked here with lxml, on the built files.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import lxml.html
import pytest

from scripts.tools.static_host import serve
from tests.conftest import html_pages

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
# LinkChecker waits ~0.35 s between two requests to a host unless the host answers with
# this header; the test servers (site_url's too) send it: the crawl takes seconds.
CONCURRENT = {"LinkChecker": "allow-concurrent-checks"}
CONFIG = """\
[checking]
threads=4
timeout=20
maxrequestspersecond=200
[filtering]
ignore=
  ^data:
  ^mailto:
  ^tel:
[output]
status=0
"""


def crawl(base: str, work: Path) -> list[dict[str, str]]:
    """Every URL LinkChecker met from `base`, as CSV rows."""
    config = work / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    result = subprocess.run([str(LINKCHECKER), "--config", str(config), "--verbose", "--output", "csv",
                             "--no-status", base], capture_output=True, text=True, timeout=600)
    if result.returncode not in (0, 1) or "urlname;" not in result.stdout:
        raise AssertionError(f"LinkChecker n'a pas tourné ({result.returncode}) :\n{result.stderr[-3000:]}")
    table = result.stdout[result.stdout.index("urlname;"):]
    rows = [row for row in csv.DictReader(io.StringIO(table), delimiter=";")
            if row.get("urlname") and not row["urlname"].startswith("# ")]
    return rows


def broken(rows: list[dict[str, str]], base: str) -> list[str]:
    return sorted({f"{row['parentname'].removeprefix(base) or '/'} (ligne {row['line']}) → {row['urlname']} : "
                   f"{row['result']} {row['warningstring']}".strip()
                   for row in rows if row["valid"] != "True"})


def external(rows: list[dict[str, str]], base: str) -> list[str]:
    own = urlsplit(base).netloc
    return sorted({row["url"] or row["urlname"] for row in rows
                   if urlsplit(row["url"] or row["urlname"]).scheme in ("http", "https", "mailto", "tel")
                   and urlsplit(row["url"] or row["urlname"]).netloc != own})


def anchors_of(document: lxml.html.HtmlElement) -> set[str]:
    return {*document.xpath("//@id"), *document.xpath("//a/@name")}


def broken_anchors(site: Path, own: str = "http://site.invalid/") -> list[str]:
    """Every `href="...#fragment"` of the site whose page or fragment does not exist.
    `own`: the site's address (absolute links to it are internal)."""
    root = own
    documents = {path: lxml.html.parse(str(path)).getroot() for path in html_pages(site)}
    targets = {path: anchors_of(document) for path, document in documents.items()}
    problems = []
    for path, document in documents.items():
        address = root + path.relative_to(site).as_posix()
        for link in document.xpath("//a[@href]"):
            target = urlsplit(urljoin(address, link.get("href")))
            if not target.fragment or urlunsplit(target[:2] + ("/", "", "")) != urljoin(own, "/"):
                continue
            file = site / unquote(target.path).removeprefix(urlsplit(own).path)
            if file.is_dir() or target.path.endswith("/"):
                file = file / "index.html"
            where = f"{path.relative_to(site).as_posix()}:{link.sourceline}"
            if file.suffix != ".html":
                continue
            if file not in targets:
                problems.append(f"{where}: {link.get('href')} : page introuvable")
            elif unquote(target.fragment) not in targets[file]:
                problems.append(f"{where}: {link.get('href')} : ancre « {unquote(target.fragment)} » absente")
    return problems


def test_no_broken_internal_link(site_url, tmp_path):
    base = site_url
    rows = crawl(base, tmp_path)
    pages = {row["url"] for row in rows if row["url"].startswith(base) and row["url"].endswith("/")}
    assert len(pages) > 10, "LinkChecker n'a presque rien parcouru"
    assert not broken(rows, base), "liens cassés :\n" + "\n".join(broken(rows, base))
    links = external(rows, base)
    print(f"{len(links)} lien(s) externe(s), listés sans être vérifiés (pas d'accès à Internet) :")
    print("\n".join(links))


def test_every_anchor_exists(site_dir, site_url):
    problems = broken_anchors(site_dir, site_url)
    assert not problems, "ancres cassées :\n" + "\n".join(problems)


@pytest.fixture
def broken_site(tmp_path) -> Path:
    """A tiny site with one dead link and one dead anchor, to prove the checks catch them."""
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><html lang="fr"><title>Accueil</title>'
        '<a href="page/">page</a> <a href="absente/">absente</a> <a href="page/#ok">bonne ancre</a> '
        '<a href="page/#disparue">ancre disparue</a> <a href="https://exemple.fr/">externe</a>', encoding="utf-8")
    (site / "page" / "index.html").write_text(
        '<!doctype html><html lang="fr"><title>Page</title><h1 id="ok">Page</h1><a href="#ok">ici</a>',
        encoding="utf-8")
    return site


def test_the_checks_catch_a_dead_link_and_a_dead_anchor(broken_site, tmp_path):
    with serve(broken_site, extra_headers=CONCURRENT) as base:
        rows = crawl(base, tmp_path)
    dead = broken(rows, base)
    assert len(dead) == 1 and "absente/" in dead[0] and "404" in dead[0], dead
    assert external(rows, base) == ["https://exemple.fr/"]
    assert broken_anchors(broken_site) == ["index.html:1: page/#disparue : ancre « disparue » absente"]
