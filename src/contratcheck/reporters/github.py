"""GitHub Actions workflow commands: one annotation per finding, shown on the right line.

GitHub shows at most 10 annotations of each type per step: errors come first, then warnings,
then a notice that says how many were not shown, then the notices of « info » findings. Use the
``markdown`` format for ``$GITHUB_STEP_SUMMARY`` as well.
"""

from __future__ import annotations

from contratcheck.model import Finding, Report, Severity
from contratcheck.reporters.escaping import github_data, github_property

_LEVELS = {Severity.ERREUR: "error", Severity.AVERTISSEMENT: "warning", Severity.INFO: "notice"}
_NOUNS = {
    Severity.ERREUR: ("erreur", "erreurs"),
    Severity.AVERTISSEMENT: ("avertissement", "avertissements"),
    Severity.INFO: ("info", "info"),
}
# Annotations GitHub displays per type and per step.
SHOWN_PER_STEP = 10


def escape_data(text: str) -> str:
    return github_data(text)


def escape_property(text: str) -> str:
    return github_property(text)


def _annotation(f: Finding) -> str:
    properties = ",".join(
        (
            f"file={escape_property(f.file)}",
            f"line={f.position.line}",
            f"col={f.position.column}",
            f"title={escape_property(f'contratcheck {f.code}')}",
        )
    )
    message = f.message + (f" — {f.hint}" if f.hint else "")
    return f"::{_LEVELS[f.severity]} {properties}::{escape_data(message)}"


def hidden_notice(findings: list[Finding]) -> str | None:
    """The notice that counts the annotations GitHub will not show, if any."""
    hidden = {
        s: max(0, sum(1 for f in findings if f.severity is s) - SHOWN_PER_STEP) for s in Severity
    }
    if not any(hidden.values()):
        return None
    parts = [f"{n} {_NOUNS[s][0] if n < 2 else _NOUNS[s][1]}" for s, n in hidden.items() if n]
    total = sum(hidden.values())
    return (
        f"::notice title=contratcheck::{total} constat{'s' if total > 1 else ''} "
        f"non affiché{'s' if total > 1 else ''} en annotation (GitHub n'en montre que "
        f"{SHOWN_PER_STEP} par type et par étape) : {', '.join(parts)}. Tous les constats sont "
        "dans le journal de l'étape et dans le résumé « --format markdown »."
    )


def render(report: Report, color: bool = False) -> str:
    findings = report.findings()
    by_severity = {s: [f for f in findings if f.severity is s] for s in Severity}
    lines = [_annotation(f) for f in by_severity[Severity.ERREUR]]
    lines += [_annotation(f) for f in by_severity[Severity.AVERTISSEMENT]]
    notice = hidden_notice(findings)
    if notice:
        lines.append(notice)
    lines += [_annotation(f) for f in by_severity[Severity.INFO]]
    return "".join(line + "\n" for line in lines)
