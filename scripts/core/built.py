"""The site a builder made (MkDocs, Zensical), as the steps after it see it: its pages read once.

Every step after the build (scripts.postbuild) reads and changes the same pages: they are read
once here, changed in memory by each step in turn, and the ones that changed are written once,
at the end (each whole or not at all).
"""

from __future__ import annotations

import re
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
    pages: dict[str, str]  # every page (path inside the site, "a/index.html"): its text, as the steps leave it
    _read: dict[str, str] = field(default_factory=dict, repr=False)  # as the builder wrote them

    @classmethod
    def read(cls, directory: Path) -> BuiltSite:
        directory = Path(directory)
        # As bytes, decoded: the text is the file's exactly (no newline translation).
        pages = {path.relative_to(directory).as_posix(): path.read_bytes().decode("utf-8")
                 for path in sorted(directory.rglob("*.html"))}
        return cls(directory, pages, dict(pages))

    def write(self) -> None:
        """Write the pages the steps changed."""
        for name, text in self.pages.items():
            if self._read.get(name) != text:
                write_atomically(self.directory / name, text.encode("utf-8"))
                self._read[name] = text
