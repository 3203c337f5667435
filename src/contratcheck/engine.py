"""Paths → Report: read each contract, validate it, align it. Never prints."""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from contratcheck import __version__
from contratcheck.alignment import align
from contratcheck.contrat import read_contrat
from contratcheck.document import load_document
from contratcheck.errors import UsageError
from contratcheck.model import ContratResult, Finding, Position, Report, Severity
from contratcheck.qpv_list import QpvList
from contratcheck.referentiels import Catalogue
from contratcheck.rules import RULES
from contratcheck.schema import check_schema

STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input to check: a path, or standard input under a display name."""

    name: str
    path: Path | None


def expand_paths(arguments: Iterable[str], stdin_name: str = "<stdin>") -> list[Source]:
    """Turn files, directories and glob patterns into the list of files to check."""
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(Source(stdin_name, None))
            continue
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            sources.extend(Source(str(p), p) for p in found)
            continue
        if path.exists():
            sources.append(Source(argument, path))
            continue
        if glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if matches:
                sources.extend(Source(m, Path(m)) for m in matches if Path(m).is_file())
                continue
            raise UsageError(f"aucun fichier ne correspond au motif « {argument} »")
        raise UsageError(f"fichier introuvable : « {argument} »")
    return sources


def _read(source: Source) -> bytes | Finding:
    try:
        if source.path is None:
            return sys.stdin.buffer.read()
        return source.path.read_bytes()
    except OSError as error:
        rule = RULES["CC112"]
        reason = error.strerror or str(error)
        return Finding(
            "CC112",
            rule.severity,
            f"fichier illisible : {reason}",
            source.name,
            Position(1, 1),
        )


def check_bytes(
    raw: bytes, name: str, catalogue: Catalogue, today: dt.date, qpv_list: QpvList | None = None
) -> ContratResult:
    """Check one contract given as bytes."""
    digest = hashlib.sha256(raw).hexdigest()
    document, findings = load_document(raw, name)
    if document is None:
        return ContratResult(name, tuple(sorted(findings, key=Finding.sort_key)), sha256=digest)
    findings.extend(check_schema(document))
    if any(f.severity is Severity.ERREUR for f in findings):
        return ContratResult(
            name,
            tuple(sorted(findings, key=Finding.sort_key)),
            nom=_name(document.data),
            sha256=digest,
        )
    contrat = read_contrat(document)
    alignment = align(contrat, catalogue, today, qpv_list)
    findings.extend(alignment.findings)
    return ContratResult(
        file=name,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        nom=contrat.nom,
        valide=True,
        referentiels=alignment.referentiels,
        actions_locales=alignment.actions_locales,
        sha256=digest,
    )


def _name(data: dict[str, object]) -> str | None:
    contrat = data.get("contrat")
    if isinstance(contrat, dict) and isinstance(contrat.get("nom"), str):
        return str(contrat["nom"])
    return None


def check_sources(
    sources: list[Source], catalogue: Catalogue, today: dt.date, qpv_list: QpvList | None = None
) -> Report:
    """Check every source; unreadable files are findings, so the batch goes on."""
    results = []
    for source in sources:
        raw = _read(source)
        if isinstance(raw, Finding):
            results.append(ContratResult(source.name, (raw,)))
            continue
        results.append(check_bytes(raw, source.name, catalogue, today, qpv_list))
    return Report(date=today.isoformat(), version=__version__, results=tuple(results))
