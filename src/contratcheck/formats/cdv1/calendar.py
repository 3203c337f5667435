"""The legal calendar of the 2015–2023 contracts: their end, and the requirements added over
their life, as controls (they rate the items of the ``cadre2014`` référentiel) and as rules.

The calendar, from shared/domain.md (sources there):
- contracts of the 2015 generation run 6 years (loi n° 2014-173 du 21 février 2014, art. 6);
- prorogued to 31 Dec 2022 by loi n° 2018-1317 du 28 décembre 2018 (LF 2019), art. 181
  (domain.md §7, §13.3; S101, S68, T18, T19), then to 31 Dec 2023 by the LF 2022, art. 68,
  of 30 Dec 2021 (domain.md §7; S113, S114), with no local avenant needed;
- the PERR is due before the end of July 2019 (circulaire n° 6057/SG du 22 janvier 2019;
  domain.md §5; S9, S54) for contracts in force when the circulaire was signed;
- the culture volet since the instruction of 21 May 2015 (domain.md §13.3; T16, T17), the
  sport volet since the circulaire of 19 April 2019 (T13, T14, T15);
- one conseil citoyen per QPV (loi n° 2014-173, art. 7; domain.md §6.1; S80);
- QPV geography: `QP` codes until 2023 (domain.md §8.1).
The mid-term evaluation is due once half of the signed period has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contratcheck.coverage.controls import NOT_YET_DUE, ByActions, Control, Verdict
from contratcheck.formats.view import Contrat
from contratcheck.french import french_date
from contratcheck.model import Status

if TYPE_CHECKING:
    from contratcheck.formats.cdv1.view import Avenant, ContratV1


@dataclass(frozen=True)
class Prorogation:
    """A law that extended the contracts of the 2015 generation."""

    vote_le: dt.date
    jusqu_au: dt.date
    texte: str


PROROGATIONS = (
    Prorogation(
        dt.date(2018, 12, 28), dt.date(2022, 12, 31), "loi de finances pour 2019, art. 181"
    ),
    Prorogation(dt.date(2021, 12, 30), dt.date(2023, 12, 31), "loi de finances pour 2022, art. 68"),
)
CIRCULAIRE_2019 = dt.date(2019, 1, 22)
PERR_DUE = dt.date(2019, 7, 31)
CULTURE_SINCE = dt.date(2015, 5, 21)
SPORT_SINCE = dt.date(2019, 4, 19)
PROLONGATION = "avenant de prolongation"


def v1(contrat: Contrat) -> ContratV1:
    """The format-1 view (the format's controls and rules only ever see its own contracts)."""
    from contratcheck.formats.cdv1.view import ContratV1

    if not isinstance(contrat, ContratV1):
        raise TypeError(f"not a format-1 contract: {contrat.format}")
    return contrat


def legal_end(contrat: Contrat, today: dt.date) -> tuple[dt.date, str | None]:
    """The end of the contract at a date, and the text that set it (None: as signed)."""
    end, basis = contrat.fin, None
    for avenant in v1(contrat).avenants_of("prolongation"):
        if avenant.jusqu_au and avenant.jusqu_au > end and avenant.date.by(today) is not False:
            end, basis = avenant.jusqu_au, PROLONGATION
    for law in PROROGATIONS:
        if law.vote_le <= today and end < law.jusqu_au:
            end, basis = law.jusqu_au, law.texte
    return end, basis


def perr(contrat: Contrat, today: dt.date) -> Verdict:
    """The PERR, owed by the contracts in force on 22 January 2019, after its deadline."""
    if contrat.debut > CIRCULAIRE_2019 or today <= PERR_DUE:
        return NOT_YET_DUE
    # A PERR whose date is vague or unknown counts: the file says it exists (issue 10 §7).
    signed = [a for a in v1(contrat).avenants_of("perr") if a.adopted.by(today) is not False]
    if signed:
        first = signed[0]
        if first.validation is not None:
            return Verdict(Status.COUVERTE, f"PERR validé {first.validation.french()}")
        return Verdict(Status.COUVERTE, f"PERR signé {first.date.french()}")
    return Verdict(Status.MANQUANTE, "aucun avenant « perr »")


def perr_timing(contrat: Contrat, today: dt.date) -> tuple[Avenant, bool | None] | None:
    """The first PERR and whether it was adopted by the deadline (None: its date cannot say)."""
    if perr(contrat, today).status is not Status.COUVERTE:
        return None
    first = next(a for a in v1(contrat).avenants_of("perr") if a.adopted.by(today) is not False)
    return first, first.adopted.by(PERR_DUE)


def mid_term_due(contrat: Contrat) -> dt.date:
    return contrat.debut + (contrat.fin - contrat.debut) / 2


def mid_term(contrat: Contrat, today: dt.date) -> Verdict:
    evaluation = v1(contrat).evaluation_mi_parcours
    if evaluation and evaluation.date.by(today) is not False:
        return Verdict(Status.COUVERTE, f"évaluation remise {evaluation.date.french()}")
    due = mid_term_due(contrat)
    if today <= due:
        return NOT_YET_DUE
    return Verdict(Status.MANQUANTE, f"attendue depuis le {french_date(due)}")


def qpv_without_conseil(contrat: Contrat) -> list[int]:
    """Indexes of the contract's QPV that no conseil citoyen covers."""
    represented = {code for conseil in v1(contrat).conseils_citoyens for code in conseil.qpv}
    # A QPV known only by its name cannot be matched to a conseil (CC515 says its code is missing).
    return [
        i
        for i, qpv in enumerate(contrat.qpv)
        if qpv.code is not None and qpv.code not in represented
    ]


def conseils_citoyens(contrat: Contrat, today: dt.date) -> Verdict:
    conseils = v1(contrat).conseils_citoyens
    if not conseils:
        return Verdict(Status.MANQUANTE, "aucun conseil citoyen")
    lacking = qpv_without_conseil(contrat)
    if lacking:
        codes = ", ".join(contrat.qpv[i].code or contrat.qpv[i].nom for i in lacking)
        return Verdict(Status.PARTIELLE, f"QPV sans conseil citoyen : {codes}")
    return Verdict(Status.COUVERTE, f"{len(conseils)} conseil(s) citoyen(s) pour tous les QPV")


VOLETS = {"culture": CULTURE_SINCE, "sport": SPORT_SINCE}


def volet(contrat: Contrat, name: str, today: dt.date) -> Verdict:
    adopted = v1(contrat).volet(name)
    if adopted and adopted.date.by(today) is not False:
        return Verdict(Status.COUVERTE, f"adopté {adopted.date.french()}")
    since = VOLETS[name]
    if today < since:
        return NOT_YET_DUE
    return Verdict(Status.MANQUANTE, f"attendu depuis le {french_date(since)}")


def _by_pilier(contrat: Contrat, value: str | None, today: dt.date) -> ByActions:
    return ByActions(tuple(a for a in contrat.actions if a.axe == value))


def _by_transversal(contrat: Contrat, value: str | None, today: dt.date) -> ByActions:
    return ByActions(tuple(a for a in contrat.actions if value in a.axes_transversaux))


CONTROLS = (
    Control("pilier", _by_pilier, "actions du pilier"),
    Control("axe-transversal", _by_transversal, "actions de l'axe transversal"),
    Control(
        "perr", lambda c, _, today: perr(c, today), "protocole d'engagements renforcés", ("CC502",)
    ),
    Control(
        "evaluation-mi-parcours", lambda c, _, today: mid_term(c, today), "évaluation", ("CC503",)
    ),
    Control(
        "conseils-citoyens",
        lambda c, _, today: conseils_citoyens(c, today),
        "conseils",
        ("CC504", "CC505"),
    ),
    Control(
        "volet-culture", lambda c, _, today: volet(c, "culture", today), "volet culture", ("CC506",)
    ),
    Control("volet-sport", lambda c, _, today: volet(c, "sport", today), "volet sport", ("CC507",)),
)
