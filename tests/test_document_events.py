"""The two ways of reading YAML agree: straight from libyaml's events, and through the node graph.

The event path reads the common file; the node path reads the rest (anchors, merge keys,
errors). On any file the event path accepts, both must give the same data (same types), the
same findings and the same positions.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contratcheck.loading import document as loader
from contratcheck.model import Finding, Position

from .conftest import TESTS


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _agree(raw: bytes) -> bool:
    """Whether the event path read raw; asserts that it agrees with the node path."""
    source = loader._decode(raw, "x.yaml")
    if isinstance(source, Finding):
        return False
    builder = loader._EventBuilder(source, "x.yaml")
    try:
        data, locator = builder.run()
    except loader._Fallback:
        return False
    by_nodes, findings = loader._load_nodes(source, raw, "x.yaml")
    assert builder.findings == findings
    if builder.refused_tags:
        assert by_nodes is None
        return True
    assert by_nodes is not None
    by_events = loader._document("x.yaml", data, source, raw, locator)
    assert _same(by_events.data, by_nodes.data)
    assert list(by_events.positions.items()) == list(by_nodes.positions.items())
    assert list(by_events.key_positions.items()) == list(by_nodes.key_positions.items())
    return True


def test_every_fixture_reads_the_same_both_ways() -> None:
    read = [_agree(path.read_bytes()) for path in sorted(TESTS.rglob("*.yaml"))]
    assert sum(read) > 20  # most fixtures take the event path


_LINES = st.sampled_from(
    [
        "a: 1",
        "b: yes",
        "c: ~",
        "d: 2015-01-01",
        'e: "x"',
        "f: !!str 3",
        "- x",
        "  - y",
        "g:",
        "  h: 0x1F",
        "  i: [1, 2.5, .inf, -.5, 1_000, 010, 1:30]",
        "j: {k: v, k: w}",
        "p: !!float 1",
        "q: !x y",
        "  - {r: s}",
        "a: 2",
        "aa: ! 12",
        "ab: !!timestamp 2020-01-01",
        "ac: !!seq [1]",
        "ad: !!map {}",
        "ae: !!set {x}",
        "af: =",
        "ag: NULL",
        "ah: ''",
        "  ai: 'Off'",
        "aj: Off",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_LINES, max_size=12))
def test_generated_lines_read_the_same_both_ways(lines: list[str]) -> None:
    _agree(("\n".join(lines) + "\n").encode())


_ALPHABET = string.ascii_letters[:8] + string.digits + " :-[]{}!#|>'\"\n,.~<=+é"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_yaml_like_text_reads_the_same_both_ways(text: str) -> None:
    _agree(text.encode())


def test_positions_are_a_read_only_mapping() -> None:
    document, _ = loader.load_document(b"a:\n  - {b: 1}\n  - x\n", "x.yaml")
    assert document is not None
    assert dict(document.positions) == {
        (): Position(1, 1),
        ("a",): Position(2, 3),
        ("a", 0): Position(2, 5),
        ("a", 0, "b"): Position(2, 9),
        ("a", 1): Position(3, 5),
    }
    assert dict(document.key_positions) == {("a",): Position(1, 1), ("a", 0, "b"): Position(2, 6)}
    assert ("a", 2) not in document.positions and ("a", 0) not in document.key_positions
    assert document.positions.get(("a", "b")) is None and len(document.positions) == 5
    assert document.position(("a", 0, "zz", 3)) == Position(2, 5)


def test_a_key_written_after_a_merge_keeps_its_own_position() -> None:
    raw = b"base: &b {x: 1, y: 2}\nm:\n  x: 3\n  <<: *b\n"
    document, findings = loader.load_document(raw, "x.yaml")
    assert document is not None and findings == []
    assert document.data["m"] == {"y": 2, "x": 3}
    assert document.key_position(("m", "x")) == Position(3, 3)
    assert document.position(("m", "x")) == Position(3, 6)
    # A merged key points at the anchored block it comes from.
    assert document.position(("m", "y")) == Position(1, 20)


def test_a_file_with_a_yaml_only_line_break_is_placed_in_the_lines_users_see() -> None:
    raw = 'a: "x\u2028y"\nb:\n  - 1\n'.encode()
    document, _ = loader.load_document(raw, "x.yaml")
    assert document is not None
    assert document.position(("b", 0)) == Position(3, 5)
    assert document.key_position(("b",)) == Position(2, 1)


def _by_events(raw: bytes) -> Any:
    """The data the event path reads (it must not leave the file to the node path)."""
    source = loader._decode(raw, "x.yaml")
    assert not isinstance(source, Finding)
    data, _ = loader._EventBuilder(source, "x.yaml").run()
    return data


def test_the_event_path_reads_what_it_is_meant_for_without_falling_back() -> None:
    # A duplicate key whose value is a block: skipped by events (the node path is for anchors).
    raw = b"a:\n  b: 1\na:\n  c: [2, {d: 3}]\ne: 4\n"
    assert _by_events(raw) == {"a": {"b": 1}, "e": 4}
    # The non-specific tag « ! »: resolved as PyYAML's loaders resolve it (even quoted).
    data = _by_events(b"n: ! 12\nb: ! yes\nf: ! 1.5\nd: ! 2024-01-01\nz: ! 0\nq: ! '7'\n")
    assert data == {"n": 12, "b": True, "f": 1.5, "d": "2024-01-01", "z": 0, "q": 7}
    assert [type(v) for v in data.values()] == [int, bool, float, str, int, int]
    by_nodes, _ = loader._load_nodes(
        b"n: ! 12\nb: ! yes\nf: ! 1.5\nd: ! 2024-01-01\nz: ! 0\nq: ! '7'\n", b"", "x.yaml"
    )
    assert by_nodes is not None and _same(by_nodes.data, data)


def test_values_their_tag_cannot_hold_are_refused_with_what_was_expected() -> None:
    cases = {
        b"x: !!float abc\n": "valeur invalide : attendu un nombre décimal (!!float)",
        b"x: !!bool peut-etre\n": "valeur invalide : attendu oui/non (!!bool : true ou false)",
        b"x: !!int douze\n": "valeur invalide : attendu un nombre entier (!!int)",
        b"x: " + b"9" * 101 + b"\n": (
            "valeur invalide (101 chiffres) : attendu un nombre entier raisonnable"
        ),
    }
    for raw, message in cases.items():
        document, findings = loader.load_document(raw, "x.yaml")
        assert document is None
        assert [(f.code, f.message, f.position) for f in findings] == [
            ("CC103", message, Position(1, 4))
        ], raw
