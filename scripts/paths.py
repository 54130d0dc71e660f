"""Where things are in the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "referentiel"
DOCS_DIR = ROOT / "docs"
# Every generated page and file goes here, and nowhere else (git ignores it).
GENERATED_DIR = DOCS_DIR / "generated"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# Generated files under GENERATED_DIR/root/ are published at the site's root (scripts/mkdocs_hooks.py):
# short addresses meant to be subscribed to (the news feed, the calendar).
ROOT_FOLDER = "root"
