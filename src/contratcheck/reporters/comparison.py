"""Text and JSON views of a comparison between two versions of a contract."""

from __future__ import annotations

import json

from contratcheck.model import Comparison

_LABELS = {
    "couverte": "couverte",
    "partielle": "partielle",
    "obsolete": "obsolète",
    "manquante": "manquante",
    "exclue": "exclue",
    None: "absente",
}


def render_comparison(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        document = {
            "avant": comparison.avant,
            "apres": comparison.apres,
            "statuts": [
                {"reference": c.reference, "avant": c.avant, "apres": c.apres}
                for c in comparison.statuts
            ],
            "actions_ajoutees": list(comparison.ajoutees),
            "actions_retirees": list(comparison.retirees),
            "couverture": [
                {"id": c.id, "avant": c.avant, "apres": c.apres, "ecart": c.ecart}
                for c in comparison.referentiels
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f} %"

    lines = [f"De {comparison.avant} à {comparison.apres}", "", "Couverture par référentiel :"]
    for change in comparison.referentiels:
        gap = "" if change.ecart is None else f" ({change.ecart:+.0f} points)"
        lines.append(f"  {change.id} : {percent(change.avant)} → {percent(change.apres)}{gap}")
    lines += ["", f"Items dont le statut a changé : {len(comparison.statuts)}"]
    lines += [
        f"  {c.reference} : {_LABELS[c.avant]} → {_LABELS[c.apres]}" for c in comparison.statuts
    ]
    lines += ["", f"Actions ajoutées : {len(comparison.ajoutees)}"]
    lines += [f"  + {a}" for a in comparison.ajoutees]
    lines += [f"Actions retirées : {len(comparison.retirees)}"]
    lines += [f"  - {a}" for a in comparison.retirees]
    return "\n".join(lines) + "\n"
