"""The YAML loader keeps where every value stands, and reports bad YAML in French."""

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.core.loader import load, parse
from scripts.core.paths import DATA_DIR
from tests.conftest import run


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


# --- the mistakes of a person editing a data file by hand: each one named, at its place ----------

PERSON = "personnes:\n  - nom: Camille Exemple\n    email: camille.exemple@example.org\n    role: Référente\n"


def only_problem(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    document, problems = load(path)
    assert len(problems) == 1, problems
    return str(problems[0]).removeprefix(f"{path}:")


def test_a_byte_order_mark_is_harmless_and_positions_stay_right(tmp_path):
    path = tmp_path / "donnees.yaml"
    path.write_bytes("\ufeff".encode("utf-8") + PERSON.encode("utf-8"))
    document, problems = load(path)
    assert problems == [] and document.data["personnes"][0]["nom"] == "Camille Exemple"
    assert document.position(("personnes",), key=True) == (1, 1)
    assert document.position(("personnes", 0, "nom")) == (2, 10)


def test_typographic_quotes_around_a_value_are_named_with_the_value_to_write(tmp_path):
    message = ("guillemets typographiques “…” autour de la valeur : YAML ne connaît que les guillemets droits, "
               "écrivez « email: \"camille.exemple@example.org\" »")
    assert only_problem(tmp_path, PERSON.replace("camille.exemple@example.org", "“camille.exemple@example.org”")) \
        == f"3:12: erreur : {message}"
    document, _ = load(write(tmp_path, PERSON.replace("Référente", "« Référente »")))
    assert document.data["personnes"][0]["role"] == "Référente"  # checked further as meant: no second message
    assert only_problem(tmp_path, PERSON.replace("Référente", "« Référente »")) == (
        "4:11: erreur : guillemets typographiques «…» autour de la valeur : YAML ne connaît que les guillemets "
        "droits, écrivez « role: \"Référente\" »")
    assert only_problem(tmp_path, "liste:\n  - ‘un’\n") == (
        "2:5: erreur : guillemets typographiques ‘…’ autour de la valeur : YAML ne connaît que les guillemets "
        "droits, écrivez « - \"un\" »")
    # Straight quotes, or quotes inside a value, are fine.
    document, problems = load(write(tmp_path, 'a: "« Bonjour »"\nb: le « C2i2e »\n'))
    assert problems == [] and document.data == {"a": "« Bonjour »", "b": "le « C2i2e »"}


def test_typographic_quotes_around_a_value_with_a_colon_are_named_not_the_colon(tmp_path):
    assert only_problem(tmp_path, PERSON.replace("Référente", "“Référente : site de Créteil”")) == (
        "4:11: erreur : erreur de syntaxe YAML : guillemets typographiques “…” autour de la valeur : YAML ne "
        "connaît que les guillemets droits, écrivez « role: \"Référente : site de Créteil\" »")


def test_a_line_not_aligned_with_its_level_says_where_it_should_start(tmp_path):
    more = PERSON.replace("    email:", "     email:")
    assert only_problem(tmp_path, more) == (
        "3:6: erreur : erreur de syntaxe YAML : cette ligne n'est pas alignée avec les lignes de son niveau : elle "
        "doit commencer colonne 5, pas 6 (retirez 1 espace en début de ligne)")
    less = PERSON.replace("    role:", "  role:")
    assert only_problem(tmp_path, less) == (
        "4:3: erreur : erreur de syntaxe YAML : cette ligne n'est pas alignée avec les lignes de son niveau : elle "
        "doit commencer colonne 5, pas 3 (ajoutez 2 espaces en début de ligne)")
    one_less = PERSON.replace("    role:", "   role:")
    assert only_problem(tmp_path, one_less).startswith("4:4: erreur : erreur de syntaxe YAML : cette ligne n'est pas "
                                                       "alignée avec les lignes de son niveau : elle doit commencer "
                                                       "colonne 5, pas 4 (ajoutez 1 espace")


def test_a_colon_inside_a_well_aligned_value_keeps_its_own_message(tmp_path):
    assert only_problem(tmp_path, PERSON.replace("Référente", "Référente: site de Créteil")) == (
        "4:20: erreur : erreur de syntaxe YAML : « : » inattendu ici (une valeur contenant « : » doit être entre "
        "guillemets)")


def test_a_missing_space_after_the_colon_is_named(tmp_path):
    assert only_problem(tmp_path, PERSON.replace("email: ", "email:")) == (
        "3:11: erreur : erreur de syntaxe YAML : il manque une espace après le « : » de « email » : écrivez "
        "« email: camille.exemple@example.org »")


def test_a_quote_never_closed_is_reported_where_it_opens(tmp_path):
    assert only_problem(tmp_path, PERSON.replace("nom: Camille Exemple", 'nom: "Camille Exemple')) == (
        "2:10: erreur : erreur de syntaxe YAML : guillemet jamais refermé : fermez-le à la fin de la valeur")


def test_trailing_spaces_and_a_space_before_the_colon_are_harmless(tmp_path):
    document, problems = load(write(tmp_path, PERSON.replace("Camille Exemple\n", "Camille Exemple   \n")
                                    .replace("role:", "role :")))
    assert problems == [] and document.data["personnes"][0]["nom"] == "Camille Exemple"
    assert document.data["personnes"][0]["role"] == "Référente"


def test_a_tab_still_says_to_indent_with_spaces(tmp_path):
    assert only_problem(tmp_path, PERSON.replace("    email", "\temail")) == (
        "3:1: erreur : erreur de syntaxe YAML : tabulation interdite : indentez avec des espaces (cette ligne doit "
        "commencer colonne 5)")


def test_libyaml_and_the_pure_python_reader_give_the_same_values_and_positions():
    """The fast reader (libyaml) is only a speed-up: same values, same line and column for every
    value and key of every data file and of mkdocs.yml."""
    import yaml

    from scripts.core import loader
    from scripts.core.paths import CONFIG_FILE, DATA_DIR

    assert yaml.__with_libyaml__ and loader._FastLoader is not loader._Loader
    for path in [*sorted(DATA_DIR.glob("*.yaml")), CONFIG_FILE]:
        text = path.read_text(encoding="utf-8")
        environ = {} if path == CONFIG_FILE else None
        results = []
        for reader in (loader._FastLoader, loader._Loader):
            parser = reader(text)
            root = parser.get_single_node()
            document, problems = loader._document(path, root, parser, environ)
            parser.dispose()
            results.append((document.data, document.values, document.keys, [str(p) for p in problems]))
        assert results[0] == results[1], path.name


def test_a_list_left_empty_above_its_items_says_to_delete_the_brackets(tmp_path):
    """« referents: [] » kept, and the référents written below it: the message is at the « [] »
    and says to delete it, not to re-indent the lines that are right."""
    site = "sites:\n  - id: bonneuil\n    referents: []\n{items}    verifie_le: 2026-11-29\n"
    message = ("3:16: erreur : erreur de syntaxe YAML : « [] » après « referents: » signifie « liste vide » : "
               "supprimez-le pour écrire la liste en dessous (laissez « referents: » seul sur sa ligne)")
    for items in ("      - nom: Camille Exemple\n        verifie_le: 2026-11-29\n",  # indented under the key
                  "    - nom: Camille Exemple\n      verifie_le: 2026-11-29\n",  # aligned with the key
                  "\n      # le référent\n      - nom: Camille Exemple\n"):  # after a blank line and a comment
        assert only_problem(tmp_path, site.format(items=items)) == message
    assert only_problem(tmp_path, "evenements: []  # aucune\n  - id: jury-2027\n") == (
        "1:13: erreur : erreur de syntaxe YAML : « [] » après « evenements: » signifie « liste vide » : "
        "supprimez-le pour écrire la liste en dessous (laissez « evenements: » seul sur sa ligne)")
    assert only_problem(tmp_path, "source: {}\n  url: https://example.org\n").startswith(
        "1:9: erreur : erreur de syntaxe YAML : « {} » après « source: » signifie « aucun champ » : supprimez-le")
    # Left empty with nothing below it: valid.
    document, problems = load(write(tmp_path, site.format(items="")))
    assert problems == [] and document.data["sites"][0]["referents"] == []


# --- every mistake a référent can make in the forge's web editor: named in French, with its fix --------

SYNTAX = "erreur : erreur de syntaxe YAML : "
NO_BREAK = "YAML ne la compte pas comme une espace, remplacez-la par une espace ordinaire"
MISTAKES = {
    "arobase": (PERSON.replace("email: camille", "email: @camille"), f"3:12: {SYNTAX}une valeur ne peut pas commencer "
                'par « @ » sans guillemets : écrivez « email: "@camille.exemple@example.org" »'),
    "accent grave": (PERSON.replace("Référente", "`Référente`"), f"4:11: {SYNTAX}une valeur ne peut pas commencer par "
                     '« ` » sans guillemets : écrivez « role: "`Référente`" »'),
    "tabulation": (PERSON.replace("    email", "\temail"), f"3:1: {SYNTAX}tabulation interdite : indentez avec des "
                   "espaces (cette ligne doit commencer colonne 5)"),
    "espace insécable": (PERSON.replace("    email", "  \u00a0 email"),
                         f"3:3: erreur : espace insécable (U+00A0) dans l'indentation : {NO_BREAK}"),
    "espaces fines insécables": (PERSON.replace("    email", "\u202f" * 4 + "email"),
                                 "3:1: erreur : 4 espaces fines insécables (U+202F) dans l'indentation : YAML ne les "
                                 "compte pas comme des espaces, remplacez-les par des espaces ordinaires"),
    "espace insécable après le tiret": (PERSON.replace("  - nom", "  -\u00a0nom"),
                                        f"2:4: erreur : espace insécable (U+00A0) après « - » : {NO_BREAK}"),
    "espace insécable avant le deux-points": (PERSON.replace("role:", "role\u00a0:"), "4:9: erreur : espace insécable "
                                              "(U+00A0) avant « : » : YAML la garde dans la clé « role », remplacez-la "
                                              "par une espace ordinaire"),
    "espace insécable après le deux-points": (PERSON.replace("role: ", "role:\u00a0"), "4:10: erreur : espace "
                                              f"insécable (U+00A0) après « : » : {NO_BREAK}"),
    "deux-points manquant": (PERSON.replace("role: ", "role "), f"4:9: {SYNTAX}il manque « : » après « role » : écrivez "
                             "« role: Référente »"),
    "deux-points manquant dans un élément": (PERSON.replace("nom: ", "nom "), f"2:8: {SYNTAX}il manque « : » après "
                                             "« nom » : écrivez « nom: Camille Exemple »"),
    "espace manquante après le deux-points": ("titre:Bonjour\nchapeau: Le portail\n", f"1:7: {SYNTAX}il manque une "
                                              "espace après le « : » de « titre » : écrivez « titre: Bonjour »"),
    "ligne plus indentée": (PERSON.replace("    email", "      email"), f"3:7: {SYNTAX}cette ligne n'est pas alignée "
                            "avec les lignes de son niveau : elle doit commencer colonne 5, pas 7 (retirez 2 espaces "
                            "en début de ligne)"),
    "ligne moins indentée": (PERSON.replace("    role", "  role"), f"4:3: {SYNTAX}cette ligne n'est pas alignée avec "
                             "les lignes de son niveau : elle doit commencer colonne 5, pas 3 (ajoutez 2 espaces en "
                             "début de ligne)"),
    "guillemet jamais refermé": (PERSON.replace("Référente", "'Référente"), f"4:11: {SYNTAX}guillemet jamais refermé : "
                                 "fermez-le à la fin de la valeur"),
    "apostrophe entre guillemets simples": (PERSON.replace("Référente", "'l'équipe du site'"), f"4:14: {SYNTAX}la "
                                            "valeur s'arrête au guillemet qui la ferme, avant ce texte (une apostrophe "
                                            "dans une valeur entre ' ' s'écrit '') : écrivez « role: \"l'équipe du "
                                            "site\" »"),
    "texte après le guillemet fermant": (PERSON.replace("Référente", '"Référente" du site'), f"4:23: {SYNTAX}la valeur "
                                         "s'arrête au guillemet qui la ferme, avant ce texte : écrivez « role: "
                                         "'\"Référente\" du site' »"),
    "guillemets typographiques": (PERSON.replace("Référente", "“Référente : Créteil”"), f"4:11: {SYNTAX}guillemets "
                                  "typographiques “…” autour de la valeur : YAML ne connaît que les guillemets droits, "
                                  "écrivez « role: \"Référente : Créteil\" »"),
    "guillemet refermé seulement plus bas": (PERSON.replace("nom: Camille Exemple", 'nom: "Camille Exemple')
                                             .replace("role: Référente", 'role: "Référente"'),
                                             f"2:10: {SYNTAX}guillemet jamais refermé sur sa ligne (YAML l'a refermé "
                                             "seulement ligne 4) : fermez-le à la fin de la valeur"),
    "deux-points dans un texte sur plusieurs lignes": (
        "source:\n  description: La page officielle\n    (rubrique : Contacts) ne publie rien.\n  url: x\n",
        f"3:15: {SYNTAX}« : » dans la valeur de « description », qui continue sur plusieurs lignes : mettez toute la "
        "valeur entre guillemets, écrivez « description: \"La page officielle (rubrique : Contacts) ne publie "
        "rien.\" »"),
    "ligne de texte seule": ("# Les contacts\n(brouillon) à relire\n\ncontact: scolarite\n",
                             f"2:1: {SYNTAX}cette ligne n'est ni une clé (« clé: valeur ») ni un élément de liste "
                             "(« - valeur ») : supprimez-la, ou faites-en un commentaire en la commençant par « # »"),
    "ligne de texte seule en tête": ("# Les contacts\n« brouillon\ncontact: scolarite\n",
                                     f"2:1: {SYNTAX}cette ligne n'est ni une clé (« clé: valeur ») ni un élément de "
                                     "liste (« - valeur ») : supprimez-la, ou faites-en un commentaire en la "
                                     "commençant par « # »"),
    "crochet jamais refermé": (PERSON.replace("role: Référente", "roles: [Référente, Jury\n    site: Créteil"),
                               f"4:12: {SYNTAX}crochet « [ » jamais refermé : fermez-le par « ] », ou mettez la valeur "
                               "entre guillemets"),
    "lien écrit comme en Markdown": (PERSON.replace("role: Référente", "source: [la page](https://example.org)"),
                                     f"4:13: {SYNTAX}une valeur qui commence par « [ » est lue comme une liste : "
                                     "écrivez « source: \"[la page](https://example.org)\" »"),
    "liste sur la ligne de sa clé": (PERSON.replace("role: Référente", "roles: - Référente"), f"4:12: {SYNTAX}une "
                                     "liste ne commence pas sur la ligne de sa clé : laissez « roles: » seul sur sa "
                                     "ligne et écrivez chaque « - » en dessous, plus indenté (ou mettez la valeur "
                                     "entre guillemets)"),
    "astérisques de mise en valeur": (PERSON.replace("Référente", "**Référente**"), f"4:11: {SYNTAX}une valeur ne "
                                      "peut pas commencer par « * » sans guillemets : écrivez « role: "
                                      "\"**Référente**\" »"),
    "barre oblique inverse": (PERSON.replace("role: Référente", 'dossier: "C:\\Users"'), f"4:19: {SYNTAX}« \\ » entre "
                              "guillemets doubles : écrivez « \\\\ » pour une barre oblique inverse, ou mettez la valeur "
                              "entre guillemets simples ' '"),
    "caractère invisible": (PERSON.replace("Référente", "Réf\x07érente"), f"4:14: {SYNTAX}caractère invisible interdit "
                            "(U+0007) : supprimez-le"),
    "second document": (PERSON + "---\nautre: x\n", f"5:1: {SYNTAX}« --- » ou « ... » en début de ligne sépare deux "
                        "documents, et un fichier de données n'en a qu'un : supprimez cette ligne (ou mettez la valeur "
                        "entre guillemets)"),
}


def test_no_break_spaces_of_french_typography_inside_a_text_are_kept(tmp_path):
    text = 'a: "Texte\n  Attention\u00a0: rien"\nb: |\n  Remarque\u202f: x\n  \u00a0: suite\nc: le «\u00a0C2i2e\u00a0»\n'
    document, problems = load(write(tmp_path, text))
    assert problems == [] and document.data == {
        "a": "Texte Attention\u00a0: rien", "b": "Remarque\u202f: x\n\u00a0: suite\n", "c": "le «\u00a0C2i2e\u00a0»"}


def ascii_ids(names) -> list[str]:
    return [unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() for name in names]


@pytest.mark.parametrize("text, expected", MISTAKES.values(), ids=ascii_ids(MISTAKES))
def test_each_mistake_is_named_in_french_at_its_place_with_its_fix(tmp_path, text, expected):
    assert only_problem(tmp_path, text) == expected


def test_every_mistake_of_a_file_is_named_at_once(tmp_path):
    text = (PERSON.replace("email: camille", "email: @camille")
            + "  - nom: Dominique Exemple\n\temail: @dominique.exemple@example.org\n"
            + "  - nom: Claude Exemple\n  \u00a0 role: `Référente`\n    site:Créteil\n")
    path = write(tmp_path, text)
    document, problems = load(path)
    assert document is None
    # Two on one line: the second's column is the one in the text as written (with its tab).
    assert [(problem.line, problem.column) for problem in problems] == [
        (3, 12), (6, 1), (6, 9), (8, 3), (8, 11), (9, 10)]
    assert [problem.message.split(" : ")[-1] for problem in problems] == [
        'écrivez « email: "@camille.exemple@example.org" »', "indentez avec des espaces (cette ligne doit commencer "
        "colonne 5)", 'écrivez « email: "@dominique.exemple@example.org" »', NO_BREAK.split(" : ")[-1],
        'écrivez « role: "`Référente`" »', "écrivez « site: Créteil »"]


# English words of PyYAML's and libyaml's messages: none may reach a person.
ENGLISH = re.compile(r"\b(found|token|expected|while|scanning|parsing|mapping|scalar|block|sequence|stream|"
                     r"indicator|character|allowed|could|cannot|unexpected|unknown|anchor|directive|got|here|key|"
                     r"start|end|not|find|tag|document start|error)\b", re.IGNORECASE)
DATA_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(DATA_DIR.glob("*.yaml"))]
TYPED = ["@", "`", "%", "*", "&", "!", "|", ">", "[", "]", "{", "}", '"', "'", "\t", "\u00a0", "\u202f", ":", "#",
         "- ", "?", ",", "\\", "«", "“", "”", " ", "  ", "\x07", "---", "...", ": ", "\n", "\ufeff"]


@st.composite
def edited(draw):
    """A data file with a few keystrokes of a hurried editor: characters typed or deleted, lines re-indented."""
    lines = draw(st.sampled_from(DATA_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        at = draw(st.integers(0, len(line)))
        lines[index] = draw(st.sampled_from([
            line[:at] + draw(st.sampled_from(TYPED)) + line[at:], line[:at] + line[at + 1:],
            " " * draw(st.integers(0, 6)) + line.lstrip(" ")]))
    return "\n".join(lines)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_no_english_parser_word_reaches_a_person_whatever_the_mistake(text):
    document, problems = parse(Path("referentiel/donnees.yaml"), text)
    for problem in problems:
        assert 1 <= problem.line <= text.count("\n") + 1 and problem.column >= 1, problem
        assert re.fullmatch(r"referentiel/donnees\.yaml:\d+:\d+: (erreur|avertissement) : .+", str(problem), re.S)
        words = re.sub(r"« .*? »", "", problem.message)  # what the person wrote, quoted back, may be anything
        assert not ENGLISH.search(words), problem.message


def test_the_validator_names_the_mistakes_in_french_on_the_command_line(data_copy):
    """What a person sees: `python -m scripts.validate` on a data folder with the mistakes the web editor let
    through, in one record: a tab and a backtick, a missing « : », a no-break space, an e-mail's « @ »."""
    path = data_copy / "contacts.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()

    def edit(text: str, new: str) -> int:
        index = next(index for index, line in enumerate(lines) if text in line)
        lines[index] = lines[index].replace(text, new)
        return index + 1

    role = edit("    role: Renseignements", "\trole: `Renseignements`")
    name = edit("    nom: Service Scolarité", "    nom Service Scolarité")
    phone = edit("    telephone:", "\u00a0   telephone:")
    email = edit("email: C2i2e-sec@u-pec.fr", "email: @C2i2e-sec@u-pec.fr")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("-m", "scripts.validate", str(data_copy), check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = [line.split("contacts.yaml:", 1)[1] for line in result.stderr.splitlines() if "contacts.yaml:" in line]
    assert reported == [
        f"{role}:1: {SYNTAX}tabulation interdite : indentez avec des espaces (cette ligne doit commencer colonne 5)",
        f"{role}:8: {SYNTAX}une valeur ne peut pas commencer par « ` » sans guillemets : écrivez "
        "« role: \"`Renseignements`\" »",
        f"{name}:8: {SYNTAX}il manque « : » après « nom » : écrivez « nom: Service Scolarité »",
        f"{phone}:1: erreur : espace insécable (U+00A0) dans l'indentation : {NO_BREAK}",
        f"{email}:12: {SYNTAX}une valeur ne peut pas commencer par « @ » sans guillemets : écrivez "
        "« email: \"@C2i2e-sec@u-pec.fr\" »"]
    assert not ENGLISH.search(re.sub(r"« .*? »", "", result.stderr))


# The mistakes a reader sees: no-break spaces are replaced before, and libyaml counts a position in bytes.
READ_BY_LIBYAML = [name for name in MISTAKES if "insécable" not in name and name != "caractère invisible"]


@pytest.mark.parametrize("name", READ_BY_LIBYAML, ids=ascii_ids(READ_BY_LIBYAML))
def test_libyaml_wording_of_a_mistake_gets_the_same_french_message(name):
    """The messages are read from PyYAML's pure-Python reader; libyaml words its errors otherwise
    (« did not find expected key », « mapping values are not allowed in this context »...): its
    wording gets the same message. (No-break spaces are replaced before any reader sees them.)"""
    import yaml

    from scripts.core import loader

    text, expected = MISTAKES[name]
    reader = loader._FastLoader(text)
    with pytest.raises(yaml.YAMLError) as error:
        reader.get_single_node()
    reader.dispose()
    line, column, message, _ = loader._syntax_error(error.value, text)
    assert f"{line}:{column}: {SYNTAX}{message}" == expected
