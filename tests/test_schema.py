"""Schema findings: one French finding per mistake, and two validators that agree."""

from __future__ import annotations

import pytest

from contratcheck.loading.document import load_document
from contratcheck.loading.schema import check_schema, is_siren, is_valid_fast, is_valid_full

from .conftest import EXAMPLES, TESTS

BROKEN = TESTS / "inputs" / "casses"

SCHEMA_CASES = {
    "cle-inconnue.yaml": ("CC203", 17, 5, "vouliez-vous dire « pilote » ?"),
    "cle-obligatoire.yaml": ("CC202", 2, 1, "clé obligatoire « nom »"),
    "qpv-mal-forme.yaml": ("CC206", 8, 14, "Code QPV mal formé : « QPV001 »"),
    "insee-mal-forme.yaml": ("CC206", 6, 20, "Code INSEE de la commune mal formé"),
    "siren-invalide.yaml": ("CC207", 4, 51, "clé de contrôle"),
    "siren-non-quote.yaml": ("CC201", 4, 51, "doit être un texte, pas un nombre entier"),
    "date-inexistante.yaml": ("CC205", 11, 8, "la date « 2019-13-01 » n'existe pas"),
    "date-format-fr.yaml": ("CC205", 11, 8, "n'est pas une date au format AAAA-MM-JJ"),
    "type-incorrect.yaml": ("CC201", 12, 10, "doit être une liste"),
    "format-absent.yaml": ("CC200", 1, 1, "clé « format » manquante"),
    "format-inconnu.yaml": ("CC200", 1, 9, "format « contrat-de-ville/9 » inconnu"),
    "statut-inconnu.yaml": ("CC204", 13, 63, "vouliez-vous dire « en-cours » ?"),
}


def _findings(name: str):  # type: ignore[no-untyped-def]
    document, findings = load_document((BROKEN / name).read_bytes(), name)
    assert document is not None and findings == []
    return check_schema(document)


@pytest.mark.parametrize(("name", "expected"), sorted(SCHEMA_CASES.items()))
def test_one_mistake_gives_exactly_one_french_finding(
    name: str, expected: tuple[str, int, int, str]
) -> None:
    code, line, column, text = expected
    findings = _findings(name)
    assert [(f.code, f.position.line, f.position.column) for f in findings] == [
        (code, line, column)
    ]
    assert text in findings[0].message


def test_quoting_hint_for_numbers_that_should_be_text() -> None:
    (finding,) = _findings("siren-non-quote.yaml")
    assert finding.hint.startswith('écrivez la valeur entre guillemets : "200071751"')


def test_unknown_key_finding_points_at_the_key() -> None:
    (finding,) = _findings("cle-inconnue.yaml")
    assert finding.path == ("actions", 0, "piloteur")


@pytest.mark.parametrize(
    ("siren", "valid"),
    [
        ("200071751", True),
        ("242503886", True),
        ("200065647", True),
        ("200054781", True),
        ("200071752", False),
        ("123456789", False),
    ],
)
def test_siren_luhn(siren: str, valid: bool) -> None:
    assert is_siren(siren) is valid


def _all_documents():  # type: ignore[no-untyped-def]
    paths = sorted(EXAMPLES.glob("*.yaml")) + sorted(BROKEN.glob("*.yaml"))
    paths += sorted((TESTS / "cases").glob("*/contrat.yaml"))
    for path in paths:
        document, _ = load_document(path.read_bytes(), path.name)
        if document is not None:
            yield pytest.param(document, id=str(path.relative_to(TESTS.parent)))


@pytest.mark.parametrize("document", list(_all_documents()))
def test_fast_and_full_validators_agree(document) -> None:  # type: ignore[no-untyped-def]
    assert is_valid_fast(document.data) == is_valid_full(document.data)


def test_validators_agree_on_a_set_of_broken_examples() -> None:
    # Sanity: the agreement test above sees both verdicts.
    verdicts = {is_valid_fast(d.values[0].data) for d in _all_documents()}
    assert verdicts == {True, False}


def _schema_of(document) -> str:  # type: ignore[no-untyped-def]
    return "contrat-v2" if document.data.get("format") == "contrat-de-ville/2" else "contrat"


def _invalid_documents():  # type: ignore[no-untyped-def]
    paths = sorted(TESTS.rglob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))
    for path in paths:
        document, _ = load_document(path.read_bytes(), path.name)
        if document is None or not isinstance(document.data, dict):
            continue
        if not is_valid_fast(document.data, _schema_of(document)):
            yield pytest.param(document, id=str(path.relative_to(TESTS.parent)))
    # Mistakes spread over a long contract: in actions, in a top-level block, at the root.
    for example in ("contrat-aligne.yaml", "2024-paris-vallee-de-la-marne.yaml"):
        text = (EXAMPLES / example).read_text(encoding="utf-8")
        text = text.replace("    statut: ", "    piloteur: x\n    statut: ", 3)
        text = text.replace("  debut: 20", "  debut: 19", 1) + "cle_inconnue: 1\n"
        document, _ = load_document(text.encode(), example)
        assert document is not None
        yield pytest.param(document, id=f"{example}-abime")


@pytest.mark.parametrize("document", list(_invalid_documents()))
def test_translating_only_the_faulty_parts_gives_the_same_findings(document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from contratcheck.loading import schema

    name = _schema_of(document)
    pruned = check_schema(document, name)
    monkeypatch.setattr(schema, "_pruned", lambda root, data, bad: root)
    assert check_schema(document, name) == pruned
    assert pruned, "an invalid document has findings"


def test_the_faulty_parts_are_found_among_many_valid_ones() -> None:
    from contratcheck.loading.schema import _pruned

    root = {"properties": {"a": {"type": "array", "items": {"type": "string"}}, "b": {}}}
    pruned = _pruned(root, {"a": ["x", 1, "y"], "b": 2}, {("a", 1)})
    assert pruned["properties"]["b"] is True
    assert pruned["properties"]["a"]["prefixItems"] == [True, {"type": "string"}, True]
    # An error on the list itself, or at the root only: the list is validated whole.
    assert _pruned(root, {"a": ["x"]}, {("a",)})["properties"]["a"] == root["properties"]["a"]
    assert _pruned(root, {"a": ["x"]}, {()})["properties"] == {"a": True, "b": {}}


def _plugin_findings(name: str, schema: dict, text: str) -> list:  # type: ignore[type-arg]
    from contratcheck.loading.schema import register_schema

    register_schema(name, schema)
    document, findings = load_document(text.encode(), "essai.yaml")
    assert document is not None and findings == []
    return [(f.code, f.message, f.hint) for f in check_schema(document, name)]


def test_a_value_only_jsonschema_rs_refuses_is_still_reported_with_its_reason() -> None:
    """jsonschema-rs reads « \\d » as ASCII digits, jsonschema as any digit: say it plainly."""
    import jsonschema_rs

    schema = {
        "type": "object",
        "properties": {
            "format": {"const": "essai/1"},
            "n": {"type": "string", "pattern": "^\\d+$"},
        },
    }
    reason = next(iter(jsonschema_rs.validator_for(schema).iter_errors({"n": "١٢"}))).message
    assert _plugin_findings("essai-chiffres", schema, "format: essai/1\nn: '١٢'\n") == [
        ("CC299", "« n » ne respecte pas le format du contrat", reason)
    ]


def test_a_plugin_schema_without_format_or_properties() -> None:
    from contratcheck.loading.schema import expected_format, register_schema

    register_schema("essai-nu", {"type": "object", "required": ["format", "x"]})
    assert expected_format("essai-nu") == ""
    found = _plugin_findings("essai-nu", {"type": "object", "required": ["x"]}, "format: a/1\n")
    assert [(code, message) for code, message, _ in found] == [
        ("CC202", "clé obligatoire « x » manquante dans « (racine) »")
    ]


def test_a_value_under_its_minimum() -> None:
    schema = {
        "type": "object",
        "properties": {
            "format": {"const": "essai/1"},
            "m": {"type": "number", "minimum": 0, "title": "Montant"},
        },
    }
    found = _plugin_findings("essai-minimum", schema, "format: essai/1\nm: -5\n")
    assert [(code, message) for code, message, _ in found] == [
        ("CC208", "« m » (Montant) vaut -5, en dessous du minimum 0")
    ]


@pytest.mark.parametrize(
    ("written", "code", "message"),
    [
        ("abc", "CC205", "« abc » n'est pas une date reconnue, dans « periode.signature »"),
        ("2024-13", "CC205", "« 2024-13 » n'est pas une date reconnue, dans « periode.signature »"),
        ("2024-02-30", "CC205", "la date « 2024-02-30 » n'existe pas, dans « periode.signature »"),
        ("20240", "CC208", "« periode.signature » (Date de signature) vaut 20240, au-dessus"),
    ],
)
def test_a_mistyped_event_date_is_called_a_date(written: str, code: str, message: str) -> None:
    """Not « doit être un nombre entier, pas un texte »: the integer branch is the year's."""
    text = (EXAMPLES / "2024-paris-vallee-de-la-marne.yaml").read_text(encoding="utf-8")
    assert "\n  signature: 2024-04-29\n" in text
    text = text.replace("\n  signature: 2024-04-29\n", f"\n  signature: {written}\n")
    document, _ = load_document(text.encode(), "contrat.yaml")
    assert document is not None
    findings = check_schema(document, "contrat-v2")
    assert [(f.code, f.message.startswith(message)) for f in findings] == [(code, True)], findings
    if code == "CC205":
        assert findings[0].hint == (
            "Date de signature du contrat : AAAA-MM-JJ, AAAA-MM, AAAA, ou « inconnue »."
        )
