"""Text output against JSON output on a batch: the text report must cost at most 1.2 × JSON.

Run: ``.venv/bin/python benchmarks/text_ratio.py [--fichiers 100] [--repetitions 5]``.
The text report is written to a pipe (as in a CI log), and also with ``--detail``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_corpus


def _time(command: list[str], repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description="Coût de la sortie texte face au JSON.")
    parser.add_argument("--fichiers", type=int, default=100)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    contratcheck = str(Path(sys.executable).parent / "contratcheck")
    with tempfile.TemporaryDirectory() as folder:
        files = [str(p) for p in write_corpus(Path(folder), args.fichiers)][: args.fichiers]
        base = [contratcheck, "check", "--date", "2022-06-30", *files]
        json_time = _time([*base, "-f", "json"], args.repetitions)
        text_time = _time([*base, "-f", "texte"], args.repetitions)
        detail_time = _time([*base, "-f", "texte", "--detail"], args.repetitions)
    print(f"{args.fichiers} fichiers, médiane de {args.repetitions} passages")
    print(f"json            {json_time:6.2f} s")
    print(f"texte           {text_time:6.2f} s   ratio {text_time / json_time:.2f}")
    print(f"texte --detail  {detail_time:6.2f} s   ratio {detail_time / json_time:.2f}")
    ratio = text_time / json_time
    verdict = "atteint" if ratio <= 1.2 else f"manqué ({ratio / 1.2:.2f} × la cible)"
    print(f"texte ≤ 1,2 × json : {verdict}")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
