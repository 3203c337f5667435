"""Read one YAML file into a Document (plain data + a position for every node).

Hostile input (alias bombs, custom tags, absurd nesting or size) is refused with a finding.

libyaml (PyYAML's C parser) gives events with line/column marks; we construct plain data from
them ourselves, so that positions cost little, duplicate keys are caught (PyYAML drops them
silently), dates stay strings, custom tags are refused and never constructed, and alias
expansion is bounded. The common file is built straight from the events (_EventBuilder); a file
with anchors, merge keys, line breaks only YAML sees, or errors is read again through PyYAML's
node graph (_Builder), which gives every finding and its position.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from contratcheck.collector import collector_off
from contratcheck.loading.reader import describe_size, line_column, read_file
from contratcheck.model import Finding, Position, YamlPath
from contratcheck.rules.base import make_finding

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
# An integer of more than 100 characters is no amount, year or count (Python even refuses to
# print those of more than 4 300 digits); the bound also caps YAML 1.1's sexagesimal work.
MAX_INT_CHARS = 100
# libyaml counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line breaks; editors, git and
# grep do not. Positions are given in the lines users see.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_YAML_ONLY_BREAKS_UTF8 = re.compile(b"\xc2\x85|\xe2\x80[\xa8\xa9]")
_PHYSICAL_BREAK = re.compile("\r\n|\r|\n")
# Values constructed beyond the distinct nodes of the file, i.e. through aliases.
MAX_ALIAS_EXPANSION = 100_000

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "!",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_SCALARS = SafeConstructor()

# libyaml's problems, most frequent first, with the French sentence shown to users.
_SYNTAX_MESSAGES = {
    "mapping values are not allowed": (
        "un « : » inattendu : une valeur contenant « : » doit être entre guillemets, "
        "ou l'indentation de la ligne est fausse"
    ),
    "could not find expected ':'": "un « : » est attendu après la clé",
    "did not find expected key": "indentation incohérente : une clé est attendue à ce niveau",
    "did not find expected '-' indicator": "indentation incohérente dans la liste",
    "found character that cannot start any token": (
        "caractère interdit en début de valeur (une tabulation ? un « @ » ou un « ` » ?) : "
        "mettez la valeur entre guillemets ou indentez avec des espaces"
    ),
    "found unexpected end of stream": (
        "fin de fichier inattendue (guillemet ou crochet non fermé ?)"
    ),
    "found undefined alias": "alias non défini : aucune ancre « & » de ce nom avant cet endroit",
    "found a tab character that violates indentation": (
        "tabulation dans l'indentation : YAML n'accepte que des espaces"
    ),
    "did not find expected node content": "valeur attendue manquante",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets doubles",
    "control characters are not allowed": "caractère de contrôle interdit dans le fichier",
    "found unexpected ':'": "un « : » inattendu",
    "did not find expected ',' or ']'": "liste entre crochets mal fermée : « , » ou « ] » attendu",
    "did not find expected ',' or '}'": "bloc entre accolades mal fermé : « , » ou « } » attendu",
    "did not find expected comment or line break": "texte inattendu après la valeur",
    "found duplicate anchor": "ancre « & » définie deux fois",
}


class _Locator:
    """Positions of every value and key, packed in one array of integers, found by walking data.

    Each container of the data owns a run of cells, written when it is complete: its number of
    entries, then for a mapping ``key line, key column, value line, value column, child`` per key
    (in the dict's order), for a sequence ``line, column, child`` per item; ``child`` is the
    offset of the value's own run, or -1 for a scalar. Lines and columns are 0-based. A path is
    resolved lazily by walking the data and these runs side by side: about 20 bytes per value
    instead of a tuple key and a Position per value.
    """

    __slots__ = ("cells", "column", "data", "indexes", "line", "root")

    def __init__(self, data: Any, cells: array[int], root: int, line: int, column: int) -> None:
        self.data = data
        self.cells = cells
        self.root = root
        self.line = line
        self.column = column
        # offset of a mapping's run → {key: index}, built when a path first goes through it.
        self.indexes: dict[int, dict[str, int]] = {}

    def walk(self, path: YamlPath) -> tuple[int, int, int, int, int]:
        """(parts resolved, line, column, key line, key column) of the deepest prefix of path.

        The key line is -1 when that prefix is the root or a sequence item.
        """
        cells = self.cells
        node = self.data
        offset = self.root
        line, column, key_line, key_column = self.line, self.column, -1, -1
        depth = 0
        for part in path:
            if offset < 0:
                break
            if type(node) is dict:
                index = self.indexes.get(offset)
                if index is None:
                    index = self.indexes[offset] = {k: i for i, k in enumerate(node)}
                position = index.get(part) if isinstance(part, str) else None
                if position is None or position >= cells[offset]:
                    break
                base = offset + 1 + 5 * position
                key_line, key_column, line, column, offset = cells[base : base + 5]
            elif type(node) is list:
                if not isinstance(part, int) or not 0 <= part < min(len(node), cells[offset]):
                    break
                base = offset + 1 + 3 * part
                line, column, offset = cells[base : base + 3]
                key_line = key_column = -1
            else:
                break
            node = node[part]
            depth += 1
        return depth, line, column, key_line, key_column

    def paths(self, keys: bool) -> Iterator[YamlPath]:
        """Every path of the data in document order; with keys, only those held by a key."""

        def visit(path: YamlPath, node: Any, held_by_key: bool) -> Iterator[YamlPath]:
            if held_by_key or not keys:
                yield path
            if type(node) is dict:
                for key, child in node.items():
                    yield from visit((*path, key), child, True)
            elif type(node) is list:
                for index, child in enumerate(node):
                    yield from visit((*path, index), child, False)

        return visit((), self.data, False)


class _Positions(Mapping[YamlPath, Position]):
    """A read-only mapping path → position over a _Locator (values, or the keys that hold them)."""

    __slots__ = ("_keys", "locator")

    def __init__(self, locator: _Locator, keys: bool) -> None:
        self.locator = locator
        self._keys = keys

    def _find(self, path: YamlPath) -> Position | None:
        depth, line, column, key_line, key_column = self.locator.walk(path)
        if depth < len(path):
            return None
        if self._keys:
            return Position(key_line + 1, key_column + 1) if key_line >= 0 else None
        return Position(line + 1, column + 1)

    def __getitem__(self, path: YamlPath) -> Position:
        found = self._find(path) if isinstance(path, tuple) else None
        if found is None:
            raise KeyError(path)
        return found

    def get(self, path: YamlPath, default: Any = None) -> Any:
        found = self._find(path) if isinstance(path, tuple) else None
        return default if found is None else found

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._find(path) is not None

    def __iter__(self) -> Iterator[YamlPath]:
        return self.locator.paths(self._keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Document:
    """A contract file read into plain data, with the position of every value and key.

    ``positions`` and ``key_positions`` are read-only mappings YAML path → Position, resolved
    on demand from a compact store (no copy of the data); ``text`` is decoded when first read.
    """

    name: str
    data: dict[str, Any]
    source: bytes = field(repr=False)  # the file's UTF-8 bytes, without a byte order mark
    sha256: str
    positions: _Positions = field(repr=False)
    key_positions: _Positions = field(repr=False)

    @cached_property
    def text(self) -> str:
        """The file's text."""
        return self.source.decode("utf-8")

    def position(self, path: YamlPath) -> Position:
        """Return the position of the value at path, or of its nearest located ancestor."""
        _, line, column, _, _ = self.positions.locator.walk(path)
        return Position(line + 1, column + 1)

    def key_position(self, path: YamlPath) -> Position:
        """Return the position of the key that holds path (its value's position for items)."""
        depth, line, column, key_line, key_column = self.positions.locator.walk(path)
        if depth == len(path) and key_line >= 0:
            return Position(key_line + 1, key_column + 1)
        return Position(line + 1, column + 1)


class _Abort(Exception):
    """Construction cannot go on; the finding says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class _Fallback(Exception):
    """The event path met something it leaves to the node path (anchors, merges, errors…)."""


def _finding(code: str, message: str, name: str, line: int, column: int, hint: str = "") -> Finding:
    return make_finding(code, message, name, Position(line, column), (), hint)


class _Lines:
    """Map libyaml's marks to the lines users see (only when the text needs it)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if _YAML_ONLY_BREAKS.search(text):
            self.starts = [0, *(m.end() for m in _PHYSICAL_BREAK.finditer(text))]

    def position(self, line: int, column: int, index: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based libyaml mark."""
        if self.starts is None:
            return line + 1, column + 1
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


_PLAIN_LINES = _Lines("")


def _mark(node: Node, lines: _Lines = _PLAIN_LINES) -> tuple[int, int]:
    mark = node.start_mark
    return lines.position(mark.line, mark.column, mark.index)


def _implicit_resolvers() -> tuple[dict[str, re.Pattern[str]], dict[str, tuple[str, ...]]]:
    """PyYAML's implicit resolvers as one pattern per first character, with its tags in order.

    The same regular expressions as ``yaml.CSafeLoader.resolve``, tried in the same order (the
    first alternative that matches wins, as the first regex that matches does there), without a
    Python call into the resolver for every scalar.
    """
    table = yaml.CSafeLoader.yaml_implicit_resolvers
    wildcard = table.get(None, [])
    if wildcard:  # no such resolver in PyYAML; one added elsewhere would apply to every scalar
        raise RuntimeError("implicit resolvers without a first character are not supported")
    flags = {re.X: "x", re.I: "i", re.M: "m", re.S: "s"}
    compiled: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = {}  # one per distinct list
    patterns: dict[str, re.Pattern[str]] = {}
    tags: dict[str, tuple[str, ...]] = {}
    for first, resolvers in table.items():
        if first is None:
            continue
        alternatives = []
        for _, regexp in resolvers:
            assert regexp.groups == 0, "an implicit resolver with groups"
            inline = "".join(letter for flag, letter in flags.items() if regexp.flags & flag)
            alternatives.append(
                f"((?{inline}:{regexp.pattern}))" if inline else f"({regexp.pattern})"
            )
        key = tuple(zip((tag for tag, _ in resolvers), alternatives, strict=True))
        if key not in compiled:
            compiled[key] = re.compile("|".join(alternatives))
        patterns[first] = compiled[key]
        tags[first] = tuple(tag for tag, _ in resolvers)
    return patterns, tags


_IMPLICIT, _IMPLICIT_TAGS = _implicit_resolvers()
_NO_RESOLVER = re.compile(r"(?!)")


class _Store:
    """What both builders share: the cells of positions, the findings, the scalars' values."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: array[int] = array("i")
        self.findings: list[Finding] = []
        # A value was refused (tag or unreadable scalar): the document is not used.
        self.refused_tags = False

    def store(self, count: int, entries: list[int]) -> int:
        """Write a complete container's run of cells; return its offset."""
        cells = self.cells
        offset = len(cells)
        cells.append(count)
        cells.extend(entries)
        return offset

    def refuse_tag(self, tag: object, line: int, column: int) -> None:
        text = str(tag).replace("tag:yaml.org,2002:", "!!")
        self.refused_tags = True
        self.findings.append(
            _finding(
                "CC105",
                f"étiquette YAML « {text} » refusée : contratcheck ne lit que des données "
                "simples (texte, nombres, listes, blocs) et n'exécute jamais d'étiquette",
                self.name,
                line,
                column,
                "retirez l'étiquette « ! » de cette valeur",
            )
        )

    def duplicate(self, key: str, first_line: int, line: int, column: int) -> None:
        self.findings.append(
            _finding(
                "CC104",
                f"la clé « {key} » apparaît deux fois dans le même bloc "
                f"(première occurrence ligne {first_line}) ; seule la première "
                "est lue",
                self.name,
                line,
                column,
                "supprimez ou renommez l'une des deux clés",
            )
        )

    def scalar(self, tag: str, value: str, line: int, column: int) -> Any:
        """The value of a scalar with its resolved tag (line and column 1-based, for findings)."""
        if tag not in _SCALAR_TAGS:
            self.refuse_tag(tag, line, column)
            return None
        if tag in (_STR, "!", "tag:yaml.org,2002:timestamp"):
            return value
        if tag == "tag:yaml.org,2002:int":
            return self._integer(value, line, column)
        if tag == "tag:yaml.org,2002:float":
            try:
                number = _SCALARS.construct_yaml_float(ScalarNode(tag, value))
            except ValueError:
                return self._bad_value(line, column, "un nombre décimal (!!float)")
            # .inf and .nan have no JSON equivalent; keep the text so the schema reports its type.
            return number if number == number and abs(number) != float("inf") else value
        if tag == "tag:yaml.org,2002:bool":
            if value.lower() not in _SCALARS.bool_values:
                return self._bad_value(line, column, "oui/non (!!bool : true ou false)")
            return _SCALARS.bool_values[value.lower()]
        return None

    def _integer(self, text: str, line: int, column: int) -> Any:
        if len(text) > MAX_INT_CHARS:
            return self._bad_value(
                line, column, "un nombre entier raisonnable", f"{len(text)} chiffres"
            )
        try:
            if text.isascii() and text.isdigit() and (text == "0" or text[0] != "0"):
                return int(text)  # the common case, without YAML 1.1's octal/hex/sexagesimal
            return _SCALARS.construct_yaml_int(ScalarNode("tag:yaml.org,2002:int", text))
        except ValueError:
            return self._bad_value(line, column, "un nombre entier (!!int)")

    def _bad_value(self, line: int, column: int, expected: str, detail: str = "") -> None:
        """Refuse a scalar its tag cannot hold; the document is not used."""
        about = f" ({detail})" if detail else ""
        self.refused_tags = True
        self.findings.append(
            _finding(
                "CC103",
                f"valeur invalide{about} : attendu {expected}",
                self.name,
                line,
                column,
                "s'il s'agit d'un code ou d'un texte, écrivez-le entre guillemets",
            )
        )


class _EventBuilder(_Store):
    """Build data and positions straight from libyaml's events, without a node graph.

    The common case: no anchor, alias or merge key, one document whose root is a mapping, no
    syntax error, no nesting beyond MAX_DEPTH. Anything else raises _Fallback, and the file is
    read again by _Builder over PyYAML's composed nodes, so that every error, every finding and
    its position stay those of that path. The implicit tags are resolved as CSafeLoader does.
    """

    def __init__(self, source: bytes, name: str) -> None:
        super().__init__(name)
        self.parser = CParser(source)
        self.next: Callable[[], Any] = self.parser.get_event

    def run(self) -> tuple[dict[str, Any], _Locator]:
        next_event = self.next
        try:
            if type(next_event()) is not StreamStartEvent:
                raise _Fallback
            if type(next_event()) is not DocumentStartEvent:
                raise _Fallback
            root = next_event()
            if type(root) is not MappingStartEvent or root.anchor is not None:
                raise _Fallback
            data, offset = self.mapping(root, 0)
            if type(next_event()) is not DocumentEndEvent:
                raise _Fallback
            if type(next_event()) is not StreamEndEvent:
                raise _Fallback
        except Exception as error:
            # A syntax error (perhaps after a scalar its tag cannot read, which the node path
            # reports first): the node path gives the finding, or the same exception.
            raise _Fallback from error
        finally:
            self.parser.dispose()
        mark: Any = root.start_mark
        return data, _Locator(data, self.cells, offset, mark.line, mark.column)

    def value(self, event: Any, depth: int) -> tuple[Any, int]:
        """The value of a tagged or anchored scalar, an alias or a collection, and its offset."""
        kind = type(event)
        if kind is MappingStartEvent:
            return self.mapping(event, depth)
        if kind is SequenceStartEvent:
            return self.sequence(event, depth)
        if kind is not ScalarEvent or event.anchor is not None:
            raise _Fallback  # an alias, or an anchor
        tag = event.tag
        value = event.value
        mark = event.start_mark
        if tag == "!":
            tag = _STR
            if event.implicit[0]:
                first = value[:1]
                match = _IMPLICIT.get(first, _NO_RESOLVER).match(value)
                if match is not None:
                    tag = _IMPLICIT_TAGS[first][match.lastindex - 1]  # type: ignore[operator]
        return self.scalar(tag, value, mark.line + 1, mark.column + 1), -1

    def implicit(self, event: Any, match: re.Match[str]) -> Any:
        """A plain scalar that one of the implicit resolvers recognises (number, date, null…)."""
        value: str = event.value
        mark = event.start_mark
        tag = _IMPLICIT_TAGS[value[:1]][match.lastindex - 1]  # type: ignore[operator]
        return self.scalar(tag, value, mark.line + 1, mark.column + 1)

    def start(self, event: Any, depth: int, expected: str) -> None:
        """Checks of a collection's start: anchors and nesting for the node path, its tag."""
        if event.anchor is not None or depth >= MAX_DEPTH:
            raise _Fallback
        tag = event.tag
        if tag is not None and tag != "!" and tag != expected:
            mark = event.start_mark
            self.refuse_tag(tag, mark.line + 1, mark.column + 1)

    # mapping() and sequence() read most of a file: plain scalars and nested collections are
    # handled inline, the rest goes through value().

    def mapping(self, start: Any, depth: int) -> tuple[dict[str, Any], int]:
        self.start(start, depth, _MAP_TAG)
        next_event = self.next
        implicit = _IMPLICIT
        result: dict[str, Any] = {}
        entries: list[int] = []
        while True:
            key_event = next_event()
            kind = type(key_event)
            if kind is not ScalarEvent:
                if kind is MappingEndEvent:
                    break
                raise _Fallback  # a complex or aliased key
            key = intern(key_event.value)  # one copy of each key (2 MiB: 65 → 63 MiB peak)
            if key_event.anchor is not None or key == "<<" or key_event.tag is not None:
                raise _Fallback  # a merge key, or a key the node path reads
            key_mark = key_event.start_mark
            if key in result:
                first = 5 * list(result).index(key)
                self.duplicate(key, entries[first] + 1, key_mark.line + 1, key_mark.column + 1)
                self.skip()
                continue
            event = next_event()
            kind = type(event)
            mark: Any = event.start_mark
            if kind is ScalarEvent and event.tag is None and event.anchor is None:
                value = event.value
                if event.implicit[0]:
                    pattern = implicit.get(value[:1])
                    if pattern is not None:
                        match = pattern.match(value)
                        if match is not None:
                            value = self.implicit(event, match)
                offset = -1
            elif kind is MappingStartEvent:
                value, offset = self.mapping(event, depth + 1)
            elif kind is SequenceStartEvent:
                value, offset = self.sequence(event, depth + 1)
            else:
                value, offset = self.value(event, depth + 1)
            entries += (key_mark.line, key_mark.column, mark.line, mark.column, offset)
            result[key] = value
        return result, self.store(len(result), entries)

    def sequence(self, start: Any, depth: int) -> tuple[list[Any], int]:
        self.start(start, depth, _SEQ_TAG)
        next_event = self.next
        implicit = _IMPLICIT
        result: list[Any] = []
        entries: list[int] = []
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent and event.tag is None and event.anchor is None:
                value = event.value
                if event.implicit[0]:
                    pattern = implicit.get(value[:1])
                    if pattern is not None:
                        match = pattern.match(value)
                        if match is not None:
                            value = self.implicit(event, match)
                offset = -1
            elif kind is SequenceEndEvent:
                break
            elif kind is MappingStartEvent:
                value, offset = self.mapping(event, depth + 1)
            elif kind is SequenceStartEvent:
                value, offset = self.sequence(event, depth + 1)
            else:
                value, offset = self.value(event, depth + 1)
            mark = event.start_mark
            entries += (mark.line, mark.column, offset)
            result.append(value)
        return result, self.store(len(result), entries)

    def skip(self) -> None:
        """Consume the value of a duplicate key, which is not read (as the node path does)."""
        level = 0
        while True:
            event = self.next()
            kind = type(event)
            if kind is AliasEvent or getattr(event, "anchor", None) is not None:
                raise _Fallback
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                level += 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                level -= 1
            if level == 0:
                return


class _Builder(_Store):
    """Turn a composed node graph into plain data, recording positions and problems.

    The path for what the event path leaves aside: anchors and aliases (bounded expansion),
    merge keys, tagged or complex keys, excessive nesting, line breaks only YAML sees, and
    files with errors.
    """

    def __init__(self, name: str, lines: _Lines = _PLAIN_LINES) -> None:
        super().__init__(name)
        self.lines = lines
        self.merging: set[int] = set()
        self.constructed = 0
        self.seen: set[int] = set()

    def cell(self, node: Node) -> tuple[int, int]:
        """The 0-based (line, column) a node's cells hold, in the lines users see."""
        line, column = _mark(node, self.lines)
        return line - 1, column - 1

    def build(self, node: Node, depth: int) -> tuple[Any, int]:
        """The value of node and the offset of its cells (-1 for a scalar)."""
        line, column = _mark(node, self.lines)
        if depth > MAX_DEPTH:
            raise _Abort(
                _finding(
                    "CC107",
                    f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : "
                    "un contrat n'en a jamais besoin",
                    self.name,
                    line,
                    column,
                )
            )
        self.constructed += 1
        self.seen.add(id(node))
        if self.constructed - len(self.seen) > MAX_ALIAS_EXPANSION:
            raise _Abort(
                _finding(
                    "CC106",
                    "les alias « * » se développent en plus de "
                    f"{MAX_ALIAS_EXPANSION} valeurs (bombe d'alias ?) : lecture arrêtée",
                    self.name,
                    line,
                    column,
                    "réduisez l'usage des ancres et alias, ou écrivez les valeurs en clair",
                )
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node.tag, node.value, line, column), -1
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ_TAG)
            items: list[Any] = []
            entries: list[int] = []
            for child in node.value:
                value, offset = self.build(child, depth + 1)
                items.append(value)
                entries += (*self.cell(child), offset)
            return items, self.store(len(items), entries)
        assert isinstance(node, MappingNode)
        self._check_tag(node, _MAP_TAG)
        result, marks = self._mapping(node, depth)
        entries = []
        for key in result:
            entries += marks[key]
        return result, self.store(len(result), entries)

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self.refuse_tag(node.tag, *_mark(node, self.lines))

    def _mapping(
        self, node: MappingNode, depth: int
    ) -> tuple[dict[str, Any], dict[str, tuple[int, int, int, int, int]]]:
        """The mapping's data, and the cells of each key (key and value marks, child offset)."""
        result: dict[str, Any] = {}
        marks: dict[str, tuple[int, int, int, int, int]] = {}
        merged: dict[str, Any] = {}
        merged_marks: dict[str, tuple[int, int, int, int, int]] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, column = _mark(key_node, self.lines)
            if not isinstance(key_node, ScalarNode):
                raise _Abort(
                    _finding(
                        "CC103",
                        "clé complexe (liste ou bloc utilisé comme clé) : non prise en charge",
                        self.name,
                        line,
                        column,
                    )
                )
            if key_node.tag == _MERGE:
                data, data_marks = self._merge(value_node, depth)
                merged.update(data)
                merged_marks.update(data_marks)
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.duplicate(key, first_seen[key], line, column)
                continue
            first_seen[key] = line
            value, offset = self.build(value_node, depth + 1)
            result[key] = value
            marks[key] = (line - 1, column - 1, *self.cell(value_node), offset)
        if merged:
            result = {**{k: v for k, v in merged.items() if k not in result}, **result}
            marks = {**merged_marks, **marks}
        return result, marks

    def _merge(
        self, node: Node, depth: int
    ) -> tuple[dict[str, Any], dict[str, tuple[int, int, int, int, int]]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        merged_marks: dict[str, tuple[int, int, int, int, int]] = {}
        for source in reversed(sources):
            line, column = _mark(source, self.lines)
            if not isinstance(source, MappingNode):
                raise _Abort(
                    _finding(
                        "CC103",
                        "la clé de fusion « << » attend un bloc ou une liste de blocs",
                        self.name,
                        line,
                        column,
                    )
                )
            if id(source) in self.merging or depth > MAX_DEPTH:
                raise _Abort(
                    _finding(
                        "CC103",
                        "la clé de fusion « << » fait entrer un bloc dans lui-même "
                        "(fusion récursive) : lecture arrêtée",
                        self.name,
                        line,
                        column,
                    )
                )
            self.merging.add(id(source))
            try:
                data, data_marks = self._mapping(source, depth + 1)
            finally:
                self.merging.discard(id(source))
            merged.update(data)
            merged_marks.update(data_marks)
        return merged, merged_marks


def read_contract_file(path: Path) -> bytes:
    """The bytes of a contract file, bounded: an oversized file gives MAX_BYTES + 1 of them.

    Raises ReadError for what is not a regular file; load_document reports the size (CC108).
    """
    return read_file(path, MAX_BYTES, truncate=True)


def oversized(name: str) -> Finding:
    """The finding for a file over the size limit (CC108)."""
    return _finding(
        "CC108",
        f"fichier trop volumineux (plus de {describe_size(MAX_BYTES)}) : ce n'est sans doute "
        "pas un contrat",
        name,
        1,
        1,
    )


def _decode(raw: bytes, name: str) -> bytes | Finding:
    """The UTF-8 bytes to parse (without a byte order mark), or why they cannot be read."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 2 and b"\x00" in raw[:4]):
        return _finding(
            "CC102",
            "le fichier est encodé en UTF-16 (ou UTF-32) : contratcheck attend de l'UTF-8",
            name,
            1,
            1,
            "enregistrez-le en « UTF-8 » dans votre éditeur, ou : "
            "iconv -f UTF-16 -t UTF-8 ancien.yaml > nouveau.yaml",
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = line_column(raw, nul)
        return _finding(
            "CC101",
            "le fichier contient un octet nul : ce n'est pas un fichier texte YAML",
            name,
            line,
            column,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        raw.decode("utf-8")  # validation only: the text is decoded again if a rule reads it
        return raw
    except UnicodeDecodeError as error:
        line, column = line_column(raw, error.start)
        byte = raw[error.start]
        try:
            sample = raw[error.start : error.start + 1].decode("cp1252")
            guess = (
                f" ; l'octet 0x{byte:02X} est « {sample} » en Windows-1252 : le fichier vient "
                "sans doute d'un export Windows (Excel, Word)"
            )
        except UnicodeDecodeError:
            guess = ""
        return _finding(
            "CC101",
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{byte:02X} invalide){guess}",
            name,
            line,
            column,
            "convertissez-le en UTF-8, par exemple : "
            "iconv -f WINDOWS-1252 -t UTF-8 ancien.yaml > nouveau.yaml",
        )


_OPENED = {
    "while scanning a quoted scalar": "le guillemet ouvert ici n'est pas fermé",
    "while parsing a flow sequence": "le crochet « [ » ouvert ici n'est pas fermé",
    "while parsing a flow mapping": "l'accolade « { » ouverte ici n'est pas fermée",
    "while scanning a block scalar": "le bloc de texte commencé ici est mal formé",
}


def _syntax_finding(error: yaml.MarkedYAMLError, name: str, lines: _Lines) -> Finding:
    """A syntax error placed where the open construct began, naming where the parser stopped."""
    mark = error.problem_mark or error.context_mark
    line, column = lines.position(mark.line, mark.column, mark.index) if mark else (1, 1)
    problem = error.problem or ""
    if "maximum nesting depth" in problem:
        return _finding("CC107", "imbrication trop profonde : lecture arrêtée", name, line, column)
    if "expected a single document" in (error.context or ""):
        return _finding(
            "CC111",
            "le fichier contient plusieurs documents YAML (séparés par « --- ») : "
            "un fichier ne doit décrire qu'un seul contrat",
            name,
            line,
            column,
            "placez chaque contrat dans son propre fichier",
        )
    # libyaml names a duplicate anchor in the context (« found duplicate anchor; first … »).
    said = (problem, error.context or "")
    french = next(
        (fr for en, fr in _SYNTAX_MESSAGES.items() if any(s.startswith(en) for s in said)), None
    )
    stopped = f"ligne {line}, colonne {column}"
    opened = _OPENED.get(error.context or "")
    start = error.context_mark
    begun = lines.position(start.line, start.column, start.index) if start else None
    if opened and begun is not None and begun != (line, column):
        # The open quote or bracket is the mistake; where the parser gave up is only a symptom.
        return _finding(
            "CC103",
            f"erreur de syntaxe YAML : {opened} (le lecteur s'est arrêté {stopped})",
            name,
            begun[0],
            begun[1],
            "fermez le guillemet ou le crochet sur la même valeur",
        )
    message = (
        f"erreur de syntaxe YAML : {french}"
        if french
        else (f"erreur de syntaxe YAML (le lecteur signale : « {problem} »)")
    )
    if begun is not None and begun[0] < line:
        message += f" (dans le bloc commencé ligne {begun[0]}, colonne {begun[1]})"
    return _finding("CC103", message, name, line, column)


def load_document(raw: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    """Read raw bytes into a Document, or return the findings that prevent it."""
    if len(raw) > MAX_BYTES:
        return None, [oversized(name)]
    source = _decode(raw, name)
    if isinstance(source, Finding):
        return None, [source]
    # The data built from the events holds no cycles the collector must find, and collections
    # during loading make it superlinear (PERF.md: twice as fast on large files).
    with collector_off():
        return _load_source(source, raw, name)


def _load_source(source: bytes, raw: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    if _YAML_ONLY_BREAKS_UTF8.search(source):
        return _load_nodes(source, raw, name)
    builder = _EventBuilder(source, name)
    try:
        data, locator = builder.run()
    except _Fallback:
        return _load_nodes(source, raw, name)
    if builder.refused_tags:
        return None, builder.findings
    return _document(name, data, source, raw, locator), builder.findings


def _document(name: str, data: Any, source: bytes, raw: bytes, locator: _Locator) -> Document:
    return Document(
        name=name,
        data=data,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        positions=_Positions(locator, keys=False),
        key_positions=_Positions(locator, keys=True),
    )


def _load_nodes(source: bytes, raw: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    """Read through PyYAML's node graph: every error and unusual construct (see _Builder)."""
    decoded = source.decode("utf-8")
    lines = _Lines(decoded)
    try:
        root = yaml.compose(decoded, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_finding(error, name, lines)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids, with its offset
        # libyaml gives the offset in the UTF-8 bytes it reads, not in characters.
        line, column = line_column(source, error.position)
        code = int(error.character)  # libyaml gives the code point
        return None, [
            _finding(
                "CC103",
                "erreur de syntaxe YAML : "
                f"{_SYNTAX_MESSAGES['control characters are not allowed']} (U+{code:04X})",
                name,
                line,
                column,
                "retirez ce caractère invisible (souvent collé depuis un traitement de texte)",
            )
        ]
    except yaml.YAMLError as error:  # reader errors without a mark
        return None, [_finding("CC103", f"erreur de lecture YAML : {error}", name, 1, 1)]
    if root is None:
        return None, [
            _finding(
                "CC109",
                "le fichier est vide (ou ne contient que des commentaires)",
                name,
                1,
                1,
            )
        ]
    if not isinstance(root, MappingNode):
        line, column = _mark(root, lines)
        kind = "une liste" if isinstance(root, SequenceNode) else "une valeur simple"
        return None, [
            _finding(
                "CC110",
                f"le contrat doit être un bloc de clés (« format: », « contrat: »…), pas {kind}",
                name,
                line,
                column,
            )
        ]
    builder = _Builder(name, lines)
    try:
        data, offset = builder.build(root, 0)
    except _Abort as abort:
        return None, [*builder.findings, abort.finding]
    if builder.refused_tags:
        return None, builder.findings
    line, column = builder.cell(root)
    locator = _Locator(data, builder.cells, offset, line, column)
    return _document(name, data, source, raw, locator), builder.findings
