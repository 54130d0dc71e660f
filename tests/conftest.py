"""Shared fixtures: the site is built once per test session (per worker) with the builder that ships
(scripts.tools.builders.PRODUCTION), served on 127.0.0.1, and driven with Debian's Chromium through
Playwright (no browser download). The other builder keeps its contract in tests/test_builders.py."""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.core import dates
from scripts.core.paths import DATA_DIR, ROOT
from scripts.tools import builders
from scripts.tools.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.static_host import serve
from tests import formulaires_receiver as receivers

# LinkChecker (tests/test_links.py) waits ~0.35 s between requests to a host unless the host
# sends this header.
CONCURRENT = {"LinkChecker": "allow-concurrent-checks"}
BUILDS = ROOT / "site-tests"  # inside the repository: Zensical builds nowhere else (git ignores it)
# `make test` runs the suite on every core (pytest-xdist): each worker builds in a folder of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "principal")


def pytest_configure(config) -> None:
    """One day for the whole session (C2I2E_AUJOURDHUI), in every build, command and worker it
    starts: a session that runs past midnight in Paris compares builds made for the same day."""
    os.environ.setdefault(dates.DAY_VARIABLE, dates.today().isoformat())
    # Each test sets the forms' state it checks: the deployment's own ids (CI variables) are not theirs.
    for name in [n for n in os.environ if n.startswith(("C2I2E_FORMSPREE_", "C2I2E_FORMULAIRES_"))]:
        del os.environ[name]


def pytest_collection_modifyitems(items) -> None:
    """A test of the built site, or of a whole copy of the project (generated, built or served there), is
    a `site` test: `make check-fast` leaves it (and the browser) out."""
    for item in items:
        if {"built", "builds", "project_copy"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


# The project's commands, each with its `main(argv) -> exit code` (in the module or its __main__).
COMMANDS = ("scripts.validate", "scripts.generate", "scripts.postbuild", "scripts.referentiel", "scripts.formulaires")


def run(*command: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        check: bool = True, separate: bool = False) -> subprocess.CompletedProcess:
    """Run a command the way a person would, from the repository root: `python ARGUMENTS`.

    One of the project's commands (`-m scripts.validate …`) run from the repository runs in this
    process, through its `main(argv)`, with its output and its exit code captured all the same: a new
    interpreter would cost each half a second of imports, and the fast lane runs dozens. `separate`
    asks for a real process (tests/test_cli.py checks that way what a person's shell gets)."""
    if not separate and cwd == ROOT and command[:1] == ("-m",) and command[1] in COMMANDS:
        result = _run_here(command[1], list(command[2:]), env or {})
    else:
        result = subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True,
                                env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} a échoué ({result.returncode}) :\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def _run_here(module: str, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    loaded = importlib.import_module(module)
    main = getattr(loaded, "main", None) or importlib.import_module(f"{module}.__main__").main
    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: --help, a wrong option
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["python", "-m", module, *argv], code or 0, out.getvalue(), err.getvalue())


@dataclass(frozen=True)
class Build:
    builder: str
    site: Path
    url: str
    receiver: receivers.LocalReceiver


# The forms' configuration of the session's builds: two forms have a Formspree id, the third has none
# and is published as an e-mail route, so that one build holds both states (whatever the environment).
FORMSPREE_IDS = {"C2I2E_FORMSPREE_DEMANDER_UN_ACCOMPAGNATEUR": "essaiAccompagnateur",
                 "C2I2E_FORMSPREE_POSER_UNE_QUESTION": "essaiQuestion",
                 "C2I2E_FORMSPREE_SIGNALER_UNE_MODIFICATION": "",
                 "C2I2E_FORMULAIRES_LOCAUX": "", "C2I2E_FORMULAIRES_REQUIS": ""}


class Builds:
    """Each builder's production build (strict), made at most once per session, on first use, and
    served on loopback like a static host until the session ends. It is built knowing its address
    (SITE_URL: the 404 page, the sitemap and the feeds use absolute addresses), its forms posting to
    the local Formspree-compatible receiver (`python -m scripts.formulaires serve`, the real command)
    started for it on a free port, with its own store (C2I2E_FORMS_ENDPOINT), and the Formspree ids
    of FORMSPREE_IDS."""

    def __init__(self, tmp_path_factory) -> None:
        self.tmp_path_factory = tmp_path_factory
        self.made: dict[str, Build] = {}
        self.resources = contextlib.ExitStack()

    def __call__(self, builder: str) -> Build:
        if builder not in self.made:
            site = BUILDS / WORKER / builder
            shutil.rmtree(site, ignore_errors=True)
            site.mkdir(parents=True)
            url = self.resources.enter_context(serve(site, CONCURRENT))
            folder = self.tmp_path_factory.mktemp(f"formulaires-{builder}")
            receiver = receivers.start(folder / "formulaires.jsonl", url, folder / "recepteur.log",
                                       env=FORMSPREE_IDS)
            self.resources.callback(receiver.stop)
            # One build at a time, whatever the worker: each generates into the same docs/.
            with open(BUILDS / ".une-construction-a-la-fois", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    builders.build(builder, site, {"SITE_URL": url, "C2I2E_FORMS_ENDPOINT": receiver.endpoint,
                                                   **FORMSPREE_IDS})
                except builders.BuildError as error:
                    pytest.fail(str(error))
            self.made[builder] = Build(builder, site, url, receiver)
        return self.made[builder]


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    made = Builds(tmp_path_factory)
    with made.resources:
        yield made


@pytest.fixture(scope="session")
def built(builds) -> Build:
    """The production build, that every test of the built site runs on."""
    return builds(builders.PRODUCTION)


@pytest.fixture(scope="session")
def builder(built) -> str:
    return built.builder


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built.site


@pytest.fixture(scope="session")
def site_url(built) -> str:
    """The address of the built site, served over HTTP."""
    return built.url


@pytest.fixture(scope="session")
def forms_receiver(built):
    """The local receiver the build's forms post to."""
    return built.receiver


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


VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browsing(browser):
    """The worker's browser context: its HTTP cache is kept from one test to the next (a context of
    its own costs a test 0.4 s, its first page loaded cold); what a test leaves, nothing else is kept."""
    context = browser.new_context(locale="fr-FR", viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(browsing):
    """The worker's one tab, as a person goes from page to page in it: a new tab costs a test 0.4 s of
    CPU (its renderer started, its first page loaded cold; measured). Each test finds it blank, at
    1280 × 900, in the system's colour scheme, on screen. After the test: every other tab closed, the
    listeners it added removed, the storage of each site it opened cleared (local and session storage,
    cookies, IndexedDB), the network on; the HTTP cache stays (a test of what a first load transfers
    opens a context of its own)."""
    origins: set[str] = set()

    def watch(opened) -> None:
        opened.on("framenavigated", lambda frame: origins.add(origin_of(frame.url)))

    tab = next((opened for opened in browsing.pages if not opened.is_closed()), None) or browsing.new_page()
    tab.set_default_timeout(10_000)
    own = {event: list(tab._impl_obj.raw_listeners(event)) for event in tab._impl_obj.event_names()}
    watch(tab)
    browsing.on("page", watch)
    yield tab
    browsing.remove_listener("page", watch)
    for opened in browsing.pages:
        if opened is not tab:
            opened.close()
    if tab.is_closed():
        tab = browsing.new_page()
    else:  # Playwright's own listeners (on « close », « crash ») are left as they were
        events = tab._impl_obj
        for event in events.event_names():
            for listener in [f for f in events.raw_listeners(event) if f not in own.get(event, [])]:
                events.remove_listener(event, listener)
        tab.goto("about:blank")  # the test's page gone, with its scripts and timers
        tab.mouse.move(-1, -1)  # the pointer off the page, as in a new tab: a later scroll hovers nothing
        tab.set_viewport_size(VIEWPORT)
        tab.emulate_media(media="null", color_scheme="null")
    forget(tab, origins - {""})
    browsing.clear_cookies()
    browsing.set_offline(False)


@pytest.fixture
def cold_page(browser):
    """A tab in a context of its own, its cache empty: for what a first load transfers."""
    context = browser.new_context(locale="fr-FR", viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def forget(page, origins: Iterable[str], storage: str = "all") -> None:
    """What the page's context keeps for these sites (its HTTP cache aside) cleared: `storage` is Chromium's
    list of kinds (« all », « indexeddb »…)."""
    session = page.context.new_cdp_session(page)
    for origin in origins:
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": storage})
    session.detach()


def origin_of(url: str) -> str:
    """The site of an address (« http://127.0.0.1:8000 »), or "" for one that is none (about:blank)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


@pytest.fixture
def receiver(forms_receiver):
    """The build's receiver, answering normally before and after the test."""
    forms_receiver.recover()
    yield forms_receiver
    forms_receiver.recover()


# The address a receiver not tied to a build sends people back to (its thank-you page).
STANDALONE_SITE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def standalone_receiver(tmp_path_factory):
    """A local receiver of its own, for the tests of the protocol and the client (no site built)."""
    folder = tmp_path_factory.mktemp("recepteur")
    receiver = receivers.start(folder / "formulaires.jsonl", STANDALONE_SITE, folder / "recepteur.log")
    yield receiver
    receiver.stop()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The repository as a fresh clone with the working tree's edits (tracked and new files, nothing
    git ignores: no generated page), sharing the installed virtualenvs, for tests that edit it freely."""
    return builders.copy_project(tmp_path / "portail")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of the data folder, for tests that break it on purpose."""
    target = tmp_path / "referentiel"
    shutil.copytree(DATA_DIR, target)
    return target


def generation_context(today=None):
    """What the pipeline hands the generators for this repository (mkdocs.yml read once)."""
    from scripts.core import pipeline
    from scripts.features import FEATURES
    from scripts.validate import site

    described, problems = site()
    assert described is not None, problems
    return pipeline.context(described, FEATURES, today)


def without_transitions(page) -> None:
    """Styles in their final state at once: a transition would only make the test wait for it. In a
    constructed style sheet: the page's Content-Security-Policy refuses an injected <style>."""
    page.evaluate("""css => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }""", "*, *::before, *::after { transition: none !important; animation: none !important; }")


def ready_for_instant_navigation(page) -> None:
    """Once the theme can swap pages: Material (9.8.1) ignores a link clicked before its sitemap.xml has
    arrived (`withLatestFrom(sitemap$)`), and the browser then loads the next page in full."""
    page.wait_for_load_state("networkidle")


def console_errors(page) -> list[str]:
    """The errors the page writes to its console from now on (Chromium writes one for each thing the
    security policy refuses)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def links(html: str, address: str) -> set[str]:
    """Where the links of the page at `address` lead, from the site's root ('annuaire/', 'calendrier.ics',
    'x/#id'): builders write the same link differently ('../x/', './x/'), what counts is its target."""
    import posixpath
    import re
    from urllib.parse import urljoin

    base = "http://site.invalid/"
    targets = set()
    for href in re.findall(r'href="([^"]*)"', html):
        absolute = urljoin(base + address, href.replace("&amp;", "&"))
        if absolute.startswith(base):
            path = absolute[len(base):]
            normal = posixpath.normpath(path) if path else ""
            targets.add("" if normal == "." else normal + ("/" if path.endswith("/") and normal != "." else ""))
    return targets


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# What changes from the light scheme to the dark one: colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
_AXE_RUN = """async ([context, options]) => {
  const result = await axe.run(context || document, {...options, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(node => node.target.join(' '))}));
}"""


def axe_violations(page, context: str | None = None, rules: list[str] | None = None) -> list[dict]:
    """What axe-core (the copy axe-playwright-python packages) finds on the page as it is now: WCAG A
    and AA, or only `rules`; in `context` (a selector) or the whole page. axe is loaded once per page
    load, and only the violations come back: the full report of a page weighs a megabyte."""
    from axe_playwright_python.base import AXE_SCRIPT

    # The page as a person sees it: its fonts in, and the theme's scripts done laying it out (the
    # sidebars' heights are set on the frames after the load).
    page.evaluate("() => document.fonts.ready.then(() => new Promise(done =>"
                  " requestAnimationFrame(() => requestAnimationFrame(done))))")
    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(_AXE_RUN, [context, {"runOnly": run_only}])

