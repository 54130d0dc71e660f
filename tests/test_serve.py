"""`make serve`, driven the way a newcomer uses it: the portal answers on
127.0.0.1, and editing a data file regenerates the pages with live reload."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, contains: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2, follow_redirects=True)
            last = response.text
            if response.status_code == 200 and contains in last:
                return last
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} n'a pas affiché « {contains} » à temps. Dernière réponse :\n{last[:500]}")


def test_make_serve_serves_the_portal_and_regenerates_on_data_change(project_copy):
    port, forms_port = free_port(), free_port()
    log = (project_copy / "serve.log").open("w")
    server = subprocess.Popen(["make", "serve", f"PORT={port}", f"FORMS_PORT={forms_port}"], cwd=project_copy,
                              stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        home = wait_for(base, "Portail C2i2e")
        assert 'lang="fr"' in home
        page = base + "referentiel/a-1/a-1-1/"
        wait_for(page, "Personnes ressources du numérique")
        data = project_copy / "referentiel" / "competences.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace(
            'titre_court: "Personnes ressources du numérique"', 'titre_court: "Qui solliciter pour le numérique"'),
            encoding="utf-8")
        wait_for(page, "Qui solliciter pour le numérique")
        # The local form receiver runs alongside, and the forms are built to post to it.
        forms_base = f"http://127.0.0.1:{forms_port}"
        assert httpx.get(f"{forms_base}/health", timeout=5).json()["ok"] is True
        wait_for(base + "formulaires/poser-une-question/", f'action="{forms_base}/f/')
    except AssertionError as error:
        raise AssertionError(f"{error}\nSortie de make serve :\n"
                             f"{(project_copy / 'serve.log').read_text()[-3000:]}") from None
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    with pytest.raises(httpx.TransportError):  # stopping make serve stopped the receiver too
        httpx.get(f"http://127.0.0.1:{forms_port}/health", timeout=2)
