"""Contract formats are plug-ins: a toy format registered by this test alone (its schema, one
rule, one control) is checked end to end without any change to the engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from contratcheck.coverage.controls import Control, ControlResult, Verdict
from contratcheck.engine import Settings, check_bytes
from contratcheck.formats import registry
from contratcheck.formats.base import ContractFormat
from contratcheck.formats.view import (
    ROOT,
    Commune,
    Contrat,
    Qpv,
    parse_date,
    read_actions,
    read_declarations,
    read_exclusions,
)
from contratcheck.loading.document import Document
from contratcheck.loading.schema import register_schema
from contratcheck.model import ContratSummary, Severity, Status
from contratcheck.referentiels.loading import read_catalogue
from contratcheck.rules.base import E, Hit, Rule, emitted, rule
from contratcheck.rules.context import Context

from .conftest import EXAMPLES, modules_after_check

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "nom", "debut", "fin", "actions"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "essai/1"},
        "nom": {"type": "string", "title": "Nom", "maxLength": 80},
        "code": {"type": "string", "pattern": "^E[0-9]{3}$"},  # no title, nor the root
        "debut": {"type": "string", "format": "date"},
        "fin": {"type": "string", "format": "date"},
        "signe_le": {"type": "string", "format": "date"},
        "referentiels": {"type": "array", "items": {"type": "string"}},
        "actions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "titre", "statut"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string"},
                    "titre": {"type": "string"},
                    "statut": {"enum": ["prevue", "realisee"]},
                    "theme": {"type": "string"},
                    "references": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def _read(document: Document) -> Contrat:
    data = document.data
    return Contrat(
        document=document,
        format="essai/1",
        generation="essai",
        nom=data["nom"],
        debut=dt.date.fromisoformat(data["debut"]),
        fin=dt.date.fromisoformat(data["fin"]),
        communes=(Commune(ROOT / "communes" / 0, "01053", "Bourg-en-Bresse"),),
        qpv=(Qpv(ROOT / "qpv" / 0, "QN00101M", "Quartier"),),
        actions=read_actions(document, data["actions"], "theme"),
        exclusions=read_exclusions([]),
        declared=read_declarations(data.get("referentiels")),
        texts=(),
    )


def _signature(contrat: Contrat, value: str | None, today: dt.date) -> ControlResult:
    signed = parse_date(contrat.document.data.get("signe_le"))
    if signed is not None and signed <= today:
        return Verdict(Status.COUVERTE, f"signé le {signed.isoformat()}")
    return Verdict(Status.MANQUANTE, "pas de signature")


@rule("CC990", "essai-sans-action", E, "calendrier")
def check_no_action(ctx: Context) -> Iterator[Hit]:
    """Le contrat d'essai n'a aucune action.

    Exemple conforme :
        actions: [{id: A1, titre: T, statut: prevue}]

    Exemple en défaut :
        actions: []
    """
    if not ctx.contrat.actions:
        yield Hit(ROOT / "actions", "le contrat d'essai n'a aucune action")


def _summary(contrat: Contrat, today: dt.date) -> ContratSummary:
    return ContratSummary(
        porteur="",
        porteur_code="",
        porteur_initial=None,
        code_cv=None,
        communes=(),
        qpv=(),
        signature=None,
        debut=contrat.debut.isoformat(),
        fin=contrat.fin.isoformat(),
        fin_legale=contrat.fin.isoformat(),
        fin_legale_texte=None,
        avenants=(),
        actions=(),
        exclusions=(),
        axe_titre="Thème",
    )


TOY = ContractFormat(
    id="essai/1",
    generation="essai",
    titre="Format d'essai",
    premier_jour=dt.date(2100, 1, 1),
    dernier_jour=dt.date(2105, 12, 31),
    schema="essai",
    read=_read,
    rules=(check_no_action,),
    controls=(Control("essai-signature", _signature),),
    axe_titre="Thème",
    axe_libelles={},
    legal_end=lambda contrat, today: (contrat.fin, None),
    successeur="",
    qpv_code_problem=lambda code, today: None,
    skeleton=lambda catalogue, today, only: "format: essai/1\n",
    summarise=_summary,
)

REFERENTIEL = """\
format: referentiel/1
id: essai
version: 2100-01-01
titre: Cadre d'essai
statut: en-vigueur
nature: cadre
national: true
applicable: {generations: [essai]}
unite: {pluriel: exigences, feminin: true}
sources:
  S1: {adresse: "https://exemple.invalid/texte"}
axes:
  - {id: a, libelle: Axe A, type: exigences, sources: [S1]}
items:
  - {id: signature, libelle: Contrat signé, axe: a, sources: [S1], confiance: confirme,
     controle: essai-signature, force: {niveau: obligatoire, texte: Loi d'essai, sources: [S1]}}
  - {id: theme, libelle: Une action, axe: a, sources: [S1], confiance: confirme,
     force: {niveau: attendu, texte: Circulaire d'essai, sources: [S1]}}
"""


@pytest.fixture
def toy(tmp_path: Path) -> Iterator[Path]:
    register_schema("essai", SCHEMA)
    registry.register(TOY)
    folder = tmp_path / "referentiels"
    folder.mkdir()
    (folder / "essai@2100-01-01.yaml").write_text(REFERENTIEL, encoding="utf-8")
    yield folder
    registry.unregister("essai/1")


def _check(text: str, folder: Path) -> tuple[list[tuple[str, int]], dict[str, Status]]:
    catalogue, problems = read_catalogue([folder])
    assert not [p for p in problems if p.severity is Severity.ERREUR]
    result = check_bytes(
        textwrap.dedent(text).encode(), "essai.yaml", Settings(catalogue, dt.date(2101, 6, 1))
    )
    statuses = {i.reference: i.status for c in result.referentiels for i in c.items}
    return [(f.code, f.position.line) for f in result.findings], statuses


def test_toy_format_end_to_end(toy: Path) -> None:
    findings, statuses = _check(
        """\
        format: essai/1
        nom: Essai
        debut: 2100-01-01
        fin: 2105-12-31
        actions: []
        """,
        toy,
    )
    # Its own rule, at its line; its control rates the cadre item; the other item is a gap.
    assert ("CC990", 5) in findings
    assert statuses == {"essai:signature": Status.MANQUANTE, "essai:theme": Status.MANQUANTE}
    # The control's verdict is reported by no rule of the format: it is a gap like any other
    # (CC401, at the severity of the item's force), beside the gap of the action-rated item.
    assert [code for code, _ in findings] == ["CC401", "CC401", "CC990"]


def test_toy_format_schema_and_control(toy: Path) -> None:
    findings, statuses = _check(
        """\
        format: essai/1
        nom: Essai
        debut: 2100-01-01
        fin: 2105-12-31
        signe_le: 2100-02-01
        actions:
          - {id: A1, titre: T, statut: prevue, references: [essai:theme], couleur: bleu}
        """,
        toy,
    )
    assert findings == [("CC203", 7)]  # its own schema refuses the unknown key
    findings, statuses = _check(
        """\
        format: essai/1
        nom: Essai
        debut: 2100-01-01
        fin: 2105-12-31
        signe_le: 2100-02-01
        actions:
          - {id: A1, titre: T, statut: prevue, references: [essai:theme]}
        """,
        toy,
    )
    assert statuses["essai:signature"] is Status.COUVERTE
    assert statuses["essai:theme"] is Status.PARTIELLE
    assert [code for code, _ in findings] == ["CC402"]


def test_unknown_control_is_a_referentiel_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Without the toy format registered, its control is unknown: CC707, never dropped.
    (tmp_path / "essai@2100-01-01.yaml").write_text(REFERENTIEL, encoding="utf-8")
    code, out, _ = run("referentiels", "validate", "--referentiels", str(tmp_path))
    assert code == 1
    assert "CC707" in out and "essai-signature" in out


def test_rule_declared_once_is_in_the_format() -> None:
    assert isinstance(check_no_action, Rule) and check_no_action.check is not None
    assert check_no_action.resume == "Le contrat d'essai n'a aucune action."


def test_toy_format_schema_messages_without_titles(toy: Path) -> None:
    """A plug-in's schema gets the same French findings: its own bounds, a field without title."""
    catalogue, _ = read_catalogue([toy])
    text = textwrap.dedent(
        f"""\
        format: essai/1
        nom: {"N" * 81}
        code: X12
        debut: 2100-01-01
        fin: 2105-12-31
        actions: []
        """
    )
    result = check_bytes(text.encode(), "essai.yaml", Settings(catalogue, dt.date(2101, 6, 1)))
    assert [(f.code, f.position.line, f.message) for f in result.findings] == [
        ("CC208", 2, "« nom » (Nom) dépasse 80 caractères"),
        ("CC206", 3, "code mal formé : « X12 » (code)"),
    ]


@emitted("CC991", "essai-lecture", E, "calendrier")
def emitted_by_the_reader() -> None:
    """Le lecteur du format d'essai signale ce constat lui-même (la règle n'a pas de test)."""


def test_a_rule_without_check_does_not_stop_the_next_ones(toy: Path) -> None:
    registry.register(dataclasses.replace(TOY, rules=(emitted_by_the_reader, check_no_action)))
    findings, _ = _check(
        """\
        format: essai/1
        nom: Essai
        debut: 2100-01-01
        fin: 2105-12-31
        actions: []
        """,
        toy,
    )
    assert ("CC990", 5) in findings


_VIEWS = ("contratcheck.formats.cdv1.view", "contratcheck.formats.cdv2.view")


@pytest.mark.parametrize(
    ("contracts", "imported"),
    [
        (["contrat-aligne.yaml"], [True, False]),
        (["2024-paris-vallee-de-la-marne.yaml"], [False, True]),
        (["contrat-aligne.yaml", "2024-paris-vallee-de-la-marne.yaml"], [True, True]),
    ],
)
def test_a_check_imports_the_views_of_the_formats_it_reads(
    tmp_path: Path, contracts: list[str], imported: list[bool]
) -> None:
    """A format's view is read when a contract of that format is: 24 classes of format 2 cost
    a format-1 check ~20 ms of its start-up (benchmarks/run.py --cas moyen)."""
    paths = [EXAMPLES / name for name in contracts]
    assert modules_after_check(tmp_path, paths, _VIEWS) == repr([0, *imported])
