"""The portfolio as a CSV matrix: one row per contract, one column per item (statuses)."""

from __future__ import annotations

import csv
import io

from contratcheck.model import Report
from contratcheck.portfolio import build_portfolio
from contratcheck.reporters.csv import neutralise


def render(report: Report, color: bool = False) -> str:
    portfolio = build_portfolio(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["fichier", "contrat", "couverture", *(c.reference for c in portfolio.columns)])
    for row in portfolio.rows:
        percent = "" if row.pourcentage is None else f"{row.pourcentage:.1f}".replace(".", ",")
        cells = [row.file, row.nom, percent, *(s.label if s else "" for s in row.statuses)]
        writer.writerow([neutralise(c) for c in cells])
    return "\ufeff" + buffer.getvalue()
