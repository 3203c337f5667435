"""Escaping of contract text in every output format (reporters/escaping.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contratcheck.reporters.escaping import (
    github_data,
    github_property,
    markdown_code,
    markdown_text,
    terminal_text,
    xml_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50 %", "50 %25"),
        ("a\r\nb", "a%0D%0Ab"),
        ("a\n::error::x", "a%0A::error::x"),
        ("a\x1b[31m", "a\\x1b[31m"),
        ("a\u2028b", "a\\u2028b"),
    ],
)
def test_github_data(text: str, expected: str) -> None:
    assert github_data(text) == expected


def test_github_property_also_encodes_colon_and_comma() -> None:
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u061c", "\u200e", "\u202e", "\u2066"]
)
def test_terminal_text_shows_controls_and_bidi_marks(char: str) -> None:
    shown = terminal_text(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")


def test_terminal_text_keeps_french_text() -> None:
    text = "Cité éducative « Les Minguettes » — 12 €, ½, 🏫"
    assert terminal_text(text) == text


def test_markdown_text_has_no_html_markup_or_line_break() -> None:
    shown = markdown_text("<!-- x\r\n# titre ![i](http://e.invalid) | *gras* &amp;\u2028")
    assert "<" not in shown and "\n" not in shown and "\r" not in shown and "\u2028" not in shown
    assert "\\!\\[i\\]" in shown and "\\|" in shown and "\\*gras\\*" in shown
    assert "&amp;amp;" in shown


@pytest.mark.parametrize("text", ["a`b", "``", "`début", "a|b", "x\ny"])
def test_markdown_code_fence_is_longer_than_any_backtick_run(text: str) -> None:
    shown = markdown_code(text)
    fence = shown[: len(shown) - len(shown.lstrip("`"))]
    inner = shown[len(fence) : len(shown) - len(fence)]
    assert "\n" not in shown and fence not in inner and "|" not in inner.replace("\\|", "")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_xml_text_always_parses(text: str) -> None:
    element = ET.Element("t", a=xml_text(text))
    element.text = xml_text(text)
    ET.fromstring(ET.tostring(element, encoding="unicode").encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_github_output_stays_on_one_line(text: str) -> None:
    for escaped in (github_data(text), github_property(text), terminal_text(text)):
        assert len(escaped.splitlines()) <= 1
        assert "\x1b" not in escaped
