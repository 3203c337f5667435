"""JUnit XML, as GitLab and Jenkins display it: a test suite per contract, with one test case
for the contract (is it readable and well formed?) and one per rule that has findings.

A rule's case fails only when one of its findings is at or above the threshold of
``--echec-si`` (default « erreur »), as the exit code does; the counts add up: the suite's
``failures`` is its number of failing cases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from contratcheck.model import Finding, Report, Severity
from contratcheck.reporters.escaping import xml_text


def _line(f: Finding) -> str:
    text = (
        f"{f.file}:{f.position.line}:{f.position.column}: {f.severity.value} {f.code} {f.message}"
    )
    return text + (f"\n    → {f.hint}" if f.hint else "")


def render(report: Report, color: bool = False, threshold: Severity = Severity.ERREUR) -> str:
    root = ET.Element("testsuites", name="contratcheck")
    total = failures = 0
    for result in report.results:
        suite = ET.SubElement(root, "testsuite", name=result.file)
        contract = ET.SubElement(suite, "testcase", classname=result.file, name="contrat")
        tests, failed = 1, 0
        if not result.valide:
            reading = [f for f in result.findings if f.severity is Severity.ERREUR]
            failure = ET.SubElement(
                contract,
                "failure",
                message="fichier illisible ou mal formé : couverture non calculée",
                type="erreur",
            )
            failure.text = "\n".join(_line(f) for f in reading)
            failed += 1
        for code, group in groupby(
            sorted(result.findings, key=lambda f: f.code), key=lambda f: f.code
        ):
            findings = list(group)
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=result.file, name=code)
            failing = [f for f in findings if f.severity.at_least(threshold)]
            if failing:
                failed += 1
                worst = max(failing, key=lambda f: f.severity.rank).severity
                n = len(failing)
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{n} constat{'s' if n > 1 else ''} {code} : {failing[0].message}",
                    type=worst.value,
                )
                failure.text = "\n".join(_line(f) for f in failing)
            others = [f for f in findings if not f.severity.at_least(threshold)]
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_line(f) for f in others)
        suite.set("tests", str(tests))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += tests
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return xml_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    )
