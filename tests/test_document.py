"""Loading YAML with positions, and every kind of broken or hostile input."""

from __future__ import annotations

import string
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contratcheck.document import MAX_BYTES, load_document
from contratcheck.model import Position

from .conftest import TESTS

BROKEN = TESTS / "inputs" / "casses"

# file → (code, line, column) of the single finding it must give.
READING_CASES = {
    "syntaxe.yaml": ("CC103", 3, 15),
    "tabulation.yaml": ("CC103", 3, 1),
    "alias-non-defini.yaml": ("CC103", 2, 10),
    "cle-dupliquee.yaml": ("CC104", 9, 1),
    "etiquette-python.yaml": ("CC105", 2, 10),
    "etiquette-perso.yaml": ("CC105", 2, 10),
    "bombe-alias.yaml": ("CC106", 1, 36),
    "imbrication.yaml": ("CC107", 67, 131),
    "imbrication-crochets.yaml": ("CC107", 2, 1003),
    "vide.yaml": ("CC109", 1, 1),
    "commentaires-seuls.yaml": ("CC109", 1, 1),
    "racine-liste.yaml": ("CC110", 1, 1),
    "racine-texte.yaml": ("CC110", 1, 1),
    "plusieurs-documents.yaml": ("CC111", 13, 1),
    "windows-1252.yaml": ("CC101", 3, 25),
    "octet-nul.yaml": ("CC101", 2, 10),
    "utf16.yaml": ("CC102", 1, 1),
}


@pytest.mark.parametrize(("name", "expected"), sorted(READING_CASES.items()))
def test_broken_file_gives_one_positioned_finding(
    name: str, expected: tuple[str, int, int]
) -> None:
    document, findings = load_document((BROKEN / name).read_bytes(), name)
    assert [(f.code, f.position.line, f.position.column) for f in findings] == [expected]
    assert findings[0].file == name
    if expected[0] != "CC104":  # a duplicate key still loads, the first value kept
        assert document is None


def test_windows_1252_message_says_how_to_convert() -> None:
    _, findings = load_document((BROKEN / "windows-1252.yaml").read_bytes(), "f.yaml")
    assert "Windows-1252" in findings[0].message
    assert "iconv -f WINDOWS-1252 -t UTF-8" in findings[0].hint


def test_custom_tag_is_never_constructed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "pirate"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    load_document(text.encode(), "x.yaml")
    assert not marker.exists()


def test_positions_of_values_and_keys() -> None:
    text = textwrap.dedent(
        """\
        format: x
        actions:
          - id: A1
            references: [paqte:former, "paqte:acheter"]
        """
    )
    document, findings = load_document(text.encode(), "x.yaml")
    assert findings == [] and document is not None
    assert document.position(("actions", 0, "id")) == Position(3, 9)
    assert document.key_position(("actions", 0, "id")) == Position(3, 5)
    assert document.position(("actions", 0, "references", 1)) == Position(4, 32)
    assert document.position(("actions", 0, "absent")) == Position(3, 5)


def test_dates_stay_strings_and_bom_and_crlf_load() -> None:
    raw = "\ufeffformat: x\r\ndebut: 2015-01-01\r\nn: 12\r\n".encode()
    document, findings = load_document(raw, "x.yaml")
    assert findings == [] and document is not None
    assert document.data == {"format": "x", "debut": "2015-01-01", "n": 12}
    assert document.position(("n",)) == Position(3, 4)


def test_merge_keys_are_supported_and_bounded_aliases_allowed() -> None:
    text = "base: &b {pilote: Ville, statut: prevue}\nact:\n  <<: *b\n  statut: en-cours\n"
    document, findings = load_document(text.encode(), "x.yaml")
    assert findings == [] and document is not None
    assert document.data["act"] == {"pilote": "Ville", "statut": "en-cours"}


def test_oversized_file_is_refused_without_parsing() -> None:
    document, findings = load_document(b"a: 1\n" * (MAX_BYTES // 5 + 1), "gros.yaml")
    assert document is None and [f.code for f in findings] == ["CC108"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_give_findings(raw: bytes) -> None:
    document, findings = load_document(raw, "x.yaml")
    assert document is not None or findings
    for finding in findings:
        assert finding.position.line >= 1 and finding.position.column >= 1
        assert finding.message


_yaml_alphabet = string.ascii_letters + string.digits + " :-[]{}&*!#|>'\"\n\t,.?%@`éà"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_yaml_alphabet, max_size=300))
def test_any_yaml_like_text_loads_or_gives_findings(text: str) -> None:
    document, findings = load_document(text.encode(), "x.yaml")
    assert document is not None or findings
    lines = text.count("\n") + 2
    for finding in findings:
        assert 1 <= finding.position.line <= lines


# YAML folds line separators and forbids surrogates and most control characters.
_json_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")), max_size=10
)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.one_of(_json_text, st.integers(), st.booleans(), st.none()),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(_json_text.filter(bool), children, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_every_loaded_value_has_a_position(value: object) -> None:
    import json

    text = json.dumps({"root": value}, ensure_ascii=False)
    document, findings = load_document(text.encode(), "x.json")
    assert document is not None and findings == []

    def walk(node: object, path: tuple[object, ...]) -> None:
        assert path in document.positions
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, (*path, key))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*path, index))

    walk(document.data, ())
