"""Rules of the « couverture » family (CC4xx): référentiel items the contract does not cover."""

from __future__ import annotations

from collections.abc import Iterator

from contratcheck.formats.view import ROOT
from contratcheck.model import Status
from contratcheck.rules.base import E, Hit, W, rule
from contratcheck.rules.context import Context

HINT = "citez-le dans les « references » d'une action, ou excluez-le avec un motif"


def gap_hits(ctx: Context, status: Status) -> Iterator[Hit]:
    """One hit per item at this status, at the declaration of its référentiel (or the actions)."""
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
        yield Hit(
            path,
            f"{coverage.reference} ({coverage.libelle}) : {status.label} — {coverage.reason}",
            HINT,
            position=position,
        )


@rule("CC401", "item-manquant", E, "couverture")
def check_missing_items(ctx: Context) -> Iterator[Hit]:
    """Un item national n'est servi par aucune action.

    Chaque item comptable d'un référentiel suivi doit être servi par une action vivante ou
    exclu avec un motif. Pourquoi : c'est la question que pose le comité de pilotage.

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
    et un indicateur avec une cible n'est que partiellement couvert.

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
    retiré, ou retiré depuis la version suivie, est obsolète.

    Exemple conforme :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: realisee, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}
    """
    return gap_hits(ctx, Status.OBSOLETE)


RULES = (check_missing_items, check_partial_items, check_obsolete_items)
