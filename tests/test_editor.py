"""Authoring: init, the exported schema (checked by ajv) and completions in yaml-language-server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from contratcheck.loading.document import load_document
from contratcheck.loading.schema import is_valid_full

from .conftest import EXAMPLES, TESTS
from .lsp import LspClient

REQUIRED = os.environ.get("CONTRATCHECK_COMPONENTS_REQUIRED") == "1"


def _node_modules() -> Path:
    configured = os.environ.get("CONTRATCHECK_NODE_MODULES")
    folder = Path(configured) if configured else None
    if shutil.which("node") is None or folder is None or not (folder / "ajv").is_dir():
        if REQUIRED:
            pytest.fail("node et les paquets npm (ajv, yaml-language-server) sont exigés")
        pytest.skip("CONTRATCHECK_NODE_MODULES absent (installé par .ci/run)")
    return folder


def test_init_then_check_gives_only_missing_items(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "contrat.yaml"
    code, _, err = run("init", "-o", str(target), "--date", "2026-11-25")
    assert code == 0 and "contrat créé" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=contrat.schema.json\n")
    assert "format: contrat-de-ville/2\n" in text  # from 2024, the 2024-2030 format
    assert "#     - programmes2024:cites-educatives : Cités éducatives" in text
    code, out, _ = run("check", "--date", "2026-11-25", "-f", "json", str(target))
    result = json.loads(out)["fichiers"][0]
    assert result["valide"] is True
    # Beyond the items to cite (CC4xx), only what is left to fill in: no erreur of its own.
    own = {(f["code"], f["gravite"]) for f in result["constats"] if not f["code"].startswith("CC4")}
    assert own == {
        ("CC541", "info"),  # « À compléter »
        ("CC515", "info"),  # the QPV's code
        ("CC521", "info"),  # the signature date, « inconnue »
        ("CC527", "avertissement"),  # the 2024 annual report
    }


def test_init_refuses_to_overwrite(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "contrat.yaml"
    target.write_text("à garder\n", encoding="utf-8")
    code, _, err = run("init", "-o", str(target))
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "à garder\n"
    assert run("init", "-o", str(target), "--force")[0] == 0


def test_init_with_chosen_referentiels(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "c.yaml"
    run("init", "-o", str(target), "--avec", "paqte", "--date", "2026-11-25")
    text = target.read_text(encoding="utf-8")
    assert "  - paqte@2018-07-17" in text and "fdr2018" not in text


def test_schema_offers_ids_with_labels(run) -> None:  # type: ignore[no-untyped-def]
    succession = TESTS / "inputs" / "referentiels" / "succession"
    code, out, _ = run("schema", "--format-contrat", "1", "--referentiels", str(succession))
    assert code == 0
    choices = json.loads(out)["$defs"]["reference"]["anyOf"]
    labels = {c["const"]: c["description"] for c in choices if "const" in c}
    assert labels["fdr2018:cites-educatives"].startswith("Cités éducatives")
    assert "RETIRÉ" in labels["prefecture02:chantiers-ecoles"]
    assert {"pattern"} <= set(choices[-1])


def test_schema_of_the_newest_format_offers_its_generation(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["format"]["const"] == "contrat-de-ville/2"
    labels = {c["const"] for c in schema["$defs"]["reference"]["anyOf"] if "const" in c}
    assert "civ2023:entrepreneuriat-quartiers-2030" in labels
    assert not {label for label in labels if label.startswith(("fdr2018:", "paqte:"))}
    declared = schema["properties"]["referentiels"]["items"]["anyOf"]
    assert "cadre2024@2024-11-18" in {c.get("const") for c in declared}
    code, _, err = run("schema", "--format-contrat", "9")
    assert code == 2 and "connus : 1, 2" in err


def _documents() -> list[tuple[str, object]]:
    paths = sorted(EXAMPLES.glob("*.yaml")) + sorted((TESTS / "inputs" / "casses").glob("*.yaml"))
    paths += sorted((TESTS / "cases").glob("*/contrat.yaml"))
    found = []
    for path in paths:
        document, _ = load_document(path.read_bytes(), path.name)
        if document is not None:
            found.append((str(path.relative_to(TESTS.parent)), document.data))
    return found


def test_ajv_gives_the_same_verdicts_as_contratcheck(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    modules = _node_modules()
    schema = tmp_path / "schema.json"
    run("schema", "--format-contrat", "1", "-o", str(schema))
    files = []
    expected = {}
    for index, (name, data) in enumerate(_documents()):
        target = tmp_path / f"{index:03d}.json"
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files.append(str(target))
        expected[str(target)] = (name, "valid" if is_valid_full(data) else "invalid")
    done = subprocess.run(
        ["node", str(TESTS / "node" / "ajv-verdicts.cjs"), str(schema), *files],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(modules)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    verdicts = dict(line.split("\t") for line in done.stdout.splitlines())
    assert {v for _, v in expected.values()} == {"valid", "invalid"}
    for target, (name, verdict) in expected.items():
        assert verdicts[target] == verdict, name


def test_yaml_language_server_completes_reference_ids(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    modules = _node_modules()
    run("schema", "--format-contrat", "1", "-o", str(tmp_path / "contrat.schema.json"))
    text = (
        "# yaml-language-server: $schema=contrat.schema.json\n"
        "format: contrat-de-ville/1\n"
        "actions:\n"
        "  - id: A1\n"
        "    titre: Essai\n"
        "    pilier: cohesion-sociale\n"
        "    statut: prevue\n"
        "    references:\n"
        "      - \n"
    )
    document = tmp_path / "contrat.yaml"
    document.write_text(text, encoding="utf-8")
    server = modules / "yaml-language-server" / "bin" / "yaml-language-server"
    client = LspClient(["node", str(server), "--stdio"])
    client.settings = {"yaml": {"validate": True, "completion": True, "hover": True}}
    try:
        client.request(
            "initialize",
            {"processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {}},
        )
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": client.settings})
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": document.as_uri(),
                    "languageId": "yaml",
                    "version": 1,
                    "text": text,
                }
            },
        )
        result = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": document.as_uri()}, "position": {"line": 8, "character": 8}},
        )
    finally:
        client.close()
    items = result["items"] if isinstance(result, dict) else result
    labels = {i["label"]: i for i in items}
    assert "fdr2018:cites-educatives" in labels, sorted(labels)[:20]
    assert "paqte:alternance" in labels
