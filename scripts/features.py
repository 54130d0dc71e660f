"""What the portal is made of: its features, and the steps that finish the built site.

Each feature is a package named like its address and its tests, carrying its
data files' rules, its generator and its templates (`scripts.core.pipeline.Feature`).
Adding one: write its package, then list its FEATURE here. The core
(scripts/core/) is handed this list and knows none of them.
"""

from scripts import (
                     accessibilite,
                     actualites,
                     admin,
                     annuaire,
                     calendrier,
                     formulaires,
                     modeles,
                     poids,
                     positionnement,
                     recherche,
                     redaction,
                     referentiel,
                     securite,
                     typographie,
)

FEATURES = (
    referentiel.FEATURE,
    annuaire.FEATURE,
    positionnement.FEATURE,
    calendrier.FEATURE,
    actualites.FEATURE,
    formulaires.FEATURE,
    redaction.FEATURE,  # no page: its rules read the prose of the posts and pages, and the calendar
    admin.FEATURE,  # the editor's configuration, from the schemas
    accessibilite.FEATURE,
    modeles.FEATURE,
)

# The steps after any builder, over the built site (scripts/postbuild.py), in order.
POST_BUILD = (
    accessibilite.mention,  # the footer's status, computed from the audit grid (its text typeset next)
    typographie.apply,  # before the search: its titles and headings get the no-break spaces too
    recherche.index,  # Pagefind, on a copy of the pages: it goes on while the next steps rewrite them
    admin.bundle,    # Decap's bundle into /admin/, when an editor is configured
    poids.apply,     # the weight budget: the portal's own files without their comments, the pages unindented
    securite.apply,  # last: it hashes the inline scripts of every page as the steps before leave them
)
