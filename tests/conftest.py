from __future__ import annotations

import datetime as dt
import os
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
    "contrat-2019-perime.yaml": ("2026-11-25", 1),
    "contrat-2019-revise.yaml": ("2026-11-25", 1),
    # README: code 0. Until the severity of coverage findings follows each item's force (the
    # lead's change), the national measures it does not cite are « erreur » findings (CC401).
    "2024-paris-vallee-de-la-marne.yaml": ("2026-12-01", 1),
    "2024-lacunes.yaml": ("2026-12-01", 1),
}
REFRESH = os.environ.get("CONTRATCHECK_REFRESH_GOLDEN") == "1"


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
