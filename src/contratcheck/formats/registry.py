"""Every contract format contratcheck reads, by the value of the document's ``format:`` key."""

from __future__ import annotations

import datetime as dt

from contratcheck.formats.base import ContractFormat
from contratcheck.formats.cdv1 import FORMAT_1
from contratcheck.formats.cdv2 import FORMAT_2

_FORMATS: dict[str, ContractFormat] = {f.id: f for f in (FORMAT_1, FORMAT_2)}


def formats() -> list[ContractFormat]:
    """The registered formats, oldest generation first."""
    return sorted(_FORMATS.values(), key=lambda f: f.premier_jour)


def get_format(format_id: object) -> ContractFormat | None:
    return _FORMATS.get(format_id) if isinstance(format_id, str) else None


def default_format() -> ContractFormat:
    """The format a file without a readable ``format:`` key is validated against."""
    return formats()[0]


def format_for_date(date: dt.date) -> ContractFormat:
    """The format of a contract starting at this date (the newest one, after the last)."""
    for candidate in formats():
        if candidate.premier_jour <= date <= candidate.dernier_jour:
            return candidate
    return formats()[-1] if date > formats()[-1].premier_jour else formats()[0]


def control_names() -> set[str]:
    """The names of the controls some format registers (a référentiel may name only these)."""
    return {control.name for f in _FORMATS.values() for control in f.controls}


def register(contract_format: ContractFormat) -> None:
    """Add a format (used by tests, and by future generations' packages)."""
    _FORMATS[contract_format.id] = contract_format


def unregister(format_id: str) -> None:
    _FORMATS.pop(format_id, None)
