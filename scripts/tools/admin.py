"""The editor (/admin/) against the real decap-server, on a copy of the repository: for the tests, and
for the screenshots of the « Contribuer » guides (`python -m scripts.tools.admin`).

`local_editor` copies the repository (tracked and new files), starts decap-server (node_modules, pinned
in package-lock.json) writing that copy, builds the copy's site with its editor pointed at that server,
and serves it on 127.0.0.1. The screenshots are made by driving Chromium through what the guides tell:
a référent added, a malformed address refused, a news post and an announced date published. They are
written into docs/contribuer/images/.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts import admin as feature
from scripts.core.paths import ROOT
from scripts.tools import builders
from scripts.tools.browser import CHROMIUM, CHROMIUM_ARGS
from scripts.tools.static_host import free_port, serve, wait_for_line

DECAP_SERVER = ROOT / "node_modules" / ".bin" / "decap-server"
LOCALES = ROOT / "node_modules" / "decap-cms-locales" / "dist" / "esm"  # the version decap-cms-app pins
IMAGES = ROOT / "docs" / "contribuer" / "images"
VIEWPORT = {"width": 960, "height": 640}  # small images, still readable


@dataclass(frozen=True)
class LocalEditor:
    repo: Path  # the copy decap-server writes
    url: str  # its built site, served on 127.0.0.1
    api: str  # decap-server's address

    def build(self, strict: bool = True) -> None:
        """Regenerate and build the copy's site, as `make serve` does after a save: only what changed (not
        strict: the guides' screenshots, missing before their first making)."""
        builders.build("mkdocs", self.repo / "site", {"SITE_URL": self.url, "C2I2E_ADMIN_LOCAL": self.api},
                       root=self.repo, strict=strict, dirty=True)


@contextmanager
def local_editor(folder: Path, strict: bool = True) -> Iterator[LocalEditor]:
    if not DECAP_SERVER.exists():
        raise RuntimeError(f"{DECAP_SERVER} manquant : lancez « npm ci --ignore-scripts » (make le fait)")
    repo = builders.copy_project(Path(folder) / "portail")
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    port = free_port()
    log_path = Path(folder) / "decap-server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([str(DECAP_SERVER)], cwd=repo, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port),
                                       "BIND_HOST": "127.0.0.1", "MODE": "fs", "LOG_LEVEL": "info"})
        try:
            (repo / "site").mkdir()
            with serve(repo / "site") as url:
                editor = LocalEditor(repo, url, f"http://127.0.0.1:{port}/api/v1")
                editor.build(strict)  # while decap-server starts: the build needs only its address
                try:
                    wait_for_line(log_path, "listening", limit=20, process=server)
                except RuntimeError:
                    raise RuntimeError(f"decap-server n'a pas démarré :\n{log_path.read_text()}") from None
                yield editor
        finally:
            server.terminate()
            server.wait(10)


@functools.cache
def decap_locale(name: str) -> dict:
    """One of Decap's own locales (« en », « fr »…), as its bundle registers it: read by Node, the
    locales being JavaScript modules."""
    module = (LOCALES / name / "index.js").as_uri()
    script = f"import phrases from {json.dumps(module)}; process.stdout.write(JSON.stringify(phrases));"
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def flatten(phrases: dict, prefix: str = "") -> dict[str, str]:
    """A locale's phrases by their dotted key (« editor.editorWidgets.object.collapse »)."""
    found = {}
    for key, value in phrases.items():
        if isinstance(value, dict):
            found |= flatten(value, f"{prefix}{key}.")
        else:
            found[f"{prefix}{key}"] = value
    return found


def french() -> dict[str, str]:
    """The French the editor shows: Decap's own, with the portal's phrases merged over it."""
    return flatten(decap_locale("fr")) | flatten(feature.french())


# --- driving the editor, as the guides tell ------------------------------------------------------

@functools.cache
def _config() -> dict:
    return feature.config(feature.backend({"C2I2E_ADMIN_LOCAL": "http://127.0.0.1/"}))


# Fictional sites, each with a source: the real file lists none (no official or first-hand source gives one),
# and the editor's référent forms need a site to add to.
FICTIONAL_SITES = [{"id": site_id, "nom": f"Site {name}", "referents": [],
                    "source": {"description": f"Courriel fictif du site {name}"}}
                   for site_id, name in (("fictif", "de Fictif-les-Bains"), ("essai", "d'Essai"),
                                         ("exemple", "d'Exemple"))]


def seed_sites(data_dir: Path) -> None:
    """Replace sites.yaml in a copy of the data with the fictional sites."""
    import yaml

    (data_dir / "sites.yaml").write_text(yaml.safe_dump({"sites": FICTIONAL_SITES}, allow_unicode=True,
                                                        sort_keys=False), encoding="utf-8")


def label(collection: str, path: str) -> str:
    """What the editor shows for the field at `path` (dotted, a list's items under its name) of a
    collection, as generated from today's schemas: its label, « (optionnel) » when not required."""
    config = _config()
    found = next(c for c in config["collections"] if c["name"] == collection)
    fields = found["fields"] if "fields" in found else found["files"][0]["fields"]
    for name in path.split("."):
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return field["label"] + ("" if field["required"] else " (optionnel)")


def sign_in(page, editor: LocalEditor) -> None:
    page.goto(editor.url + "admin/")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Annuaire des sites").wait_for()


def load(page, editor: LocalEditor, address: str = "") -> None:
    """The editor at `address` (« #/collections/… », or its collection list), loaded afresh: from the
    editor itself, the address is set without the change Decap would route (which may keep the last
    entry's form), then the page reloaded; one real load either way."""
    url = editor.url + "admin/" + address
    if page.url.startswith(editor.url + "admin/"):
        page.evaluate("url => history.replaceState(history.state, '', url)", url)
        page.reload()
    else:
        page.goto(url)


def open_entry(page, editor: LocalEditor, address: str) -> None:
    """Open the editor at this entry, loaded afresh."""
    load(page, editor, address)
    page.get_by_role("link", name="Écriture dans la collection").wait_for()
    page.get_by_role("textbox").first.wait_for()


# Each field of the form: its id, and its label's text.
_FIELDS = "() => [...document.querySelectorAll('input[id], textarea[id]')].map(e => [e.id, e.labels[0]?.textContent])"


def add_item(page, button, values: dict[str, str]) -> None:
    """Click a list's « Ajouter … » `button`, then fill the new item's fields, each found by its label
    among the fields the click made."""
    before = {identifier for identifier, _ in page.evaluate(_FIELDS)}
    button.click()
    page.wait_for_function(f"n => ({_FIELDS})().length > n", arg=len(before))
    new = [(identifier, text) for identifier, text in page.evaluate(_FIELDS) if identifier not in before]
    for label, value in values.items():
        field = next(identifier for identifier, text in new if text == label)
        page.locator(f"[id='{field}']").fill(value)


def add_referent(page, editor: LocalEditor, site: int, values: dict[str, str]) -> None:
    """A new référent of the `site`-th site of the annuaire (from 0), its fields given by their labels."""
    open_entry(page, editor, "#/collections/annuaire/entries/sites")
    add_item(page, page.get_by_role("button", name="Ajouter référent").nth(site), values)


def fill(page, collection: str, values: dict[str, str]) -> None:
    """Fill each field, given by its path in the schema and found by the label the editor shows for it."""
    for path, value in values.items():
        page.get_by_label(label(collection, path), exact=True).fill(value)


def choose(page, collection: str, path: str, option: str) -> None:
    page.get_by_label(label(collection, path), exact=True).click()
    page.get_by_text(option, exact=True).click()


def write_post(page, editor: LocalEditor, values: dict[str, str], author: str, category: str) -> None:
    """A new news post, its fields (by their path in the schema) filled, its author and category chosen."""
    open_entry(page, editor, "#/collections/actualites/new")
    fill(page, "actualites", values)
    choose(page, "actualites", "authors", author)
    choose(page, "actualites", "categories", category)


def click_publish(page) -> None:
    """« Publier », then « Publier maintenant », as the guides tell."""
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("Publier maintenant").click()


def publish(page, folder: Path, limit: float = 15) -> None:
    """Publish the entry, and wait for the editor to call it « Publiée »: decap-server has answered, its
    files written whole (here, into `folder`)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    before = snapshot(folder)
    click_publish(page)
    try:
        # A Playwright wait: a dialog the save opens reaches the test's handler only during one.
        page.get_by_role("button", name=french()["editor.editorToolbar.published"], exact=True).wait_for(
            timeout=limit * 1000)
    except PlaywrightTimeout:
        shown = [line for line in page.inner_text("body").splitlines() if "requis" in line.lower() or "doit" in line
                 or "Échec" in line]
        raise AssertionError(f"l'éditeur n'a rien publié en {limit:.0f} s ; il signale : {' | '.join(shown)}") from None
    assert snapshot(folder) != before, f"l'éditeur a publié, mais rien n'a changé dans {folder}"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


# --- the screenshots of the guides ---------------------------------------------------------------

def screenshots(target: Path = IMAGES) -> list[Path]:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []

    def shot(page, name: str, locator=None) -> None:
        path = target / name
        (locator or page).screenshot(path=str(path))
        made.append(path)

    with tempfile.TemporaryDirectory(prefix="c2i2e-editeur-") as folder, local_editor(Path(folder), strict=False) as editor, \
            sync_playwright() as playwright:
        seed_sites(editor.repo / "referentiel")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="fr-FR", viewport=VIEWPORT)
        page.set_default_timeout(15_000)
        page.goto(editor.url + "admin/")
        page.get_by_role("button", name="Se connecter").wait_for()
        shot(page, "editeur-connexion.png")
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("link", name="Annuaire des sites").wait_for()
        shot(page, "editeur-accueil.png")

        referent = functools.partial(label, "annuaire")
        add_referent(page, editor, 0, {referent("sites.referents.nom"): "Camille Exemple",
                                       referent("sites.referents.role"): "Référente C2i2e du site",
                                       referent("sites.referents.email"): "camille.exemple@u-pec.fr",
                                       referent("sites.referents.verifie_le"): "2026-12-01"})
        page.get_by_label(referent("sites.referents.role"), exact=True).last.scroll_into_view_if_needed()
        shot(page, "annuaire-referent.png")
        email = page.get_by_label(referent("sites.referents.email"), exact=True).last
        email.fill("")  # emptied first: Decap's field keeps its old value under a single fill
        email.fill("camille.exemple@u-pec")
        click_publish(page)
        page.get_by_text("n'est pas une adresse électronique valide").scroll_into_view_if_needed()
        shot(page, "annuaire-erreur.png")

        write_post(page, editor, {"title": "Réunion d'information sur le dossier",
                                  "description": "Une réunion pour préparer son dossier numérique de compétences.",
                                  "date.created": os.environ.get("C2I2E_AUJOURDHUI") or time.strftime("%Y-%m-%d")},
                   "equipe-c2i2e", "Accompagnement")
        page.get_by_label(label("actualites", "title"), exact=True).scroll_into_view_if_needed()
        shot(page, "actualite-article.png")

        open_entry(page, editor, "#/collections/calendrier/entries/calendrier")
        page.get_by_role("button", name="Ajouter date annoncée").click()
        moment = functools.partial(label, "calendrier")
        page.get_by_label(moment("evenements.id"), exact=True).fill("jury-2027")
        page.get_by_label(moment("evenements.type"), exact=True).click()
        page.get_by_text("jury", exact=True).click()
        page.get_by_label(moment("evenements.titre"), exact=True).fill("Jury de certification")
        page.get_by_label(moment("evenements.id"), exact=True).scroll_into_view_if_needed()
        shot(page, "date-annoncee.png")
        page.get_by_label(moment("evenements.source.annoncee_le"), exact=True).fill("2026-12-01")
        page.get_by_label(moment("evenements.source.annoncee_le"), exact=True).scroll_into_view_if_needed()
        shot(page, "date-source.png")
        browser.close()
    return made


def main() -> int:
    for path in screenshots():
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} Ko)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
