"""The names of format 2 and how its contracts' names are compared.

Apart from the view, so that the format's rules, controls and skeleton, which the rule registry
imports for every run, do not bring the view's classes into a run that reads no format-2
contract (the view is imported when one is read: ``read_contrat`` in the package).
"""

from __future__ import annotations

import re
import unicodedata

FORMAT = "contrat-de-ville/2"
GENERATION = "2024-2030"


def unaccented(text: str) -> str:
    """The text decomposed (NFKD) without its combining marks: no accents, same case.

    Each distinct mark is removed in one pass (a file holds a few kinds): 2.7 ms for a medium
    contract's text, where a character-by-character table took 7.
    """
    text = unicodedata.normalize("NFKD", text)
    if text.isascii():
        return text
    marks = [c for c in set(text) if unicodedata.combining(c)]
    if len(marks) > 8:  # a text of many kinds of marks: one pass for all (never one per kind)
        return re.sub("[" + "".join(map(re.escape, marks)) + "]", "", text)
    for mark in marks:
        text = text.replace(mark, "")
    return text


def normalise(text: str) -> str:
    """A name as compared: no accents, no case, single spaces."""
    plain = unaccented(text)
    return " ".join(plain.casefold().replace("’", "'").split())
