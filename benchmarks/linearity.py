"""Time and memory of one contract from 1 to 16 MiB: is the cost linear in the size?

    python benchmarks/linearity.py                      # 1, 2, 4, 8, 16 MiB, 3 runs each
    python benchmarks/linearity.py --tailles 0.25,0.5 --passages 1   # quick (CI)

contratcheck refuses a contract over 8 MiB (CC108, a guard against hostile input), so the
sizes beyond it cannot be measured through the command line. Here each measure runs in a fresh
Python process that raises ``MAX_BYTES`` to 32 MiB and then calls the console script's entry
point in process (``check -f json``, one process), next to the parse-only floor (PyYAML's
``CSafeLoader``, timestamps kept as text, collector off while it reads, as in ``floors.py``, in
its own fresh process). Time is the CPU time of the process after its
imports, memory its peak resident set (``ru_maxrss``). The median of the runs is printed, with
the slopes between sizes: linear means a constant slope.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_sized

MIB = 1024 * 1024
DATES = {1: "2022-06-30", 2: "2026-12-01"}

_OURS = """
import json, resource, sys, time
import contratcheck.engine as engine
import contratcheck.loading.document as document
from contratcheck.cli import main
document.MAX_BYTES = engine.MAX_BYTES = 32 * 1024 * 1024
start = time.process_time()
code = main(["check", "--processus", "1", "--date", sys.argv[2], "-f", "json", "-o", sys.argv[3],
             sys.argv[1]])
cpu = time.process_time() - start
print(json.dumps({"code": code, "cpu": cpu,
                  "memoire": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""

_FLOOR = """
import gc, json, resource, sys, time
import yaml
from yaml.constructor import SafeConstructor


class Loader(yaml.CSafeLoader):
    pass


Loader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
start = time.process_time()
gc.disable()  # as in floors.py and contratcheck's loader
with open(sys.argv[1], "rb") as handle:
    yaml.load(handle.read(), Loader=Loader)
gc.enable()
cpu = time.process_time() - start
print(json.dumps({"code": 0, "cpu": cpu,
                  "memoire": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def _measure(script: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"linéarité : la mesure a échoué :\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tailles", default="1,2,4,8,16", help="tailles en Mio (défaut 1,2,4,8,16)"
    )
    parser.add_argument("--passages", type=int, default=3, help="mesures par taille (défaut 3)")
    parser.add_argument("--format-contrat", type=int, default=1, choices=[1, 2])
    parser.add_argument("--resultats", type=Path, help="écrire les chiffres en JSON")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.tailles.split(",") if s]
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for mib in sizes:
            path = write_sized(folder, int(mib * MIB), contract_format=args.format_contrat)
            report = folder / "rapport.json"
            ours, floor = [], []
            for _ in range(args.passages):  # alternated: ours, floor, ours, floor…
                ours.append(_measure(_OURS, str(path), DATES[args.format_contrat], str(report)))
                floor.append(_measure(_FLOOR, str(path)))
            codes = {int(o["code"]) for o in ours}
            if codes - {0, 1} or "CC108" in report.read_text(encoding="utf-8"):
                raise SystemExit(f"linéarité : {path.name} n'a pas été vérifié ({codes})")
            rows.append(
                {
                    "mio": path.stat().st_size / MIB,
                    "cpu": statistics.median(o["cpu"] for o in ours),
                    "memoire": statistics.median(o["memoire"] for o in ours),
                    "cpu_plancher": statistics.median(f["cpu"] for f in floor),
                    "memoire_plancher": statistics.median(f["memoire"] for f in floor),
                }
            )
    print(
        f"Temps (CPU après les imports) et mémoire de pointe d'un contrat selon sa taille — "
        f"format {args.format_contrat}, {args.passages} mesure(s) par taille, médianes ; "
        "limite de 8 Mio levée dans le processus"
    )
    print()
    header = (
        f"  {'taille':>9} {'cc':>7} {'plancher':>9} {'ratio':>6} {'s/Mio':>6} {'pente':>6} │ "
        f"{'mém. cc':>8} {'plancher':>9} {'ratio':>6} {'pente':>10}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    previous = None
    for row in rows:
        slope = memory_slope = "—"
        if previous is not None and row["mio"] > previous["mio"]:
            step = row["mio"] - previous["mio"]
            slope = f"{(row['cpu'] - previous['cpu']) / step:.2f}"
            memory_slope = f"{(row['memoire'] - previous['memoire']) / MIB / step:.1f} Mio"
        previous = row
        print(
            f"  {row['mio']:>5.2f} Mio {row['cpu']:>6.2f}s {row['cpu_plancher']:>8.2f}s "
            f"{row['cpu'] / row['cpu_plancher']:>5.2f}× {row['cpu'] / row['mio']:>6.2f} "
            f"{slope:>6} │ {row['memoire'] / MIB:>4.0f} Mio "
            f"{row['memoire_plancher'] / MIB:>5.0f} Mio "
            f"{row['memoire'] / row['memoire_plancher']:>5.2f}× {memory_slope:>10}"
        )
    print()
    print(
        "  pente : secondes (ou Mio de mémoire) de plus par Mio de YAML depuis la taille "
        "précédente ; constante = linéaire"
    )
    if args.resultats:
        args.resultats.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
