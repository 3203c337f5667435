"""The HTML report in a real headless Chromium (Debian's chromium, installed by .ci/run)."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLE_DATES, ROOT

REQUIRED = os.environ.get("CONTRATCHECK_COMPONENTS_REQUIRED") == "1"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CONTRATCHECK_CHROMIUM") or shutil.which("chromium") or ""
FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Printed A4 pages expected for each example (a range, not an exact count: fonts may differ).
# Measured with Debian's chromium 1xx: 14, 13, 11 and 9 pages.
PAGES = {
    "contrat-aligne.yaml": (8, 18),
    "contrat-lacunes.yaml": (8, 18),
    "contrat-2019-perime.yaml": (6, 15),
    "contrat-2019-revise.yaml": (5, 13),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRED:
            pytest.fail("playwright absent alors que les composants sont exigés")
        pytest.skip("playwright absent")
    if not CHROMIUM or not Path(CHROMIUM).exists():
        if REQUIRED:
            pytest.fail("chromium absent alors que .ci/run l'installe")
        pytest.skip("chromium absent (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def _open(browser: Any, html: Path, width: int = 1200) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


@pytest.mark.parametrize("name", sorted(EXAMPLE_DATES))
def test_html_report_in_chromium(run, browser, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    day, _ = EXAMPLE_DATES[name]
    html = tmp_path / "rapport.html"
    assert run("report", "--date", day, "-o", str(html), f"examples/{name}")[0] == 0
    _, out, _ = run("check", "--date", day, "-f", "json", f"examples/{name}")
    expected = {r["id"]: r["couverture"] for r in json.loads(out)["fichiers"][0]["referentiels"]}

    page, errors, requests = _open(browser, html)
    assert errors == []
    assert requests == [html.as_uri()], "the page itself must request nothing"
    shown = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('table[data-referentiel]')]
            .map(t => [t.dataset.referentiel, Object.fromEntries(
                [...t.querySelectorAll('td[data-statut]')]
                .map(td => [td.dataset.statut, Number(td.textContent)]))]))"""
    )
    for referentiel, counts in expected.items():
        for status, key in (
            ("couverte", "couvertes"),
            ("partielle", "partielles"),
            ("obsolete", "obsoletes"),
            ("manquante", "manquantes"),
            ("exclue", "exclues"),
        ):
            assert shown[referentiel][status] == counts[key], (referentiel, status)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.querySelectorAll('h1').length") == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name.removesuffix('.yaml')}.png"), full_page=False)
    page.close()

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(html.as_uri())
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll at 390 px: {width}"
    phone.screenshot(path=str(ARTIFACTS / f"{name.removesuffix('.yaml')}-390px.png"))
    phone.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_html_report_prints_on_a4(run, browser, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    day, _ = EXAMPLE_DATES[name]
    html = tmp_path / "rapport.html"
    run("report", "--date", day, "-o", str(html), f"examples/{name}")
    page, errors, _ = _open(browser, html)
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    low, high = PAGES[name]
    assert low <= pages <= high, pages
    assert errors == []


def test_portfolio_in_chromium(run, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = tmp_path / "portefeuille.html"
    assert run("report", "--date", "2022-06-30", "-o", str(html), "examples")[0] == 0
    page, errors, requests = _open(browser, html)
    assert errors == [] and requests == [html.as_uri()]
    rows = page.evaluate("document.querySelectorAll('table.matrice tbody tr').length")
    assert rows == len(EXAMPLE_DATES)
    page.screenshot(path=str(ARTIFACTS / "portefeuille.png"))
    page.close()


def test_script_in_contract_renders_as_text(run, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    contract = tmp_path / "piege.yaml"
    contract.write_text(
        (ROOT / "examples" / "contrat-lacunes.yaml")
        .read_text("utf-8")
        .replace(
            "titre: Jardins partagés",
            "titre: \"<script>document.title='pirate'</script><img src=x onerror=alert(1)>\"",
        ),
        encoding="utf-8",
    )
    html = tmp_path / "r.html"
    run("report", "--date", "2021-03-01", "-o", str(html), str(contract))
    page, errors, requests = _open(browser, html)
    assert page.title() != "pirate"
    assert page.evaluate("document.querySelectorAll('script, img').length") == 0
    assert "<script>document.title='pirate'</script>" in page.inner_text("body")
    assert errors == [] and requests == [html.as_uri()]
    page.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_contrast_meets_wcag_aa(run, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = tmp_path / "r.html"
    run("report", "--date", "2021-03-01", "-o", str(html), "examples/contrat-lacunes.yaml")
    page, _, _ = _open(browser, html)
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('.statut, th, td, p, .muted, .gravite-erreur')]
            .map(e => { const s = getComputedStyle(e);
                        let bg = s.backgroundColor, n = e;
                        while (bg === 'rgba(0, 0, 0, 0)' && n.parentElement) {
                            n = n.parentElement; bg = getComputedStyle(n).backgroundColor; }
                        if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
                        return [s.color, bg]; })"""
    )
    page.close()
    assert pairs
    for color, background in set(map(tuple, pairs)):
        light, dark = sorted((_luminance(color), _luminance(background)), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, (color, background, round(ratio, 2))
