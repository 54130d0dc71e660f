"""Valid HTML: the Nu Html Checker (vnu, npm `vnu-jar`, run on the machine's Java)
checks every built page in one run, and finds no error in the markup our templates,
overrides and generated pages produce.

The only errors let through are Material's own, listed below one by one with the
reason they cannot be fixed from `overrides/`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.core.paths import ROOT
from tests.conftest import html_pages

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class KnownError:
    message: str   # regular expression on vnu's message
    extract: str   # regular expression on the markup vnu quotes
    reason: str


# The themes' own errors (Material for MkDocs 9.8.1, Zensical 0.0.73), that overrides/ cannot
# remove without copying (and then maintaining) a whole template of the theme.
MATERIAL_ERRORS = (
    KnownError(
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">',
        "Material's base.html writes these two checkboxes outside any template block, with autocomplete=\"off\" "
        "so that Firefox does not restore an open menu or search on « back » (squidfunk/mkdocs-material#1513, "
        "closed without change). Removing it means replacing the whole of base.html. Harmless: browsers ignore "
        "the attribute on a checkbox."),
    KnownError(
        r"^Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer\.$",
        r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
        "Material's partials/nav-item.html writes tabindex=\"{{ tabindex }}\" with no value for section titles "
        "(navigation.sections), meaning « not focusable ». Fixing it means replacing the 170-line nav-item.html "
        "macro. Harmless: browsers treat an empty tabindex as absent, the title stays out of the Tab order as "
        "intended."),
    KnownError(
        r"^The “aria-hidden” attribute must not be used on any “label” element that is associated with a "
        r"labelable element\.$",
        r'<label class="md-overlay" for="__drawer" aria-hidden="true">',
        "Zensical's base.html (0.0.73) hides the drawer's overlay from screen readers: a click target behind "
        "the open menu that closes it, and that is not a control for them. Removing it means replacing the "
        "whole of base.html. Harmless: the label names nothing a screen reader needs, the menu has its own "
        "close control."),
)


def vnu(site: Path) -> list[dict]:
    """vnu's messages (errors only) for every HTML file of the site, in one run."""
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} manquant : lancez « make test » (il exécute « npm ci »), "
                    "ou « npm ci --ignore-scripts ».")
    java = shutil.which("java")
    if not java:
        pytest.fail("Java est nécessaire au Nu Html Checker : lancez « make test » "
                    "ou « sudo apt-get install -y default-jre-headless ».")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always",
                             "--skip-non-html", str(site)], capture_output=True, text=True, timeout=900)
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"vnu n'a pas produit de rapport ({result.returncode}) :\n{result.stderr[-3000:]}") from None


def known(message: dict) -> KnownError | None:
    for error in MATERIAL_ERRORS:
        if re.search(error.message, message.get("message", "")) and re.search(error.extract,
                                                                             message.get("extract", "")):
            return error
    return None


def describe(message: dict, site: Path) -> str:
    where = message.get("url", "").removeprefix("file:").removeprefix(str(site)).lstrip("/")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{message.get('lastLine', '?')}: {message.get('message')} — {extract[:160]}"


def test_every_page_is_valid_html(site_dir):
    messages = vnu(site_dir)
    problems = [describe(m, site_dir) for m in messages if m.get("type") != "info" and not known(m)]
    assert not problems, f"{len(problems)} erreur(s) HTML :\n" + "\n".join(problems[:80])
    assert len(html_pages(site_dir)) > 10


def test_only_materials_listed_errors_are_let_through():
    """The exceptions match Material's exact markup, never the same error in ours."""
    theirs = {"message": "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a "
                         "valid integer.",
              "extract": '  <label class="md-nav__link " for="__nav_4" id="__nav_4_label" tabindex="">\n'}
    ours = {**theirs, "extract": '<label class="portail-choix" for="x" tabindex="">'}
    toggle = {"message": "Attribute “autocomplete” is only allowed when the input type is “color”, …",
              "extract": '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
                         'autocomplete="off">'}
    our_checkbox = {**toggle, "extract": '<input type="checkbox" name="accord" autocomplete="off">'}
    assert known(theirs) and known(toggle)
    assert not known(ours) and not known(our_checkbox)
    assert describe({"url": "file:/tmp/site/a/index.html", "lastLine": 7, "message": "M", "extract": "<p\n x>"},
                    Path("/tmp/site")) == "a/index.html:7: M — <p x>"
