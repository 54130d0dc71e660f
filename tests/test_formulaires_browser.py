"""The forms in Debian's Chromium, on both builds. The test builds configure two forms (conftest's
FORMSPREE_IDS), which post to the real local receiver: with JavaScript (no reload, French errors next
to the fields, nothing typed is lost), without JavaScript (a plain post, then the site's thank-you
page), and with the keyboard alone. The third has no id: its page is an e-mail route, with no form
posting anywhere and a mailto: link that carries the subject and the body's outline."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qsl, urlsplit

import pytest

from scripts.formulaires import forms, id_variable, outline
from scripts.typographie import plain
from scripts.validate import validate
from tests.conftest import FORMSPREE_IDS, axe_violations, ready_for_instant_navigation

pytestmark = pytest.mark.browser

FORMS = {form.key: form for form in forms(validate())}
IDS = {key: FORMSPREE_IDS.get(id_variable(key), "") for key in FORMS}
KEYS = [key for key in FORMS if IDS[key]]  # configured in the test builds
ROUTES = [key for key in FORMS if not IDS[key]]  # published as e-mail routes


def address(site_url: str, key: str) -> str:
    return f"{site_url}formulaires/{key}/"


def values(form, marker: str, email: str = "camille@exemple.fr") -> dict[str, str]:
    """What a student types: a value per field (the site field, free text while no site is sourced: « Je ne sais pas »)."""
    result = {}
    for field in form.fields:
        if field.name == "email":
            result[field.name] = email
        elif field.type == "site":
            result[field.name] = "Je ne sais pas"
        elif field.type == "texte-long":
            result[field.name] = f"Bonjour,\nvoici mon message d'essai {marker}.\nMerci !"
        else:
            result[field.name] = f"{field.label} — essai {marker}"
    return result


def fill(page, form, typed: dict[str, str]) -> None:
    for name, value in typed.items():
        page.locator(f"#{form.key}-{name}").fill(value)


def kept(page, form, typed: dict[str, str]) -> None:
    for name, value in typed.items():
        assert page.locator(f"#{form.key}-{name}").input_value() == value, name


def stored(receiver, marker: str) -> list[dict]:
    return [r for r in receiver.submissions() if any(marker in str(v) for v in r["fields"].values())]


def status(page, form):
    return page.locator(f"#formulaire-{form.key} [data-c2i2e-status]")


def submit(page, form) -> None:
    page.get_by_role("button", name=form.button).click()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("key", KEYS)
def test_with_javascript_the_form_is_sent_without_reloading(site_url, receiver, page, key):
    form = FORMS[key]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, key))
    page.evaluate("window.__sameDocument = true")
    typed = values(form, marker)
    fill(page, form, typed)
    receiver.slow(0.5, times=1)  # long enough to see the form while it is being sent
    submit(page, form)
    button = page.get_by_role("button", name=form.button)
    assert button.is_disabled()
    assert status(page, form).inner_text() == "Envoi en cours…"
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert status(page, form).inner_text() == form.confirmation
    assert status(page, form).get_attribute("aria-live") == "polite"
    assert focused_id(page) == "" and page.evaluate("document.activeElement.matches('[data-c2i2e-status]')")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert button.is_enabled()
    (record,) = stored(receiver, marker)
    assert record["form"] == key and record["form_id"] == IDS[key] and record["content_type"] == "multipart"
    assert {name: record["fields"][name] for name in typed} == {n: v.replace("\n", "\r\n") if "\n" in v else v
                                                               for n, v in typed.items()}
    assert record["fields"]["_subject"] == form.subject and "_gotcha" not in record["fields"]
    assert page.locator(f"#{key}-nom").input_value() == ""  # sent: the form is emptied


@pytest.mark.parametrize("key", KEYS)
def test_a_refused_email_is_explained_next_to_the_field_and_nothing_is_lost(site_url, receiver, page, key):
    form = FORMS[key]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, key))
    typed = values(form, marker, email="camille@localhost")  # valid for the browser, refused by the service
    fill(page, form, typed)
    submit(page, form)
    error = page.locator(f"#{key}-email-erreur")
    error.wait_for(state="visible")
    assert error.inner_text() == "Erreur : Cette adresse e-mail n'est pas valide : vérifiez-la (format attendu : " \
                                 "nom@domaine.fr)."
    email = page.locator(f"#{key}-email")
    assert email.get_attribute("aria-invalid") == "true"
    assert set(email.get_attribute("aria-describedby").split()) == {f"{key}-email-aide", f"{key}-email-erreur"}
    assert focused_id(page) == f"{key}-email"
    assert "1 erreur" in status(page, form).inner_text()
    kept(page, form, typed)
    assert stored(receiver, marker) == []

    email.fill("camille@exemple.fr")
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert error.is_hidden() and email.get_attribute("aria-invalid") is None
    assert email.get_attribute("aria-describedby") == f"{key}-email-aide"
    assert len(stored(receiver, marker)) == 1


def test_empty_required_fields_are_explained_in_french_before_anything_is_sent(site_url, receiver, page):
    form = FORMS["poser-une-question"]
    page.goto(address(site_url, form.key))
    before = receiver.posts()
    page.locator(f"#{form.key}-email").fill("camille")  # not an address at all
    submit(page, form)
    page.locator(f"#{form.key}-nom-erreur").wait_for(state="visible")
    for field in form.fields:
        expected = ("Erreur : Cette adresse e-mail n'est pas valide" if field.name == "email"
                    else "Erreur : Ce champ est obligatoire : remplissez-le.")
        assert page.locator(f"#{form.key}-{field.name}-erreur").inner_text().startswith(expected)
        assert page.locator(f"#{form.key}-{field.name}").get_attribute("aria-invalid") == "true"
    assert focused_id(page) == f"{form.key}-nom"
    assert status(page, form).inner_text().startswith(f"Le formulaire contient {len(form.fields)} erreurs")
    assert page.locator(f"#{form.key}-email").input_value() == "camille"
    assert receiver.posts() == before


def test_while_the_service_answers_503_the_input_stays_and_a_later_try_succeeds(site_url, receiver, page):
    form = FORMS["demander-un-accompagnateur"]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, form.key))
    typed = values(form, marker)
    fill(page, form, typed)
    receiver.fail(503)
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('ne répond pas')")
    message = status(page, form).inner_text()
    assert "Vos saisies sont conservées" in message and "C2i2e-sec@u-pec.fr" in message
    kept(page, form, typed)
    assert page.get_by_role("button", name=form.button).is_enabled()
    assert stored(receiver, marker) == []

    receiver.recover()
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert len(stored(receiver, marker)) == 1


def test_with_the_network_down_or_too_slow_the_input_stays(site_url, receiver, page):
    form = FORMS["poser-une-question"]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, form.key))
    typed = values(form, marker)
    fill(page, form, typed)

    page.context.set_offline(True)
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('Impossible de joindre')")
    kept(page, form, typed)
    page.context.set_offline(False)

    page.evaluate(f"document.getElementById('formulaire-{form.key}').dataset.c2i2eTimeout = '300'")
    receiver.slow(2.0, times=1)
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('pas répondu à temps')")
    kept(page, form, typed)
    assert page.get_by_role("button", name=form.button).is_enabled()
    # As the message warns, the slow submission may still arrive: here it does, once.
    for _ in range(100):
        if stored(receiver, marker):
            break
        page.wait_for_timeout(100)
    assert len(stored(receiver, marker)) == 1


def test_without_javascript_a_plain_post_leads_to_the_thank_you_page(site_url, receiver, browser):
    sent = {key: uuid.uuid4().hex for key in KEYS}  # each form, in the one context with JavaScript off
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        for key, marker in sent.items():
            page.goto(address(site_url, key))
            fill(page, FORMS[key], values(FORMS[key], marker))
            with page.expect_navigation():
                submit(page, FORMS[key])
            assert page.url == f"{site_url}merci/"
            assert "Merci" in page.locator("h1").inner_text()
    finally:
        context.close()
    for key, marker in sent.items():
        (record,) = stored(receiver, marker)
        assert record["form"] == key and record["content_type"] == "urlencoded"
        assert record["fields"]["_subject"] == FORMS[key].subject


@pytest.mark.parametrize("key", KEYS)
def test_the_keyboard_alone_fills_and_sends_each_form(site_url, receiver, page, key):
    form = FORMS[key]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, key))
    first = f"{key}-{form.fields[0].name}"
    for _ in range(300):  # from the top of the page, as a keyboard user does
        page.keyboard.press("Tab")
        if focused_id(page) == first:
            break
    assert focused_id(page) == first, "le premier champ n'est pas atteignable au clavier"

    typed = values(form, marker)
    for field in form.fields:
        assert focused_id(page) == f"{key}-{field.name}"  # fields in order, the honeypot never reached
        page.keyboard.type(typed[field.name].replace("\n", " "))
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert len(stored(receiver, marker)) == 1


def test_forms_work_after_an_instant_navigation(site_url, receiver, page):
    """Material swaps pages without reloading: the script must still handle a form reached that way."""
    form = FORMS["poser-une-question"]
    marker = uuid.uuid4().hex
    page.goto(f"{site_url}contacts/")
    ready_for_instant_navigation(page)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name=form.title).first.click()
    page.wait_for_url(address(site_url, form.key))
    page.locator(f"#{form.key}-nom").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # instant navigation, no reload
    fill(page, form, values(form, marker))
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert page.evaluate("window.__sameDocument") is True
    assert len(stored(receiver, marker)) == 1


# The sends of the page's forms, counted as they start: a second handler of one submit would start its own.
COUNT_SENDS = """() => { window.__sends = 0; const send = window.fetch;
  window.fetch = (input, init) => { if (init && init.method === 'POST') window.__sends++; return send(input, init); }; }"""


def test_a_form_page_reached_again_by_instant_navigation_sends_once(site_url, receiver, page):
    """The forms' script is loaded by their pages alone, so again at each visit (overrides/main.html):
    from a page three levels deep, to a form, away and back, its errors are counted once, and the
    form is sent once."""
    form = FORMS["poser-une-question"]
    page.goto(f"{site_url}referentiel/b-3/b-3-1/")
    ready_for_instant_navigation(page)
    page.evaluate("window.__sameDocument = true")
    for target in (form.key, "demander-un-accompagnateur", form.key):
        page.evaluate("(href) => { const link = document.createElement('a'); link.href = href; link.textContent = 'x';"
                      " document.querySelector('article').append(link); link.click(); }", address(site_url, target))
        page.wait_for_url(address(site_url, target))
        page.locator(f"#{target}-nom").wait_for()
    submit(page, form)  # every required field empty
    page.locator(f"#{form.key}-nom-erreur").wait_for(state="visible")
    assert status(page, form).inner_text().startswith(f"Le formulaire contient {len(form.fields)} erreurs")
    marker = uuid.uuid4().hex
    fill(page, form, values(form, marker))
    page.evaluate(COUNT_SENDS)
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert page.evaluate("window.__sameDocument") is True  # instant navigation all along, no reload
    assert page.evaluate("window.__sends") == 1  # every handler of the submit has run: none sends again
    assert len(stored(receiver, marker)) == 1


def test_the_form_stays_accessible_with_errors_and_after_sending(site_url, receiver, page):
    """axe-core (WCAG A/AA) on the form itself in the states the harness does not see."""
    form = FORMS["demander-un-accompagnateur"]
    page.goto(address(site_url, form.key))

    def violations() -> list[str]:
        return [f"{v['id']}: {v['targets']}" for v in axe_violations(page, f"#formulaire-{form.key}")]

    submit(page, form)  # every required field empty
    page.locator(f"#{form.key}-nom-erreur").wait_for(state="visible")
    assert violations() == []
    fill(page, form, values(form, uuid.uuid4().hex))
    submit(page, form)
    page.wait_for_function("() => document.querySelector('[data-c2i2e-status]').textContent.includes('bien été envoyé')")
    assert violations() == []


def test_when_ajax_is_refused_the_page_falls_back_to_a_plain_post(site_url, receiver, page):
    """Formspree answers 403 to fetch() while reCAPTCHA is on: the form is then posted the classic way."""
    form = FORMS["poser-une-question"]
    marker = uuid.uuid4().hex
    page.goto(address(site_url, form.key))
    fill(page, form, values(form, marker))
    receiver.fail(403, times=1)
    with page.expect_navigation():
        submit(page, form)
    page.wait_for_url(f"{site_url}merci/")
    (record,) = stored(receiver, marker)
    assert record["content_type"] == "urlencoded"


# --- a form without an id: the e-mail route -------------------------------------------------------------

def test_the_test_builds_hold_both_states():
    assert KEYS and ROUTES == ["signaler-une-modification"]


def email_link(page):
    return page.get_by_role("link", name="Écrire un e-mail à C2i2e-sec@u-pec.fr")


@pytest.mark.parametrize("key", ROUTES)
def test_a_form_without_an_id_posts_nowhere_and_its_link_prepares_the_email(site_url, receiver, page, key):
    form = FORMS[key]
    before = receiver.posts()
    page.goto(address(site_url, key))
    assert page.locator("article form").count() == 0
    assert page.evaluate("[...document.forms].filter(f => f.getAttribute('action')"
                         " && f.getAttribute('method') === 'post').length") == 0
    assert not page.evaluate("[...document.scripts].some(s => s.src.includes('formulaires.js'))")
    assert page.get_by_role("heading", level=2, name="Écrire par e-mail").is_visible()
    assert "Destinataire : Service Scolarité." in plain(page.locator("article").inner_text())
    link = email_link(page)
    assert link.is_visible()
    href = urlsplit(link.get_attribute("href"))
    assert href.scheme == "mailto" and href.path == "C2i2e-sec@u-pec.fr"
    query = dict(parse_qsl(href.query, strict_parsing=True))
    assert query["subject"] == form.subject
    assert query["body"] == outline(form).replace("\n", "\r\n")
    assert receiver.posts() == before


# Both layouts (a phone, a laptop) and both schemes, each once.
@pytest.mark.parametrize(("width", "scheme"), [(320, "dark"), (1280, "light")], ids=["sombre-320", "clair-1280"])
def test_the_email_route_is_accessible_and_reached_by_keyboard(site_url, page, width, scheme):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(address(site_url, ROUTES[0]))
    assert [f"{v['id']}: {v['targets']}" for v in axe_violations(page, "article")] == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for _ in range(300):  # from the top of the page, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.href || ''").startswith("mailto:C2i2e-sec@u-pec.fr?subject="):
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "Écrire un e-mail à C2i2e-sec@u-pec.fr"
