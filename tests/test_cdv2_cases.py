"""Data-driven cases of format 2 (2024–2030): tests/cases2/<name>/contrat.yaml + expected.json.

Each case is checked at several dates (before and after the due date of what it tests); for each
date, expected.json gives the exit code, every finding as [code, line, column] and the status
of every item rated. The cases exclude, with a motif, the ``cadre2024`` items rated from the
actions' references, so that their findings are the format's own. Refresh with
CONTRATCHECK_REFRESH_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contratcheck.engine import Settings, check_bytes
from contratcheck.model import Severity
from contratcheck.referentiels.catalogue import Catalogue

from .conftest import REFRESH, TESTS, date

CASES = sorted(p for p in (TESTS / "cases2").iterdir() if p.is_dir())


def _verify(raw: bytes, catalogue: Catalogue, day: str) -> dict[str, object]:
    result = check_bytes(raw, "contrat.yaml", Settings(catalogue, date(day)))
    return {
        "date": day,
        "code_sortie": int(any(f.severity is Severity.ERREUR for f in result.findings)),
        "statuts": {i.reference: i.status.value for c in result.referentiels for i in c.items},
        "constats": [[f.code, f.position.line, f.position.column] for f in result.findings],
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, catalogue: Catalogue) -> None:
    path = case / "expected.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    raw = (case / "contrat.yaml").read_bytes()
    found = [_verify(raw, catalogue, check["date"]) for check in expected["verifications"]]
    if REFRESH:
        expected["verifications"] = found
        path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert found == expected["verifications"]


def test_every_format_2_rule_and_control_has_a_case() -> None:
    from contratcheck.formats.cdv2 import FORMAT_2

    codes: set[str] = set()
    statuses: dict[str, set[str]] = {}
    for case in CASES:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        for check in expected["verifications"]:
            codes.update(c[0] for c in check["constats"])
            for reference, status in check["statuts"].items():
                statuses.setdefault(reference, set()).add(status)
    assert {r.code for r in FORMAT_2.rules} <= codes
    rated = {reference.partition(":")[2] for reference in statuses}
    assert {"signature", "revoyure-2027", "tfpb-conventions", "rapport-annuel"} <= rated
    assert {"couverte", "manquante"} <= statuses["cadre2024:rapport-annuel"]
