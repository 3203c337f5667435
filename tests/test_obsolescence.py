"""Outdated terms (CC601) follow the check date."""

from __future__ import annotations

import json

import pytest


def _terms(run, day: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", day, "-f", "json", "examples/contrat-2019-perime.yaml")
    return [
        (f["ligne"], f["colonne"], f["message"].split("»")[0].strip("« "))
        for f in json.loads(out)["fichiers"][0]["constats"]
        if f["code"] == "CC601"
    ]


def test_terms_outdated_at_the_check_date(run) -> None:  # type: ignore[no-untyped-def]
    # Ended on 31 December 2023, the contract is evaluated at its end: « Pôle emploi »
    # (France Travail on 1 January 2024) is not outdated for it (issue 10, the contract's own time).
    assert _terms(run, "2026-11-25") == [
        (60, 19, "CGET"),
        (67, 30, "Garantie jeunes"),
        (70, 35, "DIRECCTE"),
        (86, 12, "Maison de services au public"),
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2019-12-31", set()),
        ("2020-01-01", {"CGET", "Maison de services au public"}),
        ("2021-04-01", {"CGET", "Maison de services au public", "DIRECCTE"}),
        ("2023-12-31", {"CGET", "Maison de services au public", "DIRECCTE", "Garantie jeunes"}),
    ],
)
def test_terms_are_not_flagged_before_their_date(run, day: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert {term for _, _, term in _terms(run, day)} == expected


def test_message_names_the_successor_and_the_text(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(
        "check", "--date", "2026-11-25", "-f", "json", "examples/contrat-2019-perime.yaml"
    )
    messages = [f["message"] for f in json.loads(out)["fichiers"][0]["constats"]]
    assert any(
        m.startswith(
            "« CGET » est périmé depuis le 1er janvier 2020 : remplacé par Agence "
            "nationale de la cohésion des territoires (ANCT)"
        )
        for m in messages
    )
