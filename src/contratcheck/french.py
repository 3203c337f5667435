"""How numbers, counts and places read in French, written once for every human output."""

from __future__ import annotations


def percent(value: float | None, decimals: int = 1) -> str:
    """« 42,5 % », « 50 % », « — » when there is nothing to count."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 erreur », « 2 erreurs », « 0 erreur » (French singular for 0 and 1)."""
    word = singular if count < 2 else (plural_form or singular + "s")
    return f"{count} {word}"
