"""Valid HTML (RGAA 8.2): the Nu Html Checker (vnu, npm `vnu-jar`, run on the machine's Java)
checks every built page in one run, and finds no error at all, the themes' own markup included
(overrides/main.html corrects what their base.html and nav-item.html write invalid).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.core.paths import ROOT
from tests.conftest import html_pages

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# What Material 9.8.1 and Zensical 0.0.73 write unchanged, which vnu rejects: the page a
# test builds from it must fail, so that these errors cannot come back unseen.
THEMES_MARKUP = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Thème</title></head><body>
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<label class="md-overlay" for="__drawer" aria-hidden="true"></label>
<nav><input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_2">
<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">Section</label></nav>
</body></html>
"""


def vnu(*folders: Path) -> list[dict]:
    """vnu's messages (errors only) for every HTML file of the folders, in one run (Java starts once)."""
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} manquant : lancez « make test » (il exécute « npm ci »), "
                    "ou « npm ci --ignore-scripts ».")
    java = shutil.which("java")
    if not java:
        pytest.fail("Java est nécessaire au Nu Html Checker : lancez « make test » "
                    "ou « sudo apt-get install -y default-jre-headless ».")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always",
                             "--skip-non-html", *map(str, folders)], capture_output=True, text=True, timeout=900)
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"vnu n'a pas produit de rapport ({result.returncode}) :\n{result.stderr[-3000:]}") from None


def describe(message: dict, site: Path) -> str:
    where = message.get("url", "").removeprefix("file:").removeprefix(str(site)).lstrip("/")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{message.get('lastLine', '?')}: {message.get('message')} — {extract[:160]}"


def test_every_page_is_valid_html(site_dir, tmp_path):
    # The themes' markup beside the site, in the same run: the checker, run as on the site, must reject
    # each of its four invalid tags.
    (tmp_path / "index.html").write_text(THEMES_MARKUP, encoding="utf-8")
    messages = [m for m in vnu(site_dir, tmp_path) if m.get("type") != "info"]
    themes = [m for m in messages if m.get("url", "").removeprefix("file:").startswith(f"{tmp_path}/")]
    problems = [describe(m, site_dir) for m in messages if m not in themes]
    assert not problems, f"{len(problems)} erreur(s) HTML :\n" + "\n".join(problems[:80])
    assert len(html_pages(site_dir)) > 10
    assert sorted(m.get("lastLine") for m in themes) == [3, 4, 5, 7], [describe(m, tmp_path) for m in themes]
    assert sum("autocomplete" in m["message"] for m in themes) == 2
    assert any("aria-hidden" in m["message"] for m in themes)
    assert any("tabindex" in m["message"] for m in themes)


def test_describe_names_the_page_and_line():
    assert describe({"url": "file:/tmp/site/a/index.html", "lastLine": 7, "message": "M", "extract": "<p\n x>"},
                    Path("/tmp/site")) == "a/index.html:7: M — <p x>"
