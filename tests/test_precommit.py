"""The pre-commit hook, run by ``pre-commit try-repo`` on a sample repository of contracts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

REQUIRED = os.environ.get("CONTRATCHECK_COMPONENTS_REQUIRED") == "1"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _hook_repository(tmp_path: Path) -> Path:
    """The repository whose hook is tried: this one, or, from a source tree without git (an
    archive, an sdist), a committed copy of it, so that the test never skips for want of .git."""
    if (ROOT / ".git").exists():
        return ROOT
    copy = tmp_path / "contratcheck"
    junk = (".venv", "__pycache__", "artifacts", ".hypothesis", "*_cache", "*.egg-info", "mutants")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*junk))
    _git(copy, "init", "-q")
    _git(copy, "add", ".")
    _git(copy, "commit", "-q", "-m", "source")
    return copy


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    missing = [
        name
        for name, found in (("pre-commit", Path(pre_commit).exists()), ("git", shutil.which("git")))
        if not found
    ]
    if missing:
        if REQUIRED:
            pytest.fail(f"{' et '.join(missing)} manque(nt) alors que .ci/run les fournit")
        pytest.skip(f"{' et '.join(missing)} absent(s)")
    hooks = _hook_repository(tmp_path)
    repo = tmp_path / "contrats"
    repo.mkdir()
    (repo / "contratcheck.toml").write_text("date = 2022-06-30\n", encoding="utf-8")
    (repo / "bourg.yaml").write_bytes((EXAMPLES / "contrat-aligne.yaml").read_bytes())
    (repo / ".gitlab-ci.yml").write_text("test:\n  script: [echo ok]\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "contrats")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [pre_commit, "try-repo", str(hooks), "contratcheck", "--all-files"]
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "contratcheck — contrats de ville" in done.stdout
    # A broken contract makes the hook fail, with its position.
    (repo / "bourg.yaml").write_text(
        (EXAMPLES / "contrat-aligne.yaml").read_text("utf-8").replace("QP001001,", "QP0010,", 1),
        encoding="utf-8",
    )
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 1
    assert "bourg.yaml:" in done.stdout and "CC206" in done.stdout
