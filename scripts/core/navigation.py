"""The navigation of `mkdocs.yml`, checked against the pages and against the data.

Both builders read the same static `nav`. So that it cannot drift from the
data, every run checks that every page it cites exists, that every page is
in it (or in `not_in_nav`), and that the sections a feature describes
(the référentiel's domains and competencies) are exactly what its data says.
A mismatch is an error at its line of mkdocs.yml, with the lines to paste.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from scripts.core.diagnostics import Diagnostic
from scripts.core.site import Site

Where = tuple[Any, ...]


def pages_in_nav(items: list[Any], where: Where = ("nav",)) -> Iterator[tuple[str, Where]]:
    """(page path, its place in mkdocs.yml) for every page of the navigation, in order."""
    for index, item in enumerate(items if isinstance(items, list) else []):
        place = (*where, index)
        if isinstance(item, str):
            yield item, place
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, (*place, title)
                elif isinstance(value, list):
                    yield from pages_in_nav(value, (*place, title))


def sections(items: list[Any], where: Where = ("nav",)) -> Iterator[tuple[list[Any], Where]]:
    """Every list of the navigation (the whole, then each section), with its place."""
    yield items, where
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    yield from sections(value, (*where, index, title))


def hand_written_pages(site: Site, generated: set[str]) -> set[str]:
    """The Markdown pages in docs/ that the generation did not write."""
    excluded = site.patterns("exclude_docs")
    pages = {path.relative_to(site.docs_dir).as_posix() for path in site.docs_dir.rglob("*.md") if path.is_file()}
    return {page for page in pages - generated if not excluded.match_file(page)}


def check_pages(site: Site, pages: set[str]) -> list[Diagnostic]:
    """Every page the navigation cites exists; every page is in it, or in `not_in_nav`."""
    excluded, unlisted = site.patterns("exclude_docs"), site.patterns("not_in_nav")
    pages = {page for page in pages if page.endswith(".md") and not excluded.match_file(page)}
    problems, listed = [], set()
    for path, where in pages_in_nav(site.nav):
        if "://" in path:
            continue
        listed.add(path)
        if path not in pages:
            problems.append(site.config.diagnostic(where, f"la navigation cite « {path} », qui n'existe pas dans "
                                                   "docs/ : corrigez ce chemin ou retirez cette ligne"))
    for page in sorted(pages - listed):
        if not unlisted.match_file(page):
            problems.append(site.config.diagnostic(("nav",), (
                f"la page « {page} » n'est dans aucune rubrique de la navigation : ajoutez-la à « nav », ou à "
                "« not_in_nav » si on ne l'atteint que par des liens"), key=True))
    return problems + check_hors_menu(site, pages)


def check_hors_menu(site: Site, pages: set[str]) -> list[Diagnostic]:
    """Every address that the footer and the site map give out of the navigation (extra.hors_menu) is a page."""
    extra = site.config.data.get("extra") if isinstance(site.config.data.get("extra"), dict) else {}
    problems = []
    for i, section in enumerate(extra.get("hors_menu") or []):
        for j, entry in enumerate(section.get("pages") or [] if isinstance(section, dict) else []):
            address = str(entry.get("adresse", "") if isinstance(entry, dict) else "").strip("/")
            if not address or not {f"{address}.md", f"{address}/index.md"} & pages:
                problems.append(site.config.diagnostic(("extra", "hors_menu", i, "pages", j, "adresse"), (
                    f"« {address} » : aucune page de docs/ n'a cette adresse (« dossier/page/ » pour "
                    "docs/dossier/page.md) : corrigez-la ou retirez cette entrée")))
    return problems


def check_section(site: Site, expected: list[Any], sources: str) -> list[Diagnostic]:
    """The section of the navigation that starts with `expected`'s first page is exactly `expected`."""
    first = next(pages_in_nav(expected))[0]
    found = next(((items, where) for items, where in sections(site.nav)
                  if next(pages_in_nav(items[:1], where), (None,))[0] == first), None)
    if found is None:
        return [site.config.diagnostic(("nav",), (
            f"aucune rubrique de la navigation ne commence par « {first} », que {sources} demande : "
            f"ajoutez-la à « nav » :\n{_snippet(expected, 6)}"), key=True)]
    items, where = found
    if _plain(items) == expected:
        return []
    lines = [line for place, (line, _) in site.config.values.items() if place[:len(where)] == where]
    start, column = site.config.position((*where, 0))
    return [site.config.diagnostic((*where, 0), (
        f"cette rubrique de la navigation ne correspond plus à {sources} : remplacez les lignes {start} à "
        f"{max(lines)} de {site.path.name} par :\n{_snippet(expected, column - 3)}"))]


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # lists under a title are indented, as mkdocs.yml writes them


def _snippet(items: list[Any], indent: int) -> str:
    text = yaml.dump(items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10_000)
    return "".join(" " * max(indent, 0) + line for line in text.splitlines(keepends=True)).rstrip("\n")
