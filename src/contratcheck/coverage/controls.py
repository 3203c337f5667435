"""Controls: the named checks, registered by a contract format, that rate an item of a
``cadre`` référentiel from the contract itself (``controle: NAME`` in the référentiel file).

A control answers in one of two ways: the actions that serve the item (the actions of one of the
contract's axes: the item is then rated like one cited by references), or a verdict of its own
(a required document was signed in time; ``None`` status: not yet due).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from contratcheck.formats.view import Action, Contrat
from contratcheck.model import Status


@dataclass(frozen=True)
class ByActions:
    """The item is served by these actions."""

    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Verdict:
    """The item's status and its reason (``None`` status: not yet due)."""

    status: Status | None
    reason: str


NOT_YET_DUE = Verdict(None, "pas encore exigible")

ControlResult = ByActions | Verdict


@dataclass(frozen=True)
class Control:
    """A named control: it rates an item from the contract at a date, given the item's value."""

    name: str
    evaluate: Callable[[Contrat, str | None, dt.date], ControlResult]
    libelle: str = ""
    # The format's rules that report this control's verdict; without one, an item it rates
    # « manquante » or « partielle » is a coverage gap (CC401, CC402) like any other.
    reported_by: tuple[str, ...] = ()
