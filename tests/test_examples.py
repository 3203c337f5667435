"""The shipped examples: exit codes, golden JSON reports valid against the report schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from .conftest import EXAMPLE_DATES, ROOT, TESTS, check_golden

GOLDEN = TESTS / "golden"


@pytest.mark.parametrize(("name", "spec"), sorted(EXAMPLE_DATES.items()))
def test_example_json_report_matches_golden(run, name: str, spec: tuple[str, int]) -> None:  # type: ignore[no-untyped-def]
    day, exit_code = spec
    code, out, err = run("check", "--date", day, "--format", "json", f"examples/{name}")
    assert (code, err) == (exit_code, "")
    check_golden(GOLDEN / name.replace(".yaml", ".json"), out)


@pytest.mark.parametrize("name", sorted(EXAMPLE_DATES))
def test_example_json_report_validates_against_report_schema(run, name: str) -> None:  # type: ignore[no-untyped-def]
    day, _ = EXAMPLE_DATES[name]
    _, out, _ = run("check", "--date", day, "--format", "json", f"examples/{name}")
    schema = json.loads((ROOT / "schemas" / "rapport.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        json.loads(out)
    )


def test_every_example_is_documented_with_its_date() -> None:
    shipped = {p.name for p in (ROOT / "examples").glob("*.yaml")}
    assert shipped == set(EXAMPLE_DATES)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (day, _) in EXAMPLE_DATES.items():
        assert f"--date {day} examples/{name}" in readme


def test_ended_example_is_judged_by_the_texts_of_its_time(run) -> None:  # type: ignore[no-untyped-def]
    # Ended on 31 December 2023 and checked in 2026: evaluated at its end, so no text of 2024
    # (France Travail, the 2024-2030 programmes) yields a finding; it is told it has ended.
    _, out, _ = run(
        "check", "--date", "2026-11-25", "--format", "json", "examples/contrat-2019-perime.yaml"
    )
    result = json.loads(out)["fichiers"][0]
    assert result["evalue_au"] == "2023-12-31"
    codes = [f["code"] for f in result["constats"]]
    assert "CC501" in codes and "CC302" not in codes and "CC304" not in codes
    assert not any("Pôle emploi" in f["message"] for f in result["constats"])
