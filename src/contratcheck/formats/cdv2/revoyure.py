"""The 2027 review of a format-2 contract, from the contract alone: indicators per priority,
each signatory's means, the CPO share, the annual reports, and what the texts say of the review.

The national part (texts published since the signature, schemes still cited after their end) needs
the coverage: the engine adds it (``coverage.revoyure``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from contratcheck.formats.cdv2.checks import actualisation_due
from contratcheck.formats.cdv2.dates import PartialDate, add_month
from contratcheck.model import (
    ConsultationSuivie,
    CpoARenouveler,
    CpoSuivi,
    EngagementSignataire,
    FaitRevoyure,
    IndicateurSuivi,
    LigneMoyen,
    PartCpoAnnee,
    PrioriteSuivie,
    RapportSuivi,
    Revoyure,
    Valeur,
)

if TYPE_CHECKING:
    from contratcheck.formats.cdv2.view import ContratV2, Rapport

# No national instruction sets the year: the circulaire of 31 August 2023 names 2027.
DEFAULT_YEAR = 2027
NATURES = {
    "avenant": "Avenant",
    "actualisation": "Actualisation",
    "non-actualisation": "Décision de ne pas actualiser",
}
NATURES_MOYENS = (("droit_commun", "Droit commun"), ("credits_specifiques", "Crédits spécifiques"))
AVIS = {
    "favorable": "favorable",
    "defavorable": "défavorable",
    "reserves": "avec réserves",
    "sans-avis": "sans avis",
}
CATEGORIES = {
    "etat": "État",
    "epci": "EPCI",
    "commune": "commune",
    "departement": "département",
    "region": "région",
    "bailleur": "bailleur social",
    "caf": "CAF",
    "france-travail": "France Travail",
    "banque-des-territoires": "Banque des Territoires",
    "bpifrance": "Bpifrance",
    "chambre-consulaire": "chambre consulaire",
    "protection-sociale": "protection sociale",
    "sem": "SEM",
    "enseignement-superieur": "enseignement supérieur",
    "autorite-mobilite": "autorité des mobilités",
    "gip": "GIP",
    "association": "association",
    "entreprise": "entreprise",
    "autre": "autre",
}

# shared/domain-2024.md §9 « The 2027 review » (sources: its §13).
_E1 = "https://irev.fr/actualites-0/futurs-contrats-de-ville-une-circulaire-precise-les-conditions-delaboration"
_E6 = "https://pqn-a.fr/fr/actualites/articles/article-contrats-de-ville-et-participation-citoyenne"
_E12 = "https://unionhabitat-hautsdefrance.org/?p=24252"
_E16 = "https://irev.fr/node/238215"
_E21 = (
    "https://villes-et-territoires.fr/quartier-2023-synthese-des-ressources-pratiques-a-"
    "lelaboration-des-nouveaux-contrats-de-ville"
)
_E22 = (
    "https://cidefe.fr/2023/09/21/le-gouvernement-precise-le-calendrier-et-le-contenu-des-"
    "prochains-contrats-de-ville/"
)
_E27 = (
    "https://www.lagazettedescommunes.com/1021435/nouveaux-contrats-de-villes-un-bilan-a-mi-"
    "parcours-en-demi-teinte"
)
_E33 = "https://www.villesdefrance.fr/ondes_urbaines.php?o=83&id=592"
FAITS = (
    FaitRevoyure(
        "Date",
        "La circulaire du 31 août 2023 prévoit une revoyure des contrats en 2027.",
        "confirme",
        (_E1, _E22),
    ),
    FaitRevoyure(
        "Fondement",
        "Le contrat peut être actualisé tous les trois ans si les parties en conviennent "
        "(décret n° 2024-1037, art. 1er), par un avenant que signent toutes les parties ; le "
        "décret ne nomme pas l'avenant : c'est une déduction de l'accord des parties.",
        "infere",
        (_E6,),
    ),
    FaitRevoyure(
        "Conventions pluriannuelles",
        "Une évaluation à mi-parcours précède une nouvelle période de conventions "
        "pluriannuelles d'objectifs de trois ans pour les trois dernières années du contrat.",
        "confirme",
        (_E21,),
    ),
    FaitRevoyure(
        "Calendrier observé",
        "En janvier 2026, l'évaluation à mi-parcours était sur le point de commencer, dans un "
        "contexte budgétaire contraint.",
        "confirme",
        (_E27,),
    ),
    FaitRevoyure(
        "Suivi annuel",
        "Une rencontre annuelle par contrat sur des indicateurs pragmatiques (circulaire du "
        "7 novembre 2024), un suivi annuel et une rencontre régionale (instruction du 4 janvier "
        "2024), un rapport annuel (CGCT, art. L. 1111-2).",
        "confirme",
        (_E16, _E12, _E33),
    ),
    FaitRevoyure(
        "Non établi",
        "Aucune instruction nationale sur la revoyure de 2027 n'a été trouvée : ni son "
        "calendrier, ni sa méthode, ni une liste nationale d'indicateurs. Cette page ne les "
        "suppose pas ; elle rassemble ce que le contrat et les textes connus permettent de "
        "mesurer.",
        "non-trouve",
    ),
)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _dated(raw: object) -> tuple[Valeur | None, int | None]:
    """A ``valeur_datee`` (or a bare value): the value and its year."""
    if isinstance(raw, dict):
        value = raw.get("valeur")
        year = raw.get("annee")
        return (value if isinstance(value, int | float | str) else None), (
            int(year) if isinstance(year, int) else None
        )
    if isinstance(raw, int | float | str) and not isinstance(raw, bool):
        return raw, None
    return None, None


def follow_indicator(origine: str, raw: dict[str, Any], at: dt.date) -> IndicateurSuivi:
    """Baseline, target, the latest value measured by ``at``, the gap and the progress."""
    reference, reference_year = _dated(raw.get("valeur_reference"))
    cible, cible_year = _dated(raw.get("cible"))
    measured = [
        v
        for v in _list(raw.get("valeurs"))
        if isinstance(v, dict) and isinstance(v.get("annee"), int) and v["annee"] <= at.year
    ]
    latest = max(measured, key=lambda v: int(v["annee"])) if measured else None
    derniere, derniere_year = _dated(latest) if latest else (None, None)
    base, target, last = _number(reference), _number(cible), _number(derniere)
    ecart = round(target - last, 1) if target is not None and last is not None else None
    progression = None
    if base is not None and target is not None and last is not None and target != base:
        progression = round(100 * (last - base) / (target - base), 1)
    unite = raw.get("unite")
    return IndicateurSuivi(
        origine=origine,
        libelle=str(raw["libelle"]),
        unite=str(unite) if unite else None,
        reference=reference,
        reference_annee=reference_year,
        cible=cible,
        cible_annee=cible_year,
        derniere=derniere,
        derniere_annee=derniere_year,
        ecart=ecart,
        progression=progression,
    )


def _priorities(c: ContratV2, data: dict[str, Any], at: dt.date) -> tuple[PrioriteSuivie, ...]:
    by_priority: dict[str | None, list[IndicateurSuivi]] = {p.id: [] for p in c.priorites}
    for action, ref in zip(c.actions, c.action_priorites, strict=True):
        key = ref.value if ref is not None and ref.value in by_priority else None
        raw = data["actions"][action.index]
        for indicateur in _list(raw.get("indicateurs")):
            by_priority.setdefault(key, []).append(follow_indicator(action.id, indicateur, at))
    evaluation = _map(data.get("evaluation"))
    for line in _list(evaluation.get("indicateurs_locaux")):
        key = line.get("priorite")
        key = key if key in by_priority else None
        for indicateur in _list(line.get("indicateurs")):
            by_priority.setdefault(key, []).append(
                follow_indicator("indicateur local", indicateur, at)
            )
    found = [PrioriteSuivie(p.id, p.libelle, tuple(by_priority[p.id])) for p in c.priorites]
    if by_priority.get(None):
        found.append(PrioriteSuivie(None, "Sans priorité", tuple(by_priority[None])))
    return tuple(found)


def _national(c: ContratV2, data: dict[str, Any], at: dt.date) -> tuple[IndicateurSuivi, ...]:
    found = []
    for line in _list(_map(data.get("evaluation")).get("indicateurs_nationaux")):
        ref = str(line.get("qpv", ""))
        quartier = c.quartier(ref)
        origine = quartier.label if quartier else ref
        for indicateur in _list(line.get("indicateurs")):
            found.append(follow_indicator(origine, indicateur, at))
    return tuple(found)


def _lines(raw: dict[str, Any]) -> tuple[LigneMoyen, ...]:
    lines = []
    for key, nature in NATURES_MOYENS:
        for line in _list(raw.get(key)):
            objet = " — ".join(str(line[k]) for k in ("dispositif", "objet") if line.get(k))
            realise = line.get("realise")
            lines.append(
                LigneMoyen(
                    nature,
                    int(line["annee"]),
                    float(line["montant"]),
                    None if realise is None else float(realise),
                    objet,
                )
            )
    return tuple(sorted(lines, key=lambda line: (line.annee, line.nature)))


def _engagements(
    c: ContratV2, data: dict[str, Any]
) -> tuple[tuple[EngagementSignataire, ...], tuple[str, ...]]:
    engagements = []
    committed: set[int] = set()
    for raw in _list(data.get("moyens")):
        ref = str(raw["signataire"])
        signataire = c.signataire(ref)
        if signataire is not None:
            committed.add(id(signataire))
        categorie = signataire.categorie if signataire else None
        humains = raw.get("moyens_humains")
        engagements.append(
            EngagementSignataire(
                signataire=signataire.nom if signataire else ref,
                categorie=CATEGORIES.get(categorie, categorie) if categorie else None,
                lignes=_lines(raw),
                moyens_humains=str(humains) if humains else None,
                engagements=tuple(str(e) for e in _list(raw.get("engagements"))),
            )
        )
    without = tuple(s.nom for s in c.signataires if id(s) not in committed)
    return tuple(engagements), without


def _cpo(data: dict[str, Any]) -> CpoSuivi | None:
    raw = data.get("cpo")
    if not isinstance(raw, dict):
        return None
    parts = []
    for line in _list(raw.get("parts")):
        total, multi = line.get("conventions"), line.get("conventions_pluriannuelles")
        part = _number(line.get("part"))
        if part is None and isinstance(total, int) and isinstance(multi, int) and total > 0:
            part = round(100 * multi / total, 1)
        parts.append(
            PartCpoAnnee(
                int(line["annee"]),
                total if isinstance(total, int) else None,
                multi if isinstance(multi, int) else None,
                part,
            )
        )
    renewals = [
        CpoARenouveler(
            str(line["beneficiaire"]),
            str(line["objet"]) if line.get("objet") else None,
            str(line["fin"]) if line.get("fin") else None,
            _number(line.get("montant_annuel")),
        )
        for line in _list(raw.get("a_renouveler"))
    ]
    return CpoSuivi(
        float(raw.get("objectif_part", 50)),
        tuple(sorted(parts, key=lambda p: p.annee)),
        tuple(sorted(renewals, key=lambda r: (r.fin or "9999", r.beneficiaire))),
    )


def _short_of_a_month(consulted: PartialDate | None, adopted: PartialDate | None) -> bool | None:
    """Whether the conseil had less than a month before the adoption (None: cannot tell)."""
    if consulted is None or adopted is None:
        return None
    if not (consulted.earliest and consulted.latest and adopted.earliest and adopted.latest):
        return None
    if add_month(consulted.latest) <= adopted.earliest:
        return False
    if add_month(consulted.earliest) > adopted.latest:
        return True
    return None


def _report(c: ContratV2, rapport: Rapport, raw: dict[str, Any]) -> RapportSuivi:
    adopted = rapport.adopte_le
    consultations = []
    raw_consultations = _list(raw.get("conseils_citoyens_consultes"))
    for consultation, raw_consultation in zip(
        rapport.consultations or (), raw_consultations, strict=False
    ):
        conseil = c.conseil(consultation.conseil_citoyen)
        consulted = consultation.consulte_le
        delay = None
        if consulted and consulted.exact and adopted and adopted.exact:
            delay = (adopted.exact - consulted.exact).days
        avis = raw_consultation.get("avis")
        consultations.append(
            ConsultationSuivie(
                conseil=conseil.nom if conseil else consultation.conseil_citoyen,
                consulte_le=consulted.french() if consulted else None,
                delai_jours=delay,
                moins_d_un_mois=_short_of_a_month(consulted, adopted),
                avis=AVIS.get(avis, avis) if avis else None,
            )
        )
    consulted_refs = [x.conseil_citoyen for x in rapport.consultations or ()]
    missing = tuple(
        conseil.nom
        for conseil in c.conseils_citoyens
        if not any(conseil.matches(ref) for ref in consulted_refs)
    )
    return RapportSuivi(
        annee=rapport.annee,
        present=True,
        echeance=dt.date(rapport.annee + 1, 12, 31).isoformat(),
        en_retard=False,
        adopte_le=adopted.french() if adopted else None,
        consultations=tuple(consultations),
        non_consultes=missing if rapport.consultations is not None else (),
        avis_annexes=rapport.avis_annexes,
        publie=rapport.publie,
    )


def _reports(c: ContratV2, data: dict[str, Any], at: dt.date) -> tuple[RapportSuivi, ...]:
    """One line per past year of the contract: its report, or its absence."""
    raws = _list(data.get("rapports_annuels"))
    by_year = {r.annee: (r, raws[i]) for i, r in enumerate(c.rapports)}
    found = []
    for year in range(c.debut.year, at.year):
        if year in by_year:
            found.append(_report(c, *by_year[year]))
            continue
        due = dt.date(year + 1, 12, 31)
        found.append(RapportSuivi(year, False, due.isoformat(), at > due, None))
    return tuple(found)


def build_revoyure(c: ContratV2, at: dt.date) -> Revoyure:
    """The review as the contract states it at ``at`` (the national part comes later)."""
    data: dict[str, Any] = c.document.data
    clause = _map(_map(data.get("periode")).get("clause_revoyure"))
    year = clause.get("annee")
    engagements, without = _engagements(c, data)
    signed = c.signed_by()
    return Revoyure(
        annee=int(year) if isinstance(year, int) else DEFAULT_YEAR,
        clause_prevue=c.clause_revoyure,
        clause=str(clause["texte"]) if clause.get("texte") else None,
        actualisation_due=actualisation_due(c).isoformat(),
        actes=tuple((NATURES[a.nature], a.date.french()) for a in c.actes),
        signature=signed.isoformat() if signed else None,
        priorites=_priorities(c, data, at),
        indicateurs_nationaux=_national(c, data, at),
        engagements=engagements,
        sans_moyens=without,
        cpo=_cpo(data),
        rapports=_reports(c, data, at),
        faits=FAITS,
    )
