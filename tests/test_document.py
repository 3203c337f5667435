"""Loading YAML with positions, and every kind of broken or hostile input."""

from __future__ import annotations

import string
import textwrap
from datetime import date as dt_date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contratcheck.loading.document import MAX_BYTES, load_document
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
    """A tag is refused, by a positioned finding, and the file yields no document at all."""
    marker = tmp_path / "pirate"
    text = f'format: x\na: !!python/object/apply:os.system ["touch {marker}"]\nb: !perso 1\n'
    document, findings = load_document(text.encode(), "x.yaml")
    assert document is None
    assert [(f.code, f.position.line, f.position.column) for f in findings] == [
        ("CC105", 2, 4),
        ("CC105", 3, 4),
    ]
    assert "« !!python/object/apply:os.system » refusée" in findings[0].message
    assert "« !perso » refusée" in findings[1].message
    assert not marker.exists()
    # Nothing the tag names was constructed, not even as text.
    assert not any("os.system" in str(f.path) for f in findings)


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


def _assert_findings_inside(raw: bytes, findings) -> None:  # type: ignore[no-untyped-def]
    """Each finding names the file, a registered rule, a French sentence and a place that
    exists in the file: a line of it (or the one after its last), a column of that line."""
    from contratcheck.rules.registry import RULES

    for finding in findings:
        assert finding.file == "x.yaml"
        assert finding.code in RULES and finding.severity is not None
        assert finding.message and "Traceback" not in finding.message
        _assert_inside(raw, finding.position)


def _assert_inside(raw: bytes, position) -> None:  # type: ignore[no-untyped-def]
    """A line of the file and a column of that line, or the end of a file without a final
    line break (the line after its last, column 1)."""
    lines = raw.decode("utf-8", errors="replace").removeprefix("\ufeff").split("\n")
    line, column = position.line, position.column
    if line == len(lines) + 1:
        assert column == 1, position
        return
    assert 1 <= line <= len(lines), (position, len(lines))
    assert 1 <= column <= len(lines[line - 1]) + 1, (position, lines[line - 1])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_give_findings(raw: bytes) -> None:
    document, findings = load_document(raw, "x.yaml")
    if document is None:
        # A file that gives no document always says why, with an error.
        assert any(f.severity.value == "erreur" for f in findings)
    else:
        assert isinstance(document.data, dict)
        assert {f.code for f in findings} <= {"CC104"}  # a duplicate key still loads
    _assert_findings_inside(raw, findings)


_yaml_alphabet = string.ascii_letters + string.digits + " :-[]{}&*!#|>'\"\n\t,.?%@`éà"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_yaml_alphabet, max_size=300))
def test_any_yaml_like_text_loads_or_gives_findings(text: str) -> None:
    document, findings = load_document(text.encode(), "x.yaml")
    if document is None:
        assert len(findings) >= 1
        assert all(f.code.startswith("CC1") for f in findings)
    else:
        assert {f.code for f in findings} <= {"CC104"}
        # Every loaded value and key has a position inside the file.
        for position in (*document.positions.values(), *document.key_positions.values()):
            _assert_inside(text.encode(), position)
    _assert_findings_inside(text.encode(), findings)


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


# --- the whole engine on mutated contracts ---------------------------------------------------

_EXAMPLE_LINES = (
    (TESTS.parent / "examples" / "contrat-lacunes.yaml").read_text("utf-8").splitlines()
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(_EXAMPLE_LINES) - 1),
            st.sampled_from(["delete", "duplicate", "blank-value", "number", "date", "text"]),
        ),
        max_size=4,
    )
)
def test_engine_never_raises_on_mutated_contracts(mutations: list[tuple[int, str]]) -> None:
    import datetime as dt

    from contratcheck.engine import Settings, check_bytes

    lines = list(_EXAMPLE_LINES)
    for index, kind in mutations:
        index %= len(lines)
        line = lines[index]
        key, sep, _ = line.partition(": ")
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif sep and kind == "blank-value":
            lines[index] = f"{key}:"
        elif sep and kind == "number":
            lines[index] = f"{key}: 12"
        elif sep and kind == "date":
            lines[index] = f"{key}: 2019-02-30"
        elif sep:
            lines[index] = f"{key}: texte libre"
        if not lines:
            lines = ["a: 1"]
    raw = "\n".join(lines).encode()
    result = check_bytes(raw, "x.yaml", Settings(_catalogue(), dt.date(2021, 3, 1)))
    _assert_result(raw, result)


def _assert_result(raw: bytes, result) -> None:  # type: ignore[no-untyped-def]
    """What any checked file must give: findings inside the file, an exit code that follows
    from them, a broken file that fails, and a JSON report valid against its schema."""
    import json

    import jsonschema

    from contratcheck.model import Report, Severity
    from contratcheck.reporters.json import render

    _assert_findings_inside(raw, result.findings)
    errors = [f for f in result.findings if f.severity is Severity.ERREUR]
    report = Report("2021-03-01", "test", (result,))
    assert report.fails(Severity.ERREUR) is bool(errors)
    if not result.valide:
        # Unreadable or schema-invalid: at least one error says so, and the run fails.
        assert any(f.code[:3] in ("CC1", "CC2") for f in errors), result.findings
    assert result.valide is not any(f.code[:3] in ("CC1", "CC2") for f in errors)
    document = json.loads(render(report))
    schema = json.loads((TESTS.parent / "schemas" / "rapport.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert [f["code"] for f in document["fichiers"][0]["constats"]] == [
        f.code for f in result.findings
    ]


_CATALOGUE = []


def _catalogue():  # type: ignore[no-untyped-def]
    from contratcheck.referentiels.loading import load_catalogue

    if not _CATALOGUE:
        _CATALOGUE.append(load_catalogue())
    return _CATALOGUE[0]


_REFERENCES = [
    "fdr2018:entrepreneuriat-pour-tous",
    "fdr2018:entrepreneuriat-quartiers-2030",
    "fdr2018:credits-sanctuarises",
    "fdr2018:paqte",
    "paqte:emplois-francs",
    "fdr2018:emplois-francs",
    "asso2018:fonjep",
    "cadre2014:perr",
    "cadre2014:jeunesse",
    "dijon:mobilites",
    "p147:1-1",
    "inconnu:item",
    "paqte:inconnu",
]
_DECLARATIONS = [
    "fdr2018",
    "fdr2018@2018-07-18",
    "fdr2018@2024-04-25",
    "paqte",
    "dijon",
    "cadre2014",
    "asso2018",
    "p147",
    "inconnu",
    "paqte@2017-01-01",
]
_DATES = st.dates(min_value=dt_date(2014, 1, 1), max_value=dt_date(2031, 12, 31)).map(
    lambda d: d.isoformat()
)


@settings(max_examples=120, deadline=None)
@given(
    statuses=st.lists(
        st.sampled_from(["prevue", "en-cours", "realisee", "abandonnee"]), min_size=7, max_size=7
    ),
    deadlines=st.lists(st.one_of(st.none(), _DATES), min_size=7, max_size=7),
    references=st.lists(
        st.lists(st.sampled_from(_REFERENCES), max_size=3, unique=True), min_size=7, max_size=7
    ),
    declared=st.one_of(
        st.none(), st.lists(st.sampled_from(_DECLARATIONS), max_size=4, unique=True)
    ),
    period=st.tuples(_DATES, _DATES),
    today=st.dates(min_value=dt_date(2014, 1, 1), max_value=dt_date(2032, 1, 1)),
    drop=st.sets(st.sampled_from(["gouvernance", "volets", "exclusions", "referentiels"])),
)
def test_engine_never_raises_on_valid_contracts(  # type: ignore[no-untyped-def]
    statuses, deadlines, references, declared, period, today, drop
) -> None:
    import yaml

    from contratcheck.engine import Settings, check_bytes

    data = yaml.safe_load((TESTS.parent / "examples" / "contrat-lacunes.yaml").read_text("utf-8"))
    data = json_roundtrip(data)
    for index, action in enumerate(data["actions"]):
        action["statut"] = statuses[index]
        action["references"] = references[index]
        if deadlines[index] is None:
            action.pop("calendrier", None)
        else:
            action["calendrier"] = {"echeance": deadlines[index]}
    if declared is None:
        data.pop("referentiels", None)
    else:
        data["referentiels"] = declared
    data["periode"]["debut"], data["periode"]["fin"] = period
    for key in drop:
        data.pop(key, None)
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    result = check_bytes(raw, "x.yaml", Settings(_catalogue(), today))
    # The data is schema-valid by construction: the contract is read and rated.
    assert result.valide and result.referentiels is not None
    _assert_result(raw, result)


def json_roundtrip(data):  # type: ignore[no-untyped-def]
    import json

    return json.loads(json.dumps(data, default=str))
