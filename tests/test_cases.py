"""Data-driven engine cases: tests/cases/<name>/contrat.yaml + expected.json.

Each case pins the exit code, every finding (code, severity, line, column, message) and every
item's status with its reason. Refresh with CONTRATCHECK_REFRESH_GOLDEN=1 (the run that rewrites
fails; review ``git diff`` before committing).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contratcheck.engine import Settings, check_bytes
from contratcheck.model import ContratResult, Severity
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import read_catalogue

from .conftest import ROOT, TESTS, check_golden, date

CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())


def outcome(result: ContratResult) -> dict[str, object]:
    """What a case pins of a result."""
    return {
        "code_sortie": int(any(f.severity is Severity.ERREUR for f in result.findings)),
        "evalue_au": result.evalue_au,
        "statuts": {
            i.reference: [i.status.value, i.reason] for c in result.referentiels for i in c.items
        },
        "constats": [
            [f.code, f.severity.value, f.position.line, f.position.column, f.message]
            for f in result.findings
        ],
    }


def run_case(case: Path, catalogue: Catalogue) -> tuple[dict[str, object], dict[str, object]]:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    if "referentiels" in expected:
        catalogue, _ = read_catalogue([ROOT / p for p in expected["referentiels"]])
    settings = Settings(
        catalogue,
        date(expected["date"]),
        coverage_min={k: float(v) for k, v in expected.get("couverture_min", {}).items()},
    )
    result = check_bytes((case / "contrat.yaml").read_bytes(), "contrat.yaml", settings)
    return expected, outcome(result)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, catalogue: Catalogue) -> None:
    expected, actual = run_case(case, catalogue)
    keys = ("description", "date", "referentiels", "couverture_min")
    head = {k: expected[k] for k in keys if k in expected}
    check_golden(case / "expected.json", dump({**head, **actual}))


def dump(value: dict[str, object]) -> str:
    """JSON with one status and one finding per line, so that a diff reads like a report."""

    def line(item: object) -> str:
        return json.dumps(item, ensure_ascii=False)

    parts = []
    for key, item in value.items():
        if isinstance(item, dict) and item:
            inner = ",\n".join(f"    {line(k)}: {line(v)}" for k, v in item.items())
            parts.append(f"  {line(key)}: {{\n{inner}\n  }}")
        elif isinstance(item, list) and item:
            inner = ",\n".join(f"    {line(v)}" for v in item)
            parts.append(f"  {line(key)}: [\n{inner}\n  ]")
        else:
            parts.append(f"  {line(key)}: {line(item)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def test_every_status_and_contract_rule_has_a_case(catalogue: Catalogue) -> None:
    statuses = set()
    codes = set()
    exits = set()
    for case in CASES:
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        statuses.update(s for s, _ in expected["statuts"].values())
        codes.update(c[0] for c in expected["constats"])
        exits.add(expected["code_sortie"])
    assert statuses == {"exclue", "couverte", "partielle", "obsolete", "manquante"}
    contract_rules = {f"CC50{i}" for i in range(1, 10)} | {f"CC3{i:02d}" for i in range(1, 14)}
    assert contract_rules | {"CC312", "CC313", "CC401", "CC402", "CC403", "CC404"} <= codes
    assert exits == {0, 1}


def test_equivalence_gives_the_same_statuses_both_ways(catalogue: Catalogue) -> None:
    """Citing an item or its twin, or a member of an umbrella, rates every one of them alike."""
    _, by_roadmap = run_case(TESTS / "cases" / "equivalence-jumeau-feuille-de-route", catalogue)
    _, by_partnership = run_case(TESTS / "cases" / "equivalence-jumeau-partenariat", catalogue)
    shared = [
        "fdr2018:adultes-relais",
        "fdr2018:fonjep",
        "asso2018:adultes-relais",
        "asso2018:fonjep",
        "fdr2018:partenariat-associations",
    ]
    roadmap, partnership = by_roadmap["statuts"], by_partnership["statuts"]
    assert isinstance(roadmap, dict) and isinstance(partnership, dict)
    assert [roadmap[r][0] for r in shared] == ["couverte"] * 5
    assert [partnership[r][0] for r in shared] == ["couverte"] * 5
