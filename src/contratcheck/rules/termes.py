"""Rules of the « termes » family (CC6xx): outdated names of bodies and schemes (CGET, Pôle
emploi, MSAP…) in a contract's free text, from the date a later text replaced them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from contratcheck.formats.view import Contrat, Text
from contratcheck.french import french_date
from contratcheck.model import Position, Severity
from contratcheck.rules.base import Hit, W, rule
from contratcheck.rules.context import Context


def _forms(motifs: tuple[str, ...]) -> str:
    """The alternatives of a term's forms; a form in capitals is an acronym and keeps its case."""
    return "|".join(
        re.escape(m) if m.isupper() else f"(?i:{re.escape(m)})"
        for m in sorted(motifs, key=len, reverse=True)
    )


@cache
def _pattern(motifs: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all forms of a term, as whole words.

    A form in capitals is an acronym and keeps its case; other forms ignore case.
    """
    return re.compile(rf"(?<![\w-])(?:{_forms(motifs)})(?![\w-])")


# Texts are searched together, one per line: no form holds a line break, and a line break is
# neither a word character nor « - », so each text's words keep their boundaries.
_SEPARATOR = "\n"


@cache
def _any_term(terms: tuple[tuple[str, ...], ...]) -> re.Pattern[str] | None:
    """One pattern that matches where any of the terms does (None if a form spans lines).

    Compiled once per set of terms in force (per catalogue and date), not per contract.
    """
    if any(_SEPARATOR in m for motifs in terms for m in motifs):
        return None
    forms = "|".join(f"(?:{_forms(motifs)})" for motifs in terms)
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])")


def _candidates(texts: tuple[Text, ...], terms: tuple[tuple[str, ...], ...]) -> list[Text]:
    """The texts where some term may appear: those the joint pattern finds a match in.

    If a term's pattern matches a text, the joint pattern (every term's forms, the same word
    boundaries) matches it too, so the other texts can be skipped; the candidates are then
    searched term by term as before, so the findings are the same.
    """
    joint = _any_term(terms)
    if joint is None:
        return list(texts)
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text.value) + len(_SEPARATOR)
    found: list[Text] = []
    last = -1
    for match in joint.finditer(_SEPARATOR.join(t.value for t in texts)):
        index = bisect_right(starts, match.start()) - 1
        if index != last:
            found.append(texts[index])
            last = index
    return found


def _column(contrat: Contrat, lines: list[str], text: Text, match: re.Match[str]) -> Position:
    """The position of the term itself when the value sits on one source line."""
    start = contrat.position(text.path)
    if start.line <= len(lines):
        found = lines[start.line - 1].find(match.group(0), start.column - 1)
        if found >= 0:
            return Position(start.line, found + 1)
    return start


@rule("CC601", "terme-perime", W, "termes")
def check_outdated_terms(ctx: Context) -> Iterator[Hit]:
    """Un terme désigne un organisme ou dispositif remplacé.

    Signale, dans les titres, pilotes, partenaires, financeurs et signataires, les noms que
    des textes postérieurs ont remplacés (CGET → ANCT, Pôle emploi → France Travail, MSAP →
    France Services, DIRECCTE → DREETS, Garantie jeunes → CEJ…), à partir de leur date.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, partenaires: [ANCT]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, partenaires: [CGET]}
    """
    contrat = ctx.contrat
    due = [
        t
        for t in ctx.catalogue.terms
        if t.depuis <= ctx.today and (not t.generations or contrat.generation in t.generations)
    ]
    if not due:
        return
    lines: list[str] | None = None
    for text in _candidates(contrat.texts, tuple(t.motifs for t in due)):
        for term in due:
            match = _pattern(term.motifs).search(text.value)
            if match is not None:
                if lines is None:
                    lines = contrat.document.text.splitlines()
                replaced = (
                    f"remplacé par {term.remplace_par}"
                    if term.remplace_par
                    else "supprimé, sans successeur"
                )
                yield Hit(
                    text.path,
                    f"« {match.group(0)} » est périmé depuis le {french_date(term.depuis)} : "
                    f"{replaced} ({term.texte})",
                    "mettez le nom à jour, ou laissez-le si le texte décrit le passé",
                    position=_column(contrat, lines, text, match),
                    severity=Severity(term.gravite) if term.gravite else None,
                )


RULES = (check_outdated_terms,)
