"""Contract-level checks on the legal calendar of the contrats de ville (rules CC5xx).

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
- QPV geography: `QP` codes until 2023; `QN` codes from 1 Jan 2024 in métropole (décret
  n° 2023-1314) and from 1 Jan 2025 overseas (décrets 2024-1211, 2024-1212) (domain.md §7, §8.1).
The mid-term evaluation is due once half of the signed period has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from contratcheck.dates import french_date
from contratcheck.formats.cdv1.view import Contrat, parse_date, to_date
from contratcheck.model import Finding, Status, YamlPath
from contratcheck.rules.registry import FindingList


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
QN_METROPOLE_SINCE = dt.date(2024, 1, 1)
QN_OUTRE_MER_SINCE = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class Control:
    """The outcome of one contract-level requirement (None status: not yet due)."""

    status: Status | None
    reason: str


def legal_end(contrat: Contrat, today: dt.date) -> tuple[dt.date, str | None]:
    """The end of the contract at a date, and the law that set it (None: as signed)."""
    end, basis = contrat.fin, None
    for _, avenant in contrat.avenants("prolongation"):
        until = parse_date(avenant.get("jusqu_au"))
        if until and until > end and to_date(avenant["date"]) <= today:
            end, basis = until, "avenant de prolongation"
    if contrat.generation == "2015-2023":
        for law in PROROGATIONS:
            if law.vote_le <= today and end < law.jusqu_au:
                end, basis = law.jusqu_au, law.texte
    return end, basis


class _Checks:
    def __init__(self, contrat: Contrat, today: dt.date) -> None:
        self.contrat = contrat
        self.today = today
        self.findings = FindingList(contrat.document.name)
        self.controls: dict[str, Control] = {}

    def period(self) -> None:
        contrat, today = self.contrat, self.today
        position = contrat.position(("periode", "fin"))
        if contrat.fin < contrat.debut:
            self.findings.add(
                "CC312",
                f"la fin du contrat ({contrat.fin.isoformat()}) précède son début "
                f"({contrat.debut.isoformat()})",
                ("periode", "fin"),
                position,
            )
            return
        end, basis = legal_end(contrat, today)
        if basis and basis != "avenant de prolongation" and contrat.fin < end:
            self.findings.add(
                "CC508",
                f"la fin signée ({contrat.fin.isoformat()}) est prorogée par la loi jusqu'au "
                f"{french_date(end)} ({basis}), sans avenant nécessaire",
                ("periode", "fin"),
                position,
            )
        if today > end:
            successor = (
                " ; les contrats « Engagements Quartiers 2030 » (2024-2030) lui succèdent"
                if contrat.generation == "2015-2023"
                else ""
            )
            law = f" ({basis})" if basis else ""
            self.findings.add(
                "CC501",
                f"le contrat a pris fin le {french_date(end)}{law}{successor}",
                ("periode", "fin"),
                position,
                "préparez le contrat qui lui succède, ou ajoutez l'avenant de prolongation signé",
            )

    def perr(self) -> None:
        contrat, today = self.contrat, self.today
        applies = contrat.generation == "2015-2023" and contrat.debut <= CIRCULAIRE_2019
        if not applies or today <= PERR_DUE:
            self.controls["perr"] = Control(None, "pas encore exigible")
            return
        perrs = [a for _, a in contrat.avenants("perr") if to_date(a["date"]) <= today]
        if perrs:
            self.controls["perr"] = Control(
                Status.COUVERTE, f"PERR signé le {french_date(to_date(perrs[0]['date']))}"
            )
            return
        self.controls["perr"] = Control(Status.MANQUANTE, "aucun avenant « perr »")
        self.findings.add(
            "CC502",
            "aucun protocole d'engagements renforcés et réciproques (PERR) : il était attendu "
            f"avant le {french_date(PERR_DUE)} (circulaire du 22 janvier 2019)",
            ("periode", "avenants"),
            contrat.position(("periode", "avenants"), ("periode",)),
            "ajoutez sous « periode.avenants » : - {nature: perr, date: AAAA-MM-JJ}",
        )

    def mid_term(self) -> None:
        contrat, today = self.contrat, self.today
        due = contrat.debut + (contrat.fin - contrat.debut) / 2
        evaluation = contrat.gouvernance().get("evaluation_mi_parcours")
        if evaluation and to_date(evaluation["date"]) <= today:
            self.controls["evaluation-mi-parcours"] = Control(
                Status.COUVERTE, f"évaluation remise le {french_date(to_date(evaluation['date']))}"
            )
            return
        if today <= due:
            self.controls["evaluation-mi-parcours"] = Control(None, "pas encore exigible")
            return
        self.controls["evaluation-mi-parcours"] = Control(
            Status.MANQUANTE, f"attendue depuis le {french_date(due)}"
        )
        self.findings.add(
            "CC503",
            "aucune évaluation à mi-parcours, attendue depuis le "
            f"{french_date(due)} (moitié de la période signée)",
            ("gouvernance", "evaluation_mi_parcours"),
            contrat.position(("gouvernance",), ("periode",)),
            "ajoutez « gouvernance.evaluation_mi_parcours: {date: AAAA-MM-JJ} »",
        )

    def conseils_citoyens(self) -> None:
        contrat = self.contrat
        conseils = contrat.gouvernance().get("conseils_citoyens", [])
        if not conseils:
            self.controls["conseils-citoyens"] = Control(Status.MANQUANTE, "aucun conseil citoyen")
            self.findings.add(
                "CC504",
                "la gouvernance ne cite aucun conseil citoyen (un par QPV, loi du 21 février "
                "2014, art. 7)",
                ("gouvernance", "conseils_citoyens"),
                contrat.position(("gouvernance",), ("contrat",)),
            )
            return
        represented = {code for conseil in conseils for code in conseil["qpv"]}
        lacking = [(i, code) for i, code in enumerate(contrat.qpv) if code not in represented]
        for index, code in lacking:
            self.findings.add(
                "CC505",
                f"le QPV {code} n'a pas de conseil citoyen dans la gouvernance",
                ("contrat", "qpv", index),
                contrat.document.position(("contrat", "qpv", index)),
            )
        if lacking:
            codes = ", ".join(code for _, code in lacking)
            self.controls["conseils-citoyens"] = Control(
                Status.PARTIELLE, f"QPV sans conseil citoyen : {codes}"
            )
        else:
            self.controls["conseils-citoyens"] = Control(
                Status.COUVERTE, f"{len(conseils)} conseil(s) citoyen(s) pour tous les QPV"
            )

    def volet(self, name: str, since: dt.date, code: str, text: str) -> None:
        contrat, today = self.contrat, self.today
        key = f"volet-{name}"
        volet = contrat.volets().get(name)
        if volet and to_date(volet["adopte_le"]) <= today:
            self.controls[key] = Control(
                Status.COUVERTE, f"adopté le {french_date(to_date(volet['adopte_le']))}"
            )
            return
        if today < since or contrat.generation != "2015-2023":
            self.controls[key] = Control(None, "pas encore exigible")
            return
        self.controls[key] = Control(Status.MANQUANTE, f"attendu depuis le {french_date(since)}")
        self.findings.add(
            code,
            f"le contrat n'a pas de volet {name} ({text}, depuis le {french_date(since)})",
            ("volets", name),
            contrat.position(("volets",), ("gouvernance",), ("contrat",)),
            f"ajoutez « volets.{name}: {{adopte_le: AAAA-MM-JJ}} »",
        )

    def geography(self) -> None:
        contrat, today = self.contrat, self.today
        for index, code in enumerate(contrat.qpv):
            overseas = code[2:4] == "97" or code[2:4] == "98"
            path: YamlPath = ("contrat", "qpv", index, "code")
            position = contrat.document.position(path)
            if contrat.generation == "2015-2023" and code.startswith("QN"):
                self.findings.add(
                    "CC509",
                    f"le code {code} est de la géographie 2024, alors que le contrat est de la "
                    "génération 2015-2023 (codes « QP »)",
                    path,
                    position,
                )
            elif contrat.generation == "2024-2030" and code.startswith("QP"):
                since = QN_OUTRE_MER_SINCE if overseas else QN_METROPOLE_SINCE
                if today >= since:
                    self.findings.add(
                        "CC509",
                        f"le code {code} est de la géographie 2015, remplacée le "
                        f"{french_date(since)} (codes « QN ») : utilisez le code du quartier "
                        "dans la nouvelle liste",
                        path,
                        position,
                    )


def check_calendar(contrat: Contrat, today: dt.date) -> tuple[list[Finding], dict[str, Control]]:
    """Run the contract-level checks; return findings and the state of each requirement."""
    checks = _Checks(contrat, today)
    checks.period()
    checks.perr()
    checks.mid_term()
    checks.conseils_citoyens()
    checks.volet("culture", CULTURE_SINCE, "CC506", "instruction du 21 mai 2015")
    checks.volet("sport", SPORT_SINCE, "CC507", "circulaire du 19 avril 2019")
    checks.geography()
    return checks.findings, checks.controls
