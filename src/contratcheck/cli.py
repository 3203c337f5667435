"""Command line: parse options, call the engine, pick a reporter, write, exit. No logic here."""

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
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from contratcheck import __version__
from contratcheck.errors import ContratcheckError, UsageError

_HELP_TEXT = "Afficher cette aide et quitter."
_FORMATS_HELP = "texte, json, sarif, junit, github, gitlab ou markdown"
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


def _translate_error(message: str) -> str:
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
            option.help = _HELP_TEXT
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


def _today(value: str | None) -> dt.date:
    if value is None:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Europe/Paris")).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise UsageError(f"date « {value} » invalide : attendu AAAA-MM-JJ") from error


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _write(text: str | Iterator[str], output: Path | None) -> None:
    chunks = [text] if isinstance(text, str) else text
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {output} » : {error.strerror}") from error


_DIRS_OPTION = typer.Option(
    "--referentiels",
    help="Dossier ou fichier de référentiels à ajouter (répétable).",
    metavar="DOSSIER",
    show_default=False,
)
_OUTPUT_OPTION = typer.Option(
    "-o",
    "--fichier",
    help="Fichier à écrire (défaut : sortie standard).",
    metavar="FICHIER",
    show_default=False,
)
_PATHS_ARGUMENT = typer.Argument(
    help="Fichiers de contrat, dossiers (parcourus à la recherche de *.yaml et *.yml contenant "
    "« format: contrat-de-ville/… »), motifs (« contrats/**/*.yaml ») ou « - » pour l'entrée "
    "standard.",
    show_default=False,
    metavar="CHEMIN",
)
_DATE_OPTION = typer.Option(
    "--date",
    help="Date de vérification AAAA-MM-JJ (défaut : la clé « date » de la configuration, sinon "
    "aujourd'hui, heure de Paris).",
    metavar="AAAA-MM-JJ",
    show_default=False,
)
_CONFIG_OPTION = typer.Option(
    "--config",
    help="Fichier de configuration (défaut : contratcheck.toml ou [tool.contratcheck] de "
    "pyproject.toml, cherchés en remontant depuis le dossier courant).",
    metavar="FICHIER",
    show_default=False,
)
_QPV_OPTION = typer.Option(
    "--liste-qpv",
    help="Liste officielle des QPV publiée par l'ANCT (CSV « code_qp;…;insee_com;… ») : "
    "vérifie que chaque QPV existe et se trouve dans les communes du contrat.",
    metavar="FICHIER",
    show_default=False,
)
_IGNORE_OPTION = typer.Option(
    "--ignorer",
    help="Motif de chemins à ne pas vérifier en parcourant les dossiers (répétable).",
    metavar="MOTIF",
    show_default=False,
)
_STDIN_OPTION = typer.Option(
    "--nom-stdin", help="Nom affiché pour l'entrée standard « - ».", metavar="NOM"
)
_JOBS_OPTION = typer.Option(
    "--processus",
    help="Nombre de processus pour un lot de fichiers (défaut : un par cœur).",
    metavar="N",
    show_default=False,
    min=1,
)


@dataclass(frozen=True)
class _Inputs:
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


def _run(inputs: _Inputs, use_baseline: bool = True, summaries: bool = False) -> tuple[Any, Any]:
    """Build the settings from configuration and options, check, return (report, config)."""
    from contratcheck.baseline import read_baseline
    from contratcheck.config import load_config
    from contratcheck.engine import Settings, check_sources, expand_paths
    from contratcheck.qpv_list import read_qpv_list
    from contratcheck.referentiels import load_catalogue, parse_key

    config = load_config(Path.cwd(), inputs.config)
    today = _today(inputs.date) if inputs.date else (config.date or _today(None))
    sources = expand_paths(
        inputs.chemins, inputs.nom_stdin, [*config.ignorer, *(inputs.ignorer or [])]
    )
    if inputs.seulement_contrats:
        sources = [dataclasses.replace(s, explicit=False) for s in sources]
    if not sources:
        raise UsageError("aucun fichier YAML à vérifier dans les chemins donnés")
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
        summaries=summaries,
        only=inputs.avec,
    )
    report = check_sources(sources, settings, inputs.processus, _progress_bar(len(sources)))
    return report, config


def _progress_bar(total: int) -> Any:
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


@app.command("check", cls=FrenchCommand)
def check(
    chemins: Annotated[list[str], _PATHS_ARGUMENT],
    date: Annotated[str | None, _DATE_OPTION] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Format de sortie : " + _FORMATS_HELP + ".")
    ] = "texte",
    fichier: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--fichier",
            help="Écrire le rapport dans ce fichier au lieu de l'afficher.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    sortie: Annotated[
        list[str] | None,
        typer.Option(
            "--sortie",
            help="Écrire aussi le rapport au format donné dans un fichier (répétable), par "
            "exemple « sarif:contratcheck.sarif » ou « junit:rapport.xml ».",
            metavar="FORMAT:FICHIER",
            show_default=False,
        ),
    ] = None,
    echec_si: Annotated[
        Seuil | None,
        typer.Option(
            "--echec-si",
            help="Gravité à partir de laquelle la commande échoue, code de sortie 1 "
            "(défaut : erreur).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[Path | None, _CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, _QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, _IGNORE_OPTION] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Fichier des constats connus (écrit par « contratcheck baseline ») : seuls les "
            "nouveaux constats comptent.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    interdire_suppressions: Annotated[
        bool,
        typer.Option(
            "--interdire-suppressions",
            help="Refuser les commentaires « contratcheck-ignorer » (chacun devient une erreur).",
        ),
    ] = False,
    nom_stdin: Annotated[str, _STDIN_OPTION] = "<stdin>",
    processus: Annotated[int | None, _JOBS_OPTION] = None,
    avec: Annotated[
        list[str] | None,
        typer.Option(
            "--avec",
            help="Ne vérifier la couverture que de ce référentiel (répétable), par exemple "
            "« paqte » ou « fdr2018@2018-07-18 ».",
            metavar="ID[@VERSION]",
            show_default=False,
        ),
    ] = None,
    seulement_contrats: Annotated[
        bool,
        typer.Option(
            "--seulement-contrats",
            help="Ignorer aussi les fichiers nommés qui ne sont pas des contrats (sans "
            "« format: contrat-de-ville/… ») : utile en crochet pre-commit.",
        ),
    ] = False,
) -> None:
    """Vérifier des contrats de ville : format, couverture des référentiels, calendrier légal.

    Codes de sortie : 0 rien au-dessus du seuil ; 1 constats au-dessus du seuil (y compris fichiers illisibles ou mal formés) ; 2 la commande n'a pas pu s'exécuter.
    """  # noqa: E501
    from contratcheck.model import Severity
    from contratcheck.reporters import check_format, render_chunks

    check_format(format)
    outputs = [_parse_output(value) for value in sortie or []]
    report, configuration = _run(
        _Inputs(
            chemins,
            date,
            config,
            referentiels,
            liste_qpv,
            ignorer,
            nom_stdin,
            processus,
            baseline,
            interdire_suppressions,
            seulement_contrats,
            tuple(avec or ()),
        )
    )
    color = format == "texte" and fichier is None and _use_color()
    _write(render_chunks(format, report, color=color), fichier)
    for name, target in outputs:
        _write(render_chunks(name, report), target)
    threshold = (
        Severity(echec_si.value) if echec_si else (configuration.echec_si or Severity.ERREUR)
    )
    raise typer.Exit(1 if report.fails(threshold) else 0)


def _parse_output(value: str) -> tuple[str, Path]:
    from contratcheck.reporters import check_format

    name, sep, target = value.partition(":")
    if not sep or not target:
        raise UsageError(
            f"« --sortie {value} » : attendu FORMAT:FICHIER, par exemple sarif:r.sarif"
        )
    check_format(name)
    return name, Path(target)


@app.command("baseline", cls=FrenchCommand)
def baseline_command(
    chemins: Annotated[list[str], _PATHS_ARGUMENT],
    fichier: Annotated[
        Path,
        typer.Option("-o", "--fichier", help="Fichier de baseline à écrire.", metavar="FICHIER"),
    ] = Path("contratcheck-baseline.json"),
    date: Annotated[str | None, _DATE_OPTION] = None,
    config: Annotated[Path | None, _CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, _QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, _IGNORE_OPTION] = None,
    processus: Annotated[int | None, _JOBS_OPTION] = None,
) -> None:
    """Écrire la baseline : les constats actuels, que « check --baseline » ne signalera plus."""
    from contratcheck.baseline import build_baseline

    report, _ = _run(
        _Inputs(chemins, date, config, referentiels, liste_qpv, ignorer, "<stdin>", processus),
        use_baseline=False,
    )
    _write(build_baseline(report), fichier)
    sys.stderr.write(
        f"contratcheck : {len(report.findings())} constat(s) enregistré(s) dans {fichier}\n"
    )


def _settings_for(inputs: _Inputs) -> Any:
    from contratcheck.config import load_config
    from contratcheck.engine import Settings
    from contratcheck.qpv_list import read_qpv_list
    from contratcheck.referentiels import load_catalogue

    config = load_config(Path.cwd(), inputs.config)
    today = _today(inputs.date) if inputs.date else (config.date or _today(None))
    qpv_path = inputs.liste_qpv or config.liste_qpv
    return Settings(
        catalogue=load_catalogue([*config.referentiels, *(inputs.referentiels or [])]),
        today=today,
        qpv_list=read_qpv_list(qpv_path) if qpv_path else None,
        disabled=config.desactiver,
        severities=config.gravites,
        summaries=True,
    )


@app.command("report", cls=FrenchCommand)
def report_command(
    chemins: Annotated[list[str], _PATHS_ARGUMENT],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="html (un contrat, ou portefeuille pour plusieurs), md, csv (une ligne par item "
            "et par contrat), csv-matrice (portefeuille) ou json.",
        ),
    ] = "html",
    fichier: Annotated[Path | None, _OUTPUT_OPTION] = None,
    depuis: Annotated[
        str | None,
        typer.Option(
            "--depuis",
            help="Version précédente du contrat (FICHIER ou FICHIER@REVISION git) : le rapport "
            "HTML montre ce qui a changé.",
            metavar="ANCIEN",
            show_default=False,
        ),
    ] = None,
    date: Annotated[str | None, _DATE_OPTION] = None,
    config: Annotated[Path | None, _CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, _QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, _IGNORE_OPTION] = None,
    processus: Annotated[int | None, _JOBS_OPTION] = None,
) -> None:
    """Écrire le rapport de couverture pour le comité de pilotage (HTML, Markdown, CSV).

    Code de sortie 0 dès que le rapport est écrit, même s'il contient des constats.
    """
    from contratcheck.reporters import check_format, render

    if format not in ("html", "md", "markdown", "csv", "csv-matrice", "json"):
        check_format("?" + format)
    inputs = _Inputs(chemins, date, config, referentiels, liste_qpv, ignorer, "<stdin>", processus)
    report, _ = _run(inputs, summaries=True)
    if depuis is not None:
        if format != "html" or len(report.results) != 1:
            raise UsageError("--depuis s'utilise avec --format html et un seul contrat")
        from contratcheck.compare import compare_results, read_version
        from contratcheck.engine import check_bytes
        from contratcheck.reporters.html import render_contract

        name, raw = read_version(depuis)
        old = check_bytes(raw, name, _settings_for(inputs))
        comparison = compare_results(old, report.results[0])
        _write(render_contract(report, report.results[0], comparison), fichier)
    else:
        _write(render(format, report), fichier)
    if fichier is not None:
        sys.stderr.write(f"contratcheck : rapport écrit dans {fichier}\n")


@app.command("compare", cls=FrenchCommand)
def compare_command(
    ancien: Annotated[
        str,
        typer.Argument(
            help="Version précédente : FICHIER ou FICHIER@REVISION (révision git).",
            metavar="ANCIEN",
        ),
    ],
    nouveau: Annotated[
        str,
        typer.Argument(help="Version actuelle : FICHIER ou FICHIER@REVISION.", metavar="NOUVEAU"),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Format : texte ou json.")] = (
        Format.texte
    ),
    date: Annotated[str | None, _DATE_OPTION] = None,
    config: Annotated[Path | None, _CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Comparer deux versions d'un contrat : statuts changés, actions ajoutées ou retirées,
    évolution de la couverture par référentiel."""
    from contratcheck.compare import compare_results, read_version
    from contratcheck.engine import check_bytes
    from contratcheck.reporters.comparison import render_comparison

    settings = _settings_for(_Inputs([], date, config, referentiels, None, None, "<stdin>", None))
    old_name, old_raw = read_version(ancien)
    new_name, new_raw = read_version(nouveau)
    comparison = compare_results(
        check_bytes(old_raw, old_name, settings), check_bytes(new_raw, new_name, settings)
    )
    _write(render_comparison(comparison, format.value), None)


@app.command("schema", cls=FrenchCommand)
def schema_command(
    fichier: Annotated[Path | None, _OUTPUT_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Afficher le schéma JSON du contrat, avec les identifiants des référentiels et leurs
    libellés, pour l'autocomplétion dans l'éditeur (extension YAML de VS Code)."""
    import json

    from contratcheck.referentiels import load_catalogue
    from contratcheck.scaffold import editor_schema

    schema = editor_schema(load_catalogue(referentiels or ()))
    _write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", fichier)


@app.command("init", cls=FrenchCommand)
def init_command(
    fichier: Annotated[
        Path,
        typer.Option("-o", "--fichier", help="Contrat à créer.", metavar="FICHIER"),
    ] = Path("contrat.yaml"),
    force: Annotated[
        bool, typer.Option("--force", help="Remplacer le fichier s'il existe déjà.")
    ] = False,
    avec: Annotated[
        list[str] | None,
        typer.Option(
            "--avec",
            help="Référentiel à suivre (répétable ; défaut : les référentiels "
            "nationaux en vigueur).",
            metavar="ID",
            show_default=False,
        ),
    ] = None,
    date: Annotated[str | None, _DATE_OPTION] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Créer un contrat commenté : champs obligatoires, une action par pilier, items à citer."""
    from contratcheck.referentiels import load_catalogue, parse_key
    from contratcheck.scaffold import skeleton

    if fichier.exists() and not force:
        raise UsageError(f"« {fichier} » existe déjà : ajoutez --force pour le remplacer")
    catalogue = load_catalogue(referentiels or ())
    for ident in avec or []:
        parse_key(ident, catalogue)
    _write(skeleton(catalogue, _today(date), avec or None), fichier)
    sys.stderr.write(f"contratcheck : contrat créé dans {fichier}\n")


@app.command("migrate", cls=FrenchCommand)
def migrate_command(
    fichier: Annotated[Path, typer.Argument(help="Le contrat à migrer.", metavar="FICHIER")],
    vers: Annotated[
        str,
        typer.Option(
            "--vers",
            help="Version visée, par exemple « fdr2018@2024-04-25 ».",
            metavar="ID@VERSION",
        ),
    ],
    ecrire: Annotated[
        bool,
        typer.Option(
            "--ecrire", help="Réécrire le fichier (sinon : afficher le diff, sans rien changer)."
        ),
    ] = False,
    choisir: Annotated[
        list[str] | None,
        typer.Option(
            "--choisir",
            help="Successeur retenu pour un item retiré qui en a plusieurs (répétable).",
            metavar="ANCIEN=NOUVEAU",
            show_default=False,
        ),
    ] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Réécrire les références retirées vers leurs successeurs et mettre à jour la version
    déclarée, sans toucher au reste du fichier (commentaires, guillemets, fins de ligne).
    """
    from contratcheck.migrate import plan_migration, write_atomically
    from contratcheck.referentiels import load_catalogue

    choices = {}
    for value in choisir or []:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"« --choisir {value} » : attendu ANCIEN=NOUVEAU")
        choices[old.strip()] = new.strip()
    try:
        raw = fichier.read_bytes()
    except OSError as error:
        raise UsageError(f"fichier illisible : {fichier} ({error.strerror})") from error
    catalogue = load_catalogue(referentiels or ())
    migration = plan_migration(raw, str(fichier), catalogue, vers, choices)
    for note in migration.notes:
        sys.stderr.write(f"contratcheck : {note}\n")
    if not migration.edits:
        sys.stderr.write(f"contratcheck : rien à migrer vers {vers} dans {fichier}\n")
        return
    if not ecrire:
        _write(migration.diff(str(fichier)), None)
        return
    try:
        write_atomically(fichier, raw, migration.migrated)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {fichier} » : {error.strerror}") from error
    sys.stderr.write(
        f"contratcheck : {len(migration.edits)} modification(s) écrite(s) dans {fichier}\n"
    )


@app.command("regles", cls=FrenchCommand)
def regles_command(
    format: Annotated[Format, typer.Option("--format", "-f", help="Format : texte ou json.")] = (
        Format.texte
    ),
) -> None:
    """Lister toutes les règles : code, nom, gravité par défaut, résumé."""
    import json

    from contratcheck.rules import RULES

    if format is Format.json:
        rows = [
            {"code": r.code, "nom": r.nom, "gravite": r.severity.value, "resume": r.resume}
            for r in RULES.values()
        ]
        _write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", None)
        return
    lines = [f"{r.code}  {r.severity.value:<13} {r.nom:<34} {r.resume}" for r in RULES.values()]
    _write("\n".join(lines) + "\n", None)


@app.command("explain", cls=FrenchCommand)
def explain_command(
    code: Annotated[
        str, typer.Argument(help="Code de la règle, par exemple CC301.", metavar="CODE")
    ],
) -> None:
    """Afficher la documentation d'une règle : ce qu'elle vérifie, pourquoi, deux exemples."""
    import difflib

    from contratcheck.explain import examples
    from contratcheck.rules import BASE_CONTRAT, DEFAULT_DATE, RULES

    found = RULES.get(code.upper())
    if found is None:
        close = difflib.get_close_matches(code.upper(), list(RULES), n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        raise UsageError(f"règle « {code} » inconnue{hint} (liste : contratcheck regles)")
    header = f"{found.code} — {found.nom} (gravité par défaut : {found.severity.value})"
    note = ""
    if any(not e.options or e.options[0].startswith("--") for e in examples(found.code)):
        base = "".join(f"    {line}\n" for line in BASE_CONTRAT.splitlines())
        note = (
            f"\n\nLes exemples sans mention « fichier entier » sont vérifiés au {DEFAULT_DATE} "
            "(sauf autre --date) ; leurs clés remplacent celles de ce contrat minimal :\n\n"
            + base.rstrip("\n")
        )
    _write(f"{header}\n\n{found.doc}{note}\n", None)


referentiels_app = typer.Typer(
    cls=FrenchGroup,
    help="Consulter et vérifier les référentiels (textes nationaux ou listes locales).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(referentiels_app, name="referentiels")

_FORMAT_OPTION = typer.Option("--format", "-f", help="Format de sortie : texte ou json.")


@referentiels_app.command("list", cls=FrenchCommand)
def referentiels_list(
    format: Annotated[Format, _FORMAT_OPTION] = Format.texte,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date pour dire quelle version est en vigueur.",
            metavar="AAAA-MM-JJ",
            show_default=False,
        ),
    ] = None,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Lister les référentiels : version, statut, items identifiés et annoncés."""
    from contratcheck.referentiels import load_catalogue
    from contratcheck.reporters.catalogue import render_list

    catalogue = load_catalogue(referentiels or ())
    _write(render_list(catalogue, _today(date), format.value), None)


@referentiels_app.command("show", cls=FrenchCommand)
def referentiels_show(
    ident: Annotated[
        str,
        typer.Argument(
            help="Référentiel, avec ou sans version : « fdr2018 » ou « fdr2018@2018-07-18 ».",
            metavar="ID[@VERSION]",
        ),
    ],
    format: Annotated[Format, _FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Afficher l'arbre d'un référentiel : axes, items, sources et confiance."""
    from contratcheck.referentiels import load_catalogue, parse_key
    from contratcheck.reporters.catalogue import render_show

    catalogue = load_catalogue(referentiels or ())
    _write(render_show(parse_key(ident, catalogue), format.value), None)


@referentiels_app.command("diff", cls=FrenchCommand)
def referentiels_diff(
    avant: Annotated[
        str, typer.Argument(help="Version de départ (ID@AAAA-MM-JJ).", metavar="AVANT")
    ],
    apres: Annotated[
        str, typer.Argument(help="Version d'arrivée (ID@AAAA-MM-JJ).", metavar="APRES")
    ],
    format: Annotated[Format, _FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Comparer deux versions : items ajoutés, retirés et libellés modifiés."""
    from contratcheck.referentiels import diff_versions, load_catalogue, parse_key
    from contratcheck.reporters.catalogue import render_diff

    catalogue = load_catalogue(referentiels or ())
    before, after = parse_key(avant, catalogue), parse_key(apres, catalogue)
    _write(render_diff(diff_versions(before, after), format.value), None)


@referentiels_app.command("validate", cls=FrenchCommand)
def referentiels_validate(
    fichiers: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Fichiers ou dossiers de référentiels à vérifier (défaut : les "
            "référentiels livrés et ceux de --referentiels).",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    format: Annotated[Format, _FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, _DIRS_OPTION] = None,
) -> None:
    """Vérifier des fichiers de référentiel : format, identifiants uniques, successeurs, sources.

    Code de sortie 1 si un constat est une erreur.
    """
    from contratcheck.model import Severity
    from contratcheck.referentiels import read_catalogue
    from contratcheck.reporters.catalogue import render_validation

    if fichiers:
        catalogue, findings = read_catalogue(fichiers, shipped=False)
    else:
        catalogue, findings = read_catalogue(referentiels or ())
    count = sum(len(v) for v in catalogue.versions.values()) + len(
        {t.file for t in catalogue.terms}
    )
    files = max(count, len({f.file for f in findings}))
    _write(render_validation(findings, files, format.value), None)
    raise typer.Exit(1 if any(f.severity is Severity.ERREUR for f in findings) else 0)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # typer before 0.25 uses click itself
        from click.exceptions import ClickException  # type: ignore[no-redef,import-not-found]

    command = typer.main.get_command(app)
    try:
        # Without standalone mode click returns the code of typer.Exit instead of raising it.
        result = command.main(
            args=argv if argv is not None else sys.argv[1:],
            prog_name="contratcheck",
            standalone_mode=False,
        )
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        sys.stderr.write("contratcheck : interrompu\n")
        return 130
    except ContratcheckError as error:
        sys.stderr.write(f"contratcheck : {error}\n")
        return 2
    except ClickException as error:
        sys.stderr.write(f"contratcheck : {_translate_error(error.format_message())}\n")
        sys.stderr.write("Essayez « contratcheck --aide » pour l'aide.\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("contratcheck : interrompu\n")
        return 130
    return result if isinstance(result, int) else 0
