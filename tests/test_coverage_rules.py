"""Linking and rating (coverage/links.py, coverage/rating.py) and the rules that say them
(rules/references.py, rules/couverture.py): each status, its reason and its boundaries."""

from __future__ import annotations

import pytest

from contratcheck.model import Severity
from contratcheck.referentiels.catalogue import Catalogue

from .conftest import TESTS
from .contracts import catalogue_with, check, contract, line_of

SUCCESSION = TESTS / "inputs" / "referentiels" / "succession"
FORCES = TESTS / "inputs" / "referentiels" / "forces"

# A fictitious référentiel, three levels of axes deep, with an item of each kind.
_FORCES = {
    "obligatoire": "loi fictive",
    "attendu": "circulaire fictive",
    "au-choix": "annonce fictive",
}


def _item(ident: str, axe: str, force: str, extra: str = "") -> str:
    return (
        f"  - {{id: {ident}, libelle: Item {ident.upper()}, axe: {axe}, confiance: confirme,"
        f"{extra} sources: [L1], force: {{niveau: {force}, texte: {_FORCES[force]}, "
        "sources: [L1]}}\n"
    )


_DEEP = (
    """\
format: referentiel/1
id: profond
version: 2020-01-01
titre: Référentiel de test à trois niveaux (fictif)
statut: en-vigueur
nature: engagements
unite: {pluriel: items, feminin: false}
sources:
  L1: {adresse: "https://exemple.invalid/profond", titre: "document fictif de test"}
axes:
  - {id: racine, libelle: Racine, type: axe, sources: [L1]}
  - {id: branche, libelle: Branche, type: programme, parent: racine, sources: [L1]}
  - {id: feuille, libelle: Feuille, type: programme, parent: branche, sources: [L1]}
  - {id: voisin, libelle: Voisin, type: axe, sources: [L1]}
items:
"""
    + _item("a", "feuille", "obligatoire")
    + _item("b", "branche", "attendu")
    + _item("c", "racine", "au-choix")
    + _item("d", "voisin", "au-choix")
    + _item("e", "feuille", "attendu", " depuis: 2022-01-01,")
    + _item("f", "feuille", "attendu", " declinable_localement: false,")
)


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("profond")
    (folder / "profond@2020-01-01.yaml").write_text(_DEEP, encoding="utf-8")
    return catalogue_with(folder)


def _action(ident: str, *references: str, **fields: str) -> str:
    base = {"titre": "Action", "pilier": "cohesion-sociale", "statut": "en-cours"}
    base.update(fields)
    inner = ", ".join(f"{k}: {v}" for k, v in base.items())
    return f"  - {{id: {ident}, {inner}, references: [{', '.join(references)}]}}\n"


COMPLETE = {
    "pilote": "Ville",
    "calendrier": "{echeance: 2022-12-31}",
    "indicateurs": "[{libelle: Réalisations, cible: 10}]",
}


# --- axes, depuis, non-declinable items --------------------------------------------------------


def test_axis_counts_include_items_two_levels_below(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\nactions:\n"
        + _action("A1", "profond:a", **COMPLETE)
        + _action("A2", "profond:b")
    )
    result = check(text, "2021-06-01", deep)
    coverage = result.coverage("profond")
    axes = {a.id: a.counts for a in coverage.axes}
    assert (axes["racine"].couvertes, axes["racine"].partielles, axes["racine"].manquantes) == (
        1,
        1,
        1,
    )
    assert (axes["branche"].couvertes, axes["branche"].partielles, axes["branche"].comptables) == (
        1,
        1,
        2,
    )
    assert (axes["feuille"].couvertes, axes["feuille"].comptables) == (1, 1)
    assert (axes["voisin"].manquantes, axes["voisin"].comptables) == (1, 1)
    assert [a.id for a in coverage.axes] == ["racine", "branche", "feuille", "voisin"]
    assert coverage.counts.comptables == 4
    assert coverage.counts.pourcentage == 25.0
    assert coverage.items_identifies == 6
    assert coverage.non_declinables == ("profond:f",)


def test_items_whose_depuis_is_in_the_future_are_not_counted(deep: Catalogue) -> None:
    text = contract("referentiels: [profond]\n")
    before = check(text, "2021-12-31", deep)
    assert before.status("profond:e") is None
    assert before.coverage("profond").counts.comptables == 4
    on = check(text, "2022-01-01", deep)
    assert on.status("profond:e") == ("manquante", "aucune action")
    assert on.coverage("profond").counts.comptables == 5
    assert "profond:e (Item E) : manquante — aucune action" in on.messages("CC401")


def test_shipped_items_announced_later_count_from_their_day() -> None:
    """asso2018's simplification measures date from 13 June 2019."""
    text = contract("referentiels: [asso2018]\n")
    assert check(text, "2019-06-12").status("asso2018:financements-pluriannuels") is None
    assert check(text, "2019-06-13").status("asso2018:financements-pluriannuels") == (
        "manquante",
        "aucune action",
    )


def test_a_gap_takes_the_force_of_its_item(deep: Catalogue) -> None:
    result = check(contract("referentiels: [profond]\n"), "2021-06-01", deep)
    severities = {
        m.split(" ")[0]: f.severity
        for m, f in zip(result.messages("CC401"), result.of("CC401"), strict=True)
    }
    assert severities == {
        "profond:a": Severity.ERREUR,
        "profond:b": Severity.AVERTISSEMENT,
        "profond:c": Severity.INFO,
        "profond:d": Severity.INFO,
    }
    assert result.exit_code == 1
    text = contract("referentiels: [profond]\n")
    assert result.where("CC401") == [(line_of(text, "referentiels:"), 16)] * 4
    assert result.of("CC401")[0].hint == (
        "citez-le dans les « references » d'une action, ou excluez-le avec un motif"
    )


def test_citing_a_national_only_item(deep: Catalogue) -> None:
    text = contract("referentiels: [profond]\nactions:\n" + _action("A1", "profond:f"))
    result = check(text, "2021-06-01", deep)
    assert result.messages("CC308") == [
        "« profond:f » est une mesure nationale qu'aucune action locale ne décline : elle "
        "n'entre pas dans la couverture"
    ]
    assert result.status("profond:f") is None


# --- statuses and their reasons ----------------------------------------------------------------


def test_partial_reason_lists_what_each_live_action_lacks(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\nactions:\n"
        + _action("A1", "profond:b")
        + _action("A2", "profond:b", pilote="Ville")
        + _action("A3", "profond:b", pilote="Ville", calendrier="{echeance: 2022-12-31}")
        + _action("A4", "profond:b", statut="abandonnee", **COMPLETE)
    )
    result = check(text, "2021-06-01", deep)
    assert result.status("profond:b") == (
        "partielle",
        "actions incomplètes : A1 sans un pilote ni une échéance ni un indicateur avec une cible ; "
        "A2 sans une échéance ni un indicateur avec une cible ; A3 sans un indicateur avec une "
        "cible",
    )
    assert result.messages("CC402") == [
        "profond:b (Item B) : partielle — actions incomplètes : A1 sans un pilote ni une échéance "
        "ni un indicateur avec une cible ; A2 sans une échéance ni un indicateur avec une cible ; "
        "A3 sans un indicateur avec une cible"
    ]
    assert result.of("CC402")[0].severity is Severity.AVERTISSEMENT


def test_a_complete_action_covers_and_is_named(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\nactions:\n"
        + _action("A1", "profond:c")
        + _action("A2", "profond:c", **COMPLETE)
        + _action("A3", "profond:c", **COMPLETE)
    )
    result = check(text, "2021-06-01", deep)
    assert result.status("profond:c") == (
        "couverte",
        "actions avec pilote, échéance et cible : A2, A3",
    )
    assert [a.id for a in result.coverage("profond").items[2].actions] == ["A1", "A2", "A3"]


def test_abandoned_and_overdue_actions(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\nactions:\n"
        + _action("A1", "profond:c", statut="abandonnee")
        + _action("A2", "profond:d", statut="abandonnee")
        + _action("A3", "profond:d", calendrier="{echeance: 2021-01-31}")
        + _action("A4", "profond:c", statut="realisee", calendrier="{echeance: 2021-01-31}")
    )
    result = check(text, "2021-06-01", deep)
    # A realised action stays live past its deadline; an abandoned one never counts.
    assert result.status("profond:c") == (
        "partielle",
        "actions incomplètes : A4 sans un pilote ni un indicateur avec une cible",
    )
    assert result.status("profond:a") == ("manquante", "aucune action")
    assert result.status("profond:d") == (
        "obsolete",
        "uniquement via des actions échues : A3 (échéance du 31 janvier 2021)",
    )
    assert result.messages("CC310") == [
        "l'action « A3 » a dépassé son échéance du 31 janvier 2021 sans être réalisée : elle ne "
        "compte plus"
    ]
    realised = _action("A4", "profond:c", statut="realisee", calendrier="{echeance: 2021-01-31}")
    abandoned = text.replace(realised, "")
    assert check(abandoned, "2021-06-01", deep).status("profond:c") == (
        "manquante",
        "aucune action vivante (abandonnée : A1)",
    )


def test_an_action_on_its_deadline_still_counts(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\nactions:\n"
        + _action(
            "A1",
            "profond:c",
            pilote="V",
            calendrier="{echeance: 2021-06-01}",
            indicateurs="[{libelle: X, cible: 1}]",
        )
    )
    assert check(text, "2021-06-01", deep).status("profond:c")[0] == "couverte"  # type: ignore[index]
    later = check(text, "2021-06-02", deep)
    assert later.status("profond:c")[0] == "obsolete"  # type: ignore[index]
    assert later.codes("CC310") == ["CC310"]


# --- exclusions ----------------------------------------------------------------------------------


def _excluded(until: str) -> str:
    return contract(
        "referentiels: [profond]\n"
        "exclusions:\n"
        f"  - {{reference: profond:c, motif: Écarté par le comité., jusqu_au: {until}}}\n"
    )


def test_an_exclusion_still_holds_on_its_last_day(deep: Catalogue) -> None:
    """« jusqu_au » is the last day the exclusion holds (coverage/links.py: expired if < date)."""
    result = check(_excluded("2021-06-01"), "2021-06-01", deep)
    assert result.status("profond:c") == (
        "exclue",
        "exclusion jusqu'au 1er juin 2021 : Écarté par le comité.",
    )
    assert result.codes("CC305") == []
    assert result.coverage("profond").counts.exclues == 1
    assert result.coverage("profond").counts.pourcentage == 0.0


def test_an_exclusion_expires_the_day_after(deep: Catalogue) -> None:
    text = _excluded("2021-05-31")
    result = check(text, "2021-06-01", deep)
    assert result.status("profond:c") == ("manquante", "aucune action")
    assert result.messages("CC305") == [
        "l'exclusion de « profond:c » a expiré le 31 mai 2021 : l'item compte de nouveau"
    ]
    line = line_of(text, "  - {reference: profond:c")
    column = text.splitlines()[line - 1].index("2021-05-31") + 1
    assert result.where("CC305") == [(line, column)]


def test_twice_excluded_unknown_and_excluded_but_served(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\n"
        "exclusions:\n"
        "  - {reference: profond:c, motif: Première exclusion.}\n"
        "  - {reference: profond:c, motif: Seconde exclusion.}\n"
        "  - {reference: profond:z, motif: Item inconnu.}\n"
        "  - {reference: profond:d, motif: Exclu et servi.}\n"
        "actions:\n"
        + _action("A1", "profond:d", statut="abandonnee")
        + _action("A2", "profond:d")
        + _action("A3", "profond:d")
    )
    result = check(text, "2021-06-01", deep)
    assert result.status("profond:c") == ("exclue", "exclusion : Première exclusion.")
    assert result.messages("CC313") == ["« profond:c » est exclu deux fois"]
    first = line_of(text, "  - {reference: profond:c")
    assert result.where("CC313") == [(first + 1, 17)]
    assert result.messages("CC301") == [
        "référence « profond:z » inconnue (item introuvable) : vouliez-vous dire « profond:f » ?"
    ]
    assert result.of("CC301")[0].hint == (
        "contratcheck referentiels show ID liste les items d'un référentiel"
    )
    assert result.where("CC301") == [(first + 2, 17)]
    # The first live action is named.
    assert result.messages("CC306") == [
        "« profond:d » est exclu mais servi par l'action « A2 » : l'exclusion l'emporte"
    ]
    assert result.status("profond:d") == ("exclue", "exclusion : Exclu et servi.")


def test_an_exclusion_served_only_by_dead_actions_is_no_conflict(deep: Catalogue) -> None:
    text = contract(
        "referentiels: [profond]\n"
        "exclusions: [{reference: profond:d, motif: Exclu.}]\n"
        "actions:\n" + _action("A1", "profond:d", statut="realisee")
    )
    assert check(text, "2021-06-01", deep).codes("CC306") == []


# --- versions: followed, in force, retired -------------------------------------------------------


@pytest.fixture(scope="module")
def succession() -> Catalogue:
    return catalogue_with(SUCCESSION)


def test_an_item_retired_since_the_followed_version_is_obsolete(succession: Catalogue) -> None:
    text = contract(
        "referentiels: [prefecture02@2020-01-01]\nactions:\n"
        + _action("A1", "prefecture02:chantiers-ecoles", **COMPLETE)
    )
    result = check(text, "2022-06-01", succession)
    assert result.status("prefecture02:chantiers-ecoles") == (
        "obsolete",
        "retrait dans « prefecture02@2022-01-01 » le 1er janvier 2022 (successeurs : "
        "insertion-activite)",
    )
    item = result.coverage("prefecture02").items[1]
    assert item.successeurs == ("insertion-activite",)
    assert result.messages("CC304") == [
        "le contrat suit « prefecture02@2020-01-01 », remplacé par « prefecture02@2022-01-01 » "
        "depuis le 1er janvier 2022"
    ]
    assert result.of("CC304")[0].hint == (
        "contratcheck migrate FICHIER --vers prefecture02@2022-01-01"
    )
    assert result.messages("CC302") == [
        "« prefecture02:chantiers-ecoles » est retiré ; remplacé par "
        "« prefecture02:insertion-activite »"
    ]
    # The followed version had no « insertion-activite »: it is not rated.
    assert result.status("prefecture02:insertion-activite") is None
    # Before the new version, nothing is outdated.
    before = check(text, "2021-12-31", succession)
    assert before.status("prefecture02:chantiers-ecoles")[0] == "couverte"  # type: ignore[index]
    assert before.codes("CC302", "CC304") == []


def test_a_retired_reference_serves_its_successor_only_while_live(succession: Catalogue) -> None:
    text = contract(
        "referentiels: [prefecture02]\nactions:\n"
        + _action("A1", "prefecture02:chantiers-ecoles", statut="abandonnee")
    )
    assert check(text, "2022-06-01", succession).status("prefecture02:insertion-activite") == (
        "manquante",
        "aucune action",
    )


def test_unknown_version_and_unknown_referentiel(succession: Catalogue) -> None:
    text = contract("referentiels: [prefecture02@2021-01-01, prefecture2, zzzzzz]\n")
    result = check(text, "2022-06-01", succession)
    assert result.messages("CC303") == [
        "version « prefecture02@2021-01-01 » inconnue ; versions connues : "
        "prefecture02@2020-01-01, prefecture02@2022-01-01",
        "référentiel « prefecture2 » inconnu : vouliez-vous dire « prefecture02 » ?",
        "référentiel « zzzzzz » inconnu",
    ]
    assert result.result.referentiels == ()


def test_undeclared_referentiel_cited(succession: Catalogue) -> None:
    text = contract(
        "referentiels: [paqte]\nactions:\n" + _action("A1", "prefecture02:emploi-jeunes")
    )
    result = check(text, "2022-06-01", succession)
    assert result.messages("CC309") == [
        "« prefecture02:emploi-jeunes » appartient au référentiel « prefecture02 », que le "
        "contrat ne déclare pas dans « referentiels »"
    ]
    assert result.of("CC309")[0].hint == "ajoutez « prefecture02 » à la liste « referentiels »"
    # Without « referentiels », every applicable one is followed: no CC309.
    undeclared = text.replace("referentiels: [paqte]\n", "")
    assert check(undeclared, "2022-06-01", succession).codes("CC309") == []


# --- --avec ID and ID@VERSION ---------------------------------------------------------------------


def test_avec_id_at_version_rates_that_version(succession: Catalogue) -> None:
    text = contract(
        "referentiels: [prefecture02, paqte]\nactions:\n"
        + _action("A1", "prefecture02:chantiers-ecoles", **COMPLETE)
    )
    plain = check(text, "2022-06-01", succession, only=["prefecture02"])
    assert [c.id for c in plain.result.referentiels] == ["prefecture02"]
    assert plain.coverage("prefecture02").version == "2022-01-01"
    pinned = check(text, "2022-06-01", succession, only=["prefecture02@2020-01-01"])
    assert [c.id for c in pinned.result.referentiels] == ["prefecture02"]
    assert pinned.coverage("prefecture02").version == "2020-01-01"
    assert pinned.status("prefecture02:chantiers-ecoles")[0] == "obsolete"  # type: ignore[index]
    # The gap is reported where the contract declares the référentiel.
    assert {p for p in pinned.where("CC401")} == {(line_of(text, "referentiels:"), 16)}


def test_avec_an_undeclared_referentiel(succession: Catalogue) -> None:
    text = contract("referentiels: [paqte]\n")
    result = check(text, "2022-06-01", succession, only=["prefecture02"])
    assert [c.id for c in result.result.referentiels] == ["prefecture02"]
    assert result.coverage("prefecture02").version == "2022-01-01"
    # Not declared: the gaps point at « actions ».
    assert {p for p in result.where("CC401")} == {(line_of(text, "actions:"), 1)}
    pinned = check(text, "2022-06-01", succession, only=["prefecture02@2020-01-01"])
    assert pinned.coverage("prefecture02").version == "2020-01-01"
    assert {p for p in pinned.where("CC401")} == {(line_of(text, "actions:"), 1)}


def test_avec_on_the_command_line(run) -> None:  # type: ignore[no-untyped-def]
    import json

    args = (
        "check",
        "--date",
        "2022-06-01",
        "-f",
        "json",
        "--referentiels",
        str(SUCCESSION),
        "examples/contrat-aligne.yaml",
    )
    code, out, _ = run(*args, "--avec", "prefecture02@2020-01-01")
    result = json.loads(out)["fichiers"][0]
    assert [(r["id"], r["version"]) for r in result["referentiels"]] == [
        ("prefecture02", "2020-01-01")
    ]
    assert code == 0
    code, _, err = run(*args, "--avec", "prefecture02@2019-01-01")
    assert code == 2 and "prefecture02@2019-01-01" in err


# --- forces and the coverage minimum --------------------------------------------------------------


def test_coverage_minimum_is_per_referentiel_and_reached_passes(deep: Catalogue) -> None:
    text = contract("referentiels: [profond]\nactions:\n" + _action("A1", "profond:c", **COMPLETE))
    at = check(text, "2021-06-01", deep, coverage_min={"profond": 25.0})
    assert at.codes("CC404") == []
    under = check(text, "2021-06-01", deep, coverage_min={"profond": 25.1, "paqte": 90.0})
    assert under.messages("CC404") == [
        "couverture de « profond » : 25 %, sous le seuil de 25,1 % fixé par --couverture-min"
    ]
    assert under.where("CC404") == [(line_of(text, "referentiels:"), 16)]
    assert under.of("CC404")[0].severity is Severity.ERREUR
