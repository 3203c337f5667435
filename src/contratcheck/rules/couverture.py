"""Rules of the « couverture » family (CC4xx): référentiel items the contract does not cover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from contratcheck.formats.view import ROOT
from contratcheck.french import french_date, percent
from contratcheck.model import Severity, Status
from contratcheck.rules.base import E, Hit, W, rule
from contratcheck.rules.context import Context

HINTS = {
    Status.MANQUANTE: "citez-le dans les « references » d'une action, ou excluez-le avec un motif",
    Status.PARTIELLE: "complétez l'une de ces actions : un pilote, une échéance et un indicateur "
    "avec une cible",
    Status.OBSOLETE: "citez l'item en vigueur à la place de l'identifiant retiré, ou mettez à "
    "jour l'échéance et le statut des actions échues",
}
# The force of an item sets the severity of its gap (DESIGN §2).
SEVERITIES = {"obligatoire": Severity.ERREUR, "attendu": Severity.AVERTISSEMENT}


def gap_hits(ctx: Context, status: Status) -> Iterator[Hit]:
    """One hit per item at this status, at the declaration of its référentiel (or the actions).

    Its severity follows the item's force: obligatoire → erreur, attendu → avertissement,
    au-choix → info.
    """
    for gap in ctx.rating.gaps:
        coverage = gap.coverage
        if coverage.status is not status:
            continue
        selected = gap.selected
        if selected.declared:
            path, position = ROOT / "referentiels", selected.position
        else:
            path = ROOT / "actions"
            position = ctx.contrat.key_position(path)
        severity = SEVERITIES.get(gap.item.force.niveau, Severity.INFO)
        later = _after_signature(ctx, gap.item.depuis)
        yield Hit(
            path,
            f"{coverage.reference} ({coverage.libelle}) : {status.label} — {coverage.reason}"
            + (f" ; texte du {french_date(later)}, postérieur à la signature" if later else ""),
            "à intégrer lors de l'actualisation du contrat" if later else HINTS[status],
            position=position,
            severity=Severity.INFO if later else severity,
        )


def _after_signature(ctx: Context, since: dt.date | None) -> dt.date | None:
    """The item's date when a text published after the contract's signature set it.

    A signed contract cannot carry a requirement published after it: until its update (the
    2027 review), the gap is an info, listed in the coverage tables and the review report.
    """
    signed = ctx.contrat.signed_by()
    return since if since and signed and since > signed else None


@rule("CC401", "item-manquant", E, "couverture")
def check_missing_items(ctx: Context) -> Iterator[Hit]:
    """Un item national n'est servi par aucune action.

    Chaque item comptable d'un référentiel suivi doit être servi par une action vivante ou
    exclu avec un motif. Pourquoi : c'est la question que pose le comité de pilotage.
    La gravité suit la force de l'item : « obligatoire » (loi, décret) donne une erreur,
    « attendu » (circulaire, instruction) un avertissement, « au-choix » (une mesure d'un menu
    national, que le territoire retient ou non) une info. Pour faire échouer une CI sous un taux
    de couverture, voyez « --couverture-min » (CC404).

    Exemple conforme :
        referentiels: [dijon]
        actions:
          - id: A1
            titre: Programme d'ensemble
            pilier: transversal
            statut: en-cours
            pilote: EPCI
            calendrier: {echeance: 2022-12-31}
            indicateurs: [{libelle: Réalisations, cible: 10}]
            references: [dijon:developpement-economique-emploi, dijon:mobilites, dijon:habitat-renouvellement-urbain, dijon:education, dijon:sante, dijon:securite-justice]

    Exemple en défaut :
        referentiels: [dijon]
    """
    return gap_hits(ctx, Status.MANQUANTE)


@rule("CC402", "item-partiel", W, "couverture")
def check_partial_items(ctx: Context) -> Iterator[Hit]:
    """Un item n'est servi que par des actions incomplètes.

    Un item servi par des actions vivantes dont aucune n'a à la fois un pilote, une échéance
    et un indicateur avec une cible n'est que partiellement couvert ; le message dit ce qui
    manque à chaque action. La gravité suit la force de l'item, comme pour CC401.

    Exemple conforme :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, pilote: Mission locale, calendrier: {echeance: 2022-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, references: [paqte:alternance]}
    """
    return gap_hits(ctx, Status.PARTIELLE)


@rule("CC403", "item-obsolete", W, "couverture")
def check_obsolete_items(ctx: Context) -> Iterator[Hit]:
    """Un item n'est servi que par une référence ou action périmée.

    Un item servi seulement par des actions échues et non réalisées, ou par un identifiant
    retiré, ou retiré depuis la version suivie, est obsolète. La gravité suit la force de
    l'item, comme pour CC401.

    Exemple conforme :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: realisee, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}
    """
    return gap_hits(ctx, Status.OBSOLETE)


@rule("CC404", "couverture-insuffisante", E, "couverture")
def check_coverage_minimum(ctx: Context) -> Iterator[Hit]:
    """La couverture d'un référentiel est sous le seuil fixé par le dépôt.

    Avec « --couverture-min ID=N » (ou la clé « couverture_min » de la configuration), la
    vérification échoue quand moins de N % des items comptables du référentiel ID sont
    couverts (les items exclus ne comptent pas) ; N tout juste atteint passe. Pourquoi : les
    items « au-choix » ne font jamais échouer une vérification ; chaque dépôt choisit sa barre,
    comme « fail_under » de coverage.py.

    Exemple conforme (--couverture-min paqte=0) :
        referentiels: [paqte]

    Exemple en défaut (--couverture-min paqte=50) :
        referentiels: [paqte]
    """
    for coverage in ctx.rating.coverages:
        minimum = ctx.coverage_min.get(coverage.id)
        if minimum is None:
            continue
        rate = coverage.counts.pourcentage
        if rate is None or rate >= minimum:
            continue
        selected = ctx.links.selected.get(coverage.id)
        declared = selected is not None and selected.declared
        path = ROOT / "referentiels" if declared else ROOT / "actions"
        yield Hit(
            path,
            f"couverture de « {coverage.id} » : {percent(rate)}, sous le seuil de "
            f"{percent(minimum)} fixé par --couverture-min",
            "servez d'autres items de ce référentiel, ou revoyez le seuil du dépôt",
            position=selected.position if selected and declared else None,
        )


RULES = (check_missing_items, check_partial_items, check_obsolete_items, check_coverage_minimum)
