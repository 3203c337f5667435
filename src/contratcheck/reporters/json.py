"""The JSON report (``--format json``), described by schemas/rapport.schema.json."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from contratcheck.model import (
    ContratResult,
    Finding,
    ItemCoverage,
    ReferentielCoverage,
    Report,
    Severity,
    StatusCounts,
)

FORMAT = "contratcheck-rapport/1"


def _counts(counts: StatusCounts) -> dict[str, Any]:
    return {
        "couvertes": counts.couvertes,
        "partielles": counts.partielles,
        "obsoletes": counts.obsoletes,
        "manquantes": counts.manquantes,
        "exclues": counts.exclues,
        "comptables": counts.comptables,
        "pourcentage": counts.pourcentage,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "gravite": finding.severity.value,
        "message": finding.message,
        "fichier": finding.file,
        "ligne": finding.position.line,
        "colonne": finding.position.column,
        "chemin": [str(p) if isinstance(p, str) else p for p in finding.path],
        "conseil": finding.hint,
        "empreinte": finding.fingerprint,
    }


def _item(item: ItemCoverage) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "id_domaine": item.id_domaine,
        "libelle": item.libelle,
        "axe": item.axe,
        "statut": item.status.value,
        "raison": item.reason,
        "force": item.info.force,
        "confiance": item.confiance,
        "successeurs": list(item.successeurs),
        "actions": [
            {
                "id": a.id,
                "titre": a.titre,
                "statut": a.statut,
                "pilote": a.pilote,
                "echeance": a.echeance,
                "indicateurs": a.indicateurs,
                "ligne": a.position.line,
            }
            for a in item.actions
        ],
    }


def _referentiel(coverage: ReferentielCoverage) -> dict[str, Any]:
    return {
        "id": coverage.id,
        "version": coverage.version,
        "titre": coverage.titre,
        "items_identifies": coverage.items_identifies,
        "items_annonces": coverage.items_annonces,
        "completude": coverage.completude,
        "couverture": _counts(coverage.counts),
        "axes": [
            {"id": a.id, "libelle": a.libelle, "type": a.type, "couverture": _counts(a.counts)}
            for a in coverage.axes
        ],
        "items": [_item(i) for i in coverage.items],
        "non_declinables": list(coverage.non_declinables),
    }


def _result(result: ContratResult) -> dict[str, Any]:
    return {
        "fichier": result.file,
        "nom": result.nom,
        "valide": result.valide,
        "evalue_au": result.evalue_au,
        "sha256": result.sha256,
        "referentiels": [_referentiel(r) for r in result.referentiels],
        "actions_locales": [
            {"id": a.id, "titre": a.titre, "ligne": a.position.line} for a in result.actions_locales
        ],
        "constats": [_finding(f) for f in result.findings],
        "ignores_par_commentaire": result.ignores,
        "connus_de_la_baseline": result.connus,
    }


def _summary(report: Report) -> dict[str, Any]:
    findings = report.findings()
    return {
        "fichiers": len(report.results),
        "fichiers_ignores": list(report.fichiers_ignores),
        "fichiers_valides": sum(1 for r in report.results if r.valide),
        "constats": {s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
    }


def build(report: Report) -> dict[str, Any]:
    """Return the report as plain data (the JSON document before serialisation)."""
    return {
        "format": FORMAT,
        "outil": {"nom": "contratcheck", "version": report.version},
        "date_verification": report.date,
        "resume": _summary(report),
        "fichiers": [_result(r) for r in report.results],
    }


# What ``json.dumps(..., ensure_ascii=False, indent=2)`` writes, faster: its encoder is pure
# Python as soon as ``indent`` is given. Containers are laid out here; a container that holds
# only text, numbers, booleans and nulls is written by the C encoder, with « , + newline +
# indent » as its item separator.
_STRING = json.encoder.encode_basestring  # the C function when available, as json.dumps uses
_FLAT = frozenset((str, int, float, bool, type(None)))  # exact types the C encoder may write


@cache
def _newline(level: int) -> str:
    return "\n" + "  " * level


@cache
def _flat_encoder(level: int) -> Callable[[Any], str]:
    """The C encoder for a container without containers, its items at indent level + 1."""
    separator = "," + _newline(level + 1)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the same text, at Python speed
        return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
    encoder = make(
        None, json.JSONEncoder().default, _STRING, None, ": ", separator, False, False, True
    )
    return lambda value: "".join(encoder(value, 0))


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _STRING(key)
    if isinstance(key, (int, float, bool)) or key is None:
        return _STRING(_scalar(key))  # json.dumps turns such keys into their JSON text
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value: Any, level: int, out: list[str]) -> None:
    """Append the indented JSON text of a dict, list or tuple at indent level."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = _newline(level + 1)
        if _FLAT.issuperset(map(type, value.values())):
            text = _flat_encoder(level)(value)
            out.append("{" + inner + text[1:-1] + _newline(level) + "}")
            return
        separator = "{" + inner
        for key, item in value.items():
            out.append(separator + _key(key) + ": ")
            separator = "," + inner
            if isinstance(item, (dict, list, tuple)):
                _encode(item, level + 1, out)
            else:
                out.append(_scalar(item))
        out.append(_newline(level) + "}")
        return
    if not value:
        out.append("[]")
        return
    inner = _newline(level + 1)
    if _FLAT.issuperset(map(type, value)):
        text = _flat_encoder(level)(value)
        out.append("[" + inner + text[1:-1] + _newline(level) + "]")
        return
    separator = "[" + inner
    for item in value:
        out.append(separator)
        separator = "," + inner
        if isinstance(item, (dict, list, tuple)):
            _encode(item, level + 1, out)
        else:
            out.append(_scalar(item))
    out.append(_newline(level) + "]")


def dumps(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, its lines indented by level × 2."""
    if not isinstance(value, (dict, list, tuple)):
        return _scalar(value)
    out: list[str] = []
    _encode(value, level, out)
    return "".join(out)


def render_chunks(report: Report, spool: Spool | None = None) -> Iterator[str]:
    """The JSON report in pieces, the same text as ``json.dumps(build(report), indent=2)``.

    Each file is serialised on its own so that a batch of hundreds of contracts never holds
    the whole document in memory (it tripled the peak memory of a 500-file run); the entries
    rendered by the workers are read back from the spool they wait in.
    """
    head = build(dataclasses.replace(report, results=()))
    head["resume"] = _summary(report)
    head_text = dumps(head)
    if not report.results:
        yield head_text + "\n"
        return
    yield head_text.removesuffix("[]\n}") + "[\n"
    last = len(report.results) - 1
    for index, result in enumerate(report.results):
        yield "    " + _entry(result, spool) + (",\n" if index < last else "\n")
    yield "  ]\n}\n"


def _entry(result: ContratResult, spool: Spool | None) -> str:
    if result.json_spool is not None:
        if spool is None:
            raise ValueError("un résultat mis en attente sans son fichier d'attente")
        return spool.read(result.json_spool)
    if result.json_utf8 is not None:
        return result.json_utf8.decode("utf-8", "surrogateescape")
    return dumps(_result(result), 2)


def prerender(result: ContratResult) -> ContratResult:
    """The result with its JSON text, without the coverage tables that text already holds.

    Called where the contract was checked (a worker of the pool), so that a batch's rendering
    runs in parallel and the parent receives one string instead of the tables (issue 15).
    What the report's summary and exit code read (findings, validity) stays; the contract's
    summary for the HTML report (``resume``, which the JSON entry does not hold) goes: it was
    three quarters of the time the parent spent unpickling each result.
    """
    return dataclasses.replace(
        result,
        referentiels=(),
        actions_locales=(),
        resume=None,
        json_utf8=dumps(_result(result), 2).encode("utf-8", "surrogateescape"),
    )


class Spool:
    """Where a batch's JSON entries wait, in the parent, for the summary written before them.

    An anonymous temporary file (deleted when closed, or when the process ends however it
    ends): 500 medium contracts make 80 MB of JSON that would otherwise stay in memory. When
    no temporary file can be made or written (no usable folder, a full disk), the texts stay
    in memory, as they would without a spool: the report is the same.
    """

    def __init__(self) -> None:
        import tempfile

        try:
            self._file: Any = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (see close)
        except OSError:
            self._file = None
        self._writing = self._file is not None
        self._size = 0

    def keep(self, result: ContratResult) -> ContratResult:
        """The result with its worker-rendered text moved to the spool (run as it arrives)."""
        text = result.json_utf8
        if text is None or not self._writing:
            return result
        try:
            written = os.pwrite(self._file.fileno(), text, self._size)
        except OSError:
            written = -1
        if written != len(text):  # a full disk: this text and the next ones stay in memory
            self._writing = False
            return result
        span = (self._size, len(text))
        self._size += len(text)
        return dataclasses.replace(result, json_utf8=None, json_spool=span)

    def read(self, span: tuple[int, int]) -> str:
        offset, length = span
        return os.pread(self._file.fileno(), length, offset).decode("utf-8", "surrogateescape")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._writing = False

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def render(report: Report, color: bool = False) -> str:
    """Return the JSON report as text."""
    return "".join(render_chunks(report))
