"""The project's command lines: argparse, speaking French.

argparse writes its own words in English (« usage: », « error: », « the following
arguments are required »...). `ArgumentParser` here is argparse's, with those words
in French; every command of the project (`python -m scripts.…`) uses it, and its
sub-commands too. Usage errors exit with `USAGE_ERROR` (2, argparse's own code) unless
a command sets another one.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE_PREFIX = "utilisation : "
HELP = "affiche cette aide et quitte"

# argparse's error messages (Python 3.11), in French, applied in turn to each message.
_ERRORS = (
    (r"^argument (.+?): ", r"argument \1 : "),
    (r"the following arguments are required: ", "arguments obligatoires manquants : "),
    (r"unrecognized arguments: ", "arguments non reconnus : "),
    (r"invalid choice: (.+) \(choose from (.+)\)$", r"choix invalide : \1 (choisissez parmi \2)"),
    (r"expected one argument$", "une valeur est attendue après cette option"),
    (r"expected at least one argument$", "au moins une valeur est attendue"),
    (r"expected at most one argument$", "une valeur au plus est attendue"),
    (r"expected (\d+) arguments?$", r"\1 valeur(s) attendue(s)"),
    (r"ignored explicit argument (.+)$", r"valeur \1 non permise pour cette option"),
    (r"invalid (int|float) value: (.+)$", lambda m: f"{m[2]} n'est pas un nombre"
                                                     f"{' entier' if m[1] == 'int' else ''}"),
    (r"invalid (.+?) value: (.+)$", r"valeur invalide : \2"),
    (r"not allowed with argument (.+)$", r"incompatible avec l'argument \1"),
    (r"one of the arguments (.+) is required$", r"l'un des arguments \1 est obligatoire"),
    (r"ambiguous option: (.+) could match (.+)$", r"option ambiguë : \1 peut désigner \2"),
)


def french(message: str) -> str:
    """One of argparse's error messages, in French (a message it does not know stays as it is)."""
    for pattern, replacement in _ERRORS:
        message = re.sub(pattern, replacement, message)
    return message


class ArgumentParser(argparse.ArgumentParser):
    """argparse.ArgumentParser, with argparse's own words in French."""

    usage_error = 2  # the exit code of a usage error

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", type(self))  # sub-commands speak French too
        return super().add_subparsers(**kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        add_usage = formatter.add_usage

        def french_usage(usage, actions, groups, prefix=None):
            add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)

        formatter.add_usage = french_usage
        return formatter

    def parse_known_intermixed_args(self, args=None, namespace=None):
        if self.usage is None:  # argparse would cut its own 7-character « usage: » off the usage
            self.usage = self.format_usage().removeprefix(USAGE_PREFIX)
        return super().parse_known_intermixed_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(self.usage_error, f"{self.prog} : erreur : {french(message)}\n")
