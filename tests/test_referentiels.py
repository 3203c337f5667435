"""The shipped référentiels: counts pinned to domain.md, sources, succession."""

from __future__ import annotations

from contratcheck.referentiels import Catalogue, read_catalogue


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
    assert {i.id_domaine for i in first.items if not i.declinable_localement} == {
        "GOUV-01",
        "GOUV-02",
        "LIEN-04",
    }
    with_equivalents = {i.id_domaine for i in first.items if i.equivalents}
    assert with_equivalents == {"EMP-01", "EMP-02", "EDU-04", "LIEN-01", "LIEN-02", "LIEN-03"}


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


def test_entrepreneuriat_succession(catalogue: Catalogue) -> None:
    old = catalogue.get("fdr2018", "2018-07-18")
    new = catalogue.get("fdr2018", "2024-04-25")
    assert old is not None and new is not None
    assert not old.item("entrepreneuriat-pour-tous").retired  # type: ignore[union-attr]
    retired = new.item("entrepreneuriat-pour-tous")
    assert retired is not None and retired.retired
    assert retired.successeurs == ("entrepreneuriat-quartiers-2030",)
    assert len(new.current_items()) == 28
    import datetime as dt

    assert catalogue.in_force("fdr2018", dt.date(2024, 4, 24)) is old
    assert catalogue.in_force("fdr2018", dt.date(2024, 4, 25)) is new
