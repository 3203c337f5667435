"""The « références » rules on the actions themselves (rules/references.py): each message, its
place and its boundary."""

from __future__ import annotations

from .contracts import check, contract, line_of, shipped

_ACTIONS = contract(
    "actions:\n"
    "  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, "
    "qpv: [QP001001, QP001999], calendrier: {debut: 2022-01-01, echeance: 2021-12-31}}\n"
    "  - {id: A2, titre: Action, pilier: cohesion-sociale, statut: prevue, "
    "calendrier: {debut: 2021-01-01, echeance: 2021-01-01}}\n"
    "  - {id: A1, titre: Seconde, pilier: cohesion-sociale, statut: prevue}\n"
    "  - {id: A3, titre: Ref, pilier: cohesion-sociale, statut: prevue, "
    "references: [paqt:alternance, zzz:yyy, paqte:alternanse]}\n"
)
_FIRST = line_of(_ACTIONS, "  - {id: A1")


def _column(line: int, word: str) -> int:
    return _ACTIONS.splitlines()[line - 1].index(word) + 1


def test_action_rules_say_what_and_where() -> None:
    result = check(_ACTIONS)
    found = [
        (f.code, f.position.line, f.position.column, f.message)
        for f in result.findings
        if f.code.startswith("CC3")
    ]
    assert found == [
        (
            "CC311",
            _FIRST,
            _column(_FIRST, "QP001999"),
            "l'action « A1 » cite le QPV QP001999, absent de « contrat.qpv »",
        ),
        (
            "CC312",
            _FIRST,
            _column(_FIRST, "2021-12-31"),
            "l'échéance de l'action « A1 », le 31 décembre 2021, précède son début, le 1er "
            "janvier 2022",
        ),
        (
            "CC310",
            _FIRST + 1,
            _column(_FIRST + 1, "2021-01-01}"),
            "l'action « A2 » a dépassé son échéance du 1er janvier 2021 sans être réalisée : "
            "elle ne compte plus",
        ),
        (
            "CC307",
            _FIRST + 2,
            10,
            f"l'identifiant d'action « A1 » est déjà utilisé ligne {_FIRST}",
        ),
        (
            "CC301",
            _FIRST + 3,
            _column(_FIRST + 3, "paqt:"),
            "référence « paqt:alternance » inconnue (référentiel introuvable) : vouliez-vous "
            "dire « paqte:alternance » ?",
        ),
        (
            "CC301",
            _FIRST + 3,
            _column(_FIRST + 3, "zzz"),
            "référence « zzz:yyy » inconnue (référentiel introuvable)",
        ),
        (
            "CC301",
            _FIRST + 3,
            _column(_FIRST + 3, "paqte:alternanse"),
            "référence « paqte:alternanse » inconnue (item introuvable) : vouliez-vous dire "
            "« paqte:alternance » ?",
        ),
    ]
    assert result.of("CC310")[0].hint == (
        "passez son statut à « realisee » ou « abandonnee », ou reportez l'échéance"
    )
    assert result.exit_code == 1


def test_an_action_starting_and_ending_the_same_day_is_consistent() -> None:
    result = check(_ACTIONS)
    assert [f.message for f in result.of("CC312")] == [
        "l'échéance de l'action « A1 », le 31 décembre 2021, précède son début, le 1er janvier 2022"
    ]


def test_done_or_abandoned_actions_are_never_overdue() -> None:
    for statut in ("realisee", "abandonnee"):
        text = _ACTIONS.replace(
            "{id: A2, titre: Action, pilier: cohesion-sociale, statut: prevue",
            f"{{id: A2, titre: Action, pilier: cohesion-sociale, statut: {statut}",
        )
        assert check(text).codes("CC310") == [], statut


def test_an_action_without_qpv_or_dates_is_fine() -> None:
    text = contract(
        "actions:\n  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue}\n"
    )
    assert [c for c in check(text).codes() if c.startswith("CC3")] == []


def test_a_one_day_period_is_consistent_and_a_reversed_one_points_at_its_end() -> None:
    same_day = contract().replace("fin: 2020-12-31", "fin: 2015-01-01")
    assert check(same_day).codes("CC312") == []
    reversed_period = contract().replace("fin: 2020-12-31", "fin: 2014-12-31")
    (finding,) = check(reversed_period).of("CC312")
    assert finding.path == ("periode", "fin")
    assert (finding.position.line, finding.position.column) == (
        line_of(reversed_period, "  fin:"),
        3,
    )


def test_an_unknown_referentiel_lists_the_known_ones() -> None:
    (finding,) = check(contract("referentiels: [paqet]\n")).of("CC303")
    assert finding.message == "référentiel « paqet » inconnu : vouliez-vous dire « paqte » ?"
    assert finding.hint == "référentiels connus : " + ", ".join(shipped().ids())
    assert "paqte" in shipped().ids()


def test_a_citation_of_another_generation_does_not_hide_the_next_undeclared_one() -> None:
    text = contract(
        "referentiels: [paqte@2018-07-17]\n"
        "actions:\n"
        "  - {id: A1, titre: Bus, pilier: cadre-de-vie, statut: prevue,\n"
        "     references: [civ2023:quartiers-resilients, dijon:mobilites]}\n"
    )
    assert check(text, "2021-06-01").messages("CC309") == [
        "« dijon:mobilites » appartient au référentiel « dijon », que le contrat ne déclare pas "
        "dans « referentiels »"
    ]
