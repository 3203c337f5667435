"""The HTML report for a comité de pilotage: one self-contained, printable, accessible file.

Built from Jinja2 templates with autoescaping: contract text is never trusted as HTML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from typing import Any

from contratcheck.french import french_date, french_dates_in, percent, plural
from contratcheck.model import (
    Comparison,
    ContratResult,
    Finding,
    Report,
    Revoyure,
    Status,
    StatusCounts,
)
from contratcheck.reporters.csv import FORCES
from contratcheck.reporters.escaping import xml_text

SYMBOLS = {
    "couverte": "✔",
    "partielle": "◐",
    "obsolete": "↺",
    "manquante": "✘",
    "exclue": "⊘",
}
ORDER = (Status.MANQUANTE, Status.PARTIELLE, Status.OBSOLETE, Status.COUVERTE, Status.EXCLUE)


# Finding families (the hundreds of the code), as themes of the report.
THEMES = {
    "CC1": "Lecture du fichier",
    "CC2": "Format du contrat",
    "CC3": "Références, exclusions et actions",
    "CC4": "Couverture des référentiels",
    "CC5": "Calendrier légal, gouvernance et quartiers",
    "CC6": "Termes périmés",
    "CC7": "Fichiers de référentiel",
    "CC8": "Commentaires de suppression",
}
# Item gaps: shown in the tables of items, not repeated among the findings.
_GAP_CODES = ("CC401", "CC402", "CC403")
_MAX_DECISIONS = 5
FORCES_PLURAL = {
    "obligatoire": ("obligatoire", "obligatoires"),
    "attendu": ("attendu", "attendus"),
    "au-choix": ("au choix", "au choix"),
}
# The HTML report shows the 2027 review from this check date on (the mid-term evaluation was
# about to start in January 2026, domain-2024 §9).
REVIEW_FROM = "2026-01-01"


# Action ids, domain codes and year ranges (« EMP-1 », « EDU-02 », « 2024-2030 »): never split at
# their hyphen, which the browser would otherwise take as a line break opportunity.
_UNBREAKABLE = re.compile(r"\b(?:[A-Z][A-Z0-9]*-[A-Z0-9-]*[0-9][A-Z0-9]*|\d{4}-\d{4})\b")


def _unbreakable(text: Any) -> Any:
    """Escape the text, then keep ids and year ranges on one line (a span each)."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))
    return Markup(_UNBREAKABLE.sub(lambda m: f'<span class="id">{m[0]}</span>', escaped))


def _template_text(name: str) -> str:
    return (resources.files("contratcheck") / "templates" / name).read_text(encoding="utf-8")


def _environment() -> Any:
    from jinja2 import DictLoader, Environment, select_autoescape

    names = ("rapport.html", "portefeuille.html", "revoyure.html", "_revoyure.html", "_style.css")
    environment = Environment(
        loader=DictLoader({n: _template_text(n) for n in names}),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date_fr"] = lambda value: french_date(value) if value else "—"
    environment.filters["nombre"] = lambda n, singular, plural_form=None: plural(
        n, singular, plural_form
    )
    environment.filters["pct"] = lambda v: percent(v, 0)
    environment.filters["ecart"] = lambda v: "—" if v is None else f"{v:+.0f} points"
    environment.filters["euros"] = lambda v: f"{v:,.0f} €".replace(",", "\u202f")
    environment.filters["dates_fr"] = lambda text: _unbreakable(french_dates_in(str(text)))
    environment.filters["ids"] = _unbreakable
    environment.filters["valeur"] = _value
    environment.filters["hote"] = _host
    environment.globals["libelles"] = {s.value: s.label for s in Status}
    environment.globals["forces"] = FORCES
    environment.globals["symboles"] = SYMBOLS
    environment.globals["ordre"] = ORDER
    environment.globals["compte"] = _count
    return environment


def _number(value: float) -> str:
    """« 1 240 », « 37,5 »: French digits, a narrow space between thousands."""
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _value(value: object) -> str:
    """A contract's value: numbers in French, texts as written, « — » when absent."""
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(float(value))
    return str(value)


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


def _decisions(report: Report, result: ContratResult) -> list[dict[str, str]]:
    """The three to five things a comité has to decide, most pressing first."""
    decisions: list[dict[str, str]] = []
    summary = result.resume
    if not result.valide:
        errors = sum(1 for f in result.findings if f.severity.value == "erreur")
        decisions.append(
            {
                "titre": "Corriger le fichier avant toute lecture de la couverture",
                "detail": f"{plural(errors, 'erreur')} de lecture ou de format "
                "(voir les constats).",
            }
        )
    if summary is not None and summary.fin_legale < report.date:
        decisions.append(
            {
                "titre": f"Le contrat est échu depuis le {french_date(summary.fin_legale)}",
                "detail": "Décider de son renouvellement ou de son remplacement par un contrat "
                "de la génération suivante.",
            }
        )
    # What the texts require or expect (obligatoire, attendu); the menus' measures a territory
    # did not take up are choices, listed in the tables, not decisions.
    missing = [
        (
            c,
            [
                i
                for i in c.items
                if i.status is Status.MANQUANTE and i.info.force in ("obligatoire", "attendu")
            ],
        )
        for c in result.referentiels
    ]
    missing = sorted(((c, m) for c, m in missing if m), key=lambda cm: -len(cm[1]))
    if missing:
        total = sum(len(m) for _, m in missing)
        parts = "; ".join(f"{c.titre} : {len(m)}" for c, m in missing)
        decisions.append(
            {
                "titre": plural(
                    total, "exigence nationale non couverte", "exigences nationales non couvertes"
                ),
                "detail": f"{parts}. Les rattacher à une action, ou les exclure avec un motif.",
            }
        )
    if summary is not None:
        late = [
            a
            for a in summary.actions
            if a.echeance
            and a.echeance < report.date
            and a.statut not in ("realisee", "abandonnee")
        ]
        if late:
            names = ", ".join(f"{a.id} ({french_date(a.echeance or '')})" for a in late[:6])
            more = f" et {len(late) - 6} autres" if len(late) > 6 else ""
            decisions.append(
                {
                    "titre": f"{plural(len(late), 'échéance dépassée', 'échéances dépassées')}",
                    "detail": f"{names}{more} : reporter l'échéance, ou clore l'action "
                    "(réalisée ou abandonnée).",
                }
            )
        orphans = [
            a
            for a in summary.actions
            if not a.pilote and a.statut not in ("realisee", "abandonnee")
        ]
        if orphans:
            names = ", ".join(a.id for a in orphans[:8])
            more = f" et {len(orphans) - 8} autres" if len(orphans) > 8 else ""
            decisions.append(
                {
                    "titre": f"{plural(len(orphans), 'action sans pilote', 'actions sans pilote')}",
                    "detail": f"{names}{more} : désigner qui la porte.",
                }
            )
    partial = sum(
        1
        for c in result.referentiels
        for i in c.items
        if i.status in (Status.PARTIELLE, Status.OBSOLETE)
    )
    if partial:
        decisions.append(
            {
                "titre": f"{plural(partial, 'item à compléter', 'items à compléter')}",
                "detail": "Couverts en partie ou seulement par des actions échues : compléter "
                "les fiches actions (pilote, échéance, indicateur avec une cible).",
            }
        )
    return decisions[:_MAX_DECISIONS]


def _themes(findings: tuple[Finding, ...]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by family of rules, item gaps left out (the item tables show them)."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code in _GAP_CODES:
            continue
        groups.setdefault(THEMES.get(f.code[:3], "Autres constats"), []).append(f)
    order = list(THEMES.values())
    return sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)


def _host(address: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(address).netloc
    return host.removeprefix("www.") or address


def _sources(result: ContratResult) -> list[dict[str, Any]]:
    """Every source the items cite, per référentiel, with the items that cite it."""
    rows = []
    for coverage in result.referentiels:
        cited: dict[str, dict[str, Any]] = {}
        for item in coverage.items:
            titles = item.info.titres_sources
            for index, source in enumerate(item.sources):
                title = titles[index] if index < len(titles) and titles[index] else ""
                entry = cited.setdefault(
                    source,
                    {"adresse": source, "titre": title or _host(source), "cites": []},
                )
                entry["cites"].append(item.reference.split(":", 1)[1])
        rows.append({"referentiel": coverage, "sources": list(cited.values())})
    return rows


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
            decisions=_decisions(report, result),
            themes=_themes(result.findings),
            ecarts=sum(1 for f in result.findings if f.code in _GAP_CODES),
            sources=_sources(result),
            revoyure=result.resume.revoyure
            if result.resume and report.date >= REVIEW_FROM
            else None,
        )
    )


def _euros(value: float) -> str:
    return _number(value) + "\u00a0€"


def _review_synthesis(rv: Revoyure) -> list[str]:
    """The few lines that open the review page."""
    lines = []
    indicators = [i for p in rv.priorites for i in p.indicateurs]
    halfway = sum(1 for i in indicators if i.progression is not None and i.progression >= 50)
    unmeasured = sum(1 for i in indicators if i.derniere is None)
    bare = [p.id or p.libelle for p in rv.priorites if not p.indicateurs]
    text = (
        f"Indicateurs : {plural(len(indicators), 'indicateur suivi', 'indicateurs suivis')} "
        f"pour {plural(len(rv.priorites), 'priorité')} ; {halfway} à mi-chemin de leur cible "
        "ou au-delà"
    )
    if unmeasured:
        text += f" ; {unmeasured} sans valeur mesurée"
    if bare:
        text += f" ; sans indicateur : {', '.join(bare)}"
    lines.append(text + ".")
    if rv.engagements:
        planned = sum(e.prevu for e in rv.engagements)
        closed = sum(e.prevu_clos for e in rv.engagements)
        done = sum(e.realise for e in rv.engagements)
        text = f"Moyens : {_euros(planned)} prévus par {plural(len(rv.engagements), 'signataire')}"
        if closed:
            text += f" ; {_euros(done)} réalisés sur {_euros(closed)} prévus pour les années closes"
        lines.append(text + ".")
    if rv.cpo and rv.cpo.parts:
        last = rv.cpo.parts[-1]
        share = "—" if last.part is None else f"{last.part:.0f} %"
        lines.append(
            f"Conventions pluriannuelles : {share} en {last.annee} (objectif "
            f"{_number(rv.cpo.objectif)} %) ; "
            + (
                f"{plural(len(rv.cpo.a_renouveler), 'convention')} à renouveler."
                if rv.cpo.a_renouveler
                else "aucune convention à renouveler n'est listée."
            )
        )
    present = [x.annee for x in rv.rapports if x.present]
    late = [str(x.annee) for x in rv.rapports if x.en_retard]
    years = plural(len(rv.rapports), "année écoulée", "années écoulées")
    text = f"Rapports annuels : {len(present)} sur {years}"
    if late:
        text += f" ; manquant : {', '.join(late)}"
    lines.append(text + ".")
    missing = [i for t in rv.textes_parus for i in t.non_repris]
    text = (
        f"Textes parus depuis la signature : {plural(len(rv.textes_parus), 'texte')}, "
        f"{plural(len(missing), 'item non repris', 'items non repris')}"
    )
    forces = [
        plural(n, FORCES_PLURAL[force][0], FORCES_PLURAL[force][1])
        for force in FORCES_PLURAL
        if (n := sum(1 for i in missing if i.force == force))
    ]
    if forces:
        text += f" ({', '.join(forces)})"
    lines.append(text + ".")
    if rv.citations_perimees or rv.termes_perimes:
        lines.append(
            f"Dispositifs terminés encore cités : "
            f"{plural(len(rv.citations_perimees), 'référence')}, "
            f"{plural(len(rv.termes_perimes), 'terme périmé', 'termes périmés')}."
        )
    lines.append(
        "Aucune instruction nationale sur la revoyure n'a été trouvée : ni calendrier, ni "
        "méthode, ni liste nationale d'indicateurs."
    )
    return lines


def render_review(report: Report) -> str:
    """The 2027 review page of one format-2 contract."""
    result = report.results[0]
    assert result.resume is not None and result.resume.revoyure is not None
    template = _environment().get_template("revoyure.html")
    return str(
        template.render(
            r=result,
            s=result.resume,
            rv=result.resume.revoyure,
            version=report.version,
            date_fr=french_date(report.date),
            r_date=report.date,
            css=_template_text("_style.css"),
            synthese=_review_synthesis(result.resume.revoyure),
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
