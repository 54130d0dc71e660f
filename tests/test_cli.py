"""Every command of the project speaks French, argparse's own words included (usage, errors,
help), through the one parser of scripts/core/cli.py; usage errors keep their exit codes."""

from __future__ import annotations

import pytest

from scripts.core import cli
from tests.conftest import run

ENGLISH = ("usage:", "error:", "the following arguments", "unrecognized arguments", "invalid choice",
           "expected one argument", "show this help message", "positional arguments", "invalid int value")

COMMANDS = {  # command, its exit code for a usage error
    "scripts.validate": 2,
    "scripts.generate": 2,
    "scripts.postbuild": 2,
    "scripts.referentiel": 2,
    "scripts.formulaires": 1,  # 2 means « service unreachable » there
    "scripts.tools.bench": 2,
}


def assert_french(text: str) -> None:
    assert not [word for word in ENGLISH if word in text], text


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_is_refused_in_french(command):
    # In a process of its own, as a person's shell runs it: its exit code is the interpreter's. The
    # tests below run the same parser in this process (conftest.run), which captures the same output.
    # What each needs besides the unknown option (a sub-command and its form; a site folder).
    arguments = {"scripts.formulaires": ("submit", "poser-une-question"), "scripts.postbuild": ("site",)
                 }.get(command, ()) + ("--inconnue",)
    result = run("-m", command, *arguments, check=False, separate=True)
    assert result.returncode == COMMANDS[command], result.stderr
    prog = f"python -m {command}"  # argparse reports a sub-command's unknown option at the top
    assert result.stderr.startswith(f"utilisation : {prog} ")
    assert result.stderr.endswith(f"{prog} : erreur : arguments non reconnus : --inconnue\n"), result.stderr
    assert_french(result.stderr)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_help_is_in_french(command):
    result = run("-m", command, "--help")
    assert result.stdout.startswith(f"utilisation : python -m {command} [-h]")
    assert "\noptions:\n  -h, --help" in result.stdout and "affiche cette aide et quitte" in result.stdout
    assert_french(result.stdout)


def test_a_missing_command_a_wrong_choice_a_missing_value_and_a_bad_number(tmp_path):
    prog = "python -m scripts.formulaires"
    result = run("-m", "scripts.formulaires", check=False)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, f"{prog} : erreur : arguments obligatoires manquants : COMMANDE")
    result = run("-m", "scripts.formulaires", "envoyer", check=False)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, f"{prog} : erreur : argument COMMANDE : choix invalide : 'envoyer' (choisissez parmi 'serve', 'inbox', "
           "'submit', 'check')")
    result = run("-m", "scripts.formulaires", "inbox", "--form", check=False)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, f"{prog} inbox : erreur : argument --form : une valeur est attendue après cette option")
    result = run("-m", "scripts.formulaires", "serve", "--port", "deux", check=False)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, f"{prog} serve : erreur : argument --port : 'deux' n'est pas un nombre entier")
    assert "Traceback" not in result.stderr


def test_a_message_argparse_words_otherwise_is_left_as_it_is():
    assert cli.french("argument --x: invalid float value: 'a'") == "argument --x : 'a' n'est pas un nombre"
    assert cli.french("quelque chose d'autre") == "quelque chose d'autre"
