"""The httpx client and the command line, against the real local receiver over loopback."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from scripts.formulaires.client import PROBE_MESSAGE, FormspreeClient, ServiceUnavailable, SubmissionRefused
from scripts.tools.static_host import free_port
from tests.conftest import run

QUESTION = "poser-une-question"  # a local receiver knows each form by its key


@pytest.fixture
def receiver(standalone_receiver):
    """The receiver of these tests, answering normally before and after each."""
    standalone_receiver.recover()
    yield standalone_receiver
    standalone_receiver.recover()


def fields(marker: str, **changes: str) -> dict[str, str]:
    values = {"nom": "Camille Essai", "email": "camille@exemple.fr", "objet": "Dossier", "message": marker}
    values.update(changes)
    return values


class Sleeps(list):
    """Stands in for time.sleep: records the waits, does not wait (the receiver counts attempts)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(receiver, **options) -> FormspreeClient:
    return FormspreeClient(receiver.endpoint, **options)


def test_an_accepted_submission(receiver):
    marker = uuid.uuid4().hex
    with client(receiver) as c:
        accepted = c.submit(QUESTION, fields(marker))
    assert accepted.status == 200 and accepted.attempts == 1 and accepted.next.endswith("/merci/")
    (record,) = [r for r in receiver.submissions() if r["fields"].get("message") == marker]
    assert record["content_type"] == "json"


def test_a_422_is_refused_at_once_with_code_field_and_french_message(receiver):
    before = receiver.posts()
    sleeps = Sleeps()
    with client(receiver, sleep=sleeps) as c, pytest.raises(SubmissionRefused) as refused:
        c.submit(QUESTION, fields("x", email="camille@localhost"))
    error = refused.value
    assert error.status == 422 and error.code == "TYPE_EMAIL" and error.field == "email"
    assert error.problems[0].message.startswith("Cette adresse e-mail n'est pas valide")
    assert error.problems[0].detail == "should be an email"
    assert receiver.posts() - before == 1 and sleeps == []  # a 4xx is never retried


def test_an_unknown_form_is_form_not_found(receiver):
    with client(receiver) as c, pytest.raises(SubmissionRefused) as refused:
        c.submit("xyzxyzxy", fields("x"))
    assert refused.value.status == 404 and refused.value.code == "FORM_NOT_FOUND" and refused.value.field is None
    assert "ne reconnaît pas ce formulaire" in refused.value.message and "Formspree" not in refused.value.message


def test_429_is_retried_after_what_retry_after_asks(receiver):
    marker = uuid.uuid4().hex
    receiver.fail(429, times=2, retry_after=3)
    before = receiver.posts()
    sleeps = Sleeps()
    with client(receiver, sleep=sleeps) as c:
        accepted = c.submit(QUESTION, fields(marker))
    assert accepted.attempts == 3 and sleeps == [3.0, 3.0]
    assert receiver.posts() - before == 3
    assert len([r for r in receiver.submissions() if r["fields"].get("message") == marker]) == 1


def test_a_retry_after_beyond_the_bound_is_not_waited_for(receiver):
    receiver.fail(429, times=1, retry_after=3600)
    sleeps = Sleeps()
    with client(receiver, sleep=sleeps) as c, pytest.raises(ServiceUnavailable) as unavailable:
        c.submit(QUESTION, fields("x"))
    assert sleeps == [] and "3600 s" in unavailable.value.message


def test_5xx_is_retried_with_growing_bounded_backoff(receiver):
    marker = uuid.uuid4().hex
    receiver.fail(503, times=3)
    sleeps = Sleeps()
    with client(receiver, sleep=sleeps, backoff=0.5, max_delay=1.5) as c:
        accepted = c.submit(QUESTION, fields(marker))
    assert accepted.attempts == 4
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0 and 0.75 <= sleeps[2] <= 1.5


def test_a_lasting_5xx_gives_up_after_the_attempts(receiver):
    receiver.fail(500)
    before = receiver.posts()
    with client(receiver, sleep=Sleeps(), attempts=3) as c, pytest.raises(ServiceUnavailable) as unavailable:
        c.submit(QUESTION, fields("x"))
    assert unavailable.value.attempts == 3 and receiver.posts() - before == 3
    assert "statut HTTP 500" in unavailable.value.message


def test_a_read_timeout_is_retried_then_reported(receiver):
    receiver.slow(1.0)
    with client(receiver, sleep=Sleeps(), attempts=2, timeout=httpx.Timeout(0.2, connect=2)) as c, \
            pytest.raises(ServiceUnavailable) as unavailable:
        c.submit(QUESTION, fields("x"))
    assert "délai d'attente dépassé" in unavailable.value.message


def test_a_refused_connection_is_retried_then_reported():
    sleeps = Sleeps()
    with FormspreeClient(f"http://127.0.0.1:{free_port()}/f", sleep=sleeps, attempts=3) as c, \
            pytest.raises(ServiceUnavailable) as unavailable:
        c.submit(QUESTION, fields("x"))
    assert len(sleeps) == 2 and "connexion impossible" in unavailable.value.message


def test_backoff_and_jitter_stay_within_bounds():
    for jitter in (0.0, 0.5, 1.0):
        c = FormspreeClient("http://127.0.0.1:9/f", backoff=0.5, max_delay=8.0, jitter=lambda j=jitter: j)
        delays = [c.delay(attempt) for attempt in range(1, 12)]
        assert all(0.25 <= d <= 8.0 for d in delays)
        assert delays[-1] == 4.0 + jitter * 4.0  # capped at max_delay, jitter between half and all
        assert c.delay(1, retry_after=2.0) == 2.0
        c.close()


def probes(receiver) -> list[dict]:
    return [r for r in receiver.submissions() if r["fields"].get("message") == PROBE_MESSAGE]


def test_the_probe_is_accepted_and_dropped(receiver):
    before = receiver.posts()
    with client(receiver) as c:
        assert c.probe(QUESTION).status == 200
    assert receiver.posts() == before + 1 and probes(receiver) == []


# --- command line: exit 0 accepted, 1 refused, 2 unreachable -----------------------------------------------

def test_submit_accepted_exits_0(receiver):
    marker = uuid.uuid4().hex
    result = run("-m", "scripts.formulaires", "submit", "poser-une-question", "nom=Camille Essai",
                 "email=camille@exemple.fr", "objet=Dossier", f"message={marker}", "--endpoint", receiver.endpoint)
    assert result.returncode == 0 and "Envoi accepté" in result.stdout
    (record,) = [r for r in receiver.submissions() if r["fields"].get("message") == marker]
    assert record["fields"]["_subject"] == "Portail C2i2e : nouvelle question"


def test_submit_refused_exits_1_with_the_french_reason(receiver):
    result = run("-m", "scripts.formulaires", "submit", "poser-une-question", "nom=Camille", "email=camille@localhost",
                 "--endpoint", receiver.endpoint, check=False)
    assert result.returncode == 1
    assert "« Adresse e-mail » : Cette adresse e-mail n'est pas valide" in result.stderr
    assert "« Votre question » : Ce champ est obligatoire" in result.stderr


@pytest.mark.parametrize("arguments, expected", [
    (["inconnu", "nom=x"], "formulaire « inconnu » inconnu"),
    (["poser-une-question", "nom"], "nom=valeur"),
    (["poser-une-question", "telephone=0102030405"], "champ « telephone » inconnu"),
    (["poser-une-question", "nom=x", "--endpoint", "formspree.io/f"], "n'est pas une adresse utilisable"),
])
def test_submit_mistakes_exit_1_before_sending(arguments, expected):
    result = run("-m", "scripts.formulaires", "submit", *arguments, check=False)
    assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr


def test_submit_unreachable_exits_2():
    started = time.monotonic()
    result = run("-m", "scripts.formulaires", "submit", "poser-une-question", "nom=x", "--attempts", "2",
                 "--endpoint", f"http://127.0.0.1:{free_port()}/f", check=False)
    assert result.returncode == 2 and "2 tentative(s)" in result.stderr and "Réessayez plus tard" in result.stderr
    assert time.monotonic() - started < 30


def test_submit_while_the_service_answers_503_exits_2(receiver):
    receiver.fail(503)
    result = run("-m", "scripts.formulaires", "submit", "poser-une-question", "nom=x", "--attempts", "2",
                 "--endpoint", receiver.endpoint, check=False)
    assert result.returncode == 2 and "statut HTTP 503" in result.stderr


def test_check_confirms_every_form_without_storing_anything(receiver):
    before = receiver.posts()
    result = run("-m", "scripts.formulaires", "check", "--endpoint", receiver.endpoint)
    assert result.returncode == 0
    assert result.stdout.count(" : répond") == 3 and "/f/poser-une-question)" in result.stdout
    assert receiver.posts() == before + 3 and probes(receiver) == []


def test_check_reports_ids_the_service_does_not_know(receiver):
    result = run("-m", "scripts.formulaires", "check", "--endpoint", receiver.endpoint, check=False,
                 env={"C2I2E_FORMSPREE_POSER_UNE_QUESTION": "mq1w2e3r"})
    assert result.returncode == 1
    assert "poser-une-question" in result.stdout and "ERREUR" in result.stdout
    assert "ne reconnaît pas ce formulaire" in result.stdout and "C2I2E_FORMSPREE_POSER_UNE_QUESTION" in result.stdout
    assert "1 refusé(s)" in result.stdout


def test_without_ids_check_and_submit_name_the_email_routes_and_send_nothing(monkeypatch):
    """Against Formspree, a form without an id has nothing to check nor to send: no request is made."""
    for key in ("DEMANDER_UN_ACCOMPAGNATEUR", "POSER_UNE_QUESTION", "SIGNALER_UNE_MODIFICATION"):
        monkeypatch.delenv(f"C2I2E_FORMSPREE_{key}", raising=False)
    monkeypatch.delenv("C2I2E_FORMS_ENDPOINT", raising=False)
    checked = run("-m", "scripts.formulaires", "check", check=False)
    assert checked.returncode == 0 and checked.stdout.count("sa page est publiée comme adresse e-mail") == 3
    assert "3 publié(s) comme adresse e-mail" in checked.stdout
    sent = run("-m", "scripts.formulaires", "submit", "poser-une-question", "nom=Camille", check=False)
    assert sent.returncode == 1 and "Traceback" not in sent.stderr
    assert "aucun identifiant Formspree pour « poser-une-question »" in sent.stderr
    assert "C2I2E_FORMSPREE_POSER_UNE_QUESTION" in sent.stderr


def test_check_unreachable_exits_2():
    result = run("-m", "scripts.formulaires", "check", "--attempts", "1",
                 "--endpoint", f"http://127.0.0.1:{free_port()}/f", check=False)
    assert result.returncode == 2 and result.stdout.count("INJOIGNABLE") == 3
