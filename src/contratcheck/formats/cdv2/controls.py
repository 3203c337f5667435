"""The controls of format 2: they rate the items of ``cadre2024`` and ``priorites2024`` that
carry a ``controle`` key from the contract itself (each item's ``depuis`` gates it as well)."""

from __future__ import annotations

import datetime as dt

from contratcheck.coverage.controls import NOT_YET_DUE, ByActions, Control, ControlResult, Verdict
from contratcheck.formats.cdv2 import checks
from contratcheck.formats.cdv2.checks import v2
from contratcheck.formats.view import Contrat
from contratcheck.french import french_date
from contratcheck.model import Status

C, P, M = Status.COUVERTE, Status.PARTIELLE, Status.MANQUANTE


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def signature(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    deadline, text = checks.signature_deadline(c)
    signed = c.signature
    if signed is None or not signed.known:
        if today <= deadline:
            return NOT_YET_DUE
        return Verdict(
            M, "aucune date de signature" if signed is None else "date de signature inconnue"
        )
    if signed.earliest and signed.earliest > today:
        return NOT_YET_DUE if today <= deadline else Verdict(M, "signature à venir")
    in_time = signed.on_or_before(deadline)
    if in_time is None:
        return Verdict(
            C,
            f"signé {signed.with_article()} (trop imprécis pour l'échéance du "
            f"{french_date(deadline)})",
        )
    if in_time:
        return Verdict(C, f"signé {signed.with_article()}")
    return Verdict(
        P, f"signé {signed.with_article()}, après l'échéance du {french_date(deadline)} ({text})"
    )


def periode(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    span = f"du {french_date(contrat.debut)} au {french_date(contrat.fin)}"
    if checks.end_problems(v2(contrat)):
        return Verdict(P, f"{span} : fin attendue au 31 décembre 2029 ou 2030")
    return Verdict(C, span)


def signataires(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    if value == "departement-region":
        found = [
            label
            for categorie, label in (("departement", "département"), ("region", "région"))
            if any(s.categorie == categorie for s in c.signataires)
        ]
        if len(found) == 2:
            return Verdict(C, "département et région signataires")
        if found:
            return Verdict(P, f"seul signataire : {found[0]}")
        return Verdict(M, "ni le département ni la région ne signent")
    if value == "operateurs":
        partners = checks.wider_partners(c)
        if partners:
            return Verdict(C, "signataires élargis : " + ", ".join(partners))
        return Verdict(M, "aucun opérateur, bailleur, association ou acteur privé signataire")
    missing = checks.missing_required_signatories(c)
    if not missing:
        return Verdict(C, "l'État, le porteur et les communes qui ont un QPV signent")
    if not c.signataires:
        return Verdict(M, "aucun signataire")
    return Verdict(P, "ne signent pas : " + " ; ".join(m.rstrip(",") for m in missing))


def priorites_locales(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    count = len(v2(contrat).priorites)
    if count:
        return Verdict(C, _count(count, "priorité locale", "priorités locales"))
    return Verdict(M, "aucune priorité locale (« priorites »)")


def priorite_transversale(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    return ByActions(tuple(a for a in contrat.actions if value in a.axes_transversaux))


def projets_quartier(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    if not c.projets_quartier:
        return Verdict(M, "aucun projet de quartier")
    covered = {
        q.path
        for projet in c.projets_quartier
        for ref in projet.qpv
        if (q := c.quartier(ref.value)) is not None
    }
    lacking = [q.label for q in c.quartiers if q.path not in covered]
    if lacking:
        return Verdict(P, "QPV sans projet de quartier : " + ", ".join(lacking))
    return Verdict(C, _count(len(c.projets_quartier), "projet de quartier", "projets de quartier"))


def contenu_objectifs(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    with_goals = [p for p in c.priorites if p.objectifs]
    if not with_goals:
        return Verdict(M, "aucun objectif dans les priorités")
    if len(with_goals) < len(c.priorites):
        lacking = ", ".join(p.id for p in c.priorites if not p.objectifs)
        return Verdict(P, f"priorités sans objectif : {lacking}")
    return Verdict(C, "chaque priorité a ses objectifs")


def contenu_actions(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    if contrat.actions:
        return Verdict(C, _count(len(contrat.actions), "action", "actions"))
    return Verdict(M, "aucune action")


def contenu_moyens(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    moyens = v2(contrat).moyens
    common = any(m.droit_commun for m in moyens)
    specific = any(m.credits_specifiques for m in moyens)
    if common and specific:
        return Verdict(C, "droit commun et crédits spécifiques, par signataire")
    if common or specific:
        kind = "droit commun" if common else "crédits spécifiques"
        return Verdict(P, f"seulement du {kind}" if common else f"seulement des {kind}")
    return Verdict(M, "aucun moyen par signataire (« moyens »)")


def contenu_ingenierie(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    if v2(contrat).ingenierie:
        return Verdict(C, "moyens d'ingénierie décrits")
    return Verdict(M, "aucune ingénierie (« ingenierie »)")


def contenu_indicateurs(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    evaluation = c.evaluation
    measured = set()
    local = any(a.indicateurs for a in c.actions)
    if evaluation is not None:
        measured = {
            q.path
            for line in evaluation.nationaux
            if line.nombre and (q := c.quartier(line.qpv.value)) is not None
        }
        local = local or any(line.nombre for line in evaluation.locaux)
    lacking = [q.label for q in c.quartiers if q.path not in measured]
    if not measured and not local:
        return Verdict(M, "aucun indicateur")
    if lacking or not local:
        parts = []
        if lacking:
            parts.append("QPV sans indicateur national : " + ", ".join(lacking))
        if not local:
            parts.append("aucun indicateur local")
        return Verdict(P, " ; ".join(parts))
    return Verdict(C, "indicateurs nationaux pour chaque QPV et indicateurs locaux")


def contenu_evaluation(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    evaluation = v2(contrat).evaluation
    if evaluation is not None and evaluation.structure:
        return Verdict(C, "structure locale d'évaluation décrite")
    return Verdict(M, "aucune structure d'évaluation (« evaluation.structure »)")


def conseils_citoyens(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    if not c.conseils_citoyens:
        return Verdict(M, "aucun conseil citoyen")
    lacking = checks.qpv_without_conseil(c)
    if lacking:
        names = ", ".join(q.label for q in c.quartiers if any(p.path == q.path for p in lacking))
        return Verdict(P, f"QPV sans conseil citoyen : {names}")
    return Verdict(
        C,
        _count(len(c.conseils_citoyens), "conseil citoyen", "conseils citoyens")
        + " pour tous les QPV",
    )


def instance_pilotage(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    instance = c.instance_pilotage
    if instance is None:
        return Verdict(M, "aucune instance de pilotage (« gouvernance.instance_pilotage »)")
    name = instance.nom or "instance de pilotage"
    if value == "presidence":
        if instance.presidence:
            return Verdict(C, f"{name} présidé(e) par " + ", ".join(instance.presidence))
        return Verdict(P, f"{name} sans présidence nommée")
    lacking = checks.conseil_without_representative(c)
    if not c.conseils_citoyens or len(lacking) == len(c.conseils_citoyens):
        return Verdict(P, f"{name} sans représentant des conseils citoyens")
    if lacking:
        return Verdict(P, f"{name} : {len(lacking)} conseil(s) citoyen(s) sans représentant")
    return Verdict(C, f"{name}, avec des représentants de chaque conseil citoyen")


def participation(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    found = v2(contrat).participation
    place = bool(found and found.place)
    means = bool(found and found.moyens)
    if place and means:
        return Verdict(C, "place et moyens de la participation décrits")
    if place or means or (found and found.has_volet):
        missing = [w for w, ok in (("sa place", place), ("ses moyens", means)) if not ok]
        return Verdict(P, "participation sans " + " ni ".join(missing))
    return Verdict(M, "aucun volet participation (« participation »)")


def volet_investissement(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    found = v2(contrat).investissement
    if found and found.projets:
        return Verdict(
            C, _count(found.projets, "projet d'investissement", "projets d'investissement")
        )
    if found and found.document:
        return Verdict(P, "volet investissement sans projet listé")
    return Verdict(M, "aucun volet investissement (« investissement »)")


def cpo(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    found = v2(contrat).cpo
    parts = [
        p for p in (found.parts if found else ()) if p.annee <= today.year and p.part is not None
    ]
    if found is None or not parts:
        return Verdict(M, "aucune part de conventions pluriannuelles (« cpo.parts »)")
    last = max(parts, key=lambda p: p.annee)
    assert last.part is not None
    share = f"{last.part:.0f} % de CPO en {last.annee}"
    if last.part >= found.objectif:
        return Verdict(C, share)
    return Verdict(P, f"{share}, sous l'objectif de {found.objectif:g} %")


def tfpb_conventions(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    if not c.tfpb:
        return Verdict(None, "aucun bailleur ne déclare l'abattement de TFPB")
    failing = {
        p.path[:3]
        for p in (
            *checks.tfpb_signatory_problems(c, today),
            *checks.tfpb_convention_problems(c, today),
        )
        if not p.vague
    }
    if not failing:
        return Verdict(C, _count(len(c.tfpb), "convention annexée", "conventions annexées"))
    status = P if len(failing) < len(c.tfpb) else M
    return Verdict(status, f"{len(failing)} bailleur(s) sans les conditions de l'abattement")


def rapport_annuel(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    due = checks.report_years_due(c, today)
    if not due:
        return NOT_YET_DUE
    missing = checks.missing_reports(c, today)
    late = [p for p in checks.consultation_problems(c, today) if not p.vague]
    if len(missing) == len(due):
        return Verdict(M, "aucun rapport annuel (attendu pour " + ", ".join(map(str, due)) + ")")
    if missing or late:
        parts = []
        if missing:
            years = [y for y in due if y not in {r.annee for r in c.rapports}]
            parts.append("rapport manquant : " + ", ".join(map(str, years)))
        if late:
            parts.append(
                _count(
                    len(late),
                    "conseil citoyen non consulté ou consulté hors délai",
                    "conseils citoyens non consultés ou consultés hors délai",
                )
            )
        return Verdict(P, " ; ".join(parts))
    return Verdict(C, "rapport annuel pour " + ", ".join(map(str, due)))


def rencontre_annuelle(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    due = checks.rencontre_years_due(today)
    held = {r.year for r in c.rencontres if r.date.earliest is None or r.date.earliest <= today}
    if not due:
        return NOT_YET_DUE
    missing = [y for y in due if y not in held]
    if not missing:
        return Verdict(C, "rencontre annuelle tenue en " + ", ".join(map(str, due)))
    if len(missing) < len(due):
        return Verdict(P, "pas de rencontre annuelle en " + ", ".join(map(str, missing)))
    return Verdict(M, "aucune rencontre annuelle (« gouvernance.rencontres_annuelles »)")


def actualisation(contrat: Contrat, _: str | None, today: dt.date) -> ControlResult:
    c = v2(contrat)
    done = [
        a
        for a in c.actes
        if a.nature in ("actualisation", "non-actualisation")
        and a.date.on_or_before(today) is not False
    ]
    unsigned = {p.path[:3] for p in checks.acte_signature_problems(c, today) if not p.vague}
    for acte in done:
        if acte.nature == "non-actualisation":
            return Verdict(C, f"décision de ne pas actualiser, {acte.date.with_article()}")
        if acte.path[:3] not in unsigned:
            return Verdict(
                C, f"actualisation signée par toutes les parties, {acte.date.with_article()}"
            )
    if done:
        return Verdict(P, "actualisation qui n'est pas signée par toutes les parties")
    if today <= checks.actualisation_due(c):
        return NOT_YET_DUE
    return Verdict(
        M,
        f"ni actualisation ni décision de ne pas actualiser en {checks.actualisation_due(c).year}",
    )


def articulation(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    """The contract names, in « articulations », one of the plans the text asks it to join.

    ``valeur`` lists the words that name them, separated by « | » (« CPER|FEDER|FSE »).
    """
    words = [w.strip() for w in (value or "").split("|") if w.strip()]
    texts = v2(contrat).articulations
    found = [t.value for t in texts if any(_mentions(t.value, w) for w in words)]
    if found:
        return Verdict(Status.COUVERTE, "articulé avec : " + " ; ".join(found))
    named = ", ".join(words)
    return Verdict(Status.MANQUANTE, f"aucune articulation avec {named} dans « articulations »")


def _mentions(text: str, word: str) -> bool:
    import re

    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def conventions_anru(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    """The ANRU conventions the contract frames are annexed (when it has a renewal project)."""
    anru = v2(contrat).anru
    if anru:
        return Verdict(Status.COUVERTE, f"{len(anru)} convention(s) ANRU annexée(s)")
    return Verdict(
        None, "aucune convention ANRU déclarée : sans projet de renouvellement urbain, sans objet"
    )


def autres_formes(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    participation = v2(contrat).participation
    if participation is not None and participation.autres_formes:
        return Verdict(Status.COUVERTE, f"{participation.autres_formes} autre(s) forme(s)")
    return Verdict(Status.MANQUANTE, "aucune autre forme de participation (table de quartier…)")


def engagements_collectivites(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    """The département and the région that sign commit means (« moyens »)."""
    view = v2(contrat)
    ids = {
        key
        for s in view.signataires
        if s.categorie in ("departement", "region")
        for key in (s.id, s.nom)
        if key
    }
    if not ids:
        return Verdict(None, "ni département ni région signataire")
    committed = [m.signataire for m in view.moyens if m.signataire in ids]
    if committed:
        return Verdict(Status.COUVERTE, "moyens engagés par : " + ", ".join(committed))
    return Verdict(
        Status.MANQUANTE, "le département et la région signataires n'engagent aucun moyen"
    )


CONTROLS = (
    Control("articulation", articulation, "articulation avec d'autres plans"),
    Control("conventions-anru", conventions_anru, "conventions ANRU"),
    Control("autres-formes-participation", autres_formes, "autres formes de participation"),
    Control(
        "engagements-collectivites", engagements_collectivites, "engagements des collectivités"
    ),
    Control("signature", signature, "date de signature", ("CC520", "CC521")),
    Control("periode", periode, "période du contrat", ("CC522",)),
    Control("signataires", signataires, "signataires", ("CC525", "CC526")),
    Control("priorites-locales", priorites_locales, "priorités locales"),
    Control("priorite-transversale", priorite_transversale, "actions de la priorité transversale"),
    Control("projets-quartier", projets_quartier, "projets de quartier"),
    Control("contenu-objectifs", contenu_objectifs, "objectifs"),
    Control("contenu-actions", contenu_actions, "actions"),
    Control("contenu-moyens", contenu_moyens, "moyens"),
    Control("contenu-ingenierie", contenu_ingenierie, "ingénierie"),
    Control("contenu-indicateurs", contenu_indicateurs, "indicateurs"),
    Control("contenu-evaluation", contenu_evaluation, "évaluation"),
    Control("conseils-citoyens", conseils_citoyens, "conseils citoyens", ("CC532", "CC533")),
    Control("instance-pilotage", instance_pilotage, "instance de pilotage"),
    Control("participation", participation, "participation"),
    Control("volet-investissement", volet_investissement, "volet investissement"),
    Control("cpo", cpo, "conventions pluriannuelles"),
    Control("tfpb-conventions", tfpb_conventions, "conventions TFPB", ("CC530", "CC531")),
    Control("rapport-annuel", rapport_annuel, "rapports annuels", ("CC527", "CC528", "CC529")),
    Control("rencontre-annuelle", rencontre_annuelle, "rencontres annuelles"),
    Control("actualisation", actualisation, "actualisation", ("CC523",)),
)
