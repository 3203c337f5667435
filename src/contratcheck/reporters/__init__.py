"""Output formats, registered by name; each renders the same Report to text.

Each format is one module with ``render(report, color) -> str`` (and, where a large batch is
better written in pieces, ``render_chunks(report)``); the registry imports a module only when
its format is asked for, so the command line starts light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from contratcheck.errors import UsageError
from contratcheck.model import Report

Renderer = Callable[[Report, bool], str]
Chunks = Callable[[Report], Iterator[str]]


@dataclass(frozen=True)
class Reporter:
    """One output format: how to render a report, whole or in pieces."""

    render: Renderer
    chunks: Chunks | None = None


def _terminal() -> Reporter:
    from contratcheck.reporters import terminal

    return Reporter(terminal.render)


def _json() -> Reporter:
    from contratcheck.reporters import json

    return Reporter(json.render, json.render_chunks)


def _sarif() -> Reporter:
    from contratcheck.reporters import sarif

    return Reporter(sarif.render)


def _junit() -> Reporter:
    from contratcheck.reporters import junit

    return Reporter(junit.render)


def _github() -> Reporter:
    from contratcheck.reporters import github

    return Reporter(github.render)


def _gitlab() -> Reporter:
    from contratcheck.reporters import gitlab

    return Reporter(gitlab.render)


def _markdown() -> Reporter:
    from contratcheck.reporters import markdown

    return Reporter(markdown.render)


def _html() -> Reporter:
    from contratcheck.reporters import html

    return Reporter(html.render)


def _csv() -> Reporter:
    from contratcheck.reporters import csv

    return Reporter(csv.render)


def _csv_matrice() -> Reporter:
    from contratcheck.reporters import csv_matrice

    return Reporter(csv_matrice.render)


# Format name → the reporter that renders it.
REPORTERS: dict[str, Callable[[], Reporter]] = {
    "texte": _terminal,
    "json": _json,
    "sarif": _sarif,
    "junit": _junit,
    "github": _github,
    "gitlab": _gitlab,
    "markdown": _markdown,
    "md": _markdown,
    "html": _html,
    "csv": _csv,
    "csv-matrice": _csv_matrice,
}


def check_format(name: str) -> None:
    """Refuse an unknown format with the list of known ones."""
    if name not in REPORTERS:
        known = ", ".join(REPORTERS)
        raise UsageError(f"format « {name} » inconnu ; formats : {known}")


def render(name: str, report: Report, color: bool = False) -> str:
    """Render the report in the named format."""
    check_format(name)
    return REPORTERS[name]().render(report, color)


def render_chunks(name: str, report: Report, color: bool = False) -> Iterator[str]:
    """Render in pieces when the format can (JSON of a large batch), else in one piece."""
    check_format(name)
    reporter = REPORTERS[name]()
    if reporter.chunks is not None:
        return reporter.chunks(report)
    return iter([reporter.render(report, color)])
