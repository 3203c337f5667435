"""contratcheck report and compare."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated

import typer

from contratcheck.cli.common import (
    CONFIG_OPTION,
    DATE_OPTION,
    DIRS_OPTION,
    IGNORE_OPTION,
    JOBS_OPTION,
    OUTPUT_OPTION,
    OUTPUTS_OPTION,
    PATHS_ARGUMENT,
    QPV_OPTION,
    Format,
    FrenchCommand,
    Inputs,
    app,
    build_settings,
    parse_output,
    run_check,
    write,
    write_bytes,
)
from contratcheck.errors import UsageError
from contratcheck.model import Report


@app.command("report", cls=FrenchCommand)
def report_command(
    chemins: Annotated[list[str], PATHS_ARGUMENT],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="html (un contrat, ou portefeuille pour plusieurs), pdf (le même, imprimé par "
            "Chromium), md, csv (une ligne par item et par contrat), csv-matrice (portefeuille) "
            "ou json.",
        ),
    ] = "html",
    fichier: Annotated[Path | None, OUTPUT_OPTION] = None,
    sortie: Annotated[list[str] | None, OUTPUTS_OPTION] = None,
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
    revoyure: Annotated[
        bool,
        typer.Option(
            "--revoyure",
            help="Écrire la page de la revoyure de 2027 d'un contrat 2024-2030 (format "
            "contrat-de-ville/2) : indicateurs par priorité, engagements des signataires, "
            "conventions pluriannuelles, rapports annuels, textes parus depuis la signature, "
            "dispositifs terminés encore cités ; en html ou en pdf.",
        ),
    ] = False,
    date: Annotated[str | None, DATE_OPTION] = None,
    config: Annotated[Path | None, CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
    liste_qpv: Annotated[Path | None, QPV_OPTION] = None,
    ignorer: Annotated[list[str] | None, IGNORE_OPTION] = None,
    processus: Annotated[int | None, JOBS_OPTION] = None,
) -> None:
    """Écrire le rapport de couverture pour le comité de pilotage (HTML, Markdown, CSV).

    Code de sortie 0 dès que le rapport est écrit, même s'il contient des constats.
    """
    from contratcheck.reporters import render

    formats = ("html", "pdf", "md", "markdown", "csv", "csv-matrice", "json")
    if format not in formats:
        raise UsageError(f"format « {format} » inconnu ; formats : {', '.join(formats)}")
    outputs = [parse_output(value) for value in sortie or []]
    if revoyure and (format not in ("html", "pdf") or depuis is not None or outputs):
        raise UsageError("--revoyure s'écrit en html ou en pdf, sans --depuis ni --sortie")
    if format == "pdf":
        from contratcheck.reporters.pdf import find_chromium

        find_chromium()  # before the check: say at once when the browser is missing
        if depuis is not None:
            raise UsageError("--depuis s'utilise avec --format html et un seul contrat")
    targets = (fichier, *(target for _, target in outputs))
    inputs = Inputs(chemins, date, config, referentiels, liste_qpv, ignorer, "<stdin>", processus)
    report, _ = run_check(dataclasses.replace(inputs, sorties=targets))
    if revoyure:
        _write_review(report, format, fichier)
        return
    if depuis is not None:
        if format != "html" or len(report.results) != 1:
            raise UsageError("--depuis s'utilise avec --format html et un seul contrat")
        from contratcheck.compare import compare_results, read_version
        from contratcheck.engine import check_bytes
        from contratcheck.writing import refuse_overwriting

        name, raw = read_version(depuis)
        refuse_overwriting(targets, [Path(depuis)])
        old = check_bytes(raw, name, build_settings(inputs, use_baseline=False)[0])
        comparison = compare_results(old, report.results[0])
        report = dataclasses.replace(report, comparaison=comparison)
    if format == "pdf":
        from contratcheck.reporters.pdf import print_pdf

        write_bytes(print_pdf(render("html", report)), fichier)
    else:
        write(render(format, report), fichier)
    for name, target in outputs:
        write(render(name, report), target)
    for target in [t for t in (fichier, *(t for _, t in outputs)) if t is not None]:
        sys.stderr.write(f"contratcheck : rapport écrit dans {target}\n")


def _write_review(report: Report, format: str, fichier: Path | None) -> None:
    """The 2027 review page of the one format-2 contract checked."""
    from contratcheck.reporters.html import render_review

    if len(report.results) != 1:
        raise UsageError("--revoyure s'utilise avec un seul contrat")
    result = report.results[0]
    if result.resume is None:
        raise UsageError(
            f"« {result.file} » n'a pas pu être lu en entier : corrigez d'abord les erreurs de "
            "format (contratcheck check), puis écrivez sa revoyure"
        )
    if result.resume.revoyure is None:
        raise UsageError(
            "la revoyure de 2027 concerne les contrats de ville 2024-2030 (format "
            f"contrat-de-ville/2) ; « {result.file} » est un contrat d'une autre génération "
            "(contratcheck migrate --vers contrat-de-ville/2 en propose une version 2024-2030)"
        )
    html = render_review(report)
    if format == "pdf":
        from contratcheck.reporters.pdf import print_pdf

        write_bytes(print_pdf(html), fichier)
    else:
        write(html, fichier)
    if fichier is not None:
        sys.stderr.write(f"contratcheck : revoyure écrite dans {fichier}\n")


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
    date: Annotated[str | None, DATE_OPTION] = None,
    config: Annotated[Path | None, CONFIG_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Comparer deux versions d'un contrat : statuts changés, actions ajoutées ou retirées,
    évolution de la couverture par référentiel."""
    from contratcheck.compare import compare_results, read_version
    from contratcheck.engine import check_bytes
    from contratcheck.reporters.comparison import render_comparison

    inputs = Inputs([], date, config, referentiels, None, None, "<stdin>", None)
    settings, _ = build_settings(inputs, use_baseline=False)
    old_name, old_raw = read_version(ancien)
    new_name, new_raw = read_version(nouveau)
    comparison = compare_results(
        check_bytes(old_raw, old_name, settings), check_bytes(new_raw, new_name, settings)
    )
    write(render_comparison(comparison, format.value), None)
