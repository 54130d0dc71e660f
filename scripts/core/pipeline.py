"""The pipeline, whatever the builder: validate the data, then generate the pages into docs/.

The pipeline is handed the list of features (`scripts.features`) and knows none of them. It writes
beside the hand-written pages and lists what it wrote in docs/.generated-files, so that it can rewrite
only what changed, remove what it no longer produces and never replace a page it did not write.
"""

from __future__ import annotations

import datetime
import functools
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import markupsafe

from scripts.core import dates, navigation
from scripts.core.cache import DiskCache, write_atomically
from scripts.core.data import Data, Dataset, load_all
from scripts.core.dates import full_date, long_date, on_a_page, time_of_day
from scripts.core.diagnostics import Diagnostic, display_path
from scripts.core.site import Site

Output = tuple[str, str | bytes]  # (path inside docs/, content)
MANIFEST = ".generated-files"  # inside docs/: what the last generation wrote, one path a line
CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Context:
    """What every generator is handed: the site (read once), the templates, the day of the build,
    and the disk cache for what costs seconds to make."""
    site: Site
    templates: jinja2.Environment
    today: datetime.date
    cache: DiskCache = field(default_factory=DiskCache)


@dataclass(frozen=True)
class Feature:
    """One part of the portal, named like its address, its package and its tests."""
    name: str
    templates: Path | None = None  # the feature's own templates/ folder, named "NAME/…" in Jinja
    datasets: tuple[Dataset, ...] = ()
    # Content outside the data folder, read and checked once per run: (site) -> (value, problems);
    # the value is `data.content[NAME]`.
    read: Callable[[Site], tuple[Any, list[Diagnostic]]] | None = None
    pages: Callable[[Data, Context], Iterable[Output]] | None = None
    places: tuple[str, ...] = ()  # where it writes inside docs/: folders end with "/", the rest are files
    # The navigation its pages need in mkdocs.yml (see navigation.check_section).
    navigation: Callable[[Data], list[Any]] | None = None
    # Rules over everything read (the data and every feature's content), run once all of it is read.
    checks: tuple[Callable[[Data, Site], Iterable[Diagnostic]], ...] = ()

    def owns(self, path: str) -> bool:
        return any(path.startswith(place) if place.endswith("/") else path == place for place in self.places)

    @property
    def sources(self) -> str:
        return ", ".join(f"referentiel/{d.file_name}" for d in self.datasets) or self.name


# --- validation ------------------------------------------------------------------------------------

def validate(data_dir: Path, features: Iterable[Feature], site: Site) -> Data:
    """Load and check every data file and every feature's content; never raises on bad data."""
    features = list(features)
    if problem := day_problem(site):  # nothing can be checked as of a day that is not one
        return Data(Path(data_dir), diagnostics=[problem])
    data = load_all(Path(data_dir), [dataset for feature in features for dataset in feature.datasets], complete=True)
    for feature in features:
        if feature.read:
            data.content[feature.name], problems = feature.read(site)
            data.diagnostics.extend(problems)
    data.diagnostics.extend(checks(data, features, site))
    if not data.errors:
        for feature in features:
            if feature.navigation:
                data.diagnostics.extend(navigation.check_section(site, feature.navigation(data), feature.sources))
    data.diagnostics.sort()
    return data


def checks(data: Data, features: Iterable[Feature], site: Site) -> list[Diagnostic]:
    """The features' rules over everything read (the prose of the hand-written pages included)."""
    return [problem for feature in features for check in feature.checks for problem in check(data, site)]


def day_problem(site: Site) -> Diagnostic | None:
    """C2I2E_AUJOURDHUI set to what is not a day, reported like the data's problems."""
    try:
        dates.today()
    except dates.DayError as error:
        return Diagnostic(site.path, 1, 1, f"{error} (variable d'environnement : ce fichier n'y est pour rien)")
    return None


# --- generation ------------------------------------------------------------------------------------

def relative_link(target: str, source: str) -> str:
    """Link from the page `source` to the file `target` (both inside docs/)."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def yaml_text(value: object) -> markupsafe.Markup:
    """A front-matter string, YAML-quoted and HTML-escaped: themes print titles and
    descriptions unescaped, in text and in double-quoted attributes. Apostrophes are
    left as they are (Material escapes titles again in some attributes)."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return markupsafe.Markup(json.dumps(text, ensure_ascii=False))


def templates(features: Iterable[Feature]) -> jinja2.Environment:
    """Each feature's templates as "NAME/…", the shared ones by their name. Every value is
    HTML-escaped: data is text, never markup."""
    return _templates(tuple(features))


# One environment per process: compiling the templates is half a generation, and `mkdocs serve`
# regenerates at every save (Jinja reloads a template whose file changed).
@functools.cache
def _templates(features: tuple[Feature, ...]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({f.name: jinja2.FileSystemLoader(f.templates) for f in features if f.templates}),
        jinja2.FileSystemLoader(CORE_TEMPLATES),
    ])
    environment = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["link"] = relative_link
    environment.filters["yaml_text"] = yaml_text
    # Dates in French: « 29 novembre 2026 », « vendredi 19 mars 2027 », « 14 h 30 ».
    environment.filters["long_date"] = lambda day: on_a_page(long_date(day))
    environment.filters["full_date"] = lambda day: on_a_page(full_date(day))
    environment.filters["time_of_day"] = time_of_day
    return environment


def context(site: Site, features: Iterable[Feature], today: datetime.date | None = None,
            cache: DiskCache | None = None) -> Context:
    return Context(site, templates(features), today or dates.today(), cache or DiskCache())


def outputs(data: Data, features: Iterable[Feature], context: Context) -> list[tuple[Feature, str, str | bytes]]:
    """Every generated file, from every feature, for valid data, in path order."""
    produced: dict[str, tuple[Feature, str | bytes]] = {}
    for feature in features:
        for path, content in feature.pages(data, context) if feature.pages else ():
            if not feature.owns(path):
                raise ValueError(f"{feature.name} writes {path}, outside its places {feature.places}")
            if path in produced:
                raise ValueError(f"{produced[path][0].name} and {feature.name} both produce {path}")
            produced[path] = (feature, content)
    return [(feature, path, content) for path, (feature, content) in sorted(produced.items())]


@dataclass
class Changes:
    directory: Path
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        total = len(self.written) + len(self.unchanged)
        return (f"{total} fichiers générés dans {display_path(self.directory)}/ "
                f"({len(self.written)} écrits, {len(self.unchanged)} inchangés, {len(self.removed)} supprimés)")


def previous_outputs(docs_dir: Path) -> set[str]:
    """What the last generation wrote in `docs_dir` (nothing, before the first one)."""
    manifest = docs_dir / MANIFEST
    return set(manifest.read_text(encoding="utf-8").split("\n")) - {""} if manifest.is_file() else set()


def collisions(files: Iterable[tuple[Feature, str, str | bytes]], site: Site) -> list[Diagnostic]:
    """A generated file that would replace one the generation did not write (a hand-written page)."""
    previous = previous_outputs(site.docs_dir)
    problems = []
    for feature, name, content in files:
        target = site.docs_dir / name
        if name in previous or not target.is_file() or target.read_bytes() == _payload(content):
            continue
        problems.append(Diagnostic(target, 1, 1, (
            f"ce fichier est écrit à la main, mais « {feature.name} » (généré depuis {feature.sources}) "
            f"publie un fichier à la même place, donc à la même adresse ({site.page_url(name)}) : "
            "renommez ou déplacez le fichier écrit à la main")))
    return problems


def write_tree(files: Iterable[Output], docs_dir: Path) -> Changes:
    """Make the generated files in `docs_dir` exactly these, touching only what changed."""
    docs_dir = docs_dir.resolve()
    changes = Changes(docs_dir)
    previous = previous_outputs(docs_dir)
    produced: list[str] = []
    for name, content in files:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or relative.name == MANIFEST:
            raise ValueError(f"refusing to write outside the generated files of {docs_dir}: {name}")
        target = docs_dir.joinpath(*relative.parts)
        produced.append(name)
        payload = _payload(content)
        if target.is_file() and target.read_bytes() == payload:
            changes.unchanged.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, payload)
        changes.written.append(name)
    for name in sorted(previous - set(produced)):
        target = docs_dir / name
        if target.is_file():
            target.unlink()
            changes.removed.append(name)
        for parent in target.parents:  # the folders it leaves empty
            if parent == docs_dir or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()
    manifest = "".join(f"{name}\n" for name in sorted(produced)).encode("utf-8")
    if not (docs_dir / MANIFEST).is_file() or (docs_dir / MANIFEST).read_bytes() != manifest:
        write_atomically(docs_dir / MANIFEST, manifest)  # as the pages: `mkdocs serve` rebuilds when docs/ changes
    return changes


def _payload(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def generate(data_dir: Path, features: Iterable[Feature], site: Site,
             today: datetime.date | None = None, cache: DiskCache | None = None) -> tuple[Data, Changes | None]:
    """Validate, then (only if everything is valid) write the generated files into the site's docs/.

    Only the files whose bytes change are written (`mkdocs serve --dirty` then rebuilds those pages alone)."""
    features = list(features)
    if today is None and (problem := day_problem(site)):
        return Data(Path(data_dir), diagnostics=[problem]), None
    context_ = context(site, features, today, cache)
    data = validate(data_dir, features, site)
    if data.errors:
        return data, None
    files = outputs(data, features, context_)
    hand_written = navigation.hand_written_pages(site, previous_outputs(site.docs_dir))
    problems = collisions(files, site) + navigation.check_pages(
        site, hand_written | {path for _, path, _ in files})
    if problems:
        data.diagnostics.extend(problems)
        data.diagnostics.sort()
        return data, None
    return data, write_tree(((path, content) for _, path, content in files), site.docs_dir)
