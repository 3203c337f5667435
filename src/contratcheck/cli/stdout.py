"""Standard output that may be closed (``| head -1``) or full (``> /dev/full``).

Either ends the run with a French message on stderr and exit code 2; stdout is then pointed at
/dev/null so that the interpreter's final flush cannot print a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from contratcheck.errors import ContratcheckError
from contratcheck.loading.reader import os_reason


class OutputError(ContratcheckError):
    """Standard output refused what we wrote."""


def silence_stdout() -> None:
    """Point stdout at /dev/null: nothing more can fail on it, not even at shutdown."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (captured in tests)
        pass


def stdout_failure(error: OSError) -> OutputError:
    """The French error for a failed write or flush of stdout; stdout is silenced."""
    silence_stdout()
    if isinstance(error, BrokenPipeError):
        return OutputError("la sortie standard a été fermée avant la fin : sortie incomplète")
    return OutputError(f"impossible d'écrire sur la sortie standard : {os_reason(error)}")


def write_stdout(chunks: Iterable[str]) -> None:
    """Write chunks to stdout and flush; raise OutputError when stdout refuses them."""
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    except OSError as error:
        raise stdout_failure(error) from error
