"""What the texts ask of a 2024–2030 contract, as pure functions of the contract and the date:
each returns the problems it finds; the format's rules say them, its controls rate the
``cadre2024`` and ``priorites2024`` items from them.

The calendar, from shared/domain-2024.md (sources there):
- signature by 31 March 2024 in métropole, 31 December 2025 overseas: circulaires of
  31 August 2023 and 21 March 2025, a deadline of the State's circulaires (§1.1, §1.2; E1, E4);
- six years, end on 31 December 2029 or 2030 (the texts do not settle it), renewal from
  1 January 2030 (décret n° 2024-1037, art. 1er; §1.2, §12; E6); nothing expires before
  31 December 2030;
- an update every three years « si les parties en conviennent », the review of 2027
  (circulaire of 31 August 2023; décret art. 1er; §9): due by the end of the third year of the
  contract (2027 in métropole; overseas, starting in 2025, 2028 — inferred);
- every avenant signed by all parties (décret art. 1er; §9, inferred: « the parties agree »);
- the annual report of the EPCI or mayor (CGCT, art. L. 1111-2, décret n° 2015-1118; §3): the
  report on year N is due by the end of year N+1; its draft goes to each QPV's conseil citoyen at
  least one month before its adoption, and the opinions are annexed;
- the TFPB abatement (CGI, art. 1388 bis; §3; E31), taxes 2025 to 2030: the bailleur is a
  signatory of the contract on 1 January of the tax year, and of a convention annexed to it,
  signed by then;
- one conseil citoyen per QPV, represented in the steering body (loi n° 2014-173, art. 7 I and
  6 I, still law; §2.4; E5, E7);
- poches de pauvreté: at most 2.5 % of the departmental P147 envelope, in the EPCI's communes
  (circulaire of 31 August 2023; §8; E14, E15);
- QPV codes: the « QN » codes of the 2024 list from 1 January 2024 (métropole; décret du
  28 décembre 2023) and of the overseas list from 1 January 2025 (décret n° 2024-1212); Mayotte's
  17 whole-commune QPV (suffix « C ») from the loi n° 2025-797 du 11 août 2025 (§8, §10).
A date too vague to decide (« 2024 », « inconnue ») never makes a failure: it is a problem
marked ``vague``, which the rules say as an info.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contratcheck.formats.cdv2.dates import PartialDate, add_month
from contratcheck.formats.cdv2.names import normalise
from contratcheck.formats.view import ROOT, Contrat, Path
from contratcheck.french import french_date

if TYPE_CHECKING:
    from contratcheck.formats.cdv2.view import Acte, ContratV2, Signataire

SIGNATURE_METROPOLE = dt.date(2024, 3, 31)
SIGNATURE_OUTRE_MER = dt.date(2025, 12, 31)
ACCEPTED_ENDS = (dt.date(2029, 12, 31), dt.date(2030, 12, 31))
GENERATION_END = dt.date(2030, 12, 31)
TFPB_YEARS = range(2025, 2031)
POCHE_CEILING = 2.5
QN_METROPOLE = dt.date(2024, 1, 1)
QN_OUTRE_MER = dt.date(2025, 1, 1)
MAYOTTE_LAW = dt.date(2025, 8, 11)
# The first full year after the circulaire of 7 November 2024 that asks for a yearly meeting.
FIRST_RENCONTRE_YEAR = 2025
OVERSEAS = ("97", "98")
WIDER_PARTNERS = {
    "france-travail": "France Travail",
    "caf": "CAF",
    "bpifrance": "Bpifrance",
    "banque-des-territoires": "Banque des Territoires",
    "bailleur": "bailleurs",
    "association": "associations",
    "entreprise": "entreprises",
    "protection-sociale": "protection sociale",
    "chambre-consulaire": "chambres consulaires",
    "sem": "SEM",
    "enseignement-superieur": "enseignement supérieur",
    "autorite-mobilite": "autorité des mobilités",
    "gip": "GIP",
}


@dataclass(frozen=True)
class Problem:
    """One thing a check found; ``vague``: the data cannot decide it (said as an info)."""

    path: Path
    message: str
    hint: str = ""
    vague: bool = False


def v2(contrat: Contrat) -> ContratV2:
    """The format-2 view (the format's controls and rules only ever see its own contracts)."""
    from contratcheck.formats.cdv2.view import ContratV2

    if not isinstance(contrat, ContratV2):
        raise TypeError(f"not a format-2 contract: {contrat.format}")
    return contrat


def _names(items: list[str]) -> str:
    return ", ".join(items)


def _percent(value: float) -> str:
    return f"{value:g}".replace(".", ",") + " %"


def _years(years: list[int]) -> str:
    if len(years) == 1:
        return str(years[0])
    return ", ".join(str(y) for y in years[:-1]) + f" et {years[-1]}"


# --- Signature and period ---------------------------------------------------------------


def signature_deadline(contrat: ContratV2) -> tuple[dt.date, str]:
    if contrat.outre_mer:
        return SIGNATURE_OUTRE_MER, "circulaire du 21 mars 2025 pour l'outre-mer"
    return SIGNATURE_METROPOLE, "circulaire du 31 août 2023"


def signature_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    """The contract signed after the circulaire's deadline, once it has passed."""
    deadline, text = signature_deadline(contrat)
    if today <= deadline:
        return []
    path = ROOT / "periode" / "signature"
    signed = contrat.signature
    if signed is None or not signed.known:
        if signed is None:
            return [
                Problem(
                    ROOT / "periode",
                    f"le contrat ne donne pas sa date de signature : il devait être signé au "
                    f"plus tard le {french_date(deadline)} ({text})",
                    "ajoutez « periode.signature: AAAA-MM-JJ »",
                )
            ]
        return [
            Problem(
                path,
                "date de signature inconnue : l'échéance du "
                f"{french_date(deadline)} ({text}) ne peut pas être vérifiée",
                "remplacez « inconnue » par la date de signature",
                vague=True,
            )
        ]
    in_time = signed.on_or_before(deadline)
    if in_time is None:
        return [
            Problem(
                path,
                f"signature datée « {signed.text} » : trop imprécis pour vérifier l'échéance du "
                f"{french_date(deadline)} ({text})",
                "donnez la date complète AAAA-MM-JJ",
                vague=True,
            )
        ]
    if in_time:
        return []
    return [
        Problem(
            path,
            f"le contrat a été signé {signed.with_article()}, après l'échéance du "
            f"{french_date(deadline)} fixée par la {text}",
            "une échéance de circulaire : rien à corriger si la date est exacte",
        )
    ]


def end_problems(contrat: ContratV2) -> list[Problem]:
    if contrat.fin in ACCEPTED_ENDS or contrat.fin < contrat.debut:
        return []
    return [
        Problem(
            ROOT / "periode" / "fin",
            f"la fin du contrat ({french_date(contrat.fin)}) n'est ni le 31 décembre 2029 ni "
            "le 31 décembre 2030 : les contrats 2024-2030 durent six ans et sont renouvelés à "
            "partir du 1er janvier 2030 (décret n° 2024-1037, art. 1er)",
            "vérifiez la date de fin signée",
        )
    ]


def legal_end(contrat: Contrat, today: dt.date) -> tuple[dt.date, str | None]:
    """The end as signed; nothing of this generation ends before 31 December 2030."""
    if contrat.debut <= contrat.fin < GENERATION_END:
        return GENERATION_END, (
            "fin de la génération 2024-2030 retenue au 31 décembre 2030, les textes ne "
            "tranchant pas entre 2029 et 2030"
        )
    return contrat.fin, None


# --- Signatories --------------------------------------------------------------------------


def _of(contrat: ContratV2, categorie: str) -> list[Signataire]:
    return [s for s in contrat.signataires if s.categorie == categorie]


def _commune_signed(contrat: ContratV2, code: str, nom: str | None) -> bool:
    for signataire in contrat.signataires:
        if signataire.categorie not in ("commune", None):
            continue
        if signataire.code_insee == code:
            return True
        if nom and signataire.code_insee is None and normalise(nom) in normalise(signataire.nom):
            return True
    return False


def _holder_signed(contrat: ContratV2) -> bool:
    porteur = contrat.porteur
    if porteur is None:
        return True
    if any(s.matches(porteur.nom) for s in contrat.signataires):
        return True
    if porteur.nature == "epci":
        return bool(_of(contrat, "epci"))
    return bool(porteur.code_insee) and _commune_signed(contrat, porteur.code_insee or "", None)


def communes_with_qpv(contrat: ContratV2) -> list[tuple[str, str | None]]:
    """The INSEE codes (and names) of the communes that hold a QPV of the contract."""
    names = {c.code_insee: c.nom for c in contrat.communes}
    codes: list[str] = []
    for quartier in contrat.quartiers:
        codes.extend(quartier.communes)
    if not codes and len(contrat.communes) == 1:
        codes.append(contrat.communes[0].code_insee)
    return [(code, names.get(code)) for code in dict.fromkeys(codes)]


def missing_required_signatories(contrat: ContratV2) -> list[str]:
    """Who of the State, the holder and the communes with a QPV does not sign."""
    missing = []
    if not _of(contrat, "etat"):
        missing.append("l'État (catégorie « etat »)")
    if not _holder_signed(contrat):
        assert contrat.porteur is not None
        missing.append(f"le porteur du contrat ({contrat.porteur.nom})")
    for code, nom in communes_with_qpv(contrat):
        if not _commune_signed(contrat, code, nom):
            missing.append(f"la commune {nom or code}, qui a un QPV,")
    return missing


def required_signatory_problems(contrat: ContratV2) -> list[Problem]:
    """The State, the holder and each commune with a QPV sign (loi n° 2014-173, art. 6 I)."""
    return [
        Problem(
            ROOT / "contrat" / "signataires",
            f"{what} ne figure pas parmi les signataires : l'État, l'EPCI et les communes qui "
            "ont un QPV signent le contrat (loi n° 2014-173, art. 6 I)",
            "ajoutez-le sous « contrat.signataires » avec sa catégorie",
        )
        for what in missing_required_signatories(contrat)
    ]


def departement_region_problems(contrat: ContratV2) -> list[Problem]:
    missing = [
        label
        for categorie, label in (("departement", "le département"), ("region", "la région"))
        if not _of(contrat, categorie)
    ]
    return [
        Problem(
            ROOT / "contrat" / "signataires",
            f"{label.capitalize()} ne figure pas parmi les signataires : la loi (art. 6 I) "
            "prévoit sa signature et l'instruction du 4 janvier 2024 demande de la rechercher",
            "ajoutez-le sous « contrat.signataires » s'il a signé",
        )
        for label in missing
    ]


# --- Avenants, actualisations -------------------------------------------------------------


def _required_for(contrat: ContratV2, acte: Acte) -> list[Signataire]:
    """The contract's signatories who had signed when the act was made."""
    made = acte.date.latest
    return [
        s
        for s in contrat.signataires
        if made is None or s.signe_le is None or not (s.signe_le.earliest or made) > made
    ]


def _acte_label(acte: Acte) -> str:
    what = "l'avenant" if acte.nature == "avenant" else "l'actualisation"
    return f"{what} {'du ' + acte.date.french() if acte.date.exact else acte.date.with_article()}"


def acte_signature_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    """Every avenant and actualisation is signed by every party (décret n° 2024-1037, art. 1er)."""
    problems = []
    for acte in contrat.actes:
        if acte.nature == "non-actualisation":
            continue
        if acte.date.earliest and acte.date.earliest > today:
            continue  # a planned act
        label = _acte_label(acte)
        if acte.signataires is None:
            problems.append(
                Problem(
                    acte.path,
                    f"{label} ne dit pas qui l'a signé : impossible de vérifier qu'il l'a été "
                    "par toutes les parties",
                    "ajoutez « signataires: [id, …] » (identifiants de « contrat.signataires »)",
                    vague=True,
                )
            )
            continue
        signed = "signé" if acte.nature == "avenant" else "signée"
        missing = [
            s.nom
            for s in _required_for(contrat, acte)
            if not any(s.matches(ref) for ref in acte.signataires)
        ]
        if missing:
            problems.append(
                Problem(
                    acte.path / "signataires",
                    f"{label} n'est pas {signed} par toutes les parties au contrat : manque "
                    f"{_names(missing)} (décret n° 2024-1037, art. 1er)",
                    "un avenant engage toutes les parties : recueillez les signatures manquantes",
                )
            )
    return problems


def actualisation_due(contrat: ContratV2) -> dt.date:
    """The end of the contract's third year: 31 December 2027 in métropole."""
    return dt.date(contrat.debut.year + 3, 12, 31)


def actualisation_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    due = actualisation_due(contrat)
    if today <= due:
        return []
    done = [
        a
        for a in contrat.actes
        if a.nature in ("actualisation", "non-actualisation")
        and a.date.on_or_before(today) is not False
    ]
    if done:
        return []
    return [
        Problem(
            ROOT / "periode",
            f"aucune actualisation du contrat ni décision de ne pas l'actualiser à la fin de "
            f"{due.year} : la revoyure de {due.year} (actualisation tous les trois ans si les "
            "parties en conviennent, décret n° 2024-1037, art. 1er) n'est pas consignée",
            "ajoutez sous « periode.actualisations » : - {nature: actualisation | "
            "non-actualisation, date: AAAA-MM-JJ, signataires: [...]}",
        )
    ]


# --- Poches de pauvreté, priorities -------------------------------------------------------


def poche_share_problems(contrat: ContratV2) -> list[Problem]:
    return [
        Problem(
            poche.path / "part_enveloppe_p147",
            f"la poche de pauvreté « {poche.nom} » reçoit {_percent(poche.part)} de l'enveloppe "
            f"départementale du programme 147, au-delà des {_percent(POCHE_CEILING)} de la "
            "circulaire du 31 août 2023",
            "vérifiez la part, ou justifiez le dépassement auprès de la préfecture",
        )
        for poche in contrat.poches
        if poche.part is not None and poche.part > POCHE_CEILING
    ]


def poche_commune_problems(contrat: ContratV2) -> list[Problem]:
    problems = []
    for poche in contrat.poches:
        for ref in poche.communes:
            known = any(
                ref.value == c.code_insee or normalise(ref.value) == normalise(c.nom)
                for c in contrat.communes
            )
            if not known:
                problems.append(
                    Problem(
                        ref.path,
                        f"la poche de pauvreté « {poche.nom} » est sur « {ref.value} », hors des "
                        "communes du contrat : une poche est aidée dans les communes de l'EPCI "
                        "(circulaire du 31 août 2023)",
                        "ajoutez la commune à « contrat.communes » ou corrigez le code",
                    )
                )
    return problems


def _actions_of(contrat: ContratV2, priorite: str) -> list[int]:
    return [i for i, a in enumerate(contrat.actions) if a.axe == priorite]


def priority_without_action(contrat: ContratV2) -> list[Problem]:
    return [
        Problem(
            p.path,
            f"la priorité {p.id} (« {p.libelle} ») n'a aucune action",
            f"rattachez au moins une action par « priorite: {p.id} »",
        )
        for p in contrat.priorites
        if not _actions_of(contrat, p.id)
    ]


def priority_without_indicator(contrat: ContratV2) -> list[Problem]:
    problems = []
    data_actions = contrat.document.data["actions"]
    for p in contrat.priorites:
        in_actions = any(data_actions[i].get("indicateurs") for i in _actions_of(contrat, p.id))
        local = contrat.evaluation is not None and any(
            line.priorite is not None and line.priorite.value == p.id and line.nombre
            for line in contrat.evaluation.locaux
        )
        if not in_actions and not local:
            problems.append(
                Problem(
                    p.path,
                    f"la priorité {p.id} (« {p.libelle} ») n'a aucun indicateur, ni dans ses "
                    "actions ni dans « evaluation.indicateurs_locaux » (décret n° 2024-1037, "
                    "art. 2)",
                    "ajoutez un indicateur avec sa valeur de référence et sa cible",
                )
            )
    return problems


# --- Conseils citoyens, steering ----------------------------------------------------------


def qpv_without_conseil(contrat: ContratV2) -> list[Problem]:
    covered = set()
    for conseil in contrat.conseils_citoyens:
        for ref in conseil.qpv:
            quartier = contrat.quartier(ref.value)
            if quartier is not None:
                covered.add(quartier.path)
    return [
        Problem(
            q.path,
            f"le QPV {q.label} n'a pas de conseil citoyen (un par QPV, loi n° 2014-173, art. 7)",
            "ajoutez-le sous « participation.conseils_citoyens » : - {id: …, nom: …, qpv: [code]}",
        )
        for q in contrat.quartiers
        if q.path not in covered
    ]


def conseil_without_representative(contrat: ContratV2) -> list[Problem]:
    instance = contrat.instance_pilotage
    refs = instance.representants if instance else ()
    return [
        Problem(
            conseil.path,
            f"le {conseil.nom} n'a pas de représentants dans l'instance de pilotage du contrat "
            "(loi n° 2014-173, art. 7 I)",
            "ajoutez sous « gouvernance.instance_pilotage.representants_conseils_citoyens » : "
            f"- {{conseil_citoyen: {conseil.id or conseil.nom}, nombre: N}}",
        )
        for conseil in contrat.conseils_citoyens
        if not any(conseil.matches(ref.value) for ref in refs)
    ]


# --- Annual reports -----------------------------------------------------------------------


def report_years_due(contrat: ContratV2, today: dt.date) -> list[int]:
    """The years whose report is due: year N by the end of year N+1."""
    return list(range(contrat.debut.year, today.year - 1))


def missing_reports(contrat: ContratV2, today: dt.date) -> list[Problem]:
    present = {r.annee for r in contrat.rapports}
    listed = "rapports_annuels" in contrat.document.data
    path = ROOT / "rapports_annuels" if listed else ROOT / "periode"
    return [
        Problem(
            path,
            f"aucun rapport annuel sur l'année {year}, attendu au plus tard le "
            f"{french_date(dt.date(year + 1, 12, 31))} (CGCT, art. L. 1111-2)",
            f"ajoutez sous « rapports_annuels » : - {{annee: {year}, adopte_le: AAAA-MM-JJ, ...}}",
        )
        for year in report_years_due(contrat, today)
        if year not in present
    ]


def consultation_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    """Each conseil citoyen receives the draft at least one month before the adoption."""
    problems: list[Problem] = []
    for rapport in contrat.rapports:
        adopted = rapport.adopte_le
        if adopted is None or not adopted.known:
            if contrat.conseils_citoyens and (
                adopted is not None or rapport.annee < today.year - 1
            ):
                problems.append(
                    Problem(
                        rapport.path,
                        f"le rapport annuel {rapport.annee} n'a pas de date d'adoption : la "
                        "consultation des conseils citoyens un mois avant ne peut pas être "
                        "vérifiée",
                        "ajoutez « adopte_le: AAAA-MM-JJ »",
                        vague=True,
                    )
                )
            continue
        if adopted.earliest and adopted.earliest > today:
            continue
        consultations = rapport.consultations or ()
        if rapport.consultations is None and contrat.conseils_citoyens:
            problems.append(
                Problem(
                    rapport.path,
                    f"le rapport annuel {rapport.annee} ne dit pas quels conseils citoyens ont "
                    "été consultés (au moins un mois avant son adoption, CGCT, art. L. 1111-2)",
                    "ajoutez « conseils_citoyens_consultes: [{conseil_citoyen: …, consulte_le: "
                    "AAAA-MM-JJ}] »",
                )
            )
            continue
        for conseil in contrat.conseils_citoyens:
            found = next((c for c in consultations if conseil.matches(c.conseil_citoyen)), None)
            if found is None:
                problems.append(
                    Problem(
                        rapport.path / "conseils_citoyens_consultes",
                        f"le {conseil.nom} n'a pas été consulté sur le rapport annuel "
                        f"{rapport.annee} (CGCT, art. L. 1111-2)",
                        "ajoutez sa consultation, avec sa date",
                    )
                )
                continue
            problems.extend(
                _consultation(rapport.annee, adopted, conseil.nom, found.path, found.consulte_le)
            )
    return problems


def _consultation(
    year: int, adopted: PartialDate, nom: str, path: Path, consulted: PartialDate | None
) -> Iterator[Problem]:
    if consulted is None or not consulted.known:
        yield Problem(
            path,
            f"la date de consultation du {nom} sur le rapport annuel {year} n'est pas connue : "
            "le délai d'un mois avant l'adoption ne peut pas être vérifié",
            "ajoutez « consulte_le: AAAA-MM-JJ »",
            vague=True,
        )
        return
    assert consulted.earliest and consulted.latest and adopted.earliest and adopted.latest
    if add_month(consulted.latest) <= adopted.earliest:
        return
    if add_month(consulted.earliest) > adopted.latest:
        days = (adopted.latest - consulted.earliest).days
        before = f"{days} jour{'s' if days > 1 else ''} avant"
        if not (consulted.exact and adopted.exact):
            before = "au plus " + before
        yield Problem(
            path / "consulte_le",
            f"le {nom} a reçu le projet de rapport annuel {year} {consulted.with_article()}, "
            f"{before} son adoption {adopted.with_article()} : il faut au moins un mois (CGCT, "
            "art. L. 1111-2)",
            "transmettez le projet au moins un mois avant la séance d'adoption",
        )
        return
    yield Problem(
        path / "consulte_le",
        f"dates trop imprécises (consultation {consulted.with_article()}, adoption "
        f"{adopted.with_article()}) pour vérifier que le {nom} a eu un mois pour donner son "
        f"avis sur le rapport annuel {year}",
        "donnez les dates complètes AAAA-MM-JJ",
        vague=True,
    )


def opinions_not_annexed(contrat: ContratV2, today: dt.date) -> list[Problem]:
    return [
        Problem(
            r.path / "avis_annexes",
            f"les avis des conseils citoyens ne sont pas annexés au rapport annuel {r.annee} "
            "(CGCT, art. L. 1111-2)",
            "annexez les avis reçus au rapport",
        )
        for r in contrat.rapports
        if r.avis_annexes is False
        and not (r.adopte_le and r.adopte_le.earliest and r.adopte_le.earliest > today)
    ]


# --- TFPB ---------------------------------------------------------------------------------


def _tax_years(years: tuple[int, ...] | None, today: dt.date) -> list[int]:
    return [y for y in (years or TFPB_YEARS) if dt.date(y, 1, 1) <= today]


def tfpb_signatory_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    """Each bailleur claiming the abatement is a signatory on 1 January of the tax year."""
    problems = []
    for entry in contrat.tfpb:
        years = _tax_years(entry.annees, today)
        if not years:
            continue
        if entry.signataire is True:
            continue
        signataire = (
            contrat.signataire(entry.signataire)
            if isinstance(entry.signataire, str)
            else contrat.signataire(entry.bailleur)
            if entry.signataire is None
            else None
        )
        path = (
            entry.path / "signataire" if "signataire" in _keys(contrat, entry.path) else entry.path
        )
        if signataire is None:
            problems.append(
                Problem(
                    path,
                    f"le bailleur « {entry.bailleur} » demande l'abattement de TFPB pour "
                    f"{_years(years)} sans être signataire du contrat (CGI, art. 1388 bis)",
                    "le bailleur doit signer le contrat : ajoutez-le sous « contrat.signataires »",
                )
            )
            continue
        signed = signataire.signe_le or contrat.signature
        if signed is None:
            continue
        late = [y for y in years if signed.on_or_before(dt.date(y, 1, 1)) is False]
        vague = [y for y in years if signed.on_or_before(dt.date(y, 1, 1)) is None]
        if late:
            problems.append(
                Problem(
                    path,
                    f"le bailleur « {entry.bailleur} » a signé le contrat "
                    f"{signed.with_article()}, après le 1er janvier de l'année d'imposition "
                    f"{_years(late)} : pas d'abattement de TFPB "
                    f"{'cette année-là' if len(late) == 1 else 'ces années-là'} "
                    "(CGI, art. 1388 bis)",
                    "retirez ces années des « annees_fiscales »",
                )
            )
        if vague:
            problems.append(
                Problem(
                    path,
                    f"date de signature du bailleur « {entry.bailleur} » trop imprécise "
                    f"({signed.french()}) pour vérifier qu'il était signataire au 1er janvier "
                    f"{_years(vague)}",
                    "donnez la date complète AAAA-MM-JJ dans « signe_le »",
                    vague=True,
                )
            )
    return problems


def _keys(contrat: ContratV2, path: Path) -> dict[str, object]:
    node: object = contrat.document.data
    for key in path:
        node = node[key] if isinstance(node, (dict, list)) else None  # type: ignore[index]
    return node if isinstance(node, dict) else {}


def tfpb_convention_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    """… and of a convention annexed to the contract, signed by 1 January of the tax year."""
    problems = []
    for entry in contrat.tfpb:
        years = _tax_years(entry.annees, today)
        if not years:
            continue
        dated = entry.date_convention
        if dated is None or entry.annexee is False:
            if dated is None and entry.annexee is False:
                what = "sans convention datée ni annexée au contrat"
            elif dated is None:
                what = "sans convention datée"
            else:
                what = "avec une convention qui n'est pas annexée au contrat"
            problems.append(
                Problem(
                    entry.path,
                    f"le bailleur « {entry.bailleur} » demande l'abattement de TFPB pour "
                    f"{_years(years)} {what} (CGI, art. 1388 bis)",
                    "annexez la convention d'utilisation de l'abattement signée avec la "
                    "commune, l'EPCI et le préfet, avec « date_convention » et « annexee: true »",
                )
            )
            continue
        assert dated is not None
        if entry.annexee is None:
            problems.append(
                Problem(
                    entry.path,
                    f"la convention TFPB du bailleur « {entry.bailleur} » ne dit pas si elle est "
                    "annexée au "
                    "contrat (« annexee »)",
                    "ajoutez « annexee: true » si elle l'est",
                    vague=True,
                )
            )
        late = [y for y in years if dated.on_or_before(dt.date(y, 1, 1)) is False]
        vague = [y for y in years if dated.on_or_before(dt.date(y, 1, 1)) is None]
        if late:
            problems.append(
                Problem(
                    entry.path / "date_convention",
                    f"la convention TFPB du bailleur « {entry.bailleur} » est signée "
                    f"{dated.with_article()}, après le 1er janvier de l'année d'imposition "
                    f"{_years(late)} (CGI, art. 1388 bis)",
                    "retirez ces années des « annees_fiscales », ou corrigez la date",
                )
            )
        if vague:
            problems.append(
                Problem(
                    entry.path / "date_convention",
                    f"date de la convention TFPB du bailleur « {entry.bailleur} » trop imprécise "
                    f"({dated.french()}) pour vérifier qu'elle précède le 1er janvier "
                    f"{_years(vague)}",
                    "donnez la date complète AAAA-MM-JJ",
                    vague=True,
                )
            )
    return problems


# --- QPV codes ----------------------------------------------------------------------------


def qpv_code_problem(code: str, today: dt.date) -> str | None:
    """A 2024–2030 contract names its QPV with the « QN » codes of the 2024 or 2025 lists."""
    if not code.startswith("QP"):
        return None
    overseas = code[2:4] in OVERSEAS
    since = QN_OUTRE_MER if overseas else QN_METROPOLE
    if today < since:
        return None
    listed = (
        "la liste des QPV d'outre-mer en vigueur le 1er janvier 2025 (décret n° 2024-1212 du "
        "27 décembre 2024)"
        if overseas
        else "la liste des QPV 2024 en vigueur le 1er janvier 2024 (décret du 28 décembre 2023)"
    )
    return (
        f"le code {code} est de la géographie 2015 : depuis le {french_date(since)}, un contrat "
        f"2024-2030 cite les codes « QN » de {listed}"
    )


def mayotte_problems(contrat: ContratV2, today: dt.date) -> list[Problem]:
    if today < MAYOTTE_LAW:
        return []
    return [
        Problem(
            q.path / "code",
            f"le code {q.code} est un QPV de Mayotte de la liste de 2025 : depuis la loi "
            "n° 2025-797 du 11 août 2025, chacune des 17 communes de Mayotte est un QPV "
            "(code en « C »)",
            "remplacez-le par le code du QPV communal",
        )
        for q in contrat.quartiers
        if q.code and q.code.startswith("QN976") and not q.code.endswith("C")
    ]


# --- Internal references ------------------------------------------------------------------


def unresolved_problems(contrat: ContratV2) -> list[Problem]:
    """Values that name a QPV, a priority, a conseil citoyen or a signatory the contract lacks."""
    problems: list[Problem] = []

    def qpv(path: Path, value: str) -> None:
        if contrat.quartier(value) is None:
            problems.append(
                Problem(path, f"« {value} » ne désigne aucun QPV de « contrat.qpv » (code ou nom)")
            )

    def priority(path: Path, value: str) -> None:
        if contrat.priorite(value) is None:
            problems.append(
                Problem(path, f"« {value} » ne désigne aucune priorité de « priorites » (clé id)")
            )

    def conseil(path: Path, value: str) -> None:
        if contrat.conseil(value) is None:
            problems.append(
                Problem(
                    path,
                    f"« {value} » ne désigne aucun conseil citoyen de "
                    "« participation.conseils_citoyens » (id ou nom)",
                )
            )

    def signatory(path: Path, value: str) -> None:
        if contrat.signataire(value) is None:
            problems.append(
                Problem(
                    path,
                    f"« {value} » ne désigne aucun signataire de « contrat.signataires » "
                    "(id ou nom)",
                )
            )

    data = contrat.document.data
    for index, raw in enumerate(data.get("priorites", [])):
        for number, ref in enumerate(raw.get("qpv", [])):
            qpv(ROOT / "priorites" / index / "qpv" / number, str(ref))
    for projet in contrat.projets_quartier:
        for ref in projet.qpv:
            qpv(ref.path, ref.value)
        for ref in projet.priorites:
            priority(ref.path, ref.value)
    for ref in contrat.action_priorites:
        if ref is not None:
            priority(ref.path, ref.value)
    for item in contrat.conseils_citoyens:
        for ref in item.qpv:
            qpv(ref.path, ref.value)
    if contrat.evaluation is not None:
        for line in contrat.evaluation.nationaux:
            qpv(line.qpv.path, line.qpv.value)
        for local in contrat.evaluation.locaux:
            if local.priorite is not None:
                priority(local.priorite.path, local.priorite.value)
    for section, key in (
        (("participation", "autres_formes"), "qpv"),
        (("investissement", "projets"), "qpv"),
        (("conventions_annexees", "tfpb"), "qpv"),
        (("conventions_annexees", "anru"), "qpv"),
    ):
        parent: object = data
        for part in section:
            parent = parent.get(part, {}) if isinstance(parent, dict) else {}
        for index, raw in enumerate(parent if isinstance(parent, list) else []):
            for number, ref in enumerate(raw.get(key, [])):
                qpv(ROOT / section[0] / section[1] / index / key / number, str(ref))
    if contrat.instance_pilotage is not None:
        for ref in contrat.instance_pilotage.representants:
            conseil(ref.path, ref.value)
        for ref in contrat.instance_pilotage.membres:
            signatory(ref.path, ref.value)
    for rapport in contrat.rapports:
        for consultation in rapport.consultations or ():
            conseil(consultation.path / "conseil_citoyen", consultation.conseil_citoyen)
    for moyen in contrat.moyens:
        signatory(moyen.path / "signataire", moyen.signataire)
    for acte in contrat.actes:
        for number, ref in enumerate(acte.signataires or ()):
            signatory(acte.path / "signataires" / number, ref)
    for entry in contrat.tfpb:
        if isinstance(entry.signataire, str):
            signatory(entry.path / "signataire", entry.signataire)
    return problems


def wider_partners(contrat: ContratV2) -> list[str]:
    return list(
        dict.fromkeys(
            WIDER_PARTNERS[s.categorie]
            for s in contrat.signataires
            if s.categorie in WIDER_PARTNERS
        )
    )


def rencontre_years_due(today: dt.date) -> list[int]:
    return list(range(FIRST_RENCONTRE_YEAR, today.year))
