"""The YAML loader keeps where every value stands, and reports bad YAML in French."""

from pathlib import Path

from scripts.core.loader import load


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "donnees.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_and_keys_keep_their_line_and_column(tmp_path):
    document, problems = load(write(tmp_path, "titre: Bonjour\nliste:\n  - un\n  - code: A.1\n"))
    assert problems == []
    assert document.data == {"titre": "Bonjour", "liste": ["un", {"code": "A.1"}]}
    assert document.position(("titre",)) == (1, 8)
    assert document.position(("titre",), key=True) == (1, 1)
    assert document.position(("liste", 1, "code")) == (4, 11)
    # A place that does not exist points at its nearest parent.
    assert document.position(("liste", 1, "absent")) == (4, 5)


def test_dates_stay_text_so_the_schema_checks_them(tmp_path):
    document, _ = load(write(tmp_path, "debut: 2026-09-15\n"))
    assert document.data == {"debut": "2026-09-15"}


def test_a_duplicate_key_is_reported_at_its_second_occurrence(tmp_path):
    path = write(tmp_path, "nom: A\nrole: B\nnom: C\n")
    document, problems = load(path)
    assert [str(p).split(":", 1)[1] for p in problems] == [
        "3:1: erreur : clé « nom » en double (déjà définie ligne 1)"]


def test_a_syntax_error_is_positioned_and_in_french(tmp_path):
    document, problems = load(write(tmp_path, "titre: Bonjour\nlibelle: Identifier: les personnes\n"))
    assert document is None
    (problem,) = problems
    assert (problem.line, problem.column) == (2, 20)
    assert "erreur de syntaxe YAML" in problem.message and "guillemets" in problem.message


def test_a_file_that_is_not_utf8_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "donnees.yaml"
    path.write_bytes("nom: é".encode("latin-1"))
    document, problems = load(path)
    assert document is None and "UTF-8" in problems[0].message
