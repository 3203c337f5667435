"""contratcheck referentiels list, show, diff and validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from contratcheck.cli.common import (
    DIRS_OPTION,
    Format,
    FrenchCommand,
    FrenchGroup,
    app,
    today_from,
    write,
)

referentiels_app = typer.Typer(
    cls=FrenchGroup,
    help="Consulter et vérifier les référentiels (textes nationaux ou listes locales).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(referentiels_app, name="referentiels")

FORMAT_OPTION = typer.Option("--format", "-f", help="Format de sortie : texte ou json.")


@referentiels_app.command("list", cls=FrenchCommand)
def referentiels_list(
    format: Annotated[Format, FORMAT_OPTION] = Format.texte,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date pour dire quelle version est en vigueur.",
            metavar="AAAA-MM-JJ",
            show_default=False,
        ),
    ] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Lister les référentiels : version, statut, items identifiés et annoncés."""
    from contratcheck.referentiels.loading import load_catalogue
    from contratcheck.reporters.catalogue import render_list

    catalogue = load_catalogue(referentiels or ())
    write(render_list(catalogue, today_from(date), format.value), None)


@referentiels_app.command("show", cls=FrenchCommand)
def referentiels_show(
    ident: Annotated[
        str,
        typer.Argument(
            help="Référentiel, avec ou sans version : « fdr2018 » ou « fdr2018@2018-07-18 ».",
            metavar="ID[@VERSION]",
        ),
    ],
    format: Annotated[Format, FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Afficher l'arbre d'un référentiel : axes, items, sources et confiance."""
    from contratcheck.referentiels.catalogue import parse_key
    from contratcheck.referentiels.loading import load_catalogue
    from contratcheck.reporters.catalogue import render_show

    catalogue = load_catalogue(referentiels or ())
    write(render_show(parse_key(ident, catalogue), format.value), None)


@referentiels_app.command("diff", cls=FrenchCommand)
def referentiels_diff(
    avant: Annotated[
        str, typer.Argument(help="Version de départ (ID@AAAA-MM-JJ).", metavar="AVANT")
    ],
    apres: Annotated[
        str, typer.Argument(help="Version d'arrivée (ID@AAAA-MM-JJ).", metavar="APRES")
    ],
    format: Annotated[Format, FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Comparer deux versions : items ajoutés, retirés et libellés modifiés."""
    from contratcheck.referentiels.catalogue import parse_key
    from contratcheck.referentiels.diff import diff_versions
    from contratcheck.referentiels.loading import load_catalogue
    from contratcheck.reporters.catalogue import render_diff

    catalogue = load_catalogue(referentiels or ())
    before, after = parse_key(avant, catalogue), parse_key(apres, catalogue)
    write(render_diff(diff_versions(before, after), format.value), None)


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
    format: Annotated[Format, FORMAT_OPTION] = Format.texte,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Vérifier des fichiers de référentiel : format, identifiants uniques, successeurs, sources.

    Code de sortie 1 si un constat est une erreur.
    """
    from contratcheck.model import Severity
    from contratcheck.referentiels.loading import read_catalogue
    from contratcheck.reporters.catalogue import render_validation

    if fichiers:
        catalogue, findings = read_catalogue(fichiers, shipped=False)
    else:
        catalogue, findings = read_catalogue(referentiels or ())
    count = sum(len(v) for v in catalogue.versions.values()) + len(
        {t.file for t in catalogue.terms}
    )
    files = max(count, len({f.file for f in findings}))
    write(render_validation(findings, files, format.value), None)
    raise typer.Exit(1 if any(f.severity is Severity.ERREUR for f in findings) else 0)
