"""The shipped référentiels: counts pinned to domain.md, sources, succession."""

from __future__ import annotations

from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.loading import read_catalogue


def test_shipped_referentiels_have_no_finding() -> None:
    _, findings = read_catalogue()
    assert findings == []


def test_fdr2018_counts(catalogue: Catalogue) -> None:
    first = catalogue.get("fdr2018", "2018-07-18")
    assert first is not None
    assert len(first.current_items()) == 28
    assert first.items_annonces == 40
    assert [a.id for a in first.axes if a.type == "enjeu"] == [
        "memes-droits",
        "emancipation",
        "faire-republique",
    ]
    assert len([a for a in first.axes if a.type == "programme"]) == 5
    assert "refaire République" in first.axis("faire-republique").alias  # type: ignore[union-attr]
    numbered = {i.id_domaine: i.numero_officiel for i in first.items if i.numero_officiel}
    assert numbered == {"CULT-01": 37, "CULT-02": 38, "CULT-03": 39}
    # LIEN-06 (travailleurs sociaux) is a national reform (issue 10 audit).
    assert {i.id_domaine for i in first.items if not i.declinable_localement} == {
        "GOUV-01",
        "GOUV-02",
        "LIEN-04",
        "LIEN-06",
    }
    # EDU-04 (stages de 3e) is no longer a twin: the PaQte item contributes to it, one way.
    with_equivalents = {i.id_domaine for i in first.items if i.equivalents}
    assert with_equivalents == {"EMP-01", "EMP-02", "LIEN-01", "LIEN-02", "LIEN-03"}


def test_paqte_has_four_axes(catalogue: Catalogue) -> None:
    paqte = catalogue.get("paqte")
    assert paqte is not None
    assert [a.id for a in paqte.axes] == ["sensibiliser", "former", "recruter", "acheter"]


def test_every_item_and_axis_has_a_source_address(catalogue: Catalogue) -> None:
    for versions in catalogue.versions.values():
        for referentiel in versions:
            for item in referentiel.items:
                assert item.sources, item.reference
                assert all(s.adresse.startswith("http") for s in item.sources)
            for axis in referentiel.axes:
                assert axis.sources, axis.id


def test_the_2018_roadmap_closes_with_its_generation(catalogue: Catalogue) -> None:
    # No text ever published a revision of the 40 measures: one version, never retired.
    import datetime as dt

    (only,) = catalogue.versions["fdr2018"]
    assert only.version == "2018-07-18" and only.statut == "en-vigueur"
    assert not only.item("entrepreneuriat-pour-tous").retired  # type: ignore[union-attr]
    assert catalogue.in_force("fdr2018", dt.date(2026, 12, 1)) is only


# --- the `referentiels` command ------------------------------------------------------------

import json  # noqa: E402

import pytest  # noqa: E402

from .conftest import TESTS  # noqa: E402

BAD = TESTS / "inputs" / "referentiels" / "casses"
LOCAL = TESTS / "inputs" / "referentiels" / "local"
LOCAL_V2 = TESTS / "inputs" / "referentiels" / "local-v2"


def test_validate_passes_on_every_shipped_file(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("referentiels", "validate")
    assert (code, err) == (0, "")
    assert "aucun problème" in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("item-duplique.yaml", "item-duplique.yaml:14:10: erreur CC701"),
        ("successeur-inconnu.yaml", "successeur-inconnu.yaml:18:46: erreur CC702"),
        ("sans-source.yaml", "sans-source.yaml:14:5: erreur CC202"),
        (
            "force-par-defaut.yaml",
            "force-par-defaut.yaml:14:91: erreur CC204 valeur « obligatoire » non autorisée pour "
            "« items[1].force.niveau » (Niveau)",
        ),
    ],
)
def test_validate_fails_with_file_and_line(run, name: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("referentiels", "validate", str(BAD / name))
    assert code == 1
    assert expected in out


def test_list_json_pins_the_national_set(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("referentiels", "list", "--format", "json", "--date", "2026-11-25")
    assert code == 0
    rows = {f"{r['id']}@{r['version']}": r for r in json.loads(out)["referentiels"]}
    fdr = rows["fdr2018@2018-07-18"]
    assert len(fdr["axes"]["enjeu"]) == 3 and len(fdr["axes"]["programme"]) == 5
    assert fdr["items_identifies"] == 28 and fdr["items_annonces"] == 40
    assert fdr["completude"] == "28 mesures identifiées sur 40 annoncées"
    domain_ids = {i["id_domaine"] for i in fdr["items"]}
    expected = {f"SEC-0{i}" for i in (1, 2)} | {f"LOG-0{i}" for i in (1, 2, 3)}
    expected |= {f"EDU-0{i}" for i in range(1, 7)} | {f"EMP-0{i}" for i in range(1, 6)}
    expected |= {f"LIEN-0{i}" for i in range(1, 7)} | {"GOUV-01", "GOUV-02", "SERV-01"}
    expected |= {"CULT-01", "CULT-02", "CULT-03"}
    assert domain_ids == expected
    assert {i["numero_officiel"] for i in fdr["items"]} == {None, 37, 38, 39}
    assert fdr["statut"] == "en vigueur"
    assert len(rows["paqte@2018-07-17"]["axes"]["axe"]) == 4


def test_show_json_gives_sources_and_confidence(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("referentiels", "show", "fdr2018@2018-07-18", "--format", "json")
    assert code == 0
    items = {i["id_domaine"]: i for i in json.loads(out)["items"]}
    assert items["SEC-02"]["confiance"] == "infere"
    assert items["EDU-03"]["sources"][0]["adresse"].startswith("http")


def test_show_text_marks_inferred_and_numbers(run) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run("referentiels", "show", "fdr2018")
    assert "fdr2018:micro-folies [CULT-02] — Implanter des Micro-Folies (mesure n° 38)" in out
    assert "(dans memes-droits, rattachement inféré)" in out


def test_diff_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "referentiels",
        "diff",
        "prefecture02@2020-01-01",
        "prefecture02@2022-01-01",
        "-f",
        "json",
        "--referentiels",
        str(TESTS / "inputs" / "referentiels" / "succession"),
    )
    assert code == 0
    diff = json.loads(out)
    assert diff["ajoutes"] == ["prefecture02:insertion-activite"]
    assert diff["retires"] == [
        {"reference": "prefecture02:chantiers-ecoles", "successeurs": ["insertion-activite"]}
    ]
    assert diff["supprimes"] == [] and diff["relibelles"] == []


def test_unknown_referentiel_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("referentiels", "show", "fdr2019")
    assert code == 2 and "référentiel « fdr2019 » inconnu" in err


# --- user référentiels --------------------------------------------------------------------

_CONTRACT = """\
format: contrat-de-ville/1
contrat:
  nom: Contrat avec une liste locale
  porteur: {nature: epci, nom: CA, siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv: [{code: QP001001, nom: Quartier A}]
periode: {debut: 2015-01-01, fin: 2020-12-31}
referentiels: [prefecture01@2022-01-01]
actions:
  - id: A1
    titre: Médiathèque ouverte le soir
    pilier: cohesion-sociale
    statut: en-cours
    pilote: Ville
    calendrier: {echeance: 2026-12-31}
    indicateurs: [{libelle: Heures d'ouverture, cible: 40}]
    references: [prefecture01:lecture-publique]
"""


def test_local_referentiel_and_its_succession(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    contract = tmp_path / "contrat.yaml"
    contract.write_text(_CONTRACT, encoding="utf-8")
    args = ["check", "--date", "2023-06-01", "-f", "json", str(contract)]
    _, out, _ = run(*args, "--referentiels", str(LOCAL))
    statuses = {
        i["reference"]: i["statut"]
        for r in json.loads(out)["fichiers"][0]["referentiels"]
        for i in r["items"]
    }
    assert statuses["prefecture01:lecture-publique"] == "couverte"
    # A newer version is a succession; but this 2015-2023 contract ended on 31 December 2023 and
    # is evaluated at its end: the version of 2024 never applies to it.
    args[2] = "2024-06-01"
    _, out, _ = run(*args, "--referentiels", str(LOCAL), "--referentiels", str(LOCAL_V2))
    result = json.loads(out)["fichiers"][0]
    assert result["evalue_au"] == "2023-12-31"
    assert {"CC302", "CC304"}.isdisjoint({f["code"] for f in result["constats"]})


def test_same_referentiel_version_twice_exits_2(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    contract = tmp_path / "contrat.yaml"
    contract.write_text(_CONTRACT, encoding="utf-8")
    copy = tmp_path / "copie"
    copy.mkdir()
    (copy / "p.yaml").write_text((LOCAL / "prefecture01@2022-01-01.yaml").read_text("utf-8"))
    code, _, err = run(
        "check", str(contract), "--referentiels", str(LOCAL), "--referentiels", str(copy)
    )
    assert code == 2
    assert "CC705" in err and "prefecture01@2022-01-01" in err


def test_list_shows_both_generations_with_completeness(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("referentiels", "list", "--date", "2026-12-01")
    assert code == 0
    newest, older = out.index("Contrats 2024-2030"), out.index("Contrats 2015-2023")
    assert newest < out.index("civ2023@2023-10-27") < older < out.index("fdr2018@2018-07-18")
    assert "18 mesures identifiées sur 84 annoncées" in out
    assert "28 mesures identifiées sur 40 annoncées" in out


def test_show_every_shipped_referentiel_in_text_and_json(run, catalogue: Catalogue) -> None:  # type: ignore[no-untyped-def]
    for versions in catalogue.versions.values():
        for referentiel in versions:
            code, out, err = run("referentiels", "show", referentiel.key, "-f", "json")
            assert (code, err) == (0, ""), referentiel.key
            shown = json.loads(out)
            assert all(i["force"]["niveau"] for i in shown["items"]), referentiel.key
            code, _, err = run("referentiels", "show", referentiel.key)
            assert (code, err) == (0, ""), referentiel.key
