"""Where things are in the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "referentiel"
DOCS_DIR = ROOT / "docs"
# Every generated page and file goes here, and nowhere else (git ignores it).
GENERATED_DIR = DOCS_DIR / "generated"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
