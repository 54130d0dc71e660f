"""The other builder's contract: the whole suite runs on the build that ships
(scripts.tools.builders.PRODUCTION, MkDocs); the other one (Zensical, Material's successor) builds the
same site from the same sources, and must keep doing so, so that switching is one line.

Same pages and files, the same main text on every page, a search index of the same pages that finds,
the security policy on every page, the no-break spaces, French interface words, axe on one page of
each kind; and, on the build that ships, every kind of page at its natural address.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from scripts.recherche import BUNDLE
from scripts.tools.builders import CONTRACT, PRODUCTION
from tests.conftest import axe_violations, html_pages, links
from tests.test_accessibilite import KINDS, open_search
from tests.test_securite import check_policy
from tests.test_typographie import no_break_space_problems

# One worker builds the other builder's site, for all of these.
contract = pytest.mark.xdist_group("contrat")

# What each builder brings of its own (its scripts and styles), not the portal's content; and the
# search index's files, named by the hash of their content (the markup around the text differs).
BUILDER_FILES = re.compile(r"^(assets/javascripts/(?!(portail|recherche|positionnement|formulaires)\.js$)|"
                           r"assets/stylesheets/(?!portail\.css$)|sitemap\.xml\.gz$|"
                           r"pagefind/(fragment|index)/|pagefind/pagefind\.fr_[0-9a-f]+\.pf_meta$|"
                           r"search\.json$)")  # Zensical writes an empty one, its own search being off


def published(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*")
            if path.is_file() and not BUILDER_FILES.match(path.relative_to(site).as_posix())}


def main_text(page: str, url: str) -> dict[str, object]:
    """What a reader is told on a page: its title, its headings, the words of its content (the
    build's own address, which each test build has on another port, written « ADRESSE/ »)."""
    page = page.replace(url, "ADRESSE/")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S)
    body = article.group(1) if article else ""
    body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", body, flags=re.S)  # the permalinks' « ¶ »
    body = re.sub(r'<a [^>]*class="md-content__button[^>]*>.*?</a>', "", body, flags=re.S)  # edit pencil

    def words(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    return {"titre": words(re.search(r"<title>(.*?)</title>", page, re.S).group(1)),
            "intertitres": [words(h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body, re.S)],
            "texte": words(body)}


@pytest.fixture(scope="module")
def both(built, builds):
    return {PRODUCTION: built, CONTRACT: builds(CONTRACT)}


def pages_of(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix().removesuffix("index.html"): path.read_text(encoding="utf-8")
            for path in html_pages(site)}


@contract
def test_both_builders_publish_the_same_pages_and_files(both):
    shipped, other = (published(both[b].site) for b in (PRODUCTION, CONTRACT))
    assert shipped == other, (f"seulement {PRODUCTION} : {sorted(shipped - other)[:10]} ; "
                              f"seulement {CONTRACT} : {sorted(other - shipped)[:10]}")
    assert len(shipped) > 150


@contract
def test_every_page_tells_the_same_on_both_builds(both):
    differences = []
    shipped, other = (both[b] for b in (PRODUCTION, CONTRACT))
    for path in html_pages(shipped.site):
        name = path.relative_to(shipped.site).as_posix()
        first = main_text(path.read_text(encoding="utf-8"), shipped.url)
        second = main_text((other.site / name).read_text(encoding="utf-8"), other.url)
        for part in first:
            if first[part] != second[part]:
                one, two = str(first[part]), str(second[part])
                start = max(0, len(os.path.commonprefix([one, two])) - 80)  # where they part, and before
                differences.append(f"{name} ({part}) : {PRODUCTION} « …{one[start:start + 200]} » / "
                                   f"{CONTRACT} « …{two[start:start + 200]} »")
    assert not differences, f"{len(differences)} différence(s) :\n" + "\n".join(differences[:15])


def french_interface_problems(home: str) -> list[str]:
    home = html.unescape(home)
    return ([f"absent : {w}" for w in ('lang="fr"', "Aller au contenu", "Rechercher</span>", "Sur cette page",
                                       "Retour en haut de la page", "Suivant") if w not in home]
            + [f"en anglais : {w}" for w in ("Skip to content", "Back to top", "Table of contents", ">Search<")
               if w in home])


def test_the_interface_speaks_french(pages):
    assert not french_interface_problems(pages[""])


@contract
def test_the_other_build_speaks_french_keeps_its_policy_and_its_no_break_spaces(both):
    other = both[CONTRACT]
    pages = pages_of(other.site)
    assert not french_interface_problems(pages[""])
    check_policy(pages, other.receiver.base)
    assert not no_break_space_problems(pages)


@contract
@pytest.mark.browser
def test_the_other_builds_search_indexes_the_same_pages_and_finds(both, page):
    counts = {builder: json.loads((both[builder].site / BUNDLE / "pagefind-entry.json").read_text())
              ["languages"]["fr"]["page_count"] for builder in (PRODUCTION, CONTRACT)}
    assert counts[CONTRACT] == counts[PRODUCTION] > 50, counts
    page.goto(both[CONTRACT].url)
    open_search(page)  # types « dossier » and waits for a result
    assert page.locator(".c2i2e-recherche__resultat").count() >= 3


@contract
@pytest.mark.browser
def test_axe_finds_nothing_on_each_kind_of_page_of_the_other_build(both, page):
    problems = []
    for kind, address in KINDS.items():
        page.goto(both[CONTRACT].url + address, wait_until="load")
        if kind == "recherche":
            open_search(page)
        problems += [f"{kind} /{address} : axe {v['id']} ({v['impact']}) : {v['help']} — {v['targets'][:4]}"
                     for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("address", [
    "referentiel/", "referentiel/b-3/", "referentiel/b-3/b-3-1/", "annuaire/", "formulaires/poser-une-question/",
    "modeles/", "modeles/synthese/", "modeles/b-3-1/", "positionnement/", "calendrier/", "actualites/",
    "actualites/2026-11-29-c2i2e-titularisation/", "actualites/categories/certification/",
])
def test_each_kind_of_page_is_at_its_natural_address(pages, address):
    assert address in pages
    assert "<h1" in pages[address]


@pytest.mark.parametrize("path", [
    "actualites.xml", "calendrier.ics", "modeles/c2i2e-dossier-b-3-1.odt", "modeles/c2i2e-synthese.docx",
    "annuaire/contacts/scolarite.vcf",
])
def test_each_kind_of_file_is_at_its_natural_address(site_dir, path):
    assert (site_dir / path).is_file()


def test_no_page_lives_under_or_links_to_generated(site_dir, pages):
    assert not list(site_dir.glob("generated*"))
    leading = [f"{address or 'accueil'} → {target}" for address, page in pages.items()
               for target in links(page, address) if "generated" in target]
    assert not leading, "\n".join(leading[:10])
    assert not [address for address in pages if "generated" in address]


def test_the_zensical_lock_pins_the_version_of_the_extra():
    import tomllib

    from scripts.core.paths import ROOT

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    source = [line for line in (ROOT / "requirements-zensical.in").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    assert source == extra["zensical"] == ["zensical==0.0.73"]
    assert "\nzensical==0.0.73 \\\n" in (ROOT / "requirements-zensical.txt").read_text(encoding="utf-8")
