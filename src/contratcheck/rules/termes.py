"""Flag outdated terms (CGET, Pôle emploi, MSAP…) in a contract checked at a date (rule CC601)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache

from contratcheck.dates import french_date
from contratcheck.formats.cdv1.view import Contrat
from contratcheck.model import Finding, Position, YamlPath
from contratcheck.referentiels.catalogue import Term
from contratcheck.rules.registry import make_finding


@cache
def _pattern(motifs: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all forms of a term, as whole words.

    A form in capitals is an acronym and keeps its case; other forms ignore case.
    """
    forms = "|".join(
        re.escape(m) if m.isupper() else f"(?i:{re.escape(m)})"
        for m in sorted(motifs, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])")


def _texts(contrat: Contrat) -> Iterator[tuple[YamlPath, str]]:
    """The free-text fields where an outdated name of a body or scheme can appear."""
    data = contrat.data
    for index, signataire in enumerate(data["contrat"].get("signataires", [])):
        yield ("contrat", "signataires", index, "nom"), signataire["nom"]
    comite = data.get("gouvernance", {}).get("comite_pilotage", {})
    for index, text in enumerate(comite.get("presidence", [])):
        yield ("gouvernance", "comite_pilotage", "presidence", index), text
    for number, action in enumerate(data["actions"]):
        base: YamlPath = ("actions", number)
        yield (*base, "titre"), action["titre"]
        if "pilote" in action:
            yield (*base, "pilote"), action["pilote"]
        for index, partner in enumerate(action.get("partenaires", [])):
            yield (*base, "partenaires", index), partner
        for index, line in enumerate(action.get("financement", [])):
            yield (*base, "financement", index, "financeur"), line["financeur"]


def _column(contrat: Contrat, lines: list[str], path: YamlPath, match: re.Match[str]) -> Position:
    """The position of the term itself when the value sits on one source line."""
    start = contrat.document.position(path)
    if start.line <= len(lines):
        found = lines[start.line - 1].find(match.group(0), start.column - 1)
        if found >= 0:
            return Position(start.line, found + 1)
    return start


def check_terms(contrat: Contrat, terms: tuple[Term, ...], today: dt.date) -> list[Finding]:
    """One finding per outdated term found in the contract's names of bodies and schemes."""
    due = [t for t in terms if t.depuis <= today.isoformat()]
    findings: list[Finding] = []
    if not due:
        return findings
    lines = contrat.document.text.splitlines()
    for path, text in _texts(contrat):
        for term in due:
            match = _pattern(term.motifs).search(text)
            if match is not None:
                findings.append(
                    make_finding(
                        "CC601",
                        f"« {match.group(0)} » est périmé depuis le {french_date(term.depuis)} : "
                        f"remplacé par {term.remplace_par} ({term.texte})",
                        contrat.document.name,
                        _column(contrat, lines, path, match),
                        path,
                        "mettez le nom à jour, ou laissez-le si le texte décrit le passé",
                    )
                )
    return findings
