"""The steps after any builder (`python -m scripts.postbuild SITE`): the pages are read once and
written once, the search index is made by Pagefind while the next steps change them, and whatever
fails, the command says why in French, waits for what it started and leaves nothing behind."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from scripts import poids, recherche
from scripts.core.cache import DiskCache
from scripts.postbuild import run_steps
from tests.conftest import run

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main{marked}><h1>{title}</h1>
    <p>Le certificat informatique et internet de niveau 2, {title}.</p>
</main></body></html>
"""


def small_site(folder: Path, marked: bool) -> Path:
    """Two pages (marked for the search or not) and the portal's own scripts and stylesheets."""
    for name, title in (("index.html", "Accueil"), ("contacts/index.html", "Contacts")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(PAGE.format(title=title, marked=" data-pagefind-body" if marked else ""),
                                   encoding="utf-8")
    for built in poids.own_files(folder):
        built.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(poids.SOURCES / built.relative_to(folder), built)
    return folder


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch) -> None:
    """A disk cache of the test's own: the project's holds the builds' (a site seen before would have
    its index copied from there)."""
    monkeypatch.setattr(DiskCache.__init__, "__defaults__", (tmp_path / "cache",))


@pytest.fixture
def temporary_folder(tmp_path, monkeypatch) -> Path:
    """Where the search's copy of the pages goes, to see that it is removed."""
    folder = tmp_path / "temporaire"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_index_is_made_while_the_next_steps_rewrite_the_pages(tmp_path, temporary_folder):
    site = small_site(tmp_path / "site", marked=True)
    lines = run_steps(site)
    assert lines[0].startswith("accessibilité : ")
    assert lines[1] == "typographie : 0 espaces insécables dans 0 pages sur 2"
    assert lines[2] == "recherche : 2 pages indexées" and lines[3].startswith("éditeur : ") \
        and lines[4].startswith("poids : ") and lines[5].startswith("sécurité : ")
    assert (site / recherche.BUNDLE / "pagefind.js").is_file()
    assert "Content-Security-Policy" in (site / "index.html").read_text(encoding="utf-8")
    assert not list(temporary_folder.iterdir())


def test_a_step_that_fails_is_reported_once_what_was_started_is_done_and_no_page_is_written(
        tmp_path, temporary_folder):
    site = small_site(tmp_path / "site", marked=True)
    built = {path: path.read_bytes() for path in site.rglob("*.html")}

    def failing(site, serving=False):
        raise RuntimeError("étape en échec")

    with pytest.raises(RuntimeError, match="^étape en échec$"):
        run_steps(site, steps=(recherche.index, poids.apply, failing))
    assert (site / recherche.BUNDLE / "pagefind.js").is_file()  # Pagefind was waited for
    assert not list(temporary_folder.iterdir())
    assert {path: path.read_bytes() for path in site.rglob("*.html")} == built  # as the builder left them


def test_pages_not_marked_for_the_search_stop_the_command_with_the_cause_in_french(tmp_path, temporary_folder):
    site = small_site(tmp_path / "site", marked=False)
    result = run("-m", "scripts.postbuild", str(site), check=False)
    assert result.returncode == 1
    assert result.stderr == (f"{site}: erreur : aucune page ne porte data-pagefind-body (overrides/portail/page.html) : "
                             "la recherche indexerait chaque page entière, modèles imprimables compris\n")
    assert "Traceback" not in result.stderr
    assert not list(temporary_folder.iterdir())


def test_a_search_program_that_cannot_start_is_named_and_leaves_nothing_behind(tmp_path, temporary_folder,
                                                                               monkeypatch):
    site = small_site(tmp_path / "site", marked=True)
    monkeypatch.setattr(recherche, "get_executable", lambda: tmp_path / "pagefind-absent")
    result = run("-m", "scripts.postbuild", str(site), check=False)
    assert result.returncode == 1
    assert result.stderr == (f"{site}: erreur : Pagefind n'a pas pu être lancé ({tmp_path / 'pagefind-absent'}) : "
                             "programme introuvable\n")
    assert not list(temporary_folder.iterdir())
