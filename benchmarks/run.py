"""Benchmark: contratcheck against floors on the same cores, and against check-jsonschema.

Usage (from the repository, with contratcheck installed in the running Python):

    python benchmarks/run.py                       # the full benchmark (see benchmarks/README.md)
    python benchmarks/run.py --rapide              # small cases, so the script cannot rot (CI)
    python benchmarks/run.py --resultats out.json  # also write every figure as JSON

Fairness (PERF.md, « Measuring fairly »):
- the floors (benchmarks/floors.py) fork as many workers as contratcheck, with the same
  chunking: « analyse » parses only (libyaml), « valide » parses with positions and validates
  with jsonschema-rs, the work no correct tool can skip;
- the commands of a case alternate (A B C A B C …) after one warm-up round, and each ratio is
  the median of the ratios within a round, so that drift of this shared machine cancels;
- times are whole-process wall seconds; memory is the peak proportional set size (PSS) of the
  process tree, sampled every 10 ms during the warm-up round only (sampling costs CPU, so timed
  rounds are not sampled);
- Python may write bytecode caches (PYTHONDONTWRITEBYTECODE is dropped for the measured
  commands): an installed package has them, and without them every start compiles the sources.

The share of each stage comes from one profiled in-process run (benchmarks/stages.py). Nothing
here asserts a time: the targets are printed as « atteint » or « manqué ».
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import (
    FormatUnavailable,
    schema_file,
    write_corpus,
    write_sized,
    write_small_copies,
)

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
MIB = 1024 * 1024
# The check date of each contract format: inside the period of its generated contracts.
DATES = {1: "2022-06-30", 2: "2026-12-01"}
# The cases, in the order they run (--cas picks some).
CASES = ("version", "moyen", "lot", "petits", "tailles", "parts")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


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


def _class_cost(arguments: list[str], rounds: int) -> dict[str, Any]:
    """Dataclasses made by one run and the seconds spent making them (median of the runs)."""
    runs = []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, str(HERE / "classes.py"), *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=ENV,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1):
            raise CommandFailed(f"classes.py : code {done.returncode}\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
    runs.sort(key=lambda r: r["secondes"])
    return runs[len(runs) // 2]


class CommandFailed(Exception):
    pass


@dataclass
class Command:
    """One command of a case, with its runs."""

    label: str
    argv: list[str]
    codes: tuple[int, ...] = (0, 1)  # contratcheck and check-jsonschema exit 1 on findings
    once: bool = False  # too slow to repeat: one timed run, in the first round, no warm-up
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the whole tree
    memory: int | None = None

    def run(self, sample: bool) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(
            self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV
        )
        peak = 0
        done = threading.Event()

        def sampler() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(process.pid))
                time.sleep(0.01)

        thread = threading.Thread(target=sampler, daemon=True)
        if sample:
            thread.start()
        _, errors = process.communicate()
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        done.set()
        if sample:
            thread.join()
            self.memory = peak
        else:
            self.times.append(elapsed)
            # Descendants count once waited for: the pool's workers are, by contratcheck.
            self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if process.returncode not in self.codes:
            raise CommandFailed(
                f"« {self.label} » a échoué (code {process.returncode}) :\n"
                + errors.decode("utf-8", "replace")[-2000:]
            )

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def ratio(self, other: Command, cpu: bool = False) -> float:
        """Median over the rounds of self / other, both timed in the same round."""
        mine, theirs = (self.cpu, other.cpu) if cpu else (self.times, other.times)
        return statistics.median(a / b for a, b in zip(mine, theirs, strict=False))


def alternate(commands: list[Command], rounds: int) -> None:
    """One warm-up round (memory sampled), then `rounds` timed rounds, commands in turn."""
    print("  …", ", ".join(c.label for c in commands), file=sys.stderr, flush=True)
    for command in commands:
        if not command.once:
            command.run(sample=True)
    for index in range(rounds):
        for command in commands:
            if not command.once or index == 0:
                command.run(sample=False)


def find_check_jsonschema(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    found = shutil.which("check-jsonschema")
    if found:
        return found
    cache = Path.home() / ".cache" / "contratcheck-bench" / "venv"
    tool = cache / "bin" / "check-jsonschema"
    if not tool.exists():
        print("installation de check-jsonschema dans", cache, file=sys.stderr)
        try:
            venv.create(cache, with_pip=True)
            subprocess.run(
                [str(cache / "bin" / "pip"), "install", "--quiet", "check-jsonschema"], check=True
            )
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"check-jsonschema indisponible ({error}) : comparaison omise", file=sys.stderr)
            return None
    return str(tool)


def _mib(value: int | None) -> str:
    return f"{value / MIB:.0f} Mio" if value else "—"


def _rounds(count: int) -> str:
    return f"{count} passages alternés" if count > 1 else "1 passage"


def _table(
    title: str, commands: list[Command], reference: Command, alone: tuple[Command, ...] = ()
) -> list[str]:
    """A case as a table; `alone` are rows without a ratio to the reference."""
    lines = [title, ""]
    header = (
        f"  {'commande':<46} {'médiane':>9} {'ratio':>8} {'CPU':>9} {'ratio CPU':>10} "
        f"{'mémoire max':>12}"
    )
    lines += [header, "  " + "-" * (len(header) - 2)]
    for command in commands:
        once = " (1 passage)" if command.once else ""
        compared = command is not reference and command not in alone
        ratio = f"{reference.ratio(command):.2f}×" if compared else "—"
        cpu_ratio = f"{reference.ratio(command, cpu=True):.2f}×" if compared else "—"
        lines.append(
            f"  {command.label + once:<46} {command.median:>8.2f}s {ratio:>8} "
            f"{statistics.median(command.cpu):>8.2f}s {cpu_ratio:>10} {_mib(command.memory):>12}"
        )
    lines += [
        f"  ratio : « {reference.label} » / la commande, médiane des paires (temps écoulé) ; "
        "CPU : temps utilisateur + système de l'arbre de processus",
        "",
    ]
    return lines


def _git_commit() -> str:
    """The last commit that changed the measured code (not the benchmark); says if dirty."""
    code = ["--", "src", "schemas", "referentiels", "pyproject.toml"]
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%h", *code],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", *code],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{commit} + modifications non commitées" if dirty else commit


@dataclass
class Bench:
    args: argparse.Namespace
    folder: Path
    contratcheck: str
    cjs: str | None
    schema: Path
    lines: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    targets: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def jobs(self) -> list[str]:
        return ["--processus", str(self.args.processus)] if self.args.processus else []

    def ours(self, output: str = "json", target: str = os.devnull, jobs: bool = True) -> list[str]:
        command = [self.contratcheck, "check", "--date", DATES[self.args.format_contrat]]
        command += ["-f", output, "-o", target]
        return command + (self.jobs if jobs else [])

    def floor(self, mode: str) -> list[str]:
        command = [sys.executable, str(HERE / "floors.py"), mode, *self.jobs]
        return command + (["--schema", str(self.schema)] if mode == "valide" else [])

    def floors(self, files: list[str]) -> list[Command]:
        processes = self.args.processus or os.cpu_count() or 1
        suffix = f"{processes} proc." if len(files) >= 4 else "1 proc."
        return [
            Command(f"plancher analyse ({suffix})", [*self.floor("analyse"), *files], (0,)),
            Command(
                f"plancher analyse+positions+schéma ({suffix})",
                [*self.floor("valide"), *files],
                (0,),
            ),
        ]

    def record(self, name: str, commands: list[Command], **extra: Any) -> None:
        self.results[name] = {
            "commandes": {
                c.label: {"temps": c.times, "cpu": c.cpu, "mediane": c.median, "memoire": c.memory}
                for c in commands
            },
            **extra,
        }

    def version(self, rounds: int) -> None:
        commands = [
            Command("contratcheck --version", [self.contratcheck, "--version"], (0,)),
            Command("python -c pass", [sys.executable, "-c", "pass"], (0,)),
        ]
        alternate(commands, rounds)
        ours, bare = commands
        self.lines += [
            f"contratcheck --version : {ours.median * 1000:.0f} ms "
            f"(python nu : {bare.median * 1000:.0f} ms ; {rounds} passages alternés)",
            "",
        ]
        self.record("version", commands)
        self.targets.append(("contratcheck --version ≤ 60 ms", ours.median * 1000, 60))

    def medium(self, files: list[str], rounds: int, size: float) -> None:
        one = files[:1]
        commands = [Command("contratcheck check -f json", [*self.ours(), *one])]
        if self.cjs:
            commands.append(
                Command("check-jsonschema", [self.cjs, "--schemafile", str(self.schema), *one])
            )
        commands += self.floors(one)
        # The parts of the lower bound that are not the floor's: starting typer, and making
        # the frozen dataclasses (classes.py, in-process, a measure).
        bare = Command("python nu", [sys.executable, "-c", "pass"], codes=(0,))
        typer_start = Command("python -c 'import typer'", [sys.executable, "-c", "import typer"])
        commands += [bare, typer_start]
        alternate(commands, rounds)
        self.lines += _table(
            f"Un contrat moyen ({size:.0f} Kio) — {_rounds(rounds)}",
            commands,
            commands[0],
        )
        self.record("un_moyen", commands)
        classes = _class_cost([*self.ours()[1:], *one], rounds)
        floor = next(c for c in commands if c.label.startswith("plancher analyse+positions"))
        bound = floor.median + max(0.0, typer_start.median - bare.median) + classes["secondes"]
        self.results["un_moyen_borne"] = {"secondes": bound, **classes}
        self.lines += [
            f"  classes de données créées par la commande : {classes['classes']} "
            f"({classes['classes_contratcheck']} de contratcheck), "
            f"{classes['secondes'] * 1000:.0f} ms (classes.py, médiane de {rounds})",
            f"  borne basse : plancher analyse+positions+schéma {floor.median:.2f} s + import de "
            f"typer {max(0.0, typer_start.median - bare.median):.2f} s + classes "
            f"{classes['secondes']:.2f} s = {bound:.2f} s",
        ]
        if self.cjs:
            cjs = commands[1]
            self.targets.append(
                ("1 contrat moyen ≤ 0,3 × check-jsonschema", commands[0].ratio(cjs), 0.3)
            )
            self.lines[-1] += f" = {bound / cjs.median:.2f} × check-jsonschema"
        self.lines.append("")

    def batch(self, files: list[str], rounds: int, size: float) -> None:
        ours = Command("contratcheck check -f json", [*self.ours(), *files])
        commands = [ours, *self.floors(files)]
        serial = Command(
            "contratcheck --processus 1",
            [*self.ours(jobs=False), "--processus", "1", *files],
            once=True,
        )
        commands.append(serial)
        cjs = None
        if self.cjs and not self.args.sans_cjs_lot:
            cjs = Command(
                "check-jsonschema", [self.cjs, "--schemafile", str(self.schema), *files], once=True
            )
            commands.append(cjs)
        alternate(commands, rounds)
        count = len(files)
        self.lines += _table(
            f"{count} contrats moyens ({size:.0f} Kio), -f json — {_rounds(rounds)}",
            commands,
            ours,
        )
        self.record("lot_moyen", commands, fichiers=count)
        self.targets.append(
            (
                f"{count} moyens ≤ 1,25 × plancher analyse+positions+schéma",
                ours.ratio(commands[2]),
                1.25,
            )
        )
        if cjs:
            self.targets.append(
                (f"{count} moyens ≤ 0,07 × check-jsonschema", ours.ratio(cjs), 0.07)
            )

    def small(self, files: list[str], rounds: int) -> None:
        text = Command("contratcheck check -f texte", [*self.ours("texte"), *files])
        json_ = Command("contratcheck check -f json", [*self.ours("json"), *files])
        sarif = Command("contratcheck check -f sarif", [*self.ours("sarif"), *files])
        commands = [text, json_, sarif, *self.floors(files)]
        alternate(commands, rounds)
        self.lines += _table(
            f"{len(files)} petits contrats (copies des exemples) — {_rounds(rounds)}",
            commands,
            json_,
            (text, sarif),
        )
        self.lines.insert(
            len(self.lines) - 1,
            f"  texte / JSON : {text.ratio(json_):.2f} × ; SARIF / JSON : "
            f"{sarif.ratio(json_):.2f} ×",
        )
        self.record("petits", commands, fichiers=len(files))
        self.targets.append(("petits : texte ≤ 1,2 × JSON (issue 12)", text.ratio(json_), 1.2))

    def sizes(self, sizes: list[float], rounds: int) -> None:
        rows = []
        for mib in sizes:
            path = write_sized(
                self.folder / "tailles", int(mib * MIB), contract_format=self.args.format_contrat
            )
            report = self.folder / f"rapport-{path.stem}.json"
            ours = Command("contratcheck", [*self.ours("json", str(report)), str(path)])
            commands = [ours, *self.floors([str(path)])]
            alternate(commands, rounds)
            refused = "CC108" in report.read_text(encoding="utf-8")
            rows.append((mib, path.stat().st_size, commands, refused))
        lines = [
            f"Mémoire et temps selon la taille d'un contrat — {_rounds(rounds)}",
            "",
            f"  {'taille':>9} {'contratcheck':>12} {'analyse':>9} {'ratio':>7} {'valide':>9} "
            f"{'ratio':>7} {'s/Mio':>6} │ {'mém. cc':>9} {'analyse':>9} {'ratio':>7} "
            f"{'Mio/Mio':>8} {'pente':>6} {'p. plancher':>11}",
        ]
        lines.append("  " + "-" * (len(lines[-1]) - 2))
        record = []
        previous: tuple[float, int, int] | None = None
        for mib, size, (ours, parse, valid), refused in rows:
            real = size / MIB
            # Slope: extra memory per extra MiB of YAML since the previous size (linearity).
            slope = floor_slope = "—"
            if previous and ours.memory and parse.memory and real > previous[0]:
                step = real - previous[0]
                slope = f"{(ours.memory - previous[1]) / MIB / step:.1f}"
                floor_slope = f"{(parse.memory - previous[2]) / MIB / step:.1f}"
            previous = (real, ours.memory or 0, parse.memory or 0)
            memory_ratio = ours.memory / parse.memory if ours.memory and parse.memory else 0.0
            note = "  refusé (CC108 : au-delà de la limite de taille)" if refused else ""
            parse_ratio, valid_ratio, mem_ratio = (
                ("—", "—", "—")
                if refused
                else (
                    f"{ours.ratio(parse):.2f}×",
                    f"{ours.ratio(valid):.2f}×",
                    f"{memory_ratio:.2f}×",
                )
            )
            if refused:
                slope = "—"
            lines.append(
                f"  {real:>5.2f} Mio {ours.median:>11.2f}s {parse.median:>8.2f}s "
                f"{parse_ratio:>7} {valid.median:>8.2f}s {valid_ratio:>7} "
                f"{ours.median / real:>6.2f} │ {_mib(ours.memory):>9} {_mib(parse.memory):>9} "
                f"{mem_ratio:>7} {(ours.memory or 0) / MIB / real:>8.1f} {slope:>6} "
                f"{floor_slope:>11}{note}"
            )
            record.append(
                {
                    "mio": real,
                    "refuse": refused,
                    "commandes": {
                        c.label: {
                            "temps": c.times,
                            "cpu": c.cpu,
                            "mediane": c.median,
                            "memoire": c.memory,
                        }
                        for c in (ours, parse, valid)
                    },
                }
            )
            if mib in (2, 8) and not refused:
                self.targets.append(
                    (f"mémoire à {mib:g} Mio ≤ 1,2 × plancher analyse", memory_ratio, 1.2)
                )
        lines += [
            "  analyse, valide : les deux planchers (1 processus : un seul fichier) ; "
            "s/Mio et Mio/Mio : contratcheck rapporté à la taille ;",
            "  pente : Mio de mémoire en plus par Mio de YAML en plus depuis la taille précédente "
            "(contratcheck, puis le plancher analyse)",
            "",
        ]
        self.lines += lines
        self.results["tailles"] = record

    def stages(self, batches: list[tuple[str, list[str], str]]) -> None:
        profiles = []
        for label, files, output in batches:
            print(f"  … profil : {label}", file=sys.stderr, flush=True)
            target = self.folder / f"parts-{len(profiles)}.json"
            command = [
                sys.executable,
                str(HERE / "stages.py"),
                "--sortie",
                str(target),
                "--",
                *self.ours(output, jobs=False)[1:],
                "--processus",
                "1",
                *files,
            ]
            subprocess.run(command, check=True, env=ENV, stdout=subprocess.DEVNULL)
            profiles.append((label, json.loads(target.read_text(encoding="utf-8"))))
        from stages import STAGES

        header = f"  {'étape':<26}" + "".join(f" {label:>22}" for label, _ in profiles)
        lines = [
            "Part de chaque étape (un processus, sous cProfile ; voir benchmarks/README.md)",
            "",
            header,
            "  " + "-" * (len(header) - 2),
        ]
        for stage in STAGES:
            cells = []
            for _, profile in profiles:
                seconds = profile["etapes"][stage]
                cells.append(f"{seconds:>8.2f}s {100 * seconds / profile['total']:>5.1f} %")
            lines.append(f"  {stage:<26}" + "".join(f"      {c:<17}" for c in cells))
        lines.append(
            f"  {'total sous profil':<26}"
            + "".join(f"      {p['duree_sous_profil']:>8.2f}s{'':<8}" for _, p in profiles)
        )
        lines.append(
            f"  {'dont ramasse-miettes':<26}"
            + "".join(
                f"      {p['ramasse_miettes']:>8.2f}s {p['collections']:>3} coll."
                for _, p in profiles
            )
        )
        lines += ["", f"  Fonctions les plus coûteuses (temps propre) — {profiles[0][0]} :"]
        for entry in profiles[0][1]["fonctions"][:10]:
            lines.append(
                f"    {entry['secondes']:>6.2f}s  {entry['etape']:<24} {entry['fonction'][:90]}"
            )
        lines.append("")
        self.lines += lines
        self.results["etapes"] = {label: profile for label, profile in profiles}


def main() -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de contratcheck.")
    parser.add_argument("--rapide", action="store_true", help="quelques petits cas (CI)")
    parser.add_argument("--fichiers", type=int, default=500, help="contrats moyens (défaut 500)")
    parser.add_argument("--petits", type=int, default=100, help="petits contrats (défaut 100)")
    parser.add_argument("--passages", type=int, default=3, help="passages alternés (défaut 3)")
    parser.add_argument(
        "--tailles", default="1,2,4,8,16", help="tailles en Mio (défaut 1,2,4,8,16)"
    )
    parser.add_argument(
        "--profil", type=int, default=50, help="contrats moyens du lot profilé (défaut 50)"
    )
    parser.add_argument("--processus", type=int, help="processus (contratcheck et planchers)")
    parser.add_argument(
        "--format-contrat", type=int, default=1, choices=[1, 2], help="format des contrats"
    )
    parser.add_argument("--check-jsonschema", help="chemin de check-jsonschema")
    parser.add_argument(
        "--sans-cjs-lot",
        action="store_true",
        help="ne pas lancer check-jsonschema sur le lot (plusieurs minutes)",
    )
    parser.add_argument("--resultats", type=Path, help="écrire tous les chiffres en JSON")
    parser.add_argument(
        "--cas",
        default=",".join(CASES),
        help=f"cas à mesurer, séparés par des virgules (défaut : tous, {','.join(CASES)})",
    )
    args = parser.parse_args()
    cases = [c for c in args.cas.split(",") if c]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"cas inconnu(s) : {', '.join(unknown)} (connus : {', '.join(CASES)})")
    if args.rapide:
        args.fichiers, args.petits, args.passages, args.profil = 4, 8, 1, 4
        args.tailles, args.sans_cjs_lot = "0.25,0.5", True
    sizes = [float(s) for s in args.tailles.split(",") if s]
    began = time.perf_counter()
    try:
        schema = ROOT / "schemas" / schema_file(args.format_contrat)
    except FormatUnavailable as error:
        print(f"banc d'essai : {error}", file=sys.stderr)
        return 2
    contratcheck = str(Path(sys.executable).parent / "contratcheck")
    cjs = find_check_jsonschema(args.check_jsonschema)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        bench = Bench(args, folder, contratcheck, cjs, schema)
        try:
            medium = [
                str(p)
                for p in write_corpus(
                    folder / "moyens", args.fichiers, contract_format=args.format_contrat
                )
            ]
            small = [
                str(p)
                for p in write_small_copies(
                    folder / "petits", ROOT / "examples", args.petits, args.format_contrat
                )
            ]
        except FormatUnavailable as error:
            print(f"banc d'essai : {error}", file=sys.stderr)
            return 2
        size = statistics.mean(Path(f).stat().st_size for f in medium) / 1024
        processes = args.processus or os.cpu_count()
        print(
            f"Banc d'essai contratcheck — code {_git_commit()}, "
            f"Python {platform.python_version()}, "
            f"{os.cpu_count()} cœurs, {processes} processus pour contratcheck et les planchers ; "
            f"format {args.format_contrat}, date de vérification {DATES[args.format_contrat]} ; "
            f"charge moyenne au début : {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        try:
            if "version" in cases:
                bench.version(max(args.passages, 10) if not args.rapide else 3)
            if "moyen" in cases:
                bench.medium(medium, max(args.passages, 7) if not args.rapide else 1, size)
            if "lot" in cases:
                bench.batch(medium, args.passages, size)
            if "petits" in cases:
                bench.small(small, max(args.passages, 5) if not args.rapide else 1)
            if "tailles" in cases:
                bench.sizes(sizes, args.passages)
            if "parts" in cases:
                bench.stages(
                    [
                        (
                            f"{min(args.profil, len(medium))} moyens, json",
                            medium[: args.profil],
                            "json",
                        ),
                        (f"{len(small)} petits, texte", small, "texte"),
                    ]
                )
        except CommandFailed as error:
            print(f"banc d'essai : {error}", file=sys.stderr)
            return 2
    print()
    print("\n".join(bench.lines))
    print("Cibles (issue 15 ; aucune n'est vérifiée comme un test) :")
    for label, value, limit in bench.targets:
        verdict = "atteint" if value <= limit else f"manqué ({value / limit:.2f} × la cible)"
        print(f"  {label:<58} {value:>8.3f}  {verdict}")
    elapsed = time.perf_counter() - began
    print()
    load = os.getloadavg()[0]
    print(f"Durée du banc d'essai : {elapsed:.0f} s ; charge moyenne à la fin : {load:.1f}")
    if args.resultats:
        bench.results.update(
            {
                "code": _git_commit(),
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "coeurs": os.cpu_count(),
                "processus": processes,
                "arguments": sys.argv[1:],
                "cibles": [{"cible": t, "valeur": v, "limite": m} for t, v, m in bench.targets],
                "duree": elapsed,
                "charge_fin": load,
            }
        )
        args.resultats.write_text(
            json.dumps(bench.results, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
