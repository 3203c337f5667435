"""The calendar rules of the 2015–2023 contracts (CC502–CC508): the prorogations by law, the
PERR, the mid-term evaluation, the conseils citoyens, the culture and sport volets."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from contratcheck.formats.cdv1.calendar import (
    CULTURE_SINCE,
    PERR_DUE,
    PROLONGATION,
    SPORT_SINCE,
    conseils_citoyens,
    legal_end,
    mid_term,
    mid_term_due,
    perr,
    perr_timing,
    qpv_without_conseil,
    v1,
    volet,
)
from contratcheck.formats.cdv1.summary import PILIERS
from contratcheck.formats.view import ROOT
from contratcheck.french import french_date
from contratcheck.model import Status
from contratcheck.rules.base import E, Hit, N, W, rule
from contratcheck.rules.context import Context


@rule("CC502", "perr-manquant", W, "calendrier")
def check_perr(ctx: Context) -> Iterator[Hit]:
    """Le protocole d'engagements renforcés (PERR) manque.

    Un contrat de la génération 2015 en vigueur en janvier 2019 devait recevoir un PERR avant
    la fin de juillet 2019 (circulaire du 22 janvier 2019) ; vérifié après cette date. Une
    circulaire lie les préfets, pas les collectivités : l'exigence est « attendue », d'où un
    avertissement. Un PERR dont on sait qu'il existe, sans en connaître la date, s'écrit
    « date: inconnue » et n'est pas signalé.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019-07-01}]}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-12-31}
    """
    if perr(ctx.contrat, ctx.today).status is Status.MANQUANTE:
        yield Hit(
            ROOT / "periode" / "avenants",
            "aucun protocole d'engagements renforcés et réciproques (PERR) : il était attendu "
            f"avant le {french_date(PERR_DUE)} (circulaire du 22 janvier 2019)",
            "ajoutez sous « periode.avenants » : - {nature: perr, date: AAAA-MM-JJ}",
            position=ctx.contrat.key_position(ROOT / "periode" / "avenants", ROOT / "periode"),
        )


@rule("CC503", "evaluation-mi-parcours-manquante", W, "calendrier")
def check_mid_term(ctx: Context) -> Iterator[Hit]:
    """L'évaluation à mi-parcours manque.

    Vérifie, une fois passée la moitié de la période signée, que la gouvernance mentionne
    l'évaluation à mi-parcours (que le PERR doit prendre en compte).

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
    """
    if mid_term(ctx.contrat, ctx.today).status is Status.MANQUANTE:
        yield Hit(
            ROOT / "gouvernance" / "evaluation_mi_parcours",
            "aucune évaluation à mi-parcours, attendue depuis le "
            f"{french_date(mid_term_due(ctx.contrat))} (moitié de la période signée)",
            "ajoutez « gouvernance.evaluation_mi_parcours: {date: AAAA-MM-JJ} »",
            position=ctx.contrat.key_position(ROOT / "gouvernance", ROOT / "periode"),
        )


@rule("CC504", "conseils-citoyens-absents", E, "calendrier")
def check_conseils_citoyens(ctx: Context) -> Iterator[Hit]:
    """La gouvernance ne cite aucun conseil citoyen.

    La loi du 21 février 2014 (art. 7) prévoit un conseil citoyen par QPV, associé au
    pilotage du contrat.

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          evaluation_mi_parcours: {date: 2018-06-30}
    """
    if not v1(ctx.contrat).conseils_citoyens:
        yield Hit(
            ROOT / "gouvernance" / "conseils_citoyens",
            "la gouvernance ne cite aucun conseil citoyen (un par QPV, loi du 21 février "
            "2014, art. 7)",
            position=ctx.contrat.key_position(ROOT / "gouvernance", ROOT / "contrat"),
        )


@rule("CC505", "qpv-sans-conseil-citoyen", E, "calendrier")
def check_qpv_conseils(ctx: Context) -> Iterator[Hit]:
    """Un QPV n'a pas de conseil citoyen.

    Vérifie que chaque QPV du contrat est représenté par un conseil citoyen. La loi du
    21 février 2014 (art. 7) en prévoit un par QPV : l'exigence est « obligatoire », d'où une
    erreur (un conseil citoyen peut couvrir plusieurs QPV : listez-les dans son « qpv »).

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen B, qpv: [QP001002]}]
          evaluation_mi_parcours: {date: 2018-06-30}
    """
    if conseils_citoyens(ctx.contrat, ctx.today).status is not Status.PARTIELLE:
        return
    for index in qpv_without_conseil(ctx.contrat):
        qpv = ctx.contrat.qpv[index]
        yield Hit(qpv.path, f"le QPV {qpv.code} n'a pas de conseil citoyen dans la gouvernance")


def _volet_hit(ctx: Context, name: str, text: str) -> Iterator[Hit]:
    if volet(ctx.contrat, name, ctx.today).status is not Status.MANQUANTE:
        return
    since = CULTURE_SINCE if name == "culture" else SPORT_SINCE
    yield Hit(
        ROOT / "volets" / name,
        f"le contrat n'a pas de volet {name} ({text}, depuis le {french_date(since)})",
        f"ajoutez « volets.{name}: {{adopte_le: AAAA-MM-JJ}} »",
        position=ctx.contrat.key_position(ROOT / "volets", ROOT / "gouvernance", ROOT / "contrat"),
    )


@rule("CC506", "volet-culture-manquant", W, "calendrier")
def check_volet_culture(ctx: Context) -> Iterator[Hit]:
    """Le volet culture manque.

    Tout contrat de ville porte un volet culturel depuis l'instruction du 21 mai 2015.

    Exemple conforme :
        volets: {culture: {adopte_le: 2016-01-01}, sport: {adopte_le: 2019-06-01}}

    Exemple en défaut :
        volets: {sport: {adopte_le: 2019-06-01}}
    """
    return _volet_hit(ctx, "culture", "instruction du 21 mai 2015")


@rule("CC507", "volet-sport-manquant", W, "calendrier")
def check_volet_sport(ctx: Context) -> Iterator[Hit]:
    """Le volet sport manque.

    La circulaire « Sports-Villes-Inclusion » du 19 avril 2019 demande à chaque contrat un
    volet d'action sportive à vocation d'inclusion ; vérifié après cette date.

    Exemple conforme :
        volets: {culture: {adopte_le: 2016-01-01}, sport: {adopte_le: 2019-06-01}}

    Exemple en défaut :
        volets: {culture: {adopte_le: 2016-01-01}}
    """
    return _volet_hit(ctx, "sport", "circulaire du 19 avril 2019")


@rule("CC508", "fin-prorogee-par-la-loi", N, "calendrier")
def check_prorogation(ctx: Context) -> Iterator[Hit]:
    """La fin signée est prorogée par la loi.

    Informe qu'une fin signée en 2020 (ou 2022) est prorogée par la loi, sans avenant local :
    le contrat n'est pas échu pour autant.

    Exemple conforme (--date 2018-06-01) :
        format: contrat-de-ville/1

    Exemple en défaut :
        format: contrat-de-ville/1
    """
    contrat = ctx.contrat
    if contrat.fin < contrat.debut:
        return
    end, basis = legal_end(contrat, ctx.today)
    if basis and basis != PROLONGATION and contrat.fin < end:
        path = ROOT / "periode" / "fin"
        yield Hit(
            path,
            f"la fin signée, le {french_date(contrat.fin)}, est prorogée par la loi jusqu'au "
            f"{french_date(end)} ({basis}), sans avenant nécessaire",
            position=contrat.key_position(path),
        )


@rule("CC513", "date-trop-vague", N, "calendrier")
def check_vague_perr_date(ctx: Context) -> Iterator[Hit]:
    """La date d'un PERR est trop vague pour la comparer à son échéance.

    Une date donnée au mois ou à l'année (« 2019-07 », « 2019 ») est comparée prudemment aux
    échéances : quand elle ne permet pas de dire si le PERR a été signé avant le 31 juillet 2019,
    contratcheck ne conclut pas et le dit, plutôt que de signaler un retard ou un manque.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019-06}]}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019}]}
    """
    timing = perr_timing(ctx.contrat, ctx.today)
    if timing is not None and timing[1] is None and timing[0].adopted.known:
        avenant, _ = timing
        yield Hit(
            avenant.path / "date",
            f"la date « {avenant.adopted.text} » du PERR ne dit pas s'il a été adopté avant le "
            f"{french_date(PERR_DUE)} (circulaire du 22 janvier 2019)",
            "donnez le jour (AAAA-MM-JJ) si vous le connaissez",
        )


@rule("CC514", "perr-hors-delai", N, "calendrier")
def check_late_perr(ctx: Context) -> Iterator[Hit]:
    """Le PERR a été signé après son échéance.

    La circulaire du 22 janvier 2019 attendait le protocole d'engagements renforcés et
    réciproques avant la fin de juillet 2019 ; un PERR adopté plus tard compte (l'item est
    couvert), et une info rappelle le retard. Si le PERR a été validé (comité de pilotage,
    conseil communautaire) avant d'être signé, donnez aussi « validation: » : c'est cette date
    qui compte.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019-10, validation: 2019-07-15}]}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019-10}]}
    """
    timing = perr_timing(ctx.contrat, ctx.today)
    if timing is not None and timing[1] is False:
        avenant, _ = timing
        done = "validé" if avenant.validation else "signé"
        yield Hit(
            avenant.path / "date",
            f"le PERR a été {done} {avenant.adopted.french()}, après l'échéance du "
            f"{french_date(PERR_DUE)} (circulaire du 22 janvier 2019)",
            "si le PERR a été validé plus tôt, donnez la date de validation (« validation: »)",
        )


@rule("CC314", "axe-local-inconnu", E, "references")
def check_local_axes(ctx: Context) -> Iterator[Hit]:
    """Une action cite un pilier qui n'est ni national ni un axe local déclaré.

    Le « pilier » d'une action est l'un des trois piliers (ou « transversal »), ou
    l'identifiant d'un axe que le contrat ajoute sous « axes_locaux » (un quatrième pilier
    local). Pourquoi : une faute de frappe rangerait l'action dans un axe qui n'existe pas.

    Exemple conforme :
        axes_locaux: [{id: habitat-indigne, libelle: Lutte contre l'habitat indigne}]
        actions:
          - {id: A1, titre: Action, pilier: habitat-indigne, statut: prevue}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: habitat-indign, statut: prevue}
    """
    known = {*PILIERS, *(axis.id for axis in v1(ctx.contrat).axes_locaux)}
    for action in ctx.contrat.actions:
        if action.axe not in known:
            close = difflib.get_close_matches(action.axe, sorted(known), n=1)
            suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            yield Hit(
                action.path / "pilier",
                f"l'action « {action.id} » cite le pilier « {action.axe} », ni pilier national "
                f"ni axe local déclaré{suggestion}",
                "déclarez l'axe sous « axes_locaux: [{id: …, libelle: …}] », ou corrigez le pilier",
            )


RULES = (
    check_vague_perr_date,
    check_late_perr,
    check_local_axes,
    check_perr,
    check_mid_term,
    check_conseils_citoyens,
    check_qpv_conseils,
    check_volet_culture,
    check_volet_sport,
    check_prorogation,
)
