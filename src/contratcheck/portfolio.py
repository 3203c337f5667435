"""Many contracts at once, for a préfecture: coverage per contract and per référentiel, a matrix
contracts × items grouped by référentiel, the items least covered, the files that could not be
read and why."""

from __future__ import annotations

from dataclasses import dataclass

from contratcheck.model import ContratResult, Report, Severity, Status

# Item columns per printed block: a block fits the width of an A4 landscape page.
COLUMNS_PER_BLOCK = 30


@dataclass(frozen=True)
class Column:
    """An item of a référentiel, as a column of the matrix."""

    reference: str
    libelle: str
    referentiel: str
    numero: int = 0  # its number in its référentiel's block, shown as the column header


@dataclass(frozen=True)
class Row:
    """A contract, as a row of the matrix."""

    file: str
    nom: str
    statuses: tuple[Status | None, ...]
    pourcentage: float | None
    valide: bool = True
    erreur: str = ""  # why the file could not be read, when it could not
    par_referentiel: tuple[float | None, ...] = ()  # in the order of Portfolio.referentiels


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
class Group:
    """The columns of one référentiel version, in printable blocks."""

    key: str  # id@version
    titre: str
    columns: tuple[Column, ...]
    start: int  # index of its first column in Portfolio.columns

    @property
    def blocks(self) -> list[tuple[int, tuple[Column, ...]]]:
        """(index of the first column, columns) for each block of at most COLUMNS_PER_BLOCK."""
        return [
            (self.start + i, self.columns[i : i + COLUMNS_PER_BLOCK])
            for i in range(0, len(self.columns), COLUMNS_PER_BLOCK)
        ]


@dataclass(frozen=True)
class Portfolio:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    least_covered: tuple[Ranking, ...]
    groups: tuple[Group, ...] = ()

    @property
    def unreadable(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.valide)


def _failure(result: ContratResult) -> str:
    errors = [f for f in result.findings if f.severity is Severity.ERREUR]
    if not errors:
        return "fichier non vérifié"
    first = errors[0]
    more = (
        f" (et {len(errors) - 1} autre{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    )
    return f"ligne {first.position.line} : {first.message}{more}"


def build_portfolio(report: Report) -> Portfolio:
    titles: dict[str, str] = {}
    by_group: dict[str, dict[str, Column]] = {}
    for result in report.results:
        for coverage in result.referentiels:
            key = f"{coverage.id}@{coverage.version}"
            titles.setdefault(key, coverage.titre)
            known = by_group.setdefault(key, {})
            for item in coverage.items:
                known.setdefault(item.reference, Column(item.reference, item.libelle, key))
    groups: list[Group] = []
    ordered: list[Column] = []
    for key in sorted(by_group):
        columns = tuple(
            Column(c.reference, c.libelle, c.referentiel, n)
            for n, c in enumerate(sorted(by_group[key].values(), key=lambda c: c.reference), 1)
        )
        groups.append(Group(key, titles[key], columns, len(ordered)))
        ordered.extend(columns)
    rows = []
    for result in report.results:
        statuses = {
            (f"{c.id}@{c.version}", i.reference): i.status
            for c in result.referentiels
            for i in c.items
        }
        rates = {f"{c.id}@{c.version}": c.counts.pourcentage for c in result.referentiels}
        covered = sum(c.counts.couvertes for c in result.referentiels)
        counted = sum(c.counts.comptables - c.counts.exclues for c in result.referentiels)
        rows.append(
            Row(
                result.file,
                result.nom or result.file,
                tuple(statuses.get((c.referentiel, c.reference)) for c in ordered),
                round(100 * covered / counted, 1) if counted else None,
                result.valide,
                "" if result.valide else _failure(result),
                tuple(rates.get(g.key) for g in groups),
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
    return Portfolio(tuple(ordered), tuple(rows), tuple(least[:15]), tuple(groups))
