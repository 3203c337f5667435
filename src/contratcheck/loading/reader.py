"""One bounded reader for every input: files, standard input, git blobs.

The size is checked while reading (never more than ``limit + 1`` bytes are read, so
``/dev/zero`` or an endless pipe cost at most the limit), special files (FIFO, device, folder,
socket) are refused before a byte is read, and decoding errors name the byte offset, line and
column. Messages are French and never quote the content of the file: a wrong path may point at
a private file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from contratcheck.errors import ContratcheckError

MIB = 1024 * 1024
_CHUNK = 1024 * 1024


class ReadError(ContratcheckError):
    """An input cannot be read; the message is French and does not name the file.

    Callers add the file name and turn it into a finding (contracts) or a usage error.
    """

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


def describe_size(limit: int) -> str:
    """A limit as users read it: « 8 Mio », « 512 Kio »."""
    if limit >= MIB and limit % MIB == 0:
        return f"{limit // MIB} Mio"
    return f"{max(1, limit // 1024)} Kio"


def _too_large(limit: int) -> ReadError:
    return ReadError(f"fichier trop volumineux (plus de {describe_size(limit)})", too_large=True)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is, in French; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "c'est un dossier, pas un fichier"
    if stat.S_ISFIFO(mode):
        return "c'est un tube nommé (FIFO), pas un fichier ordinaire"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "c'est un périphérique, pas un fichier ordinaire"
    if stat.S_ISSOCK(mode):
        return "c'est une socket, pas un fichier ordinaire"
    return "ce n'est pas un fichier ordinaire"


def os_reason(error: OSError) -> str:
    """The French reason for an OS error on a path (the common ones; strerror otherwise)."""
    import errno

    reasons = {
        errno.ENOENT: "fichier introuvable (ou lien symbolique cassé)",
        errno.EACCES: "permission refusée",
        errno.EBADF: "entrée fermée, ou ouverte en écriture seule",
        errno.EPERM: "opération non permise",
        errno.EISDIR: "c'est un dossier, pas un fichier",
        errno.ELOOP: "boucle de liens symboliques",
        errno.ENAMETOOLONG: "nom de fichier trop long",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
        errno.ENXIO: "ce n'est pas un fichier ordinaire (socket ou périphérique absent)",
        errno.EIO: "erreur d'entrée-sortie du disque",
        errno.ENOSPC: "plus de place sur le disque",
        errno.EPIPE: "le lecteur de la sortie l'a fermée",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.EXDEV: "lien vers un autre système de fichiers",
    }
    return reasons.get(error.errno or 0) or error.strerror or "erreur du système"


def read_file(path: Path, limit: int, *, truncate: bool = False) -> bytes:
    """Read a regular file, at most limit bytes; raise ReadError otherwise.

    With truncate, an oversized file gives its first ``limit + 1`` bytes instead of an error,
    so that the caller can say « too large » in its own terms (a finding for contracts).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; we refuse it just below.
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ReadError(os_reason(error)) from error
    except ValueError as error:  # an embedded NUL byte
        raise ReadError("nom de fichier invalide (octet nul)") from error
    try:
        kind = special_kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise ReadError(kind)
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", buffering=0, closefd=False) as stream:
            return read_stream(stream, limit, truncate=truncate)
    except OSError as error:
        raise ReadError(os_reason(error)) from error
    finally:
        os.close(descriptor)


def read_stream(stream: IO[bytes], limit: int, *, truncate: bool = False) -> bytes:
    """Read a stream (standard input, a pipe from git) up to limit bytes."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    if truncate:
        return b"".join(chunks)
    raise _too_large(limit)


def line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def decode_utf8(raw: bytes) -> str:
    """Decode UTF-8 (an initial BOM is dropped); name the first bad byte otherwise."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_column(raw, error.start)
        raise ReadError(
            f"le fichier n'est pas encodé en UTF-8 : octet 0x{raw[error.start]:02X} invalide "
            f"à la position {error.start} (ligne {line}, colonne {column})"
        ) from error


def refuse_binary(raw: bytes) -> None:
    """Refuse content with a NUL byte: it is not text."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = line_column(raw, nul)
        raise ReadError(
            f"le fichier contient un octet nul à la position {nul} (ligne {line}, colonne "
            f"{column}) : ce n'est pas un fichier texte"
        )
