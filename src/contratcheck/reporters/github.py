"""GitHub Actions workflow commands: one annotation per finding, shown on the right line.

GitHub displays only a few annotations per step: use the ``markdown`` format for
``$GITHUB_STEP_SUMMARY`` as well.
"""

from __future__ import annotations

from contratcheck.model import Report, Severity
from contratcheck.reporters.escaping import github_data, github_property

_LEVELS = {Severity.ERREUR: "error", Severity.AVERTISSEMENT: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return github_data(text)


def escape_property(text: str) -> str:
    return github_property(text)


def render(report: Report, color: bool = False) -> str:
    lines = []
    for f in report.findings():
        properties = ",".join(
            (
                f"file={escape_property(f.file)}",
                f"line={f.position.line}",
                f"col={f.position.column}",
                f"title={escape_property(f'contratcheck {f.code}')}",
            )
        )
        message = f.message + (f" — {f.hint}" if f.hint else "")
        lines.append(f"::{_LEVELS[f.severity]} {properties}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
