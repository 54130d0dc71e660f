"""The real local form receiver (`python -m scripts.formulaires serve`), started as a subprocess for the tests.

`start()` runs the command line a person runs, on a free loopback port
(`--port 0`: the receiver prints its address on its first line), with
`--test-controls` so that a test can make it fail for a while.
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from scripts.core.paths import ROOT
from scripts.formulaires.receiver import read_store

START_TIMEOUT = 60.0  # seconds; generous: the machine may be busy with other builds


@dataclass
class LocalReceiver:
    endpoint: str  # e.g. http://127.0.0.1:40123/f
    store: Path
    log: Path
    process: subprocess.Popen

    @property
    def base(self) -> str:
        parts = urlsplit(self.endpoint)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def netloc(self) -> str:
        return urlsplit(self.endpoint).netloc

    def submissions(self) -> list[dict]:
        """What the receiver stored, read back from its file."""
        if not self.store.exists():
            return []
        return [record for _, record in read_store(self.store) if record is not None]

    def fail(self, status: int = 503, *, times: int | None = None, retry_after: int | None = None,
             delay: float = 0.0) -> None:
        """Answer `status` to the next `times` submissions (all of them until `recover()`)."""
        response = httpx.post(f"{self.base}/_test/faults", timeout=5,
                              json={"status": status, "times": times, "retry_after": retry_after, "delay": delay})
        response.raise_for_status()

    def slow(self, delay: float, *, times: int | None = None) -> None:
        response = httpx.post(f"{self.base}/_test/faults", timeout=5,
                              json={"status": None, "times": times, "delay": delay})
        response.raise_for_status()

    def recover(self) -> None:
        httpx.delete(f"{self.base}/_test/faults", timeout=5).raise_for_status()

    def posts(self) -> int:
        """How many submissions it received, whatever it answered."""
        return httpx.get(f"{self.base}/_test/state", timeout=5).json()["posts"]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(store: Path, site_url: str, log: Path, *extra: str, env: dict[str, str] | None = None) -> LocalReceiver:
    log_file = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.formulaires", "serve", "--port", "0", "--store", str(store),
         "--site-url", site_url, "--test-controls", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=log_file, text=True, env={**os.environ, **(env or {})})
    log_file.close()
    deadline = time.monotonic() + START_TIMEOUT
    first = _first_line(process, deadline)
    match = re.search(r"http://\S+", first)
    if not match:
        process.kill()
        raise AssertionError(f"le récepteur n'a pas démarré : {first!r}\n{log.read_text(encoding='utf-8')}")
    # Keep reading its standard output, so that it can never block on a full pipe.
    threading.Thread(target=_drain, args=(process, log), daemon=True).start()
    receiver = LocalReceiver(match.group(0), Path(store), log, process)
    while True:
        try:
            if httpx.get(f"{receiver.base}/health", timeout=2).status_code == 200:
                return receiver
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            receiver.stop()
            raise AssertionError(f"le récepteur ne répond pas :\n{log.read_text(encoding='utf-8')}")
        time.sleep(0.1)


def _first_line(process: subprocess.Popen, deadline: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.5):
                return process.stdout.readline()
            if process.poll() is not None:
                return process.stdout.readline()
    return ""


def _drain(process: subprocess.Popen, log: Path) -> None:
    with log.open("a", encoding="utf-8") as file:
        for line in process.stdout:
            file.write(line)
            file.flush()
