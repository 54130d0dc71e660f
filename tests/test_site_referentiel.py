"""The référentiel in the built site: every official wording exactly on its own
page, the overview, 7 domain pages and 28 competency pages in the navigation
and in the search index, and "Modifier cette page" opening the YAML source."""

from __future__ import annotations

import html
import re

import yaml

from scripts.core.paths import DATA_DIR
from scripts.referentiel import competencies, domains
from tests.conftest import links

REFERENTIEL = yaml.safe_load((DATA_DIR / "competences.yaml").read_text(encoding="utf-8"))


def text_of(page_html: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html)))


def address(page_path: str) -> str:
    return page_path.removesuffix("index.md").removesuffix(".md") + ("/" if not page_path.endswith("index.md") else "")


def test_each_official_wording_is_quoted_exactly_on_its_own_page(pages):
    for competency in competencies(REFERENTIEL):
        page = pages[address(competency.page)]
        quote = re.search(r'<figure class="c2i2e-officiel".*?</figure>', page, re.S)
        assert quote, competency.code
        assert competency.libelle in text_of(quote[0]), competency.code
        assert "<blockquote" in quote[0] and "arrêté du 14 décembre 2010" in text_of(quote[0]).lower()


def test_overview_domains_and_competencies_are_all_in_the_navigation(pages):
    home = pages[""]
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*', home, re.S)[0]
    targets = links(nav, "")
    expected = ["referentiel/"]
    expected += [f"referentiel/{d['code'].lower().replace('.', '-')}/" for d in domains(REFERENTIEL)]
    expected += [address(c.page) for c in competencies(REFERENTIEL)]
    assert len(expected) == 1 + 7 + 28
    for target in expected:
        assert target in targets, target


def test_every_competency_page_is_indexed_for_the_search(pages):
    """What Pagefind indexes (scripts/recherche/): each competency page's content; the search
    itself is tested through its interface (tests/test_recherche.py)."""
    for competency in competencies(REFERENTIEL):
        assert "data-pagefind-body" in pages[address(competency.page)], competency.code


def test_overview_groups_the_28_by_domain_and_links_to_the_rule(pages):
    page = pages["referentiel/"]
    overview = text_of(page)
    # The rule in full is on Conditions only; the overview links there.
    rule = page.split('id="la-regle-de-certification"', 1)[1].split("<h2", 1)[0]
    assert 'href="../comprendre/conditions/"' in rule and "au moins 23" not in overview
    positions = [overview.index(c.libelle) for c in competencies(REFERENTIEL)]
    assert positions == sorted(positions)


def generated() -> dict[str, str]:
    from scripts import referentiel
    from scripts.validate import validate
    from tests.conftest import generation_context

    return dict(referentiel.pages(validate(), generation_context()))


def test_the_legal_caption_is_given_once_per_page_and_ends_with_one_full_stop():
    for path, markdown in generated().items():
        assert markdown.count("14 décembre 2010") == 1, path
        assert "(annexe).." not in markdown, path
    domain = generated()["referentiel/a-1/index.md"]
    assert domain.count("<figcaption>Libellé officiel</figcaption>") == 5


def test_every_source_of_the_data_is_shown_on_the_page_it_backs():
    """A `sources` entry backs the sentences of its domain or competency: each page showing them cites it."""
    out = generated()
    for domain in domains(REFERENTIEL):
        slug = domain["code"].lower().replace(".", "-")
        shown = {f"referentiel/{slug}/index.md": [*domain.get("sources", []),
                                                  *(x for c in domain["competences"] for x in c.get("sources", []))],
                 "referentiel/index.md": domain.get("sources", [])}
        for competency in domain["competences"]:
            shown[f"referentiel/{slug}/{competency['code'].lower().replace('.', '-')}.md"] = competency.get(
                "sources", [])
        for path, sources in shown.items():
            for source in sources:
                assert f"]({source['url']})" in out[path], (path, source["url"])
                assert ("Source : " in out[path]) or ("Sources : " in out[path]), path
    assert any(x.get("sources") for d in domains(REFERENTIEL) for x in [d, *d["competences"]])


def test_competency_pages_link_previous_next_and_related(pages):
    page = pages["referentiel/a-1/a-1-2/"]
    assert 'href="../a-1-1/"' in page and 'href="../a-1-3/"' in page
    first = pages["referentiel/a-1/a-1-1/"]
    assert "(précédente)" not in first and "(suivante)" in first
    assert "Des traces pour votre dossier" in first and "Compétences liées" in first


def test_edit_link_of_generated_pages_opens_the_yaml_source(pages):
    page = pages["referentiel/b-2/b-2-1/"]
    edit = re.search(r'<a href="([^"]+)"[^>]*rel="edit"', page)[1]
    assert edit.endswith("/edit/main/referentiel/competences.yaml")
    hand_written = pages["comprendre/conditions/"]
    assert re.search(r'<a href="([^"]+)"[^>]*rel="edit"', hand_written)[1].endswith(
        "/edit/main/docs/comprendre/conditions.md")


def test_every_menu_entry_has_a_real_title_not_a_file_name(pages):
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*', pages[""], re.S)[0]
    labels = [text_of(label).strip() for label in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.S)]
    assert "Modèles de documents" in labels
    assert not [label for label in labels if label in ("Index", "A 1 1") or re.fullmatch(r"[A-Z] \d \d", label)]
