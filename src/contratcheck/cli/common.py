"""What every command shares: French help, the typer app, options, and running a check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from contratcheck import __version__
from contratcheck.errors import UsageError

if TYPE_CHECKING:
    from contratcheck.engine import Settings
    from contratcheck.loading.config import Config
    from contratcheck.model import Report

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
_USAGE = "Utilisation : "

# click's usage errors, translated (the message text is all we get).
_ERRORS_FR: list[tuple[str, str]] = [
    (r"^No such option: (.*?)(?: Did you mean (.*)\?)?$", "option inconnue : {0}"),
    (r"^No such command '(.*)'\.(?: Did you mean (.*)\?)?$", "commande inconnue : « {0} »"),
    (r"^Missing argument '(.*)'\.?$", "argument obligatoire manquant : {0}"),
    (r"^Missing option '(.*)'\.?$", "option obligatoire manquante : {0}"),
    (r"^Missing parameter: (.*)$", "paramètre manquant : {0}"),
    (r"^Option '(.*)' requires an argument\.?$", "l'option {0} attend une valeur"),
    (r"^Option '(.*)' requires (\d+) arguments\.?$", "l'option {0} attend {1} valeurs"),
    (r"^Option '(.*)' does not take a value\.?$", "l'option {0} n'accepte pas de valeur"),
    (r"^Got unexpected extra arguments? \((.*)\)$", "argument(s) en trop : {0}"),
    (
        r"^Invalid value for '(.*?)'(?: / '.*?')?: (?:Value error, )?'(.*?)' is not one of (.*)\.$",
        "valeur « {1} » invalide pour {0} ; valeurs permises : {2}",
    ),
    (r"^Invalid value for '?(.*?)'?: (.*)$", "valeur invalide pour {0} : {1}"),
]


def translate_error(message: str) -> str:
    for pattern, french in _ERRORS_FR:
        match = re.match(pattern, message.strip(), re.DOTALL)
        if match:
            return french.format(*[g or "" for g in match.groups()])
    return message


def _french_rich_utils() -> None:
    """Typer and its bundled click print English by default: every user reads French.

    Patched only when help or an error is shown: importing typer's rich_utils costs ~55 ms.
    """
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Arguments"
    rich_utils.OPTIONS_PANEL_TITLE = "Options"
    rich_utils.COMMANDS_PANEL_TITLE = "Commandes"
    rich_utils.ERRORS_PANEL_TITLE = "Erreur"
    rich_utils.DEFAULT_STRING = "[défaut : {}]"
    rich_utils.REQUIRED_LONG_STRING = "[obligatoire]"
    rich_utils.ENVVAR_STRING = "[variable : {}]"
    rich_utils.DEPRECATED_STRING = "(obsolète) "
    rich_utils.ABORTED_TEXT = "Interrompu."
    rich_utils.RICH_HELP = "Essayez « {command_path} {help_option} » pour l'aide."


class _FrenchMixin:
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _french_rich_utils()
        super().format_help(ctx, formatter)  # type: ignore[misc]

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


app = typer.Typer(
    name="contratcheck",
    cls=FrenchGroup,
    help="Vérifie un contrat de ville (YAML) au regard des engagements nationaux de la "
    "politique de la ville : feuille de route du 18 juillet 2018, Pacte de Dijon, PaQte, "
    "partenariat avec les associations, cadre du contrat.",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help", "--aide"]},
    rich_markup_mode="rich",
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
    # Files this run writes: none may be one it reads.
    sorties: tuple[Path | None, ...] = ()


def build_settings(inputs: Inputs, use_baseline: bool = True) -> tuple[Settings, Config]:
    """The engine settings from the configuration file and the options: (settings, config)."""
    from contratcheck.baseline import read_baseline
    from contratcheck.engine import Settings
    from contratcheck.loading.config import load_config
    from contratcheck.loading.qpv_list import read_qpv_list
    from contratcheck.referentiels.catalogue import parse_key
    from contratcheck.referentiels.loading import load_catalogue

    config = load_config(Path.cwd(), inputs.config)
    today = today_from(inputs.date) if inputs.date else (config.date or today_from(None))
    catalogue = load_catalogue([*config.referentiels, *(inputs.referentiels or [])])
    for entry in inputs.avec:
        parse_key(entry, catalogue)
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
    )
    return settings, config


def run_check(inputs: Inputs, use_baseline: bool = True) -> tuple[Report, Config]:
    """Check the inputs with the settings of build_settings; return (report, config)."""
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
    report = check_sources(sources, settings, inputs.processus, progress_bar(len(sources)))
    return report, config


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
    task = progress.add_task("vérification", total=total)
    progress.start()

    def advance(done: int, expected: int) -> None:
        progress.update(task, completed=done)
        if done >= expected:
            progress.stop()

    return advance


def parse_output(value: str) -> tuple[str, Path]:
    from contratcheck.reporters import check_format

    name, sep, target = value.partition(":")
    if not sep or not target:
        raise UsageError(
            f"« --sortie {value} » : attendu FORMAT:FICHIER, par exemple sarif:r.sarif"
        )
    check_format(name)
    return name, Path(target)
