"""The RGAA audit kept true: axe-core at every common screen size on one page of each kind, on both
builds, in the light scheme and (for the rules colours decide) in the dark one."""

from __future__ import annotations

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

# Phones, tablets, laptops, desktop.
SIZES = [(320, 640), (390, 844), (768, 1024), (1024, 768), (1280, 720), (1366, 768), (1920, 1080)]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# One page of each kind; "recherche" is the home page with the search dialog open.
KINDS = {
    "accueil": "",
    "page rédigée": "comprendre/conditions/",
    "référentiel": "referentiel/",
    "domaine": "referentiel/b-3/",
    "compétence": "referentiel/b-3/b-3-1/",
    "annuaire": "annuaire/",
    "formulaire": "formulaires/poser-une-question/",
    "modèles": "modeles/",
    "modèle imprimable": "modeles/b-3-1/",
    "positionnement": "positionnement/",
    "calendrier": "calendrier/",
    "actualités": "actualites/",
    "article": "actualites/2026-11-29-calendrier-2026-2027/",
    "rubrique": "actualites/categories/dates-cles/",
    "recherche": "",
    "404": "404.html",
    "plan du site": "plan-du-site/",
}


def open_search(page) -> None:
    page.locator(".c2i2e-recherche__ouvrir").first.click()
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    page.keyboard.type("dossier")
    page.wait_for_selector(".c2i2e-recherche__resultat")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_axe_finds_nothing_at_each_screen_size_on_each_kind_of_page(site_url, page, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    problems = []
    for kind, address in KINDS.items():
        page.emulate_media(color_scheme="light")
        page.goto(site_url + address, wait_until="load")
        if kind == "recherche":
            open_search(page)
        for scheme, rules in (("clair", None), ("sombre", COLOUR_RULES)):
            if scheme == "sombre":
                page.emulate_media(color_scheme="dark")
                page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
            problems += [f"{kind} /{address} ({scheme}, {width}×{height}) : axe {v['id']} ({v['impact']}) :"
                         f" {v['help']} — {v['targets'][:4]}" for v in axe_violations(page, rules=rules)]
    assert not problems, "\n".join(problems)
