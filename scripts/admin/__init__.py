"""« Admin »: the editor at /admin/ (Decap CMS), its configuration generated from the JSON Schemas.

Référents and staff edit the portal's data and news posts through forms; the editor commits to
the repository (or, under `make serve`, writes the working tree through the local `decap-server`),
so git stays the record and the validator (`make check`, CI) stays the authority.

- `config`: the editor's configuration (/admin/config.yml), made from the schemas at every build:
  a schema's titles and descriptions become labels and hints, `required`, `pattern` and its
  `x-message`, `enum` and `format` become Decap's validation and widgets. A schema change shows
  in the editor with no hand edit (tests/test_admin.py checks that the two agree).
- `pages`: /admin/index.html, Decap's page (noindex, out of the navigation, the sitemap and the
  search index), and config.yml beside it. Without a backend configured, the page says so and
  points to the text route; no bundle, no loosened policy.
- `bundle`: a step after the build copying Decap's ready bundle (node_modules/decap-cms/dist, pinned
  in package-lock.json) into /admin/: only that page loads it, nothing comes from a CDN.

The backend is chosen by the environment at build time (see README, « Éditeur en ligne »):
C2I2E_ADMIN_LOCAL (decap-server's address, `make serve` and the tests), or GitLab with PKCE
(C2I2E_ADMIN_GITLAB_APP_ID, C2I2E_ADMIN_REPO or GitLab CI's CI_PROJECT_PATH, C2I2E_ADMIN_GITLAB_URL
or CI_SERVER_URL), or GitHub through an OAuth proxy the institution runs (C2I2E_ADMIN_GITHUB_OAUTH).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markupsafe
import yaml

from scripts.core import schema as core_schema
from scripts.core.built import BuiltSite
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import load
from scripts.core.paths import DATA_DIR, ROOT
from scripts.core.pipeline import Context, Feature, Output
from scripts.core.site import Site

NAME = "admin"
FOLDER = "admin"  # inside docs/ and the built site: /admin/
PAGE = f"{FOLDER}/index.html"
CONFIG = f"{FOLDER}/config.yml"
STYLESHEET = f"{FOLDER}/editeur.css"  # contrast fixes over Decap's own styles
WARNINGS = f"{FOLDER}/avertissements.json"  # each collection's `x-avertissement` rules, from the schemas
WARNINGS_SCRIPT = f"{FOLDER}/avertissements.js"  # asks the person to confirm them before a save
BUNDLE_DIR = ROOT / "node_modules" / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"  # the entry; its chunks (N.decap-cms.js) beside it, loaded from the same folder
POSTS = "docs/actualites/posts"
AUTHORS = "docs/actualites/.authors.yml"

# A property's label when its schema gives no `title`: the schemas name fields in French without
# accents; a person reads them with theirs.
LABELS = {
    "sites": "Sites", "id": "Identifiant", "nom": "Nom", "ville": "Ville", "adresse": "Adresse",
    "referents": "Référents", "verifie_le": "Vérifié le", "role": "Rôle", "email": "Adresse électronique",
    "telephone": "Téléphone", "permanence": "Permanence", "source": "Source",
    "contact_si_referent_vacant": "Contact quand un site n'a pas de référent", "contacts": "Contacts",
    "type": "Type", "fonction": "Fonction", "mis_a_jour": "Mis à jour le", "contact": "Contact à qui demander",
    "evenements": "Dates annoncées", "titre": "Titre", "debut": "Début", "fin": "Fin", "lieu": "Lieu",
    "public": "Public concerné", "lien": "Lien", "precisions": "Précisions", "statut": "Statut",
    "annoncee_le": "Annoncée le", "url": "Adresse de la page", "description": "Description",
    "title": "Titre", "date": "Date de publication", "authors": "Auteurs", "categories": "Rubriques",
    "draft": "Brouillon", "rubriques": "Rubriques", "created": "Publié le", "updated": "Mis à jour le",
    "slug": "Adresse", "libelle": "Libellé", "reference_legale": "Référence légale", "provenance": "Provenance",
    "parties": "Parties", "code": "Code", "domaines": "Domaines", "presentation": "Présentation",
    "competences": "Compétences", "titre_court": "Titre court", "explication": "Explication",
    "traces": "Traces à verser au dossier", "situations": "Situations de classe", "liees": "Compétences liées",
    "formulaires": "Formulaires", "destinataire": "Destinataire", "formspree_id": "Identifiant Formspree",
    "sujet": "Objet de l'e-mail", "bouton": "Bouton d'envoi", "confirmation": "Message de confirmation",
    "introduction": "Introduction", "champs": "Champs", "obligatoire": "Obligatoire", "aide": "Aide",
    "autocomplete": "Remplissage automatique", "option_autre": "Option de plus",
}
SUMMARY = ("nom", "titre", "id", "code")  # the property that names an item of a list, in its header
SINGULAR = {"sites": "Site", "referents": "Référent", "contacts": "Contact", "evenements": "Date",
            "rubriques": "Rubrique", "categories": "Rubrique", "authors": "Auteur", "parties": "Partie",
            "domaines": "Domaine", "competences": "Compétence", "traces": "Trace", "situations": "Situation",
            "liees": "Compétence liée", "champs": "Champ", "provenance": "Provenance"}
OFFICIAL = "Texte officiel du référentiel, à ne pas modifier."  # a `readOnly` field's hint: Decap has no read-only field

# What the validator accepts, as a pattern the browser checks (the validator stays the authority).
FORMAT_PATTERNS = {
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "date-time": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$",
    "email": r"^[^\s@]+@[^\s@]+\.[^\s@]+$",
    "telephone": r"^(\+33 ?[1-9]|0[1-9])( ?[0-9]{2}){4}$",
    "uri": r"^https?://\S+$",
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


# --- the backend, from the environment ----------------------------------------------------------

@dataclass(frozen=True)
class Backend:
    """Where the editor reads and commits: `backend` and `local_backend` of Decap's configuration."""
    backend: dict[str, Any] | None  # None: no editor on this publication
    local: str | None = None  # decap-server's API address (make serve, the tests)

    @property
    def editorial_workflow(self) -> bool:
        # Merge requests that CI validates before anything is published; the local server writes files.
        return self.local is None and self.backend is not None and self.backend["name"] in ("gitlab", "github")

    @property
    def origins(self) -> list[str]:
        """The origins the editor's page talks to: the backend's API, its sign-in, the local server."""
        found = []
        for key in ("api_root", "base_url", "proxy_url"):
            if self.backend and self.backend.get(key):
                found.append(_origin(self.backend[key]))
        if self.local:
            found.append(_origin(self.local))
        return sorted(set(found))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def backend(environ: Mapping[str, str] = os.environ) -> Backend:
    local = environ.get("C2I2E_ADMIN_LOCAL") or None
    branch = environ.get("C2I2E_ADMIN_BRANCH") or environ.get("CI_DEFAULT_BRANCH") or "main"
    repo = environ.get("C2I2E_ADMIN_REPO") or environ.get("CI_PROJECT_PATH")
    if app_id := environ.get("C2I2E_ADMIN_GITLAB_APP_ID"):
        base = (environ.get("C2I2E_ADMIN_GITLAB_URL") or environ.get("CI_SERVER_URL") or "https://gitlab.com")
        base = base.rstrip("/")
        chosen = {"name": "gitlab", "repo": repo, "branch": branch, "auth_type": "pkce", "app_id": app_id,
                  "base_url": base, "api_root": f"{base}/api/v4", "auth_endpoint": "oauth/authorize"}
    elif proxy := environ.get("C2I2E_ADMIN_GITHUB_OAUTH"):
        chosen = {"name": "github", "repo": repo, "branch": branch, "base_url": proxy.rstrip("/"),
                  "api_root": "https://api.github.com"}
    elif local:
        chosen = {"name": "proxy", "proxy_url": local, "branch": branch}
    else:
        return Backend(None)
    if chosen["name"] != "proxy" and not repo:
        raise ValueError("C2I2E_ADMIN_REPO manquant : le dépôt (« groupe/projet ») que l'éditeur modifie")
    return Backend(chosen, local)


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
    if warning := node.get("x-avertissement"):
        # Said beside the field beforehand; avertissements.js asks to confirm it at the save.
        result["hint"] = f"{result.get('hint', '')} Attention : {warning['message']}.".strip()
    kind = node.get("type")
    if kind != "array" and (choice := node.get("x-choix-dans")):
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
        if choice := items.get("x-choix-dans"):
            result |= relation(choice) | {"multiple": True}
        elif "enum" in items or name in options:
            result |= {"widget": "select", "multiple": True, "options": list(items.get("enum") or options[name])}
        elif items.get("type") == "object":
            result |= {"widget": "list", "collapsed": False, "fields": fields(items, root),
                       "label_singular": SINGULAR.get(name, result["label"])}
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


def config(backend_: Backend, data_dir: Path = DATA_DIR, docs_dir: Path = ROOT / "docs") -> dict[str, Any]:
    """Decap's configuration for this backend, from the schemas of `data_dir`."""
    result: dict[str, Any] = {"locale": "fr", "backend": backend_.backend}
    if backend_.local:
        result["local_backend"] = {"url": backend_.local, "allowed_hosts": ["127.0.0.1", "localhost"]}
    if backend_.editorial_workflow:
        result["publish_mode"] = "editorial_workflow"
    result |= {
        # Not used by any field (no image widget); Decap requires it.
        "media_folder": "docs/assets/images", "public_folder": "/assets/images",
        # File names are ASCII slugs; an optional field left empty is left out, as the validator wants.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "omit_empty_optional_fields": True,
        "show_preview_links": False,
        "search": False,
        "collections": [*data_collections(data_dir), posts_collection(data_dir, docs_dir)],
    }
    return result


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


def config_text(backend_: Backend, data_dir: Path = DATA_DIR, docs_dir: Path = ROOT / "docs") -> str:
    header = ("# Généré par scripts/admin depuis les schémas de referentiel/ : ne pas modifier à la main.\n")
    return header + yaml.safe_dump(config(backend_, data_dir, docs_dir), allow_unicode=True, sort_keys=False,
                                   width=1000)


def read(site: Site) -> tuple[Backend, list[Diagnostic]]:
    """The backend the environment asks for, checked with the data: a missing repository is reported
    in French, like a data problem, and nothing is published."""
    try:
        return backend(), []
    except ValueError as error:
        return Backend(None), [Diagnostic(site.path, 1, 1, f"{error} (variable d'environnement : ce fichier "
                                                           "n'y est pour rien)")]


FOOTER = ROOT / "overrides" / "partials" / "copyright.html"  # every page's mandatory footer (theme override)


def footer(site: Site) -> markupsafe.Markup:
    """The theme's footer (accessibility status, mandatory pages), from its own template, with links
    from /admin/."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["url"] = lambda path: f"../{path}"
    return markupsafe.Markup(environment.from_string(FOOTER.read_text(encoding="utf-8")).render(
        config={"copyright": site.config.data.get("copyright")}))


def pages(data: Data, context: Context) -> Iterator[Output]:
    chosen: Backend = data.content[NAME]
    yield PAGE, context.templates.get_template("admin/index.html").render(
        configured=chosen.backend is not None, footer=footer(context.site))
    yield STYLESHEET, context.templates.get_template("admin/editeur.css").render()
    if chosen.backend is not None:
        yield CONFIG, config_text(chosen, data.directory, context.site.docs_dir)
        yield WARNINGS, json.dumps(warning_rules(data.directory), ensure_ascii=False, indent=1)
        yield WARNINGS_SCRIPT, context.templates.get_template("admin/avertissements.js").render()


# --- after the build: the bundle, and what the page's policy allows -----------------------------

def published_config(site_dir: Path) -> dict[str, Any] | None:
    path = Path(site_dir) / CONFIG
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def origins(site_dir: Path) -> list[str]:
    """What the published editor talks to, read from the configuration it loads."""
    published = published_config(site_dir)
    if not published:
        return []
    local = (published.get("local_backend") or {}).get("url")
    return Backend(published["backend"], local).origins


def bundle(site: BuiltSite, *, serving: bool = False) -> str:
    """Copy Decap's bundle into /admin/ when the site has an editor configured."""
    if published_config(site.directory) is None:
        return "éditeur : pas de serveur de dépôt configuré, /admin/ renvoie au guide en texte"
    if not (BUNDLE_DIR / BUNDLE).is_file():
        raise RuntimeError(f"{BUNDLE_DIR / BUNDLE} manquant : lancez « npm ci --ignore-scripts » (make le fait)")
    target = site.directory / FOLDER
    size = 0
    for source in sorted(BUNDLE_DIR.glob("*decap-cms.js")):
        shutil.copyfile(source, target / source.name)
        size += source.stat().st_size
    return f"éditeur : Decap CMS copié dans /{FOLDER}/ ({size // 1024} Ko, chargés par cette page seule)"


FEATURE = Feature(NAME, templates=Path(__file__).parent / "templates", read=read, pages=pages,
                  places=(f"{FOLDER}/",))
