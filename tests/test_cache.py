"""The disk cache (scripts/core/cache.py): a file is made once for its key, then read back; the cache
keeps what recent runs used, and no more, so that it does not pile up under `make serve`."""

from __future__ import annotations

import os

from scripts.core import cache as core_cache
from scripts.core.cache import DiskCache


def same(text: str):
    return lambda: text.encode("utf-8")


def test_a_namespace_keeps_the_files_of_its_last_runs_and_those_still_used(tmp_path):
    disk = DiskCache(tmp_path)
    folder = tmp_path / "essai"
    kept = {"toujours"}  # asked for at every run: kept, however old it was made
    for turn in range(10):
        wanted = {"toujours", *(f"tour{turn}-{i}" for i in range(3))}
        assert disk.get_many("essai", {name: same(name) for name in wanted}) == {name: name.encode() for name in wanted}
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
        disk.get_many("essai", {f"tour{turn}": same("x")})
    before = sorted(path.name for path in (tmp_path / "essai").iterdir())
    disk.get_many("essai", {"tour4": same("x")})  # read from the cache: nothing made, nothing pruned
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


def test_a_file_is_made_once_for_its_key_then_read_back(tmp_path):
    made = []

    def make(text: str):
        return lambda: made.append(text) or text.encode("utf-8")

    disk = DiskCache(tmp_path)
    assert disk.get_many("essai", {"a": make("un"), "b": make("deux")}) == {"a": b"un", "b": b"deux"}
    assert disk.get_many("essai", {"a": make("autre"), "c": make("trois")}) == {"a": b"un", "c": b"trois"}
    assert made == ["un", "deux", "trois"]
    assert (tmp_path / "essai" / "c").read_bytes() == b"trois"
    assert not [path for path in (tmp_path / "essai").iterdir() if path.name.startswith(".")]


def test_without_a_folder_everything_is_made_and_nothing_kept(tmp_path):
    made = []
    assert DiskCache(None).get_many("essai", {"a": lambda: made.append(1) or b"x"}) == {"a": b"x"}
    assert DiskCache(None).get_many("essai", {"a": lambda: made.append(2) or b"x"}) == {"a": b"x"}
    assert made == [1, 2]
