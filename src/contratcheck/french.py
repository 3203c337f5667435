"""How dates, counts and percentages read in French, written once for every human output."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(date: dt.date | str) -> str:
    """« 2018-07-18 » → « 18 juillet 2018 » ; « 2021-03-01 » → « 1er mars 2021 »."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 erreur », « 1 erreur », « 2 erreurs »: French takes the singular below 2."""
    word = singular if count < 2 else (plural_form or singular + "s")
    return f"{count} {word}"


_ISO_IN_TEXT = re.compile(r"(?<![@\w/-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def french_dates_in(text: str) -> str:
    """Write the ISO dates of a sentence as French readers do; ids such as « x@2018-07-18 » stay."""

    def replace(match: re.Match[str]) -> str:
        try:
            return french_date(match[0])
        except ValueError:
            return match[0]

    return _ISO_IN_TEXT.sub(replace, text)


def percent(value: float | None, decimals: int = 1) -> str:
    """« 42,5 % », « 50 % », « — » when there is nothing to count."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"
