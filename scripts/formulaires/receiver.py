"""A local stand-in for Formspree: `python -m scripts.formulaires serve` (also run by `make serve`).

It speaks Formspree's protocol (shared/sources/formspree-protocol.md) for the
forms of referentiel/formulaires.yaml, so that development, the tests and a
demo work the same way as production, with no network:

- `POST /f/{form_id}` with an urlencoded, multipart or JSON body, where the id
  is a form's key or its configured Formspree id (C2I2E_FORMSPREE_<KEY> or the
  data): so every form works locally, configured or not;
- with `Accept: application/json`: 200 `{"ok": true, "next": …}`, or the
  error shapes of Formspree (422 `TYPE_EMAIL` / `REQUIRED_FIELD_MISSING` /
  `REQUIRED_FIELD_EMPTY`, 404 `FORM_NOT_FOUND`...); otherwise (a plain HTML
  form post) a 302 to the site's thank-you page, or a French error page;
- the honeypot `_gotcha` filled: answered as accepted, nothing stored;
- every accepted submission is appended to a JSON-lines file, flushed and
  fsync'ed under a lock, before the answer is sent;
- CORS headers, so the site (another port) can post with fetch();
- `GET /health` answers 200 once the receiver is ready.

With `--test-controls` (tests only), `POST /_test/faults` makes the next
submissions fail (`{"status": 503, "times": 2, "retry_after": 1, "delay": 0}`),
`DELETE /_test/faults` restores normal answers and `GET /_test/state` counts
the submissions received.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import email_validator

from scripts.formulaires import HONEYPOT, Form, messages

THANKS_PAGE = "merci/"  # the site's thank-you page (docs/merci.md), relative to the site's address
MAX_BODY = 1024 * 1024  # bytes; more is refused with 413
FORM_PATH = re.compile(r"/f/([^/?#]+)/?")

Fields = dict[str, Any]  # name -> str (or list of str when repeated, or any JSON value)


# --- durable store -----------------------------------------------------------------------------------

class Store:
    """Accepted submissions, one JSON object per line, appended durably."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as file:
            file.write(line)
            file.flush()
            os.fsync(file.fileno())


def read_store(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) for each line; None for a line that is not a JSON object (e.g. cut short)."""
    with Path(path).open(encoding="utf-8", errors="replace") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = None
            yield number, record if isinstance(record, dict) else None


# --- validation, as Formspree does it ------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def validate(form: Form, fields: Fields) -> list[dict[str, str]]:
    """Formspree's field errors for this submission (empty: valid)."""
    visible = {name: value for name, value in fields.items() if not name.startswith("_")}
    if not any(_text(value).strip() for value in visible.values()):
        return [{"code": "EMPTY", "message": "Empty form submission"}]
    errors = []
    for spec in form.fields:
        value = fields.get(spec.name)
        if spec.required and value is None:
            errors.append({"code": "REQUIRED_FIELD_MISSING", "field": spec.name, "message": "is required"})
        elif spec.required and not _text(value).strip():
            errors.append({"code": "REQUIRED_FIELD_EMPTY", "field": spec.name, "message": "is required"})
        elif spec.checks_email and _text(value).strip() and not _is_email(_text(value).strip()):
            errors.append({"code": "TYPE_EMAIL", "field": spec.name, "message": "should be an email"})
    return errors


def _is_email(value: str) -> bool:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


# --- bodies --------------------------------------------------------------------------------------------

class BadBody(ValueError):
    pass


def parse_body(content_type: str, body: bytes) -> tuple[Fields, list[str], str]:
    """(fields, names of file parts, kind) for a Formspree-style body."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        try:
            value = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BadBody(f"Invalid JSON: {error}") from None
        if not isinstance(value, dict):
            raise BadBody("The JSON body must be an object")
        return value, [], "json"
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise BadBody("The body is not UTF-8") from None
        return _collect(pairs), [], "urlencoded"
    if kind == "multipart/form-data":
        return (*_multipart(content_type, body), "multipart")
    raise BadBody(f"Unsupported content type: {kind or 'none'}")


def _collect(pairs: list[tuple[str, str]]) -> Fields:
    fields: Fields = {}
    for name, value in pairs:
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return fields


def _multipart(content_type: str, body: bytes) -> tuple[Fields, list[str]]:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart() or message.defects:
        raise BadBody("Malformed multipart body")
    pairs, files = [], []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        if part.get_filename() is not None:
            files.append(name)
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            pairs.append((name, payload.decode(part.get_content_charset() or "utf-8")))
        except (UnicodeDecodeError, LookupError):
            raise BadBody(f"Field {name} is not UTF-8") from None
    return _collect(pairs), files


# --- test controls -------------------------------------------------------------------------------------

@dataclass
class Faults:
    """Answers forced by the tests (--test-controls): a status for the next `times` submissions."""

    status: int | None = None
    times: int | None = None  # None: until cleared
    retry_after: int | None = None
    delay: float = 0.0
    posts: int = 0  # submissions received (POST /f/...), whatever their answer
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self) -> tuple[int | None, int | None, float]:
        with self.lock:
            self.posts += 1
            status, retry_after, delay = self.status, self.retry_after, self.delay
            if self.times is not None:
                self.times -= 1
                if self.times <= 0:
                    self.status, self.times, self.retry_after, self.delay = None, None, None, 0.0
            return status, retry_after, delay

    def set(self, status: int | None, times: int | None, retry_after: int | None, delay: float) -> None:
        with self.lock:
            self.status, self.times, self.retry_after, self.delay = status, times, retry_after, delay

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"posts": self.posts, "status": self.status, "times": self.times,
                    "retry_after": self.retry_after, "delay": self.delay}


# --- the server ----------------------------------------------------------------------------------------

class Receiver(ThreadingHTTPServer):
    """The HTTP server; `serve_forever()` to run, `shutdown()` to stop (in-flight requests finish)."""

    daemon_threads = False  # server_close() waits for requests in flight: nothing is cut mid-write
    block_on_close = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], forms: list[Form], store: Store,
                 site_url: str = "http://127.0.0.1:8000/", test_controls: bool = False) -> None:
        self.forms = {form.key: form for form in forms}
        self.forms.update({form.formspree_id(): form for form in forms if form.formspree_id()})
        self.store = store
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.test_controls = test_controls
        self.faults = Faults()
        super().__init__(address, Handler)

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/f"

    @property
    def thanks_url(self) -> str:
        return urljoin(self.site_url, THANKS_PAGE)


class Handler(BaseHTTPRequestHandler):
    server: Receiver
    server_version = "c2i2e-formulaires"
    timeout = 30  # seconds a client may stay silent: a stuck client cannot hold the server

    # -- routes --

    def do_OPTIONS(self) -> None:  # CORS preflight
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/health":
            self._json(200, {"ok": True, "forms": sorted(self.server.forms)})
        elif path == "/_test/state" and self.server.test_controls:
            self._json(200, self.server.faults.state())
        else:
            self._json(404, {"error": "Not found"})

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path == "/_test/faults" and self.server.test_controls:
            self.server.faults.set(None, None, None, 0.0)
            self._json(200, self.server.faults.state())
        else:
            self._json(404, {"error": "Not found"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/_test/faults" and self.server.test_controls:
            self._set_faults()
            return
        match = FORM_PATH.fullmatch(path)
        if not match:
            self._discard_body()
            self._json(404, {"error": "Not found"})
            return

        status, retry_after, delay = self.server.faults.next()
        if delay:
            time.sleep(delay)
        body = self._read_body()
        if body is None:
            return
        if status:
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            self._refuse(status, HTTPStatus(status).phrase, [], headers=headers)
            return

        form = self.server.forms.get(match.group(1))
        if form is None:
            self._refuse(404, "Form not found", [{"code": "FORM_NOT_FOUND", "message": "Form not found"}])
            return
        try:
            fields, files, kind = parse_body(self.headers.get("Content-Type", ""), body)
        except BadBody as error:
            self._refuse(400, str(error), [])
            return
        if _text(fields.get(HONEYPOT)).strip():
            self._accepted()  # a robot, or `check`'s probe: answered as accepted, never stored
            return
        if files:
            self._refuse(400, "File uploads are not allowed",
                         [{"code": "NO_FILE_UPLOADS", "message": "File uploads are not allowed on this plan"}])
            return
        errors = validate(form, fields)
        if errors:
            self._refuse(422, "Validation errors", errors, form)
            return
        self.server.store.append({
            "id": uuid.uuid4().hex,
            "received_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "form": form.key,
            "form_id": match.group(1),
            "content_type": kind,
            "fields": {name: value for name, value in fields.items() if name != HONEYPOT},
        })
        self._accepted()

    # -- answers --

    def _wants_json(self) -> bool:
        return "application/json" in self.headers.get("Accept", "")

    def _accepted(self) -> None:
        if self._wants_json():
            self._json(200, {"next": self.server.thanks_url, "ok": True})
        else:
            self.send_response(HTTPStatus.FOUND)
            self._cors()
            self.send_header("Location", self.server.thanks_url)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def _refuse(self, status: int, error: str, errors: list[dict[str, str]], form: Form | None = None,
                headers: dict[str, str] | None = None) -> None:
        if self._wants_json():
            self._json(status, {"error": error, "errors": errors} if errors else {"error": error}, headers)
        else:
            self._page(status, errors, form, headers)

    def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self._cors()
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self, status: int, errors: list[dict[str, str]], form: Form | None,
              headers: dict[str, str] | None = None) -> None:
        """A plain post that failed: a French page; the browser's Back button returns to what was typed."""
        items = []
        for error in errors:
            if error.get("field"):
                spec = form.field(error["field"]) if form else None
                label = spec.label if spec else error["field"]
                items.append(f"« {label} » : {messages.field_message(error['code'])}")
            else:
                items.append(messages.form_message(error.get("code")))
        if not items:
            items.append(messages.UNAVAILABLE if status == 429 or status >= 500 else messages.REFUSED)
        listing = "".join(f"<li>{html.escape(item)}</li>" for item in items)
        document = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Message non envoyé — Portail C2i2e</title></head><body><main>"
            "<h1>Votre message n'a pas été envoyé</h1>"
            f"<ul>{listing}</ul>"
            "<p>Revenez à la page précédente avec le bouton « Retour » de votre navigateur : "
            "vos saisies y sont conservées. Corrigez-les, puis envoyez le formulaire à nouveau.</p>"
            f'<p><a href="{html.escape(self.server.site_url)}">Accueil du portail C2i2e</a></p>'
            "</main></body></html>").encode()
        self.send_response(status)
        self._cors()
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(document)))
        self.end_headers()
        self.wfile.write(document)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    # -- bodies --

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._json(413 if length > MAX_BODY else 400,
                       {"error": f"The body must be at most {MAX_BODY} bytes, with a Content-Length"})
            return None
        return self.rfile.read(length)

    def _discard_body(self) -> None:
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= MAX_BODY:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def _set_faults(self) -> None:
        body = self._read_body()
        if body is None:
            return
        try:
            wanted = json.loads(body or b"{}")
            status = wanted.get("status")
            if status is not None:
                HTTPStatus(int(status))
            self.server.faults.set(int(status) if status is not None else None, wanted.get("times"),
                                   wanted.get("retry_after"), float(wanted.get("delay") or 0))
        except (ValueError, TypeError, AttributeError) as error:
            self._json(400, {"error": f"bad faults: {error}"})
            return
        self._json(200, self.server.faults.state())
