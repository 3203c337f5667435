"""A YAML syntax error points at the open quote or bracket, and says where the parser stopped."""

from __future__ import annotations

import pytest

from contratcheck.loading.document import load_document


@pytest.mark.parametrize(
    ("text", "start", "stopped", "words"),
    [
        ('a:\n  b: "pas fermé\n  c: 1\n  d: 2\n', (2, 6), "ligne 5, colonne 1", "guillemet"),
        ("a: [1, 2\nb: 3\n", (1, 4), "ligne 2, colonne 2", "crochet"),
        ("a: {x: 1\nb: 3\n", (1, 4), "ligne 2", "accolade"),
    ],
)
def test_syntax_error_names_where_the_construct_began(
    text: str, start: tuple[int, int], stopped: str, words: str
) -> None:
    document, findings = load_document(text.encode(), "c.yaml")
    assert document is None
    (finding,) = findings
    assert finding.code == "CC103"
    assert (finding.position.line, finding.position.column) == start
    assert stopped in finding.message and words in finding.message
