"""The terminal report: summary per référentiel with bars, items to act on, then findings."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from contratcheck.dates import french_date
from contratcheck.model import (
    ContratResult,
    Report,
    Severity,
    Status,
    StatusCounts,
)
from contratcheck.reporters.escaping import terminal_text

_SEVERITY_STYLE = {
    Severity.ERREUR: "bold red",
    Severity.AVERTISSEMENT: "yellow",
    Severity.INFO: "cyan",
}
_STATUS_STYLE = {
    Status.COUVERTE: "green",
    Status.PARTIELLE: "yellow",
    Status.OBSOLETE: "magenta",
    Status.MANQUANTE: "bold red",
    Status.EXCLUE: "dim",
}


def _bar(counts: StatusCounts, width: int = 16) -> Text:
    denominator = counts.comptables - counts.exclues
    text = Text()
    if denominator <= 0:
        return text.append("—".ljust(width), style="dim")
    full = round(width * counts.couvertes / denominator)
    partial = round(width * counts.partielles / denominator)
    partial = min(partial, width - full)
    text.append("█" * full, style="green")
    text.append("▒" * partial, style="yellow")
    text.append("░" * (width - full - partial), style="dim")
    return text


def _percent(counts: StatusCounts) -> str:
    value = counts.pourcentage
    return "—" if value is None else f"{value:.0f} %"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _result(console: Console, result: ContratResult) -> None:
    title = Text(terminal_text(result.file), style="bold")
    if result.nom:
        title.append(f" — {terminal_text(result.nom)}")
    console.print(title)
    if not result.valide:
        console.print(
            "  couverture non calculée : corrigez d'abord les erreurs de lecture ou de format",
            style="italic",
        )
    if result.valide and not result.referentiels:
        console.print(
            "  aucun référentiel suivi : le contrat n'en déclare pas et aucun référentiel "
            "national ne s'applique à sa génération à cette date",
            style="italic",
        )
    if result.referentiels:
        table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
        table.add_column("Référentiel", no_wrap=True, overflow="ellipsis", max_width=46)
        table.add_column("Couverture", no_wrap=True, min_width=16)
        for header, justify in (
            ("%", "right"),
            ("couv.", "right"),
            ("part.", "right"),
            ("obs.", "right"),
            ("manq.", "right"),
            ("excl.", "right"),
        ):
            table.add_column(header, justify=justify)  # type: ignore[arg-type]
        for coverage in result.referentiels:
            counts = coverage.counts
            table.add_row(
                Text(f"{coverage.id}@{coverage.version}", style="bold"),
                _bar(counts),
                _percent(counts),
                str(counts.couvertes),
                str(counts.partielles),
                str(counts.obsoletes),
                str(counts.manquantes),
                str(counts.exclues),
            )
            table.add_row(Text(f"  {coverage.completude}", style="dim"), "", "", "", "", "", "", "")
            for axis in coverage.axes:
                if axis.counts.comptables == 0:
                    continue
                table.add_row(
                    Text(f"  {axis.libelle}"),
                    _bar(axis.counts),
                    _percent(axis.counts),
                    str(axis.counts.couvertes),
                    str(axis.counts.partielles),
                    str(axis.counts.obsoletes),
                    str(axis.counts.manquantes),
                    str(axis.counts.exclues),
                )
        console.print(table)
        pending = [
            item
            for coverage in result.referentiels
            for item in coverage.items
            if item.status in (Status.MANQUANTE, Status.PARTIELLE, Status.OBSOLETE)
        ]
        if pending:
            console.print(Text("  Items à traiter", style="bold underline"))
            for item in pending:
                line = Text("  ")
                line.append(f"{item.status.label:<10}", style=_STATUS_STYLE[item.status])
                line.append(f" {item.reference}", style="bold")
                inferred = " (inféré)" if item.confiance == "infere" else ""
                line.append(f" {item.libelle}{inferred} — {item.reason}")
                console.print(line)
        if result.actions_locales:
            ids = ", ".join(a.id for a in result.actions_locales)
            console.print(f"  Actions locales (sans référence nationale) : {ids}")
    if result.findings:
        console.print(Text("  Constats", style="bold underline"))
        hinted: set[tuple[str, str]] = set()
        for finding in result.findings:
            line = Text("  ")
            line.append(
                terminal_text(f"{finding.file}:{finding.position.line}:{finding.position.column}")
            )
            line.append(f" {finding.severity.value}", style=_SEVERITY_STYLE[finding.severity])
            line.append(f" {finding.code} ", style="bold")
            line.append(terminal_text(finding.message))
            console.print(line)
            if finding.hint and (finding.code, finding.hint) not in hinted:
                hinted.add((finding.code, finding.hint))
                console.print(Text(f"      → {terminal_text(finding.hint)}", style="dim"))
    console.print()


def render(report: Report, color: bool = False, width: int = 100) -> str:
    """Return the terminal report, with ANSI colours only when asked."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(
        Text(
            f"contratcheck {report.version} — vérification au {french_date(report.date)}",
            style="bold",
        )
    )
    console.print()
    for result in report.results:
        _result(console, result)
    findings = report.findings()
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    valid = [r for r in report.results if r.valide]
    summary = (
        f"Résumé : {_plural(len(report.results), 'fichier')} vérifié"
        f"{'s' if len(report.results) > 1 else ''}, "
        f"{_plural(counts[Severity.ERREUR], 'erreur')}, "
        f"{_plural(counts[Severity.AVERTISSEMENT], 'avertissement')}, "
        f"{counts[Severity.INFO]} info"
    )
    if report.fichiers_ignores:
        summary += f" ; {len(report.fichiers_ignores)} fichier(s) YAML ignoré(s) (pas un contrat)"
    silenced = sum(r.ignores for r in report.results)
    known = sum(r.connus for r in report.results)
    if silenced:
        summary += f" ; {silenced} constat(s) ignoré(s) par commentaire"
    if known:
        summary += f" ; {known} constat(s) déjà dans la baseline"
    if len(report.results) > 1 and valid:
        total = [c for r in valid for c in r.referentiels]
        covered = sum(c.counts.couvertes for c in total)
        countable = sum(c.counts.comptables - c.counts.exclues for c in total)
        if countable:
            summary += f" ; couverture d'ensemble {100 * covered / countable:.0f} %"
    console.print(Text(summary, style="bold"))
    return buffer.getvalue()
