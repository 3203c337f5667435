"""Every rule is documented, and its two documented examples behave as documented."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from contratcheck.engine import Settings, Source, check_sources
from contratcheck.loading.config import parse_coverage_minimum
from contratcheck.loading.qpv_list import read_qpv_list
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import read_catalogue
from contratcheck.rules.explain import examples
from contratcheck.rules.registry import RULES

from .conftest import ROOT, TESTS

SAMPLE_QPV = TESTS / "inputs" / "qpv" / "listeqp2024-extrait.csv"


def _codes_for(example, catalogue: Catalogue, folder: Path) -> set[str]:  # type: ignore[no-untyped-def]
    text = example.document()
    if "référentiel" in example.options:
        (folder / "a.yaml").write_text(text, encoding="utf-8")
        if "deux fois" in " ".join(example.options):
            (folder / "b.yaml").write_text(text, encoding="utf-8")
        _, findings = read_catalogue([folder])
        return {f.code for f in findings}
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
    report = check_sources([Source(str(target), target)], settings, jobs=1)
    return {f.code for f in report.findings()}


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_examples(code: str, catalogue: Catalogue, tmp_path: Path) -> None:
    found = examples(code)
    assert [e.failing for e in found] == [False, True], "one passing then one failing example"
    passing, failing = found
    (tmp_path / "ok").mkdir()
    (tmp_path / "ko").mkdir()
    assert code not in _codes_for(passing, catalogue, tmp_path / "ok")
    assert code in _codes_for(failing, catalogue, tmp_path / "ko")


def test_every_rule_has_documentation() -> None:
    for rule in RULES.values():
        assert rule.resume.endswith(".") and len(rule.doc.splitlines()) >= 5, rule.code
        assert re.fullmatch(r"CC\d{3}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.nom)


def test_every_rule_code_is_emitted_by_the_code() -> None:
    """A rule either carries its own check, or a loader outside ``rules/`` emits its code."""
    loaders = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "src" / "contratcheck").rglob("*.py")
        if "rules" not in p.parts and p.name != "rules.py"
    )
    schema_codes = {f"CC{n}" for n in (200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 299)}
    for code, rule in RULES.items():
        if rule.check is None:
            assert f'"{code}"' in loaders or code in schema_codes, code


def test_explain_and_regles(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("explain", "CC301")
    assert code == 0 and out.startswith("CC301 — reference-inconnue (gravité par défaut : erreur)")
    assert "Exemple en défaut :" in out and "ce contrat minimal" in out
    code, _, err = run("explain", "CC3001")
    assert code == 2 and "vouliez-vous dire" in err
    code, out, _ = run("regles")
    assert code == 0 and len(out.splitlines()) == len(RULES)
