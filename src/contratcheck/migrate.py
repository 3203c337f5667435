"""Move a contract to a newer référentiel version: retired ids become their successors.

The rewrite is surgical: the loader gives the exact line and column of every id, so only those
characters change. Comments, key order, quoting, indentation, wrapping, BOM and line endings stay
as they were, and the diff touches only the edited lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.loading.document import load_document
from contratcheck.model import Position
from contratcheck.referentiels.catalogue import Catalogue, parse_key
from contratcheck.referentiels.model import Referentiel

_BOM = "\ufeff"
# The line ends libyaml counts (positions are given in these lines), kept as they are.
_LINE_END = re.compile("(\r\n|\r|\n)")


@dataclass(frozen=True)
class Edit:
    """Replace the scalar ``old`` at a position by ``new``."""

    position: Position
    old: str
    new: str


@dataclass(frozen=True)
class Migration:
    """The outcome of a migration: the new text, the edits, and what to tell the user."""

    original: str
    migrated: str
    edits: tuple[Edit, ...]
    notes: tuple[str, ...]

    def diff(self, name: str) -> str:
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.migrated.splitlines(keepends=True),
            fromfile=f"{name} (actuel)",
            tofile=f"{name} (migré)",
        )
        return "".join(lines)


def _successor(
    reference: str,
    target: Referentiel,
    choices: dict[str, str],
) -> str | None:
    """The id that replaces a retired reference in the target version (None: keep it)."""
    referentiel_id, _, item_id = reference.partition(":")
    seen: set[str] = set()
    current = item_id
    while True:
        item = target.item(current)
        if item is None or not item.retired or current in seen:
            break
        seen.add(current)
        qualified = f"{referentiel_id}:{current}"
        successors = [s.partition(":")[2] if ":" in s else s for s in item.successeurs]
        if qualified in choices:
            chosen = choices[qualified].partition(":")[2] or choices[qualified]
            if chosen not in successors:
                named = ", ".join(f"{referentiel_id}:{s}" for s in successors)
                raise UsageError(
                    f"--choisir {qualified}={choices[qualified]} : ce n'est pas un successeur "
                    f"(successeurs : {named})"
                )
            current = chosen
        elif len(successors) == 1:
            current = successors[0]
        elif not successors:
            return None
        else:
            named = ", ".join(f"{referentiel_id}:{s}" for s in successors)
            raise UsageError(
                f"« {qualified} » a plusieurs successeurs ({named}) : choisissez avec "
                f"--choisir {qualified}=SUCCESSEUR"
            )
    return None if current == item_id else f"{referentiel_id}:{current}"


def _apply(text: str, edits: list[Edit]) -> str:
    # Even items are lines, odd ones the line ends between them (LF, CRLF or CR alone).
    parts = _LINE_END.split(text)
    lines = parts[0::2]
    for edit in sorted(edits, key=lambda e: (e.position.line, -e.position.column)):
        row = edit.position.line - 1
        start = edit.position.column - 1
        line = lines[row] if row < len(lines) else ""
        quote = line[start : start + 1]
        offset = 1 if quote in ("'", '"') else 0
        found = line[start + offset : start + offset + len(edit.old)]
        if found != edit.old:
            raise UsageError(
                f"ligne {edit.position.line} : « {edit.old} » introuvable à la colonne "
                f"{edit.position.column} ; le fichier ne peut pas être réécrit sans risque"
            )
        cut = start + offset
        lines[row] = line[:cut] + edit.new + line[cut + len(edit.old) :]
    parts[0::2] = lines
    return "".join(parts)


def plan_migration(
    raw: bytes, name: str, catalogue: Catalogue, target_key: str, choices: dict[str, str]
) -> Migration:
    """Compute the migrated text of a contract; raise a usage error when it is not safe."""
    target = parse_key(target_key, catalogue)
    target_key = target.key  # « chaine » and « chaine@ » are its newest version
    document, findings = load_document(raw, name)
    if document is None:
        first = findings[0]
        raise UsageError(
            f"{name}:{first.position.line}:{first.position.column} : {first.message} ; "
            "le fichier ne peut pas être réécrit sans risque"
        )
    text = document.text
    data = document.data
    edits: list[Edit] = []
    notes: list[str] = []
    declared = data.get("referentiels")
    if isinstance(declared, list):
        for index, entry in enumerate(declared):
            ours = isinstance(entry, str) and entry.partition("@")[0] == target.id
            if ours and entry != target_key:
                edits.append(Edit(document.position(("referentiels", index)), entry, target_key))
    else:
        notes.append(
            "le contrat ne déclare pas de « referentiels » : il suit déjà la version en vigueur"
        )
    places: list[tuple[tuple[str | int, ...], str]] = []
    for number, action in enumerate(data.get("actions") or []):
        if isinstance(action, dict):
            for index, reference in enumerate(action.get("references") or []):
                places.append((("actions", number, "references", index), reference))
    for number, exclusion in enumerate(data.get("exclusions") or []):
        if isinstance(exclusion, dict) and "reference" in exclusion:
            places.append((("exclusions", number, "reference"), exclusion["reference"]))
    for path, reference in places:
        if not isinstance(reference, str) or reference.partition(":")[0] != target.id:
            continue
        successor = _successor(reference, target, choices)
        if successor is None:
            item = target.item(reference.partition(":")[2])
            if item is not None and item.retired:
                notes.append(f"« {reference} » est retiré sans successeur : à traiter à la main")
            continue
        edits.append(Edit(document.position(path), reference, successor))
    return Migration(text, _apply(text, edits) if edits else text, tuple(edits), tuple(notes))


def write_atomically(path: Path, raw_original: bytes, text: str) -> list[str]:
    """Replace a contract with its migrated text in one rename; return notes for the user.

    Keeps its BOM, owner, group and mode; writes through a symbolic link to its target;
    refuses a read-only file and one that changed since it was read.
    """
    from contratcheck.writing import refuse_read_only
    from contratcheck.writing import write_atomically as write

    payload = ((_BOM if raw_original.startswith(b"\xef\xbb\xbf") else "") + text).encode("utf-8")
    refuse_read_only(path)
    return write(path, [payload], expected=raw_original)
