"""Reading a file (loading/document.py) and its schema findings (loading/schema.py): every
French syntax message, the scalars YAML reads in surprising ways, and each finding's place."""

from __future__ import annotations

import pytest

from contratcheck.loading.document import MAX_ALIAS_EXPANSION, MAX_DEPTH, load_document
from contratcheck.loading.schema import check_schema, display_path
from contratcheck.model import Position

from .conftest import TESTS
from .contracts import check, contract


def _only(text: str | bytes) -> tuple[str, int, int, str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    document, findings = load_document(raw, "c.yaml")
    assert document is None
    (finding,) = findings
    assert finding.file == "c.yaml"
    return finding.code, finding.position.line, finding.position.column, finding.message


SYNTAX = "erreur de syntaxe YAML : "


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "a: b: c\n",
            1,
            5,
            "un « : » inattendu : une valeur contenant « : » doit être entre guillemets, ou "
            "l'indentation de la ligne est fausse",
        ),
        (
            "a: 1\n? b\nc\n",
            4,
            1,
            "un « : » est attendu après la clé (dans le bloc commencé ligne 3, colonne 1)",
        ),
        (
            "a:\n  b: 1\n c: 2\n",
            3,
            2,
            "indentation incohérente : une clé est attendue à ce niveau (dans le bloc commencé "
            "ligne 1, colonne 1)",
        ),
        (
            "a:\n  - 1\n  b: 2\n",
            3,
            3,
            "indentation incohérente dans la liste (dans le bloc commencé ligne 2, colonne 3)",
        ),
        (
            "a: @x\n",
            1,
            4,
            "caractère interdit en début de valeur (une tabulation ? un « @ » ou un « ` » ?) : "
            "mettez la valeur entre guillemets ou indentez avec des espaces",
        ),
        ("a: *x\n", 1, 4, "alias non défini : aucune ancre « & » de ce nom avant cet endroit"),
        (
            "a: 1\n\t- b\n",
            2,
            1,
            "tabulation dans l'indentation : YAML n'accepte que des espaces (dans le bloc "
            "commencé ligne 1, colonne 4)",
        ),
        ("a: {b: 1, :c}\n", 1, 11, "valeur attendue manquante"),
        ('a: "\\q"\n', 1, 5, "séquence d'échappement inconnue entre guillemets doubles"),
        (
            "a: &x 1\nb: &x 2\n",
            2,
            4,
            "ancre « & » définie deux fois (dans le bloc commencé ligne 1, colonne 4)",
        ),
        ("a: b\x01\n", 1, 5, "caractère de contrôle interdit dans le fichier (U+0001)"),
        # Columns count characters, not the bytes libyaml reads.
        ("é: 1\nà: ç\x01\n", 2, 5, "caractère de contrôle interdit dans le fichier (U+0001)"),
        ("a: 1\nb: 'x\ufffe'\n", 2, 6, "caractère de contrôle interdit dans le fichier (U+FFFE)"),
        ("%YAML 1.1 x\n---\na\n", 1, 11, "texte inattendu après la valeur"),
        ("a: 'x' 'y'\n", 1, 8, "indentation incohérente : une clé est attendue à ce niveau"),
        ("- 'a' b\n", 1, 7, "indentation incohérente dans la liste"),
    ],
)
def test_every_syntax_problem_is_said_in_french(
    text: str, line: int, column: int, message: str
) -> None:
    assert _only(text) == ("CC103", line, column, SYNTAX + message)


@pytest.mark.parametrize(
    ("text", "start", "message"),
    [
        (
            'a:\n  b: "pas fermé\n  c: 1\n',
            (2, 6),
            "le guillemet ouvert ici n'est pas fermé (le lecteur s'est arrêté ligne 4, colonne 1)",
        ),
        (
            "a: [1, 2 }\n",
            (1, 4),
            "le crochet « [ » ouvert ici n'est pas fermé (le lecteur s'est arrêté ligne 1, "
            "colonne 10)",
        ),
        (
            "a: {x: 1 ]\n",
            (1, 4),
            "l'accolade « { » ouverte ici n'est pas fermée (le lecteur s'est arrêté ligne 1, "
            "colonne 10)",
        ),
        (
            "a: |x\n  b\n",
            (1, 4),
            "le bloc de texte commencé ici est mal formé (le lecteur s'est arrêté ligne 1, "
            "colonne 5)",
        ),
    ],
)
def test_an_open_construct_is_reported_where_it_began(
    text: str, start: tuple[int, int], message: str
) -> None:
    document, findings = load_document(text.encode(), "c.yaml")
    assert document is None
    assert [(f.code, f.position.line, f.position.column, f.message) for f in findings] == [
        ("CC103", *start, SYNTAX + message)
    ]
    assert findings[0].hint == "fermez le guillemet ou le crochet sur la même valeur"


def test_an_unknown_problem_is_quoted() -> None:
    code, line, column, message = _only("--- a\n... b\n")
    assert (code, line, column) == ("CC103", 2, 5)
    assert message == (
        "erreur de syntaxe YAML (le lecteur signale : « did not find expected <document start> »)"
    )


# --- scalars ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1.5", 1.5),
        ("-2.25", -2.25),
        ("1.0e+3", 1000.0),
        (".inf", ".inf"),  # no JSON equivalent: kept as its text, the schema says its type
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        (".NaN", ".NaN"),
        ("0", 0),
        ("12", 12),
        ("-3", -3),
        ("+3", 3),
        ("1_000", 1000),
        ("007", 7),  # YAML 1.1: a leading zero is octal
        ("01053", 555),
        ("08", "08"),  # not octal: a string
        ("0x1F", 31),
        ("1:30", 90),  # sexagesimal
        ("1e3", "1e3"),  # YAML 1.1 floats need a dot
        ("yes", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("2019-07-31", "2019-07-31"),  # dates stay strings
        ("! x", "x"),  # the non-specific tag: resolved like a plain scalar
        ("! 12", 12),
    ],
)
def test_scalars_read_as_yaml_1_1_says(written: str, read: object) -> None:
    document, findings = load_document(f"a: {written}\n".encode(), "c.yaml")
    assert findings == [] and document is not None
    assert document.data == {"a": read}
    assert type(document.data["a"]) is type(read)


@pytest.mark.parametrize(
    "tag", ["!!binary aGk=", "!!set {x}", "!!omap []", "!perso x", "!!python/none ''"]
)
def test_other_tags_are_refused_with_their_name(tag: str) -> None:
    code, line, column, message = _only(f"format: x\na: {tag}\n")
    name = tag.split(" ")[0]
    assert (code, line, column) == ("CC105", 2, 4)
    assert message == (
        f"étiquette YAML « {name} » refusée : contratcheck ne lit que des données simples "
        "(texte, nombres, listes, blocs) et n'exécute jamais d'étiquette"
    )


def test_every_refused_tag_is_reported_and_nothing_is_returned() -> None:
    document, findings = load_document(b"a: !x 1\nb: [!y 2]\nc: !z {d: 1}\n", "c.yaml")
    assert document is None
    assert [(f.code, f.position.line, f.position.column) for f in findings] == [
        ("CC105", 1, 4),
        ("CC105", 2, 5),
        ("CC105", 3, 4),
    ]
    assert findings[0].hint == "retirez l'étiquette « ! » de cette valeur"


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        (
            "01053",
            "« contrat.communes[0].code_insee » (Code INSEE de la commune) doit être un texte, "
            "pas un nombre entier",
            'écrivez la valeur entre guillemets : "01053" (sans guillemets, un zéro initial est '
            "perdu)",
        ),
        (
            "75056",
            "« contrat.communes[0].code_insee » (Code INSEE de la commune) doit être un texte, "
            "pas un nombre entier",
            'écrivez la valeur entre guillemets : "75056" (sans guillemets, un zéro initial est '
            "perdu)",
        ),
        (
            "1.5e+3",
            "« contrat.communes[0].code_insee » (Code INSEE de la commune) doit être un texte, "
            "pas un nombre",
            'écrivez la valeur entre guillemets : "1.5e+3"',
        ),
        (
            ".inf",
            "Code INSEE de la commune mal formé : « .inf » (contrat.communes[0].code_insee)",
            None,
        ),
    ],
)
def test_numbers_where_text_is_expected(written: str, message: str, hint: str | None) -> None:
    text = contract().replace('code_insee: "01053"', f"code_insee: {written}")
    findings = [f for f in check(text).findings if f.code.startswith("CC2")]
    assert [f.message for f in findings] == [message]
    assert (findings[0].position.line, findings[0].position.column) == (5, 27)
    if hint is not None:
        assert findings[0].hint == hint


@pytest.mark.parametrize(
    ("written", "actual"), [("2030.5", "un nombre"), (".nan", "un texte"), (".inf", "un texte")]
)
def test_a_float_or_nan_where_an_integer_is_expected(written: str, actual: str) -> None:
    text = contract(
        "actions:\n  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, "
        f"indicateurs: [{{libelle: X, cible: 3, annee_cible: {written}}}]}}\n"
    )
    findings = [f for f in check(text).findings if f.code.startswith("CC2")]
    assert [f.message for f in findings] == [
        "« actions[0].indicateurs[0].annee_cible » (Année de la cible) doit être un nombre "
        f"entier, pas {actual}"
    ]
    assert findings[0].hint == ""


# --- hostile structure -----------------------------------------------------------------------


def test_depth_limit_is_exact() -> None:
    def nested(levels: int) -> bytes:
        keys = "".join("  " * i + "b:\n" for i in range(1, levels))
        return ("a:\n" + keys + "  " * levels + "1\n").encode()

    document, findings = load_document(nested(MAX_DEPTH), "c.yaml")
    assert document is not None and findings == []
    document, findings = load_document(nested(MAX_DEPTH + 1), "c.yaml")
    assert document is None
    assert [f.code for f in findings] == ["CC107"]
    assert findings[0].message == (
        f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : un contrat n'en a jamais besoin"
    )


def test_alias_expansion_limit() -> None:
    # Ten aliases of a list of n values construct about 10 × n values beyond the file's own.
    def bomb(width: int) -> bytes:
        values = ", ".join(["x"] * width)
        return (f"a: &a [{values}]\nb: [" + ", ".join(["*a"] * 10) + "]\n").encode()

    document, findings = load_document(bomb(MAX_ALIAS_EXPANSION // 10 - 10), "c.yaml")
    assert document is not None and findings == []
    document, findings = load_document(bomb(MAX_ALIAS_EXPANSION // 10 + 10), "c.yaml")
    assert document is None
    assert [f.code for f in findings] == ["CC106"]
    assert findings[0].message == (
        f"les alias « * » se développent en plus de {MAX_ALIAS_EXPANSION} valeurs (bombe "
        "d'alias ?) : lecture arrêtée"
    )
    assert findings[0].hint.startswith("réduisez l'usage des ancres")


def test_duplicate_key_message_names_the_first_line() -> None:
    document, findings = load_document(b"a: 1\nb: 2\na: 3\n", "c.yaml")
    assert document is not None and document.data == {"a": 1, "b": 2}
    assert [(f.code, f.position.line, f.position.column, f.message) for f in findings] == [
        (
            "CC104",
            3,
            1,
            "la clé « a » apparaît deux fois dans le même bloc (première occurrence ligne 1) ; "
            "seule la première est lue",
        )
    ]
    assert findings[0].hint == "supprimez ou renommez l'une des deux clés"


def test_complex_keys_and_bad_merges() -> None:
    assert _only("? [a, b]\n: 1\n") == (
        "CC103",
        1,
        3,
        "clé complexe (liste ou bloc utilisé comme clé) : non prise en charge",
    )
    assert _only("a: &x 1\nb:\n  <<: *x\n") == (
        "CC103",
        1,
        4,
        "la clé de fusion « << » attend un bloc ou une liste de blocs",
    )


def test_merge_of_several_blocks_the_first_wins_and_own_keys_win() -> None:
    text = "x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n"
    document, findings = load_document(text.encode(), "c.yaml")
    assert findings == [] and document is not None
    assert document.data["z"] == {"a": 1, "b": 1, "c": 3}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", ("CC109", 1, 1, "le fichier est vide (ou ne contient que des commentaires)")),
        (
            b"- a\n",
            (
                "CC110",
                1,
                1,
                "le contrat doit être un bloc de clés (« format: », « contrat: »…), pas une liste",
            ),
        ),
        (
            b"\n\n  texte\n",
            (
                "CC110",
                3,
                3,
                "le contrat doit être un bloc de clés (« format: », « contrat: »…), pas une "
                "valeur simple",
            ),
        ),
        (
            b"a: 1\n---\nb: 2\n",
            (
                "CC111",
                2,
                1,
                "le fichier contient plusieurs documents YAML (séparés par « --- ») : un fichier "
                "ne doit décrire qu'un seul contrat",
            ),
        ),
        (
            b"a: 1\nb: \xe9t\xe9\n",
            (
                "CC101",
                2,
                4,
                "le fichier n'est pas encodé en UTF-8 (octet 0xE9 invalide) ; l'octet 0xE9 est "
                "« é » en Windows-1252 : le fichier vient sans doute d'un export Windows (Excel, "
                "Word)",
            ),
        ),
        (
            b"a: 1\nb: \x81\n",
            ("CC101", 2, 4, "le fichier n'est pas encodé en UTF-8 (octet 0x81 invalide)"),
        ),
        (
            b"a: 1\nb: x\x00\n",
            (
                "CC101",
                2,
                5,
                "le fichier contient un octet nul : ce n'est pas un fichier texte YAML",
            ),
        ),
        (
            "a: 1\n".encode("utf-16-le"),
            (
                "CC102",
                1,
                1,
                "le fichier est encodé en UTF-16 (ou UTF-32) : contratcheck attend de l'UTF-8",
            ),
        ),
    ],
)
def test_reading_findings_say_what_and_where(
    raw: bytes, expected: tuple[str, int, int, str]
) -> None:
    assert _only(raw) == expected


def test_a_bom_is_skipped_and_positions_count_characters() -> None:
    document, findings = load_document("\ufeffé: [à, b]\n".encode(), "c.yaml")
    assert findings == [] and document is not None
    assert document.position(("é", 1)) == Position(1, 8)
    assert document.key_position(("é",)) == Position(1, 1)
    assert document.position(("é",)) == Position(1, 4)
    assert document.position(()) == Position(1, 1)
    assert document.position(("é", 5, "x")) == Position(1, 4)  # its nearest located ancestor


def test_oversized_message_gives_the_sizes() -> None:
    from contratcheck.loading.document import MAX_BYTES

    document, findings = load_document(b"#" * (MAX_BYTES + 1), "gros.yaml")
    assert document is None
    assert [f.message for f in findings] == [
        "fichier trop volumineux (plus de 8 Mio) : ce n'est sans doute pas un contrat"
    ]
    document, findings = load_document(b"#" * MAX_BYTES, "gros.yaml")
    assert [f.code for f in findings] == ["CC109"]


# --- schema findings -------------------------------------------------------------------------


def _schema(text: str) -> list[tuple[str, int, int, str, str]]:
    document, findings = load_document(text.encode(), "c.yaml")
    assert document is not None and findings == []
    return [
        (f.code, f.position.line, f.position.column, f.message, f.hint)
        for f in check_schema(document)
    ]


def test_display_path() -> None:
    assert display_path(()) == "(racine)"
    path = ("actions", 3, "calendrier", "echeance")
    assert display_path(path) == "actions[3].calendrier.echeance"
    assert display_path((0, "a")) == "[0].a"


def test_unknown_keys_each_get_a_finding_with_the_allowed_ones() -> None:
    found = _schema(contract("volets:\n  culture: {adopte_le: 2016-01-01}\n  sprot: {}\n  zz: 1\n"))
    assert [(c, m) for c, _, _, m, _ in found] == [
        ("CC203", "clé inconnue « sprot » dans « volets » : vouliez-vous dire « sport » ?"),
        ("CC203", "clé inconnue « zz » dans « volets »"),
    ]
    assert found[0][4].startswith("clés permises ici : culture, sport")


def test_missing_keys_each_get_a_finding() -> None:
    text = contract('contrat:\n  porteur: {nature: epci, nom: CA, siren: "200071751"}\n')
    found = _schema(text)
    assert sorted(m for _, _, _, m, _ in found) == [
        "clé obligatoire « communes » (Communes) manquante dans « contrat »",
        "clé obligatoire « nom » (Nom du contrat) manquante dans « contrat »",
        "clé obligatoire « qpv » (Quartiers prioritaires) manquante dans « contrat »",
    ]
    assert {(line, column) for _, line, column, _, _ in found} == {(2, 1)}


def test_missing_format_is_said_once_at_the_top() -> None:
    text = contract().replace("format: contrat-de-ville/1\n", "")
    found = _schema(text)
    assert found == [
        (
            "CC200",
            1,
            1,
            "clé « format » manquante : la première clé du fichier est « format: "
            "contrat-de-ville/1 »",
            "ajoutez en tête du fichier : format: contrat-de-ville/1",
        )
    ]


def test_enum_value_close_to_an_allowed_one_is_suggested() -> None:
    text = contract(
        "actions:\n  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevu}\n"
    )
    found = _schema(text)
    assert [(c, m) for c, _, _, m, _ in found] == [
        (
            "CC204",
            "valeur « prevu » non autorisée pour « actions[0].statut » (Statut) : vouliez-vous "
            "dire « prevue » ?",
        )
    ]
    assert found[0][4] == "valeurs permises : prevue, en-cours, realisee, abandonnee"


@pytest.mark.parametrize(
    ("fragment", "code", "message"),
    [
        (
            "actions:\n  - {id: A1, titre: '', pilier: cohesion-sociale, statut: prevue}\n",
            "CC208",
            "« actions[0].titre » (Titre de l'action) est vide",
        ),
        (
            "actions:\n  - {id: A1, titre: A, pilier: cohesion-sociale, statut: prevue, "
            "qpv: [QP001001, QP001001]}\n",
            "CC209",
            "« actions[0].qpv » (QPV concernés) contient deux fois le même élément",
        ),
        (
            "periode: {debut: 2015-01-01, fin: 2020-02-30}\n",
            "CC205",
            "la date « 2020-02-30 » n'existe pas, dans « periode.fin » (Date de fin signée)",
        ),
        (
            "periode: {debut: 2015-01-01, fin: 31/12/2020}\n",
            "CC205",
            "« 31/12/2020 » n'est pas une date au format AAAA-MM-JJ, dans « periode.fin » (Date "
            "de fin signée)",
        ),
    ],
)
def test_schema_messages(fragment: str, code: str, message: str) -> None:
    found = _schema(contract(fragment))
    assert [(c, m) for c, _, _, m, _ in found] == [(code, message)]


# --- corners: where a finding points, types, lengths, the two validators -----------------------


def test_the_first_nul_byte_is_the_one_reported() -> None:
    assert _only(b"a: 1\nb: x\x00\nc: \x00\n")[1:3] == (2, 5)


def test_a_control_character_after_a_first_empty_line() -> None:
    assert _only("\na: b\x01\n")[1:3] == (2, 5)


def test_depth_through_a_merge_key_counts_like_a_plain_block() -> None:
    """A block merged with « << » sits where its keys land: one level below its owner."""

    def nested(levels: int, tail: str) -> bytes:
        keys = "".join("  " * i + f"k{i}:\n" for i in range(levels))
        return (keys + "  " * levels + tail).encode()

    # The merged value lands at depth MAX_DEPTH: read. One level deeper: refused.
    document, findings = load_document(nested(MAX_DEPTH - 2, "<<: {x: 1}\n"), "c.yaml")
    assert findings == [] and document is not None
    document, findings = load_document(nested(MAX_DEPTH - 1, "<<: {x: 1}\n"), "c.yaml")
    assert [f.code for f in findings] == ["CC107"]


def test_boolean_and_list_where_something_else_is_expected() -> None:
    text = contract().replace("nom: Contrat d'exemple", "nom: true")
    assert [f.message for f in check(text).findings if f.code.startswith("CC2")] == [
        "« contrat.nom » (Nom du contrat) doit être un texte, pas oui/non (true/false)"
    ]
    text = contract(
        "actions:\n  - {id: A1, titre: T, pilier: cohesion-sociale, statut: prevue, "
        "indicateurs: [{libelle: X, cible: [1]}]}\n"
    )
    assert [f.message for f in check(text).findings if f.code.startswith("CC2")] == [
        "« actions[0].indicateurs[0].cible » (Cible) doit être un nombre ou un texte, pas une "
        "liste (lignes commençant par « - »)"
    ]


@pytest.mark.parametrize(("length", "shown"), [(60, "x" * 60), (61, "x" * 57 + "…")])
def test_long_values_are_cut_after_60_characters(length: int, shown: str) -> None:
    text = contract(
        "actions:\n  - {id: A1, titre: T, pilier: cohesion-sociale, statut: " + "x" * length + "}\n"
    )
    assert [f.message for f in check(text).findings if f.code.startswith("CC2")] == [
        f"valeur « {shown} » non autorisée pour « actions[0].statut » (Statut)"
    ]


def test_pattern_message_uses_the_field_title_and_help() -> None:
    found = [f for f in check(contract("referentiels: [PAQTE]\n")).findings if f.code == "CC206"]
    assert [(f.message, f.hint) for f in found] == [
        (
            "Référentiel mal formé : « PAQTE » (referentiels[0])",
            "Identifiant d'un référentiel, avec ou sans version : « paqte » ou "
            "« paqte@2018-07-17 ».",
        )
    ]


def test_a_value_only_the_fast_validator_refuses_is_still_reported() -> None:
    """Python's « $ » matches before a final line break, Rust's does not: jsonschema accepts
    "QP001001\\n" where jsonschema-rs refuses it; the finding says so plainly (CC299)."""
    text = contract().replace(
        "qpv: [{code: QP001001, nom: Quartier A}]", 'qpv: [{code: "QP001001\\n", nom: Quartier A}]'
    )
    found = [f for f in check(text).findings if f.code.startswith("CC2")]
    assert [(f.code, f.position.line, f.position.column, f.message) for f in found] == [
        ("CC299", 6, 16, "« contrat.qpv[0].code » ne respecte pas le format du contrat")
    ]
    assert found[0].path == ("contrat", "qpv", 0, "code")


def test_libyaml_own_nesting_limit_is_said_in_french() -> None:
    raw = (TESTS / "inputs" / "casses" / "imbrication-crochets.yaml").read_bytes()
    assert _only(raw)[0] == "CC107"
    assert _only(raw)[3] == "imbrication trop profonde : lecture arrêtée"


def test_a_control_character_says_how_to_fix_it() -> None:
    document, findings = load_document(b"a: b\x01\n", "c.yaml")
    assert document is None
    assert [f.hint for f in findings] == [
        "retirez ce caractère invisible (souvent collé depuis un traitement de texte)"
    ]


def test_many_unknown_keys_are_summed_up() -> None:
    from contratcheck.loading.schema import MAX_UNKNOWN_KEYS

    keys = "".join(f"  cle{n}: 1\n" for n in range(MAX_UNKNOWN_KEYS + 5))
    found = _schema(contract("volets:\n" + keys))
    unknown = [m for c, _, _, m, _ in found if c == "CC203"]
    assert len(unknown) == MAX_UNKNOWN_KEYS + 1  # the count, then the first ones one by one
    assert unknown[0] == (
        f"{MAX_UNKNOWN_KEYS + 5} clés inconnues dans « volets » : seules les "
        f"{MAX_UNKNOWN_KEYS} premières sont signalées une à une"
    )


def test_the_quoting_hint_on_the_last_line_of_a_file() -> None:
    """The number is on the file's last line, with no final line break."""
    identity = (
        "contrat:\n"
        "  nom: Contrat\n"
        '  porteur: {nature: epci, nom: CA, siren: "200071751"}\n'
        "  qpv: [{code: QP001001, nom: Quartier A}]\n"
        "  communes: [{code_insee: 01053, nom: Bourg-en-Bresse}]"
    )
    rest = "periode:" + contract().split("\nperiode:")[1]  # everything after « contrat »
    text = "format: contrat-de-ville/1\n" + rest + identity
    assert text.endswith("Bourg-en-Bresse}]")
    found = [f for f in check(text).findings if f.code.startswith("CC")][:1]
    assert [(f.code, f.hint) for f in found] == [
        (
            "CC201",
            'écrivez la valeur entre guillemets : "01053" (sans guillemets, un zéro initial est '
            "perdu)",
        )
    ]


def test_a_file_of_one_nul_byte_is_not_text() -> None:
    assert _only(b"\x00") == (
        "CC101",
        1,
        1,
        "le fichier contient un octet nul : ce n'est pas un fichier texte YAML",
    )


def test_a_recursive_merge_says_so_and_stops() -> None:
    assert _only("a: &a\n  cle: 1\n  <<: *a\n") == (
        "CC103",
        1,
        4,
        "la clé de fusion « << » fait entrer un bloc dans lui-même (fusion récursive) : lecture "
        "arrêtée",
    )


def test_a_duplicate_key_after_a_line_separator_in_a_value_is_at_its_own_line() -> None:
    """libyaml counts U+2028 inside a quoted value as a line break; the user's editor does not."""
    _, findings = load_document('a: "x\u2028y"\nb: 1\nb: 2\n'.encode(), "c.yaml")
    assert [(f.code, f.position.line, f.position.column, f.message) for f in findings] == [
        (
            "CC104",
            3,
            1,
            "la clé « b » apparaît deux fois dans le même bloc (première occurrence ligne 2) ; "
            "seule la première est lue",
        )
    ]
