"""The HTML report in a real headless Chromium (Debian's chromium, installed by .ci/run)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
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
# Printed A4 pages expected for each example: the count measured with Debian's chromium 156
# (13, 10, 8 and 7 pages), give or take one page for fonts that differ.
PAGES = {
    "contrat-aligne.yaml": (12, 14),
    "contrat-lacunes.yaml": (9, 11),
    "contrat-2019-perime.yaml": (7, 9),
    "contrat-2019-revise.yaml": (6, 8),
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
    rows = page.evaluate("document.querySelectorAll('table.synthese tbody tr').length")
    assert rows == len(EXAMPLE_DATES)
    for count in page.evaluate(
        "[...document.querySelectorAll('table.matrice')].map(t => t.tBodies[0].rows.length)"
    ):
        assert count == len(EXAMPLE_DATES)
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


# --- What a person sees: fonts, words, page breaks, every column, screenshots -----------------

DECLARED_FONTS = {"Segoe UI", "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"}
# Every word of a table cell, except in identifiers and addresses (allowed to break), as
# [cell text, word, number of line boxes the word spans].
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('th, td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code, .url, .source, .sr')) continue;
      const re = /[^\\s-]+-?/g; let m;  // a break right after a hyphen is allowed
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                 .map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push([cell.textContent.slice(0, 60), m[0], tops.size]);
      }
    }
  }
  for (const id of document.querySelectorAll('.id')) {
    const tops = new Set([...id.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) broken.push(['id', id.textContent, tops.size]);
  }
  return broken;
}"""


def _report(run, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    html = tmp_path / f"{name.removesuffix('.yaml')}.html"
    day, _ = EXAMPLE_DATES[name]
    assert run("report", "--date", day, "-o", str(html), f"examples/{name}")[0] == 0
    return html


def _portfolio(run, tmp_path: Path, copies: int = 0) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "contrats"
    folder.mkdir()
    for example in sorted(EXAMPLE_DATES):
        (folder / example).write_bytes((ROOT / "examples" / example).read_bytes())
    (folder / "casse.yaml").write_text(
        'format: contrat-de-ville/1\ncontrat:\n  nom: "Contrat cassé\n  porteur: x\n',
        encoding="utf-8",
    )
    lacunes = (ROOT / "examples" / "contrat-lacunes.yaml").read_text("utf-8")
    for index in range(copies):
        (folder / f"copie-{index:03}.yaml").write_text(
            lacunes.replace("Contrat de ville de Paris", f"Contrat de ville n° {index}"), "utf-8"
        )
    html = tmp_path / "portefeuille.html"
    assert run("report", "--date", "2022-06-30", "-o", str(html), str(folder))[0] == 0
    return html


def test_body_font_is_the_declared_one(run, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(run, tmp_path, "contrat-lacunes.yaml")
    assert "&#34;" not in html.read_text("utf-8").split("</style>")[0]
    page, _, _ = _open(browser, html)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "DejaVu Sans" in family and "serif" in family, family  # « sans-serif » closes it
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    for selector in ("h1", "p", "td.nombre", "th"):
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        used = {f["familyName"] for f in fonts}
        assert used and used <= DECLARED_FONTS, (selector, used)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", [*sorted(EXAMPLE_DATES), "portefeuille"])
def test_no_word_breaks_inside_a_table_cell(
    run, browser, tmp_path: Path, name: str, width: int
) -> None:  # type: ignore[no-untyped-def]
    html = _portfolio(run, tmp_path) if name == "portefeuille" else _report(run, tmp_path, name)
    page, _, _ = _open(browser, html, width)
    assert page.evaluate(BROKEN_WORDS) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / f"{name.removesuffix('.yaml')}-{width}px-entier.png"), full_page=True
    )
    page.close()


def test_first_page_is_a_synthesis_with_one_chart_per_referentiel(
    run, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    html = _report(run, tmp_path, "contrat-lacunes.yaml")
    page, _, _ = _open(browser, html)
    first = page.locator("section.premiere-page")
    referentiels = page.evaluate("document.querySelectorAll('table[data-referentiel]').length")
    assert first.locator("svg.barre").count() == referentiels == 3
    assert 3 <= first.locator("ol.decisions > li").count() <= 5
    text = first.inner_text()
    assert "1er mars 2021" in text and "EDU-2" in text and "EMP-1 (31 décembre 2020)" in text
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    body = page.inner_text("body")
    assert "contrat-lacunes.yaml:" not in body  # no « fichier:ligne » list repeating the gaps
    titles = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
    assert len(titles) == len(set(titles))
    assert "(s)" not in body and "obsolete" not in body.replace("obsolète", "")
    page.close()


def _pdf_pages(pdf: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent (apt-get install poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _headings(browser, html: Path) -> list[str]:  # type: ignore[no-untyped-def]
    page, _, _ = _open(browser, html)
    texts = page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, caption')].map(e => e.innerText.trim())"
    )
    page.close()
    return [" ".join(t.split()) for t in texts]


def _screenshots(pdf: Path, stem: str) -> None:
    if not shutil.which("pdftoppm"):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / f"{stem}-page")], check=True
    )


@pytest.mark.parametrize("name", [*sorted(EXAMPLE_DATES), "portefeuille"])
def test_no_heading_ends_a_pdf_page(run, browser, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    if name == "portefeuille":
        html = _portfolio(run, tmp_path)
        args = ["report", "--date", "2022-06-30", str(tmp_path / "contrats")]
    else:
        html = _report(run, tmp_path, name)
        args = ["report", "--date", EXAMPLE_DATES[name][0], f"examples/{name}"]
    pdf = tmp_path / "rapport.pdf"
    code, _, err = run(*args, "-f", "pdf", "-o", str(pdf))
    assert code == 0, err
    headings = [h for h in _headings(browser, html) if h]
    pages = _pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"\d+ / \d+", line)]
        assert lines, f"page {number} is empty"
        last = lines[-1]
        for heading in headings:
            assert len(last) < 8 or not heading.startswith(last), (number, last)
    _screenshots(pdf, name.removesuffix(".yaml"))


@pytest.mark.parametrize("copies", [0, 200])
def test_portfolio_prints_every_column_and_readable_rows(
    run, browser, tmp_path: Path, copies: int
) -> None:  # type: ignore[no-untyped-def]
    html = _portfolio(run, tmp_path, copies)
    page, errors, _ = _open(browser, html, 1280)
    assert errors == []
    heights = page.evaluate(
        "[...document.querySelectorAll('table.matrice tbody tr, table.synthese tbody tr')]"
        ".map(r => r.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 110, max(heights)
    blocks = page.evaluate(
        """[...document.querySelectorAll('table.matrice')].map(t => [t.dataset.referentiel,
            [...t.tHead.querySelectorAll('th.num')].map(th => th.textContent)])"""
    )
    unreadable = page.locator("#illisibles + .table").inner_text()
    assert "casse.yaml" in unreadable and "guillemet" in unreadable
    page.close()
    pdf = tmp_path / "portefeuille.pdf"
    code, _, err = run(
        "report", "--date", "2022-06-30", "-f", "pdf", "-o", str(pdf), str(tmp_path / "contrats")
    )
    assert code == 0, err
    text = "\n".join(_pdf_pages(pdf))
    for _, numbers in blocks:
        header = r"Contrat\s+" + r"\s+".join(numbers) + r"(\s|$)"
        assert re.search(header, text), numbers  # every column of the block is on the page
    if copies == 0:
        _screenshots(pdf, "portefeuille-pdf")
