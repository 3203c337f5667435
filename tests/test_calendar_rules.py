"""The legal calendar of a format-1 contract (formats/cdv1/calendar.py and rules.py, rules/
calendrier.py): each deadline on its day and the day after, each branch of the legal end."""

from __future__ import annotations

import pytest

from .contracts import check, contract, line_of

PERIOD_2015 = "periode:\n  debut: 2015-01-01\n  fin: 2020-12-31\n"


def _period(debut: str = "2015-01-01", fin: str = "2020-12-31", *avenants: str) -> str:
    text = f"periode:\n  debut: {debut}\n  fin: {fin}\n"
    if avenants:
        text += "  avenants:\n" + "".join(f"    - {a}\n" for a in avenants)
    return text


PERR = "{nature: perr, date: 2019-07-01}"

# --- the legal end: prolongation avenants and the laws -------------------------------------


def test_a_prolongation_avenant_moves_the_end_and_is_named() -> None:
    text = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            PERR,
            "{nature: prolongation, date: 2023-10-01, jusqu_au: 2024-06-30}",
        )
    )
    for day in ("2024-03-01", "2024-06-30"):
        result = check(text, day)
        assert result.codes("CC501", "CC508") == [], day
        assert result.result.evalue_au is None
    ended = check(text, "2024-07-01")
    assert ended.messages("CC501") == [
        "le contrat a pris fin le 30 juin 2024 (avenant de prolongation) ; les contrats "
        "« Engagements Quartiers 2030 » (2024-2030) lui succèdent"
    ]
    assert ended.where("CC501") == [(9, 3)]
    assert ended.of("CC501")[0].hint == (
        "préparez le contrat qui lui succède, ou ajoutez l'avenant de prolongation signé"
    )
    assert ended.result.evalue_au == "2024-06-30"


def test_a_prolongation_signed_after_the_check_date_does_not_count_yet() -> None:
    text = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            PERR,
            "{nature: prolongation, date: 2024-05-01, jusqu_au: 2024-06-30}",
        )
    )
    assert check(text, "2024-03-01").messages("CC501") == [
        "le contrat a pris fin le 31 décembre 2023 (loi de finances pour 2022, art. 68) ; les "
        "contrats « Engagements Quartiers 2030 » (2024-2030) lui succèdent"
    ]
    # Signed « en 2024 »: it may have been signed by 1 March, so it counts (conservative).
    vague = text.replace("date: 2024-05-01", "date: 2024")
    assert check(vague, "2024-03-01").codes("CC501") == []


def test_the_longest_prolongation_wins_and_a_shorter_one_is_ignored() -> None:
    text = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            PERR,
            "{nature: prolongation, date: 2023-06-01, jusqu_au: 2024-09-30}",
            "{nature: prolongation, date: 2023-07-01, jusqu_au: 2024-03-31}",
        )
    )
    assert check(text, "2024-06-01").codes("CC501") == []
    assert (
        check(text, "2024-10-01")
        .messages("CC501")[0]
        .startswith("le contrat a pris fin le 30 septembre 2024 (avenant de prolongation)")
    )


def test_a_prolongation_to_the_signed_end_changes_nothing() -> None:
    """Before any law, a prolongation that does not go past the signed end is no basis."""
    text = contract(
        _period(
            "2014-06-01",
            "2017-12-31",
            PERR,
            "{nature: prolongation, date: 2017-06-01, jusqu_au: 2017-12-31}",
        )
    )
    assert check(text, "2018-06-01").messages("CC501") == [
        "le contrat a pris fin le 31 décembre 2017 ; les contrats « Engagements Quartiers "
        "2030 » (2024-2030) lui succèdent"
    ]


def test_a_prolongation_shorter_than_the_law_gives_way_to_the_law() -> None:
    text = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            PERR,
            "{nature: prolongation, date: 2020-06-01, jusqu_au: 2021-06-30}",
        )
    )
    assert check(text, "2021-06-01").messages("CC508") == [
        "la fin signée, le 31 décembre 2020, est prorogée par la loi jusqu'au 31 décembre 2022 "
        "(loi de finances pour 2019, art. 181), sans avenant nécessaire"
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2018-12-27", []),
        (
            "2018-12-28",
            ["jusqu'au 31 décembre 2022 (loi de finances pour 2019, art. 181)"],
        ),
        (
            "2021-12-29",
            ["jusqu'au 31 décembre 2022 (loi de finances pour 2019, art. 181)"],
        ),
        (
            "2021-12-30",
            ["jusqu'au 31 décembre 2023 (loi de finances pour 2022, art. 68)"],
        ),
    ],
)
def test_each_law_applies_from_the_day_it_was_voted(day: str, expected: list[str]) -> None:
    result = check(contract(), day)
    said = [m.split("prorogée par la loi ")[1] for m in result.messages("CC508")]
    assert [m.split(", sans")[0] for m in said] == expected
    assert result.where("CC508") == [(9, 3)] * len(expected)


def test_a_contract_already_ending_at_the_law_date_is_not_prorogued_by_it() -> None:
    text = contract(_period("2017-01-01", "2022-12-31", PERR))
    assert check(text, "2021-06-01").codes("CC508") == []
    assert check(text, "2022-06-01").messages("CC508") == [
        "la fin signée, le 31 décembre 2022, est prorogée par la loi jusqu'au 31 décembre 2023 "
        "(loi de finances pour 2022, art. 68), sans avenant nécessaire"
    ]


def test_the_last_day_of_the_legal_end_is_still_in_force() -> None:
    assert check(contract(), "2023-12-31").codes("CC501") == []
    ended = check(contract(), "2024-01-01")
    assert ended.codes("CC501") == ["CC501"]
    assert ended.result.evalue_au == "2023-12-31"


def test_reversed_period_gives_cc312_and_no_calendar_end() -> None:
    result = check(contract(_period("2021-01-01", "2020-12-31", PERR)), "2025-01-01")
    assert result.codes("CC312", "CC501", "CC508") == ["CC312"]
    assert result.messages("CC312") == [
        "la fin du contrat, le 31 décembre 2020, précède son début, le 1er janvier 2021"
    ]
    assert result.result.evalue_au is None


# --- the PERR ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debut", "day", "owed"),
    [
        ("2019-01-22", "2019-07-31", False),  # in force on the circulaire's day, not yet due
        ("2019-01-22", "2019-08-01", True),
        ("2019-01-23", "2019-08-01", False),  # signed after the circulaire: never owed
        ("2019-01-23", "2022-06-01", False),
    ],
)
def test_perr_owed_by_contracts_in_force_on_22_january_2019(
    debut: str, day: str, owed: bool
) -> None:
    text = contract(_period(debut, "2022-12-31") + "referentiels: [cadre2014]\n")
    result = check(text, day)
    if owed:
        assert result.messages("CC502") == [
            "aucun protocole d'engagements renforcés et réciproques (PERR) : il était attendu "
            "avant le 31 juillet 2019 (circulaire du 22 janvier 2019)"
        ]
        assert result.where("CC502") == [(7, 1)]
        assert result.status("cadre2014:perr") == ("manquante", "aucun avenant « perr »")
    else:
        assert result.codes("CC502") == []
        assert result.status("cadre2014:perr") is None


def test_a_perr_signed_after_the_check_date_is_still_missing() -> None:
    text = contract(
        _period("2015-01-01", "2020-12-31", "{nature: perr, date: 2019-10-01}")
        + "referentiels: [cadre2014]\n"
    )
    assert check(text, "2019-09-01").codes("CC502", "CC514") == ["CC502"]
    later = check(text, "2019-10-01")
    assert later.codes("CC502", "CC514") == ["CC514"]
    assert later.status("cadre2014:perr") == ("couverte", "PERR signé le 1er octobre 2019")
    assert later.messages("CC514") == [
        "le PERR a été signé le 1er octobre 2019, après l'échéance du 31 juillet 2019 "
        "(circulaire du 22 janvier 2019)"
    ]


def test_a_perr_on_its_deadline_is_on_time_and_validation_counts() -> None:
    on_time = contract(
        _period("2015-01-01", "2020-12-31", "{nature: perr, date: 2019-07-31}")
        + "referentiels: [cadre2014]\n"
    )
    assert check(on_time, "2020-01-01").codes("CC502", "CC513", "CC514") == []
    validated = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            "{nature: perr, date: 2019-10-01, validation: 2019-07-15}",
        )
        + "referentiels: [cadre2014]\n"
    )
    result = check(validated, "2020-01-01")
    assert result.codes("CC502", "CC513", "CC514") == []
    assert result.status("cadre2014:perr") == ("couverte", "PERR validé le 15 juillet 2019")
    late = validated.replace("validation: 2019-07-15", "validation: 2019-08-15")
    assert check(late, "2020-01-01").messages("CC514") == [
        "le PERR a été validé le 15 août 2019, après l'échéance du 31 juillet 2019 "
        "(circulaire du 22 janvier 2019)"
    ]


def test_only_the_first_perr_is_judged() -> None:
    text = contract(
        _period(
            "2015-01-01",
            "2020-12-31",
            "{nature: perr, date: 2019-06-01}",
            "{nature: perr, date: 2019-11-01}",
        )
        + "referentiels: [cadre2014]\n"
    )
    result = check(text, "2020-01-01")
    assert result.codes("CC502", "CC513", "CC514") == []
    assert result.status("cadre2014:perr") == ("couverte", "PERR signé le 1er juin 2019")


# --- the mid-term evaluation, conseils citoyens, volets ----------------------------------------


def test_mid_term_evaluation_due_after_half_the_signed_period() -> None:
    # 2015-01-01 → 2020-12-31: half is reached on 31 December 2017.
    text = contract(
        "gouvernance:\n  conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]\n"
    )
    assert check(text, "2017-12-31").codes("CC503") == []
    late = check(text, "2018-01-01")
    assert late.messages("CC503") == [
        "aucune évaluation à mi-parcours, attendue depuis le 31 décembre 2017 (moitié de la "
        "période signée)"
    ]
    assert late.where("CC503") == [(line_of(text, "gouvernance:"), 1)]
    # Given a date after the check date, the evaluation has not happened yet.
    planned = text.replace(
        "qpv: [QP001001]}]\n", "qpv: [QP001001]}]\n  evaluation_mi_parcours: {date: 2018-06-30}\n"
    )
    assert check(planned, "2018-03-01").codes("CC503") == ["CC503"]
    assert check(planned, "2018-06-30").codes("CC503") == []


def test_mid_term_status_and_reasons() -> None:
    declared = "referentiels: [cadre2014]\n"
    done = check(contract(declared), "2019-01-01")
    assert done.status("cadre2014:evaluation-mi-parcours") == (
        "couverte",
        "évaluation remise le 30 juin 2018",
    )
    missing = contract(
        declared + "gouvernance:\n  conseils_citoyens: [{nom: C, qpv: [QP001001]}]\n"
    )
    assert check(missing, "2019-01-01").status("cadre2014:evaluation-mi-parcours") == (
        "manquante",
        "attendue depuis le 31 décembre 2017",
    )
    assert check(missing, "2017-06-01").status("cadre2014:evaluation-mi-parcours") is None


_THREE_QPV = """\
contrat:
  nom: Contrat à trois quartiers
  porteur: {nature: epci, nom: CA, siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv:
    - {code: QP001001, nom: Quartier A}
    - {code: QP001002, nom: Quartier B}
    - {code: QP001003, nom: Quartier C}
    - {nom: Quartier sans code}
referentiels: [cadre2014]
"""


def test_every_qpv_without_a_conseil_citoyen_is_reported() -> None:
    result = check(contract(_THREE_QPV), "2019-01-01")
    assert result.messages("CC505") == [
        "le QPV QP001002 n'a pas de conseil citoyen dans la gouvernance",
        "le QPV QP001003 n'a pas de conseil citoyen dans la gouvernance",
    ]
    assert result.where("CC505") == [(8, 7), (9, 7)]
    assert result.codes("CC504", "CC515") == ["CC515"]
    assert result.status("cadre2014:conseils-citoyens") == (
        "partielle",
        "QPV sans conseil citoyen : QP001002, QP001003",
    )
    assert result.exit_code == 1


def test_a_conseil_for_several_qpv_covers_them_all() -> None:
    text = contract(_THREE_QPV).replace(
        "qpv: [QP001001]}]", "qpv: [QP001001, QP001002]}, {nom: Conseil C, qpv: [QP001003]}]"
    )
    result = check(text, "2019-01-01")
    assert result.codes("CC504", "CC505") == []
    assert result.status("cadre2014:conseils-citoyens") == (
        "couverte",
        "2 conseil(s) citoyen(s) pour tous les QPV",
    )


def test_no_conseil_citoyen_at_all() -> None:
    text = contract(_THREE_QPV + "gouvernance:\n  evaluation_mi_parcours: {date: 2018-06-30}\n")
    result = check(text, "2019-01-01")
    assert result.codes("CC504", "CC505") == ["CC504"]
    assert result.where("CC504") == [(line_of(text, "gouvernance:"), 1)]
    assert result.status("cadre2014:conseils-citoyens") == ("manquante", "aucun conseil citoyen")


@pytest.mark.parametrize(
    ("name", "since", "before", "on"),
    [
        ("culture", "21 mai 2015", "2015-05-20", "2015-05-21"),
        ("sport", "19 avril 2019", "2019-04-18", "2019-04-19"),
    ],
)
def test_a_volet_is_not_owed_before_its_date(name: str, since: str, before: str, on: str) -> None:
    other = "sport" if name == "culture" else "culture"
    date = "2019-06-01" if other == "sport" else "2015-01-01"
    text = contract(
        _period("2015-01-01", "2020-12-31")
        + f"volets:\n  {other}: {{adopte_le: {date}}}\nreferentiels: [cadre2014]\n"
    )
    code = {"culture": "CC506", "sport": "CC507"}[name]
    assert check(text, before).codes(code) == []
    assert check(text, before).status(f"cadre2014:volet-{name}") is None
    result = check(text, on)
    text_of = {"culture": "instruction du 21 mai 2015", "sport": "circulaire du 19 avril 2019"}
    assert result.messages(code) == [
        f"le contrat n'a pas de volet {name} ({text_of[name]}, depuis le {since})"
    ]
    assert result.of(code)[0].hint == f"ajoutez « volets.{name}: {{adopte_le: AAAA-MM-JJ}} »"
    assert result.where(code) == [(line_of(text, "volets:"), 1)]
    assert result.status(f"cadre2014:volet-{name}") == ("manquante", f"attendu depuis le {since}")


def test_a_volet_adopted_after_the_check_date_is_missing_until_then() -> None:
    text = contract(
        "volets:\n  culture: {adopte_le: 2016-01-01}\n  sport: {adopte_le: 2020-01-01}\n"
        "referentiels: [cadre2014]\n"
    )
    assert check(text, "2019-06-01").codes("CC506", "CC507") == ["CC507"]
    later = check(text, "2020-01-01")
    assert later.codes("CC506", "CC507") == []
    assert later.status("cadre2014:volet-sport") == ("couverte", "adopté le 1er janvier 2020")


# --- the geography of the QPV codes ----------------------------------------------------------

_OVERSEAS = """\
contrat:
  nom: Contrat d'outre-mer
  porteur: {nature: epci, nom: CA, siren: "200071751"}
  communes: [{code_insee: "97101", nom: Les Abymes}, {code_insee: "97414", nom: Saint-Louis}]
  qpv:
    - {code: QP971005, nom: Quartier A}
    - {code: QP971002, nom: Quartier B}
    - {code: QN97401I, nom: Le Gol}
    - {code: QN97651C, nom: Acoua}
gouvernance:
  conseils_citoyens: [{nom: Conseil citoyen, qpv: [QP971005, QP971002, QN97401I, QN97651C]}]
  evaluation_mi_parcours: {date: 2018-06-30}
"""


def test_overseas_qpv_codes() -> None:
    """Overseas « QP97x » codes are of the 2015 geography; « QN97… » ones are of 2024's."""
    result = check(contract(_OVERSEAS))
    assert result.codes("CC206", "CC505") == []
    assert result.messages("CC509") == [
        "le code QN97401I est de la géographie 2024, alors que le contrat est de la génération "
        "2015-2023 (codes « QP »)",
        "le code QN97651C est de la géographie 2024, alors que le contrat est de la génération "
        "2015-2023 (codes « QP »)",
    ]
    assert result.where("CC509") == [(9, 14), (10, 14)]


@pytest.mark.parametrize("code", ["QP97100", "QP9710050", "QN9740I", "QN97401X", "QX971005"])
def test_malformed_overseas_codes_are_schema_errors(code: str) -> None:
    text = contract(_OVERSEAS.replace("QP971005", code))
    assert check(text).messages("CC206")[0].startswith(f"Code QPV mal formé : « {code} »")


# --- local axes ------------------------------------------------------------------------------


def test_local_axis_suggestion_and_declared_axis() -> None:
    text = contract(
        "axes_locaux: [{id: habitat-indigne, libelle: Lutte contre l'habitat indigne}]\n"
        "actions:\n"
        "  - {id: A1, titre: Action, pilier: habitat-indign, statut: prevue}\n"
        "  - {id: A2, titre: Action, pilier: habitat-indigne, statut: prevue}\n"
        "  - {id: A3, titre: Action, pilier: zzz, statut: prevue}\n"
    )
    result = check(text)
    assert result.messages("CC314") == [
        "l'action « A1 » cite le pilier « habitat-indign », ni pilier national ni axe local "
        "déclaré : vouliez-vous dire « habitat-indigne » ?",
        "l'action « A3 » cite le pilier « zzz », ni pilier national ni axe local déclaré",
    ]


# --- the official QPV list (--liste-qpv) ------------------------------------------------------

# A fictitious list of the 2015 geography (codes « QP »), in the ANCT's columns.
_LIST_2015 = (
    "code_qp;lib_qp;insee_com\n"
    "QP001001;Quartier A;1053\n"
    "QP001002;Quartier B;01004\n"
    "QP001003;Quartier des Vennes;01053\n"
)
_LISTED = """\
contrat:
  nom: Contrat
  porteur: {nature: epci, nom: CA, siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv:
    - {code: QP001001, nom: Quartier A}
    - {code: QP001002, nom: Quartier B}
    - {code: QP001009, nom: Quartier inconnu}
    - {nom: Quartier des Venne}
gouvernance:
  conseils_citoyens: [{nom: Conseil citoyen, qpv: [QP001001, QP001002, QP001009]}]
  evaluation_mi_parcours: {date: 2018-06-30}
"""


def _with_list(tmp_path, text: str, rows: str = _LIST_2015):  # type: ignore[no-untyped-def]
    from contratcheck.loading.qpv_list import read_qpv_list

    path = tmp_path / "liste.csv"
    path.write_text(rows, encoding="utf-8")
    return check(contract(text), qpv_list=read_qpv_list(path)), str(path)


def test_qpv_list_unknown_code_other_commune_and_missing_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result, source = _with_list(tmp_path, _LISTED)
    assert result.messages("CC510") == [
        "le code QPV QP001009 n'existe pas dans la liste officielle fournie : vouliez-vous dire "
        "« QP001003 » ?"
    ]
    assert result.of("CC510")[0].hint == f"liste : {source}"
    text = contract(_LISTED)
    assert result.where("CC510") == [(line_of(text, "    - {code: QP001009"), 14)]
    assert result.messages("CC511") == [
        "le QPV QP001002 (Quartier B) est situé sur 01004, aucune des communes du contrat"
    ]
    assert result.where("CC511") == [(line_of(text, "    - {code: QP001002"), 14)]
    assert result.messages("CC515") == [
        "le QPV « Quartier des Venne » n'a pas de code : ses contrôles par code (géographie, "
        "liste officielle, conseil citoyen) ne peuvent pas être faits ; la liste fournie "
        "connaît « Quartier des Vennes » : QP001003"
    ]
    assert result.codes("CC512") == []


def test_a_list_of_the_other_geography_checks_nothing_and_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = "code_qp;lib_qp;insee_com\nQN00101M;Grande Reyssouze;1053\n"
    result, _ = _with_list(tmp_path, _LISTED, rows)
    assert result.codes("CC510", "CC511") == []
    assert result.messages("CC512") == [
        "la liste des QPV fournie ne contient aucun code de la géographie de QP001001 : "
        "QP001001, QP001002, QP001009 non vérifié(s)"
    ]
    assert result.where("CC512") == [(line_of(contract(_LISTED), "    - {code: QP001001"), 14)]
    # Without a list, only the missing code is said, with no suggestion.
    alone = check(contract(_LISTED))
    assert alone.codes("CC510", "CC511", "CC512") == []
    assert alone.messages("CC515")[0].endswith("ne peuvent pas être faits")
