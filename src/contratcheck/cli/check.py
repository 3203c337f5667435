"""contratcheck check and baseline."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    finish_progress,
    parse_output,
    run_check,
    terminal_width,
    use_color,
    write,
)

if TYPE_CHECKING:
    from contratcheck.model import Report, Severity


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
    couverture_min: Annotated[
        list[str] | None,
        typer.Option(
            "--couverture-min",
            help="Échouer si la couverture du référentiel ID est sous N % (répétable), par "
            "exemple « fdr2018=50 » ; N tout juste atteint passe.",
            metavar="ID=N",
            show_default=False,
        ),
    ] = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="Pour un lot de fichiers au format texte : le tableau de couverture de chaque "
            "contrat, en plus d'une ligne par constat.",
        ),
    ] = False,
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
    from contratcheck.reporters import check_format

    check_format(format)
    outputs = [parse_output(value) for value in sortie or []]
    inputs = Inputs(
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
        tuple(couverture_min or ()),
        sorties=(fichier, *(target for _, target in outputs)),
    )
    # JSON alone: each contract's entry is rendered in the worker that checked it and waits
    # in a spool file for the summary written before it (issue 15).
    json_alone = format == "json" and not outputs
    if json_alone:
        from contratcheck.reporters import json as json_reporter

        with json_reporter.Spool() as spool:
            report, configuration = run_check(
                inputs, prepare=json_reporter.prerender, keep=spool.keep
            )
            write(json_reporter.render_chunks(report, spool), fichier)
    else:
        report, configuration = run_check(inputs)
    threshold = (
        Severity(echec_si.value) if echec_si else (configuration.echec_si or Severity.ERREUR)
    )
    if not json_alone:
        color = format == "texte" and fichier is None and use_color()
        # Where the whole report is, for a Markdown summary cut to GitHub's limit.
        full = next((str(t) for n, t in outputs if n not in ("markdown", "md", "github")), None)
        extra = RenderOptions(threshold, full, detail)
        write(_render(format, report, color, fichier is None, extra), fichier)
        for name, target in outputs:
            write(_render(name, report, False, False, extra), target)
    finish_progress()
    raise typer.Exit(1 if report.fails(threshold) else 0)


@dataclass(frozen=True)
class RenderOptions:
    """What only some formats read: the failure threshold, where the full report is, --detail."""

    threshold: Severity
    full_report: str | None
    detail: bool


def _render(
    name: str, report: Report, color: bool, to_terminal: bool, extra: RenderOptions
) -> str | Iterator[str]:
    """Render one format, with the options only some formats take."""
    from contratcheck.model import Severity
    from contratcheck.reporters import render_chunks

    # « info » findings are in the coverage tables; line by line only when asked (issue 10).
    infos = extra.detail or extra.threshold is Severity.INFO
    if name == "texte":
        from contratcheck.reporters.terminal import render as render_text

        width = terminal_width() if to_terminal else None
        return render_text(report, color=color, width=width, detail=extra.detail, infos=infos)
    if name in ("github", "gitlab", "sarif") and not infos:
        report = report.without_info()
    if name == "junit":
        from contratcheck.reporters.junit import render as render_junit

        return render_junit(report if infos else report.without_info(), threshold=extra.threshold)
    if name in ("markdown", "md"):
        from contratcheck.reporters.markdown import render as render_markdown

        return render_markdown(report, full_report=extra.full_report)
    return render_chunks(name, report, color=color)


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
    from contratcheck.french import plural

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
    saved = plural(len(report.findings()), "constat enregistré", "constats enregistrés")
    sys.stderr.write(f"contratcheck : {saved} dans {fichier}\n")
