"""JUnit XML, as GitLab and Jenkins display it: a test suite per contract, a failing test case
per finding at « avertissement » or above, and one case for the contract as a whole."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from contratcheck.model import Report, Severity
from contratcheck.reporters.escaping import xml_text

_FAILING = (Severity.ERREUR, Severity.AVERTISSEMENT)


def render(report: Report, color: bool = False) -> str:
    root = ET.Element("testsuites", name="contratcheck")
    total = failures = 0
    for result in report.results:
        failing = [f for f in result.findings if f.severity in _FAILING]
        suite = ET.SubElement(root, "testsuite", name=result.file)
        contract = ET.SubElement(suite, "testcase", classname=result.file, name="contrat")
        errors = [f for f in result.findings if f.severity is Severity.ERREUR]
        if errors:
            failure = ET.SubElement(
                contract, "failure", message=f"{len(errors)} erreur(s)", type="erreur"
            )
            failure.text = "\n".join(
                f"{f.file}:{f.position.line}:{f.position.column} {f.code} {f.message}"
                for f in errors
            )
        for finding in failing:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=result.file,
                name=f"{finding.code} ligne {finding.position.line} : {finding.message}",
            )
            failure = ET.SubElement(
                case, "failure", message=finding.message, type=finding.severity.value
            )
            failure.text = (
                f"{finding.file}:{finding.position.line}:{finding.position.column} "
                f"{finding.code} {finding.message}" + (f"\n{finding.hint}" if finding.hint else "")
            )
        tests = 1 + len(failing)
        failed = len(failing) + (1 if errors else 0)
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
