"""Hostile and broken inputs everywhere (issue 13): no traceback, no hang, nothing overwritten.

The command line runs in a subprocess under memory and CPU limits (``hostile_harness``) where a
case could exhaust them on a naive reader; the others run in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import ROOT
from .hostile_harness import run_limited

EXAMPLE = ROOT / "examples" / "contrat-aligne.yaml"
EXAMPLE_DATE = "2022-06-30"
SECRET = "motdepasse-tres-secret-42"

# A local référentiel (fictional) with a retired item, for référentiel and migrate cases.
LOCAL_REFERENTIEL = """\
format: referentiel/1
id: hostile01
version: 2024-01-01
titre: Liste locale fictive pour les tests hostiles
statut: en-vigueur
nature: engagements
unite: {pluriel: priorités, feminin: true}
sources:
  L1: {adresse: "https://exemple.invalid/hostile", titre: "document fictif de test"}
axes:
  - {id: local, libelle: Priorités locales, type: axe, sources: [L1]}
items:
  - {id: ancien, libelle: Ancienne priorité, axe: local, confiance: confirme, sources: [L1],
     force: {niveau: au-choix, texte: fictif, sources: [L1]},
     retire: {date: 2024-01-01, successeurs: [nouveau]}}
  - {id: nouveau, libelle: Nouvelle priorité, axe: local, confiance: confirme, sources: [L1],
     force: {niveau: au-choix, texte: fictif, sources: [L1]}}
"""
MIGRATABLE = (
    "format: contrat-de-ville/1\nactions:\n  - id: A1\n    references: [hostile01:ancien]\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _contract(folder: Path, name: str = "contrat.yaml") -> Path:
    target = folder / name
    shutil.copyfile(EXAMPLE, target)
    return target


# --- 1. one bounded reader, validating loaders ----------------------------------------------

_CONFIG_CASES = {
    "datetime": ("contratcheck.toml", "date = 1979-05-27T07:32:00Z\n", "sans heure"),
    "heure": ("contratcheck.toml", "date = 07:32:00\n", "n'est pas une date"),
    "imbrication": ("contratcheck.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n", "imbriqué"),
    "tool-pas-table": ("pyproject.toml", "tool = 3\n", "« tool » doit être une table"),
    "contratcheck-pas-table": (
        "pyproject.toml",
        "[tool]\ncontratcheck = 3\n",
        "[tool.contratcheck] doit être une table",
    ),
    "gravite-liste": ("contratcheck.toml", "echec_si = [[[1]]]\n", "n'est pas une gravité"),
    "chemin-nul": ("contratcheck.toml", 'liste_qpv = "a\\u0000b"\n', "caractère nul"),
    "non-utf8": ("contratcheck.toml", b"echec_si = '\xff'\n", "position 12 (ligne 1"),
}


@pytest.mark.parametrize("case", sorted(_CONFIG_CASES))
def test_broken_configuration_is_a_french_usage_error(run, here: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    name, content, fragment = _CONFIG_CASES[case]
    config = here / name
    config.write_bytes(content if isinstance(content, bytes) else content.encode())
    _contract(here)
    code, _, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE, "--config", name)
    assert code == 2 and name in err and fragment in err, err
    # Found by walking up, the same file gives the same answer.
    code, _, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE)
    assert code == 2 and fragment in err, err


_BASELINE_CASES = {
    "liste": ("[]", "format « contratcheck-baseline/1 » attendu"),
    "nombre-demesure": ('{"a": ' + "1" * 10_000 + "}", "nombre démesuré"),
    "imbrication": ("[" * 100_000 + "]" * 100_000, "imbriqué trop profondément"),
    "empreintes-liste": (
        '{"format": "contratcheck-baseline/1", "empreintes": [1, 2]}',
        "« empreintes » doit être un objet",
    ),
    "nombre-flottant": (
        '{"format": "contratcheck-baseline/1", "empreintes": {"x": {"nombre": 1e999}}}',
        "« nombre » entier",
    ),
    "nombre-texte": (
        '{"format": "contratcheck-baseline/1", "empreintes": {"x": {"nombre": "abc"}}}',
        "« nombre » entier",
    ),
    "json-invalide": ("{\n  'a'", "JSON invalide, ligne 2, colonne 3"),
}


@pytest.mark.parametrize("case", sorted(_BASELINE_CASES))
def test_broken_baseline_is_a_french_usage_error(run, here: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    content, fragment = _BASELINE_CASES[case]
    (here / "base.json").write_text(content, encoding="utf-8")
    _contract(here)
    code, _, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE, "--baseline", "base.json")
    assert code == 2 and "base.json" in err and fragment in err, err


_QPV_CASES = {
    "octet-cp1252-indefini": (b"code_qp;insee_com\nQN1;\x81\n", "octet 0x81 invalide"),
    "binaire": (b"code_qp\x00\x01\x02", "octet nul"),
    "cellule-enorme": (b'code_qp;lib_qp\nQN1;"' + b"x" * 200_000 + b'"\n', "ligne 2"),
}


@pytest.mark.parametrize("case", sorted(_QPV_CASES))
def test_broken_qpv_list_is_a_french_usage_error(run, here: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    content, fragment = _QPV_CASES[case]
    (here / "liste.csv").write_bytes(content)
    _contract(here)
    code, _, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE, "--liste-qpv", "liste.csv")
    assert code == 2 and "liste.csv" in err and fragment in err, err


_YAML_CASES = {
    "entier-10000-chiffres": ("extra: " + "1" * 10_000 + "\n", "10000 chiffres"),
    "int-invalide": ("extra: !!int abc\n", "!!int"),
    "float-invalide": ("extra: !!float abc\n", "!!float"),
    "bool-invalide": ("extra: !!bool peut-etre\n", "!!bool"),
    "fusion-recursive": ("extra: &a\n  cle: 1\n  <<: *a\n", "fusion récursive"),
}


@pytest.mark.parametrize("case", sorted(_YAML_CASES))
def test_broken_values_in_a_referentiel_exit_2(run, here: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    text, fragment = _YAML_CASES[case]
    folder = here / "refs"
    folder.mkdir()
    (folder / "hostile01@2024-01-01.yaml").write_text(LOCAL_REFERENTIEL + text, encoding="utf-8")
    _contract(here)
    code, _, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE, "--referentiels", "refs")
    assert code == 2 and "hostile01@2024-01-01.yaml:" in err and fragment in err, err


@pytest.mark.parametrize("case", sorted(_YAML_CASES))
def test_broken_values_in_a_contract_are_findings(run, here: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    text, fragment = _YAML_CASES[case]
    (here / "c.yaml").write_text(EXAMPLE.read_text("utf-8") + text, encoding="utf-8")
    code, out, _ = run("check", "c.yaml", "--date", EXAMPLE_DATE, "-f", "json")
    found = json.loads(out)["fichiers"][0]["constats"]
    assert code == 1 and [f["code"] for f in found] == ["CC103"] and fragment in found[0]["message"]


def test_messages_never_quote_a_file_that_is_not_a_contract(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    secret = here / "secret.txt"
    secret.write_text(f"root:{SECRET};x,y\nligne 2 {SECRET}\n", encoding="utf-8")
    _contract(here)
    for option in ("--liste-qpv", "--baseline", "--config", "--referentiels"):
        code, out, err = run("check", "contrat.yaml", "--date", EXAMPLE_DATE, option, "secret.txt")
        assert code == 2 and "secret.txt" in err, (option, err)
        assert SECRET not in out + err, option


def test_line_positions_ignore_nel_and_line_separators() -> None:
    from contratcheck.loading.document import load_document

    text = "a: 1 # note\u2028b: 2\u0085\nc: !!bool peut-etre\n"
    _, findings = load_document(text.encode(), "x.yaml")
    assert [(f.code, f.position.line, f.position.column) for f in findings] == [("CC103", 2, 4)]


def test_special_files_and_endless_input_are_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "tube.yaml"
    os.mkfifo(fifo)
    outcome = run_limited("check", "/dev/zero", str(fifo), "-f", "json", "--date", EXAMPLE_DATE)
    outcome.assert_clean()
    messages = [f["message"] for r in json.loads(outcome.out)["fichiers"] for f in r["constats"]]
    assert outcome.code == 1 and any("périphérique" in m for m in messages), messages
    assert any("tube nommé (FIFO)" in m for m in messages)
    with open("/dev/zero", "rb") as endless:
        outcome = run_limited("check", "-", "--date", EXAMPLE_DATE, stdin=endless.fileno())
    outcome.assert_clean()
    assert outcome.code == 1 and "CC108" in outcome.out and "plus de 8 Mio" in outcome.out
    assert outcome.peak_mib < 300


@pytest.mark.parametrize("option", ["--liste-qpv", "--baseline", "--config", "--referentiels"])
def test_devices_as_other_inputs_are_refused(tmp_path: Path, option: str) -> None:
    _contract(tmp_path)
    outcome = run_limited("check", "contrat.yaml", option, "/dev/urandom", cwd=tmp_path)
    outcome.assert_clean()
    assert outcome.code == 2 and "/dev/urandom" in outcome.err and "périphérique" in outcome.err


def test_ten_million_line_qpv_list_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "liste.csv").write_bytes(b"code_qp;insee_com\n" + b"QN1;01053\n" * 10_000_000)
    _contract(tmp_path)
    outcome = run_limited("check", "contrat.yaml", "--liste-qpv", "liste.csv", cwd=tmp_path)
    outcome.assert_clean()
    assert outcome.code == 2 and "trop volumineux (plus de 16 Mio)" in outcome.err
    assert outcome.peak_mib < 300


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "lot")
    os.mkdir(folder)
    shutil.copyfile(EXAMPLE, os.path.join(folder, b"nom-\xff.yaml"))
    for output in ("texte", "junit", "json"):
        outcome = run_limited("check", "lot", "-f", output, "--date", EXAMPLE_DATE, cwd=tmp_path)
        outcome.assert_clean()
        assert outcome.code == 0, output  # the aligned example passes
        assert "nom-\ufffd.yaml" in outcome.out, output
    junit = run_limited("check", "lot", "-f", "junit", "--date", EXAMPLE_DATE, cwd=tmp_path)
    ET.fromstring(junit.out.encode())


# --- 2. git called safely --------------------------------------------------------------------


def _repository(folder: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    _contract(folder)
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "."], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "contrat"], cwd=folder, check=True)


@pytest.mark.parametrize(
    "revision", ["--output=../ailleurs/x", "--output=x", "-h", "HEAD --output=x", "HEAD^{tree}"]
)
def test_a_revision_is_never_an_option(run, here: Path, revision: str) -> None:  # type: ignore[no-untyped-def]
    repo = here / "depot"
    repo.mkdir()
    (here / "ailleurs").mkdir()
    _repository(repo)
    os.chdir(repo)
    before = sorted(p.name for p in here.rglob("*") if ".git" not in p.parts)
    for command in (
        ("compare", f"contrat.yaml@{revision}", "contrat.yaml"),
        ("report", "contrat.yaml", "-o", "r.html", "--depuis", f"contrat.yaml@{revision}"),
    ):
        code, _, err = run(*command, "--date", EXAMPLE_DATE)
        assert code == 2 and "contratcheck :" in err, err
    after = sorted(p.name for p in here.rglob("*") if ".git" not in p.parts)
    assert after == before


def test_git_paths_stay_inside_the_repository(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    repo = here / "depot"
    repo.mkdir()
    _repository(repo)
    (repo / "dehors.yaml").symlink_to(EXAMPLE)
    os.chdir(repo)
    code, _, err = run("compare", "dehors.yaml@HEAD", "contrat.yaml", "--date", EXAMPLE_DATE)
    assert code == 2 and "hors du dépôt git" in err


def test_missing_git_or_repository_is_a_usage_error(run, here: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _contract(here)
    code, _, err = run("compare", "contrat.yaml@HEAD", "contrat.yaml", "--date", EXAMPLE_DATE)
    assert code == 2 and "n'est pas dans un dépôt git" in err
    monkeypatch.setenv("PATH", str(here))
    code, _, err = run("compare", "contrat.yaml@HEAD", "contrat.yaml", "--date", EXAMPLE_DATE)
    assert code == 2 and "git est introuvable" in err


# --- 3. nothing written over an input --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "contrat.yaml", "-f", "json", "-o", "contrat.yaml"],
        ["check", "contrat.yaml", "-f", "json", "-o", "lien.yaml"],
        ["check", ".", "-f", "json", "-o", "./autre.yaml"],
        ["check", "contrat.yaml", "--sortie", "sarif:contrat.yaml"],
        ["check", "contrat.yaml", "--config", "c.toml", "-o", "c.toml"],
        ["check", "contrat.yaml", "-o", "r.json", "--sortie", "sarif:r.json"],
        ["baseline", "contrat.yaml", "-o", "contrat.yaml"],
        ["report", "contrat.yaml", "-f", "html", "-o", "contrat.yaml"],
        ["report", "contrat.yaml", "-f", "html", "-o", "autre.yaml", "--depuis", "autre.yaml"],
    ],
)
def test_an_output_never_overwrites_an_input(run, here: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    for name in ("contrat.yaml", "autre.yaml"):
        _contract(here, name)
    (here / "lien.yaml").symlink_to("contrat.yaml")
    (here / "c.toml").write_text('echec_si = "erreur"\n', encoding="utf-8")
    code, _, err = run(*args, "--date", EXAMPLE_DATE)
    assert code == 2 and "contratcheck :" in err, err
    for name in ("contrat.yaml", "autre.yaml"):
        assert (here / name).read_bytes() == EXAMPLE.read_bytes()
    assert (here / "c.toml").read_text("utf-8") == 'echec_si = "erreur"\n'


def test_outputs_are_written_atomically_through_links(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    _contract(here)
    (here / "rapports").mkdir()
    (here / "rapports" / "r.json").write_text("ancien", encoding="utf-8")
    (here / "r.json").symlink_to("rapports/r.json")
    code, _, _ = run("check", "contrat.yaml", "-f", "json", "-o", "r.json", "--date", EXAMPLE_DATE)
    assert code in (0, 1) and (here / "r.json").is_symlink()
    assert json.loads((here / "rapports" / "r.json").read_text("utf-8"))["fichiers"]
    assert sorted(p.name for p in (here / "rapports").iterdir()) == ["r.json"]


@pytest.fixture
def migration(here: Path) -> Path:
    (here / "refs").mkdir()
    (here / "refs" / "hostile01@2024-01-01.yaml").write_text(LOCAL_REFERENTIEL, encoding="utf-8")
    target = here / "contrat.yaml"
    target.write_text(MIGRATABLE, encoding="utf-8")
    return target


def _migrate(run, name: str = "contrat.yaml"):  # type: ignore[no-untyped-def]
    return run("migrate", name, "--vers", "hostile01", "--referentiels", "refs", "--ecrire")


def test_migrate_writes_through_a_link(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    (migration.parent / "lien.yaml").symlink_to("contrat.yaml")
    code, _, _ = _migrate(run, "lien.yaml")
    assert code == 0 and (migration.parent / "lien.yaml").is_symlink()
    assert "hostile01:nouveau" in migration.read_text("utf-8")


def test_migrate_refuses_a_read_only_file(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    migration.chmod(0o444)
    code, _, err = _migrate(run)
    assert code == 2 and "lecture seule" in err
    assert migration.read_text("utf-8") == MIGRATABLE


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_migrate_keeps_owner_group_and_mode(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    os.chown(migration, 65534, 65534)
    migration.chmod(0o640)
    code, _, _ = _migrate(run)
    info = migration.stat()
    assert code == 0 and (info.st_uid, info.st_gid, info.st_mode & 0o777) == (65534, 65534, 0o640)


def test_migrate_keeps_the_mode(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    migration.chmod(0o604)
    code, _, _ = _migrate(run)
    assert code == 0 and migration.stat().st_mode & 0o777 == 0o604


def test_migrate_says_a_hard_link_is_broken(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    os.link(migration, migration.parent / "autre-nom.yaml")
    code, _, err = _migrate(run)
    assert code == 0 and "liens physiques" in err


def test_migrate_refuses_a_file_changed_since_it_was_read(
    run, migration: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    real_fsync = os.fsync

    def edit_meanwhile(descriptor: int) -> None:  # another editor saves while we write
        real_fsync(descriptor)
        migration.write_text(MIGRATABLE + "# édité entre-temps\n", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", edit_meanwhile)
    code, _, err = _migrate(run)
    assert code == 2 and "modifié depuis sa lecture" in err
    assert migration.read_text("utf-8").endswith("# édité entre-temps\n")
    assert sorted(p.name for p in migration.parent.iterdir()) == ["contrat.yaml", "refs"]


def test_migrate_handles_cr_only_line_ends(run, migration: Path) -> None:  # type: ignore[no-untyped-def]
    migration.write_bytes(MIGRATABLE.replace("\n", "\r").encode())
    code, _, _ = _migrate(run)
    assert code == 0
    assert (
        migration.read_bytes()
        == MIGRATABLE.replace("\n", "\r").replace("ancien", "nouveau").encode()
    )


# --- 4. outputs escape what they do not control ----------------------------------------------

_INJECTION = "x\x1b[31m\u202e\n::error file=pirate.yaml::faux\u2028::warning::%0A"


def _injected_contract(folder: Path) -> Path:
    text = EXAMPLE.read_text("utf-8").replace(
        "references: [", f"references: [{json.dumps('fdr2018:' + _INJECTION)}, ", 1
    )
    target = folder / "contrat.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def test_github_output_cannot_inject_a_workflow_command(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    _injected_contract(here)
    _, out, _ = run("check", "contrat.yaml", "-f", "github", "--date", EXAMPLE_DATE)
    assert "pirate" in out  # the finding is there…
    for line in out.splitlines():  # …but every line is one of ours: a command starts a line
        assert line.startswith(("::error file=contrat.yaml,", "::warning file=contrat.yaml,"))
        assert "\x1b" not in line and "\u2028" not in line and "\u202e" not in line
    assert "x\\x1b[31m\\u202e%0A::error file=pirate.yaml" in out


def test_text_output_shows_control_characters(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    _injected_contract(here)
    _, out, _ = run("check", "contrat.yaml", "--date", EXAMPLE_DATE)
    assert "\x1b" not in out and "\u202e" not in out and "\u2028" not in out
    assert "\\x1b[31m" in out and "\\u202e" in out
    assert not any(line.startswith("::error") for line in out.splitlines())


def test_markdown_output_keeps_contract_text_inert(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text("utf-8").replace(
        "references: [", 'references: ["fdr2018:<!-- x\\r\\n# titre ![i](http://e.invalid/p)", ', 1
    )
    (here / "contrat.yaml").write_text(text, encoding="utf-8")
    _, out, _ = run("check", "contrat.yaml", "-f", "markdown", "--date", EXAMPLE_DATE)
    assert "<!--" not in out and "\r" not in out and "![i]" not in out
    assert not any(line.startswith("# titre") for line in out.splitlines())


def test_xml_outputs_stay_valid_with_control_characters(run, here: Path) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text("utf-8").replace(
        "references: [", 'references: ["fdr2018:\\x01\\x1b\\x7f\\uffff", ', 1
    )
    (here / "contrat.yaml").write_text(text, encoding="utf-8")
    _, out, _ = run("check", "contrat.yaml", "-f", "junit", "--date", EXAMPLE_DATE)
    ET.fromstring(out.encode())
    _, out, _ = run("check", "contrat.yaml", "-f", "sarif", "--date", EXAMPLE_DATE)
    json.loads(out)


# --- 5. linear time and memory, loud walks ---------------------------------------------------


def test_a_200000_key_mapping_finishes(tmp_path: Path) -> None:
    lines = "".join(f"k{i}: {i}\n" for i in range(200_000))
    (tmp_path / "c.yaml").write_text(EXAMPLE.read_text("utf-8") + lines, encoding="utf-8")
    outcome = run_limited("check", "c.yaml", "-f", "json", "--date", EXAMPLE_DATE, cwd=tmp_path)
    outcome.assert_clean()
    found = json.loads(outcome.out)["fichiers"][0]["constats"]
    assert outcome.code == 1 and len(found) < 200
    assert any("200000 clés inconnues" in f["message"] for f in found)


def test_a_100000_action_contract_finishes(tmp_path: Path) -> None:
    head = EXAMPLE.read_text("utf-8").split("\nactions:\n")[0]
    actions = "".join(
        f"  - {{id: A{i}, titre: T, pilier: cadre-de-vie, statut: prevue}}\n"
        for i in range(100_000)
    )
    (tmp_path / "c.yaml").write_text(head + "\nactions:\n" + actions, encoding="utf-8")
    outcome = run_limited("check", "c.yaml", "-f", "json", "--date", EXAMPLE_DATE, cwd=tmp_path)
    outcome.assert_clean()
    assert outcome.code in (0, 1) and json.loads(outcome.out)["fichiers"][0]["valide"]


def test_a_suppression_comment_with_many_spaces_is_linear(tmp_path: Path) -> None:
    comment = "# contratcheck-ignorer CC401" + " " * 200_000 + "x\n"
    (tmp_path / "c.yaml").write_text(EXAMPLE.read_text("utf-8") + comment, encoding="utf-8")
    outcome = run_limited("check", "c.yaml", "--date", EXAMPLE_DATE, cwd=tmp_path)
    outcome.assert_clean()
    assert outcome.code in (0, 1)


def test_many_suppressions_and_findings_are_linear() -> None:
    from contratcheck.model import Finding, Position, Severity
    from contratcheck.suppressions import apply_suppressions

    count = 60_000
    text = "".join(f"a{i}: 1  # contratcheck-ignorer CC401 : motif\n" for i in range(count))
    findings = [
        Finding("CC401", Severity.ERREUR, "m", "x", Position(i + 1, 1), ()) for i in range(count)
    ]
    started = time.process_time()
    kept, silenced = apply_suppressions(findings, text, "x", forbidden=False)
    assert (kept, silenced) == ([], count)
    assert time.process_time() - started < 10  # quadratic: 3.6·10⁹ comparisons


def test_a_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    deep = tmp_path / "lot" / "a" / "b"
    deep.mkdir(parents=True)
    _contract(deep)
    (deep / "boucle").symlink_to("..")
    (deep / "boucle2").symlink_to("../../a")
    (tmp_path / "lot" / "soi").symlink_to("soi")
    for pattern in ("lot", "lot/**/*.yaml", "**/*.yaml"):
        outcome = run_limited("check", pattern, "-f", "json", "--date", EXAMPLE_DATE, cwd=tmp_path)
        outcome.assert_clean()
        files = [r["fichier"] for r in json.loads(outcome.out)["fichiers"]]
        assert files == ["lot/a/b/contrat.yaml"], (pattern, files)


def test_unreadable_paths_in_a_walk_are_findings(run, here: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (here / "lot" / "ferme").mkdir(parents=True)
    _contract(here / "lot")
    (here / "lot" / "casse.yaml").symlink_to("nulle-part.yaml")
    (here / "lot" / "boucle.yaml").symlink_to("boucle.yaml")
    os.mkfifo(here / "lot" / "tube.yaml")
    real_scandir = os.scandir

    def refuse(path):  # type: ignore[no-untyped-def]
        # Root reads every folder: refuse this one as the kernel would for another user.
        if Path(path).name == "ferme":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    code, out, _ = run("check", "lot", "-f", "json", "--date", EXAMPLE_DATE)
    problems = {
        r["fichier"]: r["constats"][0]["message"]
        for r in json.loads(out)["fichiers"]
        if r["constats"] and r["constats"][0]["code"] == "CC112"
    }
    assert code == 1
    assert "permission refusée" in problems["lot/ferme"]
    assert "lien symbolique cassé" in problems["lot/casse.yaml"]
    assert "boucle de liens" in problems["lot/boucle.yaml"]
    assert "tube nommé" in problems["lot/tube.yaml"]


# --- 6. interrupts and a closed or full stdout ----------------------------------------------


def _batch(folder: Path, count: int) -> None:
    folder.mkdir()
    for index in range(count):
        shutil.copyfile(EXAMPLE, folder / f"c{index:04d}.yaml")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_a_batch_with_130_and_one_line(tmp_path: Path) -> None:
    _batch(tmp_path / "lot", 600)
    process = subprocess.Popen(
        [sys.executable, "-m", "contratcheck", "check", "lot", "--processus", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # As from a terminal: a shell starts a background job (« … & », nohup) with Ctrl-C
        # ignored, and Python keeps an ignored SIGINT ignored; the tests may run so.
        preexec_fn=_default_sigint,
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not children.read_text().split():
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    _, err = process.communicate(timeout=60)
    text = err.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert text.strip().splitlines()[-1] == "contratcheck : interrompu", text


def test_closed_stdout_is_exit_2_with_a_french_line(tmp_path: Path) -> None:
    _contract(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "contratcheck", "check", "contrat.yaml", "--date", EXAMPLE_DATE],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # as « | head -0 » does
    _, raw_err = process.communicate(timeout=60)
    err = raw_err.decode()
    assert process.returncode == 2 and "Traceback" not in err
    assert "sortie standard a été fermée" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux-only")
@pytest.mark.parametrize(
    "args", [["check", "contrat.yaml", "--date", EXAMPLE_DATE], ["--version"], ["regles"]]
)
def test_full_stdout_is_exit_2_with_a_french_line(tmp_path: Path, args: list[str]) -> None:
    _contract(tmp_path)
    outcome = run_limited(*args, cwd=tmp_path, stdout_file="/dev/full")
    outcome.assert_clean()
    assert outcome.code == 2 and "plus de place sur le disque" in outcome.err, outcome.err
