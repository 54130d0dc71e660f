"""`make serve`, driven the way a newcomer uses it: the portal answers on 127.0.0.1, and a saved page,
data file or news post shows in the preview (`mkdocs serve --dirty`: only what changed is rebuilt, and
a page that includes a regenerated list is rebuilt with it)."""

from __future__ import annotations

import re

import httpx
import pytest

from scripts.tools.static_host import make_serve, wait_for, wait_for_line

SERVE_LIMIT = 90  # seconds: the first build under `make serve` makes everything


def test_make_serve_shows_each_saved_page_data_file_and_post(project_copy):
    log = project_copy / "serve.log"
    with make_serve(project_copy, log) as ports:
        port, forms_port, editor_port = ports["PORT"], ports["FORMS_PORT"], ports["DECAP_PORT"]
        try:
            base = f"http://127.0.0.1:{port}/"
            home = wait_for(base, "Portail C2i2e", SERVE_LIMIT)
            assert 'lang="fr"' in home
            # A hand-written page.
            written = project_copy / "docs" / "comprendre" / "conditions.md"
            written.write_text(written.read_text(encoding="utf-8") + "\nUne phrase ajoutée à la relecture.\n",
                               encoding="utf-8")
            wait_for(base + "comprendre/conditions/", "Une phrase ajoutée à la relecture.", SERVE_LIMIT)
            # A page saved alone is not generated again, but the rules over its prose still run: an unsourced
            # date to come stops the preview, named in French, and the page shows its last valid version.
            reviewed = written.read_text(encoding="utf-8")
            written.write_text(reviewed + "\nLa réunion aura lieu le 12 mars 2031.\n", encoding="utf-8")
            wait_for_line(log, "docs/comprendre/conditions.md", "« 12 mars 2031 » est à venir",
                          limit=SERVE_LIMIT)
            written.write_text(reviewed + "\nUne autre phrase, sans date.\n", encoding="utf-8")
            assert "12 mars 2031" not in wait_for(base + "comprendre/conditions/", "Une autre phrase, sans date.",
                                                  SERVE_LIMIT)
            # A data file: the page generated from it.
            data = project_copy / "referentiel" / "competences.yaml"
            text = data.read_text(encoding="utf-8")
            title = re.search(r'titre_court: "([^"]+)"', text)[1]  # the first competency's, A.1.1
            data.write_text(text.replace(f'titre_court: "{title}"', 'titre_court: "Un titre changé à la relecture"', 1),
                            encoding="utf-8")
            wait_for(base + "referentiel/a-1/a-1-1/", "Un titre changé à la relecture", SERVE_LIMIT)
            # A news post: its title, in the latest news that the home page includes (its Markdown unchanged).
            latest = (project_copy / "docs" / "_fragments" / "dernieres-actualites.md").read_text(encoding="utf-8")
            post = project_copy / "docs" / "actualites" / "posts" / (re.search(r"\(actualites/([^)]+)\.md\)", latest)[1] + ".md")
            post.write_text(re.sub(r"^# .*$", "# Un article renommé à la relecture", post.read_text(encoding="utf-8"),
                                   count=1, flags=re.M), encoding="utf-8")
            wait_for(base, "Un article renommé à la relecture", SERVE_LIMIT)
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
                                 f"{log.read_text()[-3000:]}") from None
    with pytest.raises(httpx.TransportError):  # stopping make serve stopped the receiver too
        httpx.get(f"http://127.0.0.1:{forms_port}/health", timeout=2)
    with pytest.raises(httpx.TransportError):  # and the editor's backend
        httpx.post(f"http://127.0.0.1:{editor_port}/api/v1", json={"action": "info"}, timeout=2)
