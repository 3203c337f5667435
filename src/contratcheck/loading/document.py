"""Read one YAML file into a Document (plain data + a position for every node).

Hostile input (alias bombs, custom tags, absurd nesting or size) is refused with a finding.

libyaml (PyYAML's C parser) composes the node graph with line/column marks; we construct plain
data from those nodes ourselves, so that positions cost nothing extra, duplicate keys are caught
(PyYAML drops them silently), dates stay strings, custom tags are refused and never constructed,
and alias expansion is bounded.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


@dataclass(frozen=True)
class Document:
    """A contract file read into plain data, with the position of every value and key."""

    name: str
    data: dict[str, Any]
    text: str
    sha256: str
    positions: dict[YamlPath, Position] = field(repr=False)
    key_positions: dict[YamlPath, Position] = field(repr=False)

    def position(self, path: YamlPath) -> Position:
        """Return the position of the value at path, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_position(self, path: YamlPath) -> Position:
        """Return the position of the key that holds path (its value's position for items)."""
        return self.key_positions.get(path) or self.position(path)


class _Abort(Exception):
    """Construction cannot go on; the finding says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


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


class _Builder:
    """Turn a composed node graph into plain data, recording positions and problems."""

    def __init__(self, name: str, lines: _Lines = _PLAIN_LINES) -> None:
        self.name = name
        self.lines = lines
        self.merging: set[int] = set()
        self.positions: dict[YamlPath, Position] = {}
        self.key_positions: dict[YamlPath, Position] = {}
        self.findings: list[Finding] = []
        self.constructed = 0
        self.seen: set[int] = set()
        self.refused_tags = False

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
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
        self.positions[path] = Position(line, column)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ_TAG)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        self._check_tag(node, _MAP_TAG)
        return self._mapping(node, path, depth)

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._refuse_tag(node)

    def _refuse_tag(self, node: Node) -> None:
        line, column = _mark(node, self.lines)
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        self.refused_tags = True
        self.findings.append(
            _finding(
                "CC105",
                f"étiquette YAML « {tag} » refusée : contratcheck ne lit que des données "
                "simples (texte, nombres, listes, blocs) et n'exécute jamais d'étiquette",
                self.name,
                line,
                column,
                "retirez l'étiquette « ! » de cette valeur",
            )
        )

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._refuse_tag(node)
            return None
        if tag in (_STR, "!", "tag:yaml.org,2002:timestamp"):
            return node.value
        if tag == "tag:yaml.org,2002:int":
            return self._integer(node)
        if tag == "tag:yaml.org,2002:float":
            try:
                value = _SCALARS.construct_yaml_float(node)
            except ValueError:
                return self._bad_value(node, "un nombre décimal (!!float)")
            # .inf and .nan have no JSON equivalent; keep the text so the schema reports its type.
            return value if value == value and abs(value) != float("inf") else node.value
        if tag == "tag:yaml.org,2002:bool":
            if str(node.value).lower() not in _SCALARS.bool_values:
                return self._bad_value(node, "oui/non (!!bool : true ou false)")
            return _SCALARS.construct_yaml_bool(node)
        return None

    def _integer(self, node: ScalarNode) -> Any:
        text = node.value
        if len(text) > MAX_INT_CHARS:
            return self._bad_value(node, "un nombre entier raisonnable", f"{len(text)} chiffres")
        try:
            if text.isascii() and text.isdigit() and (text == "0" or text[0] != "0"):
                value = int(text)  # the common case, without YAML 1.1's octal/hex/sexagesimal
            else:
                value = _SCALARS.construct_yaml_int(node)
        except ValueError:
            return self._bad_value(node, "un nombre entier (!!int)")
        return value

    def _bad_value(self, node: ScalarNode, expected: str, detail: str = "") -> None:
        """Refuse a scalar its tag cannot hold; the document is not used."""
        line, column = _mark(node, self.lines)
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

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
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
                merged.update(self._merge(value_node, path, depth))
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.findings.append(
                    _finding(
                        "CC104",
                        f"la clé « {key} » apparaît deux fois dans le même bloc "
                        f"(première occurrence ligne {first_seen[key]}) ; seule la première "
                        "est lue",
                        self.name,
                        line,
                        column,
                        "supprimez ou renommez l'une des deux clés",
                    )
                )
                continue
            first_seen[key] = line
            child = (*path, key)
            self.key_positions[child] = Position(line, column)
            result[key] = self.build(value_node, child, depth + 1)
        if merged:
            return {**{k: v for k, v in merged.items() if k not in result}, **result}
        return result

    def _merge(self, node: Node, path: YamlPath, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        merged: dict[str, Any] = {}
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
                merged.update(self._mapping(source, path, depth + 1))
            finally:
                self.merging.discard(id(source))
        return merged


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


def _decode(raw: bytes, name: str) -> str | Finding:
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
        return raw.decode("utf-8")
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
    decoded = _decode(raw, name)
    if isinstance(decoded, Finding):
        return None, [decoded]
    # The node graph and the data built from it hold no cycles the collector must find, and
    # collections during loading make it superlinear (PERF.md: twice as fast on large files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_text(decoded, raw, name)
    finally:
        if collecting:
            gc.enable()


def _load_text(decoded: str, raw: bytes, name: str) -> tuple[Document | None, list[Finding]]:
    lines = _Lines(decoded)
    try:
        root = yaml.compose(decoded, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_finding(error, name, lines)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids, with its offset
        # libyaml gives the offset in the UTF-8 bytes it reads, not in characters.
        line, column = line_column(decoded.encode("utf-8"), error.position)
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
        data = builder.build(root, (), 0)
    except _Abort as abort:
        return None, [*builder.findings, abort.finding]
    if builder.refused_tags:
        return None, builder.findings
    document = Document(
        name=name,
        data=data,
        text=decoded,
        sha256=hashlib.sha256(raw).hexdigest(),
        positions=builder.positions,
        key_positions=builder.key_positions,
    )
    return document, builder.findings
