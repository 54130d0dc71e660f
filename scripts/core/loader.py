"""The one YAML loader: data values together with where each one stands in its file.

PyYAML composes the file into nodes that carry their start marks; we turn the
nodes into plain Python values ourselves so that every value (and every mapping
key) keeps its line and column. Dates are kept as text (`2026-01-15` stays a
string): the JSON Schemas check their format, with a French message.

Bad YAML gets a French message naming its likely cause, at its place, with the fix: a line not
aligned with its level (and the column where it should start), a tab or a no-break space (U+00A0, U+202F)
in the indentation, a value starting with a sign YAML reserves (@, `, *...: it needs quotes), typographic
quotes “…” « … » around a value (and the value to write), a missing « : » or a missing space after it, a
quote never closed or closed too early, a list left « [] » above the items written below it. A message
for any other problem is still French: no English word of the parser reaches a person. All the problems
of a file are reported at once. A UTF-8 byte order mark is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scripts.core.diagnostics import Diagnostic

Path_ = tuple[str | int, ...]  # a value's place in the document: ("parties", 0, "code")


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 resolution, minus timestamps: dates stay strings."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
              yaml.constructor.SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


# libyaml's parser, when PyYAML was built with it: the same nodes and marks, about 40 times faster
# than the pure-Python reader, which stays the one that explains a syntax error (its messages are
# the ones translated below): a file libyaml refuses is read again by it.
if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(CParser, yaml.constructor.SafeConstructor, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    _FastLoader = _Loader


@dataclass
class Document:
    """A loaded data file: its values, and the position of each value and key."""

    path: Path
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, where: Path_ = (), *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `where`, or of its key.

        A place that does not exist (a missing field) falls back to its
        nearest existing parent, so every message still points somewhere useful.
        """
        where = tuple(where)
        while True:
            table = self.keys if key and where in self.keys else self.values
            if where in table:
                return table[where]
            if not where:
                return (1, 1)
            where = where[:-1]
            key = False

    def diagnostic(self, where: Path_, message: str, *, key: bool = False,
                   severity: str = "erreur") -> Diagnostic:
        line, column = self.position(where, key=key)
        return Diagnostic(self.path, line, column, message, severity)


# PyYAML's and libyaml's problems, in French, by a pattern that fits both wordings. A problem that fits
# none gets the last, generic message: no English parser word ever reaches a person.
_YAML_PROBLEMS = [
    (r"document", "« --- » ou « ... » en début de ligne sépare deux documents, et un fichier de données n'en a "
                  "qu'un : supprimez cette ligne (ou mettez la valeur entre guillemets)"),
    (r"mapping values are not allowed", "« : » inattendu ici (une valeur contenant « : » doit être entre guillemets)"),
    (r"could not find expected ':'", "« : » attendu après la clé"),
    (r"'\\t'|tab", "tabulation interdite : indentez avec des espaces"),
    (r"but found '-'|sequence entries are not allowed", "élément de liste mal indenté"),
    (r"but found '<block mapping start>'", "indentation incohérente"),
    (r"but found '<scalar>'", "indentation incohérente ou valeur inattendue"),
    (r"but found '\?'", "indentation incohérente : cette clé n'est pas alignée avec celles du même bloc"),
    (r"expected <block end>", "indentation incohérente"),
    (r"end of stream", "fin de fichier inattendue (guillemet ou crochet jamais refermé ?)"),
    (r"expected key", "clé attendue (indentation incohérente ?)"),
    (r"expected '-' indicator", "« - » attendu (élément de liste mal indenté ?)"),
    (r"unknown escape character|hexa?decimal",
     "« \\ » entre guillemets doubles : écrivez « \\\\ » pour une barre oblique inverse, ou mettez la valeur "
     "entre guillemets simples ' '"),
    (r"expected ',' or '\]'", "crochet « [ » jamais refermé : fermez-le par « ] », ou mettez la valeur entre "
                              "guillemets"),
    (r"expected ',' or '}'", "accolade « { » jamais refermée : fermez-la par « } », ou mettez la valeur entre "
                             "guillemets"),
    (r"control characters|special characters", "caractère invisible interdit : supprimez-le"),
    (r"", "cette ligne ne se lit pas : vérifiez son indentation, ses « : » et ses guillemets (une valeur qui "
          "commence par un signe comme @ ` * & ! | > % [ { s'écrit entre guillemets droits)"),
]
# Problems that a line not aligned with its level causes: the message then says where the line should start.
_ALIGNMENT_PROBLEMS = ("mapping values are not allowed", "expected <block end>", "did not find expected key",
                       "did not find expected '-' indicator", "block sequence entries are not allowed",
                       "sequence entries are not allowed")
# Word processors and some keyboards type these instead of YAML's straight quotes " and '.
_OPENING_QUOTES, _CLOSING_QUOTES = "“„«‘‚”’", "”“»’‘"
_TYPOGRAPHIC_VALUE = re.compile(rf"^(\s*(?:-\s+)?)(?:([^\s:#][^:#]*?)\s*:\s+)?([{_OPENING_QUOTES}])(.*)"
                                rf"[{_CLOSING_QUOTES}]\s*$")
_EMPTIED = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?)\s*:\s+(\[\s*\]|\{\s*\})\s*(?:#.*)?$")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([\w-]+):(?!//)(\S.*)$")
# A key (or list item) and a value without its colon: « role Référente ».
_NO_COLON = re.compile(r"^\s*(?:-\s+)?([\w-]+)(?:\s+([^:#\s].*?))?\s*$")
# A value that starts with a sign YAML reserves (« email: @camille », « code: `make` », « [la page](url) »): it
# needs quotes.
_RESERVED_START = re.compile(r"^(\s*(?:-\s+)?(?:[^\s:#'\"-][^:#]*?\s*:\s+)?)([@`%&*!|>\[{])(.*?)\s*$")
# A key and the start of its value, unquoted: « description: La page officielle ».
_PLAIN_VALUE = re.compile(r"^(\s*(?:-\s+)?)([\w-]+)\s*:\s+([^\s'\"|>\[{&*!%@`#].*?)\s*$")
# A value closed by its quote before its end: « role: 'l'équipe' », « nom: "Camille" Exemple ».
_CLOSED_EARLY = re.compile(r"^(\s*(?:-\s+)?(?:[^\s:#'\"-][^:#]*?\s*:\s+)?)(['\"])(.*?)\s*$")
# Spaces that look like spaces but that YAML does not count as such.
_NO_BREAK = {"\u00a0": ("espace insécable (U+00A0)", "espaces insécables (U+00A0)"),
             "\u202f": ("espace fine insécable (U+202F)", "espaces fines insécables (U+202F)")}
_BLANKS = " \t\u00a0\u202f"
_MAX_SYNTAX_ERRORS = 20


def load(path: Path, *, environ: Mapping[str, str] | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file. On failure, no document and the reasons, positioned (`environ`: see parse)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's byte order mark is harmless
    except UnicodeDecodeError as error:
        return None, [Diagnostic(path, 1, 1, f"le fichier n'est pas en UTF-8 (octet {error.start})")]
    except OSError as error:
        return None, [Diagnostic(path, 1, 1, f"lecture impossible : {error.strerror}")]
    return parse(path, text, environ=environ)


def parse(path: Path, text: str, *, environ: Mapping[str, str] | None = None
          ) -> tuple[Document | None, list[Diagnostic]]:
    """Load YAML text read from `path` (e.g. a Markdown file's front matter, padded so lines match).

    Every syntax error is named: after each one, the fix its message gives is applied and the text read
    again, so that the next ones are found too (up to 20).

    With `environ`, the text is a builder's configuration (mkdocs.yml): `!ENV [NAME, default]`
    takes its value from `environ`, and other tags (`!!python/name:...`) are kept as text."""
    text = text.removeprefix("\ufeff")  # a byte order mark: not part of the first line
    problems, text = _no_break_spaces(path, text)
    syntax: list[Diagnostic] = []
    last = (0, 0)
    shift: dict[int, int] = {}  # characters a fix added to a line: columns are given in the person's text
    while len(syntax) < _MAX_SYNTAX_ERRORS:
        try:
            root, loader = _compose(text)
        except yaml.YAMLError as error:
            line, column, message, repaired = _syntax_error(error, text)
            if (line, column) <= last:
                break  # YAML reads on: an error at or before the last one comes from its fix, not from the person
            last = (line, column)
            syntax.append(Diagnostic(path, line, max(1, column - shift.get(line, 0)),
                                     f"erreur de syntaxe YAML : {message}"))
            if repaired is None:
                break
            for number, (before, after) in enumerate(zip(text.splitlines(), repaired.splitlines(), strict=False), 1):
                shift[number] = shift.get(number, 0) + len(after) - len(before)
            text = repaired
            continue
        if syntax:
            loader.dispose()
            break
        document, more = _document(path, root, loader, environ)
        loader.dispose()
        return document, sorted(problems + more)
    return None, sorted(problems + syntax)


def _compose(text: str) -> tuple[yaml.Node | None, _Loader]:
    """The root node, read by libyaml; a text it refuses is read again by the pure-Python reader, whose
    messages name the cause (its error is the one raised)."""
    loader = _FastLoader(text)
    try:
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        loader.dispose()
    loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        loader.dispose()
        raise


def _no_break_spaces(path: Path, text: str) -> tuple[list[Diagnostic], str]:
    """No-break spaces where YAML expects a plain space (indentation, after « - », after a key's « : »):
    YAML reads them as text, so the line would be misread. Named, then read as plain spaces."""
    if "\u00a0" not in text and "\u202f" not in text:
        return [], text
    problems: list[Diagnostic] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        places = _structural_blanks(line)
        found = [(at, line[at]) for start, end, _ in places for at in range(start, end) if line[at] in _NO_BREAK]
        if not found:
            continue
        at, character = found[0]
        where = next(where for start, end, where in places if start <= at < end)
        (one, many), count = _NO_BREAK[character], len(found)
        message = (f"{one} {where} : YAML ne la compte pas comme une espace, remplacez-la par une espace ordinaire"
                   if count == 1 else f"{count} {many} {where} : YAML ne les compte pas comme des espaces, "
                   "remplacez-les par des espaces ordinaires")
        problems.append(Diagnostic(path, index + 1, at + 1, message))
        lines[index] = "".join(" " if line[i] in _NO_BREAK and any(s <= i < e for s, e, _ in places) else c
                               for i, c in enumerate(line))
    return problems, "\n".join(lines)


def _structural_blanks(line: str) -> list[tuple[int, int, str]]:
    """The stretches of blanks of `line` that YAML reads as structure: (start, end, where in words)."""
    places, at = [], 0
    while True:
        start = at
        while at < len(line) and line[at] in _BLANKS:
            at += 1
        if at > start:
            places.append((start, at, "dans l'indentation" if start == 0 else "après « - »"))
        if at + 1 < len(line) and line[at] == "-" and line[at + 1] in _BLANKS:
            at += 1
            continue
        break
    if at >= len(line) or line[at] in ":;!?»%\r":  # a blank line, or French text wrapped before its punctuation
        return []
    if key := re.match(r"[\w.-]+ *:([ \u00a0\u202f]+)(?=\S)", line[at:]):  # (a no-break space before « : » is
        places.append((at + key.start(1), at + key.end(1), "après « : »"))  # French typography: see _convert)
    return places


def _syntax_error(error: yaml.YAMLError, text: str) -> tuple[int, int, str, str | None]:
    """Line, column and French message for PyYAML's error, naming its likely cause, and the text with the
    fix the message gives applied (None when there is no sure fix)."""
    lines = text.splitlines()
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML refuses anywhere
        line, column = text.count("\n", 0, error.position), error.position - (text.rfind("\n", 0, error.position) + 1)
        repaired = text[:error.position] + " " + text[error.position + 1:]
        return line + 1, column + 1, f"caractère invisible interdit (U+{error.character:04X}) : supprimez-le", repaired
    if not isinstance(error, yaml.MarkedYAMLError) or (error.problem_mark or error.context_mark) is None:
        return 1, 1, _french(str(error)), None
    found = _cause(error, text, lines)
    if found is None:
        mark = error.problem_mark or error.context_mark
        return mark.line + 1, mark.column + 1, _french(error.problem or error.context or ""), None
    line, column, message, fixed = found
    if fixed is None:
        return line, column, message, None
    for index, fixed_line in (fixed.items() if isinstance(fixed, dict) else [(line - 1, fixed)]):
        lines[index] = fixed_line
    return line, column, message, "\n".join(lines) + "\n"


def _french(problem: str) -> str:
    return next(french for pattern, french in _YAML_PROBLEMS if re.search(pattern, problem))


def _cause(error: yaml.MarkedYAMLError, text: str, lines: list[str]
           ) -> tuple[int, int, str, str | dict[int, str] | None] | None:
    """The likely cause of PyYAML's error, worded for a person: line, column, message and the fixed line
    (or the fixed lines, by index)."""
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or error.context or "").strip()
    index = min(mark.line, len(lines) - 1)
    line = lines[index] if lines else ""
    context = error.context_mark
    if problem == "found unexpected end of stream" and "quoted scalar" in (error.context or ""):  # never closed
        return context.line + 1, context.column + 1, "guillemet jamais refermé : fermez-le à la fin de la valeur", None
    if opened := _quoted_across_lines(text, mark):
        return (opened.line + 1, opened.column + 1, "guillemet jamais refermé sur sa ligne (YAML l'a refermé "
                f"seulement ligne {mark.line + 1}) : fermez-le à la fin de la valeur", None)
    if "document start" in problem and (stray := _stray_first_line(lines, index)) is not None:
        return _stray(lines, stray)
    if "document" in problem and (marker := next((i for i in range(index, -1, -1)
                                                  if re.match(r"(---|\.\.\.)(\s|$)", lines[i])), None)) is not None:
        return marker + 1, 1, _french(problem), None
    if "'\\t'" in problem or "tab" in problem:
        fixed = line.replace("\t", "  ")
        expected = _expected_indent([*lines[:index], fixed], index)
        fixed = " " * (_indent(fixed) if expected is None else expected) + fixed.lstrip(" ")
        start = f" (cette ligne doit commencer colonne {_indent(fixed) + 1})" if not line[:mark.column].strip() else ""
        return mark.line + 1, mark.column + 1, _french(problem) + start, fixed
    if typographic := _TYPOGRAPHIC_VALUE.match(line):
        indent, key, quote, inner = typographic.groups()
        before = f"{key}: " if key else "- " if indent.strip() else ""
        return (index + 1, typographic.start(3) + 1, f"{_typographic_message(quote)} « {before}{_straight(inner)} »",
                f"{indent}{before}{_straight(inner)}")
    if (reserved := _RESERVED_START.match(line)) and mark.column >= reserved.start(2) \
            and not (reserved.group(2) in "|>" and re.fullmatch(r"[-+0-9]*\s*(#.*)?", reserved.group(3))):
        before, sign, value = reserved.group(1), reserved.group(2), _straight(reserved.group(2) + reserved.group(3))
        cause = {"[": f"une valeur qui commence par « {sign} » est lue comme une liste",
                 "{": f"une valeur qui commence par « {sign} » est lue comme un groupe de champs"}.get(
            sign, f"une valeur ne peut pas commencer par « {sign} » sans guillemets")
        return (index + 1, reserved.start(2) + 1, f"{cause} : écrivez « {before.strip()} {value} »".replace("«  ", "« "),
                before + value if before.strip() else None)  # a line with no key nor « - »: no sure fix
    if "sequence entries are not allowed" in problem and (item := re.match(r"\s*(?:-\s+)?([\w-]+)\s*:\s+-\s", line)):
        return (index + 1, mark.column + 1, f"une liste ne commence pas sur la ligne de sa clé : laissez « {item[1]}: »"
                " seul sur sa ligne et écrivez chaque « - » en dessous, plus indenté (ou mettez la valeur entre "
                "guillemets)", None)
    if "expected ',' or" in problem and context is not None:  # where the bracket opens, not where YAML gave up
        return context.line + 1, context.column + 1, _french(problem), None
    if problem == "could not find expected ':'" and context is not None:
        return _missing_colon(lines, context.line, context.column) or (
            context.line + 1, context.column + 1, "cette ligne n'a pas de « : » : écrivez « clé: valeur », ou, si "
            "elle continue la valeur de la ligne du dessus, mettez toute cette valeur entre guillemets", None)
    if problem.startswith("mapping values are not allowed") and (missing := _colon_missing_above(lines, index)
                                                                 or _colon_in_continued_value(lines, index, mark)):
        return missing
    if problem.startswith(_ALIGNMENT_PROBLEMS) and (closed := _CLOSED_EARLY.match(line)) \
            and mark.column > closed.start(2):
        before, quote, rest = closed.groups()
        inner = (rest[:-1] if rest.endswith(quote) else rest) if quote == "'" else quote + rest  # "x" y: quotes kept
        value = f'"{inner}"' if '"' not in inner else "'" + inner.replace("'", "''") + "'"
        apostrophe = " (une apostrophe dans une valeur entre ' ' s'écrit '')" if quote == "'" else ""
        return (index + 1, mark.column + 1, f"la valeur s'arrête au guillemet qui la ferme, avant ce texte"
                f"{apostrophe} : écrivez « {before.strip()} {value} »".replace("«  ", "« "), before + value)
    if problem.startswith(_ALIGNMENT_PROBLEMS) and (empty := _emptied_above(lines, index)):
        line_number, column, key, brackets = empty
        meaning, content = ("liste vide", "la liste") if brackets == "[]" else ("aucun champ", "les champs")
        return (line_number, column, f"« {brackets} » après « {key}: » signifie « {meaning} » : supprimez-le pour "
                                     f"écrire {content} en dessous (laissez « {key}: » seul sur sa ligne)", None)
    if problem.startswith(_ALIGNMENT_PROBLEMS):
        expected = _expected_indent(lines, index)
        if expected is not None:
            actual = _indent(line)
            gap = abs(actual - expected)
            fix = f"{'retirez' if actual > expected else 'ajoutez'} {gap} espace{'s' if gap > 1 else ''}"
            return (index + 1, actual + 1, f"cette ligne n'est pas alignée avec les lignes de son niveau : elle "
                                           f"doit commencer colonne {expected + 1}, pas {actual + 1} ({fix} en "
                                           "début de ligne)", " " * expected + line.lstrip(" "))
    return None


def _missing_colon(lines: list[str], index: int, column: int) -> tuple[int, int, str, str] | None:
    """The line at `index` has a key (at `column`) but no « : », or no space after it."""
    text = lines[index]
    if missing := _NO_SPACE_AFTER_COLON.match(text):
        key, value = missing.groups()
        return (index + 1, column + len(key) + 2,
                f"il manque une espace après le « : » de « {key} » : écrivez « {key}: {value} »",
                text.replace(f"{key}:", f"{key}: ", 1))
    if (missing := _NO_COLON.match(text)) and text.find(missing.group(1)) == column:
        key, value = missing.group(1), missing.group(2)
        write = f"{key}: {value}" if value else f"{key}: suivi de sa valeur"
        fixed = text[:column] + f"{key}:" + (f" {value}" if value else "")
        return index + 1, column + len(key) + 1, f"il manque « : » après « {key} » : écrivez « {write} »", fixed
    return None


def _colon_missing_above(lines: list[str], index: int) -> tuple[int, int, str, str] | None:
    """« : » refused at the key of the line at `index`: the line above, at the same level, has no « : » (or
    no space after it), so YAML read both lines as one text."""
    line = lines[index]
    if line.find(": ") != _key_end(line):
        return None
    above = next((i for i in range(index - 1, -1, -1)
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if above is None:
        return None
    previous = lines[above]
    body = re.match(r"\s*(?:-\s+)?", previous)
    if body.end() != _indent(line) or ": " in previous or previous.rstrip().endswith(":") \
            or previous[body.end():body.end() + 1] in "'\"[{|>":
        return None
    return _missing_colon(lines, above, body.end()) or _stray(lines, above)


def _quoted_across_lines(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """Where a quoted value opens, when it runs over several lines and ends just where YAML failed: its
    quote was never closed on its line, and YAML closed it with the next line's opening quote."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            last = token
    except yaml.YAMLError:
        pass
    if isinstance(last, yaml.ScalarToken) and last.style in ("'", '"') \
            and last.start_mark.line < last.end_mark.line == mark.line:
        return last.start_mark
    return None


def _colon_in_continued_value(lines: list[str], index: int, mark: yaml.Mark
                              ) -> tuple[int, int, str, dict[int, str]] | None:
    """« : » refused in a line that continues, more indented, the value of a key above (a long text
    wrapped by hand): the whole value needs quotes."""
    indent = _indent(lines[index])
    if re.fullmatch(r"\s*(?:-\s+)?[\w-]+\s*", lines[index][:mark.column]):
        return None  # « cle: valeur » too deep: a line not aligned, not a wrapped text
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            return None
        start = _PLAIN_VALUE.match(text)
        if start and start.start(2) < indent:
            break
        if start or _indent(text) < indent:
            return None
    else:
        return None
    prefix, key, first = start.groups()
    end = above + 1
    while end < len(lines) and lines[end].strip() and _indent(lines[end]) > start.start(2):
        end += 1
    value = _straight(" ".join([first, *(lines[i].strip() for i in range(above + 1, end))]))
    return (index + 1, mark.column + 1, f"« : » dans la valeur de « {key} », qui continue sur plusieurs lignes : "
            f"mettez toute la valeur entre guillemets, écrivez « {key}: {value} »",
            {above: f"{prefix}{key}: {value}", **{i: "" for i in range(above + 1, end)}})


def _stray(lines: list[str], index: int) -> tuple[int, int, str, str]:
    """The line at `index` is text alone, neither a key nor a list item: made a comment to read on."""
    indent = _indent(lines[index])
    return (index + 1, indent + 1, "cette ligne n'est ni une clé (« clé: valeur ») ni un élément de liste "
            "(« - valeur ») : supprimez-la, ou faites-en un commentaire en la commençant par « # »",
            lines[index][:indent] + "# " + lines[index][indent:])


def _stray_first_line(lines: list[str], index: int) -> int | None:
    """The file's first line of content, above the line at `index`, when it is plain text (no key, no
    « - »): YAML read it as the whole file's value, and refuses what follows."""
    first = next((i for i, text in enumerate(lines[:index]) if text.strip() and not text.lstrip().startswith("#")),
                 None)
    if first is None or re.match(r"\s*(-\s|-$|---|\.\.\.|%|[^:#]*:(\s|$))", lines[first]):
        return None
    return first


def _key_end(line: str) -> int:
    """Where the key of `line` ends (at its « : »), or -1."""
    key = re.match(r"\s*(?:-\s+)?[^\s:#'\"][^:#]*?\s*(?=: )", line)
    return key.end() if key else -1


def _document(path: Path, root: yaml.Node | None, loader: _Loader,
              environ: Mapping[str, str] | None) -> tuple[Document, list[Diagnostic]]:
    document = Document(path, None)
    problems: list[Diagnostic] = []
    if root is None:
        return document, []
    document.data = _convert(root, (), document, loader, problems, environ)
    return document, problems


def _emptied_above(lines: list[str], index: int) -> tuple[int, int, str, str] | None:
    """A key left with « [] » or « {} » (an empty list or mapping) on the nearest line above the line at
    `index`, which is at least as indented as that key: the person wrote its content below it. Its line,
    the column of the brackets, the key and the brackets."""
    for above in range(index - 1, -1, -1):
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _EMPTIED.match(text)
        if match and _indent(lines[index]) >= len(match.group(1)):
            return above + 1, match.start(3) + 1, match.group(2), re.sub(r"\s", "", match.group(3))
        return None
    return None


def _typographic_message(quote: str) -> str:
    return (f"guillemets typographiques {quote}…{_CLOSING_QUOTES[_OPENING_QUOTES.index(quote)]} autour de la "
            "valeur : YAML ne connaît que les guillemets droits, écrivez")


def _straight(inner: str) -> str:
    """The value between straight quotes, as YAML reads it back."""
    inner = inner.strip()
    return "'" + inner.replace("'", "''") + "'" if '"' in inner else f'"{inner}"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _expected_indent(lines: list[str], index: int) -> int | None:
    """Where the line at `index` (0-based) should start, when it is aligned with no level of the lines
    above it: the nearest of those levels (the deeper one on a tie). None when it is aligned."""
    line = lines[index]
    actual, dash = _indent(line), line.lstrip(" ").startswith("- ")
    above = [text for text in lines[:index] if text.strip() and not text.lstrip().startswith("#")]
    if not above:
        return None
    previous = above[-1]
    if previous.split(" #", 1)[0].rstrip().endswith(":") and actual > _indent(previous):
        return None  # the line above opens a block: any deeper start is a new level
    levels: set[int] = set()
    floor = len(previous) + 1
    for text in reversed(above):
        start = _indent(text)
        if start >= floor:
            continue
        floor = start
        body = text[start:]
        if body.startswith("- "):
            levels.add(start + len(body) - len(body[1:].lstrip(" ")))  # where the item's content starts
            if dash:
                levels.add(start)
        else:
            levels.add(start)
        if start == 0:
            break
    if actual in levels:
        return None
    return min(levels, key=lambda level: (abs(level - actual), -level))


def _convert(node: yaml.Node, where: Path_, document: Document, loader: _Loader,
             problems: list[Diagnostic], environ: Mapping[str, str] | None = None) -> Any:
    document.values[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if environ is not None and node.tag == "!ENV":
        names = [item.value for item in node.value] if isinstance(node, yaml.SequenceNode) else [node.value]
        default = names.pop() if isinstance(node, yaml.SequenceNode) and len(names) > 1 else None
        return next((environ[name] for name in names if name in environ), default)
    if environ is not None and isinstance(node, yaml.ScalarNode) and node.tag.startswith("tag:yaml.org,2002:python/"):
        return node.tag + node.value
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader)
            if not isinstance(key, str):
                key = str(key)
            if key.endswith(tuple(_NO_BREAK)):  # « nom\u00a0: » typed the French way: kept in the key by YAML
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Diagnostic(document.path, line, column + len(key.rstrip("".join(_NO_BREAK))),
                                           f"{_NO_BREAK[key[-1]][0]} avant « : » : YAML la garde dans la clé "
                                           f"« {key.rstrip(''.join(_NO_BREAK))} », remplacez-la par une espace "
                                           "ordinaire"))
                key = key.rstrip("".join(_NO_BREAK))  # checked further as meant, so that this is its only message
            if key in result:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                first = document.keys[(*where, key)]
                problems.append(Diagnostic(document.path, line, column,
                                           f"clé « {key} » en double (déjà définie ligne {first[0]})"))
                continue
            document.keys[(*where, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, (*where, key), document, loader, problems, environ)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*where, index), document, loader, problems, environ)
                for index, item in enumerate(node.value)]
    try:
        value = _scalar(node, loader)
    except yaml.constructor.ConstructorError:
        line, column = document.values[where]
        problems.append(Diagnostic(document.path, line, column,
                                   f"étiquette YAML « {node.tag} » inconnue : retirez-la"))
        return node.value
    # A plain scalar (style None in the pure-Python reader, "" in libyaml's).
    if isinstance(value, str) and not node.style and len(value) > 1 and value[0] in _OPENING_QUOTES \
            and value[-1] in _CLOSING_QUOTES:
        line, column = document.values[where]
        key = f"{where[-1]}: " if where and isinstance(where[-1], str) else "- "
        problems.append(Diagnostic(document.path, line, column,
                                   f"{_typographic_message(value[0])} « {key}{_straight(value[1:-1])} »"))
        return value[1:-1].strip()  # checked further as meant, so that this is its only message
    return value


def _scalar(node: yaml.Node, loader: _Loader) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return loader.construct_object(node, deep=True)
