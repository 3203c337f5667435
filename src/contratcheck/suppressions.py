"""Inline suppression comments: ``# contratcheck-ignorer CC310 : motif`` (rules CC801, CC802).

A comment at the end of a line silences the listed codes on that line; a comment alone on its
line silences them on the next line. The reason after « : » is mandatory. With
``interdire_suppressions`` (CI), every such comment is refused and silences nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contratcheck.model import Finding, Position
from contratcheck.rules.base import make_finding
from contratcheck.rules.registry import RULES

# Possessive quantifiers (*+, ++): a line of many spaces must not make the match quadratic.
_MARKER = re.compile(
    r"#\s*+contratcheck-ignorer\s++(?P<codes>[A-Z]{2}\d{3}(?:\s*+,\s*+[A-Z]{2}\d{3})*+)"
    r"\s*+(?::\s*+(?P<reason>.*\S))?\s*+$"
)
# The line ends libyaml counts and editors show (not NEL, LS, PS, which str.splitlines adds).
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Suppression:
    """One comment: the line it covers, the codes, and its reason."""

    line: int
    target: int
    column: int
    codes: frozenset[str]
    reason: str


def find_suppressions(text: str) -> list[Suppression]:
    found = []
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if "contratcheck-ignorer" not in line:
            continue
        match = _MARKER.search(line)
        if match is None:
            continue
        alone = line[: match.start()].strip() == ""
        codes = frozenset(c.strip() for c in match.group("codes").split(","))
        found.append(
            Suppression(
                line=number,
                target=number + 1 if alone else number,
                column=match.start() + 1,
                codes=codes,
                reason=(match.group("reason") or "").strip(),
            )
        )
    return found


def apply_suppressions(
    findings: list[Finding], text: str, name: str, forbidden: bool
) -> tuple[list[Finding], int]:
    """Drop suppressed findings; add findings about invalid or refused comments.

    Returns the findings to report and how many were silenced.
    """
    kept = list(findings)
    silencing: dict[int, set[str]] = {}
    for suppression in find_suppressions(text):
        position = Position(suppression.line, suppression.column)
        if forbidden:
            kept.append(
                make_finding(
                    "CC802",
                    "les commentaires « contratcheck-ignorer » sont interdits ici "
                    "(interdire_suppressions) : corrigez le constat",
                    name,
                    position,
                )
            )
            continue
        if not suppression.reason:
            kept.append(
                make_finding(
                    "CC801",
                    "commentaire « contratcheck-ignorer » sans motif : il n'a aucun effet",
                    name,
                    position,
                    hint="écrivez le motif après « : », par exemple : "
                    "# contratcheck-ignorer CC310 : action reportée par le comité de pilotage",
                )
            )
            continue
        unknown = sorted(c for c in suppression.codes if c not in RULES)
        if unknown:
            kept.append(
                make_finding(
                    "CC801",
                    f"code(s) inconnu(s) dans « contratcheck-ignorer » : {', '.join(unknown)}",
                    name,
                    position,
                )
            )
        silencing.setdefault(suppression.target, set()).update(suppression.codes)
    # One pass over the findings, whatever the number of comments.
    reported = [f for f in kept if f.code not in silencing.get(f.position.line, ())]
    return reported, len(kept) - len(reported)
