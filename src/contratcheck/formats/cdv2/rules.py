"""The rules of the 2024–2030 contracts (CC520–CC542): calendar, signatories, conseils
citoyens, annual reports, TFPB conventions, priorities, QPV codes, references to the previous
generation and placeholders left unfilled. Their facts and dates: ``checks``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from contratcheck.formats.cdv2 import checks
from contratcheck.formats.cdv2.checks import Problem, v2
from contratcheck.formats.cdv2.names import GENERATION, normalise, unaccented
from contratcheck.formats.view import ROOT, Path
from contratcheck.french import french_date
from contratcheck.rules.base import E, Hit, N, W, rule
from contratcheck.rules.context import Context

PLACEHOLDER = "a completer"


def _hits(problems: Iterable[Problem], ctx: Context, vague: bool = False) -> Iterator[Hit]:
    for problem in problems:
        if problem.vague is vague:
            yield _hit(problem, ctx)


def _hit(problem: Problem, ctx: Context) -> Hit:
    path = problem.path
    position = None
    if not ctx.contrat.has(path):
        position = ctx.contrat.key_position(path, path[:-1] if path else ROOT)
    elif path and isinstance(path[-1], str):
        position = ctx.contrat.key_position(path)
    return Hit(path, problem.message, problem.hint, position=position)


@rule("CC520", "signature-tardive", W, "calendrier")
def check_signature(ctx: Context) -> Iterator[Hit]:
    """Le contrat est signé après l'échéance fixée par les circulaires.

    Les contrats 2024-2030 devaient être signés au plus tard le 31 mars 2024 en métropole
    (circulaire du 31 août 2023) et le 31 décembre 2025 outre-mer (circulaire du 21 mars 2025).
    Échéance d'une circulaire, non d'une loi : avertissement. Vérifié une fois l'échéance passée ;
    une date trop imprécise (« 2024 ») est signalée pour information (CC521).

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        periode: {signature: 2024-04-29, debut: 2024-01-01, fin: 2030-12-31}
    """
    return _hits(checks.signature_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC521", "donnee-trop-imprecise", N, "calendrier")
def check_vague(ctx: Context) -> Iterator[Hit]:
    """Une date ou une donnée est trop imprécise pour juger une échéance.

    Les dates des événements passés peuvent s'écrire AAAA, AAAA-MM, AAAA-MM-JJ ou « inconnue » :
    quand la date connue ne permet pas de dire si une échéance est tenue (signature, délai d'un
    mois avant l'adoption d'un rapport annuel, convention TFPB, signataires d'un avenant),
    contratcheck le dit pour information au lieu de conclure à un manquement.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        periode: {signature: 2024, debut: 2024-01-01, fin: 2030-12-31}
    """
    contrat, today = v2(ctx.contrat), ctx.today
    yield from _hits(checks.signature_problems(contrat, today), ctx, vague=True)
    yield from _hits(checks.acte_signature_problems(contrat, today), ctx, vague=True)
    yield from _hits(checks.consultation_problems(contrat, today), ctx, vague=True)
    yield from _hits(checks.tfpb_signatory_problems(contrat, today), ctx, vague=True)
    yield from _hits(checks.tfpb_convention_problems(contrat, today), ctx, vague=True)


@rule("CC522", "fin-inattendue", W, "calendrier")
def check_end(ctx: Context) -> Iterator[Hit]:
    """La fin du contrat n'est ni le 31 décembre 2029 ni le 31 décembre 2030.

    Les contrats 2024-2030 durent six ans et sont renouvelés à partir du 1er janvier 2030
    (décret n° 2024-1037, art. 1er) ; les textes ne disent pas si la fin est le 31 décembre 2029
    ou le 31 décembre 2030 : les deux sont acceptées, toute autre date est signalée.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2029-12-31}

    Exemple en défaut (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2028-12-31}
    """
    return _hits(checks.end_problems(v2(ctx.contrat)), ctx)


@rule("CC523", "actualisation-manquante", W, "calendrier")
def check_actualisation(ctx: Context) -> Iterator[Hit]:
    """La revoyure n'a donné ni actualisation ni décision de ne pas actualiser.

    Le contrat peut être actualisé tous les trois ans si les parties en conviennent (décret
    n° 2024-1037, art. 1er) ; la circulaire du 31 août 2023 fixe une revoyure en 2027. Après la
    fin de la troisième année du contrat (31 décembre 2027 en métropole ; outre-mer, où le
    contrat commence en 2025, 31 décembre 2028, date déduite), contratcheck attend sous
    « periode.actualisations » une actualisation signée de toutes les parties ou la décision
    de ne pas actualiser.

    Exemple conforme (format 2, --date 2028-03-01) :
        periode:
          signature: 2024-03-22
          debut: 2024-01-01
          fin: 2030-12-31
          actualisations: [{nature: non-actualisation, date: 2027-06-15}]

    Exemple en défaut (format 2, --date 2028-03-01) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}
    """
    return _hits(checks.actualisation_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC524", "avenant-non-signe-par-tous", E, "calendrier")
def check_acte_signatures(ctx: Context) -> Iterator[Hit]:
    """Un avenant ou une actualisation n'est pas signé par toutes les parties.

    Le contrat ne peut être modifié que si les parties en conviennent (décret n° 2024-1037,
    art. 1er) : chaque avenant, et chaque actualisation, porte la signature de chacun des
    signataires du contrat (ceux qui ont signé après l'avenant exceptés). Les signataires
    s'écrivent par leur identifiant (« id ») ou leur nom.

    Exemple conforme (format 2) :
        periode:
          signature: 2024-03-22
          debut: 2024-01-01
          fin: 2030-12-31
          avenants: [{date: 2025-11-20, signataires: [etat, ca, bourg, dep, region]}]

    Exemple en défaut (format 2) :
        periode:
          signature: 2024-03-22
          debut: 2024-01-01
          fin: 2030-12-31
          avenants: [{date: 2025-11-20, signataires: [etat, ca]}]
    """
    return _hits(checks.acte_signature_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC525", "signataire-obligatoire-absent", E, "calendrier")
def check_required_signatories(ctx: Context) -> Iterator[Hit]:
    """L'État, le porteur ou une commune qui a un QPV ne signe pas le contrat.

    La loi du 21 février 2014 (art. 6 I) fait conclure le contrat entre l'État et ses
    établissements publics d'une part, les communes et l'EPCI d'autre part. Les communes sont
    reconnues par le code INSEE de leur signataire (catégorie « commune »), à défaut par leur
    nom ; les communes d'un QPV viennent de « contrat.qpv[].communes ».

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          signataires:
            - {id: etat, nom: Préfecture de l'Ain, categorie: etat, signe_le: 2024-03-22}
            - {id: ca, nom: CA d'exemple, categorie: epci, signe_le: 2024-03-22}
            - {id: dep, nom: Département de l'Ain, categorie: departement, signe_le: 2024-03-22}
            - {id: region, nom: Région Auvergne-Rhône-Alpes, categorie: region, signe_le: 2024-03-22}
    """
    return _hits(checks.required_signatory_problems(v2(ctx.contrat)), ctx)


@rule("CC526", "departement-region-non-signataire", W, "calendrier")
def check_departement_region(ctx: Context) -> Iterator[Hit]:
    """Le département ou la région ne signe pas le contrat.

    La loi (art. 6 I) prévoit la signature du département et de la région, et l'instruction du
    4 janvier 2024 demande aux préfets de la rechercher avec des engagements concrets. Une
    collectivité peut refuser de signer : avertissement.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          signataires:
            - {id: etat, nom: Préfecture de l'Ain, categorie: etat, signe_le: 2024-03-22}
            - {id: ca, nom: CA d'exemple, categorie: epci, signe_le: 2024-03-22}
            - {id: bourg, nom: Ville de Bourg-en-Bresse, categorie: commune, code_insee: "01053", signe_le: 2024-03-22}
    """
    return _hits(checks.departement_region_problems(v2(ctx.contrat)), ctx)


@rule("CC527", "rapport-annuel-manquant", W, "calendrier")
def check_missing_reports(ctx: Context) -> Iterator[Hit]:
    """Le rapport annuel d'une année révolue manque.

    Le maire ou le président de l'EPCI présente chaque année un rapport sur la politique de la
    ville (CGCT, art. L. 1111-2 ; décret n° 2015-1118 du 3 septembre 2015). contratcheck attend
    le rapport sur l'année N au plus tard le 31 décembre de l'année N+1, pour chaque année
    depuis le début du contrat (« rapports_annuels[].annee » est l'année dont il rend compte).

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        rapports_annuels: []
    """
    return _hits(checks.missing_reports(v2(ctx.contrat), ctx.today), ctx)


@rule("CC528", "rapport-annuel-consultation", W, "calendrier")
def check_consultations(ctx: Context) -> Iterator[Hit]:
    """Un conseil citoyen n'a pas eu le projet de rapport annuel un mois avant son adoption.

    Le projet de rapport annuel est soumis, au moins un mois avant son adoption, au conseil
    citoyen de chaque QPV (CGCT, art. L. 1111-2). Chaque conseil de
    « participation.conseils_citoyens » doit figurer dans « conseils_citoyens_consultes » avec
    une date « consulte_le » au moins un mois avant « adopte_le ».

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        rapports_annuels:
          - annee: 2024
            adopte_le: 2025-06-26
            conseils_citoyens_consultes: [{conseil_citoyen: cc-a, consulte_le: 2025-06-12}]
            avis_annexes: true
    """
    return _hits(checks.consultation_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC529", "rapport-annuel-avis-non-annexes", W, "calendrier")
def check_opinions(ctx: Context) -> Iterator[Hit]:
    """Les avis des conseils citoyens ne sont pas annexés au rapport annuel.

    Les avis rendus sur le projet de rapport annuel lui sont annexés (CGCT, art. L. 1111-2) ;
    signalé quand « avis_annexes » vaut false.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        rapports_annuels:
          - annee: 2024
            adopte_le: 2025-06-26
            conseils_citoyens_consultes: [{conseil_citoyen: cc-a, consulte_le: 2025-05-20}]
            avis_annexes: false
    """
    return _hits(checks.opinions_not_annexed(v2(ctx.contrat), ctx.today), ctx)


@rule("CC530", "tfpb-bailleur-non-signataire", E, "calendrier")
def check_tfpb_signatory(ctx: Context) -> Iterator[Hit]:
    """Un bailleur demande l'abattement de TFPB sans être signataire du contrat.

    L'abattement de 30 % de taxe foncière sur les logements sociaux des QPV (impositions 2025 à
    2030) suppose que le bailleur soit signataire du contrat de ville au 1er janvier de l'année
    d'imposition (CGI, art. 1388 bis). « signataire » vaut true, false ou l'identifiant du
    bailleur parmi les signataires (sa date « signe_le » est alors vérifiée) ; sans cette clé,
    le bailleur est cherché par son nom. Vérifié pour les années d'imposition commencées.

    Exemple conforme (format 2) :
        conventions_annexees:
          tfpb: [{bailleur: OPH d'exemple, signataire: true, date_convention: 2024-11-28, annexee: true, annees_fiscales: [2025, 2026]}]

    Exemple en défaut (format 2) :
        conventions_annexees:
          tfpb: [{bailleur: OPH d'exemple, signataire: false, date_convention: 2024-11-28, annexee: true, annees_fiscales: [2025, 2026]}]
    """
    return _hits(checks.tfpb_signatory_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC531", "tfpb-convention-manquante", E, "calendrier")
def check_tfpb_convention(ctx: Context) -> Iterator[Hit]:
    """Un bailleur demande l'abattement de TFPB sans convention annexée à temps.

    L'abattement suppose aussi une convention, signée avec la commune, l'EPCI et le préfet et
    annexée au contrat de ville, sur l'entretien et la gestion du parc (CGI, art. 1388 bis) :
    « date_convention » au plus tard le 1er janvier de chaque année d'imposition et
    « annexee: true ».

    Exemple conforme (format 2) :
        conventions_annexees:
          tfpb: [{bailleur: OPH d'exemple, signataire: true, date_convention: 2024-11-28, annexee: true, annees_fiscales: [2025, 2026]}]

    Exemple en défaut (format 2) :
        conventions_annexees:
          tfpb: [{bailleur: OPH d'exemple, signataire: true, annexee: false, annees_fiscales: [2025, 2026]}]
    """
    return _hits(checks.tfpb_convention_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC532", "conseil-citoyen-manquant", E, "calendrier")
def check_conseils(ctx: Context) -> Iterator[Hit]:
    """Un QPV n'a pas de conseil citoyen.

    La loi du 21 février 2014 (art. 7 I, resté dans la loi après les décrets du 15 novembre
    2024) prévoit un conseil citoyen dans chaque QPV ; le tirage au sort et la reconnaissance
    par le préfet ne sont plus exigés. Un conseil cite ses QPV par code ou par nom.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        participation: {}
        gouvernance: {}
        rapports_annuels: [{annee: 2024, adopte_le: 2025-06-26}]
    """
    return _hits(checks.qpv_without_conseil(v2(ctx.contrat)), ctx)


@rule("CC533", "conseil-citoyen-hors-pilotage", E, "calendrier")
def check_representatives(ctx: Context) -> Iterator[Hit]:
    """Un conseil citoyen n'a pas de représentants dans l'instance de pilotage.

    Des représentants des conseils citoyens participent à toutes les instances de pilotage du
    contrat (loi du 21 février 2014, art. 7 I) : chaque conseil figure sous
    « gouvernance.instance_pilotage.representants_conseils_citoyens ».

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        gouvernance:
          instance_pilotage: {nom: Comité de pilotage}
    """
    return _hits(checks.conseil_without_representative(v2(ctx.contrat)), ctx)


@rule("CC534", "poche-pauvrete-plafond", W, "calendrier")
def check_poche_share(ctx: Context) -> Iterator[Hit]:
    """Une poche de pauvreté dépasse 2,5 % de l'enveloppe départementale.

    Hors QPV, le contrat peut aider à titre exceptionnel des poches de pauvreté, dans la limite
    de 2,5 % de l'enveloppe départementale du programme 147 (circulaire du 31 août 2023).

    Exemple conforme (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          poches_pauvrete: [{nom: Îlot des Vennes, communes: ["01053"], part_enveloppe_p147: 1.5}]

    Exemple en défaut (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          poches_pauvrete: [{nom: Îlot des Vennes, communes: ["01053"], part_enveloppe_p147: 4}]
    """
    return _hits(checks.poche_share_problems(v2(ctx.contrat)), ctx)


@rule("CC535", "poche-pauvrete-hors-communes", W, "calendrier")
def check_poche_communes(ctx: Context) -> Iterator[Hit]:
    """Une poche de pauvreté est hors des communes du contrat.

    Une poche de pauvreté est aidée dans les communes de l'EPCI signataire (circulaire du
    31 août 2023) : ses communes (code INSEE ou nom) sont celles de « contrat.communes ».

    Exemple conforme (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          poches_pauvrete: [{nom: Îlot des Vennes, communes: ["01053"], part_enveloppe_p147: 1.5}]

    Exemple en défaut (format 2) :
        contrat:
          nom: Contrat d'exemple 2024-2030
          porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
          poches_pauvrete: [{nom: Îlot des Vennes, communes: ["01999"], part_enveloppe_p147: 1.5}]
    """
    return _hits(checks.poche_commune_problems(v2(ctx.contrat)), ctx)


@rule("CC536", "priorite-sans-action", W, "calendrier")
def check_priority_actions(ctx: Context) -> Iterator[Hit]:
    """Une priorité locale n'a aucune action.

    Le contrat fixe la nature des actions qui servent ses objectifs (décret n° 2024-1037,
    art. 2) : chaque priorité de « priorites » est servie par au moins une action
    (« actions[].priorite »).

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        priorites:
          - {id: P1, libelle: Emploi, priorites_transversales: [emploi-developpement-economique], objectifs: [Réduire le chômage]}
          - {id: P2, libelle: Santé, objectifs: [Ouvrir un centre de santé]}
    """
    return _hits(checks.priority_without_action(v2(ctx.contrat)), ctx)


@rule("CC537", "priorite-sans-indicateur", W, "calendrier")
def check_priority_indicators(ctx: Context) -> Iterator[Hit]:
    """Une priorité locale n'a aucun indicateur.

    Le contrat fixe des indicateurs (décret n° 2024-1037, art. 2) ; la revoyure de 2027 les
    compare à leur valeur de référence. Une priorité est mesurée par les indicateurs de ses
    actions ou par « evaluation.indicateurs_locaux » qui la nomment.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        actions:
          - {id: A1, titre: Accompagnement vers l'emploi, priorite: P1, statut: en-cours}
    """
    return _hits(checks.priority_without_indicator(v2(ctx.contrat)), ctx)


@rule("CC539", "qpv-mayotte-communal", W, "calendrier")
def check_mayotte(ctx: Context) -> Iterator[Hit]:
    """Un QPV de Mayotte n'est pas l'un des 17 QPV communaux.

    La loi n° 2025-797 du 11 août 2025 fait de chacune des 17 communes de Mayotte un QPV
    jusqu'au 1er janvier 2030, à la place des 42 QPV de la liste de 2025 : après cette date, un
    code « QN976… » qui ne finit pas par « C » est signalé.

    Exemple conforme (format 2, --date 2025-09-01) :
        contrat:
          nom: Contrat de Mamoudzou
          porteur: {nature: commune, nom: Mamoudzou, code_insee: "97611"}
          communes: [{code_insee: "97611", nom: Mamoudzou}]
          qpv: [{code: QN97601C, nom: Mamoudzou}]

    Exemple en défaut (format 2, --date 2025-09-01) :
        contrat:
          nom: Contrat de Mamoudzou
          porteur: {nature: commune, nom: Mamoudzou, code_insee: "97611"}
          communes: [{code_insee: "97611", nom: Mamoudzou}]
          qpv: [{code: QN97601M, nom: Kawéni}]
    """
    return _hits(checks.mayotte_problems(v2(ctx.contrat), ctx.today), ctx)


@rule("CC540", "reference-generation-precedente", W, "references")
def check_previous_generation(ctx: Context) -> Iterator[Hit]:
    """Une action cite un item d'un référentiel de la génération 2015-2023.

    Un contrat 2024-2030 cite les référentiels de sa génération. Quand un item de 2024-2030
    déclare prendre la suite de l'item cité (« succede_a » : Entrepreneuriat Quartiers 2030
    après Entrepreneuriat pour tous, « Les entreprises s'engagent pour les quartiers –
    PaQte » après le PaQte…), le constat nomme ce successeur, à partir de sa date.

    Exemple conforme (format 2) :
        actions:
          - {id: A1, titre: Accompagnement des créateurs, priorite: P1, statut: en-cours, indicateurs: [{libelle: Créateurs accompagnés}], references: [civ2023:entrepreneuriat-quartiers-2030]}

    Exemple en défaut (format 2) :
        actions:
          - {id: A1, titre: Accompagnement des créateurs, priorite: P1, statut: en-cours, indicateurs: [{libelle: Créateurs accompagnés}], references: [fdr2018:entrepreneuriat-pour-tous]}
    """
    for citation in ctx.links.citations:
        item = citation.item
        if item is None:
            continue
        referentiel = ctx.catalogue.get(item.referentiel)
        if referentiel is None or not referentiel.generations:
            continue
        if GENERATION in referentiel.generations:
            continue
        reference = citation.reference.value
        generations = ", ".join(referentiel.generations)
        declared = ctx.catalogue.successors_of(reference)
        current = [(i, s) for i, s in declared if s.date <= ctx.today]
        coming = [(i, s) for i, s in declared if s.date > ctx.today]
        if current:
            named = " ; ".join(
                f"« {item.reference} » depuis le {french_date(s.date)} : {s.texte}"
                for item, s in current
            )
            message = (
                f"« {reference} » est un item de la génération {generations} ; dans un contrat "
                f"2024-2030, lui succède {named}"
            )
            hint = f"citez « {current[0][0].reference} » à la place"
        elif coming:
            item, succession = coming[0]
            message = (
                f"« {reference} » est un item de la génération {generations} ; « "
                f"{item.reference} » lui succédera le {french_date(succession.date)} : "
                f"{succession.texte}"
            )
            hint = f"citez « {item.reference} » à partir de cette date"
        else:
            message = (
                f"« {reference} » est un item de la génération {generations}, qu'aucun item "
                "2024-2030 ne remplace"
            )
            hint = "citez un item d'un référentiel 2024-2030 (contratcheck referentiels list)"
        yield Hit(citation.reference.path, message, hint)


@rule("CC541", "texte-a-completer", N, "calendrier")
def check_placeholders(ctx: Context) -> Iterator[Hit]:
    """Un champ garde le texte « À compléter » du squelette.

    « contratcheck init » écrit « À compléter » là où une information manque ; chaque valeur
    qui le contient encore est signalée pour information.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        priorites:
          - {id: P1, libelle: Priorité à compléter, objectifs: [Réduire le chômage]}
    """
    if not _may_hold_placeholder(ctx.contrat.document.text):
        return
    for path, value in _strings(ctx.contrat.document.data, ROOT):
        if PLACEHOLDER in normalise(value):
            yield Hit(
                path,
                f"valeur laissée à compléter : « {value} »",
                "remplacez ce texte par la valeur réelle",
            )


_PLACEHOLDER_IN_TEXT = re.compile(r"a\s+completer")


def _may_hold_placeholder(text: str) -> bool:
    """One search of the whole text before the values are walked (most contracts stop here).

    A value holds the placeholder only if the file's text does, once accents and case are
    dropped as ``normalise`` drops them (whitespace runs are matched, not collapsed: no list of
    the file's words), unless an escape (« \\ ») writes it differently.
    """
    if "\\" in text:
        return True
    folded = unaccented(text)
    return _PLACEHOLDER_IN_TEXT.search(folded.casefold()) is not None


def _strings(node: object, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path / key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, path / index)


@rule("CC542", "renvoi-inconnu", E, "references")
def check_unresolved(ctx: Context) -> Iterator[Hit]:
    """Une valeur renvoie à un QPV, une priorité, un conseil citoyen ou un signataire absent.

    Les listes de QPV hors de « contrat.qpv » citent un QPV par son code ou son nom ; les
    priorités par leur « id » ; les conseils citoyens et les signataires par leur « id » ou
    leur nom. Un renvoi qui ne désigne rien ferait croire qu'un QPV a son projet, qu'une action
    sert une priorité ou qu'un signataire a signé.

    Exemple conforme (format 2) :
        periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}

    Exemple en défaut (format 2) :
        actions:
          - {id: A1, titre: Accompagnement vers l'emploi, priorite: P9, statut: en-cours, indicateurs: [{libelle: Sorties en emploi}]}
    """
    return _hits(checks.unresolved_problems(v2(ctx.contrat)), ctx)


RULES = (
    check_signature,
    check_vague,
    check_end,
    check_actualisation,
    check_acte_signatures,
    check_required_signatories,
    check_departement_region,
    check_missing_reports,
    check_consultations,
    check_opinions,
    check_tfpb_signatory,
    check_tfpb_convention,
    check_conseils,
    check_representatives,
    check_poche_share,
    check_poche_communes,
    check_priority_actions,
    check_priority_indicators,
    check_mayotte,
    check_previous_generation,
    check_placeholders,
    check_unresolved,
)
