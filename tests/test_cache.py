"""The disk cache (scripts/core/cache.py) keeps what recent runs used, and no more: under `make serve`,
every edit that changes the pages adds their lightened copies, which must not pile up."""

from __future__ import annotations

import os

from scripts.core import cache as core_cache
from scripts.core.cache import DiskCache


def same(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_namespace_keeps_the_files_of_its_last_runs_and_those_still_used(tmp_path):
    disk = DiskCache(tmp_path)
    folder = tmp_path / "essai"
    kept = {"toujours"}  # asked for at every run: kept, however old it was made
    for run in range(10):
        wanted = {"toujours", *(f"tour{run}-{i}" for i in range(3))}
        assert disk.get_many("essai", {name: (same, name) for name in wanted}) == {name: same(name) for name in wanted}
        for name in wanted:  # each run a little later, as runs are
            os.utime(folder / name, ns=(run * 10**9, run * 10**9))
        kept = wanted
    names = {path.name for path in folder.iterdir()}
    assert len(names) == core_cache.KEPT_RUNS * 4
    assert kept <= names and {f"tour{run}-{i}" for run in (7, 8) for i in range(3)} <= names
    assert not {f"tour{run}-{i}" for run in range(6) for i in range(3)} & names


def test_a_run_that_makes_nothing_removes_nothing(tmp_path):
    disk = DiskCache(tmp_path)
    for run in range(5):
        disk.get_many("essai", {f"tour{run}": (same, "x")})
    before = sorted(path.name for path in (tmp_path / "essai").iterdir())
    disk.get_many("essai", {"tour4": (same, "x")})  # read from the cache: nothing made, nothing pruned
    assert sorted(path.name for path in (tmp_path / "essai").iterdir()) == before


def test_a_namespace_keeps_its_last_trees(tmp_path):
    disk = DiskCache(tmp_path / "cache")
    source = tmp_path / "index"
    source.mkdir()
    (source / "pagefind.js").write_text("index", encoding="utf-8")
    for run in range(5):
        disk.keep_tree("recherche", f"tour{run}", source, f"tour {run}")
        os.utime(tmp_path / "cache" / "recherche" / f"tour{run}", ns=(run * 10**9, run * 10**9))
    assert sorted(path.name for path in (tmp_path / "cache" / "recherche").iterdir()) == ["tour2", "tour3", "tour4"]
    target = tmp_path / "site" / "pagefind"
    assert disk.copy_tree("recherche", "tour4", target) == "tour 4"
    assert (target / "pagefind.js").read_text(encoding="utf-8") == "index"
    assert disk.copy_tree("recherche", "tour0", target) is None
