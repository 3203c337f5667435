"""Markdown summary for a CI job summary or a merge request comment.

GitHub refuses a step summary or a comment over 65 536 characters: the summary table of every
file comes first, then the detail of each file while it fits under ``LIMIT``; a last line says
what was cut and where the whole report is.
"""

from __future__ import annotations

from collections.abc import Iterable

from contratcheck.french import french_date
from contratcheck.model import ContratResult, Finding, Report, Severity, StatusCounts
from contratcheck.reporters.escaping import markdown_code, markdown_text

MAX_FINDINGS = 50
# Under GitHub's 65 536, with room for the closing line.
LIMIT = 64_000


def _cell(text: str) -> str:
    return markdown_text(text)


def _percent(counts: StatusCounts) -> str:
    value = counts.pourcentage
    return "—" if value is None else f"{value:.0f} %"


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count < 2 else (plural or singular + 's')}"


def _tally(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


def _overview(report: Report) -> list[str]:
    lines = [
        "| Contrat | Erreurs | Avertissements | Couverture |",
        "|---|---:|---:|---|",
    ]
    for result in report.results:
        counts = _tally(result.findings)
        name = (
            f"{_cell(result.nom)} ({markdown_code(result.file)})"
            if result.nom
            else markdown_code(result.file)
        )
        coverage = (
            ", ".join(f"{c.id} {_percent(c.counts)}" for c in result.referentiels)
            if result.valide
            else "non calculée (fichier illisible ou mal formé)"
        )
        lines.append(
            f"| {name} | {counts[Severity.ERREUR]} | {counts[Severity.AVERTISSEMENT]} "
            f"| {coverage or '—'} |"
        )
    return [*lines, ""]


def _detail(result: ContratResult) -> list[str]:
    title = (
        f"{_cell(result.nom)} ({markdown_code(result.file)})"
        if result.nom
        else markdown_code(result.file)
    )
    lines = [f"### {title}", ""]
    if not result.valide:
        lines += ["Couverture non calculée : le fichier est illisible ou mal formé.", ""]
    if result.referentiels:
        lines += [
            "| Référentiel | Couverture | Couvertes | Partielles | Obsolètes | Manquantes "
            "| Exclues | Complétude |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in result.referentiels:
            c = r.counts
            lines.append(
                f"| `{r.id}@{r.version}` | {_percent(c)} | {c.couvertes} | {c.partielles} "
                f"| {c.obsoletes} | {c.manquantes} | {c.exclues} | {r.completude} |"
            )
        lines.append("")
    if result.findings:
        lines += ["| Position | Gravité | Code | Constat |", "|---|---|---|---|"]
        for f in result.findings[:MAX_FINDINGS]:
            lines.append(
                f"| {markdown_code(f'{f.file}:{f.position.line}:{f.position.column}')} "
                f"| {f.severity.value} "
                f"| {f.code} | {_cell(f.message)} |"
            )
        rest = len(result.findings) - MAX_FINDINGS
        if rest > 0:
            lines.append(f"\n… et {_n(rest, 'autre constat', 'autres constats')}.")
        lines.append("")
    return lines


def render(report: Report, color: bool = False, full_report: str | None = None) -> str:
    """The summary; ``full_report`` names where the whole report is (a file of ``--sortie``)."""
    findings = report.findings()
    counts = _tally(findings)
    files = len(report.results)
    lines = [
        f"## contratcheck — vérification au {french_date(report.date)}",
        "",
        f"{_n(files, 'fichier')} vérifié{'s' if files > 1 else ''} : "
        f"**{_n(counts[Severity.ERREUR], 'erreur')}**, "
        f"{_n(counts[Severity.AVERTISSEMENT], 'avertissement')}, {counts[Severity.INFO]} info.",
        "",
    ]
    if report.fichiers_ignores:
        n = len(report.fichiers_ignores)
        lines += [f"{_n(n, 'fichier')} YAML ignoré{'s' if n > 1 else ''} (pas un contrat).", ""]
    if files > 1:
        lines += _overview(report)
    size = sum(len(line) + 1 for line in lines)
    for index, result in enumerate(report.results):
        detail = _detail(result)
        cost = sum(len(line) + 1 for line in detail)
        if size + cost > LIMIT:
            rest = report.results[index:]
            hidden = sum(len(r.findings) for r in rest)
            where = (
                f"le rapport complet est dans « {full_report} »"
                if full_report
                else "le rapport complet : « contratcheck check … --format json » ou "
                "« --sortie sarif:contratcheck.sarif »"
            )
            lines += [
                f"**Résumé tronqué** à {LIMIT} caractères (limite de GitHub : 65 536) : le détail "
                f"de {_n(len(rest), 'fichier')} (à partir de {markdown_code(rest[0].file)}, "
                f"{_n(hidden, 'constat')}) n'est pas affiché ; {where}.",
                "",
            ]
            break
        lines += detail
        size += cost
    return "\n".join(lines).rstrip() + "\n"
