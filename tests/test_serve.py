"""`make serve`, driven the way a newcomer uses it: the portal answers on
127.0.0.1, and editing a data file regenerates the pages with live reload."""

from __future__ import annotations

import os
import signal
import subprocess

import httpx
import pytest

from scripts.core.paths import ROOT
from scripts.tools.static_host import free_port, wait_for

SERVE_LIMIT = 90  # seconds: the first build under `make serve` makes everything


def test_make_serve_serves_the_portal_and_regenerates_on_data_change(project_copy):
    port, forms_port, editor_port = free_port(), free_port(), free_port()
    (project_copy / "node_modules").symlink_to(ROOT / "node_modules")  # installed once (make's node stamp)
    log = (project_copy / "serve.log").open("w")
    # -o: the shared node_modules, installed by make's stamp in the repository, is never reinstalled from here.
    server = subprocess.Popen(["make", "-o", "node_modules/.installed-from-lock", "serve", f"PORT={port}",
                               f"FORMS_PORT={forms_port}",
                               f"DECAP_PORT={editor_port}"], cwd=project_copy,
                              stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        home = wait_for(base, "Portail C2i2e", SERVE_LIMIT)
        assert 'lang="fr"' in home
        page = base + "referentiel/a-1/a-1-1/"
        wait_for(page, "Personnes ressources du numérique", SERVE_LIMIT)
        data = project_copy / "referentiel" / "competences.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace(
            'titre_court: "Personnes ressources du numérique"', 'titre_court: "Qui solliciter pour le numérique"'),
            encoding="utf-8")
        wait_for(page, "Qui solliciter pour le numérique", SERVE_LIMIT)
        # The local form receiver runs alongside, and the forms are built to post to it.
        forms_base = f"http://127.0.0.1:{forms_port}"
        assert httpx.get(f"{forms_base}/health", timeout=5).json()["ok"] is True
        wait_for(base + "formulaires/poser-une-question/", f'action="{forms_base}/f/', SERVE_LIMIT)
        # Every form works locally, a form without a Formspree id too: it posts under its key.
        wait_for(base + "formulaires/signaler-une-modification/",
                 f'action="{forms_base}/f/signaler-une-modification"', SERVE_LIMIT)
        # The editor's local backend runs alongside too, on this working tree, and /admin/ is set to use it.
        editor = f"http://127.0.0.1:{editor_port}/api/v1"
        wait_for(base + "admin/config.yml", f"url: {editor}", SERVE_LIMIT)
        info = httpx.post(editor, json={"action": "info"}, timeout=5).json()
        assert info == {"repo": project_copy.name, "publish_modes": ["simple"], "type": "local_fs"}
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
    with pytest.raises(httpx.TransportError):  # and the editor's backend
        httpx.post(f"http://127.0.0.1:{editor_port}/api/v1", json={"action": "info"}, timeout=2)
