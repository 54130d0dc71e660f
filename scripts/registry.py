"""What the portal is made of: its data files, and the generators of its pages.

Adding a data file: give it a `Dataset` (and its schema beside it). Adding
generated pages: a function `(data, templates) -> [(path, content), ...]`.
"""

from scripts import directory, modeles, positionnement, referentiel

DATASETS = (
    referentiel.DATASET,
    directory.CONTACTS,
    directory.SITES,
)

GENERATORS = (
    referentiel.pages,
    directory.pages,
    positionnement.pages,
    modeles.pages,
)
