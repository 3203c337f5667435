"""The official QPV list the ANCT publishes as CSV, supplied by the user (rules CC510, CC511).

Columns used: ``code_qp`` (required), ``insee_com`` and ``lib_qp`` (domain.md §9). Pitfalls
handled (domain.md §8.1): INSEE codes that lost their leading zero (``1053`` for ``01053``),
several communes joined by ``"; "`` in one cell, a QPV listed on several rows.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.formats.cdv1.view import Contrat
from contratcheck.model import Finding
from contratcheck.rules.registry import make_finding


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


def check_qpv_list(contrat: Contrat, qpv_list: QpvList) -> list[Finding]:
    """Every QPV of the contract exists in the list and lies in the contract's communes."""
    findings = []
    contract_communes = {c["code_insee"] for c in contrat.data["contrat"]["communes"]}
    unchecked = [(i, code) for i, code in enumerate(contrat.qpv) if not qpv_list.covers(code)]
    if unchecked:
        index, code = unchecked[0]
        path = ("contrat", "qpv", index, "code")
        codes = ", ".join(c for _, c in unchecked)
        findings.append(
            make_finding(
                "CC512",
                f"la liste des QPV fournie ne contient aucun code de la géographie de {code} : "
                f"{codes} non vérifié(s)",
                contrat.document.name,
                contrat.document.position(path),
                path,
                "fournissez la liste de la géographie du contrat (2015 : QP, 2024 : QN)",
            )
        )
    for index, code in enumerate(contrat.qpv):
        if not qpv_list.covers(code):
            continue
        path = ("contrat", "qpv", index, "code")
        position = contrat.document.position(path)
        if code not in qpv_list.communes:
            close = difflib.get_close_matches(code, list(qpv_list.communes), n=1, cutoff=0.7)
            suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            findings.append(
                make_finding(
                    "CC510",
                    f"le code QPV {code} n'existe pas dans la liste officielle fournie{suggestion}",
                    contrat.document.name,
                    position,
                    path,
                    f"liste : {qpv_list.source}",
                )
            )
            continue
        where = qpv_list.communes[code]
        if where and not where & contract_communes:
            name = qpv_list.names.get(code) or code
            findings.append(
                make_finding(
                    "CC511",
                    f"le QPV {code} ({name}) est situé sur {', '.join(sorted(where))}, "
                    "aucune des communes du contrat",
                    contrat.document.name,
                    position,
                    path,
                    "ajoutez la commune à « contrat.communes » ou corrigez le code",
                )
            )
    return findings
