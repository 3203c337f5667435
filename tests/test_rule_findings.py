"""What each rule says on its documented failing example, pinned: code, severity, line, column,
YAML path, message and hint (golden file tests/golden/regles.json; refresh with
CONTRATCHECK_REFRESH_GOLDEN=1, the run that rewrites fails)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from contratcheck.engine import Settings, Source, check_sources
from contratcheck.loading.config import parse_coverage_minimum
from contratcheck.loading.qpv_list import read_qpv_list
from contratcheck.model import Finding
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import read_catalogue
from contratcheck.rules.explain import Example, examples
from contratcheck.rules.registry import RULES

from .conftest import ROOT, TESTS, check_golden

GOLDEN = TESTS / "golden" / "regles.json"
SAMPLE_QPV = TESTS / "inputs" / "qpv" / "listeqp2024-extrait.csv"


def _run(example: Example, catalogue: Catalogue, folder: Path) -> list[Finding]:
    """The findings of one example, as tests/test_rules.py runs it."""
    text = example.document()
    if "référentiel" in example.options:
        (folder / "a.yaml").write_text(text, encoding="utf-8")
        if "deux fois" in " ".join(example.options):
            (folder / "b.yaml").write_text(text, encoding="utf-8")
        return read_catalogue([folder])[1]
    target = folder / "contrat.yaml"
    if "dossier" in example.options:
        target.mkdir()
    elif "Windows-1252" in example.options:
        target.write_bytes(text.encode("cp1252"))
    elif "UTF-16" in example.options:
        target.write_bytes(text.encode("utf-16"))
    elif "taille > 8 Mio" in example.options:
        target.write_bytes(text.encode() * (9 * 2**20 // len(text.encode()) + 1))
    else:
        target.write_text(text, encoding="utf-8")
    settings = Settings(
        catalogue,
        dt.date.fromisoformat(example.date),
        qpv_list=read_qpv_list(SAMPLE_QPV) if "--liste-qpv" in example.options else None,
        forbid_suppressions="--interdire-suppressions" in example.options,
        coverage_min=dict(
            parse_coverage_minimum(o.removeprefix("--couverture-min "))
            for o in example.options
            if o.startswith("--couverture-min ")
        ),
    )
    return list(check_sources([Source(str(target), target)], settings, jobs=1).findings())


def _portable(text: str, folder: Path) -> str:
    """The text without this machine's paths."""
    return text.replace(str(folder), "DOSSIER").replace(str(ROOT), "RACINE")


def test_what_every_rule_says_on_its_failing_example(catalogue: Catalogue, tmp_path: Path) -> None:
    said: dict[str, list[list[object]]] = {}
    for code in sorted(RULES):
        failing = next(e for e in examples(code) if e.failing)
        folder = tmp_path / code
        folder.mkdir()
        said[code] = [
            [
                f.code,
                f.severity.value,
                f.position.line,
                f.position.column,
                "/".join(str(p) for p in f.path),
                _portable(f.message, folder),
                _portable(f.hint, folder),
            ]
            for f in _run(failing, catalogue, folder)
            if f.code == code
        ]
    blocks = [
        f"  {json.dumps(code)}: "
        + (
            "[\n" + ",\n".join(f"    {json.dumps(f, ensure_ascii=False)}" for f in found) + "\n  ]"
            if found
            else "[]"
        )
        for code, found in said.items()
    ]
    check_golden(GOLDEN, "{\n" + ",\n".join(blocks) + "\n}\n")
