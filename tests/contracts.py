"""Small contracts for the behaviour tests: the rules' base contract with some keys replaced."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from contratcheck.engine import Settings, check_bytes
from contratcheck.model import ContratResult, Finding, ReferentielCoverage
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import load_catalogue, read_catalogue
from contratcheck.rules.examples import BASE_CONTRAT
from contratcheck.rules.explain import merge_fragment


@functools.cache
def shipped() -> Catalogue:
    return load_catalogue()


def catalogue_with(*paths: Path) -> Catalogue:
    """The shipped référentiels and some test ones; a finding about them fails the test."""
    catalogue, findings = read_catalogue(list(paths))
    assert findings == [], findings
    return catalogue


def contract(fragment: str = "") -> str:
    """The base contract of the rules' examples, its top-level keys replaced by the fragment's."""
    return merge_fragment(BASE_CONTRAT, fragment)


@dataclass(frozen=True)
class Outcome:
    result: ContratResult

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    def codes(self, *only: str) -> list[str]:
        return [f.code for f in self.findings if not only or f.code in only]

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    def messages(self, code: str) -> list[str]:
        return [f.message for f in self.of(code)]

    def where(self, code: str) -> list[tuple[int, int]]:
        return [(f.position.line, f.position.column) for f in self.of(code)]

    def coverage(self, referentiel_id: str) -> ReferentielCoverage:
        found = [c for c in self.result.referentiels if c.id == referentiel_id]
        assert found, [c.id for c in self.result.referentiels]
        return found[0]

    def status(self, reference: str) -> tuple[str, str] | None:
        """(status, reason) of an item, None when the item is not rated."""
        for coverage in self.result.referentiels:
            for item in coverage.items:
                if item.reference == reference:
                    return item.status.value, item.reason
        return None

    @property
    def exit_code(self) -> int:
        return int(any(f.severity.value == "erreur" for f in self.findings))


def check(
    text: str,
    day: str = "2021-06-01",
    catalogue: Catalogue | None = None,
    only: Iterable[str] = (),
    **settings: object,
) -> Outcome:
    """Check a contract's text at a date."""
    options = Settings(
        catalogue or shipped(),
        dt.date.fromisoformat(day),
        only=tuple(only),
        **settings,  # type: ignore[arg-type]
    )
    return Outcome(check_bytes(text.encode("utf-8"), "contrat.yaml", options))


def line_of(text: str, start: str) -> int:
    """The number of the first line of the text that starts with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))
