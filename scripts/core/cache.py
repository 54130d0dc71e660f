"""Files that cost seconds to make, kept in .cache/portail/ under a hash of everything they depend on.

As Material's social plugin keeps its cards: key → file; if the file exists it is used, else it
is made and written. A change of any input is a new key, so no file is ever stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts.core.paths import ROOT

CACHE_DIR = ROOT / ".cache" / "portail"
KEPT_RUNS = 3  # files kept per namespace: this many times what one run asks for, the most recently used
KEPT_TREES = 3  # folders kept per namespace, the most recently used


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

    def get_many(self, namespace: str, wanted: dict[str, Callable[[], bytes]]) -> dict[str, bytes]:
        """The files `name: make`, each read from the cache or made by `make()` and kept there."""
        if self.directory is None:
            return {name: make() for name, make in wanted.items()}
        folder = self.directory / namespace
        result = {}
        made = False
        for name, make in wanted.items():
            path = folder / name
            if path.is_file():
                result[name] = path.read_bytes()
                os.utime(path)  # recently used: spared by the pruning
            else:
                result[name] = make()
                folder.mkdir(parents=True, exist_ok=True)
                write_atomically(path, result[name])
                made = True
        if made:  # a run that only reads removes nothing
            _prune(folder, KEPT_RUNS * len(wanted), set(wanted))
        return result

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
        os.utime(stored)
        return (stored / "summary").read_text(encoding="utf-8")

    def keep_tree(self, namespace: str, name: str, source: Path, summary: str) -> None:
        """Keep a copy of the folder `source`, made from the inputs `name`, with the line saying what was done."""
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
    """Remove the entries of `folder` beyond the `kept` most recently used, never one of `wanted`
    nor one being written (a dot entry)."""
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
    """Write the file whole or not at all: a reader running at the same time sees the old bytes or the new."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
