"""What a rule is: a code, a name, a default severity, French documentation and a check.

A check is a generator of :class:`Hit` (where, what, how to fix); the engine stamps the code,
the severity and the position. Rules whose findings come from reading or validating a file (the
CC1xx and CC2xx families) have no check of their own: the loaders emit them by code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contratcheck.model import Finding, Position, Severity, YamlPath

if TYPE_CHECKING:
    from contratcheck.rules.context import Context

E, W, N = Severity.ERREUR, Severity.AVERTISSEMENT, Severity.INFO


@dataclass(frozen=True)
class Hit:
    """One place where a rule's check fails."""

    path: YamlPath
    message: str
    hint: str = ""
    # Where the finding points when it is not the position of ``path`` (a word inside a value).
    position: Position | None = None
    # The severity of this finding when it is not the rule's default (an item's force).
    severity: Severity | None = None


Check = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A rule as users see it (``regles``, ``explain``, SARIF) and as the engine runs it."""

    code: str
    nom: str
    severity: Severity
    doc: str
    family: str
    check: Check | None = None

    @property
    def resume(self) -> str:
        return self.doc.splitlines()[0]


def rule(code: str, nom: str, severity: Severity, family: str) -> Callable[[Check], Rule]:
    """Declare a rule on its check function; the function's docstring is its documentation."""

    def declare(function: Check) -> Rule:
        return Rule(code, nom, severity, inspect.getdoc(function) or "", family, function)

    return declare


def emitted(
    code: str, nom: str, severity: Severity, family: str
) -> Callable[[Callable[[], None]], Rule]:
    """Declare a rule whose findings a loader emits; the docstring is its documentation."""

    def declare(function: Callable[[], None]) -> Rule:
        return Rule(code, nom, severity, inspect.getdoc(function) or "", family)

    return declare


def make_finding(
    code: str,
    message: str,
    file: str,
    position: Position,
    path: YamlPath = (),
    hint: str = "",
) -> Finding:
    """A finding of a rule, at the rule's default severity (the policy may change it later)."""
    from contratcheck.rules.registry import RULES

    return Finding(code, RULES[code].severity, message, file, position, path, hint)


def collect(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Index rules by code; a code declared twice is a programming error."""
    found: dict[str, Rule] = {}
    for item in rules:
        if item.code in found:
            raise ValueError(f"rule code declared twice: {item.code}")
        found[item.code] = item
    return found
