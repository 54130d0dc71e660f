"""What the portal is made of: its data files, and the generators of its pages.

Adding a data file: give it a `Dataset` (and its schema beside it). Adding
generated pages: a function `(data, templates) -> [(path, content), ...]`.
"""

from scripts import directory, key_dates, modeles, news, positionnement, referentiel
from scripts.forms import data as forms

DATASETS = (
    referentiel.DATASET,
    directory.CONTACTS,
    directory.SITES,
    key_dates.DATASET,
    forms.DATASET,
)

GENERATORS = (
    referentiel.pages,
    directory.pages,
    positionnement.pages,
    modeles.pages,
    key_dates.pages,
    news.pages,
    forms.pages,
)

# Hand-written content outside referentiel/ that generators read, checked with the data
# (functions `() -> [Diagnostic, ...]`): the news posts' front matter.
CONTENT_CHECKS = (
    news.check_posts,
)
