"""Markdown summary for a CI job summary or a merge request comment."""

from __future__ import annotations

from contratcheck.dates import french_date
from contratcheck.model import Report, Severity, StatusCounts
from contratcheck.reporters.escaping import markdown_code, markdown_text

MAX_FINDINGS = 50


def _cell(text: str) -> str:
    return markdown_text(text)


def _percent(counts: StatusCounts) -> str:
    value = counts.pourcentage
    return "—" if value is None else f"{value:.0f} %"


def render(report: Report, color: bool = False) -> str:
    findings = report.findings()
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    lines = [
        f"## contratcheck — vérification au {french_date(report.date)}",
        "",
        f"{len(report.results)} fichier(s) vérifié(s) : **{counts[Severity.ERREUR]} erreur(s)**, "
        f"{counts[Severity.AVERTISSEMENT]} avertissement(s), {counts[Severity.INFO]} info.",
        "",
    ]
    if report.fichiers_ignores:
        lines += [f"{len(report.fichiers_ignores)} fichier(s) YAML ignoré(s) (pas un contrat).", ""]
    for result in report.results:
        title = (
            f"{_cell(result.nom)} ({markdown_code(result.file)})"
            if result.nom
            else markdown_code(result.file)
        )
        lines += [f"### {title}", ""]
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
                where = markdown_code(f"{f.file}:{f.position.line}:{f.position.column}")
                lines.append(f"| {where} | {f.severity.value} | {f.code} | {_cell(f.message)} |")
            if len(result.findings) > MAX_FINDINGS:
                lines.append(f"\n… et {len(result.findings) - MAX_FINDINGS} autre(s) constat(s).")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
