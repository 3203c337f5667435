"""Dates of past events as contracts write them: a day, a month, a year, or « inconnue »."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from contratcheck.french import MONTHS, french_date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year, or not at all; compared through its bounds."""

    text: str
    earliest: dt.date | None
    latest: dt.date | None

    @property
    def exact(self) -> dt.date | None:
        return self.earliest if self.earliest == self.latest else None

    @property
    def known(self) -> bool:
        return self.earliest is not None

    def before(self, limit: dt.date) -> bool | None:
        """Whether the event happened strictly before ``limit`` (None: cannot tell)."""
        if self.latest is None or self.earliest is None:
            return None
        if self.latest < limit:
            return True
        if self.earliest >= limit:
            return False
        return None

    def on_or_before(self, limit: dt.date) -> bool | None:
        return self.before(limit + dt.timedelta(days=1))

    def french(self) -> str:
        """« 29 avril 2024 », « avril 2024 », « 2024 » or « date inconnue »."""
        if self.earliest is None or self.latest is None:
            return "date inconnue"
        if self.earliest == self.latest:
            return french_date(self.earliest)
        if self.earliest.year == self.latest.year and self.earliest.month == self.latest.month:
            return f"{MONTHS[self.earliest.month - 1]} {self.earliest.year}"
        return str(self.earliest.year)

    def with_article(self) -> str:
        """« le 29 avril 2024 », « en avril 2024 », « en 2024 », « à une date inconnue »."""
        if self.earliest is None:
            return "à une date inconnue"
        return ("le " if self.exact else "en ") + self.french()


UNKNOWN = PartialDate("inconnue", None, None)


def parse_partial(value: object) -> PartialDate | None:
    """Read a schema-valid ``date_evenement`` (None when the key is absent)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return PartialDate(str(value), dt.date(value, 1, 1), dt.date(value, 12, 31))
    text = str(value).strip()
    if text == "inconnue":
        return PartialDate(text, None, None)
    if _YEAR.match(text):
        year = int(text)
        return PartialDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = _MONTH.match(text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        last = calendar.monthrange(year, number)[1]
        return PartialDate(text, dt.date(year, number, 1), dt.date(year, number, last))
    day = dt.date.fromisoformat(text)
    return PartialDate(text, day, day)


def add_month(day: dt.date) -> dt.date:
    """The same day a month later (the month's last day when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
