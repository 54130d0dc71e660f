"""The validator on broken copies of the référentiel: every problem reported at
once, in French, as FILE:LINE:COLUMN, and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run

FILE = "competences.yaml"


def lines_of(data_dir: Path) -> list[str]:
    return (data_dir / FILE).read_text(encoding="utf-8").splitlines(keepends=True)


def line_number(lines: list[str], text: str, start: int = 0) -> int:
    """1-based number of the first line (from `start`) containing `text`."""
    return next(i + 1 for i in range(start, len(lines)) if text in lines[i])


def save(data_dir: Path, lines: list[str]) -> None:
    (data_dir / FILE).write_text("".join(lines), encoding="utf-8")


def validate(data_dir: Path):
    result = run("-m", "scripts.validate", str(data_dir), check=False)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def messages(result) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every reported problem."""
    found = []
    for line in result.stderr.splitlines():
        match = re.match(r"(.+?):(\d+):(\d+): erreur : (.+)", line)
        if match:
            found.append((Path(match[1]).name, int(match[2]), match[4]))
    return found


def test_the_real_data_is_valid():
    result = run("-m", "scripts.validate")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1].startswith("Données valides")
    assert "28 compétences en 7 domaines" in result.stdout


def test_a_yaml_syntax_error_names_its_line(data_copy):
    lines = lines_of(data_copy)
    n = line_number(lines, "code: A.1.2")
    lines[n - 1] = lines[n - 1].replace("code: A.1.2", "code: [A.1.2")
    save(data_copy, lines)
    result = validate(data_copy)
    assert result.returncode == 1
    (problem,) = messages(result)
    assert problem[0] == FILE and problem[1] in (n, n + 1)
    assert problem[2].startswith("erreur de syntaxe YAML")


def test_a_duplicate_code_names_the_second_one(data_copy):
    lines = lines_of(data_copy)
    n = line_number(lines, "code: A.1.2")
    lines[n - 1] = lines[n - 1].replace("A.1.2", "A.1.1")
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, f"code « A.1.1 » en double (déjà utilisé ligne {line_number(lines, 'code: A.1.1')})") in found


def test_an_unknown_key_is_named_with_a_suggestion(data_copy):
    lines = lines_of(data_copy)
    n = line_number(lines, "libelle:", line_number(lines, "code: A.2.1"))
    lines[n - 1] = lines[n - 1].replace("libelle:", "libele:")
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, "clé inconnue « libele » : vouliez-vous écrire « libelle » ?") in found
    entry = line_number(lines, "code: A.2.1")
    assert any(line == entry and "« libelle » manquant" in message for _, line, message in found)


def test_a_missing_wording_is_reported(data_copy):
    lines = lines_of(data_copy)
    start = line_number(lines, "code: B.3.5")
    n = line_number(lines, "libelle:", start)
    lines[n - 1] = re.sub(r"libelle:.*", 'libelle: ""', lines[n - 1])
    # drop the continuation lines of the folded string, if any
    while lines[n].startswith(" " * 14) and not lines[n].strip().startswith(("explication", "traces")):
        del lines[n]
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, "« libelle » : ne doit pas être vide") in found


def test_27_competencies_are_refused_with_the_domain_count(data_copy):
    lines = lines_of(data_copy)
    start = line_number(lines, "code: B.4.3") - 1
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"\s{0,10}- code:", lines[i])), len(lines))
    del lines[start:end]
    save(data_copy, lines)
    found = messages(validate(data_copy))
    domain_line = line_number(lines, "competences:", line_number(lines, "code: B.4"))
    assert (FILE, domain_line + 1, "le domaine B.4 doit compter 3 compétences, il en compte 2") in found
    assert any("doit compter 28 compétences, ce fichier en compte 27" in message for _, _, message in found)


def test_a_code_under_the_wrong_domain_is_named(data_copy):
    lines = lines_of(data_copy)
    n = line_number(lines, "code: A.2.3")
    lines[n - 1] = lines[n - 1].replace("A.2.3", "A.3.9")
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, "la compétence A.3.9 est placée sous le domaine A.2, qui n'est pas le sien") in found


def test_every_problem_is_reported_at_once(data_copy):
    lines = lines_of(data_copy)
    for code, broken in (("code: A.1.3", "code: A13"), ("code: B.1.2", "code: B.1.1")):
        n = line_number(lines, code)
        lines[n - 1] = lines[n - 1].replace(code, broken)
    n = line_number(lines, "liees:", line_number(lines, "code: B.2.1"))
    lines[n - 1] = re.sub(r"liees:.*", "liees: [Z.9.9]", lines[n - 1])
    save(data_copy, lines)
    found = messages(validate(data_copy))
    texts = "\n".join(message for _, _, message in found)
    assert "doit être un code de compétence" in texts
    assert "code « B.1.1 » en double" in texts
    assert "« liees »" in texts or "Z.9.9" in texts
    assert len(found) >= 3


def test_a_wrong_type_and_a_wrong_schema_line_are_reported(data_copy):
    lines = lines_of(data_copy)
    lines[0] = "# yaml-language-server: $schema=sites.schema.json\n"
    n = line_number(lines, "traces:", line_number(lines, "code: A.3.1"))
    lines[n - 1] = re.sub(r"traces:.*", "traces: 12", lines[n - 1])
    while lines[n].lstrip().startswith("- ") or (lines[n].startswith(" " * 16) and lines[n].strip()):
        del lines[n]
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, "« traces » doit être une liste (lignes commençant par « - »)") in found
    assert (FILE, 1, "la première ligne désigne un autre schéma que celui du fichier : écrivez « # yaml-language-"
            "server: $schema=competences.schema.json », ou retirez-la") in found


def test_a_file_saved_without_its_comments_is_still_valid(data_copy):
    """The browser editor rewrites a file without its comments, the schema line included: nothing is
    lost that the validator needs (every source is a field)."""
    import yaml

    for path in sorted(data_copy.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert not path.read_text(encoding="utf-8").lstrip().startswith("#")
    result = validate(data_copy)
    assert result.returncode == 0, result.stderr


def test_an_unknown_data_file_is_reported(data_copy):
    (data_copy / "competence.yml").write_text("a: 1\n", encoding="utf-8")
    found = messages(validate(data_copy))
    assert any(name == "competence.yml" and "fichier de données inconnu" in m for name, _, m in found)


def test_a_broken_schema_is_named_at_its_place_in_french(data_copy):
    """A schema is data too (staff may edit one through git): broken, it is reported like the data,
    at its line, and nothing is published."""
    path = data_copy / "contacts.schema.json"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = line_number(lines, '"required": ["source"')
    lines[n - 1] = '  "required": "source",\n'
    path.write_text("".join(lines), encoding="utf-8")
    result = validate(data_copy)
    assert result.returncode == 1
    assert ("contacts.schema.json", n, 'schéma invalide (JSON Schema 2020-12) : "source" ne respecte pas la règle '
            '« type » du métaschéma ("array")') in messages(result)
    # Not JSON at all (a comma too many): the place and the likely cause.
    lines[n - 1] = '  "required": ["source",],\n'
    path.write_text("".join(lines), encoding="utf-8")
    assert ("contacts.schema.json", n, "schéma JSON invalide : valeur attendue (virgule en trop ?)") in messages(
        validate(data_copy))


def test_editors_find_every_schema_without_the_first_line():
    """VS Code (and any editor with the YAML language server) maps each data file to its schema from
    .vscode/settings.json: a file saved without its comments keeps its checks while typing."""
    import json

    from scripts.core.paths import ROOT
    from scripts.features import FEATURES

    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    expected = {f"./referentiel/{d.schema_name}": f"referentiel/{d.file_name}"
                for feature in FEATURES for d in feature.datasets}
    assert mapping == expected
    assert all((ROOT / schema).is_file() and (ROOT / data).is_file() for schema, data in mapping.items())


def test_a_public_source_needs_an_address_and_what_it_says(data_copy):
    lines = lines_of(data_copy)
    start = line_number(lines, "code: A.3.3")
    n = line_number(lines, "- url: https://eur-lex.europa.eu", start)
    lines[n - 1] = lines[n - 1].replace("https://eur-lex.europa.eu", "eur-lex.europa.eu")
    m = line_number(lines, "- url: https://www.cnil.fr/", start)
    while lines[m].startswith(" " * 16):
        del lines[m]
    save(data_copy, lines)
    found = messages(validate(data_copy))
    assert (FILE, n, "« url » : doit être une adresse web commençant par https:// (ou http://)") in found
    assert (FILE, m, "indiquez « url » (l'adresse de la page qui publie l'information) et « description » "
            "(ce que la page dit)") in found
