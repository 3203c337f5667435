"""The official QPV list supplied by the user (CSV of the ANCT)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contratcheck.errors import UsageError
from contratcheck.loading.qpv_list import normalise_insee, read_qpv_list

from .conftest import TESTS

SAMPLE = TESTS / "inputs" / "qpv" / "listeqp2024-extrait.csv"
CONTRACT = TESTS / "inputs" / "qpv" / "contrat-2024.yaml"


def test_pitfalls_of_the_official_file() -> None:
    qpv = read_qpv_list(SAMPLE)
    assert qpv.communes["QN00101M"] == {"01053"}  # leading zero restored
    assert qpv.communes["QN09301M"] == {"93001", "93066"}  # "; "-joined list
    assert qpv.communes["QN02A01M"] == {"2A247"}
    assert qpv.covers("QN12345M") and not qpv.covers("QP001001")


@pytest.mark.parametrize(
    ("raw", "expected"), [("1053", "01053"), (" 75056", "75056"), ("2a247", "2A247")]
)
def test_normalise_insee(raw: str, expected: str) -> None:
    assert normalise_insee(raw) == expected


def test_check_with_the_list(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "check", "--date", "2025-06-01", "-f", "json", "--liste-qpv", str(SAMPLE), str(CONTRACT)
    )
    assert code == 1
    found = [
        (f["code"], f["ligne"])
        for f in json.loads(out)["fichiers"][0]["constats"]
        if f["code"] in ("CC510", "CC511", "CC509")
    ]
    assert found == [("CC510", 11), ("CC511", 12), ("CC509", 14)]


def test_without_the_list_no_list_finding(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2025-06-01", "-f", "json", str(CONTRACT))
    codes = {f["code"] for f in json.loads(out)["fichiers"][0]["constats"]}
    assert not codes & {"CC510", "CC511"}


def test_list_without_code_column_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "liste.csv"
    bad.write_text("code;nom\nQN00101M;x\n", encoding="utf-8")
    with pytest.raises(UsageError, match="colonne « code_qp » absente"):
        read_qpv_list(bad)


def test_missing_list_exits_2(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("check", "--liste-qpv", "absente.csv", str(CONTRACT))
    assert code == 2 and "liste des QPV illisible" in err
