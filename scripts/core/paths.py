"""Where things are in the repository (the docs folder is the builder's: `Site.docs_dir`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "referentiel"
CONFIG_FILE = ROOT / "mkdocs.yml"  # read by MkDocs and by Zensical
