"""What every command shares: French help, the typer app, options, and running a check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

try:
    from typer._click.exceptions import UsageError as ClickUsageError
except ImportError:  # typer before 0.25 uses click itself
    from click.exceptions import UsageError as ClickUsageError  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]

from contratcheck import __version__
from contratcheck.cli import coercion
from contratcheck.errors import UsageError

if TYPE_CHECKING:
    from contratcheck.engine import Settings
    from contratcheck.loading.config import Config
    from contratcheck.model import ContratResult, Report

HELP_TEXT = "Afficher cette aide et quitter."
FORMATS_HELP = "texte, json, sarif, junit, github, gitlab ou markdown"
_TYPES_FR: dict[str, str | None] = {
    "<bool>": None,
    "<list[str]>": None,
    "<list[Path]>": None,
    "<str>": "TEXTE",
    "<Path>": "CHEMIN",
    "<path>": "CHEMIN",
    "<text>": "TEXTE",
    "<integer>": "ENTIER",
    "<int>": "ENTIER",
}


def _french_type(original: Any) -> Any:
    def display_type_rich(self: Any, ctx: Any) -> str | None:
        shown = original(self, ctx)
        return _TYPES_FR.get(shown, shown) if isinstance(shown, str) else shown

    return display_type_rich


TyperArgument.display_type_rich = _french_type(TyperArgument.display_type_rich)  # type: ignore[method-assign]
TyperOption.display_type_rich = _french_type(TyperOption.display_type_rich)  # type: ignore[method-assign]
coercion.install()  # option values without pydantic where typer's own checks suffice
_USAGE = "Utilisation : "


def _quoted(names: list[str]) -> str:
    """« a », « b » ou « c »."""
    quoted = [f"« {n.strip(chr(39))} »" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " ou " + quoted[-1]


def _options(match: re.Match[str]) -> str:
    text = f"option inconnue : {match[1]}"
    if match[2]:
        text += f" ; vouliez-vous dire {_quoted(match[2].split(', '))} ?"
    return text


def _extra(match: re.Match[str]) -> str:
    args = match[1].split()
    word = "argument en trop" if len(args) == 1 else "arguments en trop"
    return f"{word} : {_quoted(args)}"


def _choices(match: re.Match[str]) -> str:
    return f"valeur « {match[2]} » invalide pour {match[1]} ; valeurs permises : " + _quoted(
        re.findall(r"'([^']*)'", match[3])
    )


# Messages of pydantic (typer's number and type checks), translated.
_VALUES_FR: list[tuple[str, str]] = [
    (
        r"^Input should be greater than or equal to (\S+)$",
        "un nombre supérieur ou égal à {0} est attendu",
    ),
    (
        r"^Input should be less than or equal to (\S+)$",
        "un nombre inférieur ou égal à {0} est attendu",
    ),
    (r"^Input should be greater than (\S+)$", "un nombre supérieur à {0} est attendu"),
    (r"^Input should be a valid integer.*$", "un nombre entier est attendu"),
    (r"^Input should be a valid number.*$", "un nombre est attendu"),
    (r"^Input should be a valid boolean.*$", "« oui » ou « non » est attendu"),
    (r"^Value '(.*)' is not a valid (.*)\.$", "« {0} » n'est pas une valeur valide"),
]


def _value(match: re.Match[str]) -> str:
    detail = match[2]
    for pattern, french in _VALUES_FR:
        found = re.match(pattern, detail.strip())
        if found:
            detail = french.format(*found.groups())
            break
    return f"valeur invalide pour {match[1]} : {detail}"


# click's usage errors, translated (the message text is all we get).
_ERRORS_FR: list[tuple[str, Any]] = [
    (r"^No such option: (\S+)(?: \(Possible options: (.*)\))?$", _options),
    (r"^No such option: (\S+) Did you mean (.*)\?$", _options),
    (r"^No such command '(.*?)'\.(?: Did you mean .*\?)?$", "commande inconnue : « {0} »"),
    (r"^Missing argument '(.*)'\.?$", "argument obligatoire manquant : {0}"),
    (r"^Missing option '(.*)'\.?$", "option obligatoire manquante : {0}"),
    (r"^Missing parameter: (.*)$", "paramètre manquant : {0}"),
    (r"^Option '(.*)' requires an argument\.?$", "l'option {0} attend une valeur"),
    (r"^Option '(.*)' requires (\d+) arguments\.?$", "l'option {0} attend {1} valeurs"),
    (r"^Option '(.*)' does not take a value\.?$", "l'option {0} n'accepte pas de valeur"),
    (r"^Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)$", _extra),
    (
        r"^Invalid value for '(.*?)'(?: / '.*?')?: (?:Value error, )?'(.*?)' is not one of (.*)\.$",
        _choices,
    ),
    (r"^Invalid value for '?(.*?)'?(?: / '.*?')?: (.*)$", _value),
]


def translate_error(message: str) -> str:
    for pattern, french in _ERRORS_FR:
        match = re.match(pattern, message.strip(), re.DOTALL)
        if match:
            if callable(french):
                return str(french(match))
            return str(french).format(*[g or "" for g in match.groups()])
    return message


# typer's help strings (typer.core looks them up through gettext), in French.
_HELP_FR = {
    "default: {default}": "défaut\u00a0: {default}",
    "required": "obligatoire",
    "env var: {var}": "variable\u00a0: {var}",
    "Arguments": "Arguments",
    "Options": "Options",
    "Commands": "Commandes",
}


def _french_number_range(low: Any, high: Any) -> str | None:
    if low is None and high is None:
        return None
    if high is None:
        return f"au moins {low}"
    if low is None:
        return f"au plus {high}"
    return f"de {low} à {high}"


def _typography(text: str) -> str:
    """Non-breaking spaces where French typography wants them, so no line starts with « » »."""
    text = re.sub(r"« ", "«\u00a0", text)
    text = re.sub(r" ([»:;?!])", "\u00a0\\1", text)
    return text


def _french_help() -> None:
    """Typer and its bundled click print English by default: every user reads French.

    Patched only when help is shown. The help is laid out by click's plain formatter (no rich
    markup: « [tool.contratcheck] » is text), wrapped at spaces only: never inside a word,
    an option name or after a hyphen.
    """
    import typer.core

    setattr(typer.core, "_", lambda text: _HELP_FR.get(text, text))  # noqa: B010
    setattr(typer.core, "describe_number_range", _french_number_range)  # noqa: B010
    try:
        from typer._click import _textwrap, formatting
    except ImportError:  # typer before 0.25 uses click itself
        return
    if getattr(_textwrap.TextWrapper, "_contratcheck", False):
        return

    class Wrapper(_textwrap.TextWrapper):
        _contratcheck = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("break_on_hyphens", False)
            kwargs.setdefault("break_long_words", False)
            super().__init__(*args, **kwargs)

    _textwrap.TextWrapper = Wrapper  # type: ignore[misc]

    def write_heading(self: Any, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}\u00a0:\n")

    formatting.HelpFormatter.write_heading = write_heading  # type: ignore[method-assign]


class _FrenchMixin:
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _french_help()
        setattr(self, "help", _typography(getattr(self, "help", None) or ""))  # noqa: B010
        for param in getattr(self, "params", []):
            if getattr(param, "help", None):
                param.help = _typography(param.help)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's first clause (up to « : »), whole: click would cut it with « ... »."""
        text = (getattr(self, "short_help", None) or getattr(self, "help", None) or "").strip()
        first = text.split("\n\n")[0].replace("\n", " ")
        return re.split(r"\s+[:;(]\s|\.\s", first)[0].rstrip(".")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [
            "COMMANDE [ARGUMENTS]..." if p == "COMMAND [ARGS]..." else p
            for p in self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        ]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_USAGE)


class FrenchCommand(_FrenchMixin, TyperCommand):
    """A typer command whose help and usage read in French."""


class FrenchGroup(_FrenchMixin, TyperGroup):
    """A typer group whose help and usage read in French."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as error:
            if not args or "No such command" not in error.message:
                raise
            import difflib

            message = f"commande inconnue : « {args[0]} »"
            close = difflib.get_close_matches(args[0], list(self.commands), n=3)
            if close:
                message += f" ; vouliez-vous dire {_quoted(close)} ?"
            error.message = message
            raise


app = typer.Typer(
    name="contratcheck",
    cls=FrenchGroup,
    help="Vérifie un contrat de ville (YAML) au regard des engagements nationaux de la "
    "politique de la ville : feuille de route du 18 juillet 2018, Pacte de Dijon, PaQte, "
    "partenariat avec les associations, cadre du contrat.",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help", "--aide"]},
    rich_markup_mode=None,
)


class Format(enum.StrEnum):
    texte = "texte"
    json = "json"


class Seuil(enum.StrEnum):
    erreur = "erreur"
    avertissement = "avertissement"
    info = "info"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contratcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Afficher la version et quitter.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Vérifie un contrat de ville au regard des référentiels nationaux."""


def today_from(value: str | None) -> dt.date:
    if value is None:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise UsageError(f"date « {value} » invalide : attendu AAAA-MM-JJ") from error


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def write(text: str | Iterator[str], output: Path | None) -> None:
    """Write to standard output, or atomically to the file asked for (through a link)."""
    chunks = [text] if isinstance(text, str) else text
    if output is None:
        from contratcheck.cli.stdout import write_stdout

        write_stdout(chunks)
        return
    from contratcheck.writing import write_atomically

    write_atomically(output, (chunk.encode("utf-8", "surrogateescape") for chunk in chunks))


def write_bytes(data: bytes, output: Path | None) -> None:
    """Write a binary output (PDF) to a file, or to standard output."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {output} » : {error.strerror}") from error


DIRS_OPTION = typer.Option(
    "--referentiels",
    help="Dossier ou fichier de référentiels à ajouter (répétable).",
    metavar="DOSSIER",
    show_default=False,
)
OUTPUT_OPTION = typer.Option(
    "-o",
    "--fichier",
    help="Fichier à écrire (défaut : sortie standard).",
    metavar="FICHIER",
    show_default=False,
)
PATHS_ARGUMENT = typer.Argument(
    help="Fichiers de contrat, dossiers (parcourus à la recherche de *.yaml et *.yml contenant "
    "« format: contrat-de-ville/… »), motifs (« contrats/**/*.yaml ») ou « - » pour l'entrée "
    "standard.",
    show_default=False,
    metavar="CHEMIN",
)
DATE_OPTION = typer.Option(
    "--date",
    help="Date de vérification AAAA-MM-JJ (défaut : la clé « date » de la configuration, sinon "
    "aujourd'hui, heure de Paris).",
    metavar="AAAA-MM-JJ",
    show_default=False,
)
CONFIG_OPTION = typer.Option(
    "--config",
    help="Fichier de configuration (défaut : contratcheck.toml ou [tool.contratcheck] de "
    "pyproject.toml, cherchés en remontant depuis le dossier courant).",
    metavar="FICHIER",
    show_default=False,
)
QPV_OPTION = typer.Option(
    "--liste-qpv",
    help="Liste officielle des QPV publiée par l'ANCT (CSV « code_qp;…;insee_com;… ») : "
    "vérifie que chaque QPV existe et se trouve dans les communes du contrat.",
    metavar="FICHIER",
    show_default=False,
)
IGNORE_OPTION = typer.Option(
    "--ignorer",
    help="Motif de chemins à ne pas vérifier en parcourant les dossiers (répétable).",
    metavar="MOTIF",
    show_default=False,
)
STDIN_OPTION = typer.Option(
    "--nom-stdin", help="Nom affiché pour l'entrée standard « - ».", metavar="NOM"
)
OUTPUTS_OPTION = typer.Option(
    "--sortie",
    help="Écrire aussi le rapport au format donné dans un fichier (répétable), par exemple "
    "« sarif:contratcheck.sarif » ou « csv:couverture.csv ».",
    metavar="FORMAT:FICHIER",
    show_default=False,
)
JOBS_OPTION = typer.Option(
    "--processus",
    help="Nombre de processus pour un lot de fichiers (défaut : un par cœur).",
    metavar="N",
    show_default=False,
    min=1,
)


@dataclass(frozen=True)
class Inputs:
    chemins: list[str]
    date: str | None
    config: Path | None
    referentiels: list[Path] | None
    liste_qpv: Path | None
    ignorer: list[str] | None
    nom_stdin: str
    processus: int | None
    baseline: Path | None = None
    interdire_suppressions: bool = False
    seulement_contrats: bool = False
    avec: tuple[str, ...] = ()
    couverture_min: tuple[str, ...] = ()
    # Files this run writes: none may be one it reads.
    sorties: tuple[Path | None, ...] = ()


def build_settings(inputs: Inputs, use_baseline: bool = True) -> tuple[Settings, Config]:
    """The engine settings from the configuration file and the options: (settings, config)."""
    from contratcheck.baseline import read_baseline
    from contratcheck.engine import Settings
    from contratcheck.loading.config import load_config, parse_coverage_minimum
    from contratcheck.loading.qpv_list import read_qpv_list
    from contratcheck.referentiels.catalogue import parse_key
    from contratcheck.referentiels.loading import load_catalogue

    config = load_config(Path.cwd(), inputs.config)
    today = today_from(inputs.date) if inputs.date else (config.date or today_from(None))
    catalogue = load_catalogue([*config.referentiels, *(inputs.referentiels or [])])
    for entry in inputs.avec:
        parse_key(entry, catalogue)
    minimums = {
        **config.couverture_min,
        **dict(parse_coverage_minimum(entry) for entry in inputs.couverture_min),
    }
    for referentiel_id in minimums:
        parse_key(referentiel_id, catalogue)
    qpv_path = inputs.liste_qpv or config.liste_qpv
    baseline_path = inputs.baseline or config.baseline
    settings = Settings(
        catalogue=catalogue,
        today=today,
        qpv_list=read_qpv_list(qpv_path) if qpv_path else None,
        disabled=config.desactiver,
        severities=config.gravites,
        forbid_suppressions=inputs.interdire_suppressions or config.interdire_suppressions,
        baseline=read_baseline(baseline_path) if baseline_path and use_baseline else None,
        only=inputs.avec,
        coverage_min=minimums,
    )
    return settings, config


def run_check(
    inputs: Inputs,
    use_baseline: bool = True,
    prepare: Callable[[ContratResult], ContratResult] | None = None,
    keep: Callable[[ContratResult], ContratResult] | None = None,
) -> tuple[Report, Config]:
    """Check the inputs with the settings of build_settings; return (report, config).

    ``prepare`` and ``keep`` go to check_sources: what each result becomes where it was
    checked, then in the parent as it arrives.
    """
    from contratcheck.engine import check_sources, expand_paths

    settings, config = build_settings(inputs, use_baseline)
    sources = expand_paths(
        inputs.chemins, inputs.nom_stdin, [*config.ignorer, *(inputs.ignorer or [])]
    )
    if inputs.seulement_contrats:
        sources = [dataclasses.replace(s, explicit=False) for s in sources]
    if not sources:
        raise UsageError("aucun fichier YAML à vérifier dans les chemins donnés")
    refuse_overwriting_inputs(inputs, settings, config, sources)
    report = check_sources(
        sources, settings, inputs.processus, progress_bar(len(sources)), prepare, keep
    )
    if not report.results and not inputs.seulement_contrats:
        skipped = len(report.fichiers_ignores)
        raise UsageError(
            f"aucun contrat trouvé : {skipped} fichier(s) YAML sans « format: "
            "contrat-de-ville/… » dans les chemins donnés"
        )
    return report, config


def terminal_width() -> int:
    """The width to lay the text report out in: ``COLUMNS``, else the terminal's, else 100."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


# The progress bar of the current run, stopped once the report is written (not when the last
# file is checked: rendering a large batch takes time too).
_PROGRESS: list[Any] = []


def refuse_overwriting_inputs(
    inputs: Inputs, settings: Settings, config: Config, sources: list[Any]
) -> None:
    """Refuse an output file that is a contract, référentiel or setting this run reads."""
    if not any(inputs.sorties):
        return
    from contratcheck.writing import refuse_overwriting

    read: list[Path] = [s.path for s in sources if s.path is not None]
    read += [Path(r.file) for versions in settings.catalogue.versions.values() for r in versions]
    read += [Path(t.file) for t in settings.catalogue.terms]
    read += [p for p in (config.source, inputs.liste_qpv or config.liste_qpv) if p is not None]
    if settings.baseline is not None and (inputs.baseline or config.baseline):
        read.append(inputs.baseline or config.baseline)  # type: ignore[arg-type]
    refuse_overwriting(inputs.sorties, read)


def progress_bar(total: int) -> Any:
    """A progress bar on stderr for long interactive batches; never in CI logs."""
    if total < 20 or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    # One more step than files: writing the report.
    task = progress.add_task("vérification", total=total + 1)
    progress.start()
    _PROGRESS.append(progress)

    def advance(done: int, expected: int) -> None:
        progress.update(task, completed=done)

    return advance


def finish_progress() -> None:
    """Complete and remove the progress bar once the report is written."""
    while _PROGRESS:
        progress = _PROGRESS.pop()
        for task in progress.tasks:
            progress.update(task.id, completed=task.total)
        progress.stop()


def parse_output(value: str) -> tuple[str, Path]:
    from contratcheck.reporters import check_format

    name, sep, target = value.partition(":")
    if not sep or not target:
        raise UsageError(
            f"« --sortie {value} » : attendu FORMAT:FICHIER, par exemple sarif:r.sarif"
        )
    check_format(name)
    return name, Path(target)
