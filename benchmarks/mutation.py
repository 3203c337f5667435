"""Mutation testing of the core modules with mutmut 3 (not in CI: tens of minutes).

Usage (from the repository, with mutmut installed in the running Python: pip install mutmut):

    python benchmarks/mutation.py --ensemble        # every core module in one mutmut run
    python benchmarks/mutation.py --ensemble --echantillon 40  # at most 40 mutants a module
    python benchmarks/mutation.py                   # every core module, one run each
    python benchmarks/mutation.py coverage/links.py # one module (a path under src/contratcheck)
    python benchmarks/mutation.py --survivants baseline.py  # also print each survivor's diff
    python benchmarks/mutation.py --dossier /tmp/m --enfants 2 --resultats scores.json

What it does, and why (tests/mutation.md gives the figures):
- it copies the working tree (src, tests, data, pyproject.toml) to a scratch folder, so that a
  run never writes ``mutants/`` into the repository and the tests can be edited while it runs;
- mutmut 3 never mutates a decorated function (its trampoline would have to wrap the decorator),
  and every rule is a ``@rule(...)`` check: in the copy only, each ``@rule(...)`` or
  ``@emitted(...)`` line becomes an assignment after the function (``f = rule(...)(f)``), which
  is the same thing for Python and lets mutmut mutate the check itself;
- the runner is the fast subset of the tests (``[tool.mutmut]`` of pyproject.toml: no Chromium,
  npm or pre-commit test);
- one module per mutmut run (``only_mutate``), so that each run stays under about ten minutes
  on two cores; the score of a module is killed / all its mutants, where « killed » counts
  mutmut's killed, timeout and segfault outcomes, and « no tests » counts as survived.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src") / "contratcheck"
# The core modules issue 14 asks to measure (paths under src/contratcheck).
CORE = (
    "coverage/links.py",
    "coverage/rating.py",
    "formats/cdv1/calendar.py",
    "formats/cdv1/rules.py",
    "rules/references.py",
    "rules/couverture.py",
    "rules/calendrier.py",
    "engine.py",
    "loading/document.py",
    "loading/schema.py",
    "migrate.py",
    "baseline.py",
    "suppressions.py",
)
COPIED = ("src", "tests", "schemas", "referentiels", "examples", "README.md", "pyproject.toml")
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
_DECORATOR = re.compile(r"^@(rule|emitted)\(")


def undecorate(source: str) -> str:
    """Turn each top-level ``@rule(...)``/``@emitted(...)`` function into a plain function
    followed by ``name = rule(...)(name)``: the same module for Python, mutable by mutmut."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    # From the bottom up, so that earlier line numbers stay valid.
    for node in sorted(tree.body, key=lambda n: n.lineno, reverse=True):
        if not isinstance(node, ast.FunctionDef) or len(node.decorator_list) != 1:
            continue
        decorator = node.decorator_list[0]
        start, end = decorator.lineno - 1, decorator.end_lineno or decorator.lineno
        text = "".join(lines[start:end]).strip()
        if not _DECORATOR.match(text):
            continue
        assert node.end_lineno is not None
        call = text.removeprefix("@")
        lines.insert(node.end_lineno, f"\n\n{node.name} = {call}({node.name})\n")
        del lines[start:end]
    return "".join(lines)


def prepare(folder: Path) -> None:
    """A fresh copy of the working tree, with decorated rules made mutable."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "artifacts", ".hypothesis", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, folder / name)
    for path in (folder / PACKAGE).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "@rule(" in text or "@emitted(" in text:
            path.write_text(undecorate(text), encoding="utf-8")


def deselect_failing(folder: Path) -> list[str]:
    """Run the fast subset once; deselect what already fails (mutmut needs a green run)."""
    config = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    section = config["tool"]["mutmut"]
    args = [*section["pytest_add_cli_args"], *section["pytest_add_cli_args_test_selection"]]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:randomly", *args],
        cwd=folder,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    failing = re.findall(r"(?m)^FAILED (\S+)", done.stdout)
    if failing:
        print("déjà en échec, désélectionnés :", *failing, sep="\n  ", file=sys.stderr)
        pyproject = folder / "pyproject.toml"
        extra = "".join(f'\n    "--deselect", "{t}",' for t in failing)
        text = pyproject.read_text(encoding="utf-8")
        text = text.replace("pytest_add_cli_args = [", "pytest_add_cli_args = [" + extra, 1)
        pyproject.write_text(text, encoding="utf-8")
    return failing


def _environment() -> dict[str, str]:
    """The tests' environment without the optional components (their tests skip)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CONTRATCHECK_")}


def configure(folder: Path, modules: list[str]) -> None:
    """Point the copy's ``[tool.mutmut]`` at some modules."""
    pyproject = folder / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    paths = ", ".join(f'"{PACKAGE.as_posix()}/{m}"' for m in modules)
    pattern = f"only_mutate = [{paths}]"
    text, count = re.subn(r"(?m)^only_mutate = .*$", pattern, text)
    if not count:
        text = text.replace("[tool.mutmut]\n", f"[tool.mutmut]\n{pattern}\n", 1)
    pyproject.write_text(text, encoding="utf-8")


def mutmut() -> list[str]:
    found = shutil.which("mutmut") or str(Path(sys.executable).parent / "mutmut")
    if not Path(found).exists():
        sys.exit("mutmut absent : pip install mutmut")
    return [found]


def outcomes(folder: Path, module: str) -> dict[str, str]:
    """Each mutant of the module and its outcome, from mutmut's meta file."""
    from mutmut.stats import status_by_exit_code

    meta = folder / "mutants" / PACKAGE / f"{module}.meta"
    if not meta.exists():
        return {}
    data = json.loads(meta.read_text(encoding="utf-8"))
    return {k: status_by_exit_code[v] for k, v in data["exit_code_by_key"].items()}


def _mutmut(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*mutmut(), *args],
        cwd=folder,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
    )


def sample(folder: Path, modules: list[str], size: int) -> list[str]:
    """Every k-th mutant of each module, so that at most ``size`` are run per module.

    mutmut generates the mutants and collects which tests reach which function before it
    looks for the names it is given: a name that matches nothing stops it right after.
    """
    _mutmut(folder, "run", "__aucun_mutant__")
    chosen: list[str] = []
    for module in modules:
        names = sorted(outcomes(folder, module))
        step = max(1, -(-len(names) // size))  # ceiling division
        chosen += names[::step]
    return chosen


def run_mutmut(folder: Path, modules: list[str], children: int, size: int | None) -> float:
    """One mutmut run on some modules (a sample of their mutants, or all); its wall time."""
    configure(folder, modules)
    shutil.rmtree(folder / "mutants", ignore_errors=True)
    started = time.monotonic()
    names = sample(folder, modules, size) if size else []
    done = _mutmut(folder, "run", "--max-children", str(children), *names)
    if done.returncode != 0:
        print(done.stdout[-4000:], done.stderr[-4000:], file=sys.stderr)
    return time.monotonic() - started


def score(folder: Path, module: str, seconds: float, survivors: bool) -> dict[str, object]:
    everything = outcomes(folder, module)
    found = {k: v for k, v in everything.items() if v != "not checked"}  # outside the sample
    killed = sum(1 for s in found.values() if s in KILLED)
    surviving = sorted(k for k, s in found.items() if s not in KILLED)
    score = 100 * killed / len(found) if found else None
    shown = f"{score:.1f} %" if score is not None else "—"
    took = f"  ({seconds:.0f} s)" if seconds else ""
    print(f"{module:28} {killed:4} / {len(found):4} tués  {shown:>8}{took}", flush=True)
    if survivors:
        for name in surviving:
            print(_mutmut(folder, "show", name).stdout, flush=True)
    return {
        "module": module,
        "tues": killed,
        "mutants": len(found),
        "mutants_du_module": len(everything),
        "score": score,
        "secondes": round(seconds),
        "survivants": surviving,
        "issues": {k: found[k] for k in surviving},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="chemins sous src/contratcheck (défaut : cœur)")
    parser.add_argument("--dossier", type=Path, default=Path("/tmp/contratcheck-mutation"))
    parser.add_argument("--enfants", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--survivants", action="store_true", help="affiche chaque survivant")
    parser.add_argument("--resultats", type=Path, help="écrit les scores en JSON")
    parser.add_argument(
        "--echantillon",
        type=int,
        metavar="N",
        help="au plus N mutants par module, un sur k dans l'ordre des noms (défaut : tous)",
    )
    parser.add_argument(
        "--ensemble",
        action="store_true",
        help="une seule exécution de mutmut pour tous les modules (une collecte au lieu de N)",
    )
    args = parser.parse_args(argv)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    if "mutmut" not in config.get("tool", {}):
        sys.exit("pyproject.toml n'a pas de section [tool.mutmut]")
    modules = args.modules or list(CORE)
    prepare(args.dossier)
    deselect_failing(args.dossier)
    results = []
    if args.ensemble:
        seconds = run_mutmut(args.dossier, modules, args.enfants, args.echantillon)
        print(f"une exécution de mutmut : {seconds:.0f} s", flush=True)
        results = [score(args.dossier, m, 0, args.survivants) for m in modules]
    else:
        for module in modules:
            seconds = run_mutmut(args.dossier, [module], args.enfants, args.echantillon)
            results.append(score(args.dossier, module, seconds, args.survivants))
    if args.resultats:
        args.resultats.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
