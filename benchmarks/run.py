"""Benchmark: contratcheck against check-jsonschema and a C YAML parser floor, on one corpus.

Usage (from the repository, with contratcheck installed in the running Python):

    python benchmarks/run.py            # 500 medium contracts (~150 actions) + one of 1 000
    python benchmarks/run.py --rapide   # a few files, to keep the script from rotting (CI)

check-jsonschema is taken from --check-jsonschema, from PATH, or installed with pip in a cached
virtual environment (~/.cache/contratcheck-bench). Times are wall seconds (median of --repetitions
runs); memory is the peak proportional set size (PSS) of the whole process tree, sampled every
10 ms: pages that forked workers share with their parent count once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "contrat.schema.json"
FLOOR = """
import sys, yaml
for path in sys.argv[1:]:
    with open(path, 'rb') as handle:
        try:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError):  # the broken 5 % (an impossible date)
            pass
"""


def _pss(pid: int, fallback: int) -> int:
    """Proportional set size: pages shared by forked workers are counted once, not per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def _tree_rss(root: int) -> int:
    """Memory of a process and all its descendants (PSS, so shared pages count once)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in rss:
            total += _pss(pid, rss[pid])
        stack.extend(children.get(pid, []))
    return total


def measure(command: list[str]) -> tuple[float, int, int]:
    """Run a command; return (wall seconds, peak tree RSS in bytes, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak, code


def median_run(command: list[str], repetitions: int) -> tuple[float, int]:
    runs = [measure(command) for _ in range(repetitions)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def find_check_jsonschema(explicit: str | None) -> str:
    if explicit:
        return explicit
    found = shutil.which("check-jsonschema")
    if found:
        return found
    cache = Path.home() / ".cache" / "contratcheck-bench" / "venv"
    tool = cache / "bin" / "check-jsonschema"
    if not tool.exists():
        print("installation de check-jsonschema dans", cache, file=sys.stderr)
        venv.create(cache, with_pip=True)
        subprocess.run(
            [str(cache / "bin" / "pip"), "install", "--quiet", "check-jsonschema"], check=True
        )
    return str(tool)


def main() -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de contratcheck.")
    parser.add_argument("--rapide", action="store_true", help="quelques fichiers seulement")
    parser.add_argument("--fichiers", type=int, default=500, help="contrats moyens (défaut 500)")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--check-jsonschema", help="chemin de check-jsonschema")
    args = parser.parse_args()
    count = 4 if args.rapide else args.fichiers
    repetitions = 1 if args.rapide else args.repetitions
    contratcheck = str(Path(sys.executable).parent / "contratcheck")
    cjs = find_check_jsonschema(args.check_jsonschema)
    with tempfile.TemporaryDirectory() as folder:
        files = [str(p) for p in write_corpus(Path(folder), count)]
        large = str(Path(folder) / "grand" / "contrat-1000-actions.yaml")
        size = sum(Path(f).stat().st_size for f in files) / len(files) / 1024
        ours = [contratcheck, "check", "--date", "2022-06-30", "-f", "json", "-o", os.devnull]
        theirs = [cjs, "--schemafile", str(SCHEMA)]
        floor = [sys.executable, "-c", FLOOR]
        rows = []
        for label, subset in (
            ("1 fichier", files[:1]),
            (f"{count} fichiers", files),
            ("1 fichier de 1 000 actions", [large]),
        ):
            c_time, c_mem = median_run(ours + subset, repetitions)
            j_time, j_mem = median_run(theirs + subset, repetitions)
            f_time, _ = median_run(floor + subset, repetitions)
            rows.append((label, c_time, c_mem, j_time, j_mem, f_time))
        version_time, _ = median_run([contratcheck, "--version"], max(repetitions, 5))
    print(
        f"Corpus : {count} contrats moyens de {size:.0f} Kio (150 actions, 5 % en erreur) "
        "et un contrat de 1 000 actions ; médiane de",
        repetitions,
        "passage(s)",
    )
    print()
    header = (
        f"{'cas':<28} {'contratcheck':>13} {'check-jsonschema':>17} {'plancher C':>11} "
        f"{'ratio cjs':>10} {'ratio plancher':>15} {'mémoire max':>12}"
    )
    print(header)
    print("-" * len(header))
    for label, c_time, c_mem, j_time, _, f_time in rows:
        print(
            f"{label:<28} {c_time:>12.2f}s {j_time:>16.2f}s {f_time:>10.2f}s "
            f"{c_time / j_time:>10.2f} {c_time / f_time:>15.2f} {c_mem / 2**20:>10.0f} Mo"
        )
    print()
    print(f"contratcheck --version : {version_time:.3f} s")
    batch = rows[1]
    single = rows[0]
    targets = [
        (f"{count} fichiers ≤ 0,25 × check-jsonschema", batch[1] / batch[3], 0.25),
        (f"{count} fichiers ≤ 1,5 × plancher C", batch[1] / batch[5], 1.5),
        ("1 fichier ≤ 0,5 × check-jsonschema", single[1] / single[3], 0.5),
        ("--version < 0,15 s", version_time, 0.15),
        (f"mémoire {count} fichiers < 200 Mo", batch[2] / 2**20, 200),
    ]
    print()
    for label, value, limit in targets:
        verdict = "atteint" if value <= limit else f"manqué ({value / limit:.2f} × la cible)"
        print(f"{label:<44} {value:>8.3f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
