"""The one YAML loader: data values together with where each one stands in its file.

PyYAML composes the file into nodes that carry their start marks; we turn the
nodes into plain Python values ourselves so that every value (and every mapping
key) keeps its line and column. Dates are kept as text (`2026-01-15` stays a
string): the JSON Schemas check their format, with a French message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

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


def load(path: Path, *, environ: Mapping[str, str] | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file. On failure, no document and the reasons, positioned (`environ`: see parse)."""
    try:
        text = path.read_text(encoding="utf-8")
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
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "").strip()
        message = _YAML_PROBLEMS.get(problem, problem)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(path, line, column, f"erreur de syntaxe YAML : {message}")]
    except yaml.YAMLError as error:
        return None, [Diagnostic(path, 1, 1, f"erreur de syntaxe YAML : {error}")]
    finally:
        loader.dispose()

    document = Document(path, None)
    problems: list[Diagnostic] = []
    if root is None:
        return document, []
    document.data = _convert(root, (), document, loader, problems, environ)
    return document, problems


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
        return _scalar(node, loader)
    except yaml.constructor.ConstructorError:
        line, column = document.values[where]
        problems.append(Diagnostic(document.path, line, column,
                                   f"étiquette YAML « {node.tag} » inconnue : retirez-la"))
        return node.value


def _scalar(node: yaml.Node, loader: _Loader) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return loader.construct_object(node, deep=True)
