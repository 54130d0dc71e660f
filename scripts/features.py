"""What the portal is made of: its features, in the order their pages are generated, and the
steps that finish the built site.

Each feature is a package named like its address and its tests, carrying its
data files' rules, its generator and its templates (`scripts.core.pipeline.Feature`).
Adding one: write its package, then list its FEATURE here. The core
(scripts/core/) is handed this list and knows none of them.
"""

from scripts import (
                     accessibilite,
                     actualites,
                     annuaire,
                     calendrier,
                     formulaires,
                     modeles,
                     poids,
                     positionnement,
                     recherche,
                     referentiel,
                     securite,
)

FEATURES = (
    referentiel.FEATURE,
    annuaire.FEATURE,
    positionnement.FEATURE,
    calendrier.FEATURE,
    actualites.FEATURE,
    formulaires.FEATURE,
    accessibilite.FEATURE,
    modeles.FEATURE,  # last: its files are made on the other cores while the pages above are generated
)

# The steps after any builder, over the built site (scripts/postbuild.py), in order.
POST_BUILD = (
    recherche.index,  # Pagefind, on a copy of the pages: it goes on while the next steps rewrite them
    poids.apply,     # the weight budget: the portal's own files without their comments, the pages unindented
    accessibilite.mention,  # the footer's accessibility status, computed from the audit grid
    securite.apply,  # last: it hashes the inline scripts of every page as the steps before leave them
)
