"""Paths → Report: read each contract, validate it, align it, apply the repository's policy.

Never prints. A batch of four files or more is spread over every core (fork pool).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import fnmatch
import gc
import glob
import hashlib
import os
import pickle
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contratcheck import __version__
from contratcheck.baseline import drop_known, with_fingerprint
from contratcheck.collector import collector_off
from contratcheck.coverage.links import link
from contratcheck.coverage.rating import rate
from contratcheck.coverage.revoyure import complete_review
from contratcheck.errors import UsageError
from contratcheck.formats.base import ContractFormat
from contratcheck.formats.registry import default_format, formats, get_format
from contratcheck.formats.view import Contrat
from contratcheck.loading.discovery import Found, display_name, glob_files, walk
from contratcheck.loading.document import MAX_BYTES, load_document, read_contract_file
from contratcheck.loading.qpv_list import QpvList
from contratcheck.loading.reader import ReadError, os_reason, read_stream
from contratcheck.loading.schema import check_schema, is_valid_fast
from contratcheck.model import ContratResult, Finding, ItemInfo, Position, Report, Severity
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.rules.base import Rule, make_finding
from contratcheck.rules.context import Context
from contratcheck.rules.registry import COMMON
from contratcheck.suppressions import apply_suppressions

STDIN = "-"
# A YAML file found by walking a folder is a contract only if it says so.
_CONTRACT_MARK = re.compile(rb"^format:\s*[\"']?contrat-de-ville/", re.MULTILINE)
_POOL_FROM = 4
# Chunking of the pool (measured on 500 medium contracts, 2 cores: benchmarks/README.md).
_CHUNKS_PER_JOB = 8
_CHUNK_MAX = 4
_SUPPRESSION_MARK = b"contratcheck-ignorer"


@dataclass(frozen=True)
class Source:
    """One input to check: a path, or standard input under a display name."""

    name: str
    path: Path | None
    explicit: bool = True
    # Why a path found by a walk cannot be read (an unreadable folder, a broken link).
    problem: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything a check depends on besides the file itself."""

    catalogue: Catalogue
    today: dt.date
    qpv_list: QpvList | None = None
    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    forbid_suppressions: bool = False
    baseline: Counter[str] | None = None
    # --avec: restrict the check to these référentiels (ID or ID@VERSION).
    only: tuple[str, ...] = ()
    # --couverture-min ID=N: the run fails when a référentiel's coverage is under N %.
    coverage_min: dict[str, float] = field(default_factory=dict)


def _ignored(path: str, patterns: Iterable[str]) -> bool:
    posix = Path(path).as_posix()
    return any(
        fnmatch.fnmatch(posix, p) or fnmatch.fnmatch(Path(path).name, p) or posix.startswith(p)
        for p in patterns
    )


def expand_paths(
    arguments: Iterable[str], stdin_name: str = "<stdin>", ignore: Iterable[str] = ()
) -> list[Source]:
    """Turn files, directories and glob patterns into the list of files to check.

    A folder that cannot be listed, or a broken link, becomes a source with its problem: it is
    reported as a finding, never skipped in silence.
    """
    patterns = tuple(ignore)
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(Source(display_name(stdin_name), None))
            continue
        path = Path(argument)
        if path.is_dir():
            sources.extend(_walked(walk(path), patterns))
            continue
        if path.exists() or path.is_symlink():
            sources.append(Source(display_name(argument), path))
            continue
        if glob.has_magic(argument):
            matches = glob_files(argument)
            if matches:
                sources.extend(_walked(matches, patterns))
                continue
            raise UsageError(f"aucun fichier ne correspond au motif « {display_name(argument)} »")
        raise UsageError(f"fichier introuvable : « {display_name(argument)} »")
    return sources


def _walked(found: list[Found], patterns: tuple[str, ...]) -> list[Source]:
    return [
        Source(f.name, f.path, explicit=False, problem=f.problem)
        for f in found
        if not _ignored(str(f.path), patterns)
    ]


def _read(source: Source) -> bytes | Finding:
    if source.problem is not None:
        return make_finding("CC112", source.problem, source.name, Position(1, 1))
    try:
        if source.path is None:
            if sys.stdin is None:  # started with its standard input closed (« 0<&- »)
                raise OSError(errno.EBADF, "standard input is closed")
            return read_stream(sys.stdin.buffer, MAX_BYTES, truncate=True)
        return read_contract_file(source.path)
    except ReadError as error:
        reason = error.reason
    except OSError as error:  # standard input closed or unreadable
        reason = os_reason(error)
    return make_finding("CC112", f"fichier illisible : {reason}", source.name, Position(1, 1))


def _policy(
    findings: list[Finding], raw: bytes, name: str, data: object, settings: Settings
) -> tuple[list[Finding], int, int]:
    """Apply the repository's choices: rules off, severities, inline comments, baseline."""
    findings = [f for f in findings if f.code not in settings.disabled]
    findings = [
        dataclasses.replace(f, severity=settings.severities[f.code])
        if f.code in settings.severities
        else f
        for f in findings
    ]
    silenced = 0
    # Every suppression comment holds the marker: a file without it is not decoded again.
    if _SUPPRESSION_MARK in raw:
        text = raw.decode("utf-8", errors="replace")
        findings, silenced = apply_suppressions(findings, text, name, settings.forbid_suppressions)
    findings = [with_fingerprint(f, data) for f in findings]
    known = 0
    if settings.baseline is not None:
        findings, known = drop_known(findings, settings.baseline)
    return sorted(findings, key=Finding.sort_key), silenced, known


def evaluation_date(contract_format: ContractFormat, contrat: Contrat, today: dt.date) -> dt.date:
    """The date a contract is evaluated at: the check date, or its legal end once passed.

    Only the texts in force on an ended contract's last day apply to it (DESIGN §2).
    """
    if contrat.fin < contrat.debut:
        return today
    end, _ = contract_format.legal_end(contrat, today)
    return min(today, end)


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Finding]:
    """Run rules on one contract; stamp each hit with its rule's code, severity and position."""
    contrat = ctx.contrat
    findings = []
    for rule in rules:
        if rule.check is None:
            continue
        for hit in rule.check(ctx):
            findings.append(
                Finding(
                    rule.code,
                    hit.severity or rule.severity,
                    hit.message,
                    contrat.name,
                    hit.position or contrat.position(hit.path),
                    tuple(hit.path),
                    hit.hint,
                )
            )
    return findings


def check_bytes(raw: bytes, name: str, settings: Settings) -> ContratResult:
    """Check one contract given as bytes."""
    document, findings = load_document(raw, name)
    digest = document.sha256 if document is not None else hashlib.sha256(raw).hexdigest()
    if document is None:
        kept, silenced, known = _policy(findings, raw, name, None, settings)
        return ContratResult(name, tuple(kept), sha256=digest, ignores=silenced, connus=known)
    contract_format = get_format(document.data.get("format"))
    findings.extend(check_schema(document, (contract_format or default_format()).schema))
    if contract_format is None or any(f.severity is Severity.ERREUR for f in findings):
        kept, silenced, known = _policy(findings, raw, name, document.data, settings)
        return ContratResult(
            name,
            tuple(kept),
            nom=_name(document.data),
            sha256=digest,
            ignores=silenced,
            connus=known,
        )
    contrat = contract_format.read(document)
    at = evaluation_date(contract_format, contrat, settings.today)
    links = link(contrat, settings.catalogue, at, settings.only)
    rating = rate(contrat, links, contract_format.controls_by_name, at)
    context = Context(
        contrat,
        contract_format,
        settings.catalogue,
        at,
        links,
        rating,
        settings.qpv_list,
        check_date=settings.today,
        coverage_min=settings.coverage_min,
    )
    findings.extend(run_rules(context, (*COMMON, *contract_format.rules)))
    kept, silenced, known = _policy(findings, raw, name, document.data, settings)
    summary = contract_format.summarise(contrat, at)
    if summary.revoyure is not None:
        review = complete_review(
            summary.revoyure,
            contrat,
            links,
            rating,
            settings.catalogue,
            at,
            kept,
            contract_format.controls_by_name,
        )
        summary = dataclasses.replace(summary, revoyure=review)
    return ContratResult(
        file=name,
        findings=tuple(kept),
        nom=contrat.nom,
        valide=True,
        referentiels=rating.coverages,
        actions_locales=rating.local_actions,
        sha256=digest,
        ignores=silenced,
        connus=known,
        resume=summary,
        evalue_au=at.isoformat() if at < settings.today else None,
    )


def _name(data: dict[str, object]) -> str | None:
    contrat = data.get("contrat")
    if isinstance(contrat, dict) and isinstance(contrat.get("nom"), str):
        return str(contrat["nom"])
    return None


def _check_source(source: Source, settings: Settings) -> ContratResult | None:
    """Check one source; None when a walked YAML file is not a contract."""
    raw = _read(source)
    if isinstance(raw, Finding):
        return ContratResult(source.name, (with_fingerprint(raw, None),))
    if not source.explicit and not _CONTRACT_MARK.search(raw[:4096].lstrip(b"\xef\xbb\xbf")):
        return None
    return check_bytes(raw, source.name, settings)


_WORKER_SETTINGS: Settings | None = None
# What each result goes through where it was checked (see check_sources' ``prepare``).
_WORKER_PREPARE: Callable[[ContratResult], ContratResult] | None = None
# The parent's shared item data while a pool runs: workers send an item's reference, not its
# labels and sources (see _reduce_item_info).
_PARENT_ITEM_INFOS: dict[str, ItemInfo] = {}


def _shared_item_info(reference: str) -> ItemInfo:
    """Unpickled in the parent: the parent's shared description of the item."""
    return _PARENT_ITEM_INFOS[reference]


def _reduce_item_info(info: ItemInfo) -> Any:
    """Pickled in a worker: a shared item as its reference, any other by value."""
    assert _WORKER_SETTINGS is not None
    if _WORKER_SETTINGS.catalogue.item_infos.get(info.reference) is info:
        return _shared_item_info, (info.reference,)
    return info.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _worker_init(
    settings: Settings, prepare: Callable[[ContratResult], ContratResult] | None
) -> None:
    global _WORKER_SETTINGS, _WORKER_PREPARE
    _WORKER_SETTINGS = settings
    _WORKER_PREPARE = prepare
    # Ctrl-C reaches the whole process group: the parent alone stops the batch (and the pool),
    # so that no worker prints its stack.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent forked with its collector off (a command runs without it, see cli.main);
    # workers keep CPython's default, at no measurable cost (500 medium contracts, 4
    # alternated runs: 1.005 × the CPU of workers without it; the frozen start-up heap is
    # never scanned again).
    gc.enable()
    from multiprocessing.reduction import ForkingPickler

    # Only in this worker (forked): its results go back to the parent through ForkingPickler.
    ForkingPickler.register(ItemInfo, _reduce_item_info)


def _worker(source: Source) -> ContratResult | None:
    assert _WORKER_SETTINGS is not None
    result = _check_source(source, _WORKER_SETTINGS)
    return _WORKER_PREPARE(result) if result is not None and _WORKER_PREPARE else result


def _warm(settings: Settings) -> None:
    """Prepare in the parent, once, what every worker would otherwise prepare for itself."""
    settings.catalogue.item_infos  # noqa: B018 (a cached property, computed before the fork)
    for schema in sorted({f.schema for f in formats()}):
        is_valid_fast({}, schema)  # compiles and caches the schema's jsonschema-rs validator


def _chunk_size(files: int, jobs: int) -> int:
    """Files per task: few tasks (each costs a round trip), enough for the last ones to balance."""
    return max(1, min(_CHUNK_MAX, files // (jobs * _CHUNKS_PER_JOB)))


def check_sources(
    sources: list[Source],
    settings: Settings,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    prepare: Callable[[ContratResult], ContratResult] | None = None,
    keep: Callable[[ContratResult], ContratResult] | None = None,
) -> Report:
    """Check every source; unreadable files are findings, so the batch goes on.

    ``prepare``, when given, turns each result into what the caller needs of it where it was
    checked: in the worker, in parallel, rather than in the parent once the pool is done (the
    JSON report renders each contract's text there; issue 15). ``keep`` then runs in the
    parent on each result as it arrives, in order (the JSON report moves the text to a spool
    file, so that a batch's texts are not all held in memory).
    """
    jobs = jobs or os.cpu_count() or 1
    use_pool = jobs > 1 and len(sources) >= _POOL_FROM and all(s.path for s in sources)
    results: list[ContratResult | None] = []
    if use_pool:
        import multiprocessing  # here only: ~15 ms of a single file's start-up otherwise

        _warm(settings)
        context = multiprocessing.get_context("fork")
        chunk = _chunk_size(len(sources), jobs)
        # The results hold no cycles; collections while hundreds of them arrive made the
        # parent superlinear (4 × the CPU on 500 files). Frozen objects (catalogue, modules)
        # are never scanned again, nor written to by a collection in the forked workers.
        with collector_off():
            gc.freeze()
            _PARENT_ITEM_INFOS.update(settings.catalogue.item_infos)
            try:
                with context.Pool(
                    jobs, initializer=_worker_init, initargs=(settings, prepare)
                ) as pool:
                    for result in pool.imap(_worker, sources, chunksize=chunk):
                        results.append(keep(result) if result is not None and keep else result)
                        if progress:
                            progress(len(results), len(sources))
            finally:
                _PARENT_ITEM_INFOS.clear()
                gc.unfreeze()
    else:
        for source in sources:
            result = _check_source(source, settings)
            if result is not None:
                result = prepare(result) if prepare else result
                result = keep(result) if keep else result
            results.append(result)
            if progress:
                progress(len(results), len(sources))
    checked = tuple(r for r in results if r is not None)
    skipped = tuple(s.name for s, r in zip(sources, results, strict=True) if r is None)
    return Report(
        date=settings.today.isoformat(),
        version=__version__,
        results=checked,
        fichiers_ignores=skipped,
    )
