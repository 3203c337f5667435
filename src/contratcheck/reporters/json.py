"""The JSON report (``--format json``), described by schemas/rapport.schema.json."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Iterator
from typing import Any

from contratcheck.model import (
    ContratResult,
    Finding,
    ItemCoverage,
    ReferentielCoverage,
    Report,
    Severity,
    StatusCounts,
)

FORMAT = "contratcheck-rapport/1"


def _counts(counts: StatusCounts) -> dict[str, Any]:
    return {
        "couvertes": counts.couvertes,
        "partielles": counts.partielles,
        "obsoletes": counts.obsoletes,
        "manquantes": counts.manquantes,
        "exclues": counts.exclues,
        "comptables": counts.comptables,
        "pourcentage": counts.pourcentage,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "gravite": finding.severity.value,
        "message": finding.message,
        "fichier": finding.file,
        "ligne": finding.position.line,
        "colonne": finding.position.column,
        "chemin": [str(p) if isinstance(p, str) else p for p in finding.path],
        "conseil": finding.hint,
        "empreinte": finding.fingerprint,
    }


def _item(item: ItemCoverage) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "id_domaine": item.id_domaine,
        "libelle": item.libelle,
        "axe": item.axe,
        "statut": item.status.value,
        "raison": item.reason,
        "force": item.info.force,
        "confiance": item.confiance,
        "successeurs": list(item.successeurs),
        "actions": [
            {
                "id": a.id,
                "titre": a.titre,
                "statut": a.statut,
                "pilote": a.pilote,
                "echeance": a.echeance,
                "indicateurs": a.indicateurs,
                "ligne": a.position.line,
            }
            for a in item.actions
        ],
    }


def _referentiel(coverage: ReferentielCoverage) -> dict[str, Any]:
    return {
        "id": coverage.id,
        "version": coverage.version,
        "titre": coverage.titre,
        "items_identifies": coverage.items_identifies,
        "items_annonces": coverage.items_annonces,
        "completude": coverage.completude,
        "couverture": _counts(coverage.counts),
        "axes": [
            {"id": a.id, "libelle": a.libelle, "type": a.type, "couverture": _counts(a.counts)}
            for a in coverage.axes
        ],
        "items": [_item(i) for i in coverage.items],
        "non_declinables": list(coverage.non_declinables),
    }


def _result(result: ContratResult) -> dict[str, Any]:
    return {
        "fichier": result.file,
        "nom": result.nom,
        "valide": result.valide,
        "evalue_au": result.evalue_au,
        "sha256": result.sha256,
        "referentiels": [_referentiel(r) for r in result.referentiels],
        "actions_locales": [
            {"id": a.id, "titre": a.titre, "ligne": a.position.line} for a in result.actions_locales
        ],
        "constats": [_finding(f) for f in result.findings],
        "ignores_par_commentaire": result.ignores,
        "connus_de_la_baseline": result.connus,
    }


def _summary(report: Report) -> dict[str, Any]:
    findings = report.findings()
    return {
        "fichiers": len(report.results),
        "fichiers_ignores": list(report.fichiers_ignores),
        "fichiers_valides": sum(1 for r in report.results if r.valide),
        "constats": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
    }


def build(report: Report) -> dict[str, Any]:
    """Return the report as plain data (the JSON document before serialisation)."""
    return {
        "format": FORMAT,
        "outil": {"nom": "contratcheck", "version": report.version},
        "date_verification": report.date,
        "resume": _summary(report),
        "fichiers": [_result(r) for r in report.results],
    }


def render_chunks(report: Report) -> Iterator[str]:
    """The JSON report in pieces, the same text as ``json.dumps(build(report), indent=2)``.

    Each file is serialised on its own so that a batch of hundreds of contracts never holds
    the whole document in memory (it tripled the peak memory of a 500-file run).
    """
    head = build(dataclasses.replace(report, results=()))
    head["resume"] = _summary(report)
    head_text = json.dumps(head, ensure_ascii=False, indent=2)
    if not report.results:
        yield head_text + "\n"
        return
    yield head_text.removesuffix("[]\n}") + "[\n"
    for index, result in enumerate(report.results):
        text = textwrap.indent(json.dumps(_result(result), ensure_ascii=False, indent=2), "    ")
        yield text + (",\n" if index < len(report.results) - 1 else "\n")
    yield "  ]\n}\n"


def render(report: Report, color: bool = False) -> str:
    """Return the JSON report as text."""
    return "".join(render_chunks(report))
