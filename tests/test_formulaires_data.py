"""The forms are data: referentiel/formulaires.yaml is checked like the other files, and one
template turns each form into a page that posts to the configured endpoint."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from scripts import annuaire
from scripts import formulaires as forms_data
from scripts.validate import validate
from tests.conftest import FORMSPREE_IDS, generation_context, run

EXPECTED_PAGES = {
    "formulaires/demander-un-accompagnateur.md",
    "formulaires/poser-une-question.md",
    "formulaires/signaler-une-modification.md",
}


def edit(folder, old: str, new: str, count: int = 1, name: str = "formulaires.yaml") -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def messages_for(folder) -> list[str]:
    return [str(d).split(":", 3)[3].strip() for d in validate(folder).diagnostics
            if d.path.name == "formulaires.yaml"]


QUESTION_ID = forms_data.id_variable("poser-une-question")


@pytest.fixture(autouse=True)
def unconfigured(monkeypatch):
    """Whatever the environment of the run (a CI with repository variables), the forms start unconfigured."""
    for key in EXPECTED_PAGES:
        monkeypatch.delenv(forms_data.id_variable(key.removeprefix("formulaires/").removesuffix(".md")),
                           raising=False)
    for name in (forms_data.LOCAL_VARIABLE, forms_data.REQUIRED_VARIABLE, forms_data.ENDPOINT_VARIABLE):
        monkeypatch.delenv(name, raising=False)


def generated(monkeypatch, endpoint: str | None = None, data=None, **ids: str) -> dict[str, str]:
    """The forms' pages, with this endpoint and these Formspree ids (by form key, "_" for "-")."""
    if endpoint is not None:
        monkeypatch.setenv(forms_data.ENDPOINT_VARIABLE, endpoint)
    for key, value in ids.items():
        monkeypatch.setenv(forms_data.id_variable(key.replace("_", "-")), value)
    return dict(forms_data.pages(data or validate(), generation_context()))


def configured(monkeypatch, **extra: str) -> dict[str, str]:
    """Every form with a Formspree id."""
    return generated(monkeypatch, demander_un_accompagnateur="idA", poser_une_question="idQ",
                     signaler_une_modification="idS", **extra)


def test_the_shipped_forms_are_valid_and_each_one_without_an_id_is_listed_as_an_email_route():
    data = validate()
    assert not data.errors, data.errors
    keys = [form.key for form in forms_data.forms(data)]
    assert keys == ["demander-un-accompagnateur", "poser-une-question", "signaler-une-modification"]
    warnings = [str(w) for w in data.warnings if w.path.name == "formulaires.yaml"]
    assert len(warnings) == 3 and all("est publié comme adresse e-mail" in w for w in warnings)
    assert all(f"variable {forms_data.id_variable(key)}" in w for w, key in zip(warnings, keys, strict=True))
    for form in forms_data.forms(data):
        assert form.recipient == "scolarite" and form.data_id is None and form.formspree_id() is None
        assert form.field("email") and form.field("email").type == "email" and form.field("email").required


def test_make_check_lists_the_email_routes_and_the_flag_makes_them_errors(monkeypatch):
    result = run("-m", "scripts.validate")
    assert result.returncode == 0 and "3 formulaires dont 3 publiés comme adresse e-mail" in result.stdout
    assert result.stdout.count("avertissement : le formulaire") + result.stderr.count(
        "avertissement : le formulaire") == 3
    monkeypatch.setenv(QUESTION_ID, "mq1w2e3r")
    partly = validate()
    assert [w.message.split("»")[0] for w in partly.warnings if w.path.name == "formulaires.yaml"] == [
        "le formulaire « demander-un-accompagnateur ", "le formulaire « signaler-une-modification "]
    required = run("-m", "scripts.validate", check=False, env={forms_data.REQUIRED_VARIABLE: "1"})
    output = required.stdout + required.stderr
    assert required.returncode == 1 and "Traceback" not in output
    assert output.count("erreur : le formulaire") == 2 and "C2I2E_FORMULAIRES_REQUIS=1 exige" in output
    assert "« poser-une-question » est publié" not in output


def test_each_form_asks_what_the_issue_lists():
    fields = {form.key: [f.name for f in form.fields] for form in forms_data.forms(validate())}
    assert fields == {
        "demander-un-accompagnateur": ["nom", "email", "site", "parcours", "message"],
        "poser-une-question": ["nom", "email", "objet", "message"],
        "signaler-une-modification": ["nom", "email", "modification"],
    }


QUESTION_RECIPIENT = '    destinataire: scolarite\n    sujet: "Portail C2i2e : nouvelle question"'
SIGNAL_RECIPIENT = '    destinataire: scolarite\n    sujet: "Portail C2i2e : modification de l\'annuaire"'


def with_id(anchor: str, value: str) -> str:
    """The same lines, with a `formspree_id` between the recipient and the subject."""
    recipient, subject = anchor.split("\n")
    return f"{recipient}\n    formspree_id: {value}\n{subject}"


def test_an_id_given_twice_is_an_error_at_its_second_place(data_copy):
    edit(data_copy, QUESTION_RECIPIENT, with_id(QUESTION_RECIPIENT, "abc1"))
    edit(data_copy, SIGNAL_RECIPIENT, with_id(SIGNAL_RECIPIENT, "abc1"))
    found = messages_for(data_copy)
    assert any("identifiant Formspree « abc1 » en double" in m for m in found), found


@pytest.mark.parametrize("old, new, expected", [
    (QUESTION_RECIPIENT, with_id(QUESTION_RECIPIENT, "https://formspree.io/f/x"),
     "doit être l'identifiant du formulaire sur Formspree"),
    (QUESTION_RECIPIENT, with_id(QUESTION_RECIPIENT, "a-remplacer-question"),
     "doit être l'identifiant du formulaire sur Formspree"),
    (QUESTION_RECIPIENT, QUESTION_RECIPIENT.split("\n")[1], "« destinataire »"),
    ("      - nom: objet", "      - nom: email", "nom de champ « email » en double"),
    ("        libelle: Objet de votre question", "        libelle: ''", "ne doit pas être vide"),
    ("        type: texte-long\n        obligatoire: true\n\n  signaler",
     "        type: texte-long\n        obligatoire: true\n        option_autre: Autre\n\n  signaler",
     "« option_autre » ne s'emploie qu'avec un champ de type « site »"),
    ("destinataire: scolarite", "destinataire: inconnu", "contact « inconnu » inconnu"),
    ("        type: site\n        obligatoire: true\n        aide: \"Le site",
     "        type: liste\n        obligatoire: true\n        aide: \"Le site", "« liste » n'est pas permis ici"),
    ("        autocomplete: name\n", "        autocomplete: nom\n", "« nom » n'est pas permis ici"),
])
def test_mistakes_are_reported_in_french_where_they_are(data_copy, old, new, expected):
    edit(data_copy, old, new)
    found = messages_for(data_copy)
    assert any(expected in message for message in found), found


def test_a_recipient_without_an_email_is_an_error(data_copy):
    edit(data_copy, "destinataire: scolarite", "destinataire: responsable-pedagogique")
    assert any("le contact « responsable-pedagogique » n'a pas d'« email » dans contacts.yaml" in m
               for m in messages_for(data_copy))


@pytest.mark.parametrize("value", ["https://formspree.io/f/x", "a-remplacer", "id espace"])
def test_a_bad_id_variable_is_refused_in_french(data_copy, monkeypatch, value):
    monkeypatch.setenv(QUESTION_ID, value)
    found = messages_for(data_copy)
    assert any(f"{QUESTION_ID} = « {value} » n'est pas un identifiant Formspree" in m for m in found), found


def test_a_misspelt_id_variable_is_a_warning_naming_the_expected_ones(monkeypatch):
    monkeypatch.setenv("C2I2E_FORMSPREE_POSER_QUESTION", "mq1w2e3r")
    warnings = [w.message for w in validate().warnings if w.path.name == "formulaires.yaml"]
    assert any(m.startswith("la variable d'environnement C2I2E_FORMSPREE_POSER_QUESTION ne correspond à aucun "
                            "formulaire") and QUESTION_ID in m for m in warnings), warnings
    assert len(warnings) == 4  # and the three forms stay e-mail routes


def test_a_form_without_a_required_email_field_is_an_error(data_copy):
    edit(data_copy, "      - nom: email\n        libelle: Adresse e-mail\n        type: email\n"
                    "        obligatoire: true\n        aide: \"L'adresse de réponse de votre message. "
                    "Format attendu :\n          nom@domaine.fr\"\n        autocomplete: email\n", "")
    found = messages_for(data_copy)
    assert any("doit avoir un champ nommé « email »" in m for m in found), found
    edit(data_copy, "        type: email\n        obligatoire: true", "        type: email\n        obligatoire: false")
    assert any("« email » doit être de type « email » et obligatoire" in m for m in messages_for(data_copy))


def test_an_error_points_at_its_line(data_copy):
    edit(data_copy, "destinataire: scolarite", "destinataire: inconnu")
    lines = (data_copy / "formulaires.yaml").read_text(encoding="utf-8").splitlines()
    (diagnostic,) = [d for d in validate(data_copy).errors if "inconnu" in d.message]
    assert "destinataire: inconnu" in lines[diagnostic.line - 1]
    assert f"formulaires.yaml:{diagnostic.line}:{diagnostic.column}: erreur : " in str(diagnostic)


def test_the_pages_have_the_paths_other_pages_link_to(monkeypatch):
    assert set(generated(monkeypatch)) == EXPECTED_PAGES


def test_a_configured_form_posts_to_formspree_and_the_endpoint_is_configuration(monkeypatch):
    production = generated(monkeypatch, poser_une_question="mq1w2e3r")["formulaires/poser-une-question.md"]
    assert 'action="https://formspree.io/f/mq1w2e3r"' in production and "mailto:C2i2e-sec@u-pec.fr?" not in production
    local = generated(monkeypatch, "http://127.0.0.1:8001/f/")["formulaires/poser-une-question.md"]
    assert 'action="http://127.0.0.1:8001/f/mq1w2e3r"' in local


def test_the_variable_wins_over_the_data(data_copy, monkeypatch):
    edit(data_copy, QUESTION_RECIPIENT, with_id(QUESTION_RECIPIENT, "dansLesDonnees"))
    data = validate(data_copy)
    assert not [w for w in data.warnings if "poser-une-question" in w.message]
    assert 'action="https://formspree.io/f/dansLesDonnees"' in generated(monkeypatch, data=data)[
        "formulaires/poser-une-question.md"]
    assert 'action="https://formspree.io/f/deLaVariable"' in generated(
        monkeypatch, data=data, poser_une_question="deLaVariable")["formulaires/poser-une-question.md"]


def email_link(markdown: str) -> str:
    (href,) = re.findall(r'href="(mailto:[^"]*)"', markdown.split("## Écrire par e-mail", 1)[1])[:1]
    return html.unescape(href)


def test_a_form_without_an_id_is_an_email_route_with_a_prepared_message(monkeypatch):
    data = validate()
    for path, markdown in generated(monkeypatch).items():
        form = next(f for f in forms_data.forms(data) if f.page == path)
        assert "<form" not in markdown and "action=" not in markdown and "formulaires.js" not in markdown
        assert "Destinataire : <strong>Service Scolarité</strong>" in markdown
        link = urlsplit(email_link(markdown))
        assert link.scheme == "mailto" and link.path == "C2i2e-sec@u-pec.fr"
        assert "+" not in link.query and " " not in link.query  # spaces are %20 in a mailto: (RFC 6068)
        query = dict(parse_qsl(link.query, strict_parsing=True))
        assert query["subject"] == form.subject
        body = query["body"]
        assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
        assert [line.removesuffix(" :") for line in body.split("\r\n") if line] == [
            f.label for f in form.fields if f.name != "email"]
        for field in form.fields:
            if field.name != "email":
                assert f"<li>{html.escape(field.label, quote=False).replace(chr(39), '&#39;')} " in markdown


def test_the_local_receiver_gets_every_form_under_make_serve_only(monkeypatch):
    """make serve sets C2I2E_FORMULAIRES_LOCAUX=1: forms without an id post under their key; never to Formspree."""
    local = generated(monkeypatch, "http://127.0.0.1:8001/f", poser_une_question="mq1w2e3r")
    assert "<form" not in local["formulaires/signaler-une-modification.md"]
    monkeypatch.setenv(forms_data.LOCAL_VARIABLE, "1")
    served = generated(monkeypatch)
    assert 'action="http://127.0.0.1:8001/f/signaler-une-modification"' in served[
        "formulaires/signaler-une-modification.md"]
    assert 'action="http://127.0.0.1:8001/f/mq1w2e3r"' in served["formulaires/poser-une-question.md"]
    assert not [w for w in validate().warnings if w.path.name == "formulaires.yaml"]
    monkeypatch.delenv(forms_data.ENDPOINT_VARIABLE)
    production = generated(monkeypatch)
    assert "<form" not in production["formulaires/signaler-une-modification.md"]
    assert len([w for w in validate().warnings if w.path.name == "formulaires.yaml"]) == 2


@pytest.mark.parametrize("value", ["formspree.io/f", "ftp://example.org/f", "http://127.0.0.1:8001/f?x=1"])
def test_a_bad_endpoint_is_refused_with_a_french_message(value):
    with pytest.raises(forms_data.EndpointError, match="n'est pas une adresse utilisable"):
        forms_data.endpoint({forms_data.ENDPOINT_VARIABLE: value})


def test_a_bad_endpoint_stops_the_generation_with_that_message(project_copy):
    result = run("-m", "scripts.generate", check=False, cwd=project_copy,
                 env={forms_data.ENDPOINT_VARIABLE: "127.0.0.1:8001/f"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "C2I2E_FORMS_ENDPOINT = « 127.0.0.1:8001/f » n'est pas une adresse utilisable" in result.stderr
    assert not (project_copy / "docs" / "formulaires").exists()


def test_a_bad_endpoint_and_the_data_s_own_mistakes_are_reported_together(data_copy, monkeypatch):
    edit(data_copy, "destinataire: scolarite", "destinataire: inconnu")
    monkeypatch.setenv(forms_data.ENDPOINT_VARIABLE, "127.0.0.1:8001/f")
    found = messages_for(data_copy)
    assert any("C2I2E_FORMS_ENDPOINT = « 127.0.0.1:8001/f » n'est pas une adresse utilisable" in m
               for m in found), found
    assert any("contact « inconnu » inconnu" in m for m in found), found


class _Controls(HTMLParser):
    """The form's controls, labels and attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.labels: dict[str, str] = {}
        self._label: str | None = None
        self.options: list[str] = []
        self._in_option = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "label":
            self._label = attributes.get("for")
            self.labels[self._label] = ""
        self._in_option = tag == "option"

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if tag == "option":
            self._in_option = False

    def handle_data(self, text):
        if self._label:
            self.labels[self._label] += text
        if self._in_option:
            self.options.append(text)


def parse(markdown: str) -> _Controls:
    form = re.search(r"<form.*?</form>", markdown, re.S).group(0)
    parser = _Controls()
    parser.feed(form)
    return parser


def test_every_control_is_labelled_and_the_honeypot_is_out_of_reach(monkeypatch):
    data = validate()
    for path, markdown in configured(monkeypatch).items():
        form = next(f for f in forms_data.forms(data) if f.page == path)
        parsed = parse(markdown)
        controls = {a["name"]: (tag, a) for tag, a in parsed.elements if tag in ("input", "select", "textarea")}
        assert controls["_subject"][1] == {"type": "hidden", "name": "_subject", "value": form.subject}
        honeypot = controls["_gotcha"][1]
        assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
        assert parsed.labels[honeypot["id"]].strip()
        for field in form.fields:
            tag, attributes = controls[field.name]
            label = parsed.labels[attributes["id"]]
            assert field.label in label and ("(obligatoire)" if field.required else "(facultatif)") in label
            assert ("required" in attributes) == field.required
            if field.help:
                assert attributes["aria-describedby"] == f"{attributes['id']}-aide"
            if field.autocomplete:
                assert attributes["autocomplete"] == field.autocomplete
            assert any(a.get("id") == f"{attributes['id']}-erreur" and "hidden" in a for _, a in parsed.elements)
        assert "#formulaires" in markdown and "Formspree" in markdown
        assert "Destinataire : <strong>Service Scolarité</strong>" in markdown
        assert '<a href="mailto:C2i2e-sec@u-pec.fr">C2i2e-sec@u-pec.fr</a>' in markdown


def test_without_a_sourced_site_the_site_is_asked_as_free_text_or_je_ne_sais_pas(monkeypatch):
    assert annuaire.site_names(validate()) == []  # no site has an official or first-hand source
    page = configured(monkeypatch)["formulaires/demander-un-accompagnateur.md"]
    controls = parse(page)
    assert controls.options == [] and not any(tag == "select" for tag, _ in controls.elements)
    (field,) = [a for tag, a in controls.elements if a.get("name") == "site"]
    assert field["type"] == "text" and "required" in field
    assert "Le site où vous suivez votre formation, ou « Je ne sais pas »." in html.unescape(page)


FIXTURE_SITES = """\
sites:
  - id: fictif
    nom: Site de Fictif-les-Bains
    referents: []
    source:
      url: https://example.org/sites-officiels
  - id: essai
    nom: Site d'Essai
    referents: []
    source:
      description: Courriel fictif du site
"""


def test_with_sourced_sites_the_site_field_offers_them_then_an_unknown_site(data_copy, monkeypatch):
    (data_copy / "sites.yaml").write_text(FIXTURE_SITES, encoding="utf-8")
    data = validate(data_copy)
    assert not data.errors, data.errors
    page = configured(monkeypatch, data=data)["formulaires/demander-un-accompagnateur.md"]
    assert parse(page).options == ["Choisissez un site", "Site de Fictif-les-Bains", "Site d'Essai",
                                   "Je ne sais pas / autre site"]


def test_data_is_text_never_markup(data_copy, monkeypatch):
    edit(data_copy, "libelle: Objet de votre question", "libelle: \"<script>alert(1)</script> Objet\"")
    edit(data_copy, 'sujet: "Portail C2i2e : nouvelle question"', "sujet: 'Question \" onmouseover=\"x & <b>'")
    data = validate(data_copy)
    page = generated(monkeypatch, data=data, poser_une_question="mq1w2e3r")["formulaires/poser-une-question.md"]
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Objet" in page
    assert 'value="Question &#34; onmouseover=&#34;x &amp; &lt;b&gt;"' in page
    monkeypatch.delenv(QUESTION_ID)
    route = generated(monkeypatch, data=data)["formulaires/poser-une-question.md"]
    assert "<script>alert" not in route and "<b>" not in route and 'onmouseover="x' not in route
    query = dict(parse_qsl(urlsplit(email_link(route)).query))
    assert query["subject"] == "Question \" onmouseover=\"x & <b>"
    assert query["body"].startswith("Nom et prénom :\r\n<script>alert(1)</script> Objet :")


CONFIGURED = {key.removeprefix(forms_data.ID_VARIABLE_PREFIX).lower().replace("_", "-"): value
              for key, value in FORMSPREE_IDS.items() if key.startswith(forms_data.ID_VARIABLE_PREFIX) and value}


@pytest.mark.parametrize("where, key", [
    ("preparer/accompagnement/", "demander-un-accompagnateur"),
    ("contacts/", "demander-un-accompagnateur"),
    ("contacts/", "poser-une-question"),
    ("contacts/", "signaler-une-modification"),
    ("annuaire/", "signaler-une-modification"),
])
def test_the_forms_are_linked_where_a_student_needs_them(pages, forms_receiver, where, key):
    assert re.search(rf'href="[^"]*formulaires/{key}/"', pages[where])


def test_the_build_holds_both_states_and_no_form_posts_to_an_id_nobody_configured(pages, forms_receiver):
    assert set(CONFIGURED) == {"demander-un-accompagnateur", "poser-une-question"}
    for key in (page.removeprefix("formulaires/").removesuffix(".md") for page in EXPECTED_PAGES):
        form_page = pages[f"formulaires/{key}/"]
        if key in CONFIGURED:  # the test build posts to the local receiver, under the configured id
            assert re.findall(r'<form[^>]* action="([^"]*)"', form_page) == [f"{forms_receiver.endpoint}/{CONFIGURED[key]}"]
            assert 'src="../../assets/javascripts/formulaires.js"' in form_page
        else:
            assert not re.findall(r"<form[^>]* (?:action|method)=", form_page) and 'class="c2i2e-form"' not in form_page
            assert "formulaires.js" not in form_page
            assert 'href="mailto:C2i2e-sec@u-pec.fr?subject=Portail%20C2i2e' in form_page
    posted = {(address, action) for address, page in pages.items()
              for action in re.findall(r'<form[^>]* action="([^"]*)"', page) if action.startswith("http")}
    assert posted == {(f"formulaires/{key}/", f"{forms_receiver.endpoint}/{id_}") for key, id_ in CONFIGURED.items()}
