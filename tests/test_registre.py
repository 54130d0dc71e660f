"""The register of sources (registre-des-sources.yaml): every published page of the built site, on
both builds, says where its claims come from, and every entry names a page that exists."""

from __future__ import annotations

import fnmatch
import re

import pytest
import yaml

from scripts.core.paths import ROOT

REGISTER = ROOT / "registre-des-sources.yaml"
# The sources beside the repository (../shared/sources/), when this checkout has them.
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
KINDS = {"source", "url", "texte", "depot"}


def register() -> dict[str, dict]:
    """Each address -> {"sources": [...], "publiee_par": path or None}."""
    raw = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))["pages"]
    entries = {}
    for address, value in raw.items():
        if isinstance(value, list):
            value = {"sources": value}
        entries[address] = {"sources": value["sources"], "publiee_par": value.get("publiee_par")}
    return entries


def waiting(entry: dict) -> bool:
    """A page that a feature not yet in this repository will publish."""
    return entry["publiee_par"] is not None and not (ROOT / entry["publiee_par"]).exists()


def covering(address: str, entries: dict[str, dict]) -> list[str]:
    return [key for key in entries if key == address or ("*" in key and fnmatch.fnmatchcase(address, key))]


def test_every_published_page_has_an_entry(pages, builder):
    entries = register()
    missing = [address or "(accueil)" for address in pages if not covering(address, entries)]
    assert not missing, f"{builder} : pages publiées sans entrée dans {REGISTER.name} : {missing}"


def test_every_entry_names_a_published_page(pages, builder):
    stale = []
    for key, entry in register().items():
        if waiting(entry):
            continue
        found = [a for a in pages if fnmatch.fnmatchcase(a, key)] if "*" in key else [key] if key in pages else []
        if not found:
            stale.append(key or "(accueil)")
    assert not stale, f"{builder} : entrées de {REGISTER.name} sans page publiée : {stale}"


def test_the_register_knows_a_page_that_waits_for_its_feature():
    entries = register()
    assert entries["admin/"]["publiee_par"] == "scripts/admin/"
    assert "accessibilite/" in entries


def headings(path) -> set[str]:
    return {re.sub(r"^#+\s*", "", line).strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#")}


def test_every_source_is_one_kind_and_can_be_found():
    problems = []
    for key, entry in register().items():
        assert entry["sources"], key
        for source in entry["sources"]:
            kinds = KINDS & set(source)
            if len(kinds) != 1 or set(source) - KINDS - {"section"}:
                problems.append(f"{key}: {source}: une seule sorte parmi {sorted(KINDS)} (et « section »)")
                continue
            if "url" in source and not source["url"].startswith("https://"):
                problems.append(f"{key}: {source['url']}: une adresse https://")
            if "depot" in source and not waiting(entry) and not (ROOT / source["depot"]).exists():
                problems.append(f"{key}: {source['depot']} n'existe pas dans le dépôt")
            if "section" in source and "source" not in source:
                problems.append(f"{key}: « section » ne s'emploie qu'avec « source »")
            if "source" in source:
                if not source["source"].endswith(".md"):
                    problems.append(f"{key}: {source['source']}: un fichier .md de shared/sources/")
                elif SHARED_SOURCES.is_dir():
                    path = SHARED_SOURCES / source["source"]
                    if not path.is_file():
                        problems.append(f"{key}: {source['source']} n'est pas dans {SHARED_SOURCES}")
                    elif "section" in source and source["section"] not in headings(path):
                        problems.append(f"{key}: {source['source']} n'a pas de section « {source['section']} »")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("address", ["", "comprendre/conditions/", "referentiel/a-1/a-1-1/",
                                     "formulaires/poser-une-question/", "404.html"])
def test_a_page_is_covered_by_its_own_entry_or_its_family(address):
    assert covering(address, register())


def test_an_unknown_page_is_not_covered():
    assert not covering("nouvelle-page/", register())
