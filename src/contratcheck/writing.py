"""Write a user's file safely: atomically, to the path asked for, never over an input of the run.

A report or a migrated contract is written to a temporary file in the target's folder, then
renamed over the target in one step: a reader sees the old file or the new one, never half of
it. A symbolic link is written through (the link stays, its target changes). Owner, group and
mode of a replaced file are kept.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.loading.reader import ReadError, os_reason, read_file


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def refuse_overwriting(outputs: Iterable[Path | None], inputs: Iterable[Path]) -> None:
    """Refuse an output that is one of the files this run reads, or another output.

    Files are compared by identity (device and inode), so ``./a``, ``b/../a`` and a link to
    ``a`` are the same file.
    """
    targets = [path for path in outputs if path is not None]
    if not targets:
        return
    read: dict[tuple[int, int], Path] = {}
    for path in inputs:
        identity = _identity(path)
        if identity is not None:
            read.setdefault(identity, path)
    written: dict[str, Path] = {}
    for target in targets:
        identity = _identity(target)
        if identity is not None and identity in read:
            raise UsageError(
                f"le fichier de sortie « {target} » est un fichier lu par cette commande "
                f"(« {read[identity]} ») : il serait écrasé ; choisissez un autre nom"
            )
        key = os.path.realpath(target)
        if key in written:
            raise UsageError(
                f"« {target} » est demandé deux fois comme fichier de sortie "
                f"(déjà « {written[key]} »)"
            )
        written[key] = target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(
    path: Path,
    chunks: Iterable[bytes],
    *,
    expected: bytes | None = None,
) -> list[str]:
    """Write chunks to path in one rename; return notes for the user (hard links broken).

    With ``expected``, the write is refused when the file no longer holds these bytes (it
    changed since it was read). A target that is not a regular file (``/dev/null``,
    ``/dev/stdout``, a FIFO) is written directly: it cannot be replaced.
    """
    target = Path(os.path.realpath(path))
    notes: list[str] = []
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {path} » : {os_reason(error)}") from error
    if info is not None and not stat.S_ISREG(info.st_mode):
        if expected is not None or stat.S_ISDIR(info.st_mode):
            raise UsageError(f"impossible d'écrire « {path} » : ce n'est pas un fichier ordinaire")
        _write_directly(path, target, chunks)
        return notes
    if info is not None and info.st_nlink > 1:
        notes.append(
            f"« {path} » a {info.st_nlink} noms (liens physiques) : le fichier écrit est un "
            "nouveau fichier, les autres noms gardent l'ancien contenu"
        )
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise UsageError(
            f"impossible d'écrire « {path} » : le dossier {target.parent} refuse un fichier "
            f"temporaire ({os_reason(error)})"
        ) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        if info is None:
            os.chmod(temporary, 0o666 & ~_umask())
        else:
            _keep_owner_and_mode(temporary, info, path)
        if expected is not None:
            _refuse_if_changed(target, expected, info, path)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"impossible d'écrire « {path} » : {os_reason(error)}") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return notes


def _write_directly(path: Path, target: Path, chunks: Iterable[bytes]) -> None:
    try:
        with open(target, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {path} » : {os_reason(error)}") from error


def _keep_owner_and_mode(temporary: str, info: os.stat_result, path: Path) -> None:
    current = os.stat(temporary)
    if (current.st_uid, current.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(temporary, info.st_uid, info.st_gid)
        except PermissionError as error:
            raise UsageError(
                f"impossible de réécrire « {path} » en gardant son propriétaire et son groupe "
                f"(uid {info.st_uid}, gid {info.st_gid}) : rien n'est écrit"
            ) from error
    # After chown, which clears set-id bits.
    os.chmod(temporary, stat.S_IMODE(info.st_mode))


def _refuse_if_changed(
    target: Path, expected: bytes, before: os.stat_result | None, path: Path
) -> None:
    changed = UsageError(
        f"« {path} » a été modifié depuis sa lecture : rien n'est écrit ; relancez la commande"
    )
    try:
        now = os.stat(target)
        current = read_file(target, len(expected) + 1)
    except (OSError, ReadError) as error:
        raise changed from error
    if before is not None and (now.st_ino, now.st_dev) != (before.st_ino, before.st_dev):
        raise changed
    if current != expected:
        raise changed


def refuse_read_only(path: Path) -> None:
    """Refuse to rewrite a file nobody may write (root would write it anyway)."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {path} » : {os_reason(error)}") from error
    if stat.S_IMODE(info.st_mode) & 0o222 == 0 or not os.access(path, os.W_OK):
        raise UsageError(
            f"« {path} » est en lecture seule : rien n'est écrit (rendez-le modifiable, par "
            f"exemple : chmod u+w {path})"
        )
