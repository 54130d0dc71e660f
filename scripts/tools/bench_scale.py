"""The bench's scaling: validating and generating the référentiel, real and copied 10 and 100 times."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.core import data as core_data
from scripts.core import pipeline
from scripts.core.cache import DiskCache
from scripts.core.loader import load
from scripts.core.paths import DATA_DIR
from scripts.features import FEATURES
from scripts.referentiel import competencies
from scripts.validate import site as read_site

SCALES = (1, 10, 100)
SCALE_REPEATS = {1: 3}  # median of 3 runs on the real data; 1 run at ×10 and ×100 (seconds each)
SLOW_GENERATOR = 3.0  # seconds at one scale beyond which a generator is not run at the next


@dataclass
class ScaleResult:
    scale: int
    competencies: int
    yaml_bytes: int
    validation: float        # seconds: load with positions + JSON Schema + every file's rules
    reading: float           # seconds of `validation` spent reading YAML (scripts.core.loader.load)
    rendering: dict[str, float]   # seconds per generator (those measured at this scale)
    writing: float           # seconds: writing what was rendered into an empty folder
    files: int               # files rendered (by the generators measured)
    diagnostics: list[str]
    skipped: dict[str, float] = field(default_factory=dict)   # generator -> linear estimate from ×10


def scaled_referentiel(referentiel: dict, factor: int) -> dict:
    """The référentiel with each domain's competencies repeated `factor` times.

    Copy k of a domain's j-th competency (of n) gets the number (k-1)·n + j, so the
    first copy keeps the real codes and every `liees` still points at a real one.
    Everything else (texts, traces, situations) is the real content.
    """
    result = json.loads(json.dumps(referentiel))
    for part in result["parties"]:
        for domain in part["domaines"]:
            originals = domain["competences"]
            copies = []
            for k in range(factor):
                for j, competency in enumerate(originals, start=1):
                    copy = json.loads(json.dumps(competency))
                    copy["code"] = f"{domain['code']}.{k * len(originals) + j}"
                    copies.append(copy)
            domain["competences"] = copies
    return result


def scaled_data_dir(target: Path, factor: int) -> Path:
    """A copy of the data folder whose référentiel is scaled by `factor`.

    For factor > 1 the copy's schema lets competency numbers have several digits
    (the real one allows 1 to 9): the only change, so that the JSON Schema check does
    the same work on valid data instead of reporting one error per code.
    """
    shutil.copytree(DATA_DIR, target)
    if factor == 1:
        return target
    document, problems = load(DATA_DIR / "competences.yaml")
    if document is None or problems:
        raise SystemExit("Les données réelles sont invalides : lancez « make check ».")
    first_line = (DATA_DIR / "competences.yaml").read_text(encoding="utf-8").splitlines()[0]
    # libyaml's emitter when available: preparing the data is not what is measured.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    body = yaml.dump(scaled_referentiel(document.data, factor), Dumper=dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    (target / "competences.yaml").write_text(f"{first_line}\n{body}", encoding="utf-8")
    schema_path = target / "competences.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["$defs"]["code_competence"]["pattern"] = r"^[A-Z]\.[0-9]\.[0-9]+$"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def fresh_caches() -> None:
    """Empty every memoised function of the project (schemas read once, the models'
    ODT/DOCX files rendered once per process...), so that a repeated run costs what
    the first one does."""
    for name, module in list(sys.modules.items()):
        if name == "scripts" or name.startswith("scripts."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


@contextmanager
def timed_reading() -> Iterator[list[float]]:
    """Seconds spent in the YAML loader during the block (the validation's first step),
    measured by wrapping the function `load_all` calls, not by reading the files twice."""
    spent = [0.0]
    original = core_data.load

    def timed_load(path):
        start = time.perf_counter()
        try:
            return original(path)
        finally:
            spent[0] += time.perf_counter() - start

    core_data.load = timed_load
    try:
        yield spent
    finally:
        core_data.load = original


def measure_scale(factor: int, repeats: int, work: Path, skip: dict[str, float] | None = None) -> ScaleResult:
    """Validation, rendering (per generator) and writing times, median of `repeats`.

    The steps are the ones `python -m scripts.generate` runs, called one by one: at
    10× and 100× the référentiel's structural rules (28 competencies, 5/3/4/3/5/5/3 per
    domain) rightly report the counts, and `generate` would then refuse to write; the
    bench renders and writes anyway, into a scratch folder, to measure that cost.
    Generators named in `skip` are not run (their value: an estimate, reported as such).
    """
    skip = skip or {}
    site, problems = read_site()
    if site is None:
        raise SystemExit("\n".join(map(str, problems)))
    data_dir = scaled_data_dir(work / f"donnees-{factor}x", factor)
    validation, reading, writing = [], [], []
    rendering: dict[str, list[float]] = {}
    for index in range(repeats):
        fresh_caches()  # each run starts like a fresh process (`make build` is one)
        with timed_reading() as spent:
            start = time.perf_counter()
            data = pipeline.validate(data_dir, FEATURES, site)
            validation.append(time.perf_counter() - start)
        reading.append(spent[0])
        context = pipeline.context(site, FEATURES, cache=DiskCache(None))  # rendering measured, not read back
        files = []
        for feature in FEATURES:
            if feature.name in skip or feature.pages is None:
                continue
            start = time.perf_counter()
            files += list(feature.pages(data, context))
            rendering.setdefault(feature.name, []).append(time.perf_counter() - start)
        out = work / f"genere-{factor}x-{index}"
        out.mkdir()
        start = time.perf_counter()
        pipeline.write_tree(files, out)
        writing.append(time.perf_counter() - start)
        shutil.rmtree(out, ignore_errors=True)
    return ScaleResult(
        scale=factor,
        competencies=len(competencies(data["competences"])),
        yaml_bytes=(data_dir / "competences.yaml").stat().st_size,
        validation=statistics.median(validation),
        reading=statistics.median(reading),
        rendering={name: statistics.median(times) for name, times in rendering.items()},
        writing=statistics.median(writing),
        files=len(files),
        diagnostics=[d.message for d in data.errors],
        skipped=dict(skip),
    )


def measure_scaling(log: Callable[[str], None]) -> list[ScaleResult]:
    """Real data, ×10, ×100. A generator that took more than SLOW_GENERATOR seconds at
    the previous scale is not run (it would take minutes): its linear estimate is reported."""
    results: list[ScaleResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-echelle-") as work:
        for factor in SCALES:
            skip = {}
            if results:
                previous = results[-1]
                timed = {**previous.skipped, **previous.rendering}   # skipped once, skipped after
                skip = {name: seconds * factor / previous.scale for name, seconds in timed.items()
                        if seconds > SLOW_GENERATOR}
            log(f"Validation et génération, données ×{factor}…")
            results.append(measure_scale(factor, repeats=SCALE_REPEATS.get(factor, 1), work=Path(work), skip=skip))
    return results
