"""migrate --vers contrat-de-ville/2: a format-2 draft that keeps the comments, valid against the
format-2 schema, written only where -o says, never over its input."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from contratcheck.loading.document import load_document
from contratcheck.loading.schema import check_schema
from contratcheck.migration_v2 import plan_draft, read_correspondence
from contratcheck.referentiels.loading import load_catalogue

from .conftest import EXAMPLES, ROOT, TESTS, check_golden

GOLDEN = TESTS / "golden" / "migration"
COMMENTED = TESTS / "inputs" / "migration" / "contrat-commente.yaml"
TABLE = TESTS / "inputs" / "correspondance" / "correspondance-fictive.csv"
GENERATIONS = TESTS / "inputs" / "referentiels-generations"
REVISED = EXAMPLES / "contrat-2019-revise.yaml"
MIGRATED_EXAMPLE = EXAMPLES / "2019-migre-2024.yaml"
TARGET = "contrat-de-ville/2"


def _format_1_files() -> list[Path]:
    """The format-1 examples and the data-driven cases that are schema-valid format 1."""
    found = []
    for path in [
        *sorted(EXAMPLES.glob("contrat-*.yaml")),
        *sorted(TESTS.glob("cases/*/contrat.yaml")),
    ]:
        document, findings = load_document(path.read_bytes(), str(path))
        if document is None or document.data.get("format") != "contrat-de-ville/1":
            continue
        if not check_schema(document, "contrat") and not findings:
            found.append(path)
    return found


def _data(text: str) -> dict[str, Any]:
    document, findings = load_document(text.encode("utf-8"), "brouillon.yaml")
    assert document is not None, findings
    return document.data


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the draft ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _format_1_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_format_1_contract_gives_a_schema_valid_draft(path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    draft = plan_draft(path.read_bytes(), str(path), catalogue)
    document, findings = load_document(draft.text.encode("utf-8"), "brouillon.yaml")
    assert document is not None and findings == []
    assert document.data["format"] == TARGET
    assert check_schema(document, "contrat-v2") == []


def test_format_1_files_are_found() -> None:
    names = {p.name for p in _format_1_files()}
    assert {"contrat-aligne.yaml", "contrat-lacunes.yaml", "contrat-2019-revise.yaml"} <= names
    assert len(_format_1_files()) >= 20


def test_golden_migration_of_the_2019_example(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("migrate", "--vers", TARGET, str(REVISED.relative_to(ROOT)))
    assert code == 0, err
    check_golden(GOLDEN / "contrat-2019-revise.yaml", out)


def test_shipped_example_is_the_migrated_2019_contract(run) -> None:  # type: ignore[no-untyped-def]
    """The example is what the command writes (regenerate it with the command in README)."""
    code, out, _ = run("migrate", "--vers", TARGET, str(REVISED.relative_to(ROOT)))
    assert code == 0 and MIGRATED_EXAMPLE.read_text(encoding="utf-8") == out


def test_golden_migration_of_a_commented_contract(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        "migrate",
        "--vers",
        TARGET,
        "--referentiels",
        str(GENERATIONS),
        "--correspondance-qpv",
        str(TABLE),
        str(COMMENTED),
    )
    assert code == 0, err
    check_golden(GOLDEN / "contrat-commente.yaml", out)


def _comments(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)#\s?(.*)$", text, re.MULTILINE)]


def test_every_comment_of_a_kept_node_is_kept() -> None:
    catalogue = load_catalogue([GENERATIONS])
    source = COMMENTED.read_text(encoding="utf-8")
    draft = plan_draft(
        COMMENTED.read_bytes(), str(COMMENTED), catalogue, read_correspondence(TABLE)
    ).text
    dropped = {
        "yaml-language-server: $schema=../../../schemas/contrat.schema.json",  # rewritten
        "ceux que suivait le contrat",  # on « referentiels », whose entries went to the history
        "thème ANCT, sans équivalent",  # on « theme_anct », which format 2 does not have
    }
    kept = _comments(draft)
    missing = [c for c in _comments(source) if c not in dropped and c not in " ".join(kept)]
    assert missing == []
    assert "yaml-language-server: $schema=../../../schemas/contrat-v2.schema.json" in kept
    for comment in (
        "# --- Gouvernance ---",
        "  # Commentaire de fin des actions.",
        "# Commentaire de fin de fichier.",
    ):
        assert comment in draft


def test_every_comment_of_the_aligned_example_is_kept(catalogue) -> None:  # type: ignore[no-untyped-def]
    path = EXAMPLES / "contrat-aligne.yaml"
    source = path.read_text(encoding="utf-8")
    draft = plan_draft(path.read_bytes(), str(path), catalogue).text
    for comment in _comments(source)[1:]:
        assert comment in draft
    sections = [line for line in draft.splitlines() if line.startswith("  # --- ")]
    assert len(sections) == 4


def test_what_maps_to_what() -> None:
    catalogue = load_catalogue([GENERATIONS])
    draft = plan_draft(
        COMMENTED.read_bytes(), str(COMMENTED), catalogue, read_correspondence(TABLE)
    )
    data = _data(draft.text)
    contrat = data["contrat"]
    assert "code_cv" not in contrat and "porteur_initial" not in contrat
    assert [q.get("code") for q in contrat["qpv"]] == [
        "QN00101M", "QN00102I", None, None, "QN00101M", None,
    ]  # fmt: skip
    assert [s.get("categorie") for s in contrat["signataires"]] == ["etat", "epci", "epci", None]
    assert data["periode"] == {"debut": "2024-01-01", "fin": "2030-12-31"}
    assert [(p["id"], p["libelle"]) for p in data["priorites"]] == [
        ("P1", "Cohésion sociale"),
        ("P2", "Cadre de vie et renouvellement urbain"),
    ]
    first, second, third = data["actions"]
    assert (first["priorite"], second["priorite"], third["priorite"]) == ("P1", "P1", "P2")
    assert first["priorites_transversales"] == ["egalite-femmes-hommes"]
    assert "axes_transversaux" not in second and "priorites_transversales" not in second
    assert "theme_anct" not in first and "theme_anct" not in third
    # QP001001 and QP001005 became the same QN code: listed once; QP001006 by its name.
    assert first["qpv"] == ["QN00101M", "Quartier absent de la table (fictif)"]
    assert first["indicateurs"] == [
        {
            "libelle": "Enfants accompagnés",
            "valeur_reference": {"valeur": 100},
            "cible": {"valeur": 150, "annee": 2022},
        },
        {"libelle": "Familles reçues"},
    ]
    # Two old references with one successor are cited once; a retired one is followed.
    assert first["references"] == ["essai2024:successeur", "essai2024:suite-du-nouveau-nom"]
    assert second["references"] == ["essai2015:garde", "essai2015:arretee", "essai2015:scindee"]
    assert data["gouvernance"] == {
        "instance_pilotage": {
            "presidence": ["Préfet de l'Ain", "Président de l'agglomération"],
            "derniere_reunion": "2023-05-17",
        }
    }
    assert data["participation"]["conseils_citoyens"] == [
        {"nom": "Conseil citoyen de la Reyssouze", "qpv": ["QN00101M"]},
        {"nom": "Conseil citoyen des Vennes", "qpv": ["QN00102I"]},
    ]
    previous = data["historique"]["contrats_precedents"][0]
    assert (previous["code_cv"], previous["signature"], previous["fin"]) == (
        "CV999",
        "2015-07-03",
        "2020-12-31",
    )
    assert [a["nature"] for a in previous["avenants"]] == ["perr", "prolongation"]
    notes = " | ".join(data["historique"]["notes"])
    for fact in ("Communauté d'essai", "2015-11-20", "2018-06-29", "2016-03-10", "essai2015"):
        assert fact in notes
    assert "referentiels" not in data
    assert data["exclusions"][0]["reference"] == "essai2024:successeur"
    assert any("--choisir essai2015:scindee=" in note for note in draft.notes)


def test_marks_for_the_user() -> None:
    catalogue = load_catalogue([GENERATIONS])
    text = plan_draft(
        COMMENTED.read_bytes(), str(COMMENTED), catalogue, read_correspondence(TABLE)
    ).text
    lines = text.splitlines()

    def line_of(start: str) -> str:
        return next(line for line in lines if line.lstrip().startswith(start))

    assert "à compléter : code QN de la géographie 2024 (code 2015 : QP001006)" in text
    assert "donne QN00103M, QN00104N pour QP001004" in line_of("- {nom: Quartier scindé")
    assert "plus dans la géographie prioritaire 2024" in line_of("- {nom: Quartier sorti")
    assert "à compléter : categorie" in line_of("- nom: Caisse d'allocations")
    assert "# proposition : à revoir avec les partenaires" in line_of("- id: P1")
    assert "à compléter : 2029-12-31 ou 2030-12-31" in line_of("fin: 2030-12-31")
    assert "# à revoir : référentiel de la génération 2015-2023" in line_of(
        "references: [essai2015"
    )
    assert "retiré sans successeur (essai2015:arretee)" in text
    assert "remplacé : essai2015:remplacee → essai2024:successeur" in text
    assert "à compléter : valeur_reference" in line_of("- {libelle: Familles reçues}")


def test_chosen_successor(run) -> None:  # type: ignore[no-untyped-def]
    args = ["migrate", "--vers", TARGET, "--referentiels", str(GENERATIONS), str(COMMENTED)]
    code, out, _ = run(*args, "--choisir", "essai2015:scindee=essai2024:seconde-moitie")
    assert code == 0
    assert "essai2024:seconde-moitie" in _data(out)["actions"][1]["references"]
    code, _, err = run(*args, "--choisir", "essai2015:scindee=essai2024:successeur")
    assert code == 2 and "n'est pas un successeur" in err


def test_overseas_contract_starts_in_2025(tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    text = (
        "format: contrat-de-ville/1\n"
        "contrat:\n  nom: Essai\n  porteur: {nature: commune, nom: Ville, code_insee: '97411'}\n"
        "  communes: [{code_insee: '97411', nom: Ville}]\n  qpv: [{code: QP974001, nom: Q}]\n"
        "periode: {debut: 2015-01-01, fin: 2020-12-31}\nactions: []\n"
    )
    data = _data(plan_draft(text.encode("utf-8"), "c.yaml", catalogue).text)
    assert data["periode"]["debut"] == "2025-01-01"
    assert data["actions"] == [] and "priorites" not in data


def test_line_endings_are_kept(catalogue) -> None:  # type: ignore[no-untyped-def]
    raw = REVISED.read_bytes().replace(b"\n", b"\r\n")
    text = plan_draft(raw, "c.yaml", catalogue).text
    assert text.count("\r\n") == text.count("\n")


# --- safety ---------------------------------------------------------------------------------


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    target = tmp_path / "ancien.yaml"
    shutil.copyfile(REVISED, target)
    return target


def test_writes_the_draft_and_leaves_the_input_unchanged(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    before = _digest(contract)
    output = contract.parent / "nouveau.yaml"
    code, out, err = run("migrate", "--vers", TARGET, str(contract), "-o", str(output))
    assert (code, out) == (0, "")
    assert f"écrit dans {output}" in err and "« à compléter »" in err
    assert _digest(contract) == before
    assert sorted(p.name for p in contract.parent.iterdir()) == ["ancien.yaml", "nouveau.yaml"]
    assert _data(output.read_text(encoding="utf-8"))["format"] == TARGET


def test_without_output_prints_the_draft(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    before = _digest(contract)
    code, out, _ = run("migrate", "--vers", TARGET, str(contract))
    assert code == 0 and _data(out)["format"] == TARGET
    assert _digest(contract) == before
    assert [p.name for p in contract.parent.iterdir()] == ["ancien.yaml"]


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
def test_never_writes_over_its_input(run, contract: Path, how: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = _digest(contract)
    output = contract
    if how == "relative":
        monkeypatch.chdir(contract.parent)
        output = Path("sub/../ancien.yaml")
        (contract.parent / "sub").mkdir()
    elif how == "symlink":
        output = contract.parent / "lien.yaml"
        output.symlink_to(contract)
    elif how == "hardlink":
        output = contract.parent / "dur.yaml"
        os.link(contract, output)
    code, out, err = run("migrate", "--vers", TARGET, str(contract), "-o", str(output), "--force")
    assert (code, out) == (2, "")
    assert "désigne le contrat à migrer" in err
    assert _digest(contract) == before


def test_refuses_an_existing_output_unless_forced(run, contract: Path) -> None:  # type: ignore[no-untyped-def]
    output = contract.parent / "nouveau.yaml"
    output.write_text("ancien brouillon\n", encoding="utf-8")
    code, _, err = run("migrate", "--vers", TARGET, str(contract), "-o", str(output))
    assert code == 2 and "existe déjà" in err and "--force" in err
    assert output.read_text(encoding="utf-8") == "ancien brouillon\n"
    code, _, _ = run("migrate", "--vers", TARGET, str(contract), "-o", str(output), "--force")
    assert code == 0 and _data(output.read_text(encoding="utf-8"))["format"] == TARGET


def test_failed_write_leaves_nothing(run, contract: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    output = contract.parent / "nouveau.yaml"
    code, _, err = run("migrate", "--vers", TARGET, str(contract), "-o", str(output))
    assert code == 2 and "impossible d'écrire" in err
    assert [p.name for p in contract.parent.iterdir()] == ["ancien.yaml"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("format: contrat-de-ville/2\ncontrat: {}\n", "déjà au format contrat-de-ville/2"),
        ("format: autre/1\n", "n'est pas un contrat au format contrat-de-ville/1"),
        ("format: contrat-de-ville/1\ncontrat: [\n", "ne peut pas être lu"),
        ("format: contrat-de-ville/1\ncontrat: {nom: X}\n", "pas un contrat valide au format 1"),
        ("", "le fichier est vide"),
    ],
)
def test_unusable_input_is_a_usage_error(run, tmp_path: Path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "c.yaml"
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "n.yaml"
    code, out, err = run("migrate", "--vers", TARGET, str(source), "-o", str(output))
    assert (code, out) == (2, "")
    assert message in err
    assert not output.exists()


def test_missing_input(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("migrate", "--vers", TARGET, str(tmp_path / "absent.yaml"))
    assert code == 2 and "fichier illisible" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ecrire"], "--ecrire réécrirait"),
        (["--vers", "contrat-de-ville/3"], "format « contrat-de-ville/3 » inconnu"),
    ],
)
def test_options_that_make_no_sense(run, contract: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    vers = [] if "--vers" in args else ["--vers", TARGET]
    code, _, err = run("migrate", *vers, *args, str(contract))
    assert code == 2 and message in err


@pytest.mark.parametrize(
    "option", [["-o", "x.yaml"], ["--correspondance-qpv", "t.csv"], ["--force"]]
)
def test_format_2_options_need_the_format_target(run, contract: Path, option: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("migrate", "--vers", "fdr2018@2018-07-18", *option, str(contract))
    assert code == 2 and "ne sert qu'avec --vers contrat-de-ville/2" in err


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("qp;qn\nQP001001;QN00101M\n", "colonne(s) code_2015, code_2024 absente(s)"),
        ("code_2015,code_2024\nQP0010;QN00101M\n", "« QP0010;QN00101M » n'est pas un code QPV"),
        (
            "code_2015;code_2024\nQN00101M;QN00101M\n",
            ":2 : « QN00101M » n'est pas un code QPV de 2015",
        ),
        (
            "code_2015;code_2024\nQP001001;QP001002\n",
            ":2 : « QP001002 » n'est pas un code QPV de 2024",
        ),
        ("code_2015;code_2024\n", "aucune ligne lue"),
    ],
)
def test_bad_correspondence_table(
    run, contract: Path, tmp_path: Path, table: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.csv"
    path.write_text(table, encoding="utf-8")
    code, _, err = run(
        "migrate", "--vers", TARGET, "--correspondance-qpv", str(path), str(contract)
    )
    assert code == 2 and message in err


def test_correspondence_table_reading() -> None:
    table = read_correspondence(TABLE)
    assert table.codes["QP001004"] == ("QN00103M", "QN00104N")
    assert table.codes["QP001003"] == ()
    assert table.codes["QP001005"] == ("QN00101M",)


def test_help_names_the_table_columns(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("migrate", "--aide")
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())
    for words in (
        "--correspondance-qpv",
        "code_2015",
        "code_2024",
        "contrat-de-ville/2",
        "--force",
    ):
        assert words in flat


def test_indentation_is_kept(catalogue) -> None:  # type: ignore[no-untyped-def]
    text = (
        "format: contrat-de-ville/1\ncontrat:\n    nom: Essai\n    porteur:\n"
        "        nature: commune\n        nom: Ville\n        code_insee: '01053'\n"
        "    communes:\n    - code_insee: '01053'\n      nom: Ville\n"
        "    qpv:\n    - {code: QP001001, nom: Q}\n"
        "periode:\n    debut: 2015-01-01\n    fin: 2020-12-31\nactions: []\n"
    )
    lines = plan_draft(text.encode("utf-8"), "c.yaml", catalogue).text.splitlines()
    assert "        nature: commune" in lines and "    - code_insee: '01053'" in lines
    assert (
        "    # à compléter : signature (date de signature), deliberations, clause_revoyure" in lines
    )


def test_hostile_correspondence_tables_are_usage_errors(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = "examples/contrat-2019-revise.yaml"
    binary = tmp_path / "binaire.csv"
    binary.write_bytes(b"code_2015;code_2024\n\x81\x8d\x8f\n")
    for table in ("/dev/zero", str(tmp_path), str(binary)):
        code, _, err = run(
            "migrate", "--vers", "contrat-de-ville/2", source, "--correspondance-qpv", table
        )
        assert code == 2 and "table de correspondance" in err and "Traceback" not in err, table
