"""Living with findings in a shared repository: configuration, suppressions, baseline, scale."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from contratcheck.errors import UsageError
from contratcheck.loading.config import load_config

from .conftest import ROOT

LACUNES = ROOT / "examples" / "contrat-lacunes.yaml"


def _codes(out: str) -> list[tuple[str, int]]:
    report = json.loads(out)
    return [(f["code"], f["ligne"]) for r in report["fichiers"] for f in r["constats"]]


# --- configuration --------------------------------------------------------------------------


def test_config_found_walking_up_and_cli_wins(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contratcheck.toml").write_text(
        textwrap.dedent(
            """\
            date = 2021-03-01
            echec_si = "info"
            desactiver = ["CC401"]
            ignorer = ["brouillons/*"]

            [gravites]
            CC505 = "erreur"
            """
        ),
        encoding="utf-8",
    )
    contracts = tmp_path / "contrats"
    (contracts / "brouillons").mkdir(parents=True)
    (contracts / "paris.yaml").write_bytes(LACUNES.read_bytes())
    (contracts / "brouillons" / "x.yaml").write_bytes(LACUNES.read_bytes())
    monkeypatch.chdir(contracts)
    code, out, _ = run("check", "-f", "json", ".")
    report = json.loads(out)
    assert report["date_verification"] == "2021-03-01"
    assert [f["fichier"] for f in report["fichiers"]] == ["paris.yaml"]
    findings = report["fichiers"][0]["constats"]
    assert not [f for f in findings if f["code"] == "CC401"]
    assert [f["gravite"] for f in findings if f["code"] == "CC505"] == ["erreur"]
    assert code == 1
    # The command line wins over the file.
    code, out, _ = run("check", "-f", "json", "--date", "2022-01-01", ".")
    assert json.loads(out)["date_verification"] == "2022-01-01"


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.contratcheck]\nreferentiels = ["locaux"]\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path / "sous" / "dossier")
    assert config.referentiels == (tmp_path / "locaux",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('echec_si = "grave"', "clé « echec_si » : « grave » n'est pas une gravité"),
        ('desactive = ["CC401"]', "clé « desactive » : clé inconnue : vouliez-vous dire"),
        ('desactiver = ["CC999"]', "code de règle « CC999 » inconnu"),
        ("date = 'demain'", "« demain » n'est pas une date"),
        ("interdire_suppressions = 'oui'", "attendu true ou false"),
        ("date = [", "TOML invalide \\(fin de fichier inattendue\\)"),
        ("date = 2021-01-01 x", "TOML invalide, ligne 1, colonne 19"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "contratcheck.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_config(tmp_path)


def test_invalid_config_exits_2(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contratcheck.toml").write_text('gravites = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", str(LACUNES))
    assert code == 2 and "clé « gravites »" in err


# --- inline suppressions ----------------------------------------------------------------------

_SUPPRESSED = (
    LACUNES.read_text(encoding="utf-8")
    .replace(
        "    references: [paqte:stage-de-troisieme]",
        "    references: [paqte:stage-de-troisieme]  # contratcheck-ignorer CC301 : en attente du"
        " référentiel local",
    )
    .replace(
        "    calendrier: {debut: 2019-04-01, echeance: 2020-12-31}",
        "    # contratcheck-ignorer CC310\n"
        "    calendrier: {debut: 2019-04-01, echeance: 2020-12-31}",
    )
)


def test_suppression_with_reason_silences_that_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "paris.yaml"
    target.write_text(_SUPPRESSED, encoding="utf-8")
    code, out, _ = run("check", "--date", "2021-03-01", "-f", "json", str(target))
    assert code == 1  # other errors remain
    codes = _codes(out)
    assert not [c for c in codes if c[0] == "CC301"]
    assert json.loads(out)["fichiers"][0]["ignores_par_commentaire"] == 1
    # Without a reason the comment is itself a finding and silences nothing.
    assert ("CC801", 67) in codes and [c for c in codes if c[0] == "CC310"]


def test_suppressions_can_be_forbidden(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "paris.yaml"
    target.write_text(_SUPPRESSED, encoding="utf-8")
    code, out, _ = run(
        "check", "--date", "2021-03-01", "-f", "json", "--interdire-suppressions", str(target)
    )
    assert code == 1
    codes = _codes(out)
    assert [c for c in codes if c[0] == "CC301"]
    assert sorted(c for c in codes if c[0] == "CC802") == [("CC802", 67), ("CC802", 81)]


# --- baseline and fingerprints ---------------------------------------------------------------


def test_fingerprints_survive_lines_inserted_above(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = tmp_path / "paris.yaml"
    original.write_bytes(LACUNES.read_bytes())
    code, before, _ = run("check", "--date", "2021-03-01", "-f", "json", str(original))
    assert code == 1
    text = LACUNES.read_text(encoding="utf-8")
    moved = text.replace(
        "actions:\n",
        "actions:\n  # Une nouvelle action en tête.\n"
        "  - id: NEW-1\n    titre: Action ajoutée\n    pilier: cadre-de-vie\n"
        "    statut: prevue\n",
        1,
    )
    original.write_text("# commentaire ajouté\n# et un autre\n" + moved, encoding="utf-8")
    code, after, _ = run("check", "--date", "2021-03-01", "-f", "json", str(original))
    assert code == 1

    def prints(out: str) -> dict[str, int]:
        return {f["empreinte"]: f["ligne"] for f in json.loads(out)["fichiers"][0]["constats"]}

    old, new = prints(before), prints(after)
    assert set(old) <= set(new)
    moved_lines = [fp for fp in old if new[fp] != old[fp]]
    assert moved_lines, "the findings did move"


def test_baseline_only_new_findings_fail(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    contract = tmp_path / "paris.yaml"
    contract.write_bytes(LACUNES.read_bytes())
    baseline = tmp_path / "baseline.json"
    code, out, _ = run("check", "--date", "2021-03-01", "-f", "json", str(contract))
    assert code == 1
    found = json.loads(out)["fichiers"][0]["constats"]
    assert len(found) == 44  # 2 errors, 8 warnings, 34 info
    code, _, err = run("baseline", "--date", "2021-03-01", "-o", str(baseline), str(contract))
    assert code == 0 and err == f"contratcheck : 44 constats enregistrés dans {baseline}\n"
    written = json.loads(baseline.read_text(encoding="utf-8"))
    assert sorted(written["empreintes"]) == sorted(f["empreinte"] for f in found)
    assert {e["nombre"] for e in written["empreintes"].values()} == {1}
    code, out, _ = run(
        "check", "--date", "2021-03-01", "-f", "json", "--baseline", str(baseline), str(contract)
    )
    assert code == 0
    assert json.loads(out)["fichiers"][0]["constats"] == []
    assert json.loads(out)["fichiers"][0]["connus_de_la_baseline"] == 44
    # A new mistake (another unknown reference) fails, even with lines moved above it.
    text = "# nouvelle ligne\n" + LACUNES.read_text(encoding="utf-8").replace(
        "references: [fdr2018:cites-educatives]", "references: [fdr2018:cites-educatives, x:y]"
    )
    contract.write_text(text, encoding="utf-8")
    code, out, _ = run(
        "check", "--date", "2021-03-01", "-f", "json", "--baseline", str(baseline), str(contract)
    )
    assert code == 1
    assert [c for c, _ in _codes(out)] == ["CC301"]
    assert json.loads(out)["fichiers"][0]["connus_de_la_baseline"] == 44


def test_bad_baseline_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "b.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, err = run("check", "--baseline", str(bad), str(LACUNES))
    assert code == 2 and "contratcheck-baseline/1" in err


# --- scale -------------------------------------------------------------------------------------


def test_process_pool_gives_the_same_report(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for index in range(6):
        (tmp_path / f"c{index}.yaml").write_bytes(LACUNES.read_bytes())
    args = ("check", "--date", "2021-03-01", "-f", "json", str(tmp_path))
    _, pooled, _ = run(*args, "--processus", "2")
    _, single, _ = run(*args, "--processus", "1")
    assert pooled == single
    assert len(json.loads(pooled)["fichiers"]) == 6
