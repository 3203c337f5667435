"""Command line: parse options, call the engine, pick a reporter, write, exit. No logic here.

The commands live in the modules of this package; importing them registers them on the app.
``contratcheck --version`` alone is answered before typer is imported (most of the start-up
time of any other command), with the same text as the option's callback.
"""

from __future__ import annotations

import sys

from contratcheck import __version__
from contratcheck.collector import collector_off

_VERSION_ONLY = (["--version"], ["-V"])


# The module that registers each command. A run imports only its command's module (the
# authoring and report commands bring ruamel.yaml, Jinja2 and the editors: ~60 ms of a check);
# help, a mistyped command or no command imports them all, so that every command is listed.
COMMAND_MODULES = {
    "check": "check",
    "baseline": "check",
    "report": "reports",
    "compare": "reports",
    "schema": "authoring",
    "init": "authoring",
    "migrate": "authoring",
    "regles": "authoring",
    "explain": "authoring",
    "referentiels": "catalogue",
}
# In the order of the help's command list.
_ALL_MODULES = ("authoring", "catalogue", "check", "reports")


def _register(arguments: list[str] | None = None) -> None:
    """Import the modules that register the commands on the app (those the arguments need)."""
    from importlib import import_module

    first = arguments[0] if arguments else None
    needed = [COMMAND_MODULES[first]] if first in COMMAND_MODULES else _ALL_MODULES
    for module in needed:
        import_module(f"contratcheck.cli.{module}")


# Importing this package registers the commands, except in a process that only asks for the
# version (the console script and ``python -m contratcheck`` import it before calling main).
# The collector is off while they are imported, as during a run (see main).
if sys.argv[1:] not in _VERSION_ONLY:
    with collector_off():
        _register(sys.argv[1:] if sys.argv[0].endswith(("contratcheck", "__main__.py")) else None)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Standard output is flushed here, so that a full disk or a closed pipe is a French message
    and exit code 2, not a traceback at interpreter shutdown.
    """
    # A run is short and its data acyclic (documents, findings, results, all freed by their
    # reference counts): the cyclic collector only rescanned a growing heap — 6 % of the time
    # of 100 contracts checked in one process (4 alternated runs), for ~1 300 objects found
    # in 50 contracts, all from imports; same peak memory (issue 15). Off for the command
    # (a pool's workers turn it back on, see engine); restored on return.
    with collector_off():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    from contratcheck.cli.stdout import stdout_failure

    arguments = argv if argv is not None else sys.argv[1:]
    if arguments in _VERSION_ONLY:
        code = 0
        try:
            sys.stdout.write(f"contratcheck {__version__}\n")
        except OSError as error:
            sys.stderr.write(f"contratcheck : {stdout_failure(error)}\n")
            return 2
    else:
        _register(arguments if argv is None else None)
        code = _run(arguments)
    try:
        sys.stdout.flush()
    except OSError as error:
        sys.stderr.write(f"contratcheck : {stdout_failure(error)}\n")
        return 2
    return code


def _run(arguments: list[str]) -> int:
    import typer

    from contratcheck.cli.common import app, finish_progress, translate_error
    from contratcheck.errors import ContratcheckError

    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # typer before 0.25 uses click itself
        from click.exceptions import ClickException  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]

    command = typer.main.get_command(app)
    try:
        # Without standalone mode click returns the code of typer.Exit instead of raising it.
        result = command.main(
            args=arguments,
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
