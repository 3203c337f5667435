"""The summary of a format-2 contract that the reports print (identity, period, actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from contratcheck.formats.cdv2.checks import legal_end, v2
from contratcheck.formats.cdv2.revoyure import build_revoyure
from contratcheck.formats.view import Contrat
from contratcheck.model import ActionSummary, ContratSummary

_NATURES = {
    "avenant": "Avenant",
    "actualisation": "Actualisation",
    "non-actualisation": "Décision de ne pas actualiser",
}


def _cible(indicateur: dict[str, Any]) -> str:
    cible = indicateur.get("cible")
    if isinstance(cible, dict):
        value = str(cible.get("valeur", ""))
        return f"{value} en {cible['annee']}" if cible.get("annee") else value
    return "" if cible is None else str(cible)


def summarise(contrat: Contrat, today: dt.date) -> ContratSummary:
    """The plain summary of a contract that the reports print."""
    c = v2(contrat)
    data: dict[str, Any] = c.document.data
    labels = {p.id: p.libelle for p in c.priorites}
    fin_legale, fin_legale_texte = legal_end(c, today)
    actions = []
    for action in c.actions:
        raw = data["actions"][action.index]
        actions.append(
            ActionSummary(
                id=action.id,
                titre=action.titre,
                axe=action.axe,
                axe_libelle=labels.get(action.axe, action.axe or "Sans priorité"),
                statut=action.statut,
                pilote=action.pilote,
                echeance=action.echeance.isoformat() if action.echeance else None,
                qpv=action.qpv,
                references=tuple(r.value for r in action.references),
                financement=tuple(
                    (line["financeur"], float(line["montant"]))
                    for line in raw.get("financement", [])
                ),
                indicateurs=tuple((i["libelle"], _cible(i)) for i in raw.get("indicateurs", [])),
                line=action.position.line,
            )
        )
    periode = data["periode"]
    porteur = data["contrat"]["porteur"]
    return ContratSummary(
        porteur=porteur["nom"],
        porteur_code=porteur.get("siren") or porteur.get("code_insee") or "",
        porteur_initial=None,
        code_cv=None,
        communes=tuple((commune.code_insee, commune.nom) for commune in c.communes),
        qpv=tuple((q.code or "", q.nom) for q in c.quartiers),
        signature=None if c.signature is None else c.signature.text,
        debut=periode["debut"],
        fin=periode["fin"],
        fin_legale=fin_legale.isoformat(),
        fin_legale_texte=fin_legale_texte,
        avenants=tuple((_NATURES[a.nature], a.date.text, _objet(data, a.path)) for a in c.actes),
        actions=tuple(actions),
        exclusions=tuple((e.reference, e.motif, e.jusqu_au_texte) for e in c.exclusions),
        axe_titre="Priorité",
        revoyure=build_revoyure(c, today),
    )


def _objet(data: dict[str, Any], path: tuple[str | int, ...]) -> str:
    _, key, index = path
    return str(data["periode"][key][index].get("objet", ""))
