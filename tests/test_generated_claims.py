"""Removed claims of the generated pages (annuaire, forms, Mon positionnement, calendar, référentiel,
models): sentences no source makes, promises about the portal or what follows a message, the
Scolarité given jobs the official page does not give it, the ticks called a validation. None may
come back; the hand-written pages have their own list (tests/test_site_content.py)."""

from __future__ import annotations

import pytest

from tests.test_site_referentiel import text_of

GENERATED = ("annuaire/", "formulaires/", "positionnement/", "calendrier/", "referentiel/", "modeles/")

# Read in the text a student reads.
REMOVED = [
    "Dernière vérification",  # site cards nobody checked
    "Site de Bonneuil-sur-Marne", "Site de Livry-Gargan", "Site de Sénart",  # a third-party blog's list
    "Renseignements : Service Scolarité",  # the Scolarité block repeated on every site card
    "ou sur ce portail", "ou ce portail",  # questions about the portal sent to the Scolarité
    "L'adresse à laquelle vous répondre", "si le signalement demande une précision",  # a promised reply
    "Cette demande se fait par e-mail",
    "Un référent a changé",
    "Vous remplissez les conditions", "Conditions remplies", "validez-en encore", "règle respectée",
    "vous dit ce qu'il vous reste à faire", "montrez-lui ce bilan",
    "votre agenda se mettra à jour", "se met à jour tout seul", "Le portail ne publie que",
    "(annexe)..",
]
# Read in the page's source (the forms' messages travel in an attribute).
REMOVED_MARKUP = ["ekole.fr", "identifiant Formspree", "reCAPTCHA", "vérifiez son adresse",
                  "« \" + error.field"]


def generated(pages) -> dict[str, str]:
    found = {address: html for address, html in pages.items() if address.startswith(GENERATED)}
    assert len(found) > 60  # référentiel, models, forms, annuaire, calendar, positionnement
    return found


@pytest.mark.parametrize("claim", REMOVED)
def test_a_removed_claim_is_on_no_generated_page(pages, claim):
    found = [address for address, html in generated(pages).items()
             if claim.lower() in text_of(html).replace("’", "'").lower()]
    assert not found, found


@pytest.mark.parametrize("claim", REMOVED_MARKUP)
def test_a_removed_message_is_in_no_generated_page_nor_in_the_forms_script(pages, site_dir, claim):
    found = [address for address, html in generated(pages).items() if claim in html]
    script = (site_dir / "assets" / "javascripts" / "formulaires.js").read_text(encoding="utf-8")
    assert not found and claim not in script, found


def test_the_forms_messages_say_what_to_do_not_which_identifier_is_wrong():
    from scripts.formulaires import messages

    texts = [messages.field_message(None), messages.form_message(None), messages.AJAX_REFUSED, messages.UNEXPECTED,
             *messages.FIELD.values(), *messages.FORM.values()]
    for text in texts:
        for word in ("identifiant", "Formspree", "reCAPTCHA", "vérifiez son adresse", "projet"):
            assert word not in text, text
