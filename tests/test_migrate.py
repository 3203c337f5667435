"""migrate: only the id lines change, atomically, idempotently, never without --ecrire."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import TESTS

INPUTS = TESTS / "inputs" / "migration"
SOURCE = INPUTS / "contrat-crlf.yaml"
EXPECTED = INPUTS / "contrat-crlf.attendu.yaml"
LOCAL = TESTS / "inputs" / "referentiels"
SUCCESSION = ("--referentiels", str(LOCAL / "succession"))
TO_2022 = ("--vers", "prefecture02@2022-01-01", *SUCCESSION)


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    target = tmp_path / "contrat.yaml"
    shutil.copyfile(SOURCE, target)
    target.chmod(0o640)
    return target


def test_migrate_writes_exactly_the_expected_file(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("migrate", str(contract), *TO_2022, "--ecrire")
    assert code == 0 and "4 modifications écrites" in err
    assert contract.read_bytes() == EXPECTED.read_bytes()
    assert stat.S_IMODE(contract.stat().st_mode) == 0o640
    assert [p.name for p in contract.parent.iterdir()] == ["contrat.yaml"]  # no temporary left


def test_migrate_is_idempotent(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    run("migrate", str(contract), *TO_2022, "--ecrire")
    code, out, err = run("migrate", str(contract), *TO_2022, "--ecrire")
    assert (code, out) == (0, "") and "rien à migrer" in err
    assert contract.read_bytes() == EXPECTED.read_bytes()


def test_without_ecrire_prints_a_diff_and_changes_nothing(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("migrate", str(contract), *TO_2022)
    assert code == 0
    assert contract.read_bytes() == SOURCE.read_bytes()
    lines = out.split("\n")
    changed = [line for line in lines if line[:1] in ("+", "-") and line[:3] not in ("+++", "---")]
    assert len(changed) == 8  # four lines out, four lines in
    assert '-  - "prefecture02@2020-01-01"   # la version suivie\r' in lines


def test_failed_write_leaves_the_file_untouched(run, contract: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run("migrate", str(contract), *TO_2022, "--ecrire")
    assert code == 2 and "impossible d'écrire" in err
    assert contract.read_bytes() == SOURCE.read_bytes()
    assert [p.name for p in contract.parent.iterdir()] == ["contrat.yaml"]


def test_migrated_contract_no_longer_uses_retired_ids(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    run("migrate", str(contract), *TO_2022, "--ecrire")
    _, out, _ = run("check", "--date", "2022-06-01", "-f", "json", *SUCCESSION, str(contract))
    import json

    codes = {f["code"] for f in json.loads(out)["fichiers"][0]["constats"]}
    assert "CC302" not in codes and "CC304" not in codes


def test_several_successors_stop_and_choose(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "c.yaml"
    target.write_text(
        "format: contrat-de-ville/1\nreferentiels: [prefecture01@2022-01-01]\nactions:\n"
        "  - {id: A1, titre: T, pilier: transversal, statut: prevue, "
        "references: [prefecture01:lecture-publique]}\n",
        encoding="utf-8",
    )
    args = [
        "migrate",
        str(target),
        "--vers",
        "prefecture01@2024-01-01",
        "--referentiels",
        str(LOCAL / "local"),
        "--referentiels",
        str(LOCAL / "local-v2"),
    ]
    code, _, err = run(*args, "--ecrire")
    assert code == 2
    assert "prefecture01:micro-folies-locales, prefecture01:tiers-lieux" in err
    before = target.read_text(encoding="utf-8")
    code, _, _ = run(
        *args, "--ecrire", "--choisir", "prefecture01:lecture-publique=prefecture01:tiers-lieux"
    )
    assert code == 0
    after = target.read_text(encoding="utf-8")
    assert after == before.replace("lecture-publique", "tiers-lieux").replace(
        "prefecture01@2022-01-01", "prefecture01@2024-01-01"
    )
    code, _, err = run(*args, "--choisir", "prefecture01:lecture-publique=prefecture01:autre")
    assert code == 0 and "rien à migrer" in err  # already migrated


def test_refuses_a_file_it_cannot_safely_rewrite(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "c.yaml"
    target.write_text("referentiels: [prefecture02@2020-01-01\n", encoding="utf-8")
    code, _, err = run("migrate", str(target), *TO_2022, "--ecrire")
    assert code == 2 and "ne peut pas être réécrit sans risque" in err
    assert target.read_text(encoding="utf-8") == "referentiels: [prefecture02@2020-01-01\n"


def test_unknown_target_version(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("migrate", str(contract), "--vers", "prefecture02@2030-01-01", *SUCCESSION)
    assert code == 2 and "versions connues" in err
