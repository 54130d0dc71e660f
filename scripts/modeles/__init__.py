"""« Modèles de documents »: the dossier templates as ODT, DOCX and printable pages, at /modeles/."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from scripts.core import archive
from scripts.core.cache import DiskCache, key
from scripts.core.data import Data
from scripts.core.pipeline import Context, Feature
from scripts.modeles import docx, odt
from scripts.modeles.content import Model, models
from scripts.referentiel import DATA_SOURCE, competencies, domains

INDEX = "modeles/index.md"
FORMATS = (("odt", "ODT", odt.render), ("docx", "DOCX", docx.render))
# What a rendered file depends on besides its model: this package's code, the zip writer, and the libraries.
_RENDERING = key(*(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py"))),
                 Path(archive.__file__).read_bytes(), version("odfdo"), version("python-docx"))


def size(length: int) -> str:
    """'12 Ko', '1,2 Mo': a file's size the way French pages write it (rounded up, a no-break space before the unit)."""
    if length < 1024 * 1024:
        return f"{max(1, math.ceil(length / 1024))}\u00a0Ko"
    return f"{math.ceil(length / (1024 * 1024) * 10) / 10:.1f}\u00a0Mo".replace(".", ",")


def rendered(models: list[Model], cache: DiskCache) -> dict[tuple[str, str], bytes]:
    """The ODT and DOCX files of these models, by (slug, extension): from the disk cache when the same
    model, code and libraries made them before (rendering them all takes seconds)."""
    names = {(model.slug, extension): f"{key(_RENDERING, extension, repr(model))}.{extension}"
             for model in models for extension, _label, _render in FORMATS}
    made = cache.get_many("modeles", {names[model.slug, extension]: functools.partial(render, model)
                                      for model in models for extension, _label, render in FORMATS})
    return {wanted: made[name] for wanted, name in names.items()}


def pages(data: Data, context: Context) -> Iterator[tuple[str, str | bytes]]:
    """The files (ODT, DOCX) of every template, its printable page, and the index with sizes."""
    templates = context.templates
    referentiel = data["competences"]
    by_code = {c.code: c for c in competencies(referentiel)}
    all_models = models(referentiel)
    files = rendered(all_models, context.cache)
    listing = []
    for model in all_models:
        downloads = []
        for extension, label, _render in FORMATS:
            path = f"modeles/{model.stem}.{extension}"
            payload = files[model.slug, extension]
            yield path, payload
            downloads.append({"path": path, "format": label, "size": size(len(payload)),
                              "name": path.rsplit("/", 1)[1]})
        listing.append((model, downloads))
        yield model.page, templates.get_template("modeles/modele.md.j2").render(
            here=model.page, data_source=DATA_SOURCE, model=model, downloads=downloads, index=INDEX,
            competency=by_code.get(model.code), source=referentiel["source"])
    yield INDEX, templates.get_template("modeles/index.md.j2").render(
        here=INDEX, data_source=DATA_SOURCE, synthesis=listing[0], dossiers=dict(
            (model.code, (model, downloads)) for model, downloads in listing[1:]),
        domains=domains(referentiel), positionnement="positionnement.md")  # a link, checked by the build like any other


FEATURE = Feature("modeles", templates=Path(__file__).parent / "templates", pages=pages, places=("modeles/",))
