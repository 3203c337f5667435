"""The HTML reports as text, without a browser: the CSS, the words, the dates."""

from __future__ import annotations

import re

from contratcheck.french import french_dates_in


def test_css_is_not_escaped_and_words_do_not_break(run) -> None:  # type: ignore[no-untyped-def]
    for args in (("examples/contrat-lacunes.yaml",), ("examples",)):
        _, html, _ = run("report", "--date", "2021-03-01", *args)
        style = html.split("<style>")[1].split("</style>")[0]
        assert "&#34;" not in style and '"DejaVu Sans"' in style
        body = re.search(r"body \{[^}]*\}", style)
        assert body and "anywhere" not in body[0]


def test_report_sentences_use_french_dates_and_real_plurals(run) -> None:  # type: ignore[no-untyped-def]
    _, html, _ = run("report", "--date", "2021-03-01", "examples/contrat-lacunes.yaml")
    text = re.sub(r"<[^>]+>", " ", html.split("</style>")[1])
    text = " ".join(text.split())
    assert "(s)" not in text
    assert "échéance le 31 décembre 2020" in text or "31 décembre 2020" in text
    # No ISO date inside a sentence (ids such as fdr2018@2018-07-18 and the footer excepted).
    body = text.split("date de vérification")[0]
    assert not re.search(r"(?<![@\w])\d{4}-\d{2}-\d{2}", body), re.search(
        r".{40}(?<![@\w])\d{4}-\d{2}-\d{2}.{10}", body
    )


def test_french_dates_in_sentences() -> None:
    assert french_dates_in("a expiré le 2020-12-31") == "a expiré le 31 décembre 2020"
    assert french_dates_in("fdr2018@2018-07-18") == "fdr2018@2018-07-18"
    assert french_dates_in("le 2021-03-01 (2021-02-30)") == "le 1er mars 2021 (2021-02-30)"


def test_portfolio_names_the_unreadable_files_and_why(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.yaml").write_text(
        'format: contrat-de-ville/1\ncontrat:\n  nom: "ouvert\n  porteur: x\n', encoding="utf-8"
    )
    _, html, _ = run("report", "--date", "2021-03-01", str(tmp_path / "a.yaml"), "examples")
    assert "Contrats illisibles ou mal formés" in html
    assert "guillemet ouvert ici n&#39;est pas fermé" in html
    assert "—</td>" not in html.split('id="illisibles"')[1].split("</table>")[0]
