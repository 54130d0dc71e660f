"""Files that cost seconds to make, kept on disk between runs, keyed by everything they depend on.

Like Material's social plugin caches its cards: the key is a hash of the inputs
(the data, the template, the generator's code, the libraries' versions), so a
cached file is never stale; a change of any input is a new key. The cache lives
in .cache/portail/ (git-ignored, never published; `make clean` empties it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from scripts.core.paths import ROOT

CACHE_DIR = ROOT / ".cache" / "portail"


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

    def get(self, namespace: str, name: str, make: Callable[[], bytes]) -> bytes:
        if self.directory is None:
            return make()
        path = self.directory / namespace / name
        if path.is_file():
            return path.read_bytes()
        payload = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
        os.replace(temporary, path)  # atomic: a build running at the same time reads all or nothing
        return payload
