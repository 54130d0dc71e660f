"""Checking a loaded document against its JSON Schema (draft 2020-12), in French.

Two keywords of our own, which JSON Schema ignores and the browser editor reads too:

- `x-message`, next to any rule (a `pattern`, a `minProperties`...): the French sentence that
  replaces the generic message for that rule (e.g. "doit être un code de compétence comme
  « A.1.1 »", shown after the field's name), so the words a référent reads live with the rule
  itself; next to an `anyOf` of strings, the sentence follows the value written ("n'est pas une
  date valide : …"), and is used when no form fits;
- `x-avertissement`, `{"pattern": REGEX, "message": TEXT}` on a string: when the value matches
  REGEX (searched, as JavaScript's RegExp.test does), TEXT is a warning, never an error: the
  value is published once the person has confirmed it (e.g. a personal e-mail address). The
  regex uses only what Python and JavaScript read alike. Not inside an anyOf or oneOf;
- `x-choix-dans`, `{"fichier": "rubriques.yaml", "liste": "rubriques", "valeur": "titre",
  "message": TEXT}` on a string: the value must be the `valeur` field of one entry of the list
  `liste` of that data file (beside the schema), a list staff extend without touching a schema
  (the editor's « relation » field); otherwise « VALUE » TEXT, with the values allowed.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import email_validator
import jsonschema
import phonenumbers

from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import Document, parse
from scripts.core.text import slug


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if len(value) != 10:
        raise ValueError(value)
    datetime.date.fromisoformat(value)
    return True


def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        datetime.datetime.fromisoformat(value)
    return True


@cache
def format_checker() -> jsonschema.FormatChecker:
    """The formats our schemas use: dates as written in YAML, e-mail addresses, French phone numbers."""
    def is_email(value: object) -> bool:
        if isinstance(value, str):
            email_validator.validate_email(value, check_deliverability=False)
        return True

    def is_telephone(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return phonenumbers.is_valid_number(phonenumbers.parse(value, "FR"))

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    checker.checks("email", raises=email_validator.EmailNotValidError)(is_email)
    checker.checks("telephone", raises=phonenumbers.NumberParseException)(is_telephone)
    return checker


_TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true / false)",
    "array": "une liste (lignes commençant par « - »)",
    "object": "un ensemble de champs « clé: valeur »",
    "null": "vide",
}

_FORMATS = {
    "date": "n'est pas une date valide : écrivez-la AAAA-MM-JJ, par exemple 2026-09-15",
    "date-time": "n'est pas une date et heure valide : écrivez-la AAAA-MM-JJTHH:MM, par exemple 2026-09-15T14:00",
    "email": "n'est pas une adresse électronique valide",
    "telephone": "n'est pas un numéro de téléphone valide (exemple : 01 23 45 67 89 ou +33 1 23 45 67 89)",
    "uri": "n'est pas une adresse web valide (elle doit commencer par https://)",
}


# json's words for a file that is not JSON, in French.
_JSON_PROBLEMS = {
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "« : » attendu après la clé",
    "Expecting property name enclosed in double quotes": "clé entre guillemets doubles attendue (virgule en trop ?)",
    "Expecting value": "valeur attendue (virgule en trop ?)",
    "Extra data": "texte en trop après la fin du schéma",
    "Unterminated string starting at": "guillemet non fermé",
    "Invalid control character at": "caractère interdit dans un texte (une tabulation, un saut de ligne ?)",
    "Invalid \\escape": "échappement « \\ » invalide",
}


def load_schema(path: Path) -> dict[str, Any] | Diagnostic:
    """The schema, checked against JSON Schema 2020-12; or, when it is not a valid one, why, in French
    and at its place in the file (a broken schema publishes nothing, like broken data)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Diagnostic(path, 1, 1, f"schéma illisible : {getattr(error, 'strerror', None) or error}")
    return checked_schema(path, text)


@cache
def checked_schema(path: Path, text: str) -> dict[str, Any] | Diagnostic:
    """`load_schema` once per text (`mkdocs serve` sees an edited schema)."""
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as error:
        cause = next((french for words, french in _JSON_PROBLEMS.items() if error.msg.startswith(words)), error.msg)
        return Diagnostic(path, error.lineno, error.colno, f"schéma JSON invalide : {cause}")
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        message = (f"schéma invalide (JSON Schema 2020-12) : {json.dumps(error.instance, ensure_ascii=False)[:80]} "
                   f"ne respecte pas la règle « {error.validator} » du métaschéma "
                   f"({json.dumps(error.validator_value, ensure_ascii=False)[:80]})")
        document, _problems = parse(path, text)  # JSON is YAML: the loader knows where each value is
        return document.diagnostic(tuple(error.path), message) if document else Diagnostic(path, 1, 1, message)
    return schema


WARNING = "x-avertissement"


def warning_rule(rule: object) -> tuple[re.Pattern[str], str] | None:
    """The regex and the message of an `x-avertissement` value, or None when it is not one."""
    if not isinstance(rule, dict) or not isinstance(rule.get("pattern"), str) or not isinstance(
            rule.get("message"), str):
        return None
    return re.compile(rule["pattern"]), rule["message"]


def _warn(validator: object, rule: object, instance: object, schema: dict[str, Any]) -> Iterator[Any]:
    found = warning_rule(rule)
    if found and isinstance(instance, str) and found[0].search(instance):
        yield jsonschema.ValidationError(found[1])


CHOICE = "x-choix-dans"


def choices(directory: Path, rule: object) -> list[str] | None:
    """The values an `x-choix-dans` rule allows, read from its data file in `directory`; None when the
    rule or the file cannot be read (the file's own checks say why)."""
    if not isinstance(rule, dict) or not all(isinstance(rule.get(k), str) for k in ("fichier", "liste", "valeur")):
        return None
    path = directory / rule["fichier"]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return _choices_in(path, text, rule["liste"], rule["valeur"])


@cache
def _choices_in(path: Path, text: str, key: str, field: str) -> list[str] | None:
    document, problems = parse(path, text)
    entries = document.data.get(key) if document and not problems and isinstance(document.data, dict) else None
    if not isinstance(entries, list):
        return None
    return [e[field] for e in entries if isinstance(e, dict) and isinstance(e.get(field), str)]


@cache
def _validator_class(directory: Path) -> type:
    """Draft 2020-12, plus `x-avertissement` (its findings are told apart from errors in `check`) and
    `x-choix-dans` (its files read from `directory`, the schema's)."""
    def choose(validator: object, rule: object, instance: object, schema: dict[str, Any]) -> Iterator[Any]:
        allowed = choices(directory, rule)
        if allowed is not None and isinstance(instance, str) and instance not in allowed:
            what = rule.get("message") or "n'est pas dans la liste"
            yield jsonschema.ValidationError(f"« {instance} » {what} : choisissez parmi {', '.join(allowed)} (liste "
                                             f"tenue dans {directory.name}/{rule['fichier']}, où l'on peut l'allonger)")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {WARNING: _warn, CHOICE: choose})


def check(document: Document, schema_path: Path) -> Iterator[Diagnostic]:
    """Every way the document breaks its schema, one French diagnostic each (or why the schema is broken);
    what an `x-avertissement` finds comes as a warning."""
    schema = load_schema(schema_path)
    if isinstance(schema, Diagnostic):
        yield schema
        return
    validator = _validator_class(schema_path.parent)(schema, format_checker=format_checker())
    for error in sorted(validator.iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
        if error.validator == WARNING:
            yield document.diagnostic(tuple(error.absolute_path), f"« {error.instance} » : {error.message}",
                                      severity="avertissement")
        else:
            yield from _explain(error, document)


# A day and a time written the way people do (« 2027-06-09 14:00 », « 2027-06-09 9h30 »).
_DAY_AND_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[\s,àa]+(\d{1,2})\s*[:hH]\s*(\d{2})")


def _close_key(key: str, allowed: list[str]) -> list[str]:
    """The allowed key that `key` was probably meant to be (« Email », « EMAIL », « Téléphone », « telephonne »)."""
    by_form = {slug(name): name for name in allowed}
    return [by_form[form] for form in difflib.get_close_matches(slug(key), list(by_form), n=1)]


def _explain(error: jsonschema.ValidationError, document: Document) -> Iterator[Diagnostic]:
    where = tuple(error.absolute_path)
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    keyword, value = error.validator, error.instance
    name = f"« {where[-1]} »" if where and isinstance(where[-1], str) else "cette valeur"

    if keyword == CHOICE:
        yield document.diagnostic(where, error.message)
        return
    if keyword in ("anyOf", "oneOf") and custom and isinstance(value, str):
        # The forms the value may take, with its own sentence; a well-formed day (or day and time)
        # that does not exist is told as such.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", value):
            yield document.diagnostic(where, f"« {value} » n'existe pas dans le calendrier : vérifiez le jour, le "
                                             f"mois{' et l’heure' if 'T' in value else ''}")
            return
        message = f"« {value} » {custom}"
        if day_and_time := _DAY_AND_TIME.fullmatch(value.strip()):
            day, hour, minute = day_and_time.groups()
            message += f" ; ici, écrivez « {day}T{int(hour):02d}:{minute} » (un T entre le jour et l'heure)"
        yield document.diagnostic(where, message)
        return
    if keyword in ("anyOf", "oneOf") and error.context:
        # Report the most relevant branch: the one that got furthest.
        best = max(error.context, key=lambda e: (len(e.absolute_path), -len(list(e.context or []))))
        yield from _explain(best, document)
        return
    if keyword == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            hint = _close_key(key, allowed)
            message = f"clé inconnue « {key} »"
            message += f" : vouliez-vous écrire « {hint[0]} » ?" if hint else f" (clés permises : {', '.join(allowed)})"
            yield document.diagnostic((*where, key), message, key=True)
        return
    if keyword == "required":
        missing = [key for key in error.validator_value if key not in value]
        for key in missing:
            yield document.diagnostic(where, custom or f"champ obligatoire « {key} » manquant", key=True)
        return

    if keyword == "type" and value is None:
        message = f"{name} est vide : une valeur est attendue"
    elif custom and keyword != "type":
        message = f"{name} : {custom}"
    elif keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        message = f"{name} doit être {' ou '.join(_TYPES.get(t, t) for t in expected)}"
    elif keyword == "minLength" and error.validator_value == 1:
        message = f"{name} ne doit pas être vide"
    elif keyword == "minLength":
        message = f"{name} est trop court (au moins {error.validator_value} caractères)"
    elif keyword == "maxLength":
        message = f"{name} est trop long (au plus {error.validator_value} caractères)"
    elif keyword == "pattern":
        message = f"{name} n'a pas la forme attendue (« {value} »)"
    elif keyword == "format" and error.validator_value == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        message = f"« {value} » n'existe pas dans le calendrier : vérifiez le jour et le mois"
    elif keyword == "format":
        message = f"« {value} » {_FORMATS.get(error.validator_value, 'a un format invalide')}"
    elif keyword in ("enum", "const"):
        choices = error.validator_value if keyword == "enum" else [error.validator_value]
        message = f"« {value} » n'est pas permis ici : choisissez parmi {', '.join(map(str, choices))}"
    elif keyword == "minItems":
        message = f"{name} doit contenir au moins {error.validator_value} élément(s)"
    elif keyword == "maxItems":
        message = f"{name} doit contenir au plus {error.validator_value} élément(s)"
    elif keyword == "uniqueItems":
        message = f"{name} contient deux fois la même valeur"
    elif keyword == "minimum":
        message = f"{name} doit valoir au moins {error.validator_value}"
    elif keyword == "maximum":
        message = f"{name} doit valoir au plus {error.validator_value}"
    elif keyword == "minProperties":
        message = f"{name} ne doit pas être vide"
    else:
        message = f"{name} ne respecte pas la règle « {keyword} » du schéma"
    yield document.diagnostic(where, message)
