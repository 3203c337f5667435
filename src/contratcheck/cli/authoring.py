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
    format_contrat: Annotated[
        str | None,
        typer.Option(
            "--format-contrat",
            help="Format du contrat : 1 (2015-2023) ou 2 (2024-2030) ; défaut : le plus récent.",
            metavar="N",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Afficher le schéma JSON du contrat, avec les identifiants des référentiels et leurs
    libellés, pour l'autocomplétion dans l'éditeur (extension YAML de VS Code)."""
    import json

    from contratcheck.formats.editor import editor_schema
    from contratcheck.formats.registry import formats, get_format
    from contratcheck.referentiels.loading import load_catalogue

    chosen = formats()[-1]
    if format_contrat is not None:
        found = get_format(f"contrat-de-ville/{format_contrat.strip()}")
        if found is None:
            known = ", ".join(f.id.rpartition("/")[2] for f in formats())
            raise UsageError(f"format de contrat « {format_contrat} » inconnu ; connus : {known}")
        chosen = found
    schema = editor_schema(load_catalogue(referentiels or ()), chosen.schema, chosen.generation)
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
            help="Version visée : un référentiel, par exemple « fdr2018@2024-04-25 », ou le "
            "format « contrat-de-ville/2 » (brouillon d'un contrat 2024-2030).",
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
    sortie: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--fichier",
            help="Avec --vers contrat-de-ville/2 : le brouillon à créer (défaut : sortie "
            "standard) ; jamais le contrat migré lui-même.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    correspondance_qpv: Annotated[
        Path | None,
        typer.Option(
            "--correspondance-qpv",
            help="Avec --vers contrat-de-ville/2 : table de correspondance des QPV 2015 → "
            "2024 (CSV, séparateur « , » ou « ; », colonnes « code_2015 » et « code_2024 », "
            "une ligne par couple ; code 2024 vide : quartier sorti de la géographie "
            "prioritaire). Sans elle, les QPV gardent leur nom et leur code QN est à compléter.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Avec --vers contrat-de-ville/2 : remplacer le brouillon s'il existe."
        ),
    ] = False,
    referentiels: Annotated[list[Path] | None, DIRS_OPTION] = None,
) -> None:
    """Réécrire les références retirées vers leurs successeurs et mettre à jour la version
    déclarée, sans toucher au reste du fichier (commentaires, guillemets, fins de ligne).

    Avec --vers contrat-de-ville/2 : écrire un brouillon de contrat 2024-2030 (format 2) à
    partir d'un contrat au format 1, sans jamais modifier celui-ci ; les commentaires sont
    gardés, ce qui reste à remplir est marqué « à compléter ».
    """
    from contratcheck.loading.document import read_contract_file
    from contratcheck.loading.reader import ReadError
    from contratcheck.referentiels.loading import load_catalogue

    choices = {}
    for value in choisir or []:
        old, sep, new = value.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"« --choisir {value} » : attendu ANCIEN=NOUVEAU")
        choices[old.strip()] = new.strip()
    if vers.startswith("contrat-de-ville/"):
        if ecrire:
            raise UsageError(
                f"--ecrire réécrirait « {fichier} » : avec --vers {vers}, le brouillon s'écrit "
                "dans un autre fichier (-o NOUVEAU.yaml)"
            )
        _migrate_to_format(fichier, vers, sortie, correspondance_qpv, force, choices, referentiels)
        return
    for given, option in ((sortie, "-o"), (correspondance_qpv, "--correspondance-qpv")):
        if given is not None:
            raise UsageError(f"{option} ne sert qu'avec --vers contrat-de-ville/2")
    if force:
        raise UsageError("--force ne sert qu'avec --vers contrat-de-ville/2")
    from contratcheck.migrate import plan_migration, write_atomically

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
    try:
        notes = write_atomically(fichier, raw, migration.migrated)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {fichier} » : {error.strerror}") from error
    for note in notes:
        sys.stderr.write(f"contratcheck : {note}\n")
    from contratcheck.french import plural

    edits = plural(len(migration.edits), "modification écrite", "modifications écrites")
    sys.stderr.write(f"contratcheck : {edits} dans {fichier}\n")


def _migrate_to_format(
    fichier: Path,
    vers: str,
    sortie: Path | None,
    correspondance_qpv: Path | None,
    force: bool,
    choices: dict[str, str],
    referentiels: list[Path] | None,
) -> None:
    """Write the format-2 draft of a format-1 contract, never over the contract itself."""
    import os

    from contratcheck.loading.document import read_contract_file
    from contratcheck.loading.reader import ReadError
    from contratcheck.migration_v2 import (
        TARGET,
        plan_draft,
        read_correspondence,
        write_new_file,
    )
    from contratcheck.referentiels.loading import load_catalogue

    if vers != TARGET:
        raise UsageError(f"format « {vers} » inconnu : le seul format visé est « {TARGET} »")
    if sortie is not None:
        same = sortie.resolve() == fichier.resolve()
        if not same and sortie.exists() and fichier.exists():
            same = os.path.samefile(sortie, fichier)
        if same:
            raise UsageError(
                f"-o {sortie} désigne le contrat à migrer : le brouillon s'écrit dans un "
                "autre fichier"
            )
        if sortie.is_dir():
            raise UsageError(f"-o {sortie} est un dossier : donnez le nom du brouillon à créer")
        if sortie.exists() and not force:
            raise UsageError(f"« {sortie} » existe déjà : ajoutez --force pour le remplacer")
        if not sortie.parent.is_dir():
            raise UsageError(f"dossier introuvable pour -o : {sortie.parent}")
    try:
        raw = read_contract_file(fichier)
    except ReadError as error:
        raise UsageError(f"fichier illisible : {fichier} ({error.reason})") from error
    correspondence = read_correspondence(correspondance_qpv) if correspondance_qpv else None
    catalogue = load_catalogue(referentiels or ())
    draft = plan_draft(raw, str(fichier), catalogue, correspondence, choices)
    for note in draft.notes:
        sys.stderr.write(f"contratcheck : {note}\n")
    if sortie is None:
        write(draft.text, None)
        return
    try:
        write_new_file(sortie, draft.text)
    except OSError as error:
        raise UsageError(f"impossible d'écrire « {sortie} » : {error.strerror}") from error
    sys.stderr.write(
        f"contratcheck : brouillon au format {TARGET} écrit dans {sortie} ; "
        f"{draft.to_complete} mention(s) « à compléter »\n"
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

    from contratcheck.rules.examples import (
        BASE_CONTRAT,
        BASE_CONTRAT_2,
        DEFAULT_DATE,
        DEFAULT_DATE_2,
    )
    from contratcheck.rules.explain import examples
    from contratcheck.rules.registry import RULES

    found = RULES.get(code.upper())
    if found is None:
        close = difflib.get_close_matches(code.upper(), list(RULES), n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        raise UsageError(f"règle « {code} » inconnue{hint} (liste : contratcheck regles)")
    header = f"{found.code} — {found.nom} (gravité par défaut : {found.severity.value})"
    note = ""
    found_examples = examples(found.code)
    if any(e.format_2 for e in found_examples):
        base = "".join(f"    {line}\n" for line in BASE_CONTRAT_2.splitlines())
        note = (
            f"\n\nLes exemples « format 2 » sont vérifiés au {DEFAULT_DATE_2} (sauf autre "
            "--date) ; leurs clés remplacent celles de ce contrat 2024-2030 minimal :\n\n"
            + base.rstrip("\n")
        )
    elif any(not e.options or e.options[0].startswith("--") for e in found_examples):
        base = "".join(f"    {line}\n" for line in BASE_CONTRAT.splitlines())
        note = (
            f"\n\nLes exemples sans mention « fichier entier » sont vérifiés au {DEFAULT_DATE} "
            "(sauf autre --date) ; leurs clés remplacent celles de ce contrat minimal :\n\n"
            + base.rstrip("\n")
        )
    write(f"{header}\n\n{found.doc}{note}\n", None)
