"""Reports for the comité de pilotage: Markdown and CSV golden files, escaping, comparison."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from contratcheck.reporters.csv import COLUMNS, neutralise

from .conftest import EXAMPLE_DATES, ROOT, TESTS, check_golden

GOLDEN = TESTS / "golden" / "rapports"


@pytest.mark.parametrize("fmt", ["md", "csv"])
@pytest.mark.parametrize("name", sorted(EXAMPLE_DATES))
def test_report_golden(run, name: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    day, _ = EXAMPLE_DATES[name]
    code, out, _ = run("report", "--date", day, "--format", fmt, f"examples/{name}")
    assert code == 0  # a report is written whatever its findings
    check_golden(GOLDEN / f"{name.removesuffix('.yaml')}.{fmt}", out)


def test_csv_round_trips_with_the_right_columns(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "report", "--date", "2021-03-01", "-f", "csv", "examples/contrat-lacunes.yaml"
    )
    assert code == 0 and out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert tuple(rows[0]) == COLUMNS
    code, report, _ = run(
        "check", "--date", "2021-03-01", "-f", "json", "examples/contrat-lacunes.yaml"
    )
    assert code == 1  # the same contract fails its check
    items = [i for r in json.loads(report)["fichiers"][0]["referentiels"] for i in r["items"]]
    labels = {"obsolete": "obsolète"}
    assert [(r["reference"], r["statut"]) for r in rows] == [
        (i["reference"], labels.get(i["statut"], i["statut"])) for i in items
    ]
    assert "obsolète" in {r["statut"] for r in rows}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SOMME(A1)", "'=SOMME(A1)"),
        ("+33 1", "'+33 1"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("normal", "normal"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


_HOSTILE = """\
format: contrat-de-ville/1
contrat:
  nom: "=HYPERLINK(\\"http://x\\") <script>alert('contrat')</script> Contrat piégé"
  porteur: {nature: epci, nom: "CA", siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv: [{code: QP001001, nom: "<img src=x onerror=alert(1)>"}]
periode: {debut: 2015-01-01, fin: 2020-12-31}
referentiels: [paqte]
actions:
  - id: A1
    titre: "<b>gras</b> & <script>document.title='pirate'</script>"
    pilier: cohesion-sociale
    statut: en-cours
    pilote: "=1+1"
    references: [paqte:alternance]
"""


def test_contract_text_is_never_trusted_as_html(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    contract = tmp_path / "piege.yaml"
    contract.write_text(_HOSTILE, encoding="utf-8")
    code, html, _ = run("report", "--date", "2021-03-01", str(contract))
    assert code == 0
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;contrat&#39;)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    code, table, _ = run("report", "--date", "2021-03-01", "-f", "csv", str(contract))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff")), delimiter=";"))
    assert rows and all(r["contrat"].startswith("'=HYPERLINK") for r in rows)


def test_compare_data_driven(run) -> None:  # type: ignore[no-untyped-def]
    """Each tests/comparaisons/*.json pins every part of a comparison; there is at least one."""
    specs = sorted((TESTS / "comparaisons").glob("*.json"))
    assert specs, "tests/comparaisons ne contient aucun cas"
    for spec_path in specs:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        code, out, err = run(
            "compare", "--date", spec["date"], "-f", "json", spec["ancien"], spec["nouveau"]
        )
        assert (code, err) == (0, ""), spec_path.name
        result = json.loads(out)
        expected = spec["attendu"]
        assert set(expected) == {"statuts", "actions_ajoutees", "actions_retirees", "couverture"}
        assert {k: result[k] for k in expected} == expected, spec_path.name
        assert expected["statuts"], spec_path.name  # a comparison that changes nothing pins little


def test_compare_text(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "compare",
        "--date",
        "2026-11-25",
        "examples/contrat-2019-perime.yaml",
        "examples/contrat-2019-revise.yaml",
    )
    assert code == 0
    assert "fdr2018 : 4 % → 35 % (+31 points)" in out
    assert "fdr2018:emplois-francs : obsolète → couverte" in out


def test_compare_with_a_git_revision(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "depot"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    target = repo / "contrat.yaml"
    target.write_bytes((ROOT / "examples" / "contrat-2019-perime.yaml").read_bytes())
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "2019"], cwd=repo, check=True)
    target.write_bytes((ROOT / "examples" / "contrat-2019-revise.yaml").read_bytes())
    monkeypatch.chdir(repo)
    code, out, _ = run(
        "compare", "--date", "2026-11-25", "-f", "json", "contrat.yaml@HEAD", "contrat.yaml"
    )
    assert code == 0
    assert len(json.loads(out)["statuts"]) == 10
    code, _, err = run("compare", "contrat.yaml@inexistante", "contrat.yaml")
    assert code == 2 and "introuvable à la révision « inexistante »" in err


def test_compare_in_a_shallow_clone_says_so(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    origin = tmp_path / "origine"
    origin.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=origin, check=True)
    for version in ("contrat-2019-perime.yaml", "contrat-2019-revise.yaml"):
        (origin / "contrat.yaml").write_bytes((ROOT / "examples" / version).read_bytes())
        subprocess.run([*git, "add", "."], cwd=origin, check=True)
        subprocess.run([*git, "commit", "-q", "-m", version], cwd=origin, check=True)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True
    )
    monkeypatch.chdir(clone)
    code, _, err = run("compare", "contrat.yaml@HEAD~1", "contrat.yaml")
    assert code == 2 and "clone superficiel" in err and "git fetch --unshallow" in err


def test_html_report_with_comparison(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "r.html"
    code, _, err = run(
        "report",
        "--date",
        "2026-11-25",
        "--depuis",
        "examples/contrat-2019-perime.yaml",
        "-o",
        str(target),
        "examples/contrat-2019-revise.yaml",
    )
    assert code == 0 and "rapport écrit" in err
    html = target.read_text(encoding="utf-8")
    assert "Évolution depuis la version précédente" in html
    assert "+31 points" in html


def test_portfolio_csv_matrix(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One row per contract (its coverage, then one status per item), one column per item."""
    folder = tmp_path / "contrats"
    folder.mkdir()
    for name in EXAMPLE_DATES:  # the four format-1 examples
        if name.startswith("contrat-"):
            (folder / name).write_bytes((ROOT / "examples" / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, err = run("report", "--date", "2022-06-30", "-f", "csv-matrice", "contrats")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["fichier", "contrat", "couverture"]
    assert len(header) == 63 and all(len(r) == 63 for r in body)
    assert header[3:] == sorted(header[3:])
    assert sorted({c.partition(":")[0] for c in header[3:]}) == [
        "asso2018",
        "cadre2014",
        "dijon",
        "fdr2018",
        "paqte",
    ]
    by_file = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert list(by_file) == [
        "contrats/contrat-2019-perime.yaml",
        "contrats/contrat-2019-revise.yaml",
        "contrats/contrat-aligne.yaml",
        "contrats/contrat-lacunes.yaml",
    ]
    assert [(r["couverture"], r["fdr2018:emplois-francs"]) for r in by_file.values()] == [
        ("6,1", "obsolète"),
        ("34,4", "couverte"),
        ("100,0", "couverte"),
        ("14,9", "obsolète"),
    ]
    aligned = by_file["contrats/contrat-aligne.yaml"]
    assert aligned["contrat"].startswith("Contrat de ville de la communauté d'agglomération")
    assert aligned["fdr2018:initiative-coproprietes"] == "exclue"
    assert aligned["dijon:mobilites"] == "couverte"
    # An item a contract does not follow is an empty cell, not a status.
    assert by_file["contrats/contrat-lacunes.yaml"]["dijon:mobilites"] == ""
    assert by_file["contrats/contrat-2019-perime.yaml"]["cadre2014:perr"] == ""
    statuses = {cell for r in body for cell in r[3:]}
    assert statuses == {"", "couverte", "partielle", "obsolète", "manquante", "exclue"}


def test_report_several_outputs_in_one_run(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html, table = tmp_path / "r.html", tmp_path / "r.csv"
    code, _, err = run(
        "report",
        "--date",
        "2021-03-01",
        "-o",
        str(html),
        "--sortie",
        f"csv:{table}",
        "examples/contrat-lacunes.yaml",
    )
    assert code == 0 and err.count("rapport écrit") == 2
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert table.read_text(encoding="utf-8-sig").startswith("fichier;contrat;")
    code, _, err = run("report", "-f", "docx", "examples/contrat-lacunes.yaml")
    assert code == 2 and "format « docx » inconnu" in err
