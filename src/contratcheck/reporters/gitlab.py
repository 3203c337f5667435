"""GitLab Code Quality report (JSON array), shown in merge requests."""

from __future__ import annotations

import json

from contratcheck.model import Report, Severity

_LEVELS = {Severity.ERREUR: "major", Severity.AVERTISSEMENT: "minor", Severity.INFO: "info"}


def render(report: Report, color: bool = False) -> str:
    issues = [
        {
            "type": "issue",
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": f.fingerprint,
            "severity": _LEVELS[f.severity],
            "categories": ["Style"],
            "location": {"path": f.file, "lines": {"begin": f.position.line}},
        }
        for f in report.findings()
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
