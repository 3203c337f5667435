"""The 2027 review (« report --revoyure », and its section of the HTML report)."""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from contratcheck.engine import Settings, check_bytes
from contratcheck.model import Revoyure, Status
from contratcheck.referentiels.catalogue import Catalogue

from .conftest import EXAMPLES, TESTS, check_golden, date
from .test_html import (  # noqa: F401  (browser is a fixture)
    ARTIFACTS,
    BROKEN_WORDS,
    DECLARED_FONTS,
    _headings,
    _open,
    _pdf_pages,
    browser,
)

DAY = "2026-12-01"
EXAMPLES_V2 = ("2024-paris-vallee-de-la-marne.yaml", "2024-lacunes.yaml")
GOLDEN = TESTS / "golden" / "revoyure"


def _review(catalogue: Catalogue, name: str, text: str | None = None) -> Revoyure:
    raw = text.encode("utf-8") if text is not None else (EXAMPLES / name).read_bytes()
    result = check_bytes(raw, f"examples/{name}", Settings(catalogue, date(DAY)))
    assert result.resume is not None and result.resume.revoyure is not None
    return result.resume.revoyure


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _indicator(review: Revoyure, origine: str, start: str) -> tuple[Any, ...]:
    found = next(
        i
        for p in review.priorites
        for i in p.indicateurs
        if i.origine == origine and i.libelle.startswith(start)
    )
    return (
        found.reference,
        found.reference_annee,
        found.cible,
        found.cible_annee,
        found.derniere,
        found.derniere_annee,
        found.ecart,
        found.progression,
    )


# --- The data ------------------------------------------------------------------------------


def test_review_of_the_paris_vallee_de_la_marne_contract(catalogue: Catalogue) -> None:
    review = _review(catalogue, "2024-paris-vallee-de-la-marne.yaml")
    assert (review.annee, review.clause_prevue, review.actualisation_due) == (
        2027,
        True,
        "2027-12-31",
    )
    assert review.signature == "2024-04-29"
    assert review.actes == (("Avenant", "20 novembre 2025"),)
    assert [p.id for p in review.priorites] == ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
    assert sum(len(p.indicateurs) for p in review.priorites) == 12
    assert _indicator(review, "PAU-01", "Personnes") == (
        900,
        2023,
        1500,
        2027,
        1240,
        2025,
        260.0,
        56.7,
    )
    assert _indicator(review, "EMP-01", "Part des femmes") == (
        31,
        2023,
        45,
        2027,
        40,
        2025,
        5.0,
        64.3,
    )
    assert _indicator(review, "MOB-01", "Habitants") == (
        0,
        2023,
        300,
        2025,
        320,
        2025,
        -20.0,
        106.7,
    )
    assert _indicator(review, "indicateur local", "Signalements") == (
        55,
        2023,
        80,
        2027,
        68,
        2025,
        12.0,
        52.0,
    )
    national = review.indicateurs_nationaux
    assert len(national) == 6
    assert (national[0].origine, national[0].reference, national[0].derniere) == (
        "QN07701I (La Renardière)",
        38,
        37.5,
    )
    etat, agglo, departement, region, caf = review.engagements
    assert (etat.signataire, etat.categorie) == ("Préfecture de Seine-et-Marne", "État")
    assert (etat.prevu, etat.prevu_clos, etat.realise, etat.taux) == (
        5_910_000,
        2_330_000,
        2_285_000,
        98.1,
    )
    assert (agglo.prevu, agglo.realise, agglo.taux) == (2_930_000, 1_915_000, 99.2)
    assert [(line.annee, line.nature, line.prevu, line.realise) for line in etat.lignes] == [
        (2024, "Crédits spécifiques", 1_150_000, 1_120_000),
        (2025, "Crédits spécifiques", 1_180_000, 1_165_000),
        (2025, "Droit commun", 2_400_000, None),
        (2026, "Crédits spécifiques", 1_180_000, None),
    ]
    assert (departement.taux, region.prevu, caf.prevu) == (None, 250_000, 300_000)
    assert len(review.sans_moyens) == 12 and "Ville de Torcy" in review.sans_moyens
    assert review.cpo is not None
    assert [(p.annee, p.part) for p in review.cpo.parts] == [
        (2024, 45.3),
        (2025, 51.5),
        (2026, 53.8),
    ]
    assert [(c.fin, c.montant_annuel) for c in review.cpo.a_renouveler] == [
        ("2026-12-31", 85_000),
        ("2027-06-30", 40_000),
    ]
    assert [(r.annee, r.present, r.en_retard, r.avis_annexes) for r in review.rapports] == [
        (2024, True, False, True),
        (2025, True, False, True),
    ]
    first = review.rapports[0]
    assert len(first.consultations) == 6 and first.non_consultes == ()
    assert {c.delai_jours for c in first.consultations} == {37}
    assert [c.avis for c in first.consultations].count("avec réserves") == 1
    texts = [(t.date, t.referentiel, t.items, len(t.non_repris)) for t in review.textes_parus]
    assert texts == [
        ("2024-11-07", "cadre2024", 3, 2),
        ("2024-11-07", "priorites2024", 8, 0),
        ("2024-11-18", "cadre2024", 1, 0),
        ("2025-06-06", "civ2025", 13, 12),
    ]
    assert [i.reference for i in review.textes_parus[0].non_repris] == [
        "cadre2024:adolescents",
        "cadre2024:pre-cite-educative",
    ]
    assert review.citations_perimees == () and review.termes_perimes == ()
    assert review.faits[-1].confiance == "non-trouve"
    assert "Aucune instruction nationale" in review.faits[-1].texte


def test_review_of_the_contract_with_gaps(catalogue: Catalogue) -> None:
    review = _review(catalogue, "2024-lacunes.yaml")
    *_, p3 = review.priorites
    assert (p3.id, p3.indicateurs) == ("P3", ())
    assert _indicator(review, "EDU-01", "Enfants") == (80, 2023, 120, 2027, 97, 2025, 23.0, 42.5)
    assert _indicator(review, "indicateur local", "Familles") == (
        50,
        2024,
        90,
        2027,
        None,
        None,
        None,
        None,
    )
    assert [(i.origine, i.derniere) for i in review.indicateurs_nationaux] == [
        ("QN04590M (Les Tilleuls (fictif))", None),
        ("QP045090 (Les Acacias (fictif))", None),
    ]
    missing, adopted = review.rapports
    assert (missing.annee, missing.present, missing.en_retard, missing.echeance) == (
        2024,
        False,
        True,
        "2025-12-31",
    )
    assert [(c.conseil, c.delai_jours, c.moins_d_un_mois) for c in adopted.consultations] == [
        ("Conseil citoyen des Tilleuls", 35, False),
        ("Conseil citoyen des Acacias", 14, True),
    ]
    assert review.cpo is not None and review.cpo.a_renouveler == ()
    assert [(p.annee, p.part) for p in review.cpo.parts] == [
        (2024, 50.0),
        (2025, 54.5),
        (2026, 57.1),
    ]
    late = {
        (t.date, t.referentiel): [i.reference for i in t.non_repris] for t in review.textes_parus
    }
    assert late[("2024-03-28", "cadre2024")] == ["cadre2024:entrepreneuriat-aller-vers"]
    assert len(late[("2024-11-07", "priorites2024")]) == 5
    assert len(late[("2025-06-06", "civ2025")]) == 13
    # Due dates of calendar checks (signature, TFPB) are not texts published since signature.
    assert ("2024-03-31", "cadre2024") not in late and ("2025-01-01", "cadre2024") not in late
    securite = next(
        i
        for t in review.textes_parus
        for i in t.non_repris
        if i.reference == "priorites2024:securite"
    )
    assert securite.statut is Status.PARTIELLE
    (citation,) = review.citations_perimees
    assert (citation.action, citation.reference, citation.depuis, citation.successeurs) == (
        "EMP-02",
        "fdr2018:entrepreneuriat-pour-tous",
        "2024-03-28",
        ("civ2023:entrepreneuriat-quartiers-2030",),
    )
    ((line, message),) = review.termes_perimes
    assert line == 121 and "Entrepreneuriat pour tous" in message


def test_a_retired_scheme_still_cited_is_listed(catalogue: Catalogue) -> None:
    text = (EXAMPLES / "2024-lacunes.yaml").read_text("utf-8")
    text = text.replace(
        "    references: [fdr2018:entrepreneuriat-pour-tous]",
        "    references: [programmes2024:cites-de-l-emploi, programmes2024:bataillons-prevention]",
    )
    review = _review(catalogue, "2024-lacunes.yaml", text)
    assert [(c.reference, c.depuis, c.successeurs) for c in review.citations_perimees] == [
        ("programmes2024:cites-de-l-emploi", "2025-01-01", ()),
        ("programmes2024:bataillons-prevention", "2024-01-01", ()),
    ]
    assert "non reconduites en 2025" in review.citations_perimees[0].motif


def test_a_format_1_contract_has_no_review(catalogue: Catalogue) -> None:
    raw = (EXAMPLES / "contrat-2019-revise.yaml").read_bytes()
    result = check_bytes(raw, "x.yaml", Settings(catalogue, date("2026-11-25")))
    assert result.resume is not None and result.resume.revoyure is None


@pytest.mark.parametrize("name", EXAMPLES_V2)
def test_review_data_golden(catalogue: Catalogue, name: str) -> None:
    review = _review(catalogue, name)
    text = json.dumps(_plain(review), ensure_ascii=False, indent=2) + "\n"
    check_golden(GOLDEN / f"{name.removesuffix('.yaml')}.json", text)


# --- The command line ----------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES_V2)
def test_review_page_renders(run, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "revoyure.html"
    code, _, err = run("report", "--revoyure", "--date", DAY, "-o", str(target), f"examples/{name}")
    assert code == 0, err
    html = target.read_text("utf-8")
    for heading in (
        "Ce que les textes disent de la revoyure",
        "Indicateurs par priorité",
        "Engagements des signataires",
        "Conventions pluriannuelles d'objectifs",
        "Rapports annuels et avis des conseils citoyens",
        "Textes parus depuis la signature",
        "Dispositifs terminés encore cités",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "Aucune instruction nationale sur la revoyure de 2027 n&#39;a été trouvée" in html
    assert "<script" not in html and "<link" not in html and " src=" not in html
    check_golden(GOLDEN / f"{name.removesuffix('.yaml')}.html", html)


def test_review_page_numbers_of_the_gaps_example(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "revoyure.html"
    run("report", "--revoyure", "--date", DAY, "-o", str(target), "examples/2024-lacunes.yaml")
    html = target.read_text("utf-8")
    assert "aucun indicateur, ni dans ses actions" in html  # P3
    assert "manquant</strong> — attendu au plus tard le 31 décembre 2025" in html
    assert '14 jours <strong class="gravite-avertissement">moins d\'un mois</strong>' in html
    assert "civ2023:entrepreneuriat-quartiers-2030" in html


@pytest.mark.parametrize("name", ["contrat-aligne.yaml", "contrat-2019-revise.yaml"])
def test_review_refuses_a_format_1_contract(run, name: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("report", "--revoyure", "--date", DAY, f"examples/{name}")
    assert code == 2 and out == ""
    assert "la revoyure de 2027 concerne les contrats de ville 2024-2030" in err
    assert "contrat-de-ville/2" in err


def test_review_options(run) -> None:  # type: ignore[no-untyped-def]
    example = "examples/2024-lacunes.yaml"
    code, _, err = run("report", "--revoyure", "-f", "md", "--date", DAY, example)
    assert code == 2 and "html ou en pdf" in err
    code, _, err = run(
        "report",
        "--revoyure",
        "--date",
        DAY,
        example,
        "examples/2024-paris-vallee-de-la-marne.yaml",
    )
    assert code == 2 and "un seul contrat" in err


def test_review_help_is_french(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("report", "--help")
    assert code == 0 and "revoyure de 2027" in " ".join(out.split())


@pytest.mark.parametrize(
    ("name", "day", "shown"),
    [
        ("2024-paris-vallee-de-la-marne.yaml", "2026-12-01", True),
        ("2024-lacunes.yaml", "2026-01-01", True),
        ("2024-lacunes.yaml", "2025-12-31", False),
        ("2024-paris-vallee-de-la-marne.yaml", "2025-06-30", False),
        ("contrat-2019-revise.yaml", "2026-11-25", False),
    ],
)
def test_review_section_of_the_html_report(
    run, tmp_path: Path, name: str, day: str, shown: bool
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "rapport.html"
    assert run("report", "--date", day, "-o", str(target), f"examples/{name}")[0] == 0
    html = target.read_text("utf-8")
    assert ('<h2 id="revoyure">Revoyure 2027</h2>' in html) is shown
    assert ('<h3 id="rv-indicateurs">' in html) is shown


def test_markdown_report_has_no_review_section(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("report", "-f", "md", "--date", DAY, "examples/2024-lacunes.yaml")
    assert code == 0 and "Revoyure" not in out


# --- In Chromium ---------------------------------------------------------------------------


def _review_page(run, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    html = tmp_path / f"revoyure-{name.removesuffix('.yaml')}.html"
    assert run("report", "--revoyure", "--date", DAY, "-o", str(html), f"examples/{name}")[0] == 0
    return html


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", EXAMPLES_V2)
def test_review_page_in_chromium(run, browser, tmp_path: Path, name: str, width: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    html = _review_page(run, tmp_path, name)
    page, errors, requests = _open(browser, html, width)
    assert errors == [] and requests == [html.as_uri()]
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.querySelectorAll('h1').length") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(BROKEN_WORDS) == []
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "p", "td.nombre", "th", "caption"):
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        used = {f["familyName"] for f in fonts}
        assert used and used <= DECLARED_FONTS, (selector, used)
    ARTIFACTS.mkdir(exist_ok=True)
    stem = f"revoyure-{name.removesuffix('.yaml')}-{width}px"
    page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("name", EXAMPLES_V2)
def test_review_pdf_pages(run, browser, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    html = _review_page(run, tmp_path, name)
    pdf = tmp_path / "revoyure.pdf"
    code, _, err = run(
        "report", "--revoyure", "--date", DAY, "-f", "pdf", "-o", str(pdf), f"examples/{name}"
    )
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    headings = [h for h in _headings(browser, html) if h]
    pages = _pdf_pages(pdf)
    assert 3 <= len(pages) <= 12, len(pages)
    for number, text in enumerate(pages, 1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"\d+ / \d+", line)]
        assert lines, f"page {number} is empty"
        for heading in headings:
            assert len(lines[-1]) < 8 or not heading.startswith(lines[-1]), (number, lines[-1])
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        stem = f"revoyure-{name.removesuffix('.yaml')}-page"
        for old in ARTIFACTS.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / stem)], check=True
        )
        assert len(list(ARTIFACTS.glob(f"{stem}-*.png"))) == len(pages)
