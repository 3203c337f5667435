"""What changed between two versions of a contract: statuses, actions, coverage."""

from __future__ import annotations

import subprocess
from pathlib import Path

from contratcheck.errors import UsageError
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
    """Read ``FICHIER`` or ``FICHIER@REV`` (a git revision); return (display name, bytes)."""
    path = Path(spec)
    if path.is_file():
        return spec, path.read_bytes()
    file_part, sep, revision = spec.rpartition("@")
    if not sep or not file_part:
        raise UsageError(f"fichier introuvable : « {spec} »")
    target = Path(file_part)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"dossier introuvable pour « {spec} »")

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)

    top = git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(f"« {spec} » : {folder} n'est pas dans un dépôt git")
    relative = target.resolve().relative_to(Path(top.stdout.decode().strip()).resolve())
    shown = git("show", f"{revision}:{relative.as_posix()}")
    if shown.returncode == 0:
        return spec, shown.stdout
    shallow = git("rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"
    if shallow:
        raise UsageError(
            f"la révision « {revision} » n'est pas disponible : le dépôt est un clone superficiel "
            "(shallow) ; récupérez l'historique avec « git fetch --unshallow » (ou, en CI, "
            "« fetch-depth: 0 » / « GIT_DEPTH: 0 »)"
        )
    raise UsageError(f"« {relative.as_posix()} » introuvable à la révision « {revision} »")
