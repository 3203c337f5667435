"""Text and JSON views of the référentiels: list, show, diff, validate."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from contratcheck.french import french_date, plural
from contratcheck.model import Finding, completeness
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.diff import Diff
from contratcheck.referentiels.model import Item, Referentiel


def _status(referentiel: Referentiel, catalogue: Catalogue, today: dt.date) -> str:
    in_force = catalogue.in_force(referentiel.id, today)
    if referentiel.version > today.isoformat():
        return "à venir"
    if in_force is referentiel:
        return "en vigueur"
    return f"remplacé par {in_force.key}" if in_force else "remplacé"


def _summary(referentiel: Referentiel, catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    current = referentiel.current_items()
    return {
        "id": referentiel.id,
        "version": referentiel.version,
        "titre": referentiel.titre,
        "nature": referentiel.nature,
        "generations": list(referentiel.generations),
        "statut": _status(referentiel, catalogue, today),
        "fichier": referentiel.file.rsplit("/", 1)[-1],
        "items_identifies": len(current),
        "items_annonces": referentiel.items_annonces,
        "items_retires": len(referentiel.items) - len(current),
        "completude": completeness(
            len(current), referentiel.items_annonces, referentiel.unite, referentiel.unite_feminin
        ),
        "items": [
            {"id": i.id, "id_domaine": i.id_domaine, "numero_officiel": i.numero_officiel}
            for i in current
        ],
        "axes": {
            kind: [a.id for a in referentiel.axes if a.type == kind]
            for kind in dict.fromkeys(a.type for a in referentiel.axes)
        },
    }


def render_list(catalogue: Catalogue, today: dt.date, fmt: str) -> str:
    rows = [
        _summary(r, catalogue, today) for rid in catalogue.ids() for r in catalogue.versions[rid]
    ]
    if fmt == "json":
        document = {
            "date": today.isoformat(),
            "referentiels": rows,
            "termes_perimes": len(catalogue.terms),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [f"Référentiels au {french_date(today)}", ""]
    # Newest generation first; référentiels of no generation (nomenclatures, local lists) last.
    groups = sorted({g for row in rows for g in row["generations"]}, reverse=True)
    for group in [*groups, None]:
        members = [
            r
            for r in rows
            if (group in r["generations"]) or (group is None and not r["generations"])
        ]
        if not members:
            continue
        lines.append(f"Contrats {group}" if group else "Autres référentiels")
        lines.append("")
        for row in members:
            retired = f", {plural(row['items_retires'], 'retiré')}" if row["items_retires"] else ""
            lines.append(f"{row['id']}@{row['version']}  {row['statut']}")
            lines.append(f"  {row['titre']}")
            lines.append(f"  {row['completude']}{retired}")
            lines.append("")
    lines.append(f"{len(catalogue.terms)} termes périmés suivis (CGET, Pôle emploi, MSAP…)")
    return "\n".join(lines) + "\n"


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "reference": item.reference,
        "id_domaine": item.id_domaine,
        "libelle": item.libelle,
        "axe": item.axe,
        "confiance": item.confiance,
        "numero_officiel": item.numero_officiel,
        "declinable_localement": item.declinable_localement,
        "equivalents": list(item.equivalents),
        "depuis": item.depuis.isoformat() if item.depuis else None,
        "force": {
            "niveau": item.force.niveau,
            "texte": item.force.texte,
            "sources": [s.key for s in item.force.sources],
            "par_defaut": item.force.par_defaut,
        },
        "retire_le": item.retire_le,
        "successeurs": list(item.successeurs),
        "sources": [{"adresse": s.adresse, "page": s.page} for s in item.sources],
    }


def render_show(referentiel: Referentiel, fmt: str) -> str:
    if fmt == "json":
        document = {
            "id": referentiel.id,
            "version": referentiel.version,
            "titre": referentiel.titre,
            "description": referentiel.description,
            "note": referentiel.note,
            "signataires": list(referentiel.signataires),
            "items_annonces": referentiel.items_annonces,
            "axes": [
                {
                    "id": a.id,
                    "libelle": a.libelle,
                    "type": a.type,
                    "parent": a.parent,
                    "parent_confiance": a.parent_confiance,
                    "alias": list(a.alias),
                }
                for a in referentiel.axes
            ],
            "items": [_item(i) for i in referentiel.items],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{referentiel.key} — {referentiel.titre}"]
    if referentiel.description:
        lines.append(referentiel.description)
    if referentiel.signataires:
        lines.append("Signataires : " + " ; ".join(referentiel.signataires))
    if referentiel.note:
        lines.append("Note : " + referentiel.note)
    lines.append("")
    for axis in referentiel.axes:
        parent = ""
        if axis.parent:
            inferred = ", rattachement inféré" if axis.parent_confiance == "infere" else ""
            parent = f" (dans {axis.parent}{inferred})"
        alias = f" — aussi « {' », « '.join(axis.alias)} »" if axis.alias else ""
        lines.append(f"[{axis.type}] {axis.libelle}{parent}{alias}")
        for item in (i for i in referentiel.items if i.axe == axis.id):
            marks = []
            if item.confiance == "infere":
                marks.append("inféré")
            if item.numero_officiel is not None:
                marks.append(f"mesure n° {item.numero_officiel}")
            if not item.declinable_localement:
                marks.append("non déclinable localement")
            if item.retired:
                marks.append(
                    f"retiré le {item.retire_le}, remplacé par {', '.join(item.successeurs)}"
                )
            suffix = f" ({'; '.join(marks)})" if marks else ""
            code = f" [{item.id_domaine}]" if item.id_domaine else ""
            lines.append(f"  {item.reference}{code} — {item.libelle}{suffix}")
            for source in item.sources:
                page = f", p. {source.page}" if source.page else ""
                lines.append(f"      source : {source.adresse}{page}")
        lines.append("")
    return "\n".join(lines)


def render_diff(diff: Diff, fmt: str) -> str:
    if fmt == "json":
        document = {
            "avant": diff.avant.key,
            "apres": diff.apres.key,
            "ajoutes": [i.reference for i in diff.ajoutes],
            "retires": [
                {"reference": i.reference, "successeurs": list(i.successeurs)} for i in diff.retires
            ],
            "supprimes": [i.reference for i in diff.supprimes],
            "relibelles": [
                {"id": r.id, "avant": r.avant, "apres": r.apres} for r in diff.relibelles
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [f"De {diff.avant.key} à {diff.apres.key}"]
    for title, entries in (
        ("Ajoutés", [f"+ {i.reference} — {i.libelle}" for i in diff.ajoutes]),
        (
            "Retirés",
            [f"- {i.reference} → {', '.join(i.successeurs) or '—'}" for i in diff.retires],
        ),
        ("Supprimés (à éviter)", [f"! {i.reference}" for i in diff.supprimes]),
        (
            "Libellés modifiés",
            [f"~ {r.id} : « {r.avant} » → « {r.apres} »" for r in diff.relibelles],
        ),
    ):
        lines.append(f"{title} : {len(entries)}")
        lines.extend(f"  {e}" for e in entries)
    return "\n".join(lines) + "\n"


def render_validation(findings: list[Finding], files: int, fmt: str) -> str:
    if fmt == "json":
        document = {
            "fichiers": files,
            "constats": [
                {
                    "code": f.code,
                    "gravite": f.severity.value,
                    "message": f.message,
                    "fichier": f.file,
                    "ligne": f.position.line,
                    "colonne": f.position.column,
                }
                for f in findings
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{f.file}:{f.position.line}:{f.position.column}: {f.severity.value} {f.code} {f.message}"
        for f in findings
    ]
    verdict = "aucun problème" if not findings else plural(len(findings), "constat")
    checked = plural(files, "fichier de référentiel vérifié", "fichiers de référentiel vérifiés")
    lines.append(f"{checked} : {verdict}")
    return "\n".join(lines) + "\n"
