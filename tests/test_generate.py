"""The generator: only valid data produces pages; files are rewritten only when
they change, stale ones removed, and nothing is written outside its folder."""

from __future__ import annotations

import pytest

from scripts.generate import generate, relative_link, write_tree
from tests.conftest import run


def test_generation_writes_then_leaves_unchanged_files_alone(tmp_path):
    out = tmp_path / "generated"
    data, first = generate(out_dir=out)
    assert first is not None and first.written and not first.unchanged
    page = out / "referentiel" / "a-1" / "a-1-1.md"
    mtime = page.stat().st_mtime_ns
    _, second = generate(out_dir=out)
    assert second.written == [] and second.removed == []
    assert sorted(second.unchanged) == sorted(first.written)
    assert page.stat().st_mtime_ns == mtime


def test_pages_of_a_deleted_competency_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "referentiel" / "z-9").mkdir(parents=True)
    (out / "referentiel" / "z-9" / "z-9-9.md").write_text("ancienne page", encoding="utf-8")
    outside = tmp_path / "a-garder.md"
    outside.write_text("hors du dossier", encoding="utf-8")
    _, changes = generate(out_dir=out)
    assert changes.removed == ["referentiel/z-9/z-9-9.md"]
    assert not (out / "referentiel" / "z-9").exists()
    assert outside.read_text(encoding="utf-8") == "hors du dossier"


def test_nothing_is_ever_written_outside_the_generated_folder(tmp_path):
    with pytest.raises(ValueError):
        write_tree([("../evasion.md", "non")], tmp_path / "generated")
    assert not (tmp_path / "evasion.md").exists()


def test_invalid_data_writes_no_page_and_says_why(data_copy, tmp_path):
    path = data_copy / "competences.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("code: A.1.2", "code: A.1.1", 1), encoding="utf-8")
    out = tmp_path / "generated"
    result = run("-m", "scripts.generate", str(data_copy), "--out", str(out), check=False)
    assert result.returncode == 1
    assert "competences.yaml:" in result.stderr and "en double" in result.stderr
    assert "aucune page écrite" in result.stderr
    assert not out.exists()


def test_the_cli_reports_what_it_did(tmp_path):
    result = run("-m", "scripts.generate", "--out", str(tmp_path / "g"))
    assert "fichiers générés" in result.stdout and "écrits" in result.stdout


def test_relative_links_between_generated_pages():
    assert relative_link("referentiel/b-1/b-1-2.md", "referentiel/a-1/a-1-1.md") == "../b-1/b-1-2.md"
    assert relative_link("referentiel/a-1/index.md", "referentiel/index.md") == "a-1/index.md"


def test_invalid_data_stops_a_plain_mkdocs_build_with_the_validator_messages(project_copy, tmp_path):
    data = project_copy / "referentiel" / "competences.yaml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "code: B.1.2" in line)
    lines[n] = lines[n].replace("code: B.1.2", "code: B.1.1")
    data.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    result = run("-m", "mkdocs", "build", "--site-dir", str(site), cwd=project_copy, check=False)
    assert result.returncode == 1
    assert f"referentiel/competences.yaml:{n + 1}:" in result.stderr
    assert "code « B.1.1 » en double" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()
    assert not (project_copy / "docs" / "generated").exists()
