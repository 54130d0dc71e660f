"""The annuaire: its data checks (FILE:LINE messages), its page, its vCards, and
the guide for référents. Fixture people are fictional, with example.org addresses."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest
import vobject
import yaml

from scripts import annuaire
from scripts.core import dates
from scripts.core.data import load_all
from scripts.core.dates import long_date
from scripts.core.paths import ROOT
from tests.conftest import generation_context, links, run

TODAY = dates.today().isoformat()
SCRIPT = "<script>alert(1)</script>"

# A fictional directory: one site with two référents, one vacant site, each with its source.
FIXTURE_SITES = f"""\
# yaml-language-server: $schema=sites.schema.json
sites:
  - id: fictif
    nom: Site de Fictif-les-Bains
    ville: Fictif-les-Bains
    adresse: 1 rue de l'Exemple, Fictif-les-Bains
    referents:
      - nom: Camille Exemple
        role: Référente C2i2e du site
        email: camille.exemple@example.org
        telephone: 01 23 45 67 89
        permanence: "Le mardi de 14 h à 16 h, bureau 101"
        source:
          description: "Courriel de l'intéressée du 2026-11-29."
        verifie_le: {TODAY}
      - nom: Dominique Essai
        email: dominique.essai@example.org
        verifie_le: {TODAY}
    source:
      url: https://example.org/sites-officiels
      description: Liste officielle fictive des sites

  - id: vacant
    nom: Site de Vacant-sur-Test
    referents: []
    source:
      description: Courriel fictif du site
"""


def write_sites(data_dir: Path, text: str) -> Path:
    path = data_dir / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(data_dir: Path):
    data = load_all(data_dir, annuaire.FEATURE.datasets)
    assert not data.errors, "\n".join(map(str, data.errors))
    return data


def page_of(data) -> str:
    return dict(annuaire.pages(data, generation_context()))[annuaire.PAGE]


def card(markdown: str, site_id: str) -> str:
    """The Markdown/HTML of one site's card."""
    start = markdown.index(f"{{ #{site_id} }}")
    return markdown[start:markdown.index("</section>", start)]


def validate(data_dir: Path):
    result = run("-m", "scripts.validate", str(data_dir), check=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --- the real data -----------------------------------------------------------------------------------

def test_the_real_directory_is_valid_and_lists_no_site_without_an_official_or_first_hand_source():
    result = run("-m", "scripts.validate")
    assert "contacts centraux" in result.stdout
    data = load(ROOT / "referentiel")
    assert [s["nom"] for s in annuaire.sites(data)] == annuaire.site_names(data)
    for site in annuaire.sites(data):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", site["id"]) and site["source"]
    # The third-party blog article (about another degree) gave the sites once: it backs none now.
    assert "ekole.fr" not in str([s["source"] for s in annuaire.sites(data)])
    assert {"Site de Bonneuil-sur-Marne", "Site de Livry-Gargan", "Site de Sénart"} <= {
        s["nom"] for s in data["sites"]["non_repris"]}


def test_the_central_contacts_say_what_was_checked(data_copy):
    contacts = data_copy / "contacts.yaml"
    contacts.write_text(re.sub(r"\n  objet: .*", "", contacts.read_text(encoding="utf-8")), encoding="utf-8")
    result = validate(data_copy)
    assert result.returncode == 1 and "objet" in result.stderr


def test_the_built_annuaire_shows_every_contact_and_every_site(pages):
    page = pages["annuaire/"]
    text = html.unescape(page)
    data = load(ROOT / "referentiel")
    for contact in data["contacts"]["contacts"]:
        assert contact["nom"] in text
        if contact.get("telephone"):
            number = annuaire.phone(contact["telephone"])
            assert f'<a href="{number.uri}">{number.display}</a>' in page
        if contact.get("email"):
            assert f'<a href="mailto:{contact["email"]}">{contact["email"]}</a>' in page
    assert text.index("Contacts centraux") < text.index("Les référents de site")
    for site in annuaire.sites(data):
        assert f'id="{site["id"]}"' in page and site["nom"] in text
    # One Scolarité block; one check line, saying what was checked; no site rests on a third party.
    assert text.count("01 49 56 38 53") == 1 and text.count("mailto:C2i2e-sec@u-pec.fr") == 1
    flat = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert "Dernière vérification" not in flat and flat.count("Vérifié le") == 1
    assert "Vérifié le 29 novembre 2026 : noms, rôles, téléphone et e-mail comparés à cette rubrique." in flat
    assert "Source : page officielle « Préparer le C2i2e » , rubrique « Contacts »." in flat
    assert "ekole" not in page and "Bonneuil" not in page
    # The guide and the Contacts page are one click away; the pencil opens the data file.
    assert {"contribuer/annuaire/", "contacts/"} <= links(page, "annuaire/")
    assert "/edit/main/referentiel/sites.yaml" in page


def test_french_numbers_are_shown_the_french_way_and_dialled_internationally():
    number = annuaire.phone("01 49 56 38 53")
    assert (number.display, number.uri) == ("01 49 56 38 53", "tel:+33149563853")
    assert annuaire.phone("+33149563853") == number
    assert annuaire.phone("+32 2 123 45 67").display == "+32 2 123 45 67"


def test_the_guide_links_back_to_the_annuaire(pages):
    assert "annuaire/" in links(pages["contribuer/annuaire/"], "contribuer/annuaire/")


# --- the page, generated from fixture data -----------------------------------------------------------

def test_every_site_and_referent_of_the_data_is_rendered(data_copy):
    write_sites(data_copy, FIXTURE_SITES)
    markdown = page_of(load(data_copy))
    full = card(markdown, "fictif")
    assert "1 rue de l&#39;Exemple, Fictif-les-Bains" in full
    for text in ("Camille Exemple", "Référente C2i2e du site", '<a href="mailto:camille.exemple@example.org">',
                 '<a href="tel:+33123456789">01 23 45 67 89</a>', "Le mardi de 14 h à 16 h, bureau 101",
                 "Dominique Essai", "Référent C2i2e du site", "dominique.essai@example.org",
                 'href="sites/fictif/camille-exemple.vcf" download'):
        assert text in full
    assert "désignation" not in full and "inspe.u-pec.fr" not in full  # a named référent needs no pointer
    assert '<a href="https://example.org/sites-officiels">Liste officielle fictive des sites</a>.' in full
    assert "Source : Courriel de l&#39;intéressée du 2026-11-29 ; coordonnées vérifiées" in full
    assert "Site de Vacant-sur-Test" in markdown


OFFICIAL_PAGE = "http://inspe.u-pec.fr/formation/preparer-le-c2i2e/"  # the address the source gives


def test_a_site_without_a_named_referent_points_to_the_inspes_list_and_does_not_repeat_the_scolarite(data_copy):
    write_sites(data_copy, FIXTURE_SITES)
    contacts = data_copy / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8")
                        .replace("C2i2e-sec@u-pec.fr", "scolarite.fictive@example.org")
                        .replace("01 49 56 38 53", "01 23 45 67 00"), encoding="utf-8")
    markdown = page_of(load(data_copy))
    vacant = card(markdown, "vacant")
    assert "désignation" not in markdown and "en attendant" not in markdown.lower()
    assert (f'Votre référent de site C2i2e : voyez la <a href="{OFFICIAL_PAGE}">liste « Les référents de sites » '
            "du site de l'INSPE</a>.") in vacant
    assert "Source : Courriel fictif du site." in vacant
    # The Scolarité is given once, among the central contacts, never again on a site's card.
    assert "Scolarité" not in vacant and "01 23 45 67 00" not in vacant and "scolarite.fictive" not in vacant
    assert markdown.count("scolarite.fictive@example.org</a>") == 1
    assert "conseils" not in vacant.lower()  # « Conseils, encadrement et assistance » are the référent's


def test_the_roles_are_those_of_the_official_page(pages):
    flat = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(pages["annuaire/"])).split())
    assert "Renseignements" in flat and "Responsable pédagogique" in flat
    assert "Pour les « Conseils, encadrement et assistance », la page officielle vous renvoie" in flat
    assert ("dont la liste est sur le site de l'INSPE : http://inspe.u-pec.fr › Formation › Préparer le C2i2e › "
            "Les référents de sites") in flat
    assert f'href="{OFFICIAL_PAGE}"' in pages["annuaire/"]
    for claim in ("désignation", "équipe C2i2e", "passez par le contact suivant", "Service Scolarité pour les conseils"):
        assert claim not in flat
    assert "La page officielle ne publie ni son e-mail ni son téléphone." in flat


def test_a_check_date_shows_only_beside_what_was_checked_in_french(data_copy):
    write_sites(data_copy, FIXTURE_SITES.replace(f"verifie_le: {TODAY}", "verifie_le: 2026-03-01", 1))
    markdown = page_of(load(data_copy))
    full = card(markdown, "fictif")
    assert ("Source : Courriel de l&#39;intéressée du 2026-11-29 ; coordonnées vérifiées auprès d'elle le "
            '<time datetime="2026-03-01">1er mars 2026</time>') in full
    assert "<time" not in card(markdown, "vacant")  # a site's card: its source, no date nobody checked
    assert long_date(datetime.date(2026, 11, 29)) == "29 novembre 2026"


# --- vCards ------------------------------------------------------------------------------------------

def vcards(data) -> dict[str, vobject.base.Component]:
    return {path: vobject.readOne(text) for path, text in annuaire.pages(data, generation_context())
            if path.endswith(".vcf")}


def test_every_vcard_parses_back_with_the_right_name_email_and_phone(data_copy):
    write_sites(data_copy, FIXTURE_SITES)
    cards = vcards(load(data_copy))
    expected = {
        "annuaire/contacts/scolarite.vcf": ("Service Scolarité", "C2i2e-sec@u-pec.fr", "+33149563853"),
        "annuaire/sites/fictif/camille-exemple.vcf": ("Camille Exemple", "camille.exemple@example.org",
                                                      "+33123456789"),
        "annuaire/sites/fictif/dominique-essai.vcf": ("Dominique Essai", "dominique.essai@example.org", None),
    }
    assert set(cards) == set(expected)  # no vCard for a contact without e-mail or phone
    for path, (name, email, phone) in expected.items():
        card_ = cards[path]
        assert card_.fn.value == name
        assert card_.email.value == email
        if phone:
            assert re.sub(r"[^+0-9]", "", card_.tel.value) == phone
        else:
            assert not hasattr(card_, "tel")
    camille = cards["annuaire/sites/fictif/camille-exemple.vcf"]
    assert (camille.n.value.given, camille.n.value.family) == ("Camille", "Exemple")
    assert camille.org.value == ["Université Paris-Est Créteil", "INSPE de l'académie de Créteil",
                                 "Site de Fictif-les-Bains"]


def test_the_real_vcards_parse_back():
    data = load(ROOT / "referentiel")
    by_name = {c["nom"]: c for c in data["contacts"]["contacts"]}
    for card_ in vcards(data).values():
        contact = by_name[card_.fn.value]
        assert card_.email.value == contact["email"]


@pytest.mark.browser
def test_the_vcard_link_downloads_the_file(page, site_url):
    page.goto(site_url + "annuaire/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mes contacts : Service Scolarité").click()
    assert download.value.suggested_filename == "scolarite.vcf"
    assert vobject.readOne(Path(download.value.path()).read_text(encoding="utf-8")).fn.value == "Service Scolarité"


# --- escaping, in a real build -----------------------------------------------------------------------

def test_a_script_in_the_data_shows_as_text_in_the_built_html(project_copy, tmp_path):
    """The one extra build: the project copied with fictional data whose values hold a <script>."""
    project = project_copy
    write_sites(project / "referentiel", FIXTURE_SITES
                .replace("nom: Site de Vacant-sur-Test", f'nom: "Site {SCRIPT} Vacant"')
                .replace("nom: Camille Exemple", f'nom: "Camille {SCRIPT} Exemple"')
                .replace('permanence: "Le mardi', f'permanence: "{SCRIPT} Le mardi'))
    site = tmp_path / "site"
    # Not --strict: this build is about escaping, not links.
    run("-m", "mkdocs", "build", "--site-dir", str(site), cwd=project)

    html = (site / "annuaire" / "index.html").read_text(encoding="utf-8")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html.count(escaped) >= 3  # site name, référent name, office hours
    for path in site.rglob("*.html"):
        assert SCRIPT not in path.read_text(encoding="utf-8"), path
    vcard = (site / "annuaire" / "sites" / "fictif" / "camille-script-alert-1-script-exemple.vcf")
    assert vobject.readOne(vcard.read_text(encoding="utf-8")).fn.value == f"Camille {SCRIPT} Exemple"


# --- validation messages -----------------------------------------------------------------------------

@pytest.mark.parametrize("wrong, right, column, message", [
    ("email: camille.exemple@example.org", "email: camille.exemple@@example.org", 16,
     "« camille.exemple@@example.org » n'est pas une adresse électronique valide"),
    ("telephone: 01 23 45 67 89", "telephone: 01 23 45 67", 20,
     "« 01 23 45 67 » n'est pas un numéro de téléphone valide (exemple : 01 23 45 67 89 ou +33 1 23 45 67 89)"),
    ("permanence:", "horaires:", 9,
     "clé inconnue « horaires » (clés permises : email, nom, permanence, role, source, telephone, verifie_le)"),
    (f"verifie_le: {TODAY}", "verifie_le: 2026-02-30", 21,
     "« 2026-02-30 » n'existe pas dans le calendrier : vérifiez le jour et le mois"),
])
def test_a_bad_value_is_reported_at_its_line(data_copy, wrong, right, column, message):
    """Each mistake in Camille Exemple's entry is reported at its own line and column."""
    assert wrong in FIXTURE_SITES
    path = write_sites(data_copy, FIXTURE_SITES.replace(wrong, right, 1))
    result = validate(data_copy)
    assert result.returncode == 1
    assert f"{path}:{line_of(path, right)}:{column}: erreur : {message}" in result.stderr.splitlines()


def test_a_future_date_is_an_error_and_an_old_one_a_warning(data_copy):
    future = (dates.today() + datetime.timedelta(days=3)).isoformat()
    path = write_sites(data_copy, FIXTURE_SITES.replace(f"verifie_le: {TODAY}", f"verifie_le: {future}", 1))
    result = validate(data_copy)
    line = line_of(path, f"verifie_le: {future}")
    assert result.returncode == 1
    assert (f"{path}:{line}:21: erreur : la date de vérification {future} est dans le futur (nous sommes le "
            f"{TODAY}) : indiquez le jour où vous avez vérifié les coordonnées de Camille Exemple"
            in result.stderr.splitlines())

    path = write_sites(data_copy, FIXTURE_SITES.replace(f"verifie_le: {TODAY}", "verifie_le: 2024-05-02", 1))
    result = validate(data_copy)
    assert result.returncode == 0
    assert (f"{path}:{line}:21: avertissement : les coordonnées de Camille Exemple : dernière vérification le "
            "2 mai 2024, il y a plus de 12 mois : vérifiez-les, puis mettez « verifie_le » à la date du jour"
            in result.stdout.splitlines())
    assert "avertissement(s)" in result.stdout


def test_exactly_twelve_months_is_not_yet_stale():
    today = datetime.date(2027, 3, 31)
    assert annuaire._months_before(today, 12) == datetime.date(2026, 3, 31)
    assert annuaire._months_before(datetime.date(2027, 2, 28), 12) == datetime.date(2026, 2, 28)
    assert annuaire._months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert not annuaire.checked("2026-03-31", today).stale
    assert annuaire.checked("2026-03-30", today).stale


def test_duplicates_unreachable_referents_and_an_unknown_fallback_are_errors(data_copy):
    text = (FIXTURE_SITES
            .replace("  - id: vacant\n    nom: Site de Vacant-sur-Test", "  - id: fictif\n    nom: Site de Fictif-les-Bains")
            .replace("        email: dominique.essai@example.org\n", "")
            .replace("      - nom: Dominique Essai", "      - nom: Camille Exemple"))
    path = write_sites(data_copy, text)
    contacts = data_copy / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(
        "contact_si_referent_vacant: scolarite", "contact_si_referent_vacant: secretariat"), encoding="utf-8")
    errors = validate(data_copy).stderr.splitlines()
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if "- id: fictif" in line][1]
    first, again = [i for i, line in enumerate(lines, 1) if "- nom: Camille Exemple" in line]
    assert f"{path}:{second}:9: erreur : identifiant de site « fictif » en double (déjà utilisé ligne 3)" in errors
    assert (f"{path}:{second + 1}:10: erreur : nom de site « Site de Fictif-les-Bains » en double "
            "(déjà utilisé ligne 4)") in errors
    assert (f"{path}:{again}:14: erreur : référent « Camille Exemple » en double dans ce site "
            f"(déjà cité ligne {first})") in errors
    assert (f"{path}:{again}:9: erreur : indiquez au moins « email » ou « telephone » pour Camille "
            "Exemple : sans eux, les étudiants ne peuvent pas joindre cette personne") in errors
    assert any(line.startswith(f"{contacts}:") and "contact « secretariat » inconnu" in line for line in errors)


def test_broken_structure_gives_messages_not_a_traceback(data_copy):
    write_sites(data_copy, "# yaml-language-server: $schema=sites.schema.json\nsites:\n  - id: [1]\n"
                           "    referents: oui\n    verifie_le: 12/03/2026\n  - texte libre\n")
    result = validate(data_copy)
    assert result.returncode == 1 and "sites.yaml:3:" in result.stderr


# --- the guide and the tools for référents -----------------------------------------------------------

def test_the_guide_shows_messages_the_validator_really_prints(data_copy):
    """The messages quoted in the git appendix (« Annexe ») are the validator's own words, for its example."""
    guide = (ROOT / "docs" / "contribuer" / "annexe-git.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "- nom:" in block]
    assert "example.org" in example and "01 23 45 67 89" in example and "fictive" in guide
    sites = data_copy / "sites.yaml"

    def messages(replacements: dict[str, str]) -> list[str]:
        text = example
        for old, new in replacements.items():
            assert old in text, old
            text = text.replace(old, new)
        sites.write_text("# yaml-language-server: $schema=sites.schema.json\nsites:\n" + text, encoding="utf-8")
        result = validate(data_copy)
        return [re.sub(r"^.*?:\d+:\d+: ", "", line) for line in (result.stdout + result.stderr).splitlines()
                if re.match(r".*?:\d+:\d+: ", line)]

    def errors(replacements: dict[str, str]) -> list[str]:
        found = [m.removeprefix("erreur : ") for m in messages(replacements) if m.startswith("erreur : ")]
        assert found, replacements
        return found

    assert not [m for m in messages({}) if m.startswith("erreur")]  # the example itself is correct
    for old, new in {
        "camille.exemple@example.org": "camille.exemple@example",
        "01 23 45 67 89": "01 23 45 67",
        "        verifie_le: 2026-11-29\n    source": "        verifie_le: 2026-11-31\n    source",
        "        telephone:": "        telephonne:",
        '"Le mardi de 14 h à 16 h, bureau 101 ; sinon, rendez-vous par e-mail"': "Permanence : le mardi",
        "\n        verifie_le: 2026-11-29\n": "\n       verifie_le: 2026-11-29\n",
        "email: camille.exemple@example.org": "email: “camille.exemple@example.org”",
        "        email:": "        Email:",
    }.items():
        for message in errors({old: new}):
            assert message in guide, message
    assert errors({"        email: camille.exemple@example.org\n": "",
                   "        telephone: 01 23 45 67 89\n": ""})[0] in guide
    assert ": erreur : " + errors({"camille.exemple@example.org": "camille.exemple@example"})[0] in guide
    stale = messages({"        verifie_le: 2026-11-29\n    source": "        verifie_le: 2024-05-02\n    source"})
    assert any(m.startswith("avertissement : ") and m in guide for m in stale)


def test_pre_commit_runs_the_validator_and_yamllint_and_they_pass():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["validate-data"]["entry"] == "python -m scripts.validate"
    assert hooks["validate-data"]["language"] == hooks["yamllint"]["language"] == "system"
    run("-m", "scripts.validate")
    run("-m", "yamllint", ".")


def test_yamllint_refuses_a_badly_indented_data_file(tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text("sites:\n  - id: a\n     nom: b\n", encoding="utf-8")
    result = run("-m", "yamllint", "-c", str(ROOT / ".yamllint.yaml"), str(bad), check=False)
    assert result.returncode == 1 and "3:" in result.stdout


def test_ci_checks_the_data_first_on_every_push_and_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "pull_request" in triggers
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    check = next(i for i, command in enumerate(runs) if "make check" in command)
    assert check < next(i for i, command in enumerate(runs) if "make test" in command)


# --- what a référent editing sites.yaml by hand may type -------------------------------------------

def test_a_byte_order_mark_from_the_editor_is_harmless(data_copy):
    path = data_copy / "sites.yaml"
    path.write_bytes("\ufeff".encode("utf-8") + FIXTURE_SITES.encode("utf-8"))
    data = load(data_copy)
    assert data.document("sites").position(("sites", 0, "referents", 0, "email")) == (
        line_of(path, "email: camille.exemple@example.org"), 16)


@pytest.mark.parametrize("key", ["Email", "EMAIL", "E-mail", "Téléphone"])
def test_a_key_with_a_capital_or_an_accent_is_refused_with_the_key_to_write(data_copy, key):
    wanted = "telephone" if key == "Téléphone" else "email"
    path = write_sites(data_copy, FIXTURE_SITES.replace(f"        {wanted}:", f"        {key}:", 1))
    result = validate(data_copy)
    assert result.returncode == 1
    assert (f"{path}:{line_of(path, f'{key}:')}:9: erreur : clé inconnue « {key} » : vouliez-vous écrire "
            f"« {wanted} » ?") in result.stderr.splitlines()


def test_a_phone_written_the_international_way_with_its_zero_is_accepted_and_shown_the_french_way(data_copy):
    write_sites(data_copy, FIXTURE_SITES.replace("telephone: 01 23 45 67 89", "telephone: +33 (0)1 49 56 38 53"))
    camille = card(page_of(load(data_copy)), "fictif").split("Dominique Essai", 1)[0]
    assert '<a href="tel:+33149563853">01 49 56 38 53</a>' in camille


def test_referents_written_without_dashes_are_a_list_error_at_the_first_one(data_copy):
    path = write_sites(data_copy, FIXTURE_SITES.replace("      - nom: Camille Exemple", "        nom: Camille Exemple")
                       .replace("      - nom: Dominique Essai\n        email: dominique.essai@example.org\n"
                                f"        verifie_le: {TODAY}\n", ""))
    result = validate(data_copy)
    assert (f"{path}:{line_of(path, 'nom: Camille Exemple')}:9: erreur : « referents » doit être une liste "
            "(lignes commençant par « - »)") in result.stderr.splitlines()


def test_typographic_quotes_pasted_around_an_email_are_the_only_message(data_copy):
    path = write_sites(data_copy, FIXTURE_SITES.replace("email: camille.exemple@example.org",
                                                        "email: “camille.exemple@example.org”"))
    result = validate(data_copy)
    assert [line for line in result.stderr.splitlines() if ": erreur : " in line] == [
        f"{path}:{line_of(path, 'email: “')}:16: erreur : guillemets typographiques “…” autour de la valeur : YAML "
        "ne connaît que les guillemets droits, écrivez « email: \"camille.exemple@example.org\" »"]


# --- what is about to be published: sources, personal addresses, mobile numbers ----------------------

def warnings_of(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": avertissement : " in line]


def test_a_personal_address_and_a_mobile_number_are_warnings_at_their_place_not_errors(data_copy):
    """Published as the référent confirms them: `make check` passes and says so, at the value."""
    path = write_sites(data_copy, FIXTURE_SITES.replace("camille.exemple@example.org", "camille.exemple@gmail.com")
                       .replace("01 23 45 67 89", "06 12 34 56 78")
                       .replace("dominique.essai@example.org", "dominique.essai@inspe.u-pec.fr"))
    result = validate(data_copy)
    assert result.returncode == 0, result.stderr
    found = warnings_of(result)
    assert (f"{path}:{line_of(path, 'gmail.com')}:16: avertissement : « camille.exemple@gmail.com » : adresse hors "
            "des domaines de l'UPEC (u-pec.fr) : elle sera publiée sur le portail, lisible par tous ; si c'est une "
            "adresse personnelle (gmail.com, orange.fr…), préférez l'adresse professionnelle, sinon confirmez que "
            "la personne accepte qu'elle soit publiée") in found
    assert (f"{path}:{line_of(path, '06 12')}:20: avertissement : « 06 12 34 56 78 » : numéro de portable (06, 07) "
            ": il sera publié sur le portail, lisible par tous ; préférez un numéro professionnel, sinon confirmez "
            "que la personne accepte qu'il soit publié") in found
    assert not [line for line in found if "u-pec.fr »" in line]  # an address of the UPEC (a subdomain too)


def test_the_warning_rules_are_in_the_schemas_for_the_editor_and_agree_with_phonenumbers():
    """The browser editor reads `x-avertissement` from the schemas (a regex JavaScript reads too);
    the mobile rule says what phonenumbers says of French numbers."""
    import json
    import re as regex

    import phonenumbers

    from scripts.core import schema

    rules = {}
    for name in ("sites", "contacts"):
        text = (ROOT / "referentiel" / f"{name}.schema.json").read_text(encoding="utf-8")
        for match in regex.finditer(r'"(email|telephone)": \{[^{}]*"x-avertissement": (\{[^{}]*\})', text):
            rules[(name, match[1])] = schema.warning_rule(json.loads(match[2]))
    assert set(rules) >= {("sites", "email"), ("sites", "telephone"), ("contacts", "email"), ("contacts", "telephone")}
    assert len({(pattern.pattern, message) for pattern, message in rules.values()}) == 2  # one rule each, everywhere
    email, _ = rules[("sites", "email")]
    for address in ("prenom.nom@gmail.com", "a@hotmail.fr", "a@orange.fr", "a@u-pec.fr.example.org", "a@xu-pec.fr"):
        assert email.search(address), address
    for address in ("C2i2e-sec@u-pec.fr", "prenom.nom@inspe.u-pec.fr", "A@U-PEC.FR"):
        assert not email.search(address), address
    mobile, _ = rules[("sites", "telephone")]
    for number in ("06 12 34 56 78", "07.81.23.45.67", "+33 6 12 34 56 78", "+33 (0)7 81 23 45 67", "0033 612345678",
                   "01 49 56 38 53", "+33 1 49 56 38 53", "09 70 12 34 56", "+32 2 123 45 67"):
        parsed = phonenumbers.parse(number, "FR")
        is_mobile = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE \
            and phonenumbers.region_code_for_number(parsed) == "FR"
        assert bool(mobile.search(number)) == is_mobile, number


def test_a_referent_without_source_is_warned_and_a_site_without_one_refused(data_copy):
    path = write_sites(data_copy, FIXTURE_SITES)
    found = warnings_of(validate(data_copy))
    referent = line_of(path, "- nom: Dominique Essai")
    assert (f"{path}:{referent}:9: avertissement : source manquante pour les coordonnées de Dominique Essai : "
            "ajoutez « source: » avec « url » ou « description » (la page officielle qui les publie, ou comment "
            "elles ont été obtenues, par exemple « courriel de l'intéressée du 2026-11-29 »)") in found
    # Given, with neither an address nor a description: an error at the source.
    path = write_sites(data_copy, FIXTURE_SITES.replace(
        "    source:\n      description: Courriel fictif du site\n", "    source: {}\n"))
    result = validate(data_copy)
    assert (f"{path}:{line_of(path, 'source: {}')}:13: erreur : « source » : indiquez « url » (l'adresse de la page "
            "qui publie l'information) ou « description » (comment elle a été obtenue)") in result.stderr.splitlines()
    # A site's source is required: a site appears only with an official or first-hand source.
    path = write_sites(data_copy, FIXTURE_SITES.replace("    source:\n      description: Courriel fictif du site\n", ""))
    result = validate(data_copy)
    assert result.returncode == 1
    assert (f"{path}:{line_of(path, '- id: vacant')}:5: erreur : champ obligatoire « source » manquant"
            in result.stderr.splitlines())


def test_the_sources_of_the_published_sites_are_fields_not_comments():
    """The browser editor drops comments: the published sites keep their sources."""
    data = load(ROOT / "referentiel")
    for site in annuaire.sites(data):
        assert site["source"].get("url", "").startswith("http"), site["id"]
    assert all(entry["source"] for entry in data["sites"]["non_repris"])


def test_a_referent_added_below_an_empty_list_says_to_delete_it(data_copy):
    """As a référent would: « referents: [] » left, and the référent written below it."""
    path = write_sites(data_copy, FIXTURE_SITES)
    text = path.read_text(encoding="utf-8")
    added = ("    referents: []\n      - nom: Camille Exemple\n        email: camille.exemple@u-pec.fr\n"
             f"        verifie_le: {TODAY}\n")
    path.write_text(text.replace("    referents: []\n", added, 1), encoding="utf-8")
    result = validate(data_copy)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": erreur : " in line] == [
        f"{path}:{line_of(path, 'referents: []')}:16: erreur : erreur de syntaxe YAML : « [] » après « referents: » "
        "signifie « liste vide » : supprimez-le pour écrire la liste en dessous (laissez « referents: » seul sur sa "
        "ligne)"]
    path.write_text(text.replace("    referents: []\n", added.replace("referents: []", "referents:"), 1),
                    encoding="utf-8")
    assert validate(data_copy).returncode == 0
