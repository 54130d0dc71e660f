"""« Admin »: the editor at /admin/ (Decap CMS), its configuration generated from the schemas.

The browser tests run Chromium against the real decap-server (node_modules, pinned in
package-lock.json) writing a temporary copy of the repository; the copy's site is built with the
editor pointed at that server and served on 127.0.0.1. Every request the editor makes is recorded:
none leaves 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from html import unescape
from urllib.parse import urlsplit

import pytest
import yaml

from scripts import admin, securite
from scripts.admin import schemas
from scripts.core.paths import DATA_DIR, ROOT
from scripts.tools import admin as local_admin
from tests.conftest import axe_violations, console_errors, forget, origin_of, run

LOCAL = {"C2I2E_ADMIN_LOCAL": "http://127.0.0.1:8081/api/v1"}
PRODUCTION = {"C2I2E_ADMIN_GITLAB_APP_ID": "0123456789abcdef", "C2I2E_ADMIN_REPO": "inspe-upec/portail-c2i2e"}
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


# --- the configuration, from the schemas --------------------------------------------------------

def _fields_by_path(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    found = {}
    for field in fields:
        path = f"{prefix}{field['name']}"
        found[path] = field
        found |= _fields_by_path(field.get("fields", []), f"{path}.")
    return found


def _properties_by_path(node: dict, root: dict, prefix: str = "", data: object = None) -> dict[str, tuple[dict, bool]]:
    """Every property of the schema, by its dotted path (items of a list under the list's name; the items of
    an object keyed freely under each key that `data`, the data file, holds there)."""
    found = {}
    required = set(node.get("required", ()))
    properties = node.get("properties", {})
    if isinstance(node.get("additionalProperties"), dict) and not properties:
        properties = dict.fromkeys(data if isinstance(data, dict) else (), node["additionalProperties"])
        required = set(properties)
    for name, child in properties.items():
        child = schemas._resolve(child, root)
        path = f"{prefix}{name}"
        found[path] = (child, name in required)
        items = schemas._resolve(child.get("items", {}), root) if child.get("type") == "array" else child
        if items.get("type") == "object":
            inner = data.get(name) if isinstance(data, dict) and child.get("type") == "object" else None
            found |= _properties_by_path(items, root, f"{path}.", inner)
    return found


def _files(config: dict) -> dict[str, dict]:
    """Each data file's form in the configuration, by the file's path."""
    return {entry["file"]: entry for collection in config["collections"] for entry in collection.get("files", ())}


def test_every_property_of_each_schema_is_a_field_with_its_rules():
    config = admin.config(admin.backend(LOCAL))
    files = _files(config)
    checked = 0
    for data_file in schemas.DATA_FILES:
        schema_path = DATA_DIR / f"{data_file.name}.schema.json"
        if not schema_path.is_file():
            continue
        root = json.loads(schema_path.read_text(encoding="utf-8"))
        fields = _fields_by_path(files[f"referentiel/{data_file.name}.yaml"]["fields"])
        data = yaml.safe_load((DATA_DIR / f"{data_file.name}.yaml").read_text(encoding="utf-8"))
        properties = _properties_by_path(root, root, data=data)
        assert set(fields) == set(properties), data_file.name  # no field of the editor's own making either
        for path, (node, required) in properties.items():
            field = fields[path]  # every property has its field
            assert field["required"] is required, path
            assert field["label"] and field["label"] != path.rsplit(".", 1)[-1], path  # a French label
            if node.get("description"):
                assert field["hint"].startswith(node["description"]), path
            if node.get("x-avertissement"):
                assert node["x-avertissement"]["message"] in field["hint"], path
            assert (schemas.OFFICIAL in field.get("hint", "")) is bool(node.get("readOnly")), path
            if "enum" in node:
                assert field["widget"] == "select" and field["options"] == node["enum"], path
            if "pattern" in node:
                assert field["pattern"] == [node["pattern"], node.get("x-message", "n'a pas la forme attendue")], path
            if node.get("format") == "email":
                assert field["pattern"][1] == "n'est pas une adresse électronique valide", path
            checked += 1
    assert checked > 100  # the référentiel's and the forms' fields included


def test_the_posts_front_matter_is_the_schema_s_with_a_body():
    config = admin.config(admin.backend(LOCAL))
    posts = next(c for c in config["collections"] if c["name"] == "actualites")
    root = json.loads((DATA_DIR / "actualites.schema.json").read_text(encoding="utf-8"))
    fields = {field["name"]: field for field in posts["fields"]}
    assert set(fields) == {*root["properties"], "body"}
    assert fields["categories"]["multiple"] is True
    choice = schemas._resolve(root["properties"]["categories"], root)["items"]["x-choix-dans"]
    assert fields["categories"]["widget"] == "relation"  # the categories are a data file the editor edits too
    assert fields["categories"]["value_field"] == f"{choice['liste']}.*.{choice['valeur']}"
    assert fields["authors"]["options"] == ["equipe-c2i2e"]  # from docs/actualites/.authors.yml
    assert posts["folder"] == "docs/actualites/posts" and posts["slug"] == "{{fields.date.created}}-{{slug}}"
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert config["locale"] == "fr"


def test_every_warning_of_the_schemas_is_asked_before_a_save():
    rules = schemas.warning_rules()
    files = _files(admin.config(admin.backend(LOCAL)))
    checked = 0
    for data_file in schemas.DATA_FILES:
        root = json.loads((DATA_DIR / f"{data_file.name}.schema.json").read_text(encoding="utf-8"))
        by_path = {".".join(p for p in rule["path"] if p != "*"): rule for rule in rules.get(data_file.collection, [])}
        warned = {path: node["x-avertissement"] for path, (node, _) in _properties_by_path(root, root).items()
                  if "x-avertissement" in node}
        assert set(by_path) == set(warned), data_file.name
        for path, warning in warned.items():
            assert (by_path[path]["pattern"], by_path[path]["message"]) == (warning["pattern"], warning["message"])
            field = _fields_by_path(files[f"referentiel/{data_file.name}.yaml"]["fields"])[path]
            assert by_path[path]["labels"][-1] == field["label"]  # the confirmation names the field as the form does
            checked += 1
    assert checked >= 4  # the référents' and the contacts' addresses and phones
    rule = rules["annuaire"][0]
    assert rule["path"] == ["sites", "*", "referents", "*", "email"]
    assert re.search(rule["pattern"], "camille@gmail.com") and not re.search(rule["pattern"], "camille@u-pec.fr")


def test_a_flagged_value_already_published_is_not_asked_again(data_copy):
    path = data_copy / "sites.yaml"
    local_admin.seed_sites(data_copy)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sites"][0]["referents"] = [{"nom": "Alex Exemple", "email": "alex@gmail.com", "telephone": "06 12 34 56 78",
                                      "verifie_le": "2026-12-01"},
                                     {"nom": "Camille Exemple", "email": "camille@u-pec.fr", "verifie_le": "2026-12-01"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    published = {rule["path"][-1]: rule["published"] for rule in schemas.warning_rules(data_copy)["annuaire"]}
    assert published == {"email": ["alex@gmail.com"], "telephone": ["06 12 34 56 78"]}
    assert all(rule["published"] == [] for rule in schemas.warning_rules()["contacts"])


def test_a_schema_change_shows_in_the_editor_without_a_hand_edit(data_copy):
    path = data_copy / "sites.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    referent = schema["$defs"]["referent"]
    referent["properties"]["bureau"] = {"title": "Bureau", "description": "Le numéro du bureau.",
                                        "type": "string", "pattern": "^[A-Z][0-9]{3}$", "x-message": "comme « P105 »"}
    referent["required"].append("bureau")
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    fields = _fields_by_path(_files(admin.config(admin.backend(LOCAL), data_copy))[
        "referentiel/sites.yaml"]["fields"])
    assert fields["sites.referents.bureau"] == {
        "name": "bureau", "label": "Bureau", "required": True, "hint": "Le numéro du bureau.",
        "widget": "string", "pattern": ["^[A-Z][0-9]{3}$", "comme « P105 »"]}


def test_a_calendar_moment_is_a_day_or_a_day_and_time_in_one_pattern():
    fields = _fields_by_path(_files(admin.config(admin.backend(LOCAL)))["referentiel/calendrier.yaml"]["fields"])
    pattern, message = fields["evenements.debut"]["pattern"]
    assert all(re.search(pattern, value) for value in ("2027-03-15", "2027-03-15T14:00"))
    assert not any(re.search(pattern, value) for value in ("2027-03-15 14:00", "15/03/2027", "2027-03-15T14"))
    assert "AAAA-MM-JJTHH:MM" in message


def test_under_the_production_configuration_the_local_backend_is_not_used():
    chosen = admin.backend(PRODUCTION)
    config = admin.config(chosen)
    assert "local_backend" not in config
    assert config["backend"] == {"name": "gitlab", "repo": "inspe-upec/portail-c2i2e", "branch": "main",
                                 "auth_type": "pkce", "app_id": "0123456789abcdef", "base_url": "https://gitlab.com",
                                 "api_root": "https://gitlab.com/api/v4", "auth_endpoint": "oauth/authorize"}
    assert config["publish_mode"] == "editorial_workflow"  # a change becomes a merge request that CI checks
    assert chosen.origins == ["https://gitlab.com"]
    # GitLab CI's own variables name the project and its server.
    ci = admin.backend({"C2I2E_ADMIN_GITLAB_APP_ID": "x", "CI_PROJECT_PATH": "inspe/portail",
                        "CI_SERVER_URL": "https://gitlab.u-pec.fr", "CI_DEFAULT_BRANCH": "principale"})
    assert ci.backend["repo"] == "inspe/portail" and ci.backend["branch"] == "principale"
    assert ci.origins == ["https://gitlab.u-pec.fr"]
    # The local server's editor writes the working tree, without merge requests (it has none).
    local = admin.config(admin.backend(LOCAL))
    assert "publish_mode" not in local and local["local_backend"]["url"] == LOCAL["C2I2E_ADMIN_LOCAL"]


def test_on_github_the_editor_signs_in_through_the_proxy_the_institution_runs():
    chosen = admin.backend({"C2I2E_ADMIN_GITHUB_OAUTH": "https://oauth.example.invalid/",
                            "C2I2E_ADMIN_REPO": "inspe-upec/portail-c2i2e"})
    config = admin.config(chosen)
    assert config["backend"] == {"name": "github", "repo": "inspe-upec/portail-c2i2e", "branch": "main",
                                 "base_url": "https://oauth.example.invalid", "api_root": "https://api.github.com"}
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert chosen.origins == ["https://api.github.com", "https://oauth.example.invalid"]


def test_without_a_backend_there_is_no_editor_to_load():
    assert admin.backend({}).backend is None
    with pytest.raises(ValueError, match="C2I2E_ADMIN_REPO"):
        admin.backend({"C2I2E_ADMIN_GITLAB_APP_ID": "x"})


# --- the editor's French --------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\{(\w+)\}")
# Phrases that French writes as English does: names, and words of both languages.
SAME_IN_FRENCH = {"Collections", "Code", "Markdown", "Images", "Notes", "＋ %{collectionLabel}", "%{details}", "%{date}",
                  "MMMM D"}


def test_every_phrase_of_decap_s_english_has_its_french():
    english = local_admin.flatten(local_admin.decap_locale("en"))
    decap_french = local_admin.flatten(local_admin.decap_locale("fr"))
    ours = local_admin.flatten(admin.french())
    french = local_admin.french()
    assert len(english) > 200 and set(english) - set(decap_french)  # what Decap's French lacks, shown in English
    assert set(ours) <= set(english)  # no phrase Decap would not ask for (a misspelt key)
    for key, phrase in english.items():
        assert french.get(key, "").strip(), key
        assert french[key] != phrase or phrase in SAME_IN_FRENCH, (key, phrase)
        # Decap fills in only the placeholders its English has; the plural forms keep their count.
        assert set(PLACEHOLDER.findall(french[key])) <= set(PLACEHOLDER.findall(phrase)), key
        assert french[key].count("||||") == phrase.count("||||"), key


def test_the_page_registers_that_french_over_decap_s_own(tmp_path):
    from scripts.core import pipeline

    script = pipeline.templates([admin.FEATURE]).get_template("admin/francais.js").render(phrases=admin.french())
    (tmp_path / "francais.js").write_text(script, encoding="utf-8")
    # Decap's registry as the bundle has it: registerLocale replaces a locale whole.
    harness = ("const fs = require('fs'); const registered = {fr: JSON.parse(process.argv[1])};"
               "globalThis.window = {CMS: {getLocale: name => registered[name],"
               " registerLocale: (name, phrases) => { registered[name] = phrases; }}};"
               "eval(fs.readFileSync(process.argv[2], 'utf8'));"
               "process.stdout.write(JSON.stringify(registered.fr));")
    done = run_node(harness, json.dumps(local_admin.decap_locale("fr")), str(tmp_path / "francais.js"))
    assert local_admin.flatten(json.loads(done)) == local_admin.french()
    assert '<script src="francais.js"></script>' in (admin.FEATURE.templates / "index.html").read_text(encoding="utf-8")


def run_node(script: str, *arguments: str) -> str:
    import subprocess

    return subprocess.run(["node", "-e", script, *arguments], capture_output=True, text=True, check=True).stdout


# --- the published site (both builds, the production configuration) ----------------------------

def test_the_loosened_policy_is_on_no_page_but_the_editor(pages):
    for address, html in pages.items():
        if address.startswith("admin/"):
            continue
        policy = unescape(POLICY.search(html)[1])
        assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy.split("style-src")[1], address


def test_the_editor_page_is_out_of_the_index_the_navigation_and_the_sitemap(pages, site_dir):
    editor = pages["admin/"]
    assert '<meta name="robots" content="noindex, nofollow">' in editor
    assert "data-pagefind-body" not in editor and 'data-pagefind-ignore="all"' in editor
    assert not any('href="admin/' in html or 'href="../admin/' in html or 'href="/admin/' in html
                   for address, html in pages.items() if address != "admin/")
    assert "/admin/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    # This build configures no repository server: the page says so, and loads no bundle.
    assert "n'est pas activé" in editor and "decap-cms.js" not in editor
    assert not (site_dir / "admin" / admin.BUNDLE).exists()


@pytest.mark.browser
def test_the_editor_page_without_an_editor_is_accessible_and_quiet(site_url, page):
    errors = console_errors(page)
    page.goto(site_url + "admin/")
    assert axe_violations(page) == [] and errors == []
    page.get_by_role("link", name="« Modifier les fichiers en texte »").click()
    page.get_by_role("heading", name="Annexe : modifier les fichiers en texte").wait_for()


def test_the_editor_policy_allows_what_decap_needs_and_only_there(tmp_path):
    site = tmp_path / "site"
    (site / "admin").mkdir(parents=True)
    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body></body></html>'
    (site / "index.html").write_text(head, encoding="utf-8")
    (site / "admin" / "index.html").write_text(head, encoding="utf-8")
    (site / "admin" / "config.yml").write_text(admin.config_text(admin.backend(PRODUCTION)), encoding="utf-8")
    from scripts.core.built import BuiltSite
    built = BuiltSite.read(site)
    securite.apply(built)
    editor = unescape(POLICY.search(built.pages["admin/index.html"])[1])
    home = unescape(POLICY.search(built.pages["index.html"])[1])
    assert "script-src 'self' 'unsafe-eval';" in editor and "style-src 'self' 'unsafe-inline'" in editor
    assert "connect-src 'self' https://gitlab.com;" in editor
    assert "'unsafe-eval'" not in home and "gitlab.com" not in home


# --- the editor in Chromium, against the real decap-server on a copy of the repository ---------

@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    try:
        with local_admin.local_editor(tmp_path_factory.mktemp("depot")) as made:
            local_admin.seed_sites(made.repo / "referentiel")  # read by decap-server when an entry opens
            yield made
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def editor_tab(browser, editor):
    """One tab for the module's tests, signed in to the local server once: each test loads its view
    afresh there (a new tab would start a new renderer, and compile Decap's bundle again)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    with _recorded(page, editor):
        local_admin.sign_in(page, editor)
    page.goto("about:blank")
    yield page
    context.close()


@contextmanager
def _recorded(page, editor):
    """Every request the page makes meanwhile: none leaves 127.0.0.1, and the local server's are among them."""
    requests: list[str] = []

    def record(request):
        requests.append(request.url)

    page.on("request", record)
    yield
    page.remove_listener("request", record)
    outside = {urlsplit(url).netloc for url in requests} - {urlsplit(editor.url).netloc, urlsplit(editor.api).netloc}
    assert not outside, f"l'éditeur a demandé des adresses hors du site : {outside}"
    assert any(url.startswith(editor.api) for url in requests)


@pytest.fixture
def editor_page(editor_tab, editor):
    """The editor, signed in to the local server, on a blank page: the test loads its view. Every request
    it makes is recorded; after it, the unsaved forms Decap keeps (IndexedDB) are forgotten, or Decap
    would offer them back to the next test."""
    try:
        with _recorded(editor_tab, editor):
            yield editor_tab
    finally:
        editor_tab.goto("about:blank")  # the last form's page gone, with its pending backup
        forget(editor_tab, [origin_of(editor.url)], "indexeddb")


_open, _publish = local_admin.open_entry, local_admin.publish
# The tests of the editor against decap-server: a whole copy of the project, built, in Chromium; one
# worker runs them all (the copy is made once per worker that needs it).
def against_the_server(test):
    for mark in (pytest.mark.site, pytest.mark.browser, pytest.mark.xdist_group("admin")):
        test = mark(test)
    return test


def _open_list(page, editor) -> None:
    """The editor's collection list, where a person lands once signed in."""
    local_admin.load(page, editor)
    page.get_by_role("link", name="Annuaire des sites").wait_for()


def _referent(name: str) -> str:
    return local_admin.label("annuaire", f"sites.referents.{name}")


_fill, _choose = local_admin.fill, local_admin.choose


def _new_post(page, editor, values: dict[str, str], category: str) -> list:
    """The files a news post written in the editor and published adds to the posts' folder."""
    posts = editor.repo / "docs" / "actualites" / "posts"
    existing = set(posts.iterdir())
    local_admin.write_post(page, editor, values, "equipe-c2i2e", category)
    _publish(page, posts)
    return sorted(set(posts.iterdir()) - existing)


@against_the_server
def test_a_referent_added_through_the_form_lands_in_the_data_and_passes_the_check(editor, editor_page):
    page = editor_page
    local_admin.add_referent(page, editor, 0, {
        _referent("nom"): "Camille Exemple", _referent("role"): "Référente C2i2e du site",
        _referent("email"): "camille.exemple@u-pec.fr", _referent("telephone"): "01 45 17 10 00",
        _referent("verifie_le"): "2026-12-01"})
    _publish(page, editor.repo / "referentiel")
    data = yaml.safe_load((editor.repo / "referentiel" / "sites.yaml").read_text(encoding="utf-8"))
    bonneuil = next(site for site in data["sites"] if site["id"] == "fictif")
    assert bonneuil["referents"] == [{"nom": "Camille Exemple", "role": "Référente C2i2e du site",
                                      "email": "camille.exemple@u-pec.fr", "telephone": "01 45 17 10 00",
                                      "verifie_le": bonneuil["referents"][0]["verifie_le"]}]
    assert str(bonneuil["referents"][0]["verifie_le"]) == "2026-12-01"
    run("-m", "scripts.validate", cwd=editor.repo)


@against_the_server
def test_a_malformed_email_is_refused_in_french_described_readable_and_the_file_is_unchanged(editor, editor_page):
    from playwright.sync_api import expect

    page = editor_page
    before = (editor.repo / "referentiel" / "sites.yaml").read_bytes()
    # On the last site: its new référent's address is the form's last one, whatever other tests added.
    local_admin.add_referent(page, editor, 2, {_referent("nom"): "Sacha Exemple", _referent("email"): "sacha@u-pec",
                                               _referent("verifie_le"): "2026-12-01"})
    fields = _fields_by_path(_files(admin.config(admin.backend(LOCAL)))["referentiel/sites.yaml"]["fields"])
    email = page.get_by_label(_referent("email"), exact=True).last
    hint = fields["sites.referents.email"]["hint"]
    expect(email).to_have_accessible_description(re.compile(re.escape(hint[:60])))  # the field's hint describes it
    local_admin.click_publish(page)
    message = fields["sites.referents.email"]["pattern"][1]  # the validator's words
    page.get_by_text(message).wait_for()
    # The error joins the hint in the field's description.
    expect(email).to_have_accessible_description(re.compile(re.escape(message) + ".*" + re.escape(hint[:60]), re.I))
    assert page.get_by_text("Entrée enregistrée").count() == 0
    # Refused in the browser, before any request to decap-server: the message above stands instead.
    assert (editor.repo / "referentiel" / "sites.yaml").read_bytes() == before
    # The refused value, its label and its message are readable.
    page.get_by_text(message).scroll_into_view_if_needed()
    found = axe_violations(page, rules=["color-contrast"])
    assert not found, [target for violation in found for target in violation["targets"]]


@against_the_server
def test_a_personal_address_is_published_only_once_confirmed(editor, editor_page):
    page = editor_page
    path = editor.repo / "referentiel" / "sites.yaml"
    before = path.read_bytes()
    local_admin.add_referent(page, editor, 2, {_referent("nom"): "Alex Exemple",
                                               _referent("email"): "alex.exemple@gmail.com",
                                               _referent("telephone"): "06 12 34 56 78",
                                               _referent("verifie_le"): "2026-12-01"})
    asked: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.type + ":" + dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return handle

    page.once("dialog", answer(False))
    local_admin.click_publish(page)
    page.get_by_text("enregistrement annulé").wait_for()  # Decap's notice, with our words
    assert len(asked) == 1 and asked[0].startswith("confirm:")
    rules = {rule["path"][-1]: rule for rule in schemas.warning_rules()["annuaire"]}
    site = yaml.safe_load(before)["sites"][2]["nom"]  # the field named as the form shows it, with its site and person
    assert f"« Adresse électronique ({site}, Alex Exemple) » : « alex.exemple@gmail.com »" in asked[0]
    assert rules["email"]["message"] in asked[0] and rules["telephone"]["message"] in asked[0]
    assert "« 06 12 34 56 78 »" in asked[0] and "Enregistrer quand même ?" in asked[0]
    assert path.read_bytes() == before  # dismissed before any request to decap-server: nothing written

    page.once("dialog", answer(True))
    _publish(page, editor.repo / "referentiel")
    assert len(asked) == 2
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["sites"][2]["referents"][-1]["email"] == "alex.exemple@gmail.com"
    check = run("-m", "scripts.validate", cwd=editor.repo)
    assert "alex.exemple@gmail.com" in check.stdout + check.stderr  # the validator warns too

    # Once published (the site regenerated), the confirmed values are not asked about at the next save,
    # in the same form: the editor reads what the site publishes at each save.
    editor.build()
    page.get_by_label(_referent("role"), exact=True).last.fill("Référent C2i2e du site")
    _publish(page, editor.repo / "referentiel")  # a dialog left unanswered would cancel the save
    assert len(asked) == 2
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["sites"][2]["referents"][-1]["role"] == "Référent C2i2e du site"


@against_the_server
def test_the_referentiel_and_the_forms_are_edited_through_forms_and_still_pass_the_check(editor, editor_page):
    page = editor_page
    folder = editor.repo / "referentiel"
    before = yaml.safe_load((folder / "competences.yaml").read_text(encoding="utf-8"))
    _open(page, editor, "#/collections/competences/entries/competences")
    official = page.get_by_label(local_admin.label("competences", "parties.domaines.competences.libelle"), exact=True)
    assert official.count() == 28  # every competency, its official wording flagged beside it
    assert page.get_by_text(schemas.OFFICIAL).count() >= 28 + 7 + 2
    advice = page.get_by_label(local_admin.label("competences", "parties.domaines.competences.explication"),
                               exact=True).first
    advice.fill("Savoir à qui s'adresser et quels outils utiliser, dans l'école ou l'établissement.")
    _publish(page, folder)
    after = yaml.safe_load((folder / "competences.yaml").read_text(encoding="utf-8"))
    first = after["parties"][0]["domaines"][0]["competences"][0]
    assert first["explication"] == "Savoir à qui s'adresser et quels outils utiliser, dans l'école ou l'établissement."
    def official_text(document):
        return [(part["titre"], domain["titre"], competency["code"], competency["libelle"])
                for part in document["parties"] for domain in part["domaines"] for competency in domain["competences"]]

    assert official_text(after) == official_text(before)  # the official text as it was

    forms = yaml.safe_load((folder / "formulaires.yaml").read_text(encoding="utf-8"))["formulaires"]
    key = next(iter(forms))
    _open(page, editor, "#/collections/formulaires/entries/formulaires")
    page.get_by_text(f"{forms[key]['titre']} ({key})").first.wait_for()  # each form, by its title and its key
    page.get_by_label(local_admin.label("formulaires", f"formulaires.{key}.bouton"), exact=True).first.fill(
        "Envoyer ma demande d'accompagnement")
    _publish(page, folder)
    saved = yaml.safe_load((folder / "formulaires.yaml").read_text(encoding="utf-8"))["formulaires"]
    assert saved[key]["bouton"] == "Envoyer ma demande d'accompagnement" and list(saved) == list(forms)
    run("-m", "scripts.validate", cwd=editor.repo)


@against_the_server
def test_staff_publish_a_post_an_announced_date_and_a_news_category_that_show_after_regeneration(editor, editor_page):
    """What staff publish through the editor, the site regenerated once after: a post, a date announced
    with its source, and a news category, offered to posts at once and given its page."""
    page = editor_page
    folder = editor.repo / "referentiel"
    today = os.environ["C2I2E_AUJOURDHUI"]
    created = _new_post(page, editor, {"title": "Réunion d'information : « Préparer son dossier »",
                                       "description": "Une réunion pour préparer son dossier numérique de compétences.",
                                       "date.created": today,
                                       "body": "La réunion présente le dossier.\n\n<!-- more -->\n\n"
                                               "Voir le [calendrier](../../calendrier.md).\n"}, "Accompagnement")
    assert [path.name for path in created] == [f"{today}-reunion-dinformation-preparer-son-dossier.md"]
    text = created.pop().read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == "Réunion d'information : « Préparer son dossier »"
    assert front["authors"] == ["equipe-c2i2e"] and front["categories"] == ["Accompagnement"]
    assert str(front["date"]["created"]) == today

    _open(page, editor, "#/collections/calendrier/entries/calendrier")
    page.get_by_role("button", name="Ajouter date annoncée").click()
    _fill(page, "calendrier", {"evenements.id": "jury-2027", "evenements.titre": "Jury de certification",
                               "evenements.debut": "2027-06-09T14:00", "evenements.fin": "2027-06-09T17:00",
                               "evenements.lieu": "Site de Bonneuil-sur-Marne",
                               "evenements.public": "Candidats ayant soutenu",
                               "evenements.source.annoncee_le": "2026-12-01",
                               "evenements.source.url": "https://inspe.u-pec.fr/formation/preparer-le-c2i2e/"})
    _choose(page, "calendrier", "evenements.type", "jury")
    _choose(page, "calendrier", "evenements.statut", "provisoire")
    _publish(page, folder)
    calendar = yaml.safe_load((folder / "calendrier.yaml").read_text(encoding="utf-8"))
    assert calendar["evenements"][0]["source"] == {"annoncee_le": calendar["evenements"][0]["source"]["annoncee_le"],
                                                   "url": "https://inspe.u-pec.fr/formation/preparer-le-c2i2e/"}

    # A news category: offered to the next post at once, and given its page.
    _open(page, editor, "#/collections/rubriques/entries/rubriques")
    local_admin.add_item(page, page.get_by_role("button", name="Ajouter rubrique"), {
        local_admin.label("rubriques", "rubriques.id"): "ressources",
        local_admin.label("rubriques", "rubriques.titre"): "Ressources",
        local_admin.label("rubriques", "rubriques.description"): "Les articles qui signalent des ressources utiles."})
    _publish(page, folder)
    rubriques = yaml.safe_load((folder / "rubriques.yaml").read_text(encoding="utf-8"))["rubriques"]
    # The box « Sur le portail lui-même » left unticked: the new rubrique's posts may reach the home page.
    assert rubriques[-1] == {"id": "ressources", "titre": "Ressources",
                             "description": "Les articles qui signalent des ressources utiles.", "sur_le_portail": False}
    check = run("-m", "scripts.validate", cwd=editor.repo)
    assert "5 rubriques" in check.stdout, check.stdout + check.stderr

    created = _new_post(page, editor, {"title": "Des ressources pour le dossier",
                                       "description": "Des ressources pour préparer son dossier numérique de compétences.",
                                       "date.created": today, "body": "Quelques ressources.\n\n<!-- more -->\n\nÀ lire.\n"},
                        "Ressources").pop()  # the new category, offered at once
    assert yaml.safe_load(created.read_text(encoding="utf-8").split("---")[1])["categories"] == ["Ressources"]

    editor.build()  # the data validated first, as scripts.validate does: a problem would stop it
    site = editor.repo / "site"
    article = site / "actualites" / f"{today}-reunion-dinformation-preparer-son-dossier" / "index.html"
    assert "Préparer son dossier" in article.read_text(encoding="utf-8")
    assert "Jury de certification" in (site / "calendrier" / "index.html").read_text(encoding="utf-8")
    assert "SUMMARY:Jury de certification" in (site / "calendrier.ics").read_text(encoding="utf-8")
    category = site / "actualites" / "categories" / "ressources" / "index.html"
    assert "Des ressources pour le dossier" in category.read_text(encoding="utf-8")


# The editor's views past its collection list: each form, with every kind of widget the portal uses.
EDITOR_VIEWS = (("annuaire", "#/collections/annuaire/entries/sites"),
                ("contacts", "#/collections/contacts/entries/contacts"),
                ("calendrier", "#/collections/calendrier/entries/calendrier"),
                ("rubriques", "#/collections/rubriques/entries/rubriques"),
                ("competences", "#/collections/competences/entries/competences"),
                ("formulaires", "#/collections/formulaires/entries/formulaires"),
                ("article", "#/collections/actualites/new"))


@against_the_server
def test_each_item_of_a_list_has_its_buttons_named_after_it(editor, editor_page):
    page = editor_page
    site = yaml.safe_load((editor.repo / "referentiel" / "sites.yaml").read_text(encoding="utf-8"))["sites"][0]["nom"]
    _open(page, editor, "#/collections/annuaire/entries/sites")
    fold = page.get_by_role("button", name=f"Replier « {site} »", exact=True)
    assert fold.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name=f"Supprimer « {site} »", exact=True).wait_for()
    handle = page.get_by_role("button", name=f"Déplacer « {site} »", exact=True)
    assert handle.get_attribute("aria-roledescription") == "poignée de déplacement"
    description = page.locator(f"[id='{handle.get_attribute('aria-describedby')}']")
    assert description.text_content().startswith("Pour déplacer l'élément, appuyez sur Espace")
    fold.click()  # folded: the same button now unfolds it
    unfold = page.get_by_role("button", name=f"Déplier « {site} »", exact=True)
    unfold.wait_for()
    assert unfold.get_attribute("aria-expanded") == "false"
    # A new item, before any summary: named by its place in its list.
    page.get_by_role("button", name="Ajouter site", exact=True).click()
    count = len(yaml.safe_load((editor.repo / "referentiel" / "sites.yaml").read_text(encoding="utf-8"))["sites"])
    page.get_by_role("button", name=f"Supprimer l'élément {count + 1} de « Sites »", exact=True).wait_for()


# What a person reads or hears on the page: the visible text, and the names and descriptions the
# attributes give (hidden texts that aria-labelledby or aria-describedby point to included).
_SHOWN = """() => {
  const found = new Set();
  const add = text => { text = (text || "").replace(/\\s+/g, " ").trim(); if (text) found.add(text); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (!["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName) && parent.checkVisibility()) add(walker.currentNode.data);
  }
  for (const element of document.body.querySelectorAll("*")) {
    for (const name of ["aria-label", "title", "placeholder", "alt", "aria-roledescription", "aria-valuetext"]) {
      if (element.hasAttribute(name)) add(element.getAttribute(name));
    }
    for (const name of ["aria-labelledby", "aria-describedby"]) {
      for (const id of (element.getAttribute(name) || "").split(/\\s+/).filter(Boolean)) {
        add(document.getElementById(id)?.textContent);
      }
    }
  }
  return [...found];
}"""


def _english_phrases() -> dict[str, re.Pattern]:
    """Decap's English phrases (its `en` locale) that its French says otherwise, each plural form apart,
    its placeholders matching any text: a UI word in English on the page is one of them."""
    french = local_admin.french()
    found = {}
    for key, phrase in local_admin.flatten(local_admin.decap_locale("en")).items():
        for form in (form.strip() for form in phrase.split("||||")):
            parts = PLACEHOLDER.split(form)[::2]
            if form == french[key].strip() or not any(re.search(r"[A-Za-z]{2}", part) for part in parts):
                continue
            found[f"{key} « {form} »"] = re.compile(r"(?<!\w)" + ".+?".join(map(re.escape, parts)) + r"(?!\w)")
    return found


def _english_on(page) -> list[str]:
    phrases = _english_phrases()
    return sorted({f"{key} dans « {text[:80]} »" for text in page.evaluate(_SHOWN)
                   for key, pattern in phrases.items() if pattern.search(text)})


def test_the_detector_knows_decap_s_english_words():
    phrases = _english_phrases()
    assert len(phrases) > 150
    matched = {key.split(" ")[0] for key, pattern in phrases.items()
               for text in ("Collapse", "Account options dropdown", "Set Date to now", "3 entries", "Ajouter site")
               if pattern.search(text)}
    assert matched == {"editor.editorWidgets.object.collapse", "ui.settingsDropdown.account",
                       "editor.editorWidgets.datetime.setToNow", "workflow.workflowList.currentEntries"}
    french = list(local_admin.french().values())
    assert not [(key, text) for key, pattern in phrases.items() for text in french if pattern.search(text)]


# Every field's label, or the start of the field itself when it has none.
_LABELS = """() => [...document.querySelectorAll('input:not([type=hidden]), textarea')].filter(e => e.tabIndex >= 0)
                  .map(e => e.labels && e.labels.length ? e.labels[0].textContent : e.outerHTML.slice(0, 200))"""


@against_the_server
def test_each_view_of_the_editor_passes_axe_labels_its_fields_in_french_and_shows_no_english_word(editor, editor_page):
    """One walk through the editor, each view judged as it is: axe-core (WCAG A and AA), every field
    labelled in French (never the data's own key), no word of Decap's English; and the labels'
    contrast at the palest of their fade, when a field takes the focus."""
    page = editor_page
    axe: dict[str, list] = {}
    unlabelled: dict[str, list] = {}
    english: dict[str, list] = {}
    _open_list(page, editor)
    axe["liste"] = axe_violations(page)
    english["liste"] = _english_on(page)
    page.get_by_role("button", name=re.compile("Menu du compte|Account options")).click()
    page.get_by_text("Déconnexion").wait_for()
    english["menu du compte"] = _english_on(page)
    for name, address in EDITOR_VIEWS:
        _open(page, editor, address)
        # listes.js names the items' buttons once the form is still (a tenth of a second after).
        page.wait_for_function("() => [...document.querySelectorAll('[class*=ListItemTopBar] > button')]"
                               ".every(button => button.hasAttribute('aria-label'))")
        # Decap's list items' buttons included (button-name, aria-command-name): listes.js names them.
        axe[name] = axe_violations(page)
        labels = page.evaluate(_LABELS)
        if not labels or any("_" in label or "<" in label for label in labels):
            unlabelled[name] = labels
        english[name] = _english_on(page)
        # The lists' items, their choices open: the calendar's new date (select), a post's author and category.
        if name == "calendrier":
            page.get_by_role("button", name="Ajouter date annoncée").click()
            page.get_by_label(local_admin.label("calendrier", "evenements.type"), exact=True).last.click()
            page.get_by_role("option", name="jury", exact=True).wait_for()
            english["calendrier, une date ajoutée"] = _english_on(page)
            # The field just focused: any fade of the labels' colours stopped half-way, where a fade is
            # the palest; axe judges that moment.
            fading = page.evaluate("""() => document.getAnimations()
                                         .filter(a => a.effect?.target?.tagName === 'LABEL')
                                         .map(a => { a.pause(); a.currentTime = a.effect.getTiming().duration / 2; return 1; })
                                         .length""")
            faded = axe_violations(page, rules=["color-contrast"])
        if name == "article":
            for path, option in (("authors", "equipe-c2i2e"), ("categories", "Accompagnement")):
                page.get_by_label(local_admin.label("actualites", path), exact=True).click()
                page.get_by_role("option", name=option, exact=True).wait_for()
                english[f"article, {path}"] = _english_on(page)
                page.keyboard.press("Escape")

    problems = {"axe-core (WCAG A et AA)": {view: found for view, found in axe.items() if found},
                "champs sans libellé français": unlabelled,
                "mots anglais": {view: words for view, words in english.items() if words},
                f"contraste des libellés, {fading} fondu(s) arrêté(s) à mi-chemin": faded}
    assert not any(problems.values()), {kind: found for kind, found in problems.items() if found}


def test_a_gitlab_editor_without_its_repository_is_reported_in_french_and_nothing_is_published():
    result = run("-m", "scripts.validate", env={"C2I2E_ADMIN_GITLAB_APP_ID": "x", "C2I2E_ADMIN_REPO": "",
                                                "CI_PROJECT_PATH": ""}, check=False)
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: erreur : C2I2E_ADMIN_REPO manquant" in result.stdout + result.stderr


def test_the_guides_are_short_and_show_the_real_editor():
    folder = ROOT / "docs" / "contribuer"
    for guide, limit in (("annuaire.md", 300), ("publier.md", 2 * 300)):  # two tasks, each within 300 words
        text = (folder / guide).read_text(encoding="utf-8").split("---", 2)[2]
        images = re.findall(r"!\[[^\]]+\]\((images/[^)]+\.png)\)", text)
        assert images and all((folder / image).is_file() for image in images), guide
        assert all((folder / image).stat().st_size < 80_000 for image in images), guide
        words = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)", "", text).split()
        assert len(words) <= limit, (guide, len(words))
        assert "annexe-git.md" in text  # the text route, one link away
    assert "Ne modifiez pas les fichiers de\n`docs/`" not in (folder / "annexe-git.md").read_text(encoding="utf-8")
