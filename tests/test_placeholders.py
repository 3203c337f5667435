"""CC541 finds « À compléter » however YAML writes it (the whole-text search is only a shortcut)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import TESTS

CASE = TESTS / "cases2" / "placeholders" / "contrat.yaml"
LINE = (
    "  - {id: P1, libelle: Priorité à compléter, "
    "priorites_transversales: [emploi-developpement-economique], objectifs: [À compléter]}"
)


def _placeholders(run, tmp_path: Path, replacement: str) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    text = CASE.read_text(encoding="utf-8")
    assert LINE in text
    path = tmp_path / "contrat.yaml"
    path.write_text(text.replace(LINE, replacement), encoding="utf-8")
    code, out, err = run("check", "--date", "2024-06-01", "-f", "json", str(path))
    assert code == 0, err
    findings = json.loads(out)["fichiers"][0]["constats"]
    return [(f["ligne"], f["message"]) for f in findings if f["code"] == "CC541"]


def test_an_escaped_placeholder_is_found(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    escaped = (
        '  - {id: P1, libelle: "Priorit\\u00e9 \\u00e0 compl\\u00e9ter", '
        "priorites_transversales: [emploi-developpement-economique], objectifs: [Réduire]}"
    )
    assert (21, "valeur laissée à compléter : « Priorité à compléter »") in _placeholders(
        run, tmp_path, escaped
    )


def test_a_placeholder_folded_over_two_lines_is_found(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folded = (
        "  - id: P1\n    libelle: Priorité à\n      COMPLÉTER plus tard\n"
        "    priorites_transversales: [emploi-developpement-economique]\n    objectifs: [Réduire]"
    )
    found = _placeholders(run, tmp_path, folded)
    assert (22, "valeur laissée à compléter : « Priorité à COMPLÉTER plus tard »") in found


def test_without_the_placeholder_nothing_is_reported(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = (
        "  - {id: P1, libelle: Priorité à consolider, "
        "priorites_transversales: [emploi-developpement-economique], objectifs: [Réduire]}"
    )
    assert _placeholders(run, tmp_path, written) == []


_PIECES = st.sampled_from(
    [
        "à",
        "a",
        "A",
        "À",
        "a\u0300",
        " ",
        "\u00a0",
        "\n  ",
        "\t",
        "compléter",
        "COMPLÉTER",
        "comple\u0301ter",
        "completer",
        "ｃｏｍｐｌéter",
        "’",
        "x",
        "é",
        "\\",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=8))
def test_the_whole_text_search_never_misses_a_value(pieces: list[str]) -> None:
    """The shortcut may say « perhaps » wrongly, never « no » wrongly."""
    from contratcheck.formats.cdv2.names import normalise
    from contratcheck.formats.cdv2.rules import PLACEHOLDER, _may_hold_placeholder

    text = "".join(pieces)
    if PLACEHOLDER in normalise(text):
        assert _may_hold_placeholder(text)


def test_accents_are_dropped_as_unicodedata_says_even_for_many_kinds_of_marks() -> None:
    import unicodedata

    from contratcheck.formats.cdv2.names import unaccented

    many = "".join(f"e{chr(mark)}" for mark in range(0x300, 0x370)) + "\u1dc0x\u20d0"
    expected = "".join(c for c in many if not unicodedata.combining(c))
    assert unaccented(many) == expected and "\u0301" not in expected
    assert unaccented("Priorite\u0301 a\u0300 comple\u0301ter") == "Priorite a completer"
