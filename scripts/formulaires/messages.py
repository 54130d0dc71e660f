"""What a person reads about a submission, in French, in one place.

Formspree answers with codes (`TYPE_EMAIL`, `FORM_NOT_FOUND`...) and English
words; the client (command line), the local receiver's HTML pages and the
pages' script (which gets these texts from the generated page) all turn the
codes into these sentences.
"""

from __future__ import annotations

# Field-level codes known to Formspree's official client.
FIELD = {
    "REQUIRED_FIELD_EMPTY": "Ce champ est obligatoire : remplissez-le.",
    "REQUIRED_FIELD_MISSING": "Ce champ est obligatoire : remplissez-le.",
    "TYPE_EMAIL": "Cette adresse e-mail n'est pas valide : vérifiez-la (format attendu : nom@domaine.fr).",
    "TYPE_NUMERIC": "Ce champ attend un nombre.",
    "TYPE_TEXT": "Ce champ attend du texte.",
}

# Form-level codes known to Formspree's official client.
FORM = {
    "BLOCKED": "Le service d'envoi a bloqué ce message, qu'il a pris pour un envoi indésirable.",
    "EMPTY": "Le message est vide : remplissez le formulaire avant de l'envoyer.",
    "FILES_TOO_BIG": "Les fichiers joints sont trop volumineux.",
    "FORM_NOT_FOUND": "Le service d'envoi ne reconnaît pas ce formulaire : votre message n'est pas parti.",
    "INACTIVE": "Le service d'envoi n'accepte plus ce formulaire : votre message n'est pas parti.",
    "NO_FILE_UPLOADS": "Ce formulaire n'accepte pas de fichier joint.",
    "PROJECT_NOT_FOUND": "Le service d'envoi ne reconnaît pas ce formulaire : votre message n'est pas parti.",
    "TOO_MANY_FILES": "Il y a trop de fichiers joints.",
}

REFUSED = "Le service d'envoi a refusé le message."
AJAX_REFUSED = "Le service d'envoi refuse les envois sans rechargement de la page pour ce formulaire."
UNEXPECTED = "Le service d'envoi a donné une réponse inattendue : votre message n'est peut-être pas parti."
UNAVAILABLE = "Le service d'envoi ne répond pas pour le moment."
TIMEOUT = ("Le service d'envoi n'a pas répondu à temps ; il se peut que votre message soit tout de même "
           "parvenu.")
NETWORK = "Impossible de joindre le service d'envoi : vérifiez votre connexion à Internet."
KEPT = "Vos saisies sont conservées : réessayez dans quelques instants."
SENDING = "Envoi en cours…"
INVALID_ONE = "Le formulaire contient 1 erreur : corrigez le champ signalé, puis envoyez-le à nouveau."
INVALID_MANY = "Le formulaire contient {n} erreurs : corrigez les champs signalés, puis envoyez-le à nouveau."
ERROR_PREFIX = "Erreur : "


def field_message(code: str | None) -> str:
    return FIELD.get(code or "", "La valeur de ce champ a été refusée.")


def form_message(code: str | None) -> str:
    return FORM.get(code or "", REFUSED)


def fallback(email: str | None) -> str:
    """The sentence offering another way to write, when a contact e-mail is known."""
    return f"Vous pouvez aussi écrire à {email}." if email else ""


def for_browser(confirmation: str, fallback_email: str | None) -> dict:
    """The texts the pages' script shows (rendered into each form, so they live here only)."""
    return {
        "sending": SENDING,
        "success": confirmation,
        "invalidOne": INVALID_ONE,
        "invalidMany": INVALID_MANY,
        "errorPrefix": ERROR_PREFIX,
        "fields": FIELD,
        "fieldDefault": field_message(None),
        "forms": FORM,
        "refused": REFUSED,
        "unavailable": UNAVAILABLE,
        "timeout": TIMEOUT,
        "network": NETWORK,
        "kept": KEPT,
        "fallback": fallback(fallback_email),
    }
