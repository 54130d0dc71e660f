"""The editor's fields, from the JSON Schemas: a schema's titles and descriptions become labels and
hints; `required`, `pattern` and its `x-message`, `enum` and `format` become Decap's validation and
widgets; `x-avertissement` rules become the warnings the editor asks to confirm before a save."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.core import schema as core_schema
from scripts.core.loader import load
from scripts.core.paths import DATA_DIR

POSTS = "docs/actualites/posts"
# A property's label when its schema gives no `title`: the schemas name fields in French without
# accents; a person reads them with theirs.
LABELS = {
    "nom": "Nom", "source": "Source", "type": "Type", "titre": "Titre", "description": "Description",
    "created": "Publié le", "updated": "Mis à jour le", "libelle": "Libellé", "reference_legale": "Référence légale",
    "provenance": "Provenance", "parties": "Parties", "code": "Code", "domaines": "Domaines",
    "presentation": "Présentation", "competences": "Compétences", "titre_court": "Titre court",
    "explication": "Explication", "traces": "Traces à verser au dossier", "situations": "Situations de classe",
    "liees": "Compétences liées", "formulaires": "Formulaires", "destinataire": "Destinataire",
    "formspree_id": "Identifiant Formspree", "sujet": "Objet de l'e-mail", "bouton": "Bouton d'envoi",
    "confirmation": "Message de confirmation", "introduction": "Introduction", "champs": "Champs",
    "obligatoire": "Obligatoire", "aide": "Aide", "autocomplete": "Remplissage automatique",
    "option_autre": "Option de plus",
}
SUMMARY = ("nom", "titre", "id", "code")  # the property that names an item of a list, in its header
# An item's name when its schema gives no `title`.
SINGULAR = {"categories": "Rubrique", "authors": "Auteur", "parties": "Partie",
            "domaines": "Domaine", "competences": "Compétence", "traces": "Trace", "situations": "Situation",
            "liees": "Compétence liée", "champs": "Champ", "provenance": "Provenance"}
OFFICIAL = "Texte officiel du référentiel, à ne pas modifier."  # a `readOnly` field's hint: Decap has no read-only field

# What the validator accepts, as a pattern the browser checks (the validator stays the authority).
FORMAT_PATTERNS = {
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "date-time": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
    "email": r"^[^\s@]+@[^\s@]+\.[^\s@]+$",
    "telephone": r"^(\+33 ?[1-9]|0[1-9])( ?[0-9]{2}){4}$",
}


@dataclass(frozen=True)
class DataFile:
    """One data file edited as one form."""
    name: str  # the dataset's name: referentiel/NAME.yaml, NAME.schema.json
    collection: str  # the editor's collection (its address in the editor: #/collections/NAME)
    label: str  # its name in the editor's menu (the schema's title, a sentence, heads the form)


# The data files people edit, in the editor's menu order.
DATA_FILES = (
    DataFile("sites", "annuaire", "Annuaire des sites"),
    DataFile("contacts", "contacts", "Contacts centraux"),
    DataFile("calendrier", "calendrier", "Dates clés"),
    DataFile("rubriques", "rubriques", "Rubriques des actualités"),  # where the data file exists
    DataFile("competences", "competences", "Référentiel et conseils"),
    DataFile("formulaires", "formulaires", "Formulaires"),
)


# --- JSON Schema → Decap fields -----------------------------------------------------------------

def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """The node with its local $ref merged in (its own keys, a description, win)."""
    while "$ref" in node:
        reference = node["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"référence non locale : {reference}")
        target: Any = root
        for part in reference[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _label(name: str, node: dict[str, Any]) -> str:
    return node.get("title") or LABELS.get(name) or name.replace("_", " ").capitalize()


def _validation(node: dict[str, Any], root: dict[str, Any]) -> tuple[str | None, str | None]:
    """The pattern a string must match, and the French message when it does not, from `pattern`
    and `format` (alternatives of an anyOf joined)."""
    if "anyOf" in node:
        alternatives = [_resolve(alternative, root) for alternative in node["anyOf"]]
        patterns = [p for p, _ in (_validation(a, root) for a in alternatives) if p]
        if len(patterns) != len(alternatives):
            return None, None
        pattern = "^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$" if len(patterns) > 1 else patterns[0]
        # The schema's own words first: the anyOf's message, then an alternative's, then a format's.
        explicit = [a["x-message"] for a in alternatives if a.get("x-message")]
        message = node.get("x-message") or next(iter(explicit), None) or _validation(alternatives[0], root)[1]
        return pattern, message
    pattern = node.get("pattern") or FORMAT_PATTERNS.get(node.get("format", ""))
    if pattern is None:
        return None, None
    message = node.get("x-message") or core_schema._FORMATS.get(node.get("format", ""), "n'a pas la forme attendue")
    return pattern, message


def _kind(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """The node to read the widget from: an anyOf of strings stays one string (its patterns joined);
    an anyOf of a string and an object (a post's date, or its created and updated days) is edited in
    its fuller form, the object, which a form can show whatever the file holds."""
    if "anyOf" in node:
        alternatives = [_resolve(a, root) for a in node["anyOf"]]
        if all(a.get("type") == "string" for a in alternatives):
            return {**node, "type": "string"}
        objects = [a for a in alternatives if a.get("type") == "object"]
        if objects:
            return {**objects[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def field(name: str, node: dict[str, Any], root: dict[str, Any], required: bool,
          options: Mapping[str, Any] = {}) -> dict[str, Any]:
    """The Decap field for the schema property `name`."""
    node = _kind(_resolve(node, root), root)
    result: dict[str, Any] = {"name": name, "label": _label(name, node), "required": required}
    if node.get("description"):
        result["hint"] = node["description"]
    if node.get("readOnly"):
        result["hint"] = f"{result.get('hint', '')} {OFFICIAL}".strip()
    if warning := node.get(core_schema.WARNING):
        # Said beside the field beforehand; avertissements.js asks to confirm it at the save.
        result["hint"] = f"{result.get('hint', '')} Attention : {warning['message']}.".strip()
    kind = node.get("type")
    if kind != "array" and (choice := node.get(core_schema.CHOICE)):
        result |= relation(choice)
    elif kind not in ("array", "object") and ("enum" in node or name in options):
        result |= {"widget": "select", "options": list(node.get("enum") or options[name])}
    elif kind == "boolean":
        result |= {"widget": "boolean", "default": False}
    elif kind in ("integer", "number"):
        result |= {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
    elif kind == "object" and isinstance(node.get("additionalProperties"), dict) and not node.get("properties"):
        # An object keyed freely (the forms, by key): one sub-form per key the data file holds today; a key
        # is added or renamed in the text route (Decap has no widget for a mapping's keys).
        item = node["additionalProperties"]
        result |= {"widget": "object", "collapsed": False,
                   "fields": [field(key, item, root, True) | {"label": title} for key, title in options[name].items()]}
    elif kind == "object":
        result |= {"widget": "object", "collapsed": False, "fields": fields(node, root)}
    elif kind == "array":
        items = _kind(_resolve(node.get("items", {}), root), root)
        if choice := items.get(core_schema.CHOICE):
            result |= relation(choice) | {"multiple": True}
        elif "enum" in items or name in options:
            result |= {"widget": "select", "multiple": True, "options": list(items.get("enum") or options[name])}
        elif items.get("type") == "object":
            result |= {"widget": "list", "collapsed": False, "fields": fields(items, root),
                       "label_singular": items.get("title") or SINGULAR.get(name, result["label"])}
            if named := next((key for key in SUMMARY if key in items.get("properties", {})), None):
                result["summary"] = f"{{{{fields.{named}}}}}"  # each item's header names it
        else:
            result |= {"widget": "list", "field": field(SINGULAR.get(name, name), items, root, True, options)}
        if node.get("minItems"):
            result["min"] = node["minItems"]
        if node.get("maxItems"):
            result["max"] = node["maxItems"]
    else:
        result["widget"] = "string"
    if result["widget"] in ("string", "list") and "field" not in result and "fields" not in result:
        pattern, message = _validation(node, root)
        if pattern:
            result["pattern"] = [pattern, message]
    return result


def relation(choice: dict[str, str]) -> dict[str, Any]:
    """A value chosen among the items of another data file (`x-choix-dans`: its file, list and key), which
    the editor edits too: adding a news category there offers it to every post."""
    name = choice["fichier"].removesuffix(".yaml")
    collection = next((d.collection for d in DATA_FILES if d.name == name), name)
    path = f"{choice['liste']}.*.{choice['valeur']}"
    return {"widget": "relation", "collection": collection, "file": name, "value_field": path,
            "search_fields": [path], "display_fields": [path]}


def fields(node: dict[str, Any], root: dict[str, Any], options: Mapping[str, Any] = {}) -> list[dict[str, Any]]:
    """The fields of an object's properties, in the schema's order."""
    required = set(node.get("required", ()))
    return [field(name, child, root, name in required, options) for name, child in node.get("properties", {}).items()]


# --- the configuration --------------------------------------------------------------------------

def read_schema(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def authors(docs_dir: Path) -> list[str]:
    """The news authors' ids (Material's .authors.yml), the choices of a post's `authors`."""
    document, _ = load(docs_dir / "actualites" / ".authors.yml")
    found = document.data.get("authors") if document is not None and isinstance(document.data, dict) else None
    return sorted(found) if isinstance(found, dict) else []


def keys(path: Path, root: dict[str, Any]) -> dict[str, dict[str, str]]:
    """For each top-level property keyed freely (`additionalProperties`), the keys the data file holds,
    each with its item's `titre` (the sub-form's label): what the form can show of a mapping."""
    mappings = [name for name, node in root.get("properties", {}).items()
                if isinstance(_resolve(node, root).get("additionalProperties"), dict)]
    if not mappings:
        return {}
    document, _ = load(path)
    data = document.data if document is not None and isinstance(document.data, dict) else {}
    found = {}
    for name in mappings:
        items = data.get(name) if isinstance(data.get(name), dict) else {}
        found[name] = {key: f"{item.get('titre', key)} ({key})" if isinstance(item, dict) else key
                       for key, item in items.items()}
    return found


def data_collections(data_dir: Path) -> Iterator[dict[str, Any]]:
    for data_file in DATA_FILES:
        schema_path = data_dir / f"{data_file.name}.schema.json"
        if not schema_path.is_file() or not (data_dir / f"{data_file.name}.yaml").is_file():
            continue
        root = read_schema(schema_path)
        yield {
            "name": data_file.collection, "label": data_file.label,
            "description": " ".join(filter(None, (root.get("title", "") + ".", root.get("description")))),
            "editor": {"preview": False},
            "files": [{"name": data_file.name, "label": root.get("title") or data_file.label,
                       "file": f"referentiel/{data_file.name}.yaml",
                       "fields": fields(root, root, keys(data_dir / f"{data_file.name}.yaml", root))}],
        }


def posts_collection(data_dir: Path, docs_dir: Path) -> dict[str, Any]:
    root = read_schema(data_dir / "actualites.schema.json")
    post_fields = fields(root, root, {"authors": authors(docs_dir)})
    for post_field in post_fields:
        if post_field["name"] == "title":
            # The title names the file (the slug): the editor asks for it, the validator lets a post
            # written by hand give it as its first « # » line instead.
            post_field["required"] = True
            post_field["hint"] = ("Le titre de l'article ; il donne aussi le nom du fichier et l'adresse de la "
                                  "page (sans accents).")
    post_fields.append({
        "name": "body", "label": "Texte de l'article", "widget": "text", "required": True,
        "hint": ("Le texte, en Markdown (paragraphes séparés par une ligne vide, « ## » pour un intertitre). "
                 "Une ligne « <!-- more --> » après le premier paragraphe : ce qui la précède apparaît dans "
                 "la liste des actualités. Un lien vers une page du portail s'écrit depuis le dossier des "
                 "articles, par exemple `[le calendrier](../../calendrier.md)`."),
    })
    return {
        "name": "actualites", "label": "Actualités", "label_singular": "Article",
        "description": root.get("description", ""),
        "folder": POSTS, "create": True, "extension": "md", "format": "frontmatter",
        "slug": "{{fields.date.created}}-{{slug}}", "identifier_field": "title",
        "summary": "{{filename}}", "sortable_fields": [], "editor": {"preview": False},
        "fields": post_fields,
    }


def _warning_rules(node: dict[str, Any], root: dict[str, Any], path: list[str],
                   labels: list[str]) -> Iterator[dict[str, Any]]:
    """The `x-avertissement` rules under this node: where the value is (a list's items as « * »), the
    field's labels from the form's top, the regex and the validator's message."""
    node = _kind(_resolve(node, root), root)
    if (warning := node.get(core_schema.WARNING)) and core_schema.warning_rule(warning):
        yield {"path": path, "labels": labels, "pattern": warning["pattern"], "message": warning["message"]}
    if node.get("type") == "object":
        for name, child in node.get("properties", {}).items():
            yield from _warning_rules(child, root, [*path, name], [*labels, _label(name, _resolve(child, root))])
    elif node.get("type") == "array":
        yield from _warning_rules(node.get("items", {}), root, [*path, "*"], labels)


def _values_at(value: Any, path: list[str]) -> Iterator[Any]:
    if not path:
        yield value
    elif path[0] == "*":
        for item in value if isinstance(value, list) else ():
            yield from _values_at(item, path[1:])
    elif isinstance(value, dict) and path[0] in value:
        yield from _values_at(value[path[0]], path[1:])


def warning_rules(data_dir: Path = DATA_DIR) -> dict[str, list[dict[str, Any]]]:
    """Each collection's warnings to confirm before a save (avertissements.json), from the schemas; with
    each rule, the values it flags that this build already publishes (confirmed once, not asked again)."""
    schemas = {d.collection: d.name for d in DATA_FILES if (data_dir / f"{d.name}.yaml").is_file()}
    schemas["actualites"] = "actualites"
    found = {}
    for collection, name in schemas.items():
        schema_path = data_dir / f"{name}.schema.json"
        if not schema_path.is_file() or not (rules := list(_warning_rules(*[read_schema(schema_path)] * 2, [], []))):
            continue
        document = load(data_dir / f"{name}.yaml")[0] if (data_dir / f"{name}.yaml").is_file() else None
        for rule in rules:
            pattern = re.compile(rule["pattern"])
            rule["published"] = sorted({value for value in _values_at(document.data if document else None, rule["path"])
                                        if isinstance(value, str) and pattern.search(value)})
        found[collection] = rules
    return found
