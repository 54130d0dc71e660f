"""The forms are data: referentiel/formulaires.yaml is checked like the other files, and one
template turns each form into a page that posts to the configured endpoint."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from scripts import annuaire
from scripts import formulaires as forms_data
from scripts.validate import validate
from tests.conftest import generation_context, run

EXPECTED_PAGES = {
    "formulaires/demander-un-accompagnateur.md",
    "formulaires/poser-une-question.md",
    "formulaires/signaler-une-modification.md",
}


def edit(folder, old: str, new: str, count: int = 1) -> None:
    path = folder / "formulaires.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def messages_for(folder) -> list[str]:
    return [str(d).split(":", 3)[3].strip() for d in validate(folder).diagnostics
            if d.path.name == "formulaires.yaml"]


def generated(monkeypatch, endpoint: str | None = None) -> dict[str, str]:
    if endpoint is None:
        monkeypatch.delenv(forms_data.ENDPOINT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(forms_data.ENDPOINT_VARIABLE, endpoint)
    return dict(forms_data.pages(validate(), generation_context()))


def test_the_shipped_forms_are_valid_and_their_placeholder_ids_are_flagged():
    data = validate()
    assert not data.errors, data.errors
    keys = [form.key for form in forms_data.forms(data)]
    assert keys == ["demander-un-accompagnateur", "poser-une-question", "signaler-une-modification"]
    warnings = [str(w) for w in data.warnings if w.path.name == "formulaires.yaml"]
    assert len(warnings) == 3 and all("identifiant Formspree provisoire" in w for w in warnings)
    for form in forms_data.forms(data):
        assert form.placeholder
        assert form.field("email") and form.field("email").type == "email" and form.field("email").required


def test_each_form_asks_what_the_issue_lists():
    fields = {form.key: [f.name for f in form.fields] for form in forms_data.forms(validate())}
    assert fields == {
        "demander-un-accompagnateur": ["nom", "email", "site", "parcours", "message"],
        "poser-une-question": ["nom", "email", "objet", "message"],
        "signaler-une-modification": ["nom", "email", "site", "modification"],
    }


@pytest.mark.parametrize("old, new, expected", [
    ("formspree_id: a-remplacer-question", "formspree_id: a-remplacer-accompagnateur",
     "identifiant Formspree « a-remplacer-accompagnateur » en double"),
    ("formspree_id: a-remplacer-question", "formspree_id: https://formspree.io/f/x",
     "doit être l'identifiant du formulaire sur Formspree"),
    ("      - nom: objet", "      - nom: email", "nom de champ « email » en double"),
    ("        libelle: Objet de votre question", "        libelle: ''", "ne doit pas être vide"),
    ("        type: texte-long\n        obligatoire: true\n\n  signaler",
     "        type: texte-long\n        obligatoire: true\n        option_autre: Autre\n\n  signaler",
     "« option_autre » ne s'emploie qu'avec un champ de type « site »"),
    ("contact_de_secours: scolarite", "contact_de_secours: inconnu", "contact « inconnu » inconnu"),
    ("        type: site\n        obligatoire: true\n        aide: Le site",
     "        type: liste\n        obligatoire: true\n        aide: Le site", "« liste » n'est pas permis ici"),
    ("        autocomplete: name\n", "        autocomplete: nom\n", "« nom » n'est pas permis ici"),
])
def test_mistakes_are_reported_in_french_where_they_are(data_copy, old, new, expected):
    edit(data_copy, old, new)
    found = messages_for(data_copy)
    assert any(expected in message for message in found), found


def test_a_form_without_a_required_email_field_is_an_error(data_copy):
    edit(data_copy, "      - nom: email\n        libelle: Adresse e-mail\n        type: email\n"
                    "        obligatoire: true\n        aide: \"La réponse vous sera envoyée à cette adresse. "
                    "Format attendu :\n          nom@domaine.fr\"\n        autocomplete: email\n", "")
    found = messages_for(data_copy)
    assert any("doit avoir un champ nommé « email »" in m for m in found), found
    edit(data_copy, "        type: email\n        obligatoire: true", "        type: email\n        obligatoire: false")
    assert any("« email » doit être de type « email » et obligatoire" in m for m in messages_for(data_copy))


def test_an_error_points_at_its_line(data_copy):
    edit(data_copy, "formspree_id: a-remplacer-question", "formspree_id: a-remplacer-accompagnateur")
    lines = (data_copy / "formulaires.yaml").read_text(encoding="utf-8").splitlines()
    (diagnostic,) = [d for d in validate(data_copy).errors if "en double" in d.message]
    assert "a-remplacer-accompagnateur" in lines[diagnostic.line - 1]
    assert f"formulaires.yaml:{diagnostic.line}:{diagnostic.column}: erreur : " in str(diagnostic)


def test_the_pages_have_the_paths_other_pages_link_to(monkeypatch):
    assert set(generated(monkeypatch)) == EXPECTED_PAGES


def test_production_posts_to_formspree_and_the_endpoint_is_configuration(monkeypatch):
    production = generated(monkeypatch)["formulaires/poser-une-question.md"]
    assert 'action="https://formspree.io/f/a-remplacer-question"' in production
    local = generated(monkeypatch, "http://127.0.0.1:8001/f/")["formulaires/poser-une-question.md"]
    assert 'action="http://127.0.0.1:8001/f/a-remplacer-question"' in local


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
    for path, markdown in generated(monkeypatch).items():
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


def test_the_site_field_offers_the_sites_of_the_annuaire(monkeypatch):
    names = annuaire.site_names(validate())
    accompagnateur = parse(generated(monkeypatch)["formulaires/demander-un-accompagnateur.md"])
    assert accompagnateur.options == ["Choisissez un site", *names]
    signaler = parse(generated(monkeypatch)["formulaires/signaler-une-modification.md"])
    assert signaler.options == ["Choisissez un site", *names, "Aucun site en particulier (contacts centraux)"]


def test_data_is_text_never_markup(data_copy, monkeypatch):
    edit(data_copy, "libelle: Objet de votre question", "libelle: \"<script>alert(1)</script> Objet\"")
    edit(data_copy, 'sujet: "Portail C2i2e : nouvelle question"', "sujet: 'Question \" onmouseover=\"x'")
    monkeypatch.delenv(forms_data.ENDPOINT_VARIABLE, raising=False)
    page = dict(forms_data.pages(validate(data_copy), generation_context()))["formulaires/poser-une-question.md"]
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Objet" in page
    assert 'value="Question &#34; onmouseover=&#34;x"' in page


@pytest.mark.parametrize("where, key", [
    ("preparer/accompagnement/", "demander-un-accompagnateur"),
    ("contacts/", "demander-un-accompagnateur"),
    ("contacts/", "poser-une-question"),
    ("contacts/", "signaler-une-modification"),
    ("annuaire/", "signaler-une-modification"),
])
def test_the_forms_are_linked_where_a_student_needs_them(pages, forms_receiver, where, key):
    assert re.search(rf'href="[^"]*formulaires/{key}/"|href="[^"]*formulaires/{key}/"', pages[where])
    form_page = pages[f"formulaires/{key}/"]
    assert f'action="{forms_receiver.endpoint}/a-remplacer-' in form_page  # the test build posts locally
    assert 'src="../../assets/javascripts/formulaires.js"' in form_page
