"""What a rule's check reads: the contract's typed view, its format, the catalogue, the date,
and what linking and rating found. Built once per contract by the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    """One contract, checked at one date."""

    contrat: Contrat
    format: ContractFormat
    catalogue: Catalogue
    today: dt.date
    links: Links
    rating: Rating
    qpv_list: QpvList | None = None
