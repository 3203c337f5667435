"""migrate.py in detail: chains of successors, choices, notes, the surgical rewrite and the
atomic write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from contratcheck.errors import UsageError
from contratcheck.migrate import Edit, _apply, plan_migration, write_atomically
from contratcheck.model import Position
from contratcheck.referentiels.catalogue import Catalogue

from .contracts import catalogue_with, check, contract

_HEAD = """\
format: referentiel/1
id: chaine
titre: Référentiel de test des successions (fictif)
nature: engagements
unite: {pluriel: items, feminin: false}
sources:
  L1: {adresse: "https://exemple.invalid/chaine", titre: "document fictif de test"}
axes:
  - {id: axe, libelle: Axe, type: axe, sources: [L1]}
items:
"""


def _item(ident: str, retired: str | None = None) -> str:
    """An item; ``retired`` lists its successors when it is retired (empty: none)."""
    retire = (
        f", retire: {{date: 2022-01-01, successeurs: [{retired}]}}" if retired is not None else ""
    )
    return (
        f"  - {{id: {ident}, libelle: Item {ident}, axe: axe, confiance: confirme, "
        "sources: [L1], force: {niveau: au-choix, texte: annonce fictive, sources: [L1]}"
        f"{retire}}}\n"
    )


_OLD = _HEAD.replace(
    "titre:", "version: 2020-01-01\nstatut: remplace\nremplace_par: chaine@2022-01-01\ntitre:", 1
) + "".join(_item(i) for i in "adex")
# a → b → c (a chain), d retired with no successor, e with two, x → y → x (a cycle).
_NEW = _HEAD.replace("titre:", "version: 2022-01-01\nstatut: en-vigueur\ntitre:", 1) + "".join(
    (
        _item("a", "b"),
        _item("b", "c"),
        _item("c"),
        _item("d", ""),
        _item("e", "f, g"),
        _item("f"),
        _item("g"),
        _item("x", "y"),
        _item("y", "x"),
        _item("q", "chaine:c"),  # a successor written with its référentiel
    )
)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("chaine")
    (folder / "chaine@2020-01-01.yaml").write_text(_OLD, encoding="utf-8")
    (folder / "chaine@2022-01-01.yaml").write_text(_NEW, encoding="utf-8")
    return catalogue_with(folder)


def _contract(references: str, declared: str = "referentiels: [chaine@2020-01-01]\n") -> bytes:
    return (
        "format: contrat-de-ville/1\n"
        + declared
        + "actions:\n"
        + "  - {id: A1, titre: T, pilier: transversal, statut: prevue, "
        + f"references: [{references}]}}\n"
        + "exclusions:\n"
        + "  - {reference: 'chaine:a', motif: Un motif assez long.}\n"
    ).encode()


def test_a_chain_of_successors_is_followed_to_its_end(chain: Catalogue) -> None:
    raw = _contract('chaine:a, "chaine:b", paqte:alternance, chaine:c')
    migration = plan_migration(raw, "c.yaml", chain, "chaine", {})
    assert migration.edits == (
        Edit(Position(2, 16), "chaine@2020-01-01", "chaine@2022-01-01"),
        Edit(Position(4, 74), "chaine:a", "chaine:c"),
        Edit(Position(4, 84), "chaine:b", "chaine:c"),
        Edit(Position(6, 17), "chaine:a", "chaine:c"),
    )
    assert migration.notes == ()
    assert migration.migrated == (
        "format: contrat-de-ville/1\n"
        "referentiels: [chaine@2022-01-01]\n"
        "actions:\n"
        "  - {id: A1, titre: T, pilier: transversal, statut: prevue, references: [chaine:c, "
        '"chaine:c", paqte:alternance, chaine:c]}\n'
        "exclusions:\n"
        "  - {reference: 'chaine:c', motif: Un motif assez long.}\n"
    )
    assert migration.original == raw.decode()


def test_no_successor_is_a_note_and_a_cycle_stops(chain: Catalogue) -> None:
    migration = plan_migration(_contract("chaine:d, chaine:x"), "c.yaml", chain, "chaine", {})
    assert [e.old for e in migration.edits] == ["chaine@2020-01-01", "chaine:a"]
    assert migration.notes[0] == "« chaine:d » est retiré sans successeur : à traiter à la main"
    assert "chaine:x" not in migration.migrated.replace("chaine:x]", "")  # never rewritten
    assert "chaine:d, chaine:x]" in migration.migrated


def test_several_successors_need_a_choice(chain: Catalogue) -> None:
    raw = _contract("chaine:e")
    with pytest.raises(UsageError) as refused:
        plan_migration(raw, "c.yaml", chain, "chaine", {})
    assert str(refused.value) == (
        "« chaine:e » a plusieurs successeurs (chaine:f, chaine:g) : choisissez avec "
        "--choisir chaine:e=SUCCESSEUR"
    )
    chosen = plan_migration(raw, "c.yaml", chain, "chaine", {"chaine:e": "chaine:g"})
    assert "references: [chaine:g]" in chosen.migrated
    bare = plan_migration(raw, "c.yaml", chain, "chaine", {"chaine:e": "f"})
    assert "references: [chaine:f]" in bare.migrated
    with pytest.raises(UsageError) as wrong:
        plan_migration(raw, "c.yaml", chain, "chaine", {"chaine:e": "chaine:c"})
    assert str(wrong.value) == (
        "--choisir chaine:e=chaine:c : ce n'est pas un successeur (successeurs : chaine:f, "
        "chaine:g)"
    )


def test_declarations(chain: Catalogue) -> None:
    unversioned = plan_migration(
        _contract("chaine:c", "referentiels: [paqte, chaine]\n"), "c.yaml", chain, "chaine", {}
    )
    assert (unversioned.edits[0].old, unversioned.edits[0].new) == ("chaine", "chaine@2022-01-01")
    pinned = plan_migration(
        _contract("chaine:c", "referentiels: [chaine@2022-01-01]\n"),
        "c.yaml",
        chain,
        "chaine@2022-01-01",
        {},
    )
    assert [e.old for e in pinned.edits] == ["chaine:a"]
    undeclared = plan_migration(_contract("chaine:c", ""), "c.yaml", chain, "chaine", {})
    assert undeclared.notes == (
        "le contrat ne déclare pas de « referentiels » : il suit déjà la version en vigueur",
    )
    with pytest.raises(UsageError, match="version « chaine@2019-01-01 » inconnue"):
        plan_migration(_contract("chaine:c"), "c.yaml", chain, "chaine@2019-01-01", {})


def test_an_unreadable_contract_is_refused_with_its_first_finding(chain: Catalogue) -> None:
    with pytest.raises(UsageError) as refused:
        plan_migration(b"a: [1\n", "c.yaml", chain, "chaine", {})
    assert str(refused.value).startswith("c.yaml:1:4 : erreur de syntaxe YAML")
    assert str(refused.value).endswith("; le fichier ne peut pas être réécrit sans risque")


def test_apply_edits_from_the_right_and_checks_the_text() -> None:
    text = "a: [x:y, 'x:y', \"x:y\"]\nb: x:y\n"
    edits = [
        Edit(Position(1, 5), "x:y", "n:one"),
        Edit(Position(1, 10), "x:y", "n:two"),
        Edit(Position(1, 17), "x:y", "n:three"),
        Edit(Position(2, 4), "x:y", "n:four"),
    ]
    assert _apply(text, edits) == "a: [n:one, 'n:two', \"n:three\"]\nb: n:four\n"
    with pytest.raises(UsageError) as refused:
        _apply(text, [Edit(Position(2, 3), "x:y", "n")])
    assert str(refused.value) == (
        "ligne 2 : « x:y » introuvable à la colonne 3 ; le fichier ne peut pas être réécrit "
        "sans risque"
    )


def test_diff_names_both_sides(chain: Catalogue) -> None:
    migration = plan_migration(_contract("chaine:c"), "c.yaml", chain, "chaine", {})
    diff = migration.diff("c.yaml").splitlines()
    assert diff[:2] == ["--- c.yaml (actuel)", "+++ c.yaml (migré)"]
    assert "-referentiels: [chaine@2020-01-01]" in diff
    assert "+referentiels: [chaine@2022-01-01]" in diff
    assert len([line for line in diff if line.startswith(("-", "+"))]) == 6


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_write_atomically_keeps_the_bom_and_the_mode(tmp_path: Path, bom: bytes) -> None:
    target = tmp_path / "c.yaml"
    target.write_bytes(bom + b"ancien\n")
    target.chmod(0o604)
    write_atomically(target, target.read_bytes(), "nouveau é\n")
    assert target.read_bytes() == bom + "nouveau é\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert os.listdir(tmp_path) == ["c.yaml"]


def test_a_successor_written_with_its_referentiel(chain: Catalogue) -> None:
    migration = plan_migration(_contract("chaine:q"), "c.yaml", chain, "chaine", {})
    assert "references: [chaine:c]" in migration.migrated


def test_check_names_no_successor_and_the_successors(chain: Catalogue) -> None:
    body = _contract("chaine:d, chaine:q").decode().removeprefix("format: contrat-de-ville/1\n")
    result = check(contract(body.replace("chaine@2020-01-01", "chaine")), "2022-06-01", chain)
    assert result.messages("CC302") == [
        "« chaine:d » est retiré ; sans successeur",
        "« chaine:q » est retiré ; remplacé par « chaine:c »",
    ]


def test_a_qualified_successor_of_an_undeclared_referentiel(chain: Catalogue) -> None:
    result = check(
        contract(
            "actions:\n"
            + _contract("chaine:q").decode().split("actions:\n")[1].split("exclusions:")[0]
        ),
        "2022-06-01",
        chain,
    )
    assert result.messages("CC302") == ["« chaine:q » est retiré ; remplacé par « chaine:c »"]


def test_an_exclusion_without_reference_is_left_alone(chain: Catalogue) -> None:
    raw = _contract("chaine:a").replace(
        b"  - {reference: 'chaine:a', motif: Un motif assez long.}\n",
        b"  - {motif: Sans reference.}\n  - texte\n",
    )
    migration = plan_migration(raw, "c.yaml", chain, "chaine", {})
    assert [e.old for e in migration.edits] == ["chaine@2020-01-01", "chaine:a"]


def test_check_names_every_successor(chain: Catalogue) -> None:
    body = _contract("chaine:e").decode().removeprefix("format: contrat-de-ville/1\n")
    result = check(contract(body.replace("chaine@2020-01-01", "chaine")), "2022-06-01", chain)
    assert result.messages("CC302") == [
        "« chaine:e » est retiré ; remplacé par « chaine:f », « chaine:g »"
    ]


def test_a_target_with_an_empty_version_is_the_newest(chain: Catalogue) -> None:
    """« --vers chaine@ » writes the version it found, never the invalid « chaine@ »."""
    migration = plan_migration(_contract("chaine:c"), "c.yaml", chain, "chaine@", {})
    assert migration.edits[0] == Edit(Position(2, 16), "chaine@2020-01-01", "chaine@2022-01-01")
    assert "referentiels: [chaine@2022-01-01]\n" in migration.migrated
