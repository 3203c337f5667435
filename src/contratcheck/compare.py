"""What changed between two versions of a contract: statuses, actions, coverage."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.loading.document import MAX_BYTES, read_contract_file
from contratcheck.loading.reader import ReadError, read_stream
from contratcheck.model import Comparison, ContratResult, CoverageChange, StatusChange


def _actions(result: ContratResult) -> dict[str, str]:
    if result.resume is None:
        return {}
    return {a.id: f"{a.id} — {a.titre}" for a in result.resume.actions}


def compare_results(old: ContratResult, new: ContratResult) -> Comparison:
    """Compare two checked versions of one contract."""
    before = {i.reference: i.status.value for c in old.referentiels for i in c.items}
    after = {i.reference: i.status.value for c in new.referentiels for i in c.items}
    changes = tuple(
        StatusChange(ref, before.get(ref), after.get(ref))
        for ref in sorted(set(before) | set(after))
        if before.get(ref) != after.get(ref)
    )
    old_actions, new_actions = _actions(old), _actions(new)
    old_cov = {c.id: c.counts.pourcentage for c in old.referentiels}
    new_cov = {c.id: c.counts.pourcentage for c in new.referentiels}
    coverage = tuple(
        CoverageChange(rid, old_cov.get(rid), new_cov.get(rid))
        for rid in sorted(set(old_cov) | set(new_cov))
    )
    return Comparison(
        avant=old.file,
        apres=new.file,
        statuts=changes,
        ajoutees=tuple(v for k, v in new_actions.items() if k not in old_actions),
        retirees=tuple(v for k, v in old_actions.items() if k not in new_actions),
        referentiels=coverage,
    )


def read_version(spec: str) -> tuple[str, bytes]:
    """Read ``FICHIER`` or ``FICHIER@REV`` (a git revision); return (display name, bytes).

    The revision is resolved to a commit id before anything else (``--end-of-options``), so a
    user string never reaches git as an option; the path must stay inside the repository; the
    blob is read through the bounded reader.
    """
    path = Path(spec)
    if path.is_file() or (path.exists() and "@" not in spec):
        return spec, _read_file(path, spec)
    file_part, sep, revision = spec.rpartition("@")
    if not sep or not file_part:
        raise UsageError(f"fichier introuvable : « {spec} »")
    target = Path(file_part)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"dossier introuvable pour « {spec} »")
    if not revision or revision.startswith("-") or "\x00" in revision:
        raise UsageError(f"« {spec} » : révision git « {revision} » invalide")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"« {spec} » : {folder} n'est pas dans un dépôt git")
    root = Path(os.fsdecode(top.stdout.rstrip(b"\n"))).resolve()
    resolved = target.resolve()
    if not resolved.is_relative_to(root):
        raise UsageError(
            f"« {file_part} » mène hors du dépôt git {root} (lien symbolique ?) : "
            "seul un fichier du dépôt peut être lu à une révision"
        )
    relative = resolved.relative_to(root).as_posix()
    commit = _git(
        folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if commit.returncode != 0:
        _missing_revision(folder, revision, relative)
    commit_id = commit.stdout.decode("ascii", "replace").strip()
    raw = _git_blob(folder, f"{commit_id}:{relative}")
    if raw is None:
        raise UsageError(f"« {relative} » introuvable à la révision « {revision} »")
    return spec, raw


def _read_file(path: Path, spec: str) -> bytes:
    try:
        return read_contract_file(path)
    except ReadError as error:
        raise UsageError(f"« {spec} » illisible : {error.reason}") from error


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError as error:
        raise UsageError(
            "git est introuvable : installez git pour lire une révision (FICHIER@REVISION)"
        ) from error
    except subprocess.TimeoutExpired as error:
        raise UsageError("git ne répond pas (plus de 60 secondes)") from error


def _git_blob(folder: Path, object_name: str) -> bytes | None:
    """The content of a blob, read at most MAX_BYTES + 1 bytes; None when it is no blob."""
    kind = _git(folder, "cat-file", "-t", object_name)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        return None
    with subprocess.Popen(
        ["git", "-C", str(folder), "cat-file", "blob", object_name],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        assert process.stdout is not None
        raw = read_stream(process.stdout, MAX_BYTES, truncate=True)
        process.kill()
    return raw


def _missing_revision(folder: Path, revision: str, relative: str) -> None:
    shallow = _git(folder, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    if shallow:
        raise UsageError(
            f"la révision « {revision} » n'est pas disponible : le dépôt est un clone superficiel "
            "(shallow) ; récupérez l'historique avec « git fetch --unshallow » (ou, en CI, "
            "« fetch-depth: 0 » / « GIT_DEPTH: 0 »)"
        )
    raise UsageError(f"« {relative} » introuvable à la révision « {revision} »")
