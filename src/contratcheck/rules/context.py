"""What a rule's check reads: the contract's typed view, its format, the catalogue, the date,
and what linking and rating found. Built once per contract by the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from contratcheck.coverage.links import Links
from contratcheck.coverage.rating import Rating
from contratcheck.formats.view import Contrat
from contratcheck.loading.qpv_list import QpvList
from contratcheck.referentiels.catalogue import Catalogue

if TYPE_CHECKING:
    from contratcheck.formats.base import ContractFormat


@dataclass(frozen=True)
class Context:
    """One contract, checked at one date.

    ``today`` is the date the contract is evaluated at: the check date (``--date``), or the
    contract's legal end when that has passed, so that a text published after a contract ended
    never yields a finding on it. ``check_date`` is always ``--date``.
    """

    contrat: Contrat
    format: ContractFormat
    catalogue: Catalogue
    today: dt.date
    links: Links
    rating: Rating
    qpv_list: QpvList | None = None
    check_date: dt.date | None = None
    coverage_min: Mapping[str, float] = field(default_factory=dict)

    @property
    def checked_on(self) -> dt.date:
        return self.check_date or self.today
