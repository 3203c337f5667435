"""Escape what a report does not control (contract text, file names) for each output format.

A contract is written by anyone: its values reach CI logs, terminals, Markdown comments and XML
files. Each function here makes one kind of text harmless in one format, keeping it readable.
"""

from __future__ import annotations

import re

# Characters that move the cursor, colour the terminal, reorder text (Trojan Source) or break
# lines outside of \n: C0 and C1 controls (NEL included), DEL, the bidirectional controls, the
# line and paragraph separators, and the invisible marks that hide them.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}!|#~])")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """Text for a terminal: controls, escapes and bidirectional marks shown as ``\\x1b``…"""
    return _INVISIBLE.sub(_visible, text)


def github_data(text: str) -> str:
    """The message of a GitHub workflow command: ``%``, CR and LF encoded, other controls shown.

    The runner decodes only ``%25``, ``%0D`` and ``%0A``; a raw line break would start a new
    command (``::error``, ``::stop-commands``) in the log.
    """
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return terminal_text(encoded)


def github_property(text: str) -> str:
    """A property value (``file=…``, ``title=…``): ``:`` and ``,`` encoded as well."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def xml_text(text: str) -> str:
    """Text every XML 1.0 parser accepts: forbidden characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def markdown_text(text: str) -> str:
    """Contract text inside Markdown (a table cell, a heading): no HTML, no markup, one line."""
    one_line = _LINE_BREAKS.sub(" ", text)
    html_safe = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return terminal_text(_MARKDOWN_SPECIAL.sub(r"\\\1", html_safe))


def markdown_code(text: str) -> str:
    """Text as an inline code span, safe in a table: fenced longer than any backtick run."""
    one_line = terminal_text(_LINE_BREAKS.sub(" ", text)).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{padding}{one_line}{padding}{fence}"
