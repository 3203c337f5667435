"""CI output formats: golden files on one report, and independent validation where it exists."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import TESTS, check_golden

GOLDEN = TESTS / "golden" / "formats"
ARGS = ("check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")
FORMATS = {
    "texte": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "gitlab": "json",
    "markdown": "md",
}
REQUIRED = os.environ.get("CONTRATCHECK_COMPONENTS_REQUIRED") == "1"


def _output(run, name: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run(*ARGS, "--format", name)
    assert (code, err) == (1, "")
    return str(out)


# Formats whose output is, byte for byte, a document another test pins: one golden file each.
SHARED = {
    "json": TESTS / "golden" / "contrat-lacunes.json",  # tests/test_examples.py
    "markdown": TESTS / "golden" / "rapports" / "contrat-lacunes.md",  # tests/test_reports.py
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_matches_golden(run, name: str) -> None:  # type: ignore[no-untyped-def]
    out = _output(run, name)
    check_golden(SHARED.get(name, GOLDEN / f"contrat-lacunes.{name}.{FORMATS[name]}"), out)


def test_no_golden_file_is_a_copy_of_another() -> None:
    import hashlib

    seen: dict[str, str] = {}
    for path in sorted((TESTS / "golden").rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            assert digest not in seen, f"{path} est une copie de {seen[digest]}"
            seen[digest] = str(path)


def test_all_formats_tell_the_same_story(run) -> None:  # type: ignore[no-untyped-def]
    def output(name: str) -> str:  # every finding, « info » ones included
        code, out, _ = run(*ARGS, "--format", name, "--echec-si", "info")
        assert code == 1
        return str(out)

    report = json.loads(output("json"))
    findings = report["fichiers"][0]["constats"]
    sarif = json.loads(output("sarif"))["runs"][0]["results"]
    gitlab = json.loads(output("gitlab"))
    github = [line for line in output("github").splitlines() if " file=" in line]
    assert len(findings) == len(sarif) == len(gitlab) == len(github)
    assert [f["empreinte"] for f in findings] == [
        r["partialFingerprints"]["contratcheck/v1"] for r in sarif
    ]
    assert [f["empreinte"] for f in findings] == [g["fingerprint"] for g in gitlab]
    assert [(f["ligne"], f["code"]) for f in findings] == [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"]) for r in sarif
    ]
    suites = ET.fromstring(output("junit"))
    cases = suites.findall("./testsuite/testcase")
    assert len(cases) == 1 + len({f["code"] for f in findings})


def test_line_formats_leave_info_findings_to_the_tables(run) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(_output(run, "json"))
    shown = [f for f in report["fichiers"][0]["constats"] if f["gravite"] != "info"]
    assert len(shown) < len(report["fichiers"][0]["constats"])
    assert len(json.loads(_output(run, "sarif"))["runs"][0]["results"]) == len(shown)
    assert len(json.loads(_output(run, "gitlab"))) == len(shown)


def test_junit_structure(run) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(_output(run, "junit"))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "examples/contrat-lacunes.yaml"
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names[0] == "contrat"
    assert "CC301" in names
    assert root.get("tests") == suite.get("tests")
    (cc301,) = [c for c in suite.findall("testcase") if c.get("name") == "CC301"]
    failure = cc301.find("failure")
    assert failure is not None and "contrat-lacunes.yaml:80:18:" in (failure.text or "")


def test_github_annotation_format(run) -> None:  # type: ignore[no-untyped-def]
    pattern = re.compile(
        r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=contratcheck CC\d{3}::\S.*$"
    )
    for line in _output(run, "github").splitlines():
        assert pattern.match(line) or line.startswith("::notice title=contratcheck::"), line
    assert "::error file=examples/contrat-lacunes.yaml,line=80,col=18," in _output(run, "github")


def test_github_escaping() -> None:
    from contratcheck.reporters.github import escape_data, escape_property

    assert escape_data("50 %\nsuite") == "50 %25%0Asuite"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_several_outputs_in_one_run(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    code, out, _ = run(*ARGS, "--sortie", f"sarif:{sarif}", "--sortie", f"junit:{junit}")
    assert code == 1 and "Résumé" in out
    assert json.loads(sarif.read_text("utf-8"))["version"] == "2.1.0"
    ET.fromstring(junit.read_text("utf-8"))


def test_bad_output_spec_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(*ARGS, "--sortie", "pdf:r.pdf")
    assert code == 2 and "format « pdf » inconnu" in err
    code, _, err = run(*ARGS, "--sortie", "sarif")
    assert code == 2 and "FORMAT:FICHIER" in err


def _multitool() -> str | None:
    configured = os.environ.get("CONTRATCHECK_SARIF_MULTITOOL")
    return (
        configured if configured and Path(configured).exists() else shutil.which("sarif-multitool")
    )


def test_sarif_validates_with_microsoft_multitool(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tool = _multitool()
    if tool is None:
        if REQUIRED:
            pytest.fail("sarif-multitool absent alors que .ci/run l'installe")
        pytest.skip("sarif-multitool absent (installé par .ci/run)")
    log = tmp_path / "contratcheck.sarif"
    log.write_text(_output(run, "sarif"), encoding="utf-8")
    report = tmp_path / "validation.sarif"
    done = subprocess.run(
        [tool, "validate", str(log), "--output", str(report), "--log", "ForceOverwrite"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(report.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
    errors = [r for r in results if r.get("level") == "error"]
    assert errors == [], errors


def test_json_streamed_per_file_equals_one_dump(catalogue) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from contratcheck.engine import Settings, check_sources, expand_paths
    from contratcheck.reporters import json as json_reporter

    for paths in (["examples"], []):
        sources = expand_paths(paths) if paths else []
        report = check_sources(sources, Settings(catalogue, dt.date(2022, 6, 30)), jobs=1)
        expected = json.dumps(json_reporter.build(report), ensure_ascii=False, indent=2) + "\n"
        assert json_reporter.render(report) == expected
