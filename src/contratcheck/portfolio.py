"""Many contracts at once: a matrix contracts × items and the items least covered."""

from __future__ import annotations

from dataclasses import dataclass

from contratcheck.model import Report, Status


@dataclass(frozen=True)
class Column:
    """An item of a référentiel, as a column of the matrix."""

    reference: str
    libelle: str
    referentiel: str


@dataclass(frozen=True)
class Row:
    """A contract, as a row of the matrix."""

    file: str
    nom: str
    statuses: tuple[Status | None, ...]
    pourcentage: float | None


@dataclass(frozen=True)
class Ranking:
    """How well one item is covered across the contracts that count it."""

    column: Column
    couvertes: int
    comptees: int
    manquantes: int

    @property
    def taux(self) -> float:
        return 100 * self.couvertes / self.comptees if self.comptees else 0.0


@dataclass(frozen=True)
class Portfolio:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    least_covered: tuple[Ranking, ...]


def build_portfolio(report: Report) -> Portfolio:
    columns: dict[str, Column] = {}
    for result in report.results:
        for coverage in result.referentiels:
            for item in coverage.items:
                columns.setdefault(
                    item.reference, Column(item.reference, item.libelle, coverage.id)
                )
    ordered = tuple(sorted(columns.values(), key=lambda c: (c.referentiel, c.reference)))
    rows = []
    for result in report.results:
        statuses = {i.reference: i.status for c in result.referentiels for i in c.items}
        covered = sum(c.counts.couvertes for c in result.referentiels)
        counted = sum(c.counts.comptables - c.counts.exclues for c in result.referentiels)
        rows.append(
            Row(
                result.file,
                result.nom or result.file,
                tuple(statuses.get(c.reference) for c in ordered),
                round(100 * covered / counted, 1) if counted else None,
            )
        )
    rankings = []
    for index, column in enumerate(ordered):
        values = [r.statuses[index] for r in rows]
        counted_values = [v for v in values if v is not None and v is not Status.EXCLUE]
        rankings.append(
            Ranking(
                column,
                sum(1 for v in counted_values if v is Status.COUVERTE),
                len(counted_values),
                sum(1 for v in counted_values if v is Status.MANQUANTE),
            )
        )
    least = sorted(
        (r for r in rankings if r.comptees),
        key=lambda r: (r.taux, -r.manquantes, r.column.reference),
    )
    return Portfolio(ordered, tuple(rows), tuple(least[:15]))
