"""Text helpers shared by every feature."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """The address form of a text: 'A.1.2' -> 'a-1-2', 'Camille Exemple-Doé' -> 'camille-exemple-doe'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
