"""The repository's policy on findings (engine.py, baseline.py, suppressions.py): paths and
globs with --ignorer, rules off and severities, suppression comments, fingerprints and the
baseline file, exact counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from contratcheck.baseline import (
    build_baseline,
    drop_known,
    read_baseline,
    stable_path,
    with_fingerprint,
)
from contratcheck.engine import Settings, Source, check_bytes, check_sources, expand_paths
from contratcheck.errors import UsageError
from contratcheck.model import Finding, Position, Report, Severity
from contratcheck.rules.registry import RULES
from contratcheck.suppressions import apply_suppressions, find_suppressions

from .contracts import check, contract, shipped

# --- paths, globs and --ignorer -----------------------------------------------------------------

_CONTRACT = contract()


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """contrats/{a,b}.yaml, contrats/brouillons/{c.yaml,d.yml}, a non-contract YAML, a text."""
    for name in ("a.yaml", "b.yaml", "brouillons/c.yaml", "brouillons/d.yml"):
        target = tmp_path / "contrats" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_CONTRACT, encoding="utf-8")
    (tmp_path / "contrats" / "config.yaml").write_text("cle: valeur\n", encoding="utf-8")
    (tmp_path / "contrats" / "notes.txt").write_text("format: contrat-de-ville/1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _names(sources: list[Source]) -> list[tuple[str, bool]]:
    return [(s.name, s.explicit) for s in sources]


def test_a_folder_lists_its_yaml_files_sorted(tree: Path) -> None:
    assert _names(expand_paths(["contrats"])) == [
        ("contrats/a.yaml", False),
        ("contrats/b.yaml", False),
        ("contrats/brouillons/c.yaml", False),
        ("contrats/brouillons/d.yml", False),
        ("contrats/config.yaml", False),
    ]


def test_globs_combined_with_ignorer(tree: Path) -> None:
    assert _names(expand_paths(["contrats/**/*.yaml"], ignore=["contrats/brouillons/*"])) == [
        ("contrats/a.yaml", False),
        ("contrats/b.yaml", False),
        ("contrats/config.yaml", False),
    ]
    # A pattern on the file name alone, and a folder prefix.
    assert _names(expand_paths(["contrats/**/*.y*ml"], ignore=["b.yaml", "config.*"])) == [
        ("contrats/a.yaml", False),
        ("contrats/brouillons/c.yaml", False),
        ("contrats/brouillons/d.yml", False),
    ]
    assert _names(expand_paths(["contrats"], ignore=["contrats/brouillons"])) == [
        ("contrats/a.yaml", False),
        ("contrats/b.yaml", False),
        ("contrats/config.yaml", False),
    ]


def test_an_explicit_file_is_never_ignored(tree: Path) -> None:
    assert _names(expand_paths(["contrats/b.yaml"], ignore=["*.yaml"])) == [
        ("contrats/b.yaml", True)
    ]


def test_stdin_and_errors(tree: Path) -> None:
    assert [(s.name, s.path) for s in expand_paths(["-"], stdin_name="x.yaml")] == [
        ("x.yaml", None)
    ]
    with pytest.raises(
        UsageError, match=re.escape("aucun fichier ne correspond au motif « zz/*.yaml »")
    ):
        expand_paths(["zz/*.yaml"])
    with pytest.raises(UsageError, match=re.escape("fichier introuvable : « absent.yaml »")):
        expand_paths(["absent.yaml"])


def test_a_walked_file_is_checked_only_if_it_says_it_is_a_contract(tree: Path) -> None:
    settings = Settings(shipped(), dt.date(2021, 6, 1))
    report = check_sources(expand_paths(["contrats"]), settings, jobs=1)
    assert [r.file for r in report.results] == [
        "contrats/a.yaml",
        "contrats/b.yaml",
        "contrats/brouillons/c.yaml",
        "contrats/brouillons/d.yml",
    ]
    assert report.fichiers_ignores == ("contrats/config.yaml",)
    # Named explicitly, it is checked whatever it says.
    explicit = check_sources(expand_paths(["contrats/config.yaml"]), settings, jobs=1)
    assert {f.code for f in explicit.findings()} == {"CC200", "CC202", "CC203"}
    # The mark may follow a BOM and be quoted.
    bom = tree / "contrats" / "bom.yaml"
    bom.write_bytes(
        b"\xef\xbb\xbf"
        + _CONTRACT.replace("format: contrat-de-ville/1", "format: 'contrat-de-ville/1'").encode()
    )
    walked = check_sources(expand_paths(["contrats"]), settings, jobs=1)
    assert "contrats/bom.yaml" in [r.file for r in walked.results]


def test_globs_and_ignorer_on_the_command_line(run, tree: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "check",
        "-f",
        "json",
        "--date",
        "2021-06-01",
        "--ignorer",
        "contrats/brouillons/*",
        "--ignorer",
        "b.yaml",
        "contrats/**/*.yaml",
    )
    report = json.loads(out)
    assert [f["fichier"] for f in report["fichiers"]] == ["contrats/a.yaml"]
    assert code == 0
    code, _, err = run("check", "contrats/*.json")
    assert code == 2 and "aucun fichier ne correspond au motif « contrats/*.json »" in err


def test_an_unreadable_file_is_a_finding_and_the_batch_goes_on(tree: Path) -> None:
    folder = tree / "contrats" / "dossier.yaml"
    folder.mkdir()
    settings = Settings(shipped(), dt.date(2021, 6, 1))
    report = check_sources(
        [Source(str(folder), folder), Source("contrats/a.yaml", tree / "contrats" / "a.yaml")],
        settings,
        jobs=1,
    )
    first, second = report.results
    assert [(f.code, f.position) for f in first.findings] == [("CC112", Position(1, 1))]
    assert first.findings[0].message == "fichier illisible : c'est un dossier, pas un fichier"
    assert first.findings[0].fingerprint
    assert second.valide


# --- rules off, severities -----------------------------------------------------------------------

_BROKEN = contract(
    "actions:\n"
    "  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, "
    "references: [paqte:alternanse]}\n"
    "  - {id: A1, titre: Seconde, pilier: cohesion-sociale, statut: prevue}\n"
)


def test_disabled_rules_and_severities() -> None:
    plain = check(_BROKEN)
    assert plain.codes("CC301", "CC307") == ["CC301", "CC307"]
    assert plain.exit_code == 1
    off = check(_BROKEN, disabled=frozenset({"CC301", "CC307"}))
    assert off.codes("CC301", "CC307") == []
    assert off.exit_code == 0
    softer = check(_BROKEN, severities={"CC301": Severity.INFO, "CC307": Severity.AVERTISSEMENT})
    assert [(f.code, f.severity) for f in softer.of("CC301") + softer.of("CC307")] == [
        ("CC301", Severity.INFO),
        ("CC307", Severity.AVERTISSEMENT),
    ]
    assert softer.exit_code == 0


def test_findings_are_sorted_by_position() -> None:
    result = check(_BROKEN)
    keys = [(f.position.line, f.position.column) for f in result.findings]
    assert keys == sorted(keys)


# --- suppression comments ------------------------------------------------------------------------


def test_find_suppressions_at_line_end_and_alone() -> None:
    text = (
        "a: 1  # contratcheck-ignorer CC301, CC310 : motif donné\n"
        "  # contratcheck-ignorer CC401:sans espace\n"
        "b: 2\n"
        "c: 3 #contratcheck-ignorer CC999\n"
        "d: 4 # autre commentaire\n"
    )
    found = find_suppressions(text)
    assert [(s.line, s.target, s.column, sorted(s.codes), s.reason) for s in found] == [
        (1, 1, 7, ["CC301", "CC310"], "motif donné"),
        (2, 3, 3, ["CC401"], "sans espace"),
        (4, 4, 6, ["CC999"], ""),
    ]


def _finding(code: str, line: int) -> Finding:
    return Finding(code, Severity.ERREUR, "m", "c.yaml", Position(line, 1), (), "")


def test_a_suppression_silences_its_codes_on_its_target_line_only() -> None:
    text = "a: 1\n# contratcheck-ignorer CC301 : motif\nb: 2\nc: 3\n"
    findings = [
        _finding("CC301", 3),
        _finding("CC310", 3),
        _finding("CC301", 4),
        _finding("CC301", 2),
    ]
    kept, silenced = apply_suppressions(findings, text, "c.yaml", False)
    assert [(f.code, f.position.line) for f in kept] == [("CC310", 3), ("CC301", 4), ("CC301", 2)]
    assert silenced == 1


def test_unknown_codes_in_a_suppression_comment() -> None:
    text = "a: 1  # contratcheck-ignorer CC301, CC999, ZZ123 : motif\n"
    kept, silenced = apply_suppressions([_finding("CC301", 1)], text, "c.yaml", False)
    assert silenced == 1
    assert [(f.code, f.position, f.message) for f in kept] == [
        (
            "CC801",
            Position(1, 7),
            "code(s) inconnu(s) dans « contratcheck-ignorer » : CC999, ZZ123",
        )
    ]
    assert kept[0].severity is RULES["CC801"].severity


def test_a_suppression_without_reason_or_forbidden_silences_nothing() -> None:
    text = "a: 1  # contratcheck-ignorer CC301\nb: 2  # contratcheck-ignorer CC301 : motif\n"
    findings = [_finding("CC301", 1), _finding("CC301", 2)]
    kept, silenced = apply_suppressions(findings, text, "c.yaml", False)
    assert silenced == 1
    assert [(f.code, f.position.line) for f in kept] == [("CC301", 1), ("CC801", 1)]
    assert kept[1].message == "commentaire « contratcheck-ignorer » sans motif : il n'a aucun effet"
    assert kept[1].hint.startswith("écrivez le motif après « : »")
    kept, silenced = apply_suppressions(findings, text, "c.yaml", True)
    assert silenced == 0
    assert [(f.code, f.position.line) for f in kept] == [
        ("CC301", 1),
        ("CC301", 2),
        ("CC802", 1),
        ("CC802", 2),
    ]


def test_suppressions_through_the_engine_count_what_they_silence() -> None:
    text = _BROKEN.replace(
        "references: [paqte:alternanse]}",
        "references: [paqte:alternanse]}  # contratcheck-ignorer CC301, CC999 : référentiel local",
    )
    result = check(text)
    assert result.codes("CC301") == []
    assert result.messages("CC801") == ["code(s) inconnu(s) dans « contratcheck-ignorer » : CC999"]
    assert result.result.ignores == 1


# --- fingerprints and the baseline -------------------------------------------------------------


def test_stable_path_uses_ids_when_items_have_one() -> None:
    data = {
        "actions": [{"id": "A1", "references": ["a", "b"]}, {"titre": "sans id"}, {"id": 3}],
        "exclusions": [{"reference": "paqte:x"}],
        "qpv": [{"code": "QP001001"}],
    }
    assert stable_path(("actions", 0, "references", 1), data) == "actions/[id=A1]/references/[1]"
    assert stable_path(("actions", 1, "titre"), data) == "actions/[1]/titre"
    assert stable_path(("actions", 2), data) == "actions/[2]"
    assert stable_path(("actions", 9), data) == "actions/9"
    assert stable_path(("exclusions", 0), data) == "exclusions/[reference=paqte:x]"
    assert stable_path(("qpv", 0, "code"), data) == "qpv/[code=QP001001]/code"
    assert stable_path(("absent", "x"), data) == "absent/x"
    assert stable_path((), None) == ""


def test_fingerprints_ignore_line_numbers_but_not_the_rest() -> None:
    base = Finding(
        "CC307", Severity.ERREUR, "déjà utilisé ligne 12", "c.yaml", Position(3, 1), (), ""
    )
    moved = dataclasses.replace(base, message="déjà utilisé ligne 40", position=Position(9, 9))
    print_of = with_fingerprint(base, None).fingerprint
    assert len(print_of) == 32
    assert with_fingerprint(moved, None).fingerprint == print_of
    for other in (
        dataclasses.replace(base, file="d.yaml"),
        dataclasses.replace(base, code="CC308"),
        dataclasses.replace(base, message="autre chose"),
        dataclasses.replace(base, path=("actions",)),
    ):
        assert with_fingerprint(other, None).fingerprint != print_of


def _twice() -> str:
    """Two actions with the same id, each citing the same unknown reference: one fingerprint."""
    return contract(
        "actions:\n"
        "  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [x:y]}\n"
        "  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [x:y]}\n"
    )


def test_a_fingerprint_present_twice_in_a_baseline(tmp_path: Path) -> None:
    result = check(_twice())
    unknown = result.of("CC301")
    assert len(unknown) == 2 and unknown[0].fingerprint == unknown[1].fingerprint
    report = Report("2021-06-01", "0", (result.result,))
    written = json.loads(build_baseline(report))
    assert written["format"] == "contratcheck-baseline/1"
    entry = written["empreintes"][unknown[0].fingerprint]
    assert entry == {
        "code": "CC301",
        "fichier": "contrat.yaml",
        "message": unknown[0].message,
        "nombre": 2,
    }
    assert sum(e["nombre"] for e in written["empreintes"].values()) == len(result.findings)
    path = tmp_path / "baseline.json"
    path.write_text(build_baseline(report), encoding="utf-8")
    known = read_baseline(path)
    assert known[unknown[0].fingerprint] == 2
    # Both are known; a third copy of the same mistake is new.
    three = _twice() + (
        "  - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [x:y]}\n"
    )
    again = check(three, baseline=known)
    third = len(three.splitlines())
    assert [(f.code, f.position.line) for f in again.findings] == [
        ("CC307", third),
        ("CC301", third),
    ]
    assert again.result.connus == len(result.findings)


def test_drop_known_keeps_what_the_budget_does_not_cover() -> None:
    findings = [
        dataclasses.replace(_finding("CC301", n), fingerprint=p)
        for n, p in ((1, "a"), (2, "a"), (3, "a"), (4, "b"))
    ]
    kept, dropped = drop_known(findings, Counter({"a": 2, "c": 5}))
    assert [f.position.line for f in kept] == [3, 4]
    assert dropped == 2
    budget = Counter({"a": 1})
    drop_known(findings, budget)
    assert budget == Counter({"a": 1})  # the caller's baseline is not spent


def test_a_baseline_entry_without_a_count_tolerates_one(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(
        json.dumps(
            {"format": "contratcheck-baseline/1", "empreintes": {"a": {}, "b": {"nombre": 3}}}
        ),
        encoding="utf-8",
    )
    assert read_baseline(path) == Counter({"a": 1, "b": 3})
    path.write_text('{"format": "contratcheck-baseline/1"}', encoding="utf-8")
    assert read_baseline(path) == Counter()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline illisible : {path} ("),
        (b"\xff\xfe{", "baseline illisible : {path} ("),
        (b"{", "baseline {path} : JSON invalide, ligne 1, colonne 2"),
        (b"[]", "baseline {path} : format « contratcheck-baseline/1 » attendu"),
        (
            b'{"format": "contratcheck-baseline/2"}',
            "baseline {path} : format « contratcheck-baseline/1 » attendu",
        ),
    ],
)
def test_unreadable_baselines(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        read_baseline(path)
    assert str(raised.value).startswith(message.format(path=path))


def test_unreadable_baseline_on_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "absente.json"
    code, out, err = run("check", "--baseline", str(missing), "examples/contrat-aligne.yaml")
    assert code == 2 and out == ""
    assert f"baseline illisible : {missing}" in err
    broken = tmp_path / "cassee.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run("check", "--baseline", str(broken), "examples/contrat-aligne.yaml")
    assert code == 2 and f"baseline {broken} : JSON invalide" in err


def test_check_bytes_without_a_document_still_applies_the_policy() -> None:
    raw = b"a: b: c  # contratcheck-ignorer CC103 : test\n"
    settings = Settings(shipped(), dt.date(2021, 6, 1))
    result = check_bytes(raw, "c.yaml", settings)
    assert result.findings == () and result.ignores == 1
    assert result.sha256 == hashlib.sha256(raw).hexdigest()
    assert not result.valide
    invalid = check_bytes(b"format: contrat-de-ville/1\ncontrat: {nom: X}\n", "c.yaml", settings)
    assert invalid.nom == "X" and not invalid.valide and invalid.referentiels == ()
    unknown = check_bytes(b"format: autre/1\n", "c.yaml", settings)
    assert "CC200" in [f.code for f in unknown.findings] and not unknown.valide


def test_a_fingerprint_is_a_public_formula() -> None:
    """Baselines outlive versions: sha256 of file, code, stable path and the message with its
    line numbers replaced by « ligne », NUL-separated, first 32 hex digits."""
    finding = Finding(
        "CC307",
        Severity.ERREUR,
        "l'identifiant d'action « A1 » est déjà utilisé ligne 19",
        "c.yaml",
        Position(20, 10),
        ("actions", 1, "id"),
        "",
    )
    data = {"actions": [{"id": "A1"}, {"id": "A1"}]}
    text = "c.yaml\0CC307\0actions/[id=A1]/id\0l'identifiant d'action « A1 » est déjà utilisé ligne"
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    assert with_fingerprint(finding, data).fingerprint == expected


def test_the_baseline_file_is_readable_french_json() -> None:
    finding = with_fingerprint(
        Finding("CC310", Severity.AVERTISSEMENT, "échue", "c.yaml", Position(1, 1), (), ""), None
    )
    result = check(contract()).result
    report = Report("2021-06-01", "0", (dataclasses.replace(result, findings=(finding,)),))
    assert build_baseline(report) == (
        "{\n"
        '  "format": "contratcheck-baseline/1",\n'
        '  "empreintes": {\n'
        f'    "{finding.fingerprint}": {{\n'
        '      "code": "CC310",\n'
        '      "fichier": "c.yaml",\n'
        '      "message": "échue",\n'
        '      "nombre": 1\n'
        "    }\n"
        "  }\n"
        "}\n"
    )


def test_baseline_counts_from_zero_and_a_bad_count_names_its_entry(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    entries = {"a": {"nombre": 0}, "b": {"nombre": 2}, "c": {"nombre": -1}}
    path.write_text(
        json.dumps({"format": "contratcheck-baseline/1", "empreintes": entries}), encoding="utf-8"
    )
    with pytest.raises(UsageError) as refused:
        read_baseline(path)
    assert str(refused.value) == (
        f"baseline {path} : l'empreinte n° 3 n'a pas de « nombre » entier entre 0 et 1000000000"
    )
    del entries["c"]
    path.write_text(
        json.dumps({"format": "contratcheck-baseline/1", "empreintes": entries}), encoding="utf-8"
    )
    assert read_baseline(path) == Counter({"a": 0, "b": 2})
