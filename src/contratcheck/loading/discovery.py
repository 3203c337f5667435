"""Find the files to read under folders and glob patterns, in linear time, loudly.

Each real folder is visited once, even through a loop of symbolic links; a folder that cannot
be listed, or a ``*.yaml`` link that leads nowhere, is returned with its reason instead of being
skipped in silence. Names that are not valid UTF-8 are shown with U+FFFD (the path itself is
kept to read the file).
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from contratcheck.errors import UsageError
from contratcheck.loading.reader import os_reason

YAML_SUFFIXES = (".yaml", ".yml")
MAX_PATTERN_PARTS = 100


@dataclass(frozen=True)
class Found:
    """A path found by a walk; ``problem`` says why it cannot be read (None: it can)."""

    path: Path
    problem: str | None = None

    @property
    def name(self) -> str:
        return display_name(str(self.path))


def display_name(name: str) -> str:
    """A path as text every output can hold: bytes that are not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_yaml(name: str) -> bool:
    return name.endswith(YAML_SUFFIXES)


def walk(
    folder: Path,
    wanted: Callable[[tuple[str, ...]], bool] = lambda parts: _is_yaml(parts[-1]),
    max_depth: int | None = None,
    hidden: bool = True,
) -> list[Found]:
    """Every file under folder whose relative parts are wanted, sorted, with the problems.

    Symbolic links to folders are followed, each real folder once (by device and inode).
    """
    found: list[Found] = []
    try:
        root = os.stat(folder)
    except OSError as error:
        return [Found(folder, os_reason(error))]
    visited = {(root.st_dev, root.st_ino)}
    stack: list[tuple[Path, tuple[str, ...]]] = [(folder, ())]
    while stack:
        current, parts = stack.pop()
        try:
            with os.scandir(current) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            found.append(Found(current, f"dossier illisible : {os_reason(error)}"))
            continue
        for entry in listed:
            if not hidden and entry.name.startswith("."):
                continue
            relative = (*parts, entry.name)
            path = current / entry.name
            try:
                info = entry.stat()  # follows links
            except OSError as error:
                if entry.is_symlink() and wanted(relative):
                    found.append(Found(path, os_reason(error)))
                continue
            if stat.S_ISDIR(info.st_mode):
                identity = (info.st_dev, info.st_ino)
                if identity in visited or (max_depth is not None and len(relative) >= max_depth):
                    continue
                visited.add(identity)
                stack.append((path, relative))
            elif wanted(relative):
                found.append(Found(path))
    return sorted(found, key=lambda f: f.path.parts)


def _match(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether path parts match pattern parts, where ``**`` stands for any number of parts."""
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        key = (i, j)
        if key not in memo:
            if i == len(pattern):
                result = j == len(parts)
            elif pattern[i] == "**":
                result = match(i + 1, j) or (j < len(parts) and match(i, j + 1))
            else:
                result = (
                    j < len(parts)
                    and fnmatch.fnmatchcase(parts[j], pattern[i])
                    and match(i + 1, j + 1)
                )
            memo[key] = result
        return memo[key]

    return match(0, 0)


def glob_files(pattern: str) -> list[Found]:
    """Files matching a glob pattern (``**`` for any depth), like glob.glob, visited once."""
    absolute = pattern.startswith("/")
    components: tuple[str, ...] = ()
    for part in pattern.split("/"):
        if part not in ("", ".") and not (part == "**" and components[-1:] == ("**",)):
            components += (part,)
    if len(components) > MAX_PATTERN_PARTS:
        raise UsageError(f"motif trop long (plus de {MAX_PATTERN_PARTS} niveaux de dossiers)")
    first = next(i for i, part in enumerate(components) if glob.has_magic(part))
    prefix = components[:first]
    rest = components[first:]
    base = Path("/" if absolute else ".").joinpath(*prefix)
    if not base.is_dir():
        return []  # as glob.glob: nothing matches under a folder that does not exist
    deep = "**" in rest
    hidden = any(part.startswith(".") for part in rest)
    return walk(
        base,
        lambda parts: _match(rest, parts),
        max_depth=None if deep else len(rest),
        hidden=hidden,
    )
