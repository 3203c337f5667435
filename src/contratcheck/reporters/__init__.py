"""Output formats, registered by name; each renders the same Report to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import cast

from contratcheck.errors import UsageError
from contratcheck.model import Report

Renderer = Callable[[Report, bool], str]

# Format name → reporter module; every module has ``render(report, color) -> str``.
REPORTERS: dict[str, str] = {
    "texte": "terminal",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "csv": "csv",
    "csv-matrice": "csv_matrice",
}


def check_format(name: str) -> None:
    """Refuse an unknown format with the list of known ones."""
    if name not in REPORTERS:
        known = ", ".join(REPORTERS)
        raise UsageError(f"format « {name} » inconnu ; formats : {known}")


def render(name: str, report: Report, color: bool = False) -> str:
    """Render the report in the named format."""
    check_format(name)
    module = importlib.import_module(f"contratcheck.reporters.{REPORTERS[name]}")
    return cast(Renderer, module.render)(report, color)


def render_chunks(name: str, report: Report, color: bool = False) -> Iterator[str]:
    """Render in pieces when the format can (JSON of a large batch), else in one piece."""
    check_format(name)
    module = importlib.import_module(f"contratcheck.reporters.{REPORTERS[name]}")
    chunks = getattr(module, "render_chunks", None)
    if chunks is not None:
        return cast(Iterator[str], chunks(report))
    return iter([cast(Renderer, module.render)(report, color)])
