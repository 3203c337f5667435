"""Where one batch spends its time: contratcheck run in-process under cProfile, per stage.

    python benchmarks/stages.py --sortie parts.json -- check --processus 1 -f json ... FICHIERS

The command line after ``--`` goes to contratcheck's console-script entry point, imported after
the profiler starts (so imports count as start-up). Run it with ``--processus 1``: cProfile sees
one thread of one process, so the batch must not be spread over a pool.

Each function's own time goes to the stage of the nearest caller whose qualified name
(``module.Class.function``) matches a stage pattern below; a function called from several
stages is split as its callers' edges say (gprof's assumption: equal cost per call). Start-up
patterns marked « sticky » (imports, catalogue and configuration loading) keep everything they
call, so that the référentiels parsed at start-up do not count as parsing contracts. Patterns
are substrings and names, not file paths, so that modules may move between packages; what no
pattern catches and no caller explains is « autre ». The profiler slows Python code more than C
code: read the shares as a ranking, and the benchmark's wall times as the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import re
import sys
import time
import types
from collections.abc import Iterable
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

STAGES = [
    "démarrage",
    "lecture des fichiers",
    "analyse YAML",
    "données et positions",
    "schéma",
    "vue du contrat",
    "couverture",
    "règles",
    "construction du rapport",
    "rendu",
    "autre",
]
_STICKY = "démarrage (contexte)"  # internal: start-up work that keeps its callees

# (pattern on the qualified name, stage or None for « attribute to the caller », sticky); first
# match wins. Builtins are named « ~.<method 'x' of 'y' objects> ».
RULES: list[tuple[str, str | None, bool]] = [
    (r"\b(make_finding|FindingList)\b", None, False),  # shared helpers: their caller's stage
    (
        r"^_?(frozen_)?importlib\b|\b_find_and_load\b|\b(load_catalogue|read_catalogue|"
        r"build_settings|load_config|read_qpv_list|read_baseline|today_from)\b",
        "démarrage",
        True,
    ),
    (
        r"\b(expand_paths|_read|read_source|read_sources|read_bytes)\b|_hashlib",
        "lecture des fichiers",
        False,
    ),
    (r"Builder|[Pp]osition|\b_?marks?\b", "données et positions", False),
    (
        r"^yaml\.(compose|load|safe_load|composer|parser|scanner|reader|cyaml)\b|\b_yaml\b|"
        r"CParser|\b(load_document|_load_text|_decode)\b|^contratcheck\.(loading|document)\b",
        "analyse YAML",
        False,
    ),
    (r"schema|jsonschema|referencing|_Translator|_leaf_errors|is_siren", "schéma", False),
    (
        r"^contratcheck\.(contrat|formats|view|vue)\b|^contratcheck\.\w+\.(contrat|view|vue)\w*\b|"
        r"\b(read_contrat|summarise)\b|\b(Contrat|Action)\.",
        "vue du contrat",
        False,
    ),
    (
        r"^contratcheck\.(rules|legal|obsolescence|qpv_list)\b|\b(check_actions|"
        r"check_exclusions|check_calendar|check_terms|check_qpv_list|_unknown)\b|\b_Checks\b",
        "règles",
        False,
    ),
    (r"coverage|Coverage|alignment|\balign\b|_Aligner", "couverture", False),
    (
        r"^contratcheck\.(engine|suppressions|baseline|model|report)\b|\b(check_bytes|"
        r"check_sources|_policy|_relink|with_fingerprint|drop_known|apply_suppressions)\b",
        "construction du rapport",
        False,
    ),
    (r"reporters|\brender\w*|^contratcheck\.cli\.common\.write$|templates", "rendu", False),
    (r"^(typer|click|contratcheck\.cli|contratcheck\.config)\b", "démarrage", False),
]
_COMPILED = [(re.compile(p), stage, sticky) for p, stage, sticky in RULES]

Key = tuple[str, int, str]


def _code_names() -> dict[Key, str]:
    """(file, first line, name) → module.qualname, for every function alive and its nested code."""
    names: dict[Key, str] = {}

    def visit(code: types.CodeType, module: str) -> None:
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        if key in names:
            return
        names[key] = f"{module}.{code.co_qualname}"
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                visit(const, module)

    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType):
            visit(obj.__code__, obj.__module__ or "?")
    return names


def _fallback_name(key: Key, roots: list[str]) -> str:
    filename, _, name = key
    if filename == "~":
        return f"~.{name}"
    if filename.startswith("<frozen "):
        return f"{filename[8:-1]}.{name}"
    for root in roots:
        if filename.startswith(root):
            module = filename[len(root) :].lstrip("/").removesuffix(".py").replace("/", ".")
            return f"{module.removesuffix('.__init__')}.{name}"
    return f"{filename}.{name}"


def _rule(name: str) -> tuple[str | None, bool] | None:
    for pattern, stage, sticky in _COMPILED:
        if pattern.search(name):
            return stage, sticky
    return None


def attribute(stats: dict[Key, Any], names: dict[Key, str]) -> dict[str, Any]:
    """Split every function's own time over the stages; return totals and the top functions."""
    roots = sorted((p for p in sys.path if p), key=len, reverse=True)
    qualified = {k: names.get(k) or _fallback_name(k, roots) for k in stats}
    rules = {k: _rule(q) for k, q in qualified.items()}
    order = sorted(stats, key=lambda k: -stats[k][3])  # callers before callees, roughly
    shares: dict[Key, dict[str, float]] = {k: {} for k in stats}
    for _ in range(200):
        change = 0.0
        for key in order:
            callers = {c: e for c, e in stats[key][4].items() if c != key and c in stats}
            # Weigh the callers by the time spent on their calls (by call counts if all are 0).
            column = 3 if any(e[3] for e in callers.values()) else 1
            weight = sum(e[column] for e in callers.values())
            inflow: dict[str, float] = {}
            if not weight:
                inflow = {"autre": 1.0}
            else:
                for caller, edge in callers.items():
                    part = edge[column] / weight
                    for stage, share in (shares[caller] or {"autre": 1.0}).items():
                        inflow[stage] = inflow.get(stage, 0.0) + part * share
            rule = rules[key]
            if rule is not None and rule[0] is not None:
                stage, sticky = rule
                if sticky:
                    new = {_STICKY: 1.0}
                else:
                    kept = inflow.get(_STICKY, 0.0)
                    new = {_STICKY: kept, stage: 1.0 - kept} if kept else {stage: 1.0}
            else:
                new = inflow
            old = shares[key]
            change = max(change, *(abs(new.get(s, 0.0) - old.get(s, 0.0)) for s in {*new, *old}))
            shares[key] = new
        if change < 1e-9:
            break
    totals = dict.fromkeys(STAGES, 0.0)
    top: list[tuple[float, str, str]] = []
    for key, entry in stats.items():
        own = entry[2]
        main_stage, main_share = "autre", 0.0
        for stage, share in shares[key].items():
            label = "démarrage" if stage == _STICKY else stage
            totals[label] += own * share
            if share > main_share:
                main_stage, main_share = label, share
        top.append((own, qualified[key], main_stage))
    top.sort(reverse=True)
    return {
        "etapes": totals,
        "total": sum(totals.values()),
        "fonctions": [{"secondes": t, "fonction": q, "etape": s} for t, q, s in top[:15]],
    }


def _entry_point() -> str:
    """The « module:function » of the contratcheck console script, read without importing it."""
    for entry in metadata.entry_points(group="console_scripts"):
        if entry.name == "contratcheck":
            return str(entry.value)
    return "contratcheck.cli:main"


def profile(arguments: list[str]) -> dict[str, Any]:
    target = _entry_point()
    module_name, _, function_name = target.partition(":")
    collections: list[float] = []
    started: list[float] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            collections.append(time.perf_counter() - started.pop())

    gc.callbacks.append(on_gc)
    profiler = cProfile.Profile()
    wall = time.perf_counter()
    profiler.enable()
    try:
        main = getattr(import_module(module_name), function_name)
        code = main(arguments)
    except SystemExit as done:
        code = done.code
    finally:
        profiler.disable()
        wall = time.perf_counter() - wall
        gc.callbacks.remove(on_gc)
    result = attribute(pstats.Stats(profiler).stats, _code_names())  # type: ignore[attr-defined]
    result.update(
        {
            "duree_sous_profil": wall,
            "ramasse_miettes": sum(collections),
            "collections": len(collections),
            "code_de_sortie": code,
        }
    )
    return result


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Parts de chaque étape d'un lot (cProfile).")
    parser.add_argument("--sortie", type=Path, required=True, help="fichier JSON des parts")
    parser.add_argument("commande", nargs=argparse.REMAINDER, help="-- arguments de contratcheck")
    args = parser.parse_args(list(argv) if argv is not None else None)
    command = args.commande[1:] if args.commande[:1] == ["--"] else args.commande
    result = profile(command)
    args.sortie.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
