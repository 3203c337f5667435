"""CI formats within their platforms' limits: GitHub's 10 annotations per type and per step,
JUnit counts that add up, a Markdown summary under GitHub's 65 536 characters."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from .conftest import ROOT

ARGS = ("check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")


def test_github_annotations_put_errors_first_and_count_the_hidden(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(*ARGS, "-f", "github", "--echec-si", "info")
    kinds = [line.split(" ", 1)[0].split("::")[1] for line in out.splitlines()]
    annotations = [k for k in kinds]
    first_warning = annotations.index("warning")
    assert set(annotations[:first_warning]) == {"error"}
    assert "error" not in annotations[first_warning:]
    # The fixable CC301 (a mistyped reference) is among the errors GitHub shows? It is an
    # error: errors come first, so it is at worst the 35th error, but no warning hides it.
    (notice,) = [line for line in out.splitlines() if line.startswith("::notice title=")]
    _, raw, _ = run(*ARGS, "-f", "json")
    findings = json.loads(raw)["fichiers"][0]["constats"]
    counts = {
        g: sum(1 for f in findings if f["gravite"] == g)
        for g in ("erreur", "avertissement", "info")
    }
    hidden = {g: max(0, n - 10) for g, n in counts.items()}
    assert f"{sum(hidden.values())} constats non affichés" in notice
    assert f"{hidden['info']} info" in notice
    # The notice comes after the errors and warnings, before the info notices GitHub cuts first.
    assert out.splitlines().index(notice) == counts["erreur"] + counts["avertissement"]


def test_github_without_detail_leaves_info_to_the_tables(run) -> None:  # type: ignore[no-untyped-def]
    # Info findings (« au choix » items not served) are in the coverage tables, not annotations.
    _, out, _ = run(*ARGS, "-f", "github")
    assert out and not any(line.startswith("::notice file=") for line in out.splitlines())


def test_junit_one_case_per_contract_and_rule_failures_at_the_threshold(run) -> None:  # type: ignore[no-untyped-def]
    _, raw, _ = run(*ARGS, "-f", "json")
    findings = json.loads(raw)["fichiers"][0]["constats"]
    for threshold, failing in (
        ("erreur", {f["code"] for f in findings if f["gravite"] == "erreur"}),
        ("avertissement", {f["code"] for f in findings if f["gravite"] != "info"}),
    ):
        _, out, _ = run(*ARGS, "-f", "junit", "--echec-si", threshold)
        # « info » findings are in the tables: their rules get no test case below --echec-si info.
        codes = {f["code"] for f in findings if f["gravite"] != "info"}
        root = ET.fromstring(out)
        (suite,) = root.findall("testsuite")
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == ["contrat", *sorted(codes)]
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert failed == failing
        assert suite.get("tests") == root.get("tests") == str(len(cases))
        assert suite.get("failures") == root.get("failures") == str(len(failed))


def test_junit_counts_add_up_across_suites(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2022-06-30", "-f", "junit", "examples")
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert int(root.get("tests", "")) == sum(int(s.get("tests", "")) for s in suites)
    assert int(root.get("failures", "")) == sum(int(s.get("failures", "")) for s in suites)
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(c.find("failure") is not None for c in cases)


def test_markdown_summary_stays_under_githubs_limit(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = ROOT / "examples" / "contrat-lacunes.yaml"
    for index in range(120):
        shutil.copy(source, tmp_path / f"contrat-{index:03}.yaml")
    sarif = tmp_path / "complet.sarif"
    _, out, _ = run(
        "check",
        "--date",
        "2021-03-01",
        "-f",
        "markdown",
        "--sortie",
        f"sarif:{sarif}",
        str(tmp_path),
    )
    assert len(out) < 65_536
    assert out.count("| Contrat de ville de Paris") == 120  # every file in the overview
    (cut,) = [line for line in out.splitlines() if line.startswith("**Résumé tronqué**")]
    assert re.search(r"le détail de \d+ fichiers \(à partir de `.*contrat-\d{3}\.yaml`", cut)
    assert str(sarif) in cut
