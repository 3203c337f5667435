"""The JSON report (``--format json``), described by schemas/rapport.schema.json."""

from __future__ import annotations

import json
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
        "sha256": result.sha256,
        "referentiels": [_referentiel(r) for r in result.referentiels],
        "actions_locales": [
            {"id": a.id, "titre": a.titre, "ligne": a.position.line} for a in result.actions_locales
        ],
        "constats": [_finding(f) for f in result.findings],
        "ignores_par_commentaire": result.ignores,
        "connus_de_la_baseline": result.connus,
    }


def build(report: Report) -> dict[str, Any]:
    """Return the report as plain data (the JSON document before serialisation)."""
    findings = report.findings()
    return {
        "format": FORMAT,
        "outil": {"nom": "contratcheck", "version": report.version},
        "date_verification": report.date,
        "resume": {
            "fichiers": len(report.results),
            "fichiers_ignores": list(report.fichiers_ignores),
            "fichiers_valides": sum(1 for r in report.results if r.valide),
            "constats": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
        },
        "fichiers": [_result(r) for r in report.results],
    }


def render(report: Report, color: bool = False) -> str:
    """Return the JSON report as text."""
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
