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


def read_qpv_list(path: Path) -> QpvList:
    """Read the CSV list; raise a French usage error when it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"liste des QPV illisible : {path} ({error.strerror})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "code_qp" not in fields:
        raise UsageError(
            f"liste des QPV {path} : colonne « code_qp » absente (colonnes lues : "
            f"{', '.join(fields) or 'aucune'})"
        )
    communes: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for row in reader:
        row = {(k or "").strip(): (v or "") for k, v in row.items()}
        code = row["code_qp"].strip()
        if not code:
            continue
        cells = row.get("insee_com", "").replace(",", ";").split(";")
        communes.setdefault(code, set()).update(normalise_insee(c) for c in cells if c.strip())
        names.setdefault(code, row.get("lib_qp", "").strip())
    if not communes:
        raise UsageError(f"liste des QPV {path} : aucune ligne lue")
    return QpvList(str(path), {k: frozenset(v) for k, v in communes.items()}, names)
