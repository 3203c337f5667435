"""The HTML report for a comité de pilotage: one self-contained, printable, accessible file.

Built from Jinja2 templates with autoescaping: contract text is never trusted as HTML.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from typing import Any

from contratcheck.dates import french_date
from contratcheck.model import Comparison, ContratResult, Report, Status, StatusCounts
from contratcheck.reporters.escaping import xml_text

SYMBOLS = {
    "couverte": "✔",
    "partielle": "◐",
    "obsolete": "↺",
    "manquante": "✘",
    "exclue": "⊘",
}
ORDER = (Status.MANQUANTE, Status.PARTIELLE, Status.OBSOLETE, Status.COUVERTE, Status.EXCLUE)


def _template_text(name: str) -> str:
    return (resources.files("contratcheck") / "templates" / name).read_text(encoding="utf-8")


def _environment() -> Any:
    from jinja2 import DictLoader, Environment, select_autoescape

    names = ("rapport.html", "portefeuille.html", "_style.css")
    environment = Environment(
        loader=DictLoader({n: _template_text(n) for n in names}),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date_fr"] = lambda value: french_date(value) if value else "—"
    environment.filters["pct"] = lambda v: "—" if v is None else f"{v:.0f} %".replace(".", ",")
    environment.filters["ecart"] = lambda v: "—" if v is None else f"{v:+.0f} points"
    environment.filters["euros"] = lambda v: f"{v:,.0f} €".replace(",", "\u202f")
    environment.globals["symboles"] = SYMBOLS
    environment.globals["ordre"] = ORDER
    environment.globals["compte"] = _count
    return environment


def _count(counts: StatusCounts, status: Status) -> int:
    return {
        Status.COUVERTE: counts.couvertes,
        Status.PARTIELLE: counts.partielles,
        Status.OBSOLETE: counts.obsoletes,
        Status.MANQUANTE: counts.manquantes,
        Status.EXCLUE: counts.exclues,
    }[status]


def _by_qpv(result: ContratResult) -> list[dict[str, Any]]:
    summary = result.resume
    if summary is None:
        return []
    return [
        {
            "code": code,
            "nom": nom,
            "actions": [a.id for a in summary.actions if not a.qpv or code in a.qpv],
        }
        for code, nom in summary.qpv
    ]


def _funding(result: ContratResult) -> dict[str, Any]:
    axes: dict[str, float] = defaultdict(float)
    financeurs: dict[str, float] = defaultdict(float)
    if result.resume is not None:
        for action in result.resume.actions:
            for financeur, montant in action.financement:
                axes[action.axe_libelle] += montant
                financeurs[financeur] += montant
    return {
        "axes": sorted(axes.items(), key=lambda kv: -kv[1]),
        "axe_titre": result.resume.axe_titre if result.resume else "Axe",
        "financeurs": sorted(financeurs.items(), key=lambda kv: -kv[1]),
        "total": sum(financeurs.values()),
    }


def render_contract(report: Report, result: ContratResult, depuis: Comparison | None = None) -> str:
    """The report of one contract; ``depuis`` is a comparison with an earlier version."""
    template = _environment().get_template("rapport.html")
    return str(
        template.render(
            r=result,
            s=result.resume,
            version=report.version,
            date_fr=french_date(report.date),
            r_date=report.date,
            css=_template_text("_style.css"),
            par_qpv=_by_qpv(result),
            actions_par_id={a.id: a for a in result.resume.actions} if result.resume else {},
            financement=_funding(result),
            depuis=depuis,
        )
    )


def render_portfolio(report: Report) -> str:
    """A matrix contracts × items, and the items least covered across the contracts."""
    from contratcheck.portfolio import build_portfolio

    template = _environment().get_template("portefeuille.html")
    return str(
        template.render(
            p=build_portfolio(report),
            report=report,
            version=report.version,
            date_fr=french_date(report.date),
            css=_template_text("_style.css"),
        )
    )


def render(report: Report, color: bool = False) -> str:
    if len(report.results) == 1:
        return xml_text(render_contract(report, report.results[0], report.comparaison))
    return xml_text(render_portfolio(report))
