"""Every built page, in a real browser: axe-core finds no WCAG A/AA violation, in the light
scheme and (for the rules that colours decide) in the dark one, the page requests nothing from
any host but the site's own (and the local form receiver the test build posts its forms to),
and logs no console error (a breach of the page's Content-Security-Policy is one)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import console_errors, html_pages

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# What changes from the light scheme to the dark one: colours. Run in the same page load, so that the
# dark pass costs a fraction of the first.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def addresses(site_dir) -> list[str]:
    return [path.relative_to(site_dir).as_posix() for path in html_pages(site_dir)]


def test_every_page_is_accessible_private_and_error_free(site_dir, site_url, forms_receiver, page):
    axe = Axe()
    # The site's host, and the one receiver its forms are built to post to (another port).
    own_hosts = {urlsplit(site_url).netloc, forms_receiver.netloc}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    console = console_errors(page)
    page.on("pageerror", lambda error: console.append(str(error)))

    problems: list[str] = []
    checked = addresses(site_dir)
    assert len(checked) > 10
    for address in checked:
        requests.clear()
        console.clear()
        page.emulate_media(color_scheme="light")
        page.goto(site_url + address, wait_until="load")
        passes = [("clair", {"type": "tag", "values": AXE_TAGS})]
        passes.append(("sombre", {"type": "rule", "values": COLOUR_RULES}))
        for scheme, rules in passes:
            if scheme == "sombre":  # the portal follows the system's preference
                page.emulate_media(color_scheme="dark")
                page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
            result = axe.run(page, options={"runOnly": rules})
            for violation in result.response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                problems.append(f"{address} ({scheme}): axe {violation['id']} ({violation['impact']}): "
                                f"{violation['help']} — {targets}")
        for url in requests:
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc not in own_hosts:
                problems.append(f"{address}: requête vers un tiers : {url}")
            elif urlsplit(url).scheme not in ("http", "https", "data", "blob"):
                problems.append(f"{address}: requête inattendue : {url}")
        problems.extend(f"{address}: erreur console : {text}" for text in console)
    assert not problems, "\n".join(problems)
