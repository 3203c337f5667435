"""The summary of a format-1 contract that the reports print (identity, period, actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from contratcheck.formats.cdv1.calendar import legal_end, v1
from contratcheck.formats.view import Contrat, parse_event_date
from contratcheck.model import ActionSummary, ContratSummary

PILIERS = {
    "cohesion-sociale": "Cohésion sociale",
    "cadre-de-vie": "Cadre de vie et renouvellement urbain",
    "developpement-economique": "Développement économique et emploi",
    "transversal": "Transversal",
}

_NATURES = {"perr": "PERR"}


def summarise(contrat: Contrat, today: dt.date) -> ContratSummary:
    """The plain summary of a contract that the reports print."""
    data: dict[str, Any] = v1(contrat).document.data
    fin_legale, fin_legale_texte = legal_end(contrat, today)
    identity = data["contrat"]
    porteur = identity["porteur"]
    initial = identity.get("porteur_initial")
    local = {axis.id: axis.libelle for axis in v1(contrat).axes_locaux}
    actions = []
    for action in contrat.actions:
        raw = data["actions"][action.index]
        actions.append(
            ActionSummary(
                id=action.id,
                titre=action.titre,
                axe=action.axe,
                axe_libelle=PILIERS.get(action.axe) or local.get(action.axe, action.axe),
                statut=action.statut,
                pilote=action.pilote,
                echeance=action.echeance.isoformat() if action.echeance else None,
                qpv=action.qpv,
                references=tuple(r.value for r in action.references),
                financement=tuple(
                    (line["financeur"], float(line["montant"]))
                    for line in raw.get("financement", [])
                ),
                indicateurs=tuple(
                    (i["libelle"], str(i.get("cible", ""))) for i in raw.get("indicateurs", [])
                ),
                line=action.position.line,
            )
        )
    periode = data["periode"]
    return ContratSummary(
        porteur=porteur["nom"],
        porteur_code=porteur.get("siren") or porteur.get("code_insee") or "",
        porteur_initial=initial["nom"] if initial else None,
        code_cv=identity.get("code_cv"),
        communes=tuple((c.code_insee, c.nom) for c in contrat.communes),
        qpv=tuple((q.code or "", q.nom) for q in contrat.qpv),
        signature=parse_event_date(periode["signature"]).french()
        if "signature" in periode
        else None,
        debut=periode["debut"],
        fin=periode["fin"],
        fin_legale=fin_legale.isoformat(),
        fin_legale_texte=fin_legale_texte,
        avenants=tuple(
            (_NATURES.get(a.nature, a.nature), a.date.french(), a.objet)
            for a in v1(contrat).avenants
        ),
        actions=tuple(actions),
        exclusions=tuple((e.reference, e.motif, e.jusqu_au_texte) for e in contrat.exclusions),
        axe_titre="Pilier",
    )
