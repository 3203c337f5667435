from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contratcheck.cli import main
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import load_catalogue

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
# Each example and the date it is documented for (README).
EXAMPLE_DATES = {
    "contrat-aligne.yaml": ("2022-06-30", 0),
    "contrat-lacunes.yaml": ("2021-03-01", 1),
    "contrat-2019-perime.yaml": ("2026-11-25", 0),
    "contrat-2019-revise.yaml": ("2026-11-25", 0),
    "2024-paris-vallee-de-la-marne.yaml": ("2026-12-01", 0),
    "2024-lacunes.yaml": ("2026-12-01", 1),
    # The 2019 contract migrated to format 2 (migrate --vers contrat-de-ville/2), a draft.
    "2019-migre-2024.yaml": ("2026-12-01", 1),
}
REFRESH = os.environ.get("CONTRATCHECK_REFRESH_GOLDEN") == "1"


def modules_after_check(folder: Path, contracts: list[Path], modules: tuple[str, ...]) -> str:
    """``[exit code, imported?…]`` of a fresh process that checks these contracts (JSON, one
    process, report written in ``folder``): what a run of the command loads, and nothing more."""
    probe = (
        "import sys; sys.argv = ['contratcheck', 'check']\n"
        "from contratcheck.cli import main\n"
        "code = main(['check', '-f', 'json', '--date', '2026-12-01', '--processus', '1', "
        f"'-o', 'rapport.json', *{[str(c) for c in contracts]!r}])\n"
        f"sys.stderr.write(repr([code, *(m in sys.modules for m in {modules!r})]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True, check=False
    )
    assert (folder / "rapport.json").stat().st_size > 1000, done.stderr
    return done.stderr


def check_golden(golden: Path, actual: str) -> None:
    """Compare with a golden file; with CONTRATCHECK_REFRESH_GOLDEN=1, rewrite it and fail.

    A refresh can never pass silently: the run that rewrites a golden file fails, naming it,
    and the next run (without the variable) checks what was written. Review ``git diff``.
    """
    if REFRESH:
        golden.parent.mkdir(parents=True, exist_ok=True)
        before = golden.read_bytes().decode("utf-8") if golden.exists() else None
        golden.write_bytes(actual.encode("utf-8"))
        state = "inchangé" if before == actual else "réécrit"
        pytest.fail(f"golden {golden.relative_to(ROOT)} {state} (CONTRATCHECK_REFRESH_GOLDEN=1)")
    assert golden.exists(), f"golden absent : {golden.relative_to(ROOT)}"
    assert actual == golden.read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(ROOT)
    yield ROOT


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], in_root: Path):  # type: ignore[no-untyped-def]
    """Run the command line in-process; return (exit code, stdout, stderr)."""

    def runner(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return runner


def date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
