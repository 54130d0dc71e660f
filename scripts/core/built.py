"""The site a builder made (MkDocs, Zensical), as the steps after it see it: its pages read once.

Every step after the build (scripts.postbuild) reads and changes the same pages: they are read
once here, changed in memory by each step in turn, and the ones that changed are written once,
at the end (each whole or not at all).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scripts.core.cache import write_atomically

# How the steps split a page: a comment, an element whose content is kept as it is (group 1 names
# it), or a tag (its quoted values may hold ">"); the text lies between.
HTML_TOKENS = re.compile(r"<!--.*?-->|<(pre|textarea|code|kbd|samp|script|style)\b.*?</\1\s*>"
                         r"|<[a-zA-Z/!?][^\"'>]*(?:(?:\"[^\"]*\"|'[^']*')[^\"'>]*)*>", re.S | re.I)


@dataclass
class BuiltSite:
    directory: Path
    pages: dict[str, str]  # every page to finish (path inside the site, "a/index.html"): its text, as the steps leave it
    _read: dict[str, str] = field(default_factory=dict, repr=False)  # as the builder wrote them
    # The pages an earlier run finished and the builder left as they were (`mkdocs serve --dirty`).
    done: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, directory: Path, finished: Mapping[str, int] | None = None) -> BuiltSite:
        """The pages of `directory`; those whose modification time is still the one `finished` gives
        (`modification_times()` after an earlier run) are `done`."""
        directory = Path(directory)
        finished = finished or {}
        pages, done = {}, {}
        for path in sorted(directory.rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            # As bytes, decoded: the text is the file's exactly (no newline translation).
            text = path.read_bytes().decode("utf-8")
            (done if finished.get(name) == path.stat().st_mtime_ns else pages)[name] = text
        return cls(directory, pages, dict(pages), done)

    @property
    def every_page(self) -> dict[str, str]:
        """The pages finished now and those finished before: the whole site."""
        return {**self.done, **self.pages}

    def write(self) -> None:
        """Write the pages the steps changed."""
        for name, text in self.pages.items():
            if self._read.get(name) != text:
                write_atomically(self.directory / name, text.encode("utf-8"))
                self._read[name] = text

    def modification_times(self) -> dict[str, int]:
        return {name: (self.directory / name).stat().st_mtime_ns for name in self.every_page}
