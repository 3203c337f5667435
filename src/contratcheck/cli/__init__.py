"""Command line: parse options, call the engine, pick a reporter, write, exit. No logic here.

The commands live in the modules of this package; importing them registers them on the app.
"""

from __future__ import annotations

import sys

import typer

from contratcheck.cli import authoring, catalogue, check, reports  # noqa: F401 (registration)
from contratcheck.cli.common import app, finish_progress, translate_error
from contratcheck.errors import ContratcheckError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Standard output is flushed here, so that a full disk or a closed pipe is a French message
    and exit code 2, not a traceback at interpreter shutdown.
    """
    from contratcheck.cli.stdout import stdout_failure

    code = _run(argv)
    try:
        sys.stdout.flush()
    except OSError as error:
        sys.stderr.write(f"contratcheck : {stdout_failure(error)}\n")
        return 2
    return code


def _run(argv: list[str] | None) -> int:
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # typer before 0.25 uses click itself
        from click.exceptions import ClickException  # type: ignore[no-redef,import-not-found]

    command = typer.main.get_command(app)
    try:
        # Without standalone mode click returns the code of typer.Exit instead of raising it.
        result = command.main(
            args=argv if argv is not None else sys.argv[1:],
            prog_name="contratcheck",
            standalone_mode=False,
        )
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        sys.stderr.write("contratcheck : interrompu\n")
        return 130
    except ContratcheckError as error:
        sys.stderr.write(f"contratcheck : {error}\n")
        return 2
    except ClickException as error:
        sys.stderr.write(f"contratcheck : {translate_error(error.format_message())}\n")
        sys.stderr.write("Essayez « contratcheck --aide » pour l'aide.\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("contratcheck : interrompu\n")
        return 130
    except OSError as error:  # stdout written by typer or click themselves (help, version)
        import errno

        from contratcheck.cli.stdout import stdout_failure

        if not isinstance(error, BrokenPipeError) and error.errno != errno.ENOSPC:
            raise

        sys.stderr.write(f"contratcheck : {stdout_failure(error)}\n")
        return 2
    finally:
        finish_progress()
    if result == 130:  # typer turns Ctrl-C into a silent exit code 130
        sys.stderr.write("contratcheck : interrompu\n")
    return result if isinstance(result, int) else 0
