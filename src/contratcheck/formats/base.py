"""What a contract format supplies to the engine: a plug-in per generation of contracts.

The engine knows no format by name: it reads the document's ``format:`` key, asks the
registry (``formats.registry``) for the format, validates the document against the format's
schema, has the format read it into its typed view, and runs the shared rules, the format's
own rules and, through the référentiels' ``controle`` keys, the format's controls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from contratcheck.coverage.controls import Control
from contratcheck.formats.view import Contrat
from contratcheck.loading.document import Document
from contratcheck.model import ContratSummary
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.rules.base import Rule


@dataclass(frozen=True)
class ContractFormat:
    """One contract format (``contrat-de-ville/1``…) and everything that differs by it."""

    id: str
    generation: str  # matched against the référentiels' `applicable.generations`
    titre: str
    # The dates a contract of this generation can start (``init`` picks the format by date).
    premier_jour: dt.date
    dernier_jour: dt.date
    schema: str  # the name of its JSON Schema under schemas/ (« contrat », « contrat-v2 »)
    read: Callable[[Document], Contrat]
    rules: tuple[Rule, ...]
    controls: tuple[Control, ...]
    # What the format calls the contract's own axis of an action, and its values' labels.
    axe_titre: str
    axe_libelles: Mapping[str, str]
    legal_end: Callable[[Contrat, dt.date], tuple[dt.date, str | None]]
    # What the texts say comes after a contract of this generation, for CC501 (may be empty).
    successeur: str
    qpv_code_problem: Callable[[str, dt.date], str | None]
    skeleton: Callable[[Catalogue, dt.date, list[str] | None], str]
    summarise: Callable[[Contrat, dt.date], ContratSummary]
    _controls: dict[str, Control] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._controls.update({control.name: control for control in self.controls})

    @property
    def controls_by_name(self) -> Mapping[str, Control]:
        return self._controls

    def axe_libelle(self, value: str) -> str:
        return self.axe_libelles.get(value, value)
