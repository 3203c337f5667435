"""Rules of the « références » family (CC3xx): the référentiels a contract declares, the
references its actions cite, its exclusions, and its actions' own consistency."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from contratcheck.formats.view import Action, Path
from contratcheck.french import french_date
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.rules.base import E, Hit, N, W, rule
from contratcheck.rules.context import Context


def unknown_reference(catalogue: Catalogue, reference: str, path: Path) -> Hit:
    """The CC301 finding for a reference that names no known item."""
    referentiel_id = reference.partition(":")[0]
    if referentiel_id in catalogue.versions:
        candidates = [r for r in catalogue.all_references() if r.startswith(referentiel_id + ":")]
    else:
        candidates = catalogue.all_references()
    close = difflib.get_close_matches(reference, candidates, n=1, cutoff=0.6)
    suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
    what = "item" if referentiel_id in catalogue.versions else "référentiel"
    return Hit(
        path,
        f"référence « {reference} » inconnue ({what} introuvable){suggestion}",
        "contratcheck referentiels show ID liste les items d'un référentiel",
    )


@rule("CC301", "reference-inconnue", E, "references")
def check_unknown_references(ctx: Context) -> Iterator[Hit]:
    """Une référence ne désigne aucun item connu.

    Vérifie que chaque identifiant cité par une action ou une exclusion existe dans un
    référentiel chargé, et propose le plus proche. Pourquoi : une faute de frappe ferait croire
    qu'un item est servi.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [paqte:alternanse]}
    """
    for citation in ctx.links.citations:
        if citation.item is None:
            yield unknown_reference(
                ctx.catalogue, citation.reference.value, citation.reference.path
            )
    for exclusion in ctx.links.exclusions:
        if exclusion.state == "inconnue":
            reference = exclusion.exclusion.reference
            yield unknown_reference(
                ctx.catalogue, reference, exclusion.exclusion.path / "reference"
            )


@rule("CC302", "reference-retiree", W, "references")
def check_retired_references(ctx: Context) -> Iterator[Hit]:
    """Une référence désigne un item retiré.

    Signale, à sa ligne, chaque usage d'un identifiant retiré et nomme ses successeurs.
    « contratcheck migrate » les remplace.

    Exemple conforme (format 2) :
        actions:
          - {id: A1, titre: Cité éducative, priorite: P1, statut: en-cours, references: [programmes2024:cites-educatives]}

    Exemple en défaut (format 2) :
        actions:
          - {id: A1, titre: Cité de l'emploi, priorite: P1, statut: en-cours, references: [programmes2024:cites-de-l-emploi]}
    """
    for citation in ctx.links.citations:
        if citation.item is not None and citation.retired:
            named = ", ".join(f"« {s} »" for s in citation.successors)
            replaced = f"remplacé par {named}" if named else "sans successeur"
            yield Hit(
                citation.reference.path,
                f"« {citation.reference.value} » est retiré ; {replaced}",
                "contratcheck migrate réécrit les références retirées",
            )


@rule("CC303", "referentiel-inconnu", E, "references")
def check_unknown_referentiels(ctx: Context) -> Iterator[Hit]:
    """Un référentiel déclaré est inconnu.

    Vérifie que chaque entrée de « referentiels » désigne un référentiel (et une version)
    chargé ; « contratcheck referentiels list » les énumère.

    Exemple conforme :
        referentiels: [paqte@2018-07-17]

    Exemple en défaut :
        referentiels: [paqte@2017-01-01]
    """
    for link in ctx.links.declarations:
        declaration = link.declaration
        if not link.known_id:
            known = ctx.catalogue.ids()
            close = difflib.get_close_matches(declaration.referentiel, known, n=1)
            suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            yield Hit(
                declaration.path,
                f"référentiel « {declaration.referentiel} » inconnu{suggestion}",
                "référentiels connus : " + ", ".join(known),
            )
        elif link.followed is None:
            versions = ctx.catalogue.versions[declaration.referentiel]
            listed = ", ".join(r.key for r in versions)
            yield Hit(
                declaration.path,
                f"version « {declaration.text} » inconnue ; versions connues : {listed}",
            )


@rule("CC304", "referentiel-version-ancienne", W, "references")
def check_outdated_versions(ctx: Context) -> Iterator[Hit]:
    """Le contrat suit une version remplacée.

    Signale un contrat aligné sur une version plus ancienne que celle en vigueur à la date de
    vérification ; seuls les items retirés depuis deviennent obsolètes.

    Exemple conforme (format 2) :
        referentiels: [cadre2024]

    Exemple en défaut (format 2) :
        referentiels: [cadre2024@2023-08-31]
    """
    for link in ctx.links.declarations:
        followed, in_force = link.followed, link.in_force
        if followed is not None and in_force is not None and followed.date < in_force.date:
            yield Hit(
                link.declaration.path,
                f"le contrat suit « {followed.key} », remplacé par « {in_force.key} » "
                f"depuis le {french_date(in_force.date)}",
                f"contratcheck migrate FICHIER --vers {in_force.key}",
            )


@rule("CC305", "exclusion-expiree", W, "references")
def check_expired_exclusions(ctx: Context) -> Iterator[Hit]:
    """Une exclusion a dépassé sa date d'expiration.

    Vérifie la date « jusqu_au » des exclusions : expirée, l'exclusion ne vaut plus et l'item
    compte de nouveau.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Reporté après le diagnostic., jusqu_au: 2022-12-31}]

    Exemple en défaut :
        exclusions: [{reference: paqte:alternance, motif: Reporté après le diagnostic., jusqu_au: 2020-12-31}]
    """
    for link in ctx.links.exclusions:
        if link.state == "expiree":
            exclusion = link.exclusion
            assert exclusion.jusqu_au is not None
            yield Hit(
                exclusion.path / "jusqu_au",
                f"l'exclusion de « {exclusion.reference} » a expiré le "
                f"{french_date(exclusion.jusqu_au)} : l'item compte de nouveau",
                "prolongez l'exclusion avec un nouveau motif, ou servez l'item",
            )


@rule("CC306", "exclusion-et-action", N, "references")
def check_excluded_but_served(ctx: Context) -> Iterator[Hit]:
    """Un item exclu est pourtant servi par une action.

    Signale un item à la fois exclu et servi par une action vivante : l'exclusion l'emporte,
    mais l'une des deux est sans doute à revoir.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]

    Exemple en défaut :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: prevue, references: [paqte:alternance]}
    """
    for conflict in ctx.rating.conflicts:
        reference = conflict.exclusion.reference
        yield Hit(
            conflict.exclusion.path / "reference",
            f"« {reference} » est exclu mais servi par l'action « {conflict.action.id} » : "
            "l'exclusion l'emporte",
            "retirez l'exclusion si le contrat décline finalement cet item",
        )


@rule("CC307", "action-id-duplique", E, "references")
def check_duplicate_action_ids(ctx: Context) -> Iterator[Hit]:
    """Deux actions portent le même identifiant.

    Vérifie que chaque fiche action a un identifiant unique dans le contrat.

    Exemple conforme :
        actions:
          - {id: A1, titre: Première, pilier: cohesion-sociale, statut: prevue}
          - {id: A2, titre: Seconde, pilier: cohesion-sociale, statut: prevue}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Première, pilier: cohesion-sociale, statut: prevue}
          - {id: A1, titre: Seconde, pilier: cohesion-sociale, statut: prevue}
    """
    seen: dict[str, Action] = {}
    for action in ctx.contrat.actions:
        first = seen.setdefault(action.id, action)
        if first is not action:
            yield Hit(
                action.path / "id",
                f"l'identifiant d'action « {action.id} » est déjà utilisé ligne "
                f"{first.position.line}",
            )


@rule("CC308", "reference-non-declinable", N, "references")
def check_national_only(ctx: Context) -> Iterator[Hit]:
    """Une action cite un item non déclinable.

    Signale une action qui cite une mesure nationale qu'aucune action locale ne peut servir
    (gouvernance nationale, crédits nationaux) : elle n'entre pas dans la couverture.

    Exemple conforme :
        referentiels: [fdr2018@2018-07-18]
        actions:
          - {id: A1, titre: Cité éducative, pilier: cohesion-sociale, statut: prevue, references: [fdr2018:cites-educatives]}

    Exemple en défaut :
        referentiels: [fdr2018@2018-07-18]
        actions:
          - {id: A1, titre: Crédits, pilier: transversal, statut: prevue, references: [fdr2018:credits-sanctuarises]}
    """
    for citation in ctx.links.citations:
        item = citation.item
        if item is not None and not citation.retired and not item.declinable_localement:
            yield Hit(
                citation.reference.path,
                f"« {citation.reference.value} » est une mesure nationale qu'aucune action locale "
                "ne décline : elle n'entre pas dans la couverture",
            )


@rule("CC309", "referentiel-non-declare", W, "references")
def check_undeclared_referentiels(ctx: Context) -> Iterator[Hit]:
    """Une référence vise un référentiel non déclaré.

    Signale une action qui cite un item d'un référentiel absent de « referentiels ».

    Exemple conforme :
        referentiels: [paqte, dijon]
        actions:
          - {id: A1, titre: Bus, pilier: cadre-de-vie, statut: prevue, references: [dijon:mobilites]}

    Exemple en défaut :
        referentiels: [paqte]
        actions:
          - {id: A1, titre: Bus, pilier: cadre-de-vie, statut: prevue, references: [dijon:mobilites]}
    """
    if ctx.contrat.declared is None:
        return
    declared = {link.declaration.referentiel for link in ctx.links.declarations if link.followed}
    for citation in ctx.links.citations:
        item = citation.item
        if item is None or item.referentiel in declared:
            continue
        owner = ctx.catalogue.get(item.referentiel)
        if owner and owner.generations and ctx.contrat.generation not in owner.generations:
            continue  # a référentiel of another generation: its successor is the finding
        yield Hit(
            citation.reference.path,
            f"« {citation.reference.value} » appartient au référentiel « {item.referentiel} », "
            "que le contrat ne déclare pas dans « referentiels »",
            f"ajoutez « {item.referentiel} » à la liste « referentiels »",
        )


@rule("CC310", "action-echue", W, "references")
def check_overdue_actions(ctx: Context) -> Iterator[Hit]:
    """Une action a dépassé son échéance sans être réalisée.

    Signale une action dont l'échéance est passée sans qu'elle soit « realisee » ou
    « abandonnee » : elle ne compte plus pour la couverture.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: realisee, calendrier: {echeance: 2020-12-31}}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en-cours, calendrier: {echeance: 2020-12-31}}
    """
    for action in ctx.contrat.actions:
        if action.is_overdue(ctx.today) and action.echeance is not None:
            yield Hit(
                action.path / "calendrier" / "echeance",
                f"l'action « {action.id} » a dépassé son échéance du "
                f"{french_date(action.echeance)} sans être réalisée : elle ne compte plus",
                "passez son statut à « realisee » ou « abandonnee », ou reportez l'échéance",
            )


@rule("CC311", "qpv-hors-contrat", E, "references")
def check_action_qpv(ctx: Context) -> Iterator[Hit]:
    """Une action cite un QPV absent du contrat.

    Vérifie que les QPV cités par une action figurent dans « contrat.qpv ».

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, qpv: [QP001001]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, qpv: [QP001999]}
    """
    codes = {qpv.code for qpv in ctx.contrat.qpv}
    for action in ctx.contrat.actions:
        for number, code in enumerate(action.qpv):
            if code not in codes:
                yield Hit(
                    action.path / "qpv" / number,
                    f"l'action « {action.id} » cite le QPV {code}, absent de « contrat.qpv »",
                )


@rule("CC312", "dates-incoherentes", E, "references")
def check_reversed_dates(ctx: Context) -> Iterator[Hit]:
    """Une date de fin précède la date de début.

    Vérifie l'ordre des dates d'une action (début, échéance) et de la période du contrat.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, calendrier: {debut: 2021-01-01, echeance: 2022-12-31}}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, calendrier: {debut: 2022-01-01, echeance: 2021-12-31}}
    """
    contrat = ctx.contrat
    if contrat.fin < contrat.debut:
        yield Hit(
            Path(("periode", "fin")),
            f"la fin du contrat, le {french_date(contrat.fin)}, précède son début, le "
            f"{french_date(contrat.debut)}",
            position=contrat.key_position(Path(("periode", "fin"))),
        )
    for action in contrat.actions:
        if action.debut and action.echeance and action.echeance < action.debut:
            yield Hit(
                action.path / "calendrier" / "echeance",
                f"l'échéance de l'action « {action.id} », le {french_date(action.echeance)}, "
                f"précède son début, le {french_date(action.debut)}",
            )


@rule("CC313", "exclusion-dupliquee", W, "references")
def check_twice_excluded(ctx: Context) -> Iterator[Hit]:
    """Un item est exclu deux fois.

    Signale une seconde exclusion du même item ; seule la première compte.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]

    Exemple en défaut :
        exclusions:
          - {reference: paqte:alternance, motif: Écarté par le comité de pilotage.}
          - {reference: paqte:alternance, motif: Écarté une seconde fois par erreur.}
    """
    for link in ctx.links.exclusions:
        if link.state == "doublon":
            reference = link.exclusion.reference
            yield Hit(link.exclusion.path / "reference", f"« {reference} » est exclu deux fois")


RULES = (
    check_unknown_references,
    check_retired_references,
    check_unknown_referentiels,
    check_outdated_versions,
    check_expired_exclusions,
    check_excluded_but_served,
    check_duplicate_action_ids,
    check_national_only,
    check_undeclared_referentiels,
    check_overdue_actions,
    check_action_qpv,
    check_reversed_dates,
    check_twice_excluded,
)
