"""The text report as a person and as grep read it: width, one line per finding, no repeats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import EXAMPLE_DATES

LACUNES = ("check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")
FINDING_LINE = re.compile(r"^(\S+):(\d+):(\d+): (erreur|avertissement|info) (CC\d{3}) (.+)$")


def _dashboard(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Référentiel"))
    end = lines.index("", start)
    return lines[start:end]


@pytest.mark.parametrize("width", [80, 100, 200])
@pytest.mark.parametrize("name", sorted(EXAMPLE_DATES))
def test_dashboard_fits_the_terminal_width(run, monkeypatch, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", str(width))
    _, out, _ = run("check", "--date", EXAMPLE_DATES[name][0], f"examples/{name}")
    dashboard = _dashboard(out)
    assert dashboard, out
    for line in dashboard:
        assert len(line) <= width, line
        assert "…" not in line
    header = dashboard[0].split()
    assert header == ["Référentiel", "Couverture", "%", "couv.", "part.", "obs.", "manq.", "excl."]
    # Every count row ends with its six numbers on the same line.
    numbers = [
        line for line in dashboard if re.search(r"(\d+ %|—)\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+$", line)
    ]
    assert len(numbers) >= 2


def test_piped_output_has_one_finding_per_line(run) -> None:  # type: ignore[no-untyped-def]
    _, text, _ = run(*LACUNES)
    _, raw, _ = run(*LACUNES, "-f", "json")
    # « info » findings are shown in the coverage tables, not line by line (issue 10).
    expected = [f for f in json.loads(raw)["fichiers"][0]["constats"] if f["gravite"] != "info"]
    lines = [m.groups() for m in map(FINDING_LINE.match, text.splitlines()) if m]
    assert [(int(g[1]), int(g[2]), g[3], g[4], g[5]) for g in lines] == [
        (f["ligne"], f["colonne"], f["gravite"], f["code"], f["message"]) for f in expected
    ]


def test_one_contract_shows_its_dashboard_once_and_each_gap_once(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(*LACUNES)
    _, raw, _ = run(*LACUNES, "-f", "json")
    assert out.count("Référentiel ") == 1
    for referentiel in json.loads(raw)["fichiers"][0]["referentiels"]:
        for item in referentiel["items"]:
            if item["statut"] in ("manquante", "partielle", "obsolete"):
                assert out.count(item["reference"] + " (") <= 1, item["reference"]
    assert len(out.splitlines()) < 100  # was 208


def test_batch_prints_findings_and_one_summary_per_file(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2022-06-30", "examples")
    lines = out.splitlines()
    assert "Référentiel " not in out
    summaries = [line for line in lines if re.match(r"^examples/\S+.yaml : \d+ erreurs?, ", line)]
    assert len(summaries) == len(EXAMPLE_DATES)
    assert lines[-1].startswith(f"Résumé : {len(EXAMPLE_DATES)} fichiers vérifiés, ")
    others = [
        line
        for line in lines
        if line
        and not FINDING_LINE.match(line)
        and line not in summaries
        and not line.startswith(("contratcheck ", "Résumé"))
    ]
    assert others == []
    _, detailed, _ = run("check", "--date", "2022-06-30", "--detail", "examples")
    _, raw, _ = run("check", "--date", "2022-06-30", "-f", "json", "examples")
    # One dashboard per contract that follows a référentiel at that date (a 2024 contract
    # checked in 2022 follows none yet).
    following = [f for f in json.loads(raw)["fichiers"] if f["referentiels"]]
    assert 0 < len(following) < len(EXAMPLE_DATES)
    assert detailed.count("\nRéférentiel ") == len(following)


def test_baseline_without_new_finding_says_so(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "baseline.json"
    run("baseline", "--date", "2021-03-01", "-o", str(baseline), "examples/contrat-lacunes.yaml")
    code, out, _ = run(*LACUNES, "--baseline", str(baseline))
    assert code == 0
    assert "aucun nouveau constat" in out
    assert not [line for line in out.splitlines() if FINDING_LINE.match(line)]


def test_summary_uses_real_plurals(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2022-06-30", "examples/contrat-aligne.yaml")
    assert out.splitlines()[-1] == "Résumé : 1 fichier vérifié, 0 erreur, 0 avertissement, 1 info"
    assert "(s)" not in out


def test_progress_bar_ends_when_the_report_is_written(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from contratcheck.cli import common

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    advance = common.progress_bar(30)
    assert advance is not None
    advance(30, 30)  # every file checked: the report is still to be written
    (progress,) = common._PROGRESS
    (task,) = progress.tasks
    assert task.completed < task.total and not task.finished
    common.finish_progress()
    assert task.finished and common._PROGRESS == []
