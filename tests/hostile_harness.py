"""Run the command line in a subprocess under memory and CPU limits (tests of hostile input)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

# Address space and CPU seconds: a reader that loads /dev/zero whole, or loops, is stopped by
# the kernel instead of a timing assertion.
MEMORY_LIMIT = 1536 * 1024 * 1024
CPU_SECONDS = 60
WALL_SECONDS = 120
EXIT_CODES = {0, 1, 2, 130}


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    peak_mib: float

    def assert_clean(self) -> None:
        """Documented exit code, no traceback, no memory error."""
        assert self.code in EXIT_CODES, (self.code, self.err[-2000:])
        for stream in (self.out, self.err):
            assert "Traceback" not in stream, stream[-2000:]
            assert "MemoryError" not in stream, stream[-2000:]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(
    *args: str,
    cwd: Path | None = None,
    stdin: int | None = subprocess.DEVNULL,
    stdout_file: str | None = None,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run ``python -m contratcheck ARGS``; return its exit code, outputs and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        target = open(stdout_file, "wb") if stdout_file else out  # noqa: SIM115
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "contratcheck", *args],
                cwd=cwd,
                stdin=stdin,
                stdout=target,
                stderr=err,
                preexec_fn=_limits,
                env={**os.environ, **(env or {})},
            )
            # A reader that blocks (a FIFO without writer) is killed: the test then fails.
            timer = threading.Timer(WALL_SECONDS, process.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                timer.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout_file:
                target.close()
        out.seek(0)
        err.seek(0)
        return Outcome(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,
        )
