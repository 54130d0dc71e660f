"""« Sécurité »: a Content-Security-Policy in every page, as a step after any builder.

GitHub Pages sends no headers of ours, so the policy is a
`<meta http-equiv="Content-Security-Policy">` at the top of each page's <head>,
right after the character set (it governs what comes after it: every script). Everything comes from the site itself:
scripts (the inline ones that the themes write, by their hash; not their JSON data blocks,
which no browser runs), styles (the
inline style attributes of our printable templates, by their hash), images,
fonts, connections; forms post only to the site and to the configured form
endpoint (Formspree in production, the local receiver under `make serve`);
no plugin (<object>, <embed>); Pagefind's WebAssembly may run. A meta element
cannot forbid framing (frame-ancestors is ignored there): that needs a
header, which this host cannot send.

Under `mkdocs serve`, the live-reload script that MkDocs injects changes at
every reload: inline scripts are then allowed, for the preview only.

The editor's page (/admin/, Decap CMS) gets a policy of its own, looser, when an editor is
configured: its bundle needs 'unsafe-eval' and inline styles, and it talks to the repository's
server (GitLab's API, or the local decap-server under `make serve`), read from its published
configuration. No other page gets any of it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from urllib.parse import urlsplit

from scripts import admin
from scripts.core.built import BuiltSite
from scripts.formulaires import endpoint

META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'>]*)""", re.I)
# The types a browser runs: a classic script's (none, or a JavaScript type), a module, an import
# map, speculation rules. Any other type is a data block (Material's JSON configuration, written
# relative to each page's depth), which no browser runs and the policy needs not allow: hashing it
# would cost its bytes in every page (the first-load weight budget) for no script at all.
_RUNNABLE = ("", "module", "importmap", "speculationrules")


def _runs(attributes: str) -> bool:
    match = _TYPE.search(attributes)
    kind = match.group(1).strip().lower() if match else ""
    return kind in _RUNNABLE or any(word in kind for word in ("javascript", "ecmascript", "jscript", "livescript"))
# An attribute when white space comes before it (checked apart: a pattern that starts with white space
# is tried at every space of the pages, six times slower).
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_OURS = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(scripts: set[str], styles: set[str], form_origin: str, serving: bool = False) -> str:
    """The policy for pages whose inline scripts and style attributes are these."""
    inline_scripts = ["'unsafe-inline'"] if serving else sorted(_hash(s) for s in scripts)
    inline_styles = ["'unsafe-hashes'", *sorted(_hash(s) for s in styles)] if styles else []
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *inline_scripts]),
        " ".join(["style-src 'self'", *inline_styles]),
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self' {form_origin}",
        f"form-action 'self' {form_origin}",
        "object-src 'none'",
        "base-uri 'self'",
    ])


def editor_policy(origins: list[str], serving: bool = False) -> str:
    """The policy of the editor's page: Decap's bundle from the site, evaluated code and inline styles
    (its React styling), and connections to the repository's server."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'" + (" 'unsafe-inline'" if serving else ""),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        " ".join(["connect-src 'self'", *origins]),
        "form-action 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ])


def _is_editor(name: str) -> bool:
    return name.startswith(f"{admin.FOLDER}/")


def apply(site: BuiltSite, *, serving: bool = False) -> str:
    """Write the same policy into every page of the built site (any policy of ours already there is
    replaced), the editor's own into the editor's page when one is configured."""
    origins = admin.origins(site.directory)
    texts = {name: _OURS.sub("", text) for name, text in site.pages.items()}
    editor_pages = {name: texts.pop(name) for name in list(texts) if origins and _is_editor(name)}
    editor_meta = META.format(html.escape(editor_policy(origins, serving), quote=False))
    for name, text in editor_pages.items():
        site.pages[name] = _with_policy(site, name, text, editor_meta)
    scripts = {script for text in texts.values() for attributes, script in _INLINE_SCRIPT.findall(text)
               if _runs(attributes)}
    styles = {html.unescape(found.group(1)) for text in texts.values() for found in _STYLE_ATTRIBUTE.finditer(text)
              if text[found.start() - 1].isspace()}
    parts = urlsplit(endpoint())
    meta = META.format(html.escape(policy(scripts, styles, f"{parts.scheme}://{parts.netloc}", serving), quote=False))
    for name, text in texts.items():
        site.pages[name] = _with_policy(site, name, text, meta)
    return (f"sécurité : politique de contenu dans {len(texts)} pages ({len(scripts)} scripts en ligne, "
            f"{len(styles)} styles en ligne autorisés par leur empreinte"
            + (f" ; celle de l'éditeur dans {len(editor_pages)} page" if editor_pages else "") + ")")


def _with_policy(site: BuiltSite, name: str, text: str, meta: str) -> str:
    # Right after the character set, which must stay within the first 1024 bytes.
    text, count = re.subn(r"<head>(\s*<meta charset=[^>]*>)?", lambda match: f"{match.group(0)}\n{meta}", text,
                          count=1)
    if count != 1:
        raise RuntimeError(f"{site.directory / name}: pas de <head> où placer la politique de sécurité")
    return text
