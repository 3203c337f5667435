"""Format 2 (2024–2030) end to end: the two shipped examples, its dates, its registration."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from contratcheck.formats.cdv2 import FORMAT_2
from contratcheck.formats.cdv2.checks import legal_end, qpv_code_problem
from contratcheck.formats.cdv2.dates import add_month, parse_partial
from contratcheck.formats.registry import control_names, format_for_date, get_format
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import read_catalogue

from .conftest import EXAMPLES

COVERAGE = ("CC401", "CC402", "CC403")


def _findings(run, name: str) -> tuple[int, list[tuple[str, str, int]]]:  # type: ignore[no-untyped-def]
    code, out, _ = run("check", "--date", "2026-12-01", "-f", "json", f"examples/{name}")
    found = json.loads(out)["fichiers"][0]["constats"]
    return code, [(f["code"], f["gravite"], f["ligne"]) for f in found if f["code"] not in COVERAGE]


def test_paris_vallee_de_la_marne_has_only_its_late_signature(run) -> None:  # type: ignore[no-untyped-def]
    _, found = _findings(run, "2024-paris-vallee-de-la-marne.yaml")
    assert found == [("CC520", "avertissement", 89)]


def test_paris_vallee_de_la_marne_passes(run) -> None:  # type: ignore[no-untyped-def]
    code, _ = _findings(run, "2024-paris-vallee-de-la-marne.yaml")
    assert code == 0


def test_gaps_example_finds_exactly_what_its_header_lists(run) -> None:  # type: ignore[no-untyped-def]
    code, found = _findings(run, "2024-lacunes.yaml")
    assert code == 1
    assert found == [
        ("CC509", "erreur", 46),  # 1. QP code of 2015
        ("CC537", "avertissement", 87),  # 5. P3 without indicator
        ("CC601", "avertissement", 121),  # 6. « Entrepreneuriat pour tous » in the title
        ("CC540", "avertissement", 131),  # 6. fdr2018 reference, successor named
        ("CC531", "erreur", 231),  # 4. TFPB without convention
        ("CC527", "avertissement", 237),  # 2. no report on 2024
        ("CC528", "avertissement", 244),  # 3. consulted 14 days before
    ]


def test_text_output_speaks_french_with_french_dates(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("check", "--date", "2026-12-01", "examples/2024-lacunes.yaml")
    text = " ".join(out.split())
    assert "le 16 juin 2026, 14 jours avant son adoption le 30 juin 2026" in text
    assert "civ2023:entrepreneuriat-quartiers-2030" in text
    assert "liste des QPV 2024" in text


def test_summary_names_the_priorities(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(
        "check", "--date", "2026-12-01", "-f", "json", "examples/2024-paris-vallee-de-la-marne.yaml"
    )
    result = json.loads(out)["fichiers"][0]
    assert result["valide"] is True
    assert "cadre2024" in {r["id"] for r in result["referentiels"]}


def test_format_2_is_registered_with_its_controls(catalogue: Catalogue) -> None:
    assert get_format("contrat-de-ville/2") is FORMAT_2
    assert format_for_date(dt.date(2024, 1, 1)) is FORMAT_2
    assert format_for_date(dt.date(2023, 12, 31)).id == "contrat-de-ville/1"
    named = {
        item.controle
        for versions in catalogue.versions.values()
        for referentiel in versions
        for item in referentiel.items
        if item.controle and "2024-2030" in referentiel.generations
    }
    assert named <= {c.name for c in FORMAT_2.controls} <= control_names()
    _, findings = read_catalogue()
    assert not [f for f in findings if f.code == "CC707"]


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("2024-04-29", "2024-04-29", "2024-04-29"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2024", "2024-01-01", "2024-12-31"),
        (2023, "2023-01-01", "2023-12-31"),
    ],
)
def test_partial_dates(value: object, earliest: str, latest: str) -> None:
    found = parse_partial(value)
    assert found is not None
    assert (str(found.earliest), str(found.latest)) == (earliest, latest)


def test_partial_date_comparisons() -> None:
    limit = dt.date(2024, 3, 31)
    assert parse_partial("2024-03").on_or_before(limit) is True  # type: ignore[union-attr]
    assert parse_partial("2024").on_or_before(limit) is None  # type: ignore[union-attr]
    assert parse_partial("2024-04").on_or_before(limit) is False  # type: ignore[union-attr]
    assert parse_partial("inconnue").before(limit) is None  # type: ignore[union-attr]
    assert parse_partial("2024-04").french() == "avril 2024"  # type: ignore[union-attr]
    assert add_month(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)


def test_qp_codes_by_geography() -> None:
    assert qpv_code_problem("QN00101M", dt.date(2026, 1, 1)) is None
    assert qpv_code_problem("QP001001", dt.date(2023, 12, 31)) is None
    assert "liste des QPV 2024" in (qpv_code_problem("QP001001", dt.date(2024, 1, 1)) or "")
    assert qpv_code_problem("QP971001", dt.date(2024, 12, 31)) is None
    assert "2024-1212" in (qpv_code_problem("QP971001", dt.date(2025, 1, 1)) or "")


def test_nothing_of_this_generation_ends_before_2031() -> None:
    from contratcheck.formats.cdv2.view import read_contrat
    from contratcheck.loading.document import load_document

    raw = (EXAMPLES / "2024-lacunes.yaml").read_bytes()
    document, _ = load_document(raw, "lacunes")
    assert document is not None
    contrat = read_contrat(document)
    assert contrat.fin == dt.date(2029, 12, 31)
    end, basis = legal_end(contrat, dt.date(2030, 6, 1))
    assert end == dt.date(2030, 12, 31) and basis and "2029 et 2030" in basis
