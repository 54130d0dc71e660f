"""The one YAML loader: data values together with where each one stands in its file.

PyYAML composes the file into nodes that carry their start marks; we turn the
nodes into plain Python values ourselves so that every value (and every mapping
key) keeps its line and column. Dates are kept as text (`2026-01-15` stays a
string): the JSON Schemas check their format, with a French message.

Bad YAML gets a French message naming its likely cause, at its place: a line not
aligned with its level (and the column where it should start), typographic quotes
“…” « … » around a value (and the value to write), a missing space after « : »,
a quote never closed, a list left « [] » above the items written below it. A UTF-8 byte order mark is ignored.
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


# PyYAML's problems, in French (the rest are shown as PyYAML words them).
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "« : » inattendu ici (une valeur contenant « : » doit être entre guillemets)",
    "could not find expected ':'": "« : » attendu après la clé",
    "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "expected <block end>, but found '<scalar>'": "indentation incohérente ou valeur inattendue",
    "expected <block end>, but found '?'": "indentation incohérente : cette clé n'est pas alignée avec celles du même bloc",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "did not find expected '-' indicator": "« - » attendu (élément de liste mal indenté ?)",
    "found unknown escape character": "caractère d'échappement inconnu entre guillemets doubles",
}
# Problems that a line not aligned with its level causes: the message then says where the line should start.
_ALIGNMENT_PROBLEMS = ("mapping values are not allowed here", "expected <block end>", "did not find expected key",
                       "did not find expected '-' indicator")
# Word processors and some keyboards type these instead of YAML's straight quotes " and '.
_OPENING_QUOTES, _CLOSING_QUOTES = "“„«‘‚”’", "”“»’‘"
_TYPOGRAPHIC_VALUE = re.compile(rf"^(\s*(?:-\s+)?)(?:([^\s:#][^:#]*?)\s*:\s+)?([{_OPENING_QUOTES}])(.*)"
                                rf"[{_CLOSING_QUOTES}]\s*$")
_EMPTIED = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:#]*?)\s*:\s+(\[\s*\]|\{\s*\})\s*(?:#.*)?$")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([\w-]+):(?!//)(\S.*)$")


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

    With `environ`, the text is a builder's configuration (mkdocs.yml): `!ENV [NAME, default]`
    takes its value from `environ`, and other tags (`!!python/name:...`) are kept as text."""
    text = text.removeprefix("\ufeff")  # a byte order mark: not part of the first line
    loader = _FastLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        loader = _Loader(text)  # the reader whose messages name the cause
    else:
        return _document(path, root, loader, environ)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        line, column, message = _syntax_error(error, text.splitlines())
        return None, [Diagnostic(path, line, column, f"erreur de syntaxe YAML : {message}")]
    except yaml.YAMLError as error:
        return None, [Diagnostic(path, 1, 1, f"erreur de syntaxe YAML : {error}")]
    finally:
        loader.dispose()
    return _document(path, root, loader, environ)


def _document(path: Path, root: yaml.Node | None, loader: _Loader,
              environ: Mapping[str, str] | None) -> tuple[Document, list[Diagnostic]]:
    document = Document(path, None)
    problems: list[Diagnostic] = []
    if root is None:
        return document, []
    document.data = _convert(root, (), document, loader, problems, environ)
    return document, problems


def _syntax_error(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str]:
    """Line, column and French message for PyYAML's error, naming its likely cause."""
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or error.context or "").strip()
    if mark is None:
        return 1, 1, _YAML_PROBLEMS.get(problem, problem)
    index = min(mark.line, len(lines) - 1)
    line = lines[index] if lines else ""
    context = error.context_mark
    if problem == "found unexpected end of stream" and "quoted scalar" in (error.context or ""):  # never closed
        return context.line + 1, context.column + 1, "guillemet jamais refermé : fermez-le à la fin de la valeur"
    if typographic := _TYPOGRAPHIC_VALUE.match(line):
        indent, key, quote, inner = typographic.groups()
        before = f"{key}: " if key else "- " if indent.strip() else ""
        return index + 1, typographic.start(3) + 1, f"{_typographic_message(quote)} « {before}{_straight(inner)} »"
    if problem == "could not find expected ':'" and context is not None:
        missing = _NO_SPACE_AFTER_COLON.match(lines[context.line])
        if missing:
            key, value = missing.groups()
            return (context.line + 1, context.column + len(key) + 2,
                    f"il manque une espace après le « : » de « {key} » : écrivez « {key}: {value} »")
    if problem.startswith(_ALIGNMENT_PROBLEMS) and (empty := _emptied_above(lines, index)):
        line_number, column, key, brackets = empty
        meaning, content = ("liste vide", "la liste") if brackets == "[]" else ("aucun champ", "les champs")
        return (line_number, column, f"« {brackets} » après « {key}: » signifie « {meaning} » : supprimez-le pour "
                                     f"écrire {content} en dessous (laissez « {key}: » seul sur sa ligne)")
    if problem.startswith(_ALIGNMENT_PROBLEMS):
        expected = _expected_indent(lines, index)
        if expected is not None:
            actual = _indent(line)
            gap = abs(actual - expected)
            fix = f"{'retirez' if actual > expected else 'ajoutez'} {gap} espace{'s' if gap > 1 else ''}"
            return (index + 1, actual + 1, f"cette ligne n'est pas alignée avec les lignes de son niveau : elle "
                                           f"doit commencer colonne {expected + 1}, pas {actual + 1} ({fix} en "
                                           "début de ligne)")
    return mark.line + 1, mark.column + 1, _YAML_PROBLEMS.get(problem, problem)


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
    return f"'{inner}'" if '"' in inner else f'"{inner}"'


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
