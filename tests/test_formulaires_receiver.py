"""The local receiver speaks Formspree's protocol, over loopback, as the real command runs it."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from scripts.formulaires.client import FormspreeClient
from tests import formulaires_receiver as receivers
from tests.conftest import STANDALONE_SITE, run

QUESTION = "poser-une-question"  # a local receiver knows each form by its key
JSON = {"Accept": "application/json"}


@pytest.fixture
def receiver(standalone_receiver):
    """The receiver of these tests, answering normally before and after each."""
    standalone_receiver.recover()
    yield standalone_receiver
    standalone_receiver.recover()


def complete(marker: str, **changes: str) -> dict[str, str]:
    fields = {"_subject": "Portail C2i2e : nouvelle question", "nom": "Camille Essai", "email": "camille@exemple.fr",
              "objet": "Date limite", "message": f"Question de test {marker}"}
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def stored(receiver, marker: str) -> list[dict]:
    return [r for r in receiver.submissions() if marker in json.dumps(r, ensure_ascii=False)]


@pytest.mark.parametrize("kind", ["json", "urlencoded", "multipart"])
def test_the_three_kinds_of_body_are_accepted_and_stored(receiver, kind):
    marker = uuid.uuid4().hex
    fields = complete(marker, message=f"Accents : é à ç — {marker}")
    url = f"{receiver.endpoint}/{QUESTION}"
    if kind == "json":
        response = httpx.post(url, json=fields, headers=JSON)
    elif kind == "urlencoded":
        response = httpx.post(url, data=fields, headers=JSON)
    else:
        response = httpx.post(url, files={name: (None, value) for name, value in fields.items()}, headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"next": STANDALONE_SITE + "merci/", "ok": True}
    (record,) = stored(receiver, marker)
    assert record["form"] == "poser-une-question" and record["form_id"] == QUESTION
    assert record["content_type"] == kind
    assert record["fields"] == fields
    assert len(record["id"]) == 32 and record["received_at"].endswith("+00:00")


def test_a_plain_form_post_is_redirected_to_the_sites_thank_you_page(receiver):
    marker = uuid.uuid4().hex
    response = httpx.post(f"{receiver.endpoint}/{QUESTION}", data=complete(marker))
    assert response.status_code == 302
    assert response.headers["Location"] == STANDALONE_SITE + "merci/"
    assert len(stored(receiver, marker)) == 1


@pytest.mark.parametrize("accept", [JSON, {}])
def test_a_filled_honeypot_is_answered_as_accepted_and_dropped(receiver, accept):
    marker = uuid.uuid4().hex
    response = httpx.post(f"{receiver.endpoint}/{QUESTION}", data={**complete(marker), "_gotcha": "robot"},
                          headers=accept)
    assert response.status_code == (200 if accept else 302)
    assert stored(receiver, marker) == []


def test_an_unknown_form_id_is_404_form_not_found(receiver):
    response = httpx.post(f"{receiver.endpoint}/xyzxyzxy", json=complete("x"), headers=JSON)
    assert response.status_code == 404
    assert response.json() == {"error": "Form not found",
                               "errors": [{"code": "FORM_NOT_FOUND", "message": "Form not found"}]}


def test_validation_errors_have_formspree_shapes_and_nothing_is_stored(receiver):
    marker = uuid.uuid4().hex
    response = httpx.post(f"{receiver.endpoint}/{QUESTION}", headers=JSON,
                          json=complete(marker, email="camille@localhost", objet="  ", nom=None))
    assert response.status_code == 422
    assert response.json() == {"error": "Validation errors", "errors": [
        {"code": "REQUIRED_FIELD_MISSING", "field": "nom", "message": "is required"},
        {"code": "TYPE_EMAIL", "field": "email", "message": "should be an email"},
        {"code": "REQUIRED_FIELD_EMPTY", "field": "objet", "message": "is required"},
    ]}
    assert stored(receiver, marker) == []
    empty = httpx.post(f"{receiver.endpoint}/{QUESTION}", headers=JSON, data={"_subject": "x"})
    assert empty.status_code == 422 and empty.json()["errors"][0]["code"] == "EMPTY"


def test_a_refused_plain_post_gets_a_french_page(receiver):
    response = httpx.post(f"{receiver.endpoint}/{QUESTION}", data=complete("x", email="pas-une-adresse"))
    assert response.status_code == 422 and response.headers["Content-Type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert "« Adresse e-mail » : Cette adresse e-mail n&#x27;est pas valide" in response.text
    assert "vos saisies y sont conservées" in response.text


def test_files_are_refused_as_on_formspree_free_plan(receiver):
    marker = uuid.uuid4().hex
    response = httpx.post(f"{receiver.endpoint}/{QUESTION}", headers=JSON, data=complete(marker),
                          files={"piece": ("cv.txt", b"contenu", "text/plain")})
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "NO_FILE_UPLOADS"
    assert stored(receiver, marker) == []


def test_bad_bodies_are_refused_cleanly(receiver):
    url = f"{receiver.endpoint}/{QUESTION}"
    assert httpx.post(url, content=b"{not json", headers={**JSON, "Content-Type": "application/json"}
                      ).status_code == 400
    assert httpx.post(url, content=b"[1, 2]", headers={**JSON, "Content-Type": "application/json"}
                      ).status_code == 400
    assert httpx.post(url, content=b"x", headers={**JSON, "Content-Type": "text/plain"}).status_code == 400
    too_big = httpx.post(url, content=b"a=" + b"x" * (1024 * 1024 + 1),
                         headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"})
    assert too_big.status_code == 413
    assert httpx.get(f"{receiver.base}/health").json()["ok"] is True  # still serving


def test_cors_lets_the_site_post_from_another_port(receiver):
    preflight = httpx.options(f"{receiver.endpoint}/{QUESTION}", headers={
        "Origin": "http://127.0.0.1:8000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    answer = httpx.post(f"{receiver.endpoint}/nope", json={}, headers={**JSON, "Origin": "http://127.0.0.1:8000"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_inbox_prints_the_stored_submissions_as_json_lines(receiver):
    marker = uuid.uuid4().hex
    assert httpx.post(f"{receiver.endpoint}/{QUESTION}", json=complete(marker), headers=JSON).status_code == 200
    result = run("-m", "scripts.formulaires", "inbox", "--store", str(receiver.store))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records == receiver.submissions()
    assert any(marker in r["fields"].get("message", "") for r in records)
    only = run("-m", "scripts.formulaires", "inbox", "--store", str(receiver.store), "--form", "signaler-une-modification")
    assert all(json.loads(line)["form"] == "signaler-une-modification" for line in only.stdout.splitlines())


def test_inbox_without_a_store_says_so(tmp_path):
    result = run("-m", "scripts.formulaires", "inbox", "--store", str(tmp_path / "absent.jsonl"))
    assert result.stdout == "" and "Aucun envoi enregistré" in result.stderr


def test_a_line_cut_short_is_reported_not_fatal(tmp_path):
    store = tmp_path / "formulaires.jsonl"
    store.write_text('{"id": "a", "form": "poser-une-question"}\n{"id": "b", "fo', encoding="utf-8")
    result = run("-m", "scripts.formulaires", "inbox", "--store", str(store))
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]
    assert "formulaires.jsonl:2: avertissement : ligne illisible" in result.stderr


def test_serve_refuses_bad_form_data_in_french(data_copy, tmp_path):
    path = data_copy / "formulaires.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: email", "type: courriel", 1), encoding="utf-8")
    result = run("-m", "scripts.formulaires", "serve", "--data", str(data_copy), "--port", "0",
                 "--store", str(tmp_path / "s.jsonl"), check=False)
    assert result.returncode == 1
    assert "formulaires.yaml:" in result.stderr and "« courriel » n'est pas permis ici" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_a_busy_port_says_so(receiver, tmp_path):
    port = receiver.netloc.rsplit(":", 1)[1]
    result = run("-m", "scripts.formulaires", "serve", "--port", port, "--store", str(tmp_path / "s.jsonl"), check=False)
    assert result.returncode == 1 and "déjà utilisé" in result.stderr and "Traceback" not in result.stderr


def test_200_concurrent_submissions_are_all_stored_once(tmp_path):
    """Load test, loopback only: 200 submissions sent at the same moment, no retry, a bounded wait."""
    receiver = receivers.start(tmp_path / "charge.jsonl", STANDALONE_SITE, tmp_path / "recepteur.log")
    total = 200
    try:
        together = threading.Barrier(total)
        markers = [f"charge-{n:03d}-{uuid.uuid4().hex}" for n in range(total)]
        transport = httpx.HTTPTransport(limits=httpx.Limits(max_connections=total))

        def send(client: FormspreeClient, marker: str) -> int:
            together.wait(timeout=60)
            return client.submit(QUESTION, complete(marker)).status

        with FormspreeClient(receiver.endpoint, attempts=1, timeout=60, transport=transport) as client, \
                ThreadPoolExecutor(max_workers=total) as pool:
            statuses = list(pool.map(lambda marker: send(client, marker), markers, timeout=180))
        assert statuses == [200] * total
        records = receiver.submissions()
        assert len(records) == total
        assert sorted(r["fields"]["message"].split()[-1] for r in records) == sorted(markers)
        assert len({r["id"] for r in records}) == total
        assert receiver.posts() == total
    finally:
        receiver.stop()
    assert receiver.process.returncode == 0
    assert "Récepteur de formulaires arrêté." in receiver.log.read_text(encoding="utf-8")
