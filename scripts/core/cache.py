"""Files that cost seconds to make, kept on disk between runs, keyed by everything they depend on.

Like Material's social plugin caches its cards: the key is a hash of the inputs
(the data, the template, the generator's code, the libraries' versions), so a
cached file is never stale; a change of any input is a new key. The cache lives
in .cache/portail/ (git-ignored, never published; `make clean` empties it),
and keeps what recent runs used: it does not grow without end under `make serve`.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from scripts.core.paths import ROOT

CACHE_DIR = ROOT / ".cache" / "portail"
PARALLEL_FROM = 8  # files to make before starting processes on the other cores pays
KEPT_TREES = 3  # folders kept per namespace, the most recent: a site's index changes at each edit
# Files kept per namespace, the most recently used: this many times what one run asks for (each edit
# under `make serve` may change every page, whose lightened copy is kept: about 4 MB each time).
KEPT_RUNS = 3


def key(*parts: str | bytes) -> str:
    """One hash for these parts (each length-prefixed, so that no two lists of parts collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class DiskCache:
    """`DiskCache(None)` makes everything anew: the same bytes, without the cache."""

    def __init__(self, directory: Path | None = CACHE_DIR) -> None:
        self.directory = directory

    def get_many(self, namespace: str, wanted: dict[str, tuple[Callable[[Any], bytes], Any]]) -> dict[str, bytes]:
        """The files `name: (function, argument)`: each read from the cache, or made by `function(argument)`
        and kept there (see `start_many`)."""
        return self.start_many(namespace, wanted)()

    def start_many(self, namespace: str, wanted: dict[str, tuple[Callable[[Any], bytes], Any]]
                   ) -> Callable[[], dict[str, bytes]]:
        """Start making the files `name: (function, argument)` that the cache does not hold, and return
        the function that waits for them and gives them all (read from the cache, or made and kept there):
        the caller may do other work in between.

        When many are missing (a first build), they are made on every core: the first of each function
        here, so that what it loads once (libraries, templates) is inherited, the others in forked
        processes, and only in a process running no other thread (`mkdocs serve` does: forking it
        would be unsafe), so `function` and `argument` must be picklable (module-level)."""
        result: dict[str, bytes] = {}
        missing = []
        for name in wanted:
            path = self.directory / namespace / name if self.directory else None
            if path and path.is_file():
                result[name] = path.read_bytes()
                os.utime(path)  # recently used: kept by the pruning below
            else:
                missing.append(name)
        functions = set()
        for name in missing:
            function, argument = wanted[name]
            if function not in functions:
                functions.add(function)
                result[name] = function(argument)
        rest = [name for name in missing if name not in result]
        cores = os.cpu_count() or 1
        pool = None
        if len(rest) >= PARALLEL_FROM and cores > 1 and threading.active_count() == 1 \
                and "fork" in multiprocessing.get_all_start_methods():
            pool = ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork"))
            made = pool.map(_call, [wanted[name] for name in rest], chunksize=max(1, len(rest) // (4 * cores)))

        def finish() -> dict[str, bytes]:
            if pool is None:
                result.update((name, _call(wanted[name])) for name in rest)
            else:
                with pool:
                    result.update(zip(rest, made, strict=True))
            if self.directory and missing:
                for name in missing:
                    self._store(self.directory / namespace / name, result[name])
                _prune(self.directory / namespace, KEPT_RUNS * len(wanted), set(wanted))
            return {name: result[name] for name in wanted}

        return finish

    @staticmethod
    def _store(path: Path, payload: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, payload)

    def copy_tree(self, namespace: str, name: str, target: Path) -> str | None:
        """Fill the folder `target` with the one the same inputs made before (`keep_tree`), and return
        the line that said what was done then; None when the cache holds none."""
        if self.directory is None:
            return None
        stored = self.directory / namespace / name
        if not (stored / "summary").is_file():
            return None
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(stored / "tree", target)
        os.utime(stored)  # recently used: kept by the pruning in keep_tree
        return (stored / "summary").read_text(encoding="utf-8")

    def keep_tree(self, namespace: str, name: str, source: Path, summary: str) -> None:
        """Keep a copy of the folder `source`, made from the inputs `name`, with the line saying what
        was done; only the KEPT_TREES most recently used of the namespace are kept."""
        if self.directory is None:
            return
        stored = self.directory / namespace / name
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=stored.parent, prefix=f".{name}."))
        shutil.copytree(source, temporary / "tree")
        (temporary / "summary").write_text(summary, encoding="utf-8")
        try:
            os.rename(temporary, stored)  # atomic; another build may have stored the same just before
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)
        _prune(stored.parent, KEPT_TREES, {name})


def _prune(folder: Path, kept: int, wanted: set[str]) -> None:
    """Remove the entries (files, or folders) of `folder` beyond the `kept` most recently used, never
    one of `wanted` nor one being written (a dot entry: see write_atomically and keep_tree)."""
    def used(entry: os.DirEntry) -> int:
        try:
            return entry.stat().st_mtime_ns
        except FileNotFoundError:  # removed meanwhile by another build
            return 0

    with os.scandir(folder) as entries:
        found = sorted((e for e in entries if not e.name.startswith(".")), key=used, reverse=True)
    for entry in found[kept:]:
        if entry.name not in wanted:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def write_atomically(target: Path, payload: bytes) -> None:
    """Write the file whole or not at all: a build or a reader running at the same time sees either
    the old bytes or the new ones (a temporary file beside it, then renamed over it)."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _call(job: tuple[Callable[[Any], bytes], Any]) -> bytes:
    function, argument = job
    return function(argument)
