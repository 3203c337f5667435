"""Write a format-2 draft (« contrat-de-ville/2 ») from a format-1 contract.

ruamel.yaml's round trip is the tool, its one job in the project: the nodes of the loaded tree are
moved and renamed into the new shape, never rebuilt from plain data, so every comment attached to
a kept node stays with it. The plain data of the project's loader decides what to do; the ruamel
tree is only edited. The draft marks what it cannot know (« # à compléter : … »), what it carried
over from the 2015-2023 contract for the user to check (« # à revoir : … ») and what it suggests
(« # proposition : … »). A 2015 QPV code becomes a 2024 one only through the user's correspondence
table: a code is never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.tokens import CommentToken

from contratcheck.errors import UsageError
from contratcheck.loading.document import load_document
from contratcheck.loading.schema import check_schema
from contratcheck.model import Severity
from contratcheck.referentiels.catalogue import Catalogue

TARGET = "contrat-de-ville/2"
SOURCE = "contrat-de-ville/1"
NEW_GENERATION = "2024-2030"
OLD_GENERATION = "2015-2023"
_QP = re.compile(r"^QP([0-9]{3}|02[AB])[0-9]{3}$")
_QN = re.compile(r"^QN(0[0-9]{2}|02[AB]|9[78][0-9])[0-9]{2}[MINC]$")
_OVERSEAS = re.compile(r"^9[78]")
# The piliers of format 1, in the order of the priorities proposed for them.
_PILIERS = {
    "cohesion-sociale": "Cohésion sociale",
    "cadre-de-vie": "Cadre de vie et renouvellement urbain",
    "developpement-economique": "Développement économique et emploi",
    "transversal": "Actions transversales",
}
# Format-1 transversal axes whose slug is one of the eight transversal priorities of 2024.
_AXES_KEPT = ("egalite-femmes-hommes", "lutte-discriminations")
_STATE = re.compile(r"^(préfecture|préfet|préfète|état\b|l'état\b)", re.IGNORECASE)
_FORMAT_2_ONLY = (
    "projet_territoire, diagnostic, projets_quartier (un par QPV), moyens (par signataire), "
    "ingenierie, evaluation, participation (volet, place, moyens), investissement, "
    "conventions_annexees (TFPB, ANRU), rapports_annuels, cpo, articulations"
)

Node = CommentedMap | CommentedSeq
Key = str | int


# --- the correspondence table of QPV codes -------------------------------------------------


@dataclass(frozen=True)
class QpvCorrespondence:
    """The 2024 codes of 2015 QPV, as the user's correspondence table gives them."""

    source: str
    codes: dict[str, tuple[str, ...]]  # an empty tuple: out of the 2024 geography


CORRESPONDENCE_LIMIT = 16 * 2**20  # the ANCT's whole table is far smaller


def read_correspondence(path: Path) -> QpvCorrespondence:
    """Read a CSV table with columns ``code_2015`` and ``code_2024`` (French usage errors)."""
    from contratcheck.loading.reader import ReadError, read_file

    try:
        raw = read_file(path, CORRESPONDENCE_LIMIT)
    except ReadError as error:
        raise UsageError(f"table de correspondance des QPV : {error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UsageError(
                f"table de correspondance {path} : ni UTF-8 ni Windows-1252 (octet {error.start})"
            ) from error
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
    missing = [c for c in ("code_2015", "code_2024") if c not in fields]
    if missing:
        raise UsageError(
            f"table de correspondance {path} : colonne(s) {', '.join(missing)} absente(s) ; "
            "attendu : code_2015, code_2024"
        )
    codes: dict[str, list[str]] = {}
    for row in reader:
        cells = {
            (k or "").strip().lower(): v.strip().upper()
            for k, v in row.items()
            if isinstance(v, str)
        }
        old, new = cells.get("code_2015", ""), cells.get("code_2024", "")
        if not old and not new:
            continue
        if not _QP.match(old):
            raise UsageError(
                f"{path}:{reader.line_num} : « {old} » n'est pas un code QPV de 2015 "
                "(QP suivi de 6 caractères)"
            )
        if new and not _QN.match(new):
            raise UsageError(
                f"{path}:{reader.line_num} : « {new} » n'est pas un code QPV de 2024 "
                "(QN, département, 2 chiffres et M, I, N ou C)"
            )
        targets = codes.setdefault(old, [])
        if new and new not in targets:
            targets.append(new)
    if not codes:
        raise UsageError(f"table de correspondance {path} : aucune ligne lue")
    return QpvCorrespondence(str(path), {k: tuple(v) for k, v in codes.items()})


# --- successions across generations ----------------------------------------------------------


@dataclass(frozen=True)
class Successor:
    """An item of a 2024-2030 référentiel that declares it succeeds an older reference."""

    reference: str
    declared_by: str


def read_successors(catalogue: Catalogue) -> dict[str, tuple[Successor, ...]]:
    """Old reference → the items of the newest 2024-2030 référentiels that succeed it
    (their ``succede_a``)."""
    found: dict[str, list[Successor]] = {}
    for referentiel_id in catalogue.ids():
        newest = catalogue.get(referentiel_id)
        if newest is None or NEW_GENERATION not in newest.generations:
            continue
        for item in newest.items:
            for succession in item.succede_a:
                successor = Successor(item.reference, newest.key)
                bucket = found.setdefault(succession.reference, [])
                if successor not in bucket:
                    bucket.append(successor)
    return {k: tuple(v) for k, v in found.items()}


# --- comments on the ruamel tree ------------------------------------------------------------
# A comment token holds the end-of-line comment of its node (up to the first newline), then the
# blank and comment lines that follow it, which belong to whatever comes next.


def _slot(node: Node) -> int:
    return 2 if isinstance(node, CommentedMap) else 0


def _token(node: Node, key: Key) -> CommentToken | None:
    entry = node.ca.items.get(key)
    token = entry[_slot(node)] if entry else None
    return token if isinstance(token, CommentToken) else None


def _set_token(node: Node, key: Key, head: str, rest: str) -> None:
    """Give the value at key this end-of-line comment and these following lines."""
    token = _token(node, key)
    if token is not None:
        token.value = head + "\n" + rest
    elif head or rest:
        entry = node.ca.items.setdefault(key, [None, None, None, None])
        entry[_slot(node)] = CommentToken(head + "\n" + rest, CommentMark(0))


def _is_block(value: object) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq) and bool(value) and not _flow(value)


def _flow(node: Node) -> bool:
    return bool(node.fa.flow_style())


def _last_place(node: Node) -> tuple[Node, Key] | None:
    """The node and key whose token holds the lines that follow a block collection."""
    if not node:
        return None
    key = _last_key(node)
    value = node[key]
    if _is_block(value):
        deeper = _last_place(value)
        if deeper is not None:
            return deeper
    return node, key


def unfold(node: object) -> None:
    """Write in block style every flow collection that holds another collection, so that any
    collection can take a comment (the innermost ones, of plain values, keep their braces).
    A merge key (« << ») is refused: its keys live in another node, which moving would break."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    if getattr(node, merge_attrib, None):
        raise UsageError(
            "le contrat utilise une clé de fusion « << » : écrivez les clés qu'elle apporte "
            "avant de migrer"
        )
    values = list(node.values()) if isinstance(node, CommentedMap) else list(node)
    if _flow(node) and any(isinstance(v, CommentedMap | CommentedSeq) for v in values):
        node.fa.set_block_style()
    for value in values:
        unfold(value)


def _last_key(node: Node) -> Key:
    return next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1


def _split(token: CommentToken | None) -> tuple[str, str]:
    """(end-of-line comment, following lines) of a token."""
    if token is None:
        return "", ""
    head, _, rest = token.value.partition("\n")
    return head, rest


def _trailing(node: Node, key: Key) -> str:
    """The blank and comment lines that follow the value at key."""
    value = node[key]
    place = _last_place(value) if _is_block(value) else None
    holder, where = place or (node, key)
    return _split(_token(holder, where))[1]


def _set_trailing(node: Node, key: Key, lines: str) -> None:
    value = node[key]
    place = _last_place(value) if _is_block(value) else None
    holder, where = place or (node, key)
    _set_token(holder, where, _split(_token(holder, where))[0], lines)


def _clear_tail(node: Node) -> None:
    """Drop the blank lines that follow a node moved elsewhere (its comment lines stay)."""
    current: object = node
    while isinstance(current, CommentedMap | CommentedSeq) and current:
        end = current.ca.end
        if isinstance(end, list):
            current.ca.end = [t for t in end if not isinstance(t, CommentToken) or t.value.strip()]
        key = _last_key(current)
        head, rest = _split(_token(current, key))
        _set_token(current, key, head, _strip_blank_tail(rest))
        current = current[key] if _is_block(current[key]) else None


def _reset_column(node: Node, key: Key) -> None:
    """Let the end-of-line comment of a changed value follow it (its old column may not fit)."""
    token = _token(node, key)
    if token is None:
        return
    head, rest = _split(token)
    if head.strip():
        entry = node.ca.items[key]
        entry[_slot(node)] = CommentToken(f" {head.strip()}\n{rest}", CommentMark(0))


def _take_tail(node: CommentedMap, key: str) -> list[str]:
    """Remove and return the comment lines that follow the value at key (blank lines dropped)."""
    holders: list[Node] = []
    holder: Node = node
    where: Key = key
    while _is_block(holder[where]):
        holder = holder[where]
        holders.append(holder)
        where = _last_key(holder)
    head, rest = _split(_token(holder, where))
    _set_token(holder, where, head, "")
    lines = rest.split("\n")
    for collection in reversed(holders):
        end = collection.ca.end
        if isinstance(end, list):
            lines += [ln for t in end if isinstance(t, CommentToken) for ln in t.value.split("\n")]
            collection.ca.end = []
    return [line for line in lines if line.strip()]


def _take_before(node: CommentedMap, key: str) -> list[str]:
    """Remove and return the comment lines stored before a key."""
    entry = node.ca.items.get(key)
    if not entry or not isinstance(entry[1], list):
        return []
    lines = [ln for t in entry[1] if isinstance(t, CommentToken) for ln in t.value.split("\n")]
    entry[1] = None
    return [line for line in lines if line.strip()]


def _shift_comments(node: object, spaces: int, done: set[int] | None = None) -> None:
    """Indent the comments of a subtree moved deeper (a token may sit in two places)."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return
    done = set() if done is None else done
    eol = _slot(node)

    def shift(token: object, first_is_eol: bool) -> None:
        if isinstance(token, list):
            for inner in token:
                shift(inner, False)
            return
        if not isinstance(token, CommentToken) or id(token) in done:
            return
        done.add(id(token))
        lines = token.value.split("\n")
        start = 1 if first_is_eol else 0
        for index in range(start, len(lines)):
            if lines[index].lstrip().startswith("#"):
                lines[index] = " " * spaces + lines[index]
        token.value = "\n".join(lines)
        mark = token.start_mark
        if first_is_eol and mark is not None and hasattr(mark, "column"):
            mark.column += spaces

    if node.ca.comment:
        for part in node.ca.comment:
            shift(part, False)
    for entry in node.ca.items.values():
        for index, token in enumerate(entry):
            shift(token, index == eol)
    if isinstance(node.ca.end, list):
        shift(node.ca.end, False)
    for value in node.values() if isinstance(node, CommentedMap) else node:
        _shift_comments(value, spaces, done)


def _strip_blank_tail(lines: str) -> str:
    kept = lines.split("\n")
    while kept and not kept[-1].strip():
        kept.pop()
    return "".join(line + "\n" for line in kept)


def add_eol(node: Node, key: Key, text: str) -> None:
    """Add an end-of-line comment to the value at key, after the one already there."""
    if _flow(node):
        node.fa.set_block_style()  # a comment inside braces would end the line in them
    if _is_block(node[key]) and isinstance(node, CommentedSeq):
        inner = node[key]
        first: Key = next(iter(inner)) if isinstance(inner, CommentedMap) else 0
        add_eol(inner, first, text)
        return
    head, rest = _split(_token(node, key))
    head = f"{head.rstrip()} ; {text}" if head.strip() else f" # {text}"
    _set_token(node, key, head, rest)


def remove(node: Node, key: Key) -> None:
    """Remove a key or an item; the comment lines that followed it move to what precedes it."""
    lines = _trailing(node, key)
    keys = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if isinstance(node, CommentedMap):
        node.ca.items.pop(key, None)
        del node[key]
    else:
        assert isinstance(key, int)
        del node[key]
    if before is not None and lines.strip():
        _set_trailing(node, before, _trailing(node, before) + lines)


def rename(node: CommentedMap, old: str, new: str, value: Any = None) -> None:
    """Rename a key in place, keeping its position and comments (and change its value)."""
    position = list(node).index(old)
    entry = node.ca.items.pop(old, None)
    kept = node[old] if value is None else value
    del node[old]
    node.insert(position, new, kept)
    if entry is not None:
        node.ca.items[new] = entry
        _reset_column(node, new)


def replace(node: Node, key: Key, value: Any) -> None:
    """Replace a value in place (a text keeps its quoting), its comments following it."""
    old = node[key]
    node[key] = _restyle(old, value) if isinstance(value, str) else value
    _reset_column(node, key)


def _drop_repeats(sequence: CommentedSeq, values: list[str]) -> None:
    """Remove the items whose value came earlier in the list (the first keeps its comments)."""
    first = {value: index for index, value in reversed(list(enumerate(values)))}
    for index in reversed(range(len(values))):
        if first[values[index]] != index:
            remove(sequence, index)


def _restyle(old: object, new: str) -> str:
    """The new text with the quoting style of the scalar it replaces."""
    if isinstance(old, ScalarString):
        styled: str = type(old)(new)
        return styled
    return new


def _flow_map(*pairs: tuple[str, Any]) -> CommentedMap:
    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


# --- the draft -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """The format-2 text and what to tell the user about it."""

    text: str
    notes: tuple[str, ...]

    @property
    def to_complete(self) -> int:
        """How many marks « à compléter » the draft holds."""
        return self.text.count("à compléter :") + self.text.count("à compléter,")


def _indentation(text: str) -> tuple[int, int, int]:
    """The mapping indent, sequence indent and dash offset of a file (ruamel cannot keep them)."""
    mapping: int | None = None
    offset: int | None = None
    lines = [ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
    for before, line in itertools.pairwise(lines):
        if not before.rstrip().endswith(":"):
            continue
        parent = len(before) - len(before.lstrip(" -"))
        indent = len(line) - len(line.lstrip(" "))
        body = line.lstrip(" ")
        if body.startswith("- ") or body == "-":
            if offset is None and indent >= parent:
                offset = indent - parent
        elif mapping is None and indent > parent:
            mapping = indent - parent
    mapping = mapping or 2
    offset = 2 if offset is None else offset
    return mapping, offset + 2, offset


def _yaml(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _first_error(name: str, findings: list[Any]) -> str:
    lines = [
        f"{name}:{f.position.line}:{f.position.column} : {f.message}"
        for f in findings
        if f.severity is Severity.ERREUR
    ]
    return "\n".join(lines[:5])


def plan_draft(
    raw: bytes,
    name: str,
    catalogue: Catalogue,
    correspondence: QpvCorrespondence | None = None,
    choices: dict[str, str] | None = None,
) -> Draft:
    """Compute the format-2 draft of a format-1 contract; raise a usage error if it cannot."""
    document, findings = load_document(raw, name)
    if document is None:
        raise UsageError(
            f"{_first_error(name, findings)}\nle contrat ne peut pas être lu : rien n'est écrit"
        )
    declared = document.data.get("format")
    if declared == TARGET:
        raise UsageError(f"« {name} » est déjà au format {TARGET} : rien à migrer")
    if declared != SOURCE:
        raise UsageError(
            f"« {name} » n'est pas un contrat au format {SOURCE} (format : "
            f"« {declared if isinstance(declared, str) else 'absent'} ») : seul le format 1 se "
            f"migre vers {TARGET}"
        )
    errors = [f for f in check_schema(document, "contrat") if f.severity is Severity.ERREUR]
    if errors:
        raise UsageError(
            f"{_first_error(name, errors)}\n« {name} » n'est pas un contrat valide au format 1 : "
            "corrigez-le d'abord (contratcheck check), rien n'est écrit"
        )
    text = document.text.replace("\r\n", "\n")
    yaml = _yaml(text)
    try:
        tree = yaml.load(text)
    except YAMLError as error:
        raise UsageError(f"{name} : lecture YAML impossible pour la migration ({error})") from error
    migrator = _Migrator(document.data, Path(name).name, catalogue, correspondence, choices or {})
    migrator.indent, migrator.depth, _ = _indentation(text)
    root = migrator.migrate(tree)
    out = io.StringIO()
    yaml.dump(root, out)
    draft = _space_sections(out.getvalue())
    if "\r\n" in document.text:
        draft = draft.replace("\n", "\r\n")
    _check_draft(draft, name)
    return Draft(draft, tuple(migrator.notes))


_TOP_KEY = re.compile(r"^[^\s#-][^:]*:")


def _space_sections(text: str) -> str:
    """One blank line before each top-level key and none doubled; the data must not change."""
    lines: list[str] = []
    for line in text.rstrip("\n").split("\n"):
        if not line.strip():
            if lines and lines[-1].strip():
                lines.append("")
            continue
        if _TOP_KEY.match(line) and lines:
            start = len(lines)
            while start > 0 and lines[start - 1].startswith("#"):
                start -= 1
            if start > 0 and lines[start - 1].strip():
                lines.insert(start, "")
        lines.append(line)
    spaced = "\n".join(lines) + "\n"
    before, _ = load_document(text.encode("utf-8"), "brouillon")
    after, _ = load_document(spaced.encode("utf-8"), "brouillon")
    if before is None or after is None or before.data != after.data:
        return text
    return spaced


def _check_draft(text: str, name: str) -> None:
    """A draft the format-2 schema refuses is a bug of ours: say so, write nothing."""
    document, findings = load_document(text.encode("utf-8"), name)
    if document is not None:
        findings = [*findings, *check_schema(document, "contrat-v2")]
    problems = [f for f in findings if f.severity is Severity.ERREUR]
    if document is None or problems:
        raise UsageError(
            f"le brouillon ne passe pas le schéma du format 2 (anomalie de contratcheck, "
            f"rien n'est écrit) :\n{_first_error(name, problems)}"
        )


class _Migrator:
    """Turn the ruamel tree of a valid format-1 contract into a format-2 one."""

    def __init__(
        self,
        data: dict[str, Any],
        name: str,
        catalogue: Catalogue,
        correspondence: QpvCorrespondence | None,
        choices: dict[str, str],
    ) -> None:
        self.data = data
        self.name = name
        self.catalogue = catalogue
        self.successions = read_successors(catalogue)
        self.correspondence = correspondence
        self.choices = choices
        self.notes: list[str] = []
        self.history: list[str] = []
        self.indent = 2  # the file's mapping indent
        self.depth = 4  # how much deeper the old periode sits in the history
        qpv = data["contrat"]["qpv"]
        self.qpv_names = {q["code"]: q["nom"] for q in qpv if "code" in q}
        self.qpv_codes = {code: self._new_code(code) for code in self.qpv_names}

    # The whole document, in the order of the format-2 schema.
    def migrate(self, tree: CommentedMap) -> CommentedMap:
        unfold(tree)
        leading, ending = self._detach_section_comments(tree)
        root = CommentedMap()
        root.ca.comment = tree.ca.comment
        self._header(root)
        root["format"] = TARGET
        root["contrat"] = self._contrat(tree["contrat"])
        previous = tree["periode"]
        root["periode"] = self._periode()
        priorities = self._priorities()
        if priorities:
            root["priorites"] = priorities
        root["actions"] = self._actions(tree["actions"])
        gouvernance = tree.get("gouvernance")
        participation = self._participation(gouvernance)
        if isinstance(gouvernance, CommentedMap):
            self._gouvernance(gouvernance)
            if gouvernance:
                root["gouvernance"] = gouvernance
        if participation is not None:
            root["participation"] = participation
        self._volets()
        referentiels = self._referentiels(tree.get("referentiels"))
        root["historique"] = self._historique(previous)
        if referentiels is not None:
            root["referentiels"] = referentiels
        if isinstance(tree.get("exclusions"), CommentedSeq):
            root["exclusions"] = self._exclusions(tree["exclusions"])
        for key in root:
            if key in tree.ca.items:
                root.ca.items[key] = tree.ca.items[key]
                _reset_column(root, key)
        self._attach_section_comments(root, leading, ending)
        return root

    @staticmethod
    def _detach_section_comments(tree: CommentedMap) -> tuple[dict[str, list[str]], list[str]]:
        """The comment lines before each top-level key (they follow the previous section in
        ruamel's tree, and sections move), and those at the end of the file."""
        keys = list(tree)
        leading: dict[str, list[str]] = {}
        for before, key in itertools.pairwise(keys):
            tail = _take_tail(tree, before)
            # Indented lines close the section above; those at column 0 open the next one.
            split = next((i for i, line in enumerate(tail) if line.startswith("#")), len(tail))
            _set_trailing(tree, before, "".join(f"{line}\n" for line in tail[:split]))
            leading[key] = tail[split:] + _take_before(tree, key)
        return leading, _take_tail(tree, keys[-1])

    @staticmethod
    def _attach_section_comments(
        root: CommentedMap, leading: dict[str, list[str]], ending: list[str]
    ) -> None:
        fallbacks = {
            "gouvernance": ["participation"],
            "volets": [],
            "axes_locaux": ["priorites", "actions"],
            "referentiels": [],
            "exclusions": [],
        }
        lines: dict[str, list[str]] = {}
        for key, comments in leading.items():
            candidates = [key, *fallbacks.get(key, []), "historique"]
            target = next(k for k in candidates if k in root)
            lines.setdefault(target, []).extend(comments)
        keys = list(root)
        for before, key in itertools.pairwise(keys):
            if lines.get(key):
                tail = _strip_blank_tail(_trailing(root, before))
                _set_trailing(root, before, tail + "".join(f"{c}\n" for c in lines[key]))
        if ending:
            tail = _strip_blank_tail(_trailing(root, keys[-1]))
            _set_trailing(root, keys[-1], tail + "".join(f"{c}\n" for c in ending))

    def _header(self, root: CommentedMap) -> None:
        tokens: list[Any] = []
        if root.ca.comment and len(root.ca.comment) > 1 and root.ca.comment[1]:
            tokens = list(root.ca.comment[1])
        for token in tokens:
            if "yaml-language-server" in token.value:
                token.value = token.value.replace("contrat.schema.json", "contrat-v2.schema.json")
        lines = [
            f"Brouillon au format {TARGET} écrit par « contratcheck migrate » depuis "
            f"{self.name} (format 1).",
            "Cherchez « à compléter » (à remplir), « à revoir » (repris du contrat 2015-2023, à "
            "vérifier) et « proposition » (à décider avec les partenaires).",
            f"à compléter, sans équivalent dans le format 1 : {_FORMAT_2_ONLY}.",
        ]
        tokens.extend(CommentToken(f"# {line}\n", CommentMark(0)) for line in lines)
        root.ca.comment = [None, tokens]

    # contrat: identification, QPV, signatories -------------------------------------------------
    def _contrat(self, contrat: CommentedMap) -> CommentedMap:
        plain = self.data["contrat"]
        add_eol(contrat, "nom", "à revoir : intitulé du contrat 2024-2030")
        if "code_cv" in contrat:
            remove(contrat, "code_cv")
        if "porteur_initial" in contrat:
            initial = plain["porteur_initial"]
            number = initial.get("siren") or initial.get("code_insee")
            self.history.append(
                f"Porteur initial du contrat précédent : {initial['nom']}"
                + (f" ({number})" if number else "")
            )
            remove(contrat, "porteur_initial")
        self._qpv(contrat["qpv"])
        if isinstance(contrat.get("signataires"), CommentedSeq):
            self._signataires(contrat["signataires"])
            add_eol(
                contrat,
                "signataires",
                "à compléter : signataires du contrat 2024-2030 (département, région, "
                "bailleurs, CAF, France Travail…) et date de signature de chacun (signe_le)",
            )
        return contrat

    def _new_code(self, code: str) -> tuple[str | None, str]:
        """The 2024 code of a QPV code (None: none known) and the comment to write."""
        if _QN.match(code):
            return code, ""
        source = self.correspondence
        if source is None or code not in source.codes:
            return None, f"à compléter : code QN de la géographie 2024 (code 2015 : {code})"
        targets = source.codes[code]
        if not targets:
            return None, (
                f"à revoir : {code} n'est plus dans la géographie prioritaire 2024 selon "
                "la table de correspondance"
            )
        if len(targets) > 1:
            return None, (
                f"à compléter : code QN de la géographie 2024 (la table de correspondance "
                f"donne {', '.join(targets)} pour {code})"
            )
        return targets[0], f"à revoir : code 2024 pris dans la table de correspondance ({code})"

    def _qpv(self, qpv: CommentedSeq) -> None:
        unknown = 0
        for index, quartier in enumerate(qpv):
            if "code" not in quartier:
                unknown += 1
                add_eol(qpv, index, "à compléter : code QN de la géographie 2024")
                continue
            code = str(quartier["code"])
            new, comment = self.qpv_codes[code]
            if new is None:
                unknown += 1
                remove(quartier, "code")
            elif new != code:
                replace(quartier, "code", new)
            if comment:
                add_eol(qpv, index, comment)
        if unknown:
            self.notes.append(
                f"{unknown} QPV sans code 2024 : gardés par leur nom, code QN à compléter"
                + ("" if self.correspondence else " (voir --correspondance-qpv)")
            )

    def _qpv_refs(self, refs: CommentedSeq) -> None:
        """Rewrite a list of QPV codes: the 2024 code, else the QPV's name."""
        targets = []
        for index, value in enumerate(refs):
            code = str(value)
            new, _ = self.qpv_codes.get(code, (code, ""))
            targets.append(new or self.qpv_names.get(code, code))
            if targets[-1] != code:
                replace(refs, index, targets[-1])
        _drop_repeats(refs, targets)

    def _signataires(self, signataires: CommentedSeq) -> None:
        porteur = self.data["contrat"]["porteur"]
        initial = self.data["contrat"].get("porteur_initial") or {}
        for index, signataire in enumerate(signataires):
            nom = str(signataire["nom"])
            categorie: str | None = None
            if _STATE.match(nom):
                categorie = "etat"
            elif nom == porteur["nom"]:
                categorie = porteur["nature"]
            elif nom == initial.get("nom"):
                categorie = initial["nature"]
                add_eol(
                    signataires,
                    index,
                    f"à revoir : porteur du contrat précédent ; le porteur est aujourd'hui "
                    f"{porteur['nom']}",
                )
            if categorie is None:
                add_eol(signataires, index, "à compléter : categorie")
                continue
            position = list(signataire).index("nom") + 1
            signataire.insert(position, "categorie", categorie)

    # periode: a new one; the old one goes to the history --------------------------------------
    def _periode(self) -> CommentedMap:
        codes = [c["code_insee"] for c in self.data["contrat"]["communes"]]
        overseas = bool(codes) and all(_OVERSEAS.match(c) for c in codes)
        start = dt.date(2025 if overseas else 2024, 1, 1)
        periode = CommentedMap([("debut", start), ("fin", dt.date(2030, 12, 31))])
        add_eol(
            periode,
            "debut",
            "à revoir : début de la génération 2024-2030"
            + (" (2025-2030 outre-mer)" if overseas else "")
            + " ; date à vérifier dans le contrat signé",
        )
        add_eol(periode, "fin", "à compléter : 2029-12-31 ou 2030-12-31 selon le contrat signé")
        periode.yaml_set_comment_before_after_key(
            "debut",
            before="à compléter : signature (date de signature), deliberations, clause_revoyure",
            indent=self.indent,
        )
        return periode

    def _old_dates(self, previous: CommentedMap) -> None:
        """Fit the previous contract's dates to format 2 (years from 2000; no PERR validation)."""
        plain = self.data["periode"]
        if isinstance(plain.get("signature"), int) and plain["signature"] < 2000:
            replace(previous, "signature", str(plain["signature"]))
        avenants = previous.get("avenants")
        if not isinstance(avenants, CommentedSeq):
            return
        for avenant, raw in zip(avenants, plain["avenants"], strict=True):
            if isinstance(raw["date"], int) and raw["date"] < 2000:
                replace(avenant, "date", str(raw["date"]))
            if "validation" in avenant:
                self.history.append(
                    f"Avenant « {raw['nature']} » du {raw['date']} validé le {raw['validation']}"
                    " avant sa signature"
                )
                remove(avenant, "validation")

    def _historique(self, previous: CommentedMap) -> CommentedMap:
        plain = self.data["contrat"]
        previous.insert(0, "nom", plain["nom"])
        if "code_cv" in plain:
            previous.insert(1, "code_cv", plain["code_cv"])
        add_eol(
            previous, "nom", "à revoir : contrat 2015-2023 et ses avenants (PERR, prolongations)"
        )
        self._old_dates(previous)
        _clear_tail(previous)
        _shift_comments(previous, self.depth)
        historique = CommentedMap([("contrats_precedents", CommentedSeq([previous]))])
        if self.history:
            historique["notes"] = CommentedSeq(self.history)
        return historique

    # actions and the priorities proposed from their piliers ---------------------------------
    def _priority_ids(self) -> dict[str, str]:
        """A proposed priority per pilier used: the national ones, then the local axes."""
        used = list(dict.fromkeys(a["pilier"] for a in self.data["actions"]))
        ordered = [p for p in _PILIERS if p in used] + [p for p in used if p not in _PILIERS]
        return {pilier: f"P{number}" for number, pilier in enumerate(ordered, start=1)}

    def _priorities(self) -> CommentedSeq | None:
        ids = self._priority_ids()
        if not ids:
            return None
        local = {a["id"]: a for a in self.data.get("axes_locaux") or []}
        priorities = CommentedSeq()
        for pilier, ident in ids.items():
            axis = local.get(pilier, {})
            label = _PILIERS.get(pilier) or axis.get("libelle") or pilier
            priority = CommentedMap([("id", ident), ("libelle", label)])
            if axis.get("description"):
                priority["description"] = axis["description"]
            axes = sorted(
                {
                    axe
                    for a in self.data["actions"]
                    if a["pilier"] == pilier
                    for axe in a.get("axes_transversaux", [])
                    if axe in _AXES_KEPT
                }
            )
            if axes:
                priority["priorites_transversales"] = CommentedSeq(axes)
                priority["priorites_transversales"].fa.set_flow_style()
            if pilier in _PILIERS:
                origin = f"pilier « {pilier} »"
            else:
                origin = f"axe local « {pilier} »" + ("" if axis else ", absent de axes_locaux")
            add_eol(
                priority,
                "id",
                f"proposition : à revoir avec les partenaires ({origin} du contrat 2015-2023)",
            )
            add_eol(
                priority,
                "libelle",
                "à compléter : objectifs, qpv, priorites_transversales (parmi les huit du "
                "7 novembre 2024)",
            )
            priorities.append(priority)
        self.notes.append(
            f"{len(ids)} priorité(s) locale(s) proposée(s) à partir des piliers : à revoir"
        )
        return priorities

    def _actions(self, actions: CommentedSeq) -> CommentedSeq:
        ids = self._priority_ids()
        for action, plain in zip(actions, self.data["actions"], strict=True):
            rename(action, "pilier", "priorite", ids[plain["pilier"]])
            if "axes_transversaux" in action:
                self._axes(action, plain["axes_transversaux"])
            if "theme_anct" in action:
                remove(action, "theme_anct")
            if plain.get("statut") in ("realisee", "abandonnee"):
                word = "réalisée" if plain["statut"] == "realisee" else "abandonnée"
                add_eol(
                    action,
                    "id",
                    f"à revoir : action {word} du contrat 2015-2023, à reconduire ou à retirer",
                )
            if isinstance(action.get("qpv"), CommentedSeq):
                self._qpv_refs(action["qpv"])
            if isinstance(action.get("indicateurs"), CommentedSeq):
                self._indicateurs(action["indicateurs"])
            if isinstance(action.get("references"), CommentedSeq):
                self._references(action, "references")
        return actions

    def _axes(self, action: CommentedMap, axes: list[str]) -> None:
        dropped = [a for a in axes if a not in _AXES_KEPT]
        if len(dropped) == len(axes):
            remove(action, "axes_transversaux")
        else:
            sequence = action["axes_transversaux"]
            for index in reversed(range(len(sequence))):
                if sequence[index] not in _AXES_KEPT:
                    remove(sequence, index)
            rename(action, "axes_transversaux", "priorites_transversales")
        if dropped:
            add_eol(
                action,
                "priorite",
                f"à revoir : axe(s) transversal(aux) de 2015 sans équivalent en 2024 : "
                f"{', '.join(dropped)}",
            )

    def _indicateurs(self, indicateurs: CommentedSeq) -> None:
        for index, indicateur in enumerate(indicateurs):
            year = indicateur.get("annee_cible")
            if "cible" in indicateur:
                pairs: list[tuple[str, Any]] = [("valeur", indicateur["cible"])]
                if year is not None:
                    pairs.append(("annee", year))
                replace(indicateur, "cible", _flow_map(*pairs))
            elif year is not None:
                add_eol(indicateurs, index, f"à compléter : cible (valeur visée en {year})")
            if "annee_cible" in indicateur:
                remove(indicateur, "annee_cible")
            if "valeur_reference" in indicateur:
                replace(
                    indicateur,
                    "valeur_reference",
                    _flow_map(("valeur", indicateur["valeur_reference"])),
                )
                add_eol(indicateurs, index, "à compléter : année de la valeur de référence")
            else:
                add_eol(indicateurs, index, "à compléter : valeur_reference (valeur, annee)")

    # references: successors across generations ---------------------------------------------
    def _step(self, reference: str) -> tuple[str | None, str | None]:
        """The next id of a reference (None: it stays) and what to tell about it."""
        candidates = [s.reference for s in self.successions.get(reference, ())]
        if not candidates:
            item = self.catalogue.find_item(reference)
            if item is None or not item.retired:
                return None, None
            referentiel_id = reference.partition(":")[0]
            candidates = [s if ":" in s else f"{referentiel_id}:{s}" for s in item.successeurs]
            if not candidates:
                return None, "retiré sans successeur"
        if reference in self.choices:
            chosen = self.choices[reference]
            if chosen not in candidates:
                raise UsageError(
                    f"--choisir {reference}={chosen} : ce n'est pas un successeur "
                    f"(successeurs : {', '.join(candidates)})"
                )
            return chosen, None
        if len(candidates) == 1:
            return candidates[0], None
        return None, (
            f"plusieurs successeurs pour {reference} ({', '.join(candidates)}) : choisissez "
            f"avec --choisir {reference}=SUCCESSEUR"
        )

    def resolve(self, reference: str) -> tuple[str, list[str]]:
        """The reference to write and the reasons to review it."""
        current, seen = reference, {reference}
        while True:
            following, note = self._step(current)
            if following is None or following in seen:
                break
            seen.add(following)
            current = following
        notes = [note] if note else []
        referentiel_id = current.partition(":")[0]
        newest = self.catalogue.get(referentiel_id)
        if newest is None:
            notes.append("référentiel inconnu")
        elif OLD_GENERATION in newest.generations and NEW_GENERATION not in newest.generations:
            notes.append(f"référentiel de la génération {OLD_GENERATION}")
        elif self.catalogue.find_item(current) is None:
            notes.append("item inconnu de son référentiel")
        return current, notes

    def _references(self, node: CommentedMap, key: str) -> None:
        """Rewrite the references of a list (or one reference) at key, with their comments."""
        value = node[key]
        places: list[tuple[Node, Key]] = (
            [(value, i) for i in range(len(value))] if isinstance(value, CommentedSeq) else []
        )
        if not places:
            places = [(node, key)]
        replaced: list[str] = []
        review: dict[str, list[str]] = {}
        written = []
        for holder, where in places:
            old = str(holder[where])
            new, notes = self.resolve(old)
            written.append(new)
            for note in notes:
                review.setdefault(note, []).append(new)
            if new != old:
                replaced.append(f"{old} → {new}")
                replace(holder, where, new)
        if isinstance(value, CommentedSeq):
            _drop_repeats(value, written)
        if replaced:
            add_eol(node, key, "remplacé : " + ", ".join(replaced))
        for note, references in review.items():
            named = [r for r in dict.fromkeys(references) if r not in note]
            add_eol(node, key, f"à revoir : {note}" + (f" ({', '.join(named)})" if named else ""))
            if "--choisir" in note:
                self.notes.append(note)

    def _exclusions(self, exclusions: CommentedSeq) -> CommentedSeq:
        for index, exclusion in enumerate(exclusions):
            self._references(exclusion, "reference")
            add_eol(exclusions, index, "à revoir : exclusion motivée pour le contrat 2015-2023")
        return exclusions

    def _referentiels(self, declared: object) -> CommentedSeq | None:
        """Keep the référentiels of the new generation; the old ones go to the history."""
        if not isinstance(declared, CommentedSeq):
            return None
        old: list[str] = []
        for index in reversed(range(len(declared))):
            entry = str(declared[index])
            newest = self.catalogue.get(entry.partition("@")[0])
            if newest is None:
                add_eol(declared, index, "à revoir : référentiel inconnu")
            elif OLD_GENERATION in newest.generations and NEW_GENERATION not in newest.generations:
                old.insert(0, entry)
                remove(declared, index)
        if old:
            self.history.append(
                f"Référentiels suivis par le contrat précédent : {', '.join(old)} (génération "
                f"{OLD_GENERATION})"
            )
        if not declared:
            self.notes.append(
                "les référentiels de la génération 2015-2023 ne sont plus déclarés : le contrat "
                "suit les référentiels nationaux 2024-2030 en vigueur"
            )
            return None
        return declared

    # gouvernance and participation ----------------------------------------------------------
    def _participation(self, gouvernance: object) -> CommentedMap | None:
        if not isinstance(gouvernance, CommentedMap):
            return None
        conseils = gouvernance.get("conseils_citoyens")
        if not isinstance(conseils, CommentedSeq):
            return None
        for conseil, plain in zip(
            conseils, self.data["gouvernance"]["conseils_citoyens"], strict=True
        ):
            if "reconnu_le" in conseil:
                self.history.append(
                    f"{plain['nom']} : reconnu par arrêté préfectoral le {plain['reconnu_le']}"
                )
                remove(conseil, "reconnu_le")
            self._qpv_refs(conseil["qpv"])
        _clear_tail(conseils)
        remove(gouvernance, "conseils_citoyens")
        participation = CommentedMap([("conseils_citoyens", conseils)])
        add_eol(
            participation,
            "conseils_citoyens",
            "à revoir : un conseil citoyen par QPV de la géographie 2024",
        )
        return participation

    def _gouvernance(self, gouvernance: CommentedMap) -> None:
        plain = self.data["gouvernance"]
        if "evaluation_mi_parcours" in gouvernance:
            evaluation = plain["evaluation_mi_parcours"]
            document = evaluation.get("document")
            self.history.append(
                f"Évaluation à mi-parcours du contrat précédent : {evaluation['date']}"
                + (f" ({document})" if document else "")
            )
            remove(gouvernance, "evaluation_mi_parcours")
        if "comite_pilotage" in gouvernance:
            rename(gouvernance, "comite_pilotage", "instance_pilotage")
            instance = gouvernance["instance_pilotage"]
            if "derniere_reunion" in instance:
                add_eol(instance, "derniere_reunion", "à revoir : réunion du contrat précédent")
            add_eol(
                gouvernance,
                "instance_pilotage",
                "à compléter : nom, membres, representants_conseils_citoyens",
            )

    def _volets(self) -> None:
        labels = {"culture": "Volet culture", "sport": "Volet sport"}
        for key, volet in (self.data.get("volets") or {}).items():
            document = volet.get("document")
            self.history.append(
                f"{labels[key]} du contrat précédent adopté le {volet['adopte_le']}"
                + (f" ({document})" if document else "")
            )


def write_new_file(target: Path, text: str) -> None:
    """Write a new file in one rename (a temporary file in its folder, then os.replace)."""
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
