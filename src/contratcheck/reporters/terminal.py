"""The terminal report: a dashboard per référentiel, then one line per finding.

Findings are written like ruff and yamllint (``fichier:ligne:colonne: gravité CODE message``),
one per line and never wrapped, so that ``grep`` and CI logs work. Only the dashboard is laid
out for the terminal's width. Plain strings with ANSI codes, no rich: a batch of a hundred
files renders in about the time of the JSON output.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from contratcheck.french import french_date, plural
from contratcheck.model import ContratResult, Finding, Report, Severity, StatusCounts
from contratcheck.reporters.escaping import terminal_text

DEFAULT_WIDTH = 100
_RESET = "\x1b[0m"
_STYLES = {
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "red": "\x1b[1;31m",
    "yellow": "\x1b[33m",
    "green": "\x1b[32m",
    "cyan": "\x1b[36m",
}
_SEVERITY_STYLE = {Severity.ERREUR: "red", Severity.AVERTISSEMENT: "yellow", Severity.INFO: "cyan"}
# Header of each count column; every column is as wide as its header or « 100 % ».
_COUNT_HEADERS = ("couv.", "part.", "obs.", "manq.", "excl.")


class _Out:
    """Lines of the report, coloured only when asked."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def style(self, text: str, name: str) -> str:
        return f"{_STYLES[name]}{text}{_RESET}" if self.color and text else text

    def add(self, text: str = "") -> None:
        self.lines.append(text)


def _percent(counts: StatusCounts) -> str:
    value = counts.pourcentage
    return "—" if value is None else f"{value:.0f} %"


def _bar(out: _Out, counts: StatusCounts, width: int) -> str:
    denominator = counts.comptables - counts.exclues
    if denominator <= 0:
        return out.style("—".ljust(width), "dim")
    full = round(width * counts.couvertes / denominator)
    partial = min(round(width * counts.partielles / denominator), width - full)
    return (
        out.style("█" * full, "green")
        + out.style("▒" * partial, "yellow")
        + out.style("░" * (width - full - partial), "dim")
    )


def _counts(counts: StatusCounts) -> list[str]:
    return [
        str(v)
        for v in (
            counts.couvertes,
            counts.partielles,
            counts.obsoletes,
            counts.manquantes,
            counts.exclues,
        )
    ]


def _dashboard(out: _Out, result: ContratResult, width: int) -> None:
    """The coverage table, laid out for ``width`` columns: no cell is cut or wrapped."""
    rows: list[tuple[str, StatusCounts | None, bool]] = []
    for coverage in result.referentiels:
        rows.append((f"{coverage.id}@{coverage.version}", coverage.counts, True))
        rows.append((f"  {coverage.completude}", None, False))
        for axis in coverage.axes:
            if axis.counts.comptables:
                rows.append((f"  {axis.libelle}", axis.counts, False))
    bar_width = 16 if width >= 90 else 10
    show_bar = width >= 60
    numbers = 6 + sum(len(h) + 1 for h in _COUNT_HEADERS)  # « 100 % » and the counts
    fixed = numbers + (bar_width + 1 if show_bar else 0)
    longest = max(len(label) for label, _, _ in rows)
    name_width = max(12, min(longest, width - fixed - 1))

    def line(label: str, bar: str, cells: list[str], bold: bool) -> str:
        head = label.ljust(name_width)
        text = out.style(head, "bold") if bold else head
        if show_bar:
            text += " " + bar
        text += " " + cells[0].rjust(5)
        for header, cell in zip(_COUNT_HEADERS, cells[1:], strict=True):
            text += " " + cell.rjust(len(header))
        return text.rstrip()

    header = line("Référentiel", "Couverture".ljust(bar_width), ["%", *_COUNT_HEADERS], False)
    out.add(out.style(header, "dim"))
    for label, counts, bold in rows:
        if counts is None:
            out.add(out.style(label, "dim"))
            continue
        cells = [_percent(counts), *_counts(counts)]
        bar = _bar(out, counts, bar_width)
        if len(label) > name_width:  # the label on lines of its own, wrapped at spaces
            for part in textwrap.wrap(label, width, break_long_words=False) or [label]:
                out.add(out.style(part, "bold") if bold else part)
            out.add(line("", bar, cells, False))
        else:
            out.add(line(label, bar, cells, bold))


def _finding_lines(out: _Out, result: ContratResult, hints: bool, infos: bool) -> None:
    """One line per finding; « info » findings only with ``infos`` (they are in the tables)."""
    shown: set[tuple[str, str]] = set()
    hidden = 0
    for f in result.findings:
        if f.severity is Severity.INFO and not infos:
            hidden += 1
            continue
        out.add(
            f"{terminal_text(f.file)}:{f.position.line}:{f.position.column}: "
            f"{out.style(f.severity.value, _SEVERITY_STYLE[f.severity])} "
            f"{out.style(f.code, 'bold')} {terminal_text(f.message)}"
        )
        if hints and f.hint and (f.code, f.hint) not in shown:
            shown.add((f.code, f.hint))
            out.add(out.style(f"    → {terminal_text(f.hint)}", "dim"))
    if hidden and hints:  # one contract; a batch counts them in each file's summary line
        out.add(
            f"{result.file} : {plural(hidden, 'info non détaillée', 'infos non détaillées')} "
            "(--detail ou --echec-si info pour les lister)"
        )


def _status_notes(out: _Out, result: ContratResult) -> None:
    if result.evalue_au:
        out.add(f"  contrat échu le {french_date(result.evalue_au)} : évalué à cette date")
    if not result.valide:
        out.add("  couverture non calculée : corrigez d'abord les erreurs de lecture ou de format")
    elif not result.referentiels:
        out.add(
            "  aucun référentiel suivi : le contrat n'en déclare pas et aucun référentiel "
            "national ne s'applique à sa génération à cette date"
        )


def _local_actions(out: _Out, result: ContratResult, width: int) -> None:
    if result.actions_locales:
        ids = ", ".join(a.id for a in result.actions_locales)
        text = f"Actions locales (sans référence nationale) : {ids}"
        for part in textwrap.wrap(text, width, break_long_words=False, subsequent_indent="  "):
            out.add(part)


def _severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


def _tally(counts: dict[Severity, int]) -> str:
    return (
        f"{plural(counts[Severity.ERREUR], 'erreur')}, "
        f"{plural(counts[Severity.AVERTISSEMENT], 'avertissement')}, "
        f"{counts[Severity.INFO]} info"
    )


def _file_summary(result: ContratResult) -> str:
    coverage = " ; ".join(f"{c.id} {_percent(c.counts)}" for c in result.referentiels)
    if not result.valide:
        coverage = "couverture non calculée"
    elif not coverage:
        coverage = "aucun référentiel"
    return (
        f"{terminal_text(result.file)} : {_tally(_severity_counts(result.findings))} ; {coverage}"
    )


def _recap(report: Report) -> str:
    files = len(report.results)
    summary = f"Résumé : {plural(files, 'fichier')} vérifié{'s' if files > 1 else ''}, " + _tally(
        _severity_counts(report.findings())
    )
    if report.fichiers_ignores:
        n = len(report.fichiers_ignores)
        summary += f" ; {plural(n, 'fichier')} YAML ignoré{'s' if n > 1 else ''} (pas un contrat)"
    silenced = sum(r.ignores for r in report.results)
    known = sum(r.connus for r in report.results)
    if silenced:
        summary += (
            f" ; {plural(silenced, 'constat')} ignoré{'s' if silenced > 1 else ''} par commentaire"
        )
    if known:
        summary += f" ; {plural(known, 'constat')} déjà dans la baseline"
    valid = [c for r in report.results if r.valide for c in r.referentiels]
    if files > 1 and valid:
        covered = sum(c.counts.couvertes for c in valid)
        countable = sum(c.counts.comptables - c.counts.exclues for c in valid)
        if countable:
            summary += f" ; couverture d'ensemble {100 * covered / countable:.0f} %"
    return summary


def render(
    report: Report,
    color: bool = False,
    width: int | None = None,
    detail: bool = False,
    infos: bool = True,
) -> str:
    """The terminal report; ``width`` lays out the dashboard (default 100 columns).

    One contract: its dashboard, then each finding once. Several: one line per finding, one
    summary line per file and a recap; the dashboards only with ``detail``.
    """
    out = _Out(color)
    width = width or DEFAULT_WIDTH
    batch = len(report.results) > 1
    out.add(
        out.style(
            f"contratcheck {report.version} — vérification au {french_date(report.date)}", "bold"
        )
    )
    out.add()
    for result in report.results:
        if not batch or detail:
            file, nom = terminal_text(result.file), terminal_text(result.nom or "")
            title = file + (f" — {nom}" if nom else "")
            if len(title) > width and nom:  # the name on its own line, not wrapped
                out.add(out.style(file, "bold"))
                out.add(out.style(nom, "bold"))
            else:
                out.add(out.style(title, "bold"))
            _status_notes(out, result)
            if result.referentiels:
                _dashboard(out, result, width)
            _local_actions(out, result, width)
            out.add()
        _finding_lines(out, result, hints=not batch, infos=infos or detail)
        if batch:
            out.add(_file_summary(result))
        elif result.findings:
            out.add()
    if batch:
        out.add()
    known = sum(r.connus for r in report.results)
    if known and not report.findings():
        out.add(f"aucun nouveau constat ({plural(known, 'constat')} déjà dans la baseline)")
    out.add(out.style(_recap(report), "bold"))
    return "\n".join(out.lines) + "\n"
