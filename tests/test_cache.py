"""The disk cache (scripts/core/cache.py): the files it misses are started at once on the other cores, and
it keeps what recent runs used, and no more: under `make serve`,
every edit that changes the pages adds their lightened copies, which must not pile up."""

from __future__ import annotations

import json
import os

from scripts.core import cache as core_cache
from scripts.core.cache import DiskCache
from tests.conftest import run


def same(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_namespace_keeps_the_files_of_its_last_runs_and_those_still_used(tmp_path):
    disk = DiskCache(tmp_path)
    folder = tmp_path / "essai"
    kept = {"toujours"}  # asked for at every run: kept, however old it was made
    for turn in range(10):
        wanted = {"toujours", *(f"tour{turn}-{i}" for i in range(3))}
        assert disk.get_many("essai", {name: (same, name) for name in wanted}) == {name: same(name) for name in wanted}
        for name in wanted:  # each run a little later, as runs are
            os.utime(folder / name, ns=(turn * 10**9, turn * 10**9))
        kept = wanted
    names = {path.name for path in folder.iterdir()}
    assert len(names) == core_cache.KEPT_RUNS * 4
    assert kept <= names and {f"tour{turn}-{i}" for turn in (7, 8) for i in range(3)} <= names
    assert not {f"tour{turn}-{i}" for turn in range(6) for i in range(3)} & names


def test_a_run_that_makes_nothing_removes_nothing(tmp_path):
    disk = DiskCache(tmp_path)
    for turn in range(5):
        disk.get_many("essai", {f"tour{turn}": (same, "x")})
    before = sorted(path.name for path in (tmp_path / "essai").iterdir())
    disk.get_many("essai", {"tour4": (same, "x")})  # read from the cache: nothing made, nothing pruned
    assert sorted(path.name for path in (tmp_path / "essai").iterdir()) == before


def test_a_namespace_keeps_its_last_trees(tmp_path):
    disk = DiskCache(tmp_path / "cache")
    source = tmp_path / "index"
    source.mkdir()
    (source / "pagefind.js").write_text("index", encoding="utf-8")
    for turn in range(5):
        disk.keep_tree("recherche", f"tour{turn}", source, f"tour {turn}")
        os.utime(tmp_path / "cache" / "recherche" / f"tour{turn}", ns=(turn * 10**9, turn * 10**9))
    assert sorted(path.name for path in (tmp_path / "cache" / "recherche").iterdir()) == ["tour2", "tour3", "tour4"]
    target = tmp_path / "site" / "pagefind"
    assert disk.copy_tree("recherche", "tour4", target) == "tour 4"
    assert (target / "pagefind.js").read_text(encoding="utf-8") == "index"
    assert disk.copy_tree("recherche", "tour0", target) is None


STARTED = """
import json, os, sys, time
from pathlib import Path
from scripts.core.cache import DiskCache

def mark(path):
    path.write_bytes(b"fait")
    return b"fait"

os.cpu_count = lambda: 2  # as on the machines the portal is built on
folder = Path(sys.argv[1])
finish = DiskCache(folder / "cache").start_many("essai", {f"f{i}": (mark, folder / f"f{i}") for i in range(10)})
deadline = time.monotonic() + 10
while len(list(folder.glob("f*"))) < 10 and time.monotonic() < deadline:
    time.sleep(0.01)
before = [sorted(p.name for p in folder.glob("f*")), (folder / "cache").exists()]
made = finish()
print(json.dumps(before + [sorted(made), sorted(p.name for p in (folder / "cache" / "essai").iterdir())]))
"""


def test_the_missing_files_are_started_at_once_and_given_when_asked_for(tmp_path):
    """`start_many` (the templates' files): the first is made in the process, the others on the other
    cores, all at once, while the caller goes on; `finish` gives them all, and keeps them."""
    names = [f"f{i}" for i in range(10)]
    made_before, kept_before, given, kept = json.loads(run("-c", STARTED, str(tmp_path), separate=True).stdout)
    assert made_before == names, "chaque fichier doit être fait dès le départ, pendant que l'appelant poursuit"
    assert not kept_before and given == names and kept == names
