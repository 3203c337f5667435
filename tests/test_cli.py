"""Command-line wiring: exit codes, French help, outputs, colours."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, TESTS

ENGLISH = re.compile(
    r"\b(Usage|Show this message|Options:|Commands|COMMAND|ARGS|Error|Missing|Try '|default:|"
    r"required|Arguments:|\[default|path|text|integer|bool|str)\b"
)


_COMMANDS = [
    ["check"],
    ["report"],
    ["compare"],
    ["baseline"],
    ["init"],
    ["schema"],
    ["migrate"],
    ["regles"],
    ["explain"],
    ["referentiels"],
    ["referentiels", "list"],
    ["referentiels", "show"],
    ["referentiels", "validate"],
    ["referentiels", "diff"],
]


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["check", "--aide"], *([*c, "--help"] for c in _COMMANDS)]
)
def test_help_is_french(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(*args)
    assert code == 0
    out = re.sub(r"[│╭╮╰╯─\s]+", " ", out)
    assert "Utilisation" in out and "Afficher cette aide et quitter." in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_version(run) -> None:  # type: ignore[no-untyped-def]
    from contratcheck import __version__

    assert run("--version") == (0, f"contratcheck {__version__}\n", "")
    assert run("-V") == (0, f"contratcheck {__version__}\n", "")


def test_version_alone_is_answered_without_importing_the_commands() -> None:
    """``--version`` is the start-up figure of issue 15: no typer, no engine, no référentiel."""
    probe = (
        "import sys; sys.argv = ['contratcheck', '--version']; "
        "from contratcheck.cli import main; code = main(); "
        "heavy = ('typer', 'contratcheck.engine', 'yaml'); "
        "print(code, sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
    # With anything else on the line, the commands are registered and typer answers.
    probe = probe.replace("'--version']", "'--version', '--aide']")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 ['typer']", done.stdout


def test_version_on_a_full_disk_is_a_french_error() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "contratcheck", "--version"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "contratcheck : impossible d'écrire sur la sortie standard : plus de place sur le disque\n",
    )


def test_missing_path_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("check", "--date", "2022-01-01", "absent.yaml")
    assert (code, out) == (2, "")
    assert "fichier introuvable : « absent.yaml »" in err


def test_glob_matching_nothing_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("check", "rien/*.yaml")
    assert code == 2 and "aucun fichier ne correspond" in err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "--format", "xml", "examples"], "format « xml » inconnu"),
        (["check", "--inconnue", "examples"], "option inconnue : --inconnue"),
        (["check"], "argument obligatoire manquant"),
        (["check", "--date", "2022-13-01", "examples"], "date « 2022-13-01 » invalide"),
        (["verifier"], "commande inconnue"),
    ],
)
def test_usage_errors_are_french_and_exit_2(run, args: list[str], fragment: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(*args)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_broken_files_exit_1_and_the_batch_goes_on(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "check",
        "--date",
        "2022-06-30",
        "--format",
        "json",
        "tests/inputs/casses/syntaxe.yaml",
        "examples/contrat-aligne.yaml",
        "tests/inputs/casses/bombe-alias.yaml",
    )
    assert code == 1 and err == ""
    report = json.loads(out)
    assert [f["valide"] for f in report["fichiers"]] == [False, True, False]
    assert report["fichiers"][1]["referentiels"]


def test_every_broken_file_named_explicitly_is_reported(run) -> None:  # type: ignore[no-untyped-def]
    paths = sorted(f"tests/inputs/casses/{p.name}" for p in (TESTS / "inputs" / "casses").iterdir())
    code, out, err = run("check", "--date", "2022-06-30", "--processus", "2", *paths)
    assert code == 1 and err == ""
    for path in paths:
        assert f"{path}:" in out


def test_walking_a_folder_skips_yaml_that_is_not_a_contract(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("check", "--date", "2022-06-30", "-f", "json", "tests/inputs/casses")
    report = json.loads(out)
    skipped = report["resume"]["fichiers_ignores"]
    assert "tests/inputs/casses/bombe-alias.yaml" in skipped
    assert "tests/inputs/casses/syntaxe.yaml" not in skipped  # has the format key: checked
    assert code == 1


def test_threshold_option(run) -> None:  # type: ignore[no-untyped-def]
    args = ["check", "--date", "2022-06-30", "examples/contrat-aligne.yaml"]
    assert run(*args)[0] == 0
    assert run(*args, "--echec-si", "info")[0] == 1  # CC508 is an info


def test_output_file(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rapport.json"
    code, out, _ = run(
        "check",
        "--date",
        "2022-06-30",
        "-f",
        "json",
        "-o",
        str(target),
        "examples/contrat-aligne.yaml",
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["resume"]["fichiers"] == 1


def test_json_alone_is_rendered_where_each_contract_is_checked(run, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import contratcheck.engine as engine
    from contratcheck.reporters.json import Spool, prerender

    seen: list[tuple[object, object]] = []
    real = engine.check_sources

    def spying(*args, **kwargs):  # type: ignore[no-untyped-def]
        hooks = [*args[4:6], None, None][:2]
        seen.append((kwargs.get("prepare", hooks[0]), kwargs.get("keep", hooks[1])))
        report = real(*args, **kwargs)
        if seen[-1][1] is not None:
            assert all(r.json_spool and not r.referentiels for r in report.results)
        return report

    monkeypatch.setattr(engine, "check_sources", spying)
    args = ["check", "--date", "2022-06-30", "examples/contrat-aligne.yaml", "-f"]
    code, alone, _ = run(*args, "json")
    assert code == 0 and seen[0][0] is prerender
    keep = seen[0][1]
    assert getattr(keep, "__func__", None) is Spool.keep
    # Another output reads the coverage tables: nothing is prepared, and the JSON is the same.
    other = tmp_path / "r.sarif"
    assert run(*args, "json", "--sortie", f"sarif:{other}")[:2] == (0, alone)
    assert run(*args, "texte")[0] == 0
    assert seen[1:] == [(None, None), (None, None)]
    # The exit code and the summary still come from the findings kept in the parent.
    code, out, _ = run(*args, "json", "--echec-si", "info")
    assert code == 1 and json.loads(out)["resume"]["constats"]["info"] > 0


def test_stdin_with_display_name(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    data = (ROOT / "examples" / "contrat-lacunes.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run("check", "--date", "2021-03-01", "--nom-stdin", "paris.yaml", "-")
    assert code == 1 and "paris.yaml:" in out


def test_terminal_report_without_colour_when_not_a_tty(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")
    assert "\x1b[" not in out
    assert "vérification au 1er mars 2021" in out
    assert "28 mesures identifiées sur 40 annoncées" in out
    assert "examples/contrat-lacunes.yaml:80:18: erreur CC301" in out


def test_no_color_and_force_color(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(*args)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(*args)[1]


def test_python_dash_m_and_console_script() -> None:
    """Both entry points run the same program: version, a passing and a failing check."""
    from contratcheck import __version__

    script = Path(sys.executable).parent / "contratcheck"
    assert script.exists(), "the console script of pyproject.toml is installed"
    for command in ([sys.executable, "-m", "contratcheck"], [str(script)]):
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout.strip()) == (0, f"contratcheck {__version__}")
        failing = subprocess.run(
            [*command, "check", "--date", "2021-03-01", "examples/contrat-lacunes.yaml"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert failing.returncode == 1, failing.stderr
        assert "examples/contrat-lacunes.yaml:80:18: erreur CC301" in failing.stdout
        passing = subprocess.run(
            [*command, "check", "--date", "2022-06-30", "examples/contrat-aligne.yaml"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert passing.returncode == 0, passing.stdout + passing.stderr


def test_invalid_referentiel_folder_exits_2(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "local.yaml").write_text("format: referentiel/1\nid: Local\n", encoding="utf-8")
    code, _, err = run("check", "--referentiels", str(tmp_path), "examples/contrat-aligne.yaml")
    assert code == 2 and "référentiel invalide" in err


def test_avec_restricts_the_referentiels(run) -> None:  # type: ignore[no-untyped-def]
    args = ("check", "--date", "2021-03-01", "-f", "json", "examples/contrat-lacunes.yaml")
    _, out, _ = run(*args, "--avec", "paqte")
    result = json.loads(out)["fichiers"][0]
    assert [r["id"] for r in result["referentiels"]] == ["paqte"]
    codes = {f["code"] for f in result["constats"]}
    assert "CC309" not in codes  # the contract's own declarations still count
    assert not [f for f in result["constats"] if f["message"].startswith("fdr2018:")]
    code, _, err = run(*args, "--avec", "paqt")
    assert code == 2 and "référentiel « paqt » inconnu" in err


def test_contract_with_no_applicable_referentiel_says_so(run) -> None:  # type: ignore[no-untyped-def]
    # In 2025 a 2024-2030 (format 2) contract follows the référentiels of its generation...
    _, out, _ = run("check", "--date", "2025-06-01", "tests/inputs/qpv/contrat-2024.yaml")
    assert "aucun référentiel suivi" not in " ".join(out.split())
    assert "cadre2024@2024-11-18" in out and "paqte" not in out
    # ... and before any of them was published, it has none, and says so.
    _, out, _ = run("check", "--date", "2023-06-01", "tests/inputs/qpv/contrat-2024.yaml")
    assert "aucun référentiel suivi" in " ".join(out.split())


def test_the_command_table_names_the_module_that_registers_each_command() -> None:
    from contratcheck.cli import COMMAND_MODULES
    from contratcheck.cli.common import app

    registered = {c.name: c.callback.__module__ for c in app.registered_commands if c.callback}
    registered.update({g.name: "contratcheck.cli.catalogue" for g in app.registered_groups})
    assert {name: f"contratcheck.cli.{m}" for name, m in COMMAND_MODULES.items()} == registered


def test_a_check_imports_neither_the_authoring_nor_the_report_commands() -> None:
    probe = (
        "import sys; sys.argv = ['contratcheck', 'check', '--date', '2022-06-30', "
        "'examples/contrat-aligne.yaml']; from contratcheck.cli import main; code = main(); "
        "others = ('authoring', 'reports', 'catalogue'); "
        "print(code, [m for m in others if f'contratcheck.cli.{m}' in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
