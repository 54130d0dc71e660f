"""« Poids »: what a page costs at its first load (the bench's budget, scripts/tools/bench.py), on
both builds: a script only some pages use is loaded by those pages alone."""

from __future__ import annotations

import re

from scripts.formulaires import forms
from scripts.validate import validate

FORM_PAGES = {f"formulaires/{form.key}/" for form in forms(validate())}
# Each script that only some pages need, and those pages.
PAGE_SCRIPTS = {
    "positionnement.js": {"positionnement/"},
    "formulaires.js": FORM_PAGES,
}


def loaded_scripts(html: str) -> set[str]:
    return {src.rsplit("/", 1)[-1] for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)}


def test_a_script_that_only_some_pages_use_is_loaded_by_those_pages_alone(pages):
    for script, where in PAGE_SCRIPTS.items():
        loading = {address for address, html in pages.items() if script in loaded_scripts(html)}
        assert loading == where, f"{script} : chargé par {sorted(loading - where)[:5]}, absent de {sorted(where - loading)}"
