"""Output formats, registered by name; each renders the same Report to text."""

from __future__ import annotations

from collections.abc import Callable

from contratcheck.model import Report

Renderer = Callable[[Report, bool], str]


def _texte(report: Report, color: bool) -> str:
    from contratcheck.reporters import terminal

    return terminal.render(report, color=color)


def _json(report: Report, color: bool) -> str:
    from contratcheck.reporters import json

    return json.render(report)


REPORTERS: dict[str, Renderer] = {"texte": _texte, "json": _json}


def render(name: str, report: Report, color: bool = False) -> str:
    """Render the report in the named format."""
    return REPORTERS[name](report, color)
