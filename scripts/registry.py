"""What the portal is made of: its data files, and the generators of its pages.

Adding a data file: give it a `Dataset` (and its schema beside it). Adding
generated pages: a function `(data, templates) -> [(path, content), ...]`.
"""

from scripts import directory, referentiel
from scripts.forms import data as forms

DATASETS = (
    referentiel.DATASET,
    directory.CONTACTS,
    directory.SITES,
    forms.DATASET,
)

GENERATORS = (
    referentiel.pages,
    directory.pages,
    forms.pages,
)
