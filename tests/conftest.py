"""Shared fixtures: the site is built once per test session, served on 127.0.0.1,
and driven with Debian's Chromium through Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scripts.paths import DATA_DIR, ROOT

CHROMIUM = "/usr/bin/chromium"
# Flags for a machine with no network but loopback (see the Makefile's `browser`).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]


def run(*command: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """Run a project command the way a person would, from the repository root."""
    result = subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} a échoué ({result.returncode}) :\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def static_host(tmp_path_factory):
    """An HTTP server on loopback for the built site, like a static host.

    It starts before the build so that the build knows its address
    (`SITE_URL`): the 404 page and the sitemap use absolute addresses."""
    root = tmp_path_factory.mktemp("build") / "site"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def forms_receiver(static_host, tmp_path_factory):
    """The local Formspree-compatible receiver (`python -m scripts.forms serve`, the real command) on a
    free loopback port, with its own store; the site is built to post its forms there."""
    from tests import forms_receiver as receivers

    folder = tmp_path_factory.mktemp("formulaires")
    receiver = receivers.start(folder / "formulaires.jsonl", static_host[0], folder / "recepteur.log")
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def site_dir(static_host, forms_receiver) -> Path:
    """The production build (`mkdocs build --strict`), made once for the session, its forms
    posting to the local receiver (C2I2E_FORMS_ENDPOINT)."""
    url, root = static_host
    run("-m", "mkdocs", "build", "--strict", "--site-dir", str(root),
        env={"SITE_URL": url, "C2I2E_FORMS_ENDPOINT": forms_receiver.endpoint})
    return root


@pytest.fixture(scope="session")
def site_url(static_host, site_dir) -> str:
    """The address of the built site, served over HTTP."""
    return static_host[0]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def pages(site_dir) -> dict[str, str]:
    """Every built HTML page, by its address relative to the site root ('' for the home page)."""
    result = {}
    for path in html_pages(site_dir):
        address = path.relative_to(site_dir).as_posix()
        address = address.removesuffix("index.html")
        result[address] = path.read_text(encoding="utf-8")
    return result


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} manquant : lancez « make test » (il l'installe) "
                    "ou « sudo apt-get install -y chromium ».")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def receiver(forms_receiver):
    """The session's receiver, answering normally before and after the test."""
    forms_receiver.recover()
    yield forms_receiver
    forms_receiver.recover()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the repository sharing the installed .venv, for tests that edit it freely."""
    copy = tmp_path / "portail"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "var", "generated"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of the data folder, for tests that break it on purpose."""
    target = tmp_path / "referentiel"
    shutil.copytree(DATA_DIR, target)
    return target
