"""contratcheck schema, init, migrate, regles and explain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from contratcheck.cli.common import (
    DATE_OPTION,
    DIRS_OPTION,
    OUTPUT_OPTION,
    Format,
    FrenchCommand,
    app,
    today_from,
    write,
)
from contratcheck.errors import UsageError


@app.command("schema", cls=FrenchCommand)
def schema_command(
    fichier: Annotated[Path | None, OUTPUT_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Afficher le schéma JSON du contrat, avec les identifiants des référentiels et leurs
    libellés, pour l'autocomplétion dans l'éditeur (extension YAML de VS Code)."""
    import json

    from contratcheck.formats.editor import editor_schema
    from contratcheck.referentiels.loading import load_catalogue

    schema = editor_schema(load_catalogue(referentiels or ()))
    write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", fichier)


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
    date: Annotated[str | None, DATE_OPTION] = None,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Créer un contrat commenté : champs obligatoires, une action par axe, items à citer."""
    from contratcheck.formats.registry import format_for_date
    from contratcheck.referentiels.catalogue import parse_key
    from contratcheck.referentiels.loading import load_catalogue

    if fichier.exists() and not force:
        raise UsageError(f"« {fichier} » existe déjà : ajoutez --force pour le remplacer")
    catalogue = load_catalogue(referentiels or ())
    for ident in avec or []:
        parse_key(ident, catalogue)
    today = today_from(date)
    write(format_for_date(today).skeleton(catalogue, today, avec or None), fichier)
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
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Réécrire les références retirées vers leurs successeurs et mettre à jour la version
    déclarée, sans toucher au reste du fichier (commentaires, guillemets, fins de ligne).
    """
    from contratcheck.loading.document import read_contract_file
    from contratcheck.loading.reader import ReadError
    from contratcheck.migrate import plan_migration, write_atomically
    from contratcheck.referentiels.loading import load_catalogue

    choices = {}
    for value in choisir or []:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"« --choisir {value} » : attendu ANCIEN=NOUVEAU")
        choices[old.strip()] = new.strip()
    try:
        raw = read_contract_file(fichier)
    except ReadError as error:
        raise UsageError(f"fichier illisible : {fichier} ({error.reason})") from error
    catalogue = load_catalogue(referentiels or ())
    migration = plan_migration(raw, str(fichier), catalogue, vers, choices)
    for note in migration.notes:
        sys.stderr.write(f"contratcheck : {note}\n")
    if not migration.edits:
        sys.stderr.write(f"contratcheck : rien à migrer vers {vers} dans {fichier}\n")
        return
    if not ecrire:
        write(migration.diff(str(fichier)), None)
        return
    for note in write_atomically(fichier, raw, migration.migrated):
        sys.stderr.write(f"contratcheck : {note}\n")
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

    from contratcheck.rules.registry import RULES

    if format is Format.json:
        rows = [
            {"code": r.code, "nom": r.nom, "gravite": r.severity.value, "resume": r.resume}
            for r in RULES.values()
        ]
        write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", None)
        return
    lines = [f"{r.code}  {r.severity.value:<13} {r.nom:<34} {r.resume}" for r in RULES.values()]
    write("\n".join(lines) + "\n", None)


@app.command("explain", cls=FrenchCommand)
def explain_command(
    code: Annotated[
        str, typer.Argument(help="Code de la règle, par exemple CC301.", metavar="CODE")
    ],
) -> None:
    """Afficher la documentation d'une règle : ce qu'elle vérifie, pourquoi, deux exemples."""
    import difflib

    from contratcheck.rules.examples import BASE_CONTRAT, DEFAULT_DATE
    from contratcheck.rules.explain import examples
    from contratcheck.rules.registry import RULES

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
    write(f"{header}\n\n{found.doc}{note}\n", None)
