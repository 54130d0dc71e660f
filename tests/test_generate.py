"""The pipeline: only valid data produces pages, at their natural place in docs/; files are
rewritten only when they change, what the generation wrote before and no longer produces is
removed, a hand-written page is never replaced, and the navigation cannot drift from the data."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from scripts.core import dates, pipeline
from scripts.core.paths import CONFIG_FILE, ROOT
from scripts.core.pipeline import MANIFEST, relative_link, write_tree
from scripts.core.site import read_site
from scripts.features import FEATURES
from tests.conftest import run


def generate_in(project):
    return run("-m", "scripts.generate", cwd=project, check=False)


def test_generation_writes_then_leaves_unchanged_files_alone(project_copy):
    first = generate_in(project_copy)
    assert first.returncode == 0, first.stderr
    assert "0 inchangés" in first.stdout
    page = project_copy / "docs" / "referentiel" / "a-1" / "a-1-1.md"
    mtime = page.stat().st_mtime_ns
    second = generate_in(project_copy)
    assert "0 écrits" in second.stdout and "0 supprimés" in second.stdout
    assert page.stat().st_mtime_ns == mtime


def test_every_generated_file_is_listed_and_git_ignored(project_copy):
    generate_in(project_copy)
    docs = project_copy / "docs"
    listed = (docs / MANIFEST).read_text(encoding="utf-8").split()
    assert len(listed) > 100 and all((docs / name).is_file() for name in listed)
    subprocess.run(["git", "init", "-q"], cwd=project_copy, check=True)
    paths = [f"docs/{name}" for name in listed] + [f"docs/{MANIFEST}"]
    ignored = subprocess.run(["git", "check-ignore", "--stdin"], cwd=project_copy, input="\n".join(paths),
                             capture_output=True, text=True).stdout.split()
    assert sorted(ignored) == sorted(paths), "fichiers générés que git suivrait : " + ", ".join(
        sorted(set(paths) - set(ignored)))


def test_the_pages_of_a_deleted_competency_are_removed_and_nothing_else(project_copy):
    generate_in(project_copy)
    docs = project_copy / "docs"
    data = project_copy / "referentiel" / "competences.yaml"
    text = data.read_text(encoding="utf-8")
    # Rename B.4.3 to B.4.4: its old page goes, the new one comes; hand-written pages stay.
    data.write_text(text.replace("B.4.3", "B.4.4"), encoding="utf-8")
    mkdocs = project_copy / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("b-4-3.md", "b-4-4.md"), encoding="utf-8")
    result = generate_in(project_copy)
    assert result.returncode == 0, result.stderr
    assert not (docs / "referentiel" / "b-4" / "b-4-3.md").exists()
    assert (docs / "referentiel" / "b-4" / "b-4-4.md").is_file()
    assert (docs / "comprendre" / "conditions.md").is_file()
    assert "referentiel/b-4/b-4-3.md" not in (docs / MANIFEST).read_text(encoding="utf-8")


def test_a_generated_page_never_replaces_a_hand_written_one(project_copy):
    hand_written = project_copy / "docs" / "annuaire" / "index.md"
    hand_written.parent.mkdir(parents=True)
    hand_written.write_text("# Mon annuaire\n", encoding="utf-8")
    result = generate_in(project_copy)
    assert result.returncode == 1
    assert "docs/annuaire/index.md:1:1: erreur : ce fichier est écrit à la main" in result.stderr
    assert "« annuaire » (généré depuis referentiel/contacts.yaml, referentiel/sites.yaml)" in result.stderr
    assert "aucune page écrite" in result.stderr
    assert hand_written.read_text(encoding="utf-8") == "# Mon annuaire\n"
    assert not (project_copy / "docs" / "referentiel").exists()


def test_nothing_is_ever_written_outside_docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("../evasion.md", "/tmp/evasion.md", MANIFEST):
        with pytest.raises(ValueError):
            write_tree([(name, "non")], docs)
    assert not (tmp_path / "evasion.md").exists()


def test_each_feature_writes_only_in_its_places():
    for feature in FEATURES:
        if feature.pages is None:  # a feature of rules only (redaction) writes nothing
            assert not feature.places, feature.name
            continue
        assert feature.places, feature.name
        for place in feature.places:
            assert place.startswith(feature.name) or place.startswith("_fragments/") or place.endswith(
                (".ics", ".xml", ".md")), (feature.name, place)


def test_invalid_data_writes_no_page_and_says_why(project_copy):
    path = project_copy / "referentiel" / "competences.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("code: A.1.2", "code: A.1.1", 1), encoding="utf-8")
    result = generate_in(project_copy)
    assert result.returncode == 1
    assert "competences.yaml:" in result.stderr and "en double" in result.stderr
    assert "aucune page écrite" in result.stderr and "Traceback" not in result.stderr
    assert not (project_copy / "docs" / "referentiel").exists()


def test_the_cli_reports_what_it_did(project_copy):
    result = generate_in(project_copy)
    assert "fichiers générés dans docs/" in result.stdout and "écrits" in result.stdout


def test_relative_links_between_pages():
    assert relative_link("referentiel/b-1/b-1-2.md", "referentiel/a-1/a-1-1.md") == "../b-1/b-1-2.md"
    assert relative_link("referentiel/a-1/index.md", "referentiel/index.md") == "a-1/index.md"
    assert relative_link("contribuer/annuaire.md", "annuaire/index.md") == "../contribuer/annuaire.md"


def test_invalid_data_stops_a_plain_mkdocs_build_with_the_validator_messages(project_copy, tmp_path):
    data = project_copy / "referentiel" / "competences.yaml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "code: B.1.2" in line)
    lines[n] = lines[n].replace("code: B.1.2", "code: B.1.1")
    data.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    result = run("-m", "mkdocs", "build", "--site-dir", str(site), cwd=project_copy, check=False)
    assert result.returncode == 1
    assert f"referentiel/competences.yaml:{n + 1}:" in result.stderr
    assert "code « B.1.1 » en double" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()
    assert not (project_copy / "docs" / "referentiel").exists()


# --- the navigation and the data -------------------------------------------------------------------

def test_a_competency_added_to_the_data_names_the_lines_of_mkdocs_yml_to_change(project_copy):
    data = project_copy / "referentiel" / "competences.yaml"
    text = data.read_text(encoding="utf-8")
    # A domain renamed: its section title in the navigation no longer matches.
    data.write_text(text.replace("titre: Mise en œuvre pédagogique", "titre: Mise en œuvre en classe", 1),
                    encoding="utf-8")
    config = (project_copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(config) if line.strip() == "- referentiel/index.md") + 1
    last = next(i for i, line in enumerate(config) if line.strip() == "- referentiel/b-4/b-4-3.md") + 1
    result = run("-m", "scripts.validate", cwd=project_copy, check=False)
    assert result.returncode == 1
    assert (f"mkdocs.yml:{first}:9: erreur : cette rubrique de la navigation ne correspond plus à "
            f"referentiel/competences.yaml : remplacez les lignes {first} à {last} de mkdocs.yml par :") in result.stderr
    assert "      - B.3 — Mise en œuvre en classe:\n          - referentiel/b-3/index.md\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_lines_it_proposes_make_the_build_pass(project_copy, tmp_path):
    data = project_copy / "referentiel" / "competences.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "titre: Mise en œuvre pédagogique", "titre: Mise en œuvre en classe", 1), encoding="utf-8")
    message = run("-m", "scripts.validate", cwd=project_copy, check=False).stderr
    header, proposed = message.split(" par :\n", 1)
    first, last = map(int, header.split("remplacez les lignes ")[1].split(" de ")[0].split(" à "))
    proposed = proposed.split("\n1 erreur(s)")[0].rstrip("\n").splitlines()
    config = project_copy / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(lines[:first - 1] + proposed + lines[last:]) + "\n", encoding="utf-8")
    assert run("-m", "scripts.validate", cwd=project_copy, check=False).returncode == 0
    result = run("-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=project_copy,
                 check=False)
    assert result.returncode == 0, result.stderr


def test_a_page_left_out_of_the_navigation_is_an_error_at_the_nav_line(project_copy):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      - formulaires/poser-une-question.md\n", ""), encoding="utf-8")
    nav_line = next(i for i, line in enumerate(text.splitlines()) if line == "nav:") + 1
    result = generate_in(project_copy)
    assert result.returncode == 1
    assert (f"mkdocs.yml:{nav_line}:1: erreur : la page « formulaires/poser-une-question.md » n'est dans aucune "
            "rubrique de la navigation") in result.stderr


def test_a_navigation_entry_without_a_page_is_an_error_at_its_line(project_copy):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("comprendre/public.md", "comprendre/publics.md")
    config.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines()) if "comprendre/publics.md" in row) + 1
    result = generate_in(project_copy)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:" in result.stderr
    assert "la navigation cite « comprendre/publics.md », qui n'existe pas dans docs/" in result.stderr


def test_the_site_is_read_from_the_configuration_with_its_address(monkeypatch, tmp_path):

    site, problems = read_site(CONFIG_FILE, {"SITE_URL": "https://exemple.org/c2i2e"})
    assert not problems
    assert site.url == "https://exemple.org/c2i2e/" and site.language == "fr"
    assert site.page_url("referentiel/b-3/b-3-1.md") == "https://exemple.org/c2i2e/referentiel/b-3/b-3-1/"
    assert site.page_url("referentiel/index.md") == "https://exemple.org/c2i2e/referentiel/"
    assert site.page_url("calendrier.ics") == "https://exemple.org/c2i2e/calendrier.ics"


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    """No import cycle hides behind the order of imports."""
    modules = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for path in (ROOT / "scripts").rglob("*.py") if path.name != "__main__.py")
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for loaded in [m for m in sys.modules if m.startswith('scripts')]:\n"
            "        del sys.modules[loaded]\n"
            "    importlib.import_module(name)\n")
    result = subprocess.run([sys.executable, "-c", code, *modules], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(modules) > 25


def test_the_day_of_the_build_is_paris_time_unless_the_variable_gives_one():
    assert dates.today({}) == datetime.datetime.now(dates.PARIS).date()
    assert dates.today({dates.DAY_VARIABLE: " 2027-03-01 "}) == datetime.date(2027, 3, 1)
    for value in ("demain", "2027-02-30", "20270301", "2027-3-1", "01/03/2027"):
        with pytest.raises(dates.DayError, match=f"{dates.DAY_VARIABLE} = « {value} » n'est pas un jour : "
                                                 "écrivez-le AAAA-MM-JJ"):
            dates.today({dates.DAY_VARIABLE: value})


@pytest.mark.parametrize("command", ["scripts.validate", "scripts.generate"])
def test_a_day_that_is_not_one_stops_the_check_and_the_generation_with_a_french_message(command, monkeypatch):
    monkeypatch.setattr(pipeline, "write_tree", lambda *a: pytest.fail("rien ne doit être écrit"))
    result = run("-m", command, check=False, env={dates.DAY_VARIABLE: "2027-02-30"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("mkdocs.yml:1:1: erreur : C2I2E_AUJOURDHUI = « 2027-02-30 » n'est pas un jour "
                                    ": écrivez-le AAAA-MM-JJ, par exemple 2027-03-01, ou retirez la variable pour "
                                    "construire le portail tel qu'il est aujourd'hui (variable d'environnement : "
                                    "ce fichier n'y est pour rien)\n")


def test_a_first_of_the_month_is_written_1er_raised_on_a_page_and_plain_in_text():
    first = datetime.date(2027, 3, 1)
    assert dates.long_date(first) == "1er mars 2027" and dates.full_date(first) == "lundi 1er mars 2027"
    assert dates.on_a_page(dates.full_date(first)) == "lundi 1<sup>er</sup> mars 2027"
    assert dates.on_a_page("<b> 11er") == "&lt;b&gt; 11er"  # escaped; no other number raised
