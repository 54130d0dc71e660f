"""A built site served on loopback the way a static host serves it.

GitHub Pages, GitLab Pages or nginx answer a folder with its index.html, a
missing page with 404.html, and compress text with gzip when the browser
accepts it. The benchmark measures transfer sizes through this server, and the
link check crawls it. Beside it, what the bench and the tests need of any server they
start on loopback: a free port, `make serve` itself, and waiting for a page to show a text or a log
to hold a line.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from scripts.core.paths import ROOT

# What a static host compresses.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "application/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".png": "image/png", ".jpg": "image/jpeg", ".ico": "image/x-icon", ".woff2": "font/woff2",
         ".pdf": "application/pdf", ".webmanifest": "application/manifest+json",
         ".ics": "text/calendar; charset=utf-8", ".vcf": "text/vcard; charset=utf-8",
         ".odt": "application/vnd.oasis.opendocument.text",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class StaticHandler(http.server.BaseHTTPRequestHandler):
    """index.html for folders (with a redirect to the trailing slash), 404.html,
    gzip for text when accepted, GitHub Pages' 10-minute cache lifetime."""

    root: Path
    extra_headers: dict[str, str] = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        status = 200
        if self.root != target and self.root not in target.parents:
            target, status = self.root / "404.html", 404
        elif target.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", {"Location": path + "/"}, body)
                return
            target = target / "index.html"
        if not target.is_file():
            target, status = self.root / "404.html", 404
        if target.is_file():
            payload = target.read_bytes()
        else:
            payload, target = b"Not Found", target.with_suffix(".txt")
        headers = {"Content-Type": TYPES.get(target.suffix, "application/octet-stream"),
                   "Cache-Control": "max-age=600", **self.extra_headers}
        if target.suffix in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
            if "gzip" in self.headers.get("Accept-Encoding", "") and target.is_file():
                payload = _gzipped(target, target.stat().st_mtime_ns)
                headers["Content-Encoding"] = "gzip"
        self._send(status, payload, headers, body)

    def _send(self, status: int, payload: bytes, headers: dict[str, str], body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)


@functools.lru_cache(maxsize=4096)
def _gzipped(path: Path, mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up (browsers and crawlers do) is not an error of the site


@contextmanager
def serve(site: Path, extra_headers: dict[str, str] | None = None) -> Iterator[str]:
    """The site on http://127.0.0.1:PORT/ for the duration of the block."""
    handler = type("Handler", (StaticHandler,), {"root": Path(site).resolve(),
                                                 "extra_headers": dict(extra_headers or {})})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_for_line(log: Path, *parts: str, limit: float, process=None) -> str:
    """The first line of the log file `log` that holds every part (a server saying it listens, a preview
    reporting a rebuild), once it is written; RuntimeError after `limit` seconds, or once `process` ended."""
    deadline = time.monotonic() + limit
    while True:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.is_file() else []
        if found := next((line for line in lines if all(part in line for part in parts)), None):
            return found
        if time.monotonic() > deadline or (process is not None and process.poll() is not None):
            raise RuntimeError(f"aucune ligne de {log.name} ne contient {' … '.join(parts)}")
        time.sleep(0.1)


@contextmanager
def make_serve(project: Path, log: Path) -> Iterator[dict[str, int]]:
    """`make serve` in the copy `project` (its output in `log`), on free ports, for the duration of the block:
    yields them (PORT, FORMS_PORT, DECAP_PORT). The copy uses the repository's node_modules, installed once
    by make's stamp there. At the end, stopped with Ctrl+C as a person stops it; killed if still running 20 s later."""
    ports = {"PORT": free_port(), "FORMS_PORT": free_port(), "DECAP_PORT": free_port()}
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    # A command a shell starts in the background ignores SIGINT, and its children would inherit that.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with log.open("w") as output:
        server = subprocess.Popen(["make", "-o", "node_modules/.installed-from-lock", "serve",
                                   *(f"{name}={port}" for name, port in ports.items())], cwd=project,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield ports
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def free_port() -> int:
    """A port of 127.0.0.1 that no server holds now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, limit: float) -> str:
    """The page at `url` once it answers 200 with `text` in it (a server starting, a live reload)."""
    deadline = time.monotonic() + limit
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2, follow_redirects=True)
            last = response.text
            if response.status_code == 200 and text in last:
                return last
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} n'a pas affiché « {text} » en {limit:.0f} s. Dernière réponse :\n{last[:500]}")

