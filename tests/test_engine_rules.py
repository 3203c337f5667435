"""engine.py: the evaluation date, the process pool, what a walked file must say to be
checked, and the report it builds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contratcheck import __version__
from contratcheck.engine import Settings, Source, check_sources, evaluation_date
from contratcheck.formats.cdv1 import FORMAT_1
from contratcheck.loading.document import load_document

from .contracts import check, contract, shipped

DAY = dt.date(2021, 6, 1)


def _contrat(text: str):  # type: ignore[no-untyped-def]
    document, findings = load_document(text.encode(), "c.yaml")
    assert document is not None and findings == []
    return FORMAT_1.read(document)


def test_evaluation_date_is_the_check_date_or_the_legal_end() -> None:
    text = contract()
    assert evaluation_date(FORMAT_1, _contrat(text), DAY) == DAY
    assert evaluation_date(FORMAT_1, _contrat(text), dt.date(2023, 12, 31)) == dt.date(2023, 12, 31)
    assert evaluation_date(FORMAT_1, _contrat(text), dt.date(2026, 1, 1)) == dt.date(2023, 12, 31)
    reversed_period = text.replace("fin: 2020-12-31", "fin: 2014-12-31")
    assert evaluation_date(FORMAT_1, _contrat(reversed_period), dt.date(2026, 1, 1)) == dt.date(
        2026, 1, 1
    )


def test_an_ended_contract_is_judged_by_the_texts_of_its_end() -> None:
    ended = check(contract(), "2026-01-01")
    assert ended.result.evalue_au == "2023-12-31"
    assert ended.codes("CC501") == ["CC501"]
    assert check(contract(), "2023-12-31").result.evalue_au is None


def _folder(tmp_path: Path, count: int) -> list[Source]:
    sources = []
    for index in range(count):
        target = tmp_path / f"c{index}.yaml"
        text = contract().replace("Contrat d'exemple", f"Contrat {index}")
        if index == 1:
            text = text.replace("paqte@2018-07-17", "paqte@2017-01-01")  # one with a finding more
        target.write_text(text, encoding="utf-8")
        sources.append(Source(str(target), target))
    return sources


def test_the_pool_gives_the_same_report_and_reports_progress(tmp_path: Path) -> None:
    sources = _folder(tmp_path, 5)
    settings = Settings(shipped(), DAY)
    seen: list[tuple[int, int]] = []
    pooled = check_sources(sources, settings, jobs=2, progress=lambda n, t: seen.append((n, t)))
    single = check_sources(sources, settings, jobs=1)
    assert pooled == single
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert [r.nom for r in pooled.results] == [f"Contrat {i}" for i in range(5)]
    assert [r.file for r in pooled.results] == [s.name for s in sources]
    assert pooled.results[1].findings != pooled.results[0].findings
    # The items that came back from the workers share the parent's descriptions.
    shared = shipped().item_infos
    for result in pooled.results:
        for coverage in result.referentiels:
            for item in coverage.items:
                assert item.info is shared[item.reference]


def test_prepare_runs_where_each_contract_was_checked(tmp_path: Path) -> None:
    """The JSON text is made in the workers: the parent receives it without the tables."""
    import json
    import os

    from contratcheck.reporters import json as json_reporter

    sources = _folder(tmp_path, 5)
    settings = Settings(shipped(), DAY)
    plain = check_sources(sources, settings, jobs=1)
    pids: list[int] = []

    def prepare(result):  # type: ignore[no-untyped-def]
        pids.append(os.getpid())  # appended in a worker: the parent's list stays empty
        return json_reporter.prerender(result)

    pooled = check_sources(sources, settings, jobs=2, prepare=json_reporter.prerender)
    for result, reference in zip(pooled.results, plain.results, strict=True):
        assert result.referentiels == () and result.actions_locales == ()
        assert result.resume is None and reference.resume is not None
        assert result.findings == reference.findings
        assert result.json_utf8 is not None
        assert (
            json.loads(result.json_utf8)
            == json_reporter.build(plain)["fichiers"][plain.results.index(reference)]
        )
    assert json_reporter.render(pooled) == json_reporter.render(plain)
    # In the parent, each text moves to the spool as it arrives; the report reads it back.
    with json_reporter.Spool() as spool:
        spooled = check_sources(
            sources, settings, jobs=2, prepare=json_reporter.prerender, keep=spool.keep
        )
        assert [r.json_utf8 for r in spooled.results] == [None] * 5
        spans = [r.json_spool for r in spooled.results]
        assert spans[0] == (0, len(pooled.results[0].json_utf8 or b""))
        assert "".join(json_reporter.render_chunks(spooled, spool)) == json_reporter.render(plain)
    check_sources(sources, settings, jobs=2, prepare=prepare)
    assert pids == []
    in_process = check_sources(sources[:2], settings, jobs=2, prepare=prepare)
    assert pids == [os.getpid()] * 2
    assert json_reporter.render(in_process) == json_reporter.render(
        check_sources(sources[:2], settings, jobs=1)
    )


def test_a_prerendered_entry_keeps_an_undecodable_file_name() -> None:
    """A name from undecodable bytes (surrogateescape) goes to the spool and back unchanged."""
    import dataclasses

    import pytest

    from contratcheck.model import ContratResult, Report
    from contratcheck.reporters import json as json_reporter

    name = "contrat-\udcff.yaml"  # os.fsdecode(b"contrat-\xff.yaml")
    report = Report("2021-06-01", __version__, (ContratResult(name, ()),))
    expected = json_reporter.render(report)
    prepared = json_reporter.prerender(report.results[0])
    assert prepared.json_utf8 is not None and b"contrat-\xff.yaml" in prepared.json_utf8
    with json_reporter.Spool() as spool:
        spooled = dataclasses.replace(report, results=(spool.keep(prepared),))
        assert "".join(json_reporter.render_chunks(spooled, spool)) == expected
    with pytest.raises(ValueError, match="sans son fichier d'attente"):
        "".join(json_reporter.render_chunks(spooled))


def test_without_a_writable_spool_the_texts_stay_in_memory(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os
    import tempfile

    from contratcheck.reporters import json as json_reporter

    sources = _folder(tmp_path, 4)
    settings = Settings(shipped(), DAY)
    expected = json_reporter.render(check_sources(sources, settings, jobs=1))
    real_write = os.pwrite
    for failing in ("short", "raise"):
        calls: list[int] = []

        def full_disk(
            fd: int, data: bytes, offset: int, calls: list[int] = calls, failing: str = failing
        ) -> int:
            calls.append(offset)
            if len(calls) == 1:
                return real_write(fd, data, offset)
            if failing == "raise":
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(fd, data[:9], offset)  # a short write: the disk is full

        monkeypatch.setattr(os, "pwrite", full_disk)
        with json_reporter.Spool() as spool:
            report = check_sources(
                sources, settings, jobs=1, prepare=json_reporter.prerender, keep=spool.keep
            )
            spooled = [r.json_spool is not None for r in report.results]
            assert spooled == [True, False, False, False] and len(calls) == 2  # none after
            assert "".join(json_reporter.render_chunks(report, spool)) == expected
    monkeypatch.setattr(os, "pwrite", real_write)

    def no_folder(*args: object, **kwargs: object) -> object:
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_folder)
    with json_reporter.Spool() as spool:
        report = check_sources(
            sources, settings, jobs=1, prepare=json_reporter.prerender, keep=spool.keep
        )
        assert all(r.json_utf8 and r.json_spool is None for r in report.results)
        assert "".join(json_reporter.render_chunks(report, spool)) == expected


def test_a_small_batch_or_standard_input_is_checked_in_process(tmp_path: Path) -> None:
    sources = _folder(tmp_path, 3)
    seen: list[tuple[int, int]] = []
    report = check_sources(
        sources, Settings(shipped(), DAY), jobs=4, progress=lambda n, t: seen.append((n, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (report.date, report.version, report.fichiers_ignores) == ("2021-06-01", __version__, ())


def test_a_walked_file_must_say_it_is_a_contract_in_its_first_4_kio(tmp_path: Path) -> None:
    early = tmp_path / "tot.yaml"
    early.write_text("# " + "x" * 4000 + "\n" + contract(), encoding="utf-8")
    late = tmp_path / "tard.yaml"
    late.write_text("# " + "x" * 4100 + "\n" + contract(), encoding="utf-8")
    sources = [Source(str(p), p, explicit=False) for p in (early, late)]
    report = check_sources(sources, Settings(shipped(), DAY), jobs=1)
    assert [r.file for r in report.results] == [str(early)]
    assert report.fichiers_ignores == (str(late),)


def test_the_pool_is_used_from_four_files_with_two_processes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import multiprocessing

    pools: list[str] = []
    real = multiprocessing.get_context

    def counting(method: str):  # type: ignore[no-untyped-def]
        pools.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", counting)
    settings = Settings(shipped(), DAY)
    four = _folder(tmp_path, 4)
    check_sources(four, settings, jobs=2)
    assert pools == ["fork"]
    check_sources(four[:3], settings, jobs=2)
    check_sources(four, settings, jobs=1)
    assert pools == ["fork"]


def test_every_argument_is_expanded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from contratcheck.engine import expand_paths

    (tmp_path / "dossier").mkdir()
    (tmp_path / "dossier" / "a.yaml").write_text(contract(), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(contract(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [s.name for s in expand_paths(["dossier", "b.yaml", "-"], "x")] == [
        "dossier/a.yaml",
        "b.yaml",
        "x",
    ]


def test_arguments_after_standard_input_are_expanded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from contratcheck.engine import expand_paths

    (tmp_path / "b.yaml").write_text(contract(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [s.name for s in expand_paths(["-", "b.yaml"], "x")] == ["x", "b.yaml"]


def test_a_one_day_contract_is_evaluated_at_its_legal_end() -> None:
    one_day = contract().replace("fin: 2020-12-31", "fin: 2015-01-01")
    assert check(one_day, "2026-01-01").result.evalue_au == "2023-12-31"


def test_a_suppression_marker_in_a_file_that_is_not_utf8() -> None:
    raw = "a: \xe9t\xe9  # contratcheck-ignorer CC101 : test\n".encode("cp1252")
    settings = Settings(shipped(), DAY)
    from contratcheck.engine import check_bytes

    result = check_bytes(raw, "c.yaml", settings)
    assert [f.code for f in result.findings] == [] and result.ignores == 1


def test_a_broken_link_in_a_walked_folder_is_an_unreadable_file(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from contratcheck.engine import expand_paths

    (tmp_path / "contrats").mkdir()
    (tmp_path / "contrats" / "casse.yaml").symlink_to(tmp_path / "absent.yaml")
    monkeypatch.chdir(tmp_path)
    report = check_sources(expand_paths(["contrats"]), Settings(shipped(), DAY), jobs=1)
    findings = [(f.code, f.position.line, f.position.column) for f in report.findings()]
    assert findings == [("CC112", 1, 1)]


def test_pool_tasks_hold_at_most_four_files() -> None:
    """Chunks of 4 at most, measured on 500 medium contracts (benchmarks/README.md)."""
    from contratcheck.engine import _chunk_size

    assert [_chunk_size(n, 2) for n in (4, 16, 47, 48, 64, 500, 5000)] == [1, 1, 2, 3, 4, 4, 4]


def test_standard_input_closed_or_write_only_is_an_unreadable_file(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """« contratcheck check - 0<&- » and « … 0>fichier »: one CC112, no stack."""
    import os
    import sys

    reason = "entrée fermée, ou ouverte en écriture seule"
    expected = f"<stdin>:1:1: erreur CC112 fichier illisible : {reason}"
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when descriptor 0 is closed
    code, out, err = run("check", "--date", "2021-06-01", "-")
    assert (code, err) == (1, "") and expected in out.splitlines()
    reading, writing = os.pipe()
    os.close(reading)
    with open(writing, encoding="utf-8") as write_only:  # descriptor 0 opened for writing
        monkeypatch.setattr(sys, "stdin", write_only)
        code, out, err = run("check", "--date", "2021-06-01", "-")
    assert (code, err) == (1, "") and expected in out.splitlines()


def test_a_batch_with_workers_leaves_the_garbage_collector_as_it_found_it(
    tmp_path: Path,
) -> None:
    import gc

    sources, settings = _folder(tmp_path, 4), Settings(shipped(), DAY)
    assert gc.isenabled()
    check_sources(sources, settings, jobs=2)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        check_sources(sources, settings, jobs=2)
        assert not gc.isenabled()
    finally:
        gc.enable()


def _collector_state(result):  # type: ignore[no-untyped-def]
    import dataclasses
    import gc

    return dataclasses.replace(result, json_utf8=b"on" if gc.isenabled() else b"off")


def test_a_command_runs_without_the_collector_its_workers_with_it(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import gc

    import contratcheck.engine as engine
    from contratcheck.cli import main

    sources = _folder(tmp_path, 4)
    states: list[object] = []
    real = engine.check_sources

    def spying(*args, **kwargs):  # type: ignore[no-untyped-def]
        states.append(gc.isenabled())
        report = real(sources, Settings(shipped(), DAY), jobs=2, prepare=_collector_state)
        states.append([r.json_utf8 for r in report.results])
        return report

    monkeypatch.setattr(engine, "check_sources", spying)
    assert gc.isenabled()
    main(["check", "-f", "json", str(sources[0].path)])
    assert states == [False, [b"on"] * 4]  # off in the command, on in its workers
    assert gc.isenabled()  # and as it was once the command returns
    gc.disable()
    try:
        main(["check", "-f", "json", str(sources[0].path)])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_suppression_counts_in_a_contract_refused_by_its_schema() -> None:
    text = contract().replace(
        "actions: []",
        "actions: []\n"
        "couleur: bleu  # contratcheck-ignorer CC203 : une clé de notre outil interne\n"
        "teinte: rouge\n",
    )
    outcome = check(text)
    assert [(f.code, f.message) for f in outcome.findings] == [
        ("CC203", "clé inconnue « teinte » dans « (racine) »")
    ]
    assert (outcome.result.ignores, outcome.result.nom) == (1, "Contrat d'exemple")


def test_standard_input_is_named_stdin_by_default() -> None:
    from contratcheck.engine import expand_paths

    assert [(s.name, s.path) for s in expand_paths(["-"])] == [("<stdin>", None)]
