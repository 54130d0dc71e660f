"""The one Formspree client (httpx), used by the command line and the tests.

- always sends `Accept: application/json` (otherwise Formspree answers a
  redirect meant for browsers), never follows redirects;
- connect and read timeouts;
- retries what is temporary: connection errors and timeouts, 429 (waiting
  what `Retry-After` asks, up to `max_retry_after`) and 5xx, with bounded
  exponential backoff and jitter, `attempts` times at most; never retries
  another 4xx;
- turns the answers into `Accepted`, or raises `SubmissionRefused` (the
  service said no: code, field and a French message for each problem) or
  `ServiceUnavailable` (still unreachable after the retries).

A retried submission may arrive twice (the service may have stored it before
the answer was lost): Formspree has no idempotency key, and a duplicate is
better than a lost message.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from scripts.formulaires import HONEYPOT, messages
from scripts.formulaires import endpoint as configured_endpoint

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
PROBE_MESSAGE = ("Vérification automatique de l'identifiant du formulaire (python -m scripts.formulaires check) : "
                 "ce message doit être écarté par le service d'envoi ; s'il vous parvient, ignorez-le.")


@dataclass(frozen=True)
class Problem:
    """One reason for a refusal: Formspree's code and field, a French message, the service's own words."""

    code: str | None
    field: str | None
    message: str
    detail: str | None = None

    def __str__(self) -> str:
        return f"champ « {self.field} » : {self.message}" if self.field else self.message


@dataclass(frozen=True)
class Accepted:
    status: int
    next: str | None
    attempts: int


class FormspreeError(Exception):
    """A submission that did not go through; `message` is in French."""

    def __init__(self, message: str, *, status: int | None = None, problems: tuple[Problem, ...] = (),
                 attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems
        self.attempts = attempts

    @property
    def code(self) -> str | None:
        return self.problems[0].code if self.problems else None

    @property
    def field(self) -> str | None:
        return self.problems[0].field if self.problems else None


class SubmissionRefused(FormspreeError):
    """The service answered no (4xx other than 429, or an answer that is not Formspree's)."""


class ServiceUnavailable(FormspreeError):
    """Unreachable, timing out, 429 or 5xx, still after every attempt."""


class FormspreeClient:
    def __init__(self, endpoint: str | None = None, *, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
                 attempts: int = 4, backoff: float = 0.5, max_delay: float = 8.0, max_retry_after: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep, jitter: Callable[[], float] = random.random,
                 transport: httpx.BaseTransport | None = None) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.endpoint = (endpoint or configured_endpoint()).rstrip("/")
        self.attempts = attempts
        self.backoff = backoff
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._jitter = jitter
        self._http = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                                  headers={"Accept": "application/json", "User-Agent": "portail-c2i2e-formulaires"})

    def __enter__(self) -> FormspreeClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def url(self, form_id: str) -> str:
        return f"{self.endpoint}/{quote(form_id, safe='')}"

    def submit(self, form_id: str, fields: Mapping[str, Any]) -> Accepted:
        """Post these fields (as JSON) to the form; retries what is temporary."""
        url = self.url(form_id)
        cause = ""
        for attempt in range(1, self.attempts + 1):
            retry_after = None
            try:
                response = self._http.post(url, json=dict(fields))
            except httpx.TimeoutException:
                cause = "délai d'attente dépassé"
            except httpx.TransportError as error:
                cause = _transport_cause(error)
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return self._interpret(response, attempt)
                cause = f"statut HTTP {response.status_code}"
                retry_after = _retry_after(response)
                if retry_after is not None and retry_after > self.max_retry_after:
                    raise ServiceUnavailable(
                        f"{messages.UNAVAILABLE} Le service demande d'attendre {retry_after:.0f} s avant de "
                        f"réessayer ({url}).", status=response.status_code, attempts=attempt)
            if attempt < self.attempts:
                self._sleep(self.delay(attempt, retry_after))
        raise ServiceUnavailable(f"{messages.UNAVAILABLE} {self.attempts} tentative(s) sur {url} : {cause}.",
                                 attempts=self.attempts)

    def probe(self, form_id: str) -> Accepted:
        """Check that a form id answers, without notifying anybody: the honeypot is filled, so the
        service accepts the submission and drops it."""
        return self.submit(form_id, {HONEYPOT: "verification", "message": PROBE_MESSAGE})

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the `attempt`-th failure: what Retry-After asks, or an exponential
        backoff (backoff, 2×, 4×..., at most max_delay) with jitter between half and all of it."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_retry_after))
        ceiling = min(self.max_delay, self.backoff * 2 ** (attempt - 1))
        return ceiling / 2 + self._jitter() * ceiling / 2

    def _interpret(self, response: httpx.Response, attempts: int) -> Accepted:
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        if 200 <= status < 300:
            if isinstance(body, dict) and (isinstance(body.get("next"), str) or body.get("ok") is True):
                return Accepted(status, body.get("next") if isinstance(body.get("next"), str) else None, attempts)
            raise SubmissionRefused(messages.UNEXPECTED, status=status, attempts=attempts,
                                    problems=(Problem(None, None, f"{messages.UNEXPECTED} (statut {status}, "
                                                                  "réponse qui n'est pas celle de Formspree)"),))
        problems = _problems(status, body)
        raise SubmissionRefused("; ".join(map(str, problems)), status=status, problems=problems, attempts=attempts)


def _problems(status: int, body: Any) -> tuple[Problem, ...]:
    body = body if isinstance(body, dict) else {}
    errors = body.get("errors")
    problems = []
    if isinstance(errors, list):
        for error in errors:
            if not isinstance(error, dict):
                continue
            code = error.get("code") if isinstance(error.get("code"), str) else None
            field = error.get("field") if isinstance(error.get("field"), str) else None
            detail = error.get("message") if isinstance(error.get("message"), str) else None
            if field:
                text = messages.FIELD.get(code or "") or messages.field_message(None)
            else:
                text = messages.FORM.get(code or "") or _unspecified(status, detail)
            problems.append(Problem(code, field, text, detail))
    if not problems:
        detail = body.get("error") if isinstance(body.get("error"), str) else None
        problems.append(Problem(None, None, _unspecified(status, detail), detail))
    return tuple(problems)


def _unspecified(status: int, detail: str | None) -> str:
    if status == 403 and detail and ("AJAX" in detail or "reCAPTCHA" in detail):
        return messages.AJAX_REFUSED
    words = f" : « {detail} »" if detail else ""
    return f"{messages.REFUSED} (statut HTTP {status}{words})"


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (a number of seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _transport_cause(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.ConnectError):
        return f"connexion impossible ({error})"
    return f"erreur de transport ({type(error).__name__} : {error})"
