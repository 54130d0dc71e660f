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
  points to the text route; no bundle, no loosened policy. francais.js beside it completes Decap's
  French with the phrases of francais.yaml (its own French lacks some, shown in English otherwise);
  listes.js registers Decap's list widget again, its items' buttons named; aides.js ties each field's
  hint and errors to it.
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
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markupsafe
import yaml

from scripts.admin.schemas import data_collections, posts_collection, warning_rules
from scripts.core.built import BuiltSite
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic
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
FRENCH = Path(__file__).parent / "francais.yaml"  # the phrases Decap's French lacks, and its corrections
FRENCH_SCRIPT = f"{FOLDER}/francais.js"  # registers them over Decap's French, before its configuration loads
LISTS_SCRIPT = f"{FOLDER}/listes.js"  # Decap's list widget, its items' buttons named
HINTS_SCRIPT = f"{FOLDER}/aides.js"  # ties each field's hint and errors to it (aria-describedby)
BUNDLE_DIR = ROOT / "node_modules" / "decap-cms" / "dist"
BUNDLE = "decap-cms.js"  # the entry; its chunks (N.decap-cms.js) beside it, loaded from the same folder

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


def french(path: Path = FRENCH) -> dict[str, Any]:
    """The phrases merged over Decap's French locale, keyed as Decap's English one."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def config_text(backend_: Backend, data_dir: Path = DATA_DIR, docs_dir: Path = ROOT / "docs") -> str:
    header = ("# Généré par scripts/admin depuis les schémas de referentiel/ : ne pas modifier à la main.\n")
    # libyaml's emitter: the same text, five times faster than PyYAML's own (each preview's rebuild makes it)
    return header + yaml.dump(config(backend_, data_dir, docs_dir), Dumper=yaml.CSafeDumper, allow_unicode=True,
                              sort_keys=False, width=1000)


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
        config={"copyright": site.config.data.get("copyright"), "extra": site.config.data.get("extra") or {}}))


def pages(data: Data, context: Context) -> Iterator[Output]:
    chosen: Backend = data.content[NAME]
    yield PAGE, context.templates.get_template("admin/index.html").render(
        configured=chosen.backend is not None, footer=footer(context.site))
    yield STYLESHEET, context.templates.get_template("admin/editeur.css").render()
    if chosen.backend is not None:
        yield CONFIG, config_text(chosen, data.directory, context.site.docs_dir)
        yield WARNINGS, json.dumps(warning_rules(data.directory), ensure_ascii=False, indent=1)
        yield WARNINGS_SCRIPT, context.templates.get_template("admin/avertissements.js").render()
        yield FRENCH_SCRIPT, context.templates.get_template("admin/francais.js").render(phrases=french())
        yield LISTS_SCRIPT, context.templates.get_template("admin/listes.js").render()
        yield HINTS_SCRIPT, context.templates.get_template("admin/aides.js").render()


# --- after the build: the bundle, and what the page's policy allows -----------------------------

def origins(site_dir: Path) -> list[str]:
    """What the published editor talks to, read from the configuration it loads."""
    path = Path(site_dir) / CONFIG  # read by libyaml: PyYAML's own reader takes 0.07 s over these 50 KB
    published = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) if path.is_file() else None
    if not published:
        return []
    local = (published.get("local_backend") or {}).get("url")
    return Backend(published["backend"], local).origins


def bundle(site: BuiltSite, *, serving: bool = False) -> str:
    """Copy Decap's bundle into /admin/ when the site has an editor configured."""
    if not (site.directory / CONFIG).is_file():
        return "éditeur : pas de serveur de dépôt configuré, /admin/ renvoie au guide en texte"
    if not (BUNDLE_DIR / BUNDLE).is_file():
        raise RuntimeError(f"{BUNDLE_DIR / BUNDLE} manquant : lancez « npm ci --ignore-scripts » (make le fait)")
    target = site.directory / FOLDER
    size = 0
    for source in sorted(BUNDLE_DIR.glob("*decap-cms.js")):
        copy, stat = target / source.name, source.stat()
        if not copy.is_file() or (copy.stat().st_size, copy.stat().st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            shutil.copy2(source, copy)  # a preview's rebuild finds it in place: 5 MB not written again
        size += stat.st_size
    return f"éditeur : Decap CMS copié dans /{FOLDER}/ ({size // 1024} Ko, chargés par cette page seule)"


FEATURE = Feature(NAME, templates=Path(__file__).parent / "templates", read=read, pages=pages,
                  places=(f"{FOLDER}/",))
