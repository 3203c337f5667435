"""The official QPV list the ANCT publishes as CSV, supplied by the user (rules CC510, CC511).

Columns used: ``code_qp`` (required), ``insee_com`` and ``lib_qp`` (domain.md §9). Pitfalls
handled (domain.md §8.1): INSEE codes that lost their leading zero (``1053`` for ``01053``),
several communes joined by ``"; "`` in one cell, a QPV listed on several rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.loading.reader import MIB, ReadError, line_column, read_file, refuse_binary

# The official lists (2015: 1 514 QPV, 2024: about 1 600) are a few hundred KiB.
MAX_QPV_BYTES = 16 * MIB
# A cell of the official list (a name, a list of communes) is under a few hundred characters.
MAX_FIELD = 64 * 1024


@dataclass(frozen=True)
class QpvList:
    """QPV codes with their names and communes, as the official list gives them."""

    source: str
    communes: dict[str, frozenset[str]]
    names: dict[str, str]

    def covers(self, code: str) -> bool:
        """Whether the list holds the geography of this code (``QP`` 2015 or ``QN`` 2024)."""
        return any(known.startswith(code[:2]) for known in self.communes)


def normalise_insee(text: str) -> str:
    text = text.strip().upper()
    return text.zfill(5) if text.isdigit() else text


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel exports it."""
    refuse_binary(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        line, column = line_column(raw, error.start)
        raise ReadError(
            f"ni UTF-8 ni Windows-1252 : octet 0x{raw[error.start]:02X} invalide à la position "
            f"{error.start} (ligne {line}, colonne {column})"
        ) from error


def read_qpv_list(path: Path) -> QpvList:
    """Read the CSV list; raise a French usage error when it cannot be used.

    Messages never quote the file: a wrong path may name a private file.
    """
    try:
        text = _decode(read_file(path, MAX_QPV_BYTES))
    except ReadError as error:
        raise UsageError(f"liste des QPV illisible : {path} ({error.reason})") from error
    first = text.partition("\n")[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    previous_limit = csv.field_size_limit(MAX_FIELD)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        return _rows(path, reader)
    except csv.Error as error:
        raise UsageError(
            f"liste des QPV {path}, ligne {reader.line_num + 1} : CSV illisible (guillemet non "
            f"fermé ou cellule de plus de {MAX_FIELD // 1024} Kio)"
        ) from error
    finally:
        csv.field_size_limit(previous_limit)


def _rows(path: Path, reader: csv.DictReader[str]) -> QpvList:
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "code_qp" not in fields:
        raise UsageError(
            f"liste des QPV {path} : colonne « code_qp » absente de la première ligne "
            f"({len(fields)} colonne(s) lue(s)) ; la première ligne doit nommer les colonnes, "
            "dont code_qp, insee_com et lib_qp"
        )
    communes: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for row in reader:
        row = {(k or "").strip(): v if isinstance(v, str) else "" for k, v in row.items()}
        code = row["code_qp"].strip()
        if not code:
            continue
        cells = row.get("insee_com", "").replace(",", ";").split(";")
        communes.setdefault(code, set()).update(normalise_insee(c) for c in cells if c.strip())
        names.setdefault(code, row.get("lib_qp", "").strip())
    if not communes:
        raise UsageError(f"liste des QPV {path} : aucune ligne lue")
    return QpvList(str(path), {k: frozenset(v) for k, v in communes.items()}, names)
