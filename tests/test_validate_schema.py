"""The schema keywords of our own that the validator and the browser editor share (x-message on an
anyOf, x-avertissement, x-choix-dans): what each one reports, where, and how severe."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.core.data import Dataset, load_all

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "email": {"type": "string", "x-avertissement": {"pattern": "@gmail\\.com$", "message": "adresse personnelle"}},
        "quand": {"anyOf": [{"type": "string", "format": "date"},
                            {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$"}],
                  "x-message": "n'est pas une date : écrivez AAAA-MM-JJ ou AAAA-MM-JJTHH:MM"},
        "rubrique": {"type": "string", "x-choix-dans": {"fichier": "listes.yaml", "liste": "rubriques",
                                                       "valeur": "titre", "message": "n'est pas une rubrique connue"}},
    },
}


def folder(tmp_path: Path, data: str, lists: str | None = "rubriques:\n  - titre: Une\n  - titre: Deux\n") -> Path:
    (tmp_path / "essai.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "essai.yaml").write_text(data, encoding="utf-8")
    if lists is not None:
        (tmp_path / "listes.yaml").write_text(lists, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, data: str, **lists) -> tuple[list[str], bool]:
    loaded = load_all(folder(tmp_path, data, **lists), [Dataset("essai")])
    return [str(d).split("essai.yaml:", 1)[1] for d in loaded.diagnostics], loaded.valid("essai")


def test_a_warning_is_reported_at_its_value_and_leaves_the_file_valid(tmp_path):
    found, valid = problems(tmp_path, "email: camille@gmail.com\nrubrique: Une\n")
    assert found == ["1:8: avertissement : « camille@gmail.com » : adresse personnelle"] and valid
    assert problems(tmp_path, "email: camille@u-pec.fr\n") == ([], True)


def test_an_any_of_with_its_own_sentence_names_the_forms_and_the_value_to_write(tmp_path):
    assert problems(tmp_path, "quand: 2027-06-09 14:00\n")[0] == [
        "1:8: erreur : « 2027-06-09 14:00 » n'est pas une date : écrivez AAAA-MM-JJ ou AAAA-MM-JJTHH:MM ; ici, "
        "écrivez « 2027-06-09T14:00 » (un T entre le jour et l'heure)"]
    assert problems(tmp_path, "quand: 2027-02-30\n")[0] == [
        "1:8: erreur : « 2027-02-30 » n'existe pas dans le calendrier : vérifiez le jour, le mois"]
    assert problems(tmp_path, "quand: 12\n")[0] == ["1:8: erreur : « quand » doit être un texte"]


def test_a_choice_is_read_from_its_data_file(tmp_path):
    assert problems(tmp_path, "rubrique: Deux\n") == ([], True)
    assert problems(tmp_path, "rubrique: Trois\n")[0] == [
        f"1:11: erreur : « Trois » n'est pas une rubrique connue : choisissez parmi Une, Deux (liste tenue dans "
        f"{tmp_path.name}/listes.yaml, où l'on peut l'allonger)"]
    # Its list broken or missing: that file's own checks say so; no message here that would mislead.
    assert problems(tmp_path, "rubrique: Trois\n", lists="rubriques: [\n") == ([], True)
    (tmp_path / "listes.yaml").unlink()
    assert problems(tmp_path, "rubrique: Trois\n", lists=None) == ([], True)
