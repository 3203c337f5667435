"""Data-driven engine cases: tests/cases/<name>/contrat.yaml + expected.json."""

from __future__ import annotations

import json

import pytest

from contratcheck.engine import Settings, check_bytes
from contratcheck.model import Severity
from contratcheck.referentiels.catalogue import Catalogue

from .conftest import TESTS, date

CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())
COVERAGE_CODES = {"CC401", "CC402", "CC403"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, catalogue: Catalogue) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = check_bytes(
        (case / "contrat.yaml").read_bytes(),
        "contrat.yaml",
        Settings(catalogue, date(expected["date"])),
    )
    statuses = {i.reference: i.status.value for c in result.referentiels for i in c.items}
    for reference, status in expected["statuts"].items():
        assert statuses.get(reference) == status, reference
    findings = [
        [f.code, f.position.line, f.position.column]
        for f in result.findings
        if f.code not in COVERAGE_CODES
    ]
    assert findings == expected["constats"]
    fails = any(f.severity is Severity.ERREUR for f in result.findings)
    assert int(fails) == expected["code_sortie"]


def test_every_status_and_contract_rule_has_a_case() -> None:
    statuses = set()
    codes = set()
    for case in CASES:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        statuses.update(expected["statuts"].values())
        codes.update(c[0] for c in expected["constats"])
    assert statuses == {"exclue", "couverte", "partielle", "obsolete", "manquante"}
    contract_rules = {f"CC50{i}" for i in range(1, 10)} | {f"CC3{i:02d}" for i in range(1, 14)}
    assert contract_rules | {"CC312", "CC313"} <= codes
