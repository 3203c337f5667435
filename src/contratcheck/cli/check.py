"""contratcheck check and baseline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from contratcheck.cli.common import (
    CONFIG_OPTION,
    DATE_OPTION,
    DIRS_OPTION,
    FORMATS_HELP,
    IGNORE_OPTION,
    JOBS_OPTION,
    OUTPUTS_OPTION,
    PATHS_ARGUMENT,
    QPV_OPTION,
    STDIN_OPTION,
    FrenchCommand,
    Inputs,
    Seuil,
    app,
    parse_output,
    run_check,
    use_color,
    write,
)


@app.command("check", cls=FrenchCommand)
def check(
    chemins: Annotated[list[str], PATHS_ARGUMENT],
    date: Annotated[str | None, DATE_OPTION] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Format de sortie : " + FORMATS_HELP + ".")
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
    sortie: Annotated[list[str] | None, OUTPUTS_OPTION] = None,
    echec_si: Annotated[
        Seuil | None,
        typer.Option(
            "--echec-si",
            help="Gravité à partir de laquelle la commande échoue, code de sortie 1 "
            "(défaut : erreur).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[Path | None, CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, IGNORE_OPTION] = None,
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
    nom_stdin: Annotated[str, STDIN_OPTION] = "<stdin>",
    processus: Annotated[int | None, JOBS_OPTION] = None,
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
    outputs = [parse_output(value) for value in sortie or []]
    report, configuration = run_check(
        Inputs(
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
            sorties=(fichier, *(target for _, target in outputs)),
        )
    )
    color = format == "texte" and fichier is None and use_color()
    write(render_chunks(format, report, color=color), fichier)
    for name, target in outputs:
        write(render_chunks(name, report), target)
    threshold = (
        Severity(echec_si.value) if echec_si else (configuration.echec_si or Severity.ERREUR)
    )
    raise typer.Exit(1 if report.fails(threshold) else 0)


@app.command("baseline", cls=FrenchCommand)
def baseline_command(
    chemins: Annotated[list[str], PATHS_ARGUMENT],
    fichier: Annotated[
        Path,
        typer.Option("-o", "--fichier", help="Fichier de baseline à écrire.", metavar="FICHIER"),
    ] = Path("contratcheck-baseline.json"),
    date: Annotated[str | None, DATE_OPTION] = None,
    config: Annotated[Path | None, CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, IGNORE_OPTION] = None,
    processus: Annotated[int | None, JOBS_OPTION] = None,
) -> None:
    """Écrire la baseline : les constats actuels, que « check --baseline » ne signalera plus."""
    from contratcheck.baseline import build_baseline

    report, _ = run_check(
        Inputs(
            chemins,
            date,
            config,
            referentiels,
            liste_qpv,
            ignorer,
            "<stdin>",
            processus,
            sorties=(fichier,),
        ),
        use_baseline=False,
    )
    write(build_baseline(report), fichier)
    sys.stderr.write(
        f"contratcheck : {len(report.findings())} constat(s) enregistré(s) dans {fichier}\n"
    )
