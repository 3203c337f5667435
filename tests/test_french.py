"""French everywhere: usage errors of every command, help laid out at 80 and 120 columns."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from contratcheck.cli.common import app

ENGLISH = re.compile(
    r"\b(Got|unexpected|Possible|Input should|greater|Did you mean|No such|Missing|Invalid|"
    r"is not|default:|required|Usage|Options:|Commands:|x>=)\b|\(s\)|x>="
)


def _commands() -> list[tuple[list[str], Any]]:
    import contratcheck.cli  # noqa: F401 (registers the commands)

    root = typer.main.get_command(app)
    found: list[tuple[list[str], Any]] = [([], root)]
    for path, command in list(found):
        for name, sub in getattr(command, "commands", {}).items():
            found.append(([*path, name], sub))
            for subname, subsub in getattr(sub, "commands", {}).items():
                found.append(([*path, name, subname], subsub))
    return found


COMMANDS = _commands()
LEAVES = [(path, c) for path, c in COMMANDS if path and not getattr(c, "commands", None)]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "contratcheck" for p, _ in COMMANDS]
)
def test_help_reads_well_at_80_and_120_columns(
    run, monkeypatch, path: list[str], command: Any, width: int
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(*path, "--aide")
    assert code == 0
    lines = out.splitlines()
    for line in lines:
        assert len(line) <= width, line
        stripped = line.strip()
        # No sentence cut, no guillemet or colon alone at a line's start, no word cut at a hyphen.
        assert not re.search(r"\w(…|\.\.\.)$", stripped), line
        assert not stripped.startswith(("»", ":", ";", "?")), line
        assert not stripped.endswith(("«", "-")) or stripped.startswith("-"), line
    flat = " ".join(out.replace("\u00a0", " ").split())
    assert not ENGLISH.search(flat), ENGLISH.search(flat)
    # Every option appears whole, and every help text is printed in full (no markup eaten).
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert re.search(rf"(^|[\s,]){re.escape(opt)}([\s,=]|$)", out, re.M), opt
        if getattr(param, "help", None):
            text = " ".join(param.help.replace("\u00a0", " ").split())
            assert text in flat, text


def test_markup_does_not_eat_bracketed_words(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--aide")
    assert "[tool.contratcheck] de pyproject.toml" in " ".join(out.split())


def _first_argument(command: Any) -> list[str]:
    return ["x" for p in command.params if p.param_type_name == "argument"]


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_usage_errors_of_every_command_are_french(run, path: list[str], command: Any) -> None:  # type: ignore[no-untyped-def]
    arguments = _first_argument(command)
    cases = [[*path, "--inconnue", *arguments], [*path, *arguments, "en", "trop", "encore"]]
    if any(p.required for p in command.params if p.param_type_name == "argument"):
        cases.append(path)  # a missing argument
    for args in cases:
        code, _, err = run(*args)
        if code == 0 and args == cases[1]:
            continue  # the command takes any number of paths
        assert code == 2, (args, err)
        assert err.startswith("contratcheck : "), err
        assert not ENGLISH.search(err), (args, err)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["chek", "x"], "commande inconnue : « chek » ; vouliez-vous dire « check »"),
        (["referentiels", "lst"], "vouliez-vous dire « list » ?"),
        (
            ["check", "--dat", "2020-01-01", "examples"],
            "option inconnue : --dat ; vouliez-vous dire « --date »",
        ),
        (
            ["check", "--processus", "0", "examples"],
            "valeur invalide pour --processus : un nombre supérieur ou égal à 1 est attendu",
        ),
        (
            ["check", "--processus", "x", "examples"],
            "valeur invalide pour --processus : un nombre entier est attendu",
        ),
        (
            ["check", "--date", "2020-02-30", "examples"],
            "date « 2020-02-30 » invalide : attendu AAAA-MM-JJ",
        ),
        (["compare", "a", "b", "c"], "argument en trop : « c »"),
        (["explain"], "argument obligatoire manquant : CODE"),
        (
            ["check", "--echec-si", "x", "examples"],
            "valeurs permises : « erreur », « avertissement » ou « info »",
        ),
    ],
)
def test_usage_error_wording(run, args: list[str], expected: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(*args)
    assert code == 2 and expected in err, err


def test_number_range_in_help_is_french(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--aide")
    assert "[au moins 1]" in out and "x>=1" not in out
