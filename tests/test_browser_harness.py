"""Every built page, in a real browser: axe-core finds no WCAG A/AA violation (one page of each kind is
checked at every screen size and in both schemes by tests/test_accessibilite.py, the others here), the
page requests nothing from any host but the site's own (and the local form receiver the test build
posts its forms to) nor anything of the search before it is opened, and logs no console error (a
breach of the page's Content-Security-Policy is one)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import COLOUR_RULES, axe_violations, console_errors, html_pages
from tests.test_accessibilite import KINDS
from tests.test_recherche import is_search_asset

pytestmark = pytest.mark.browser


def addresses(site_dir) -> list[str]:
    # Not the editor's page, no page of the theme (no light and dark schemes): tests/test_admin.py checks it.
    return [name for name in (path.relative_to(site_dir).as_posix() for path in html_pages(site_dir))
            if not name.startswith("admin/")]


# Every page, in as many parts as the suite may have workers to share them (the longest test otherwise).
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS), ids=[f"{i + 1}-sur-{SHARDS}" for i in range(SHARDS)])
def test_every_page_is_accessible_private_and_error_free(site_dir, site_url, forms_receiver, page, shard):
    # The site's host, and the one receiver its forms are built to post to (another port).
    own_hosts = {urlsplit(site_url).netloc, forms_receiver.netloc}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    console = console_errors(page)
    page.on("pageerror", lambda error: console.append(str(error)))

    problems: list[str] = []
    every = addresses(site_dir)
    assert len(every) > 10
    # The pages of each kind's sample get axe at every size, in both schemes (tests/test_accessibilite.py).
    at_every_size = {address + "index.html" if not address.endswith(".html") else address for address in KINDS.values()}
    assert at_every_size <= set(every)
    for address in every[shard::SHARDS]:
        requests.clear()
        console.clear()
        page.goto(site_url + address, wait_until="load")
        if address not in at_every_size:
            problems += [f"{address}: axe {v['id']} ({v['impact']}): {v['help']} — {v['targets'][:3]}"
                         for v in axe_violations(page)]
        for url in requests:
            if is_search_asset(url):
                problems.append(f"{address}: la recherche est chargée avant d'être ouverte : {url}")
            elif urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc not in own_hosts:
                problems.append(f"{address}: requête vers un tiers : {url}")
            elif urlsplit(url).scheme not in ("http", "https", "data", "blob"):
                problems.append(f"{address}: requête inattendue : {url}")
        problems.extend(f"{address}: erreur console : {text}" for text in console)
    assert not problems, "\n".join(problems)


def test_the_check_reports_each_violation_it_finds_and_only_in_its_scope(page):
    page.set_content('<!doctype html><html lang="fr"><head><title>Essai</title></head><body><main>'
                     '<p style="color:#777;background:#888">Texte pâle</p><div id="image"><img src="data:,"></div>'
                     '</main></body></html>')
    found = {v["id"]: v for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= set(found)
    assert found["image-alt"]["targets"] == ["img"] and found["image-alt"]["impact"] == "critical"
    assert [v["id"] for v in axe_violations(page, rules=COLOUR_RULES)] == ["color-contrast"]
    assert [v["id"] for v in axe_violations(page, "#image")] == ["image-alt"]
