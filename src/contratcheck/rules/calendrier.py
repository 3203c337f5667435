"""Rules of the « calendrier » family shared by every contract format (CC5xx): the contract's
end, the geography of its QPV codes, and the official QPV list. The format supplies what
differs by generation (its legal end, its geography); its own calendar rules live with it."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from contratcheck.formats.view import ROOT
from contratcheck.french import french_date
from contratcheck.rules.base import E, Hit, N, W, rule
from contratcheck.rules.context import Context


@rule("CC501", "contrat-echu", W, "calendrier")
def check_ended(ctx: Context) -> Iterator[Hit]:
    """La période du contrat a dépassé sa dernière fin légale.

    Les contrats 2015-2020 sont prorogés par la loi jusqu'au 31 décembre 2022 (loi de finances
    pour 2019, art. 181) puis 2023 (loi de finances pour 2022, art. 68), sans avenant ; après
    cette date, le contrat est échu et les contrats 2024-2030 lui succèdent. Un contrat échu
    est évalué à sa fin légale : seuls les textes en vigueur ce jour-là lui sont appliqués (un
    texte publié après sa fin ne donne jamais de constat), et le rapport le dit. Avertissement :
    un contrat échu reste lisible pour un audit ou une migration.

    Exemple conforme (--date 2023-06-01) :
        format: contrat-de-ville/1

    Exemple en défaut (--date 2024-03-01) :
        format: contrat-de-ville/1
    """
    contrat = ctx.contrat
    if contrat.fin < contrat.debut:
        return
    end, basis = ctx.format.legal_end(contrat, ctx.checked_on)
    if ctx.checked_on > end:
        successor = f" ; {ctx.format.successeur}" if ctx.format.successeur else ""
        law = f" ({basis})" if basis else ""
        path = ROOT / "periode" / "fin"
        yield Hit(
            path,
            f"le contrat a pris fin le {french_date(end)}{law}{successor}",
            "préparez le contrat qui lui succède, ou ajoutez l'avenant de prolongation signé",
            position=contrat.key_position(path),
        )


@rule("CC509", "qpv-geographie", E, "calendrier")
def check_geography(ctx: Context) -> Iterator[Hit]:
    """Un code QPV n'est pas de la géographie du contrat.

    Les contrats de la génération 2015 utilisent les codes « QP » ; ceux de 2024-2030 les
    codes « QN » de la géographie entrée en vigueur le 1er janvier 2024 (1er janvier 2025
    outre-mer).

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Quartier A}]
    """
    for qpv, code in ctx.contrat.coded_qpv():
        problem = ctx.format.qpv_code_problem(code, ctx.today)
        if problem:
            yield Hit(qpv.path / "code", problem)


@rule("CC510", "qpv-inconnu", E, "calendrier")
def check_qpv_exists(ctx: Context) -> Iterator[Hit]:
    """Un code QPV n'existe pas dans la liste officielle fournie.

    Avec « --liste-qpv », vérifie que chaque QPV existe dans la liste publiée par l'ANCT
    pour sa géographie.

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00199M, nom: Grande Reyssouze}]
    """
    qpv_list = ctx.qpv_list
    if qpv_list is None:
        return
    for qpv, code in ctx.contrat.coded_qpv():
        if qpv_list.covers(code) and code not in qpv_list.communes:
            close = difflib.get_close_matches(code, list(qpv_list.communes), n=1, cutoff=0.7)
            suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            yield Hit(
                qpv.path / "code",
                f"le code QPV {code} n'existe pas dans la liste officielle fournie{suggestion}",
                f"liste : {qpv_list.source}",
            )


@rule("CC511", "qpv-hors-communes", E, "calendrier")
def check_qpv_communes(ctx: Context) -> Iterator[Hit]:
    """Un QPV n'est pas situé dans les communes du contrat.

    Avec « --liste-qpv », vérifie que chaque QPV se trouve sur au moins une commune du contrat
    (les codes INSEE de la liste sont remis sur cinq caractères).

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN07501M, nom: Quartier de Paris}]
    """
    qpv_list = ctx.qpv_list
    if qpv_list is None:
        return
    communes = {commune.code_insee for commune in ctx.contrat.communes}
    for qpv, code in ctx.contrat.coded_qpv():
        where = qpv_list.communes.get(code)
        if where and not where & communes:
            name = qpv_list.names.get(code) or code
            yield Hit(
                qpv.path / "code",
                f"le QPV {code} ({name}) est situé sur {', '.join(sorted(where))}, "
                "aucune des communes du contrat",
                "ajoutez la commune à « contrat.communes » ou corrigez le code",
            )


@rule("CC512", "liste-qpv-autre-geographie", N, "calendrier")
def check_qpv_list_geography(ctx: Context) -> Iterator[Hit]:
    """La liste des QPV fournie ne couvre pas la géographie du contrat.

    Avec « --liste-qpv », signale que les codes du contrat (« QP » de 2015 ou « QN » de 2024)
    n'ont pas pu être vérifiés parce que la liste fournie est celle de l'autre géographie.

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        format: contrat-de-ville/1
    """
    qpv_list = ctx.qpv_list
    if qpv_list is None:
        return
    unchecked = [(qpv, code) for qpv, code in ctx.contrat.coded_qpv() if not qpv_list.covers(code)]
    if unchecked:
        codes = ", ".join(code for _, code in unchecked)
        yield Hit(
            unchecked[0][0].path / "code",
            f"la liste des QPV fournie ne contient aucun code de la géographie de "
            f"{unchecked[0][1]} : {codes} non vérifié(s)",
            "fournissez la liste de la géographie du contrat (2015 : QP, 2024 : QN)",
        )


@rule("CC515", "qpv-sans-code", N, "calendrier")
def check_qpv_without_code(ctx: Context) -> Iterator[Hit]:
    """Un QPV est donné sans code.

    Un quartier peut être nommé sans son code officiel quand on ne le connaît pas ; contratcheck
    le lit, mais ne peut vérifier ni sa géographie, ni sa présence dans la liste officielle, ni
    son conseil citoyen. Avec « --liste-qpv », le message propose le code du quartier de même nom.
    Info : rien n'est faux, un contrôle manque.

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{nom: Quartier A}]
    """
    names = {name: code for code, name in ctx.qpv_list.names.items()} if ctx.qpv_list else {}
    for qpv in ctx.contrat.qpv:
        if qpv.code is not None:
            continue
        close = difflib.get_close_matches(qpv.nom, list(names), n=1, cutoff=0.6)
        suggestion = (
            f" ; la liste fournie connaît « {close[0]} » : {names[close[0]]}" if close else ""
        )
        yield Hit(
            qpv.path,
            f"le QPV « {qpv.nom} » n'a pas de code : ses contrôles par code (géographie, liste "
            f"officielle, conseil citoyen) ne peuvent pas être faits{suggestion}",
            "ajoutez « code: » avec le code du quartier dans la liste officielle de l'ANCT",
        )


RULES = (
    check_ended,
    check_qpv_without_code,
    check_geography,
    check_qpv_exists,
    check_qpv_communes,
    check_qpv_list_geography,
)
