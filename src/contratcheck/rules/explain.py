"""Rule documentation: the examples written in each rule's docstring, ready to run."""

from __future__ import annotations

import re
from dataclasses import dataclass

from contratcheck.rules.examples import (
    BASE_CONTRAT,
    BASE_CONTRAT_2,
    BASE_REFERENTIEL,
    DEFAULT_DATE,
    DEFAULT_DATE_2,
)
from contratcheck.rules.registry import RULES

_HEADER = re.compile(r"^Exemple (conforme|en défaut)(?: \((?P<options>[^)]*)\))? :$")


@dataclass(frozen=True)
class Example:
    """One example of a rule's documentation."""

    failing: bool
    text: str
    options: tuple[str, ...]

    @property
    def date(self) -> str:
        for option in self.options:
            if option.startswith("--date "):
                return option.removeprefix("--date ").strip()
        return DEFAULT_DATE_2 if self.format_2 else DEFAULT_DATE

    @property
    def format_2(self) -> bool:
        """The example is a fragment of BASE_CONTRAT_2 (option « format 2 »)."""
        return "format 2" in self.options

    def document(self) -> str:
        """The whole file the example stands for."""
        if "fichier entier" in self.options or "dossier" in self.options:
            return self.text
        if "référentiel" in self.options or "référentiel, deux fois" in self.options:
            return merge_fragment(BASE_REFERENTIEL, self.text)
        return merge_fragment(BASE_CONTRAT_2 if self.format_2 else BASE_CONTRAT, self.text)


def _top_level_keys(text: str) -> dict[str, str]:
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"^([a-z_]+):", line)
        if match:
            current = match.group(1)
            blocks[current] = []
        if current is not None:
            blocks[current].append(line)
    return {k: "\n".join(v) + "\n" for k, v in blocks.items()}


def merge_fragment(base: str, fragment: str) -> str:
    """The base contract whose top-level keys are replaced by those of the fragment."""
    merged = _top_level_keys(base)
    merged.update(_top_level_keys(fragment))
    return "".join(merged.values())


def examples(code: str) -> list[Example]:
    """The examples of a rule, from its docstring."""
    found: list[Example] = []
    lines = RULES[code].doc.splitlines()
    index = 0
    while index < len(lines):
        match = _HEADER.match(lines[index].strip())
        index += 1
        if not match:
            continue
        block = []
        while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
            if lines[index].strip() and not lines[index].startswith("    "):
                break
            block.append(lines[index][4:])
            index += 1
        text = "\n".join(block).strip("\n") + "\n"
        raw_options = match.group("options") or ""
        options = tuple(o.strip() for o in raw_options.split(",") if o.strip())
        if "deux fois" in options:
            options = (*options, "référentiel")
        found.append(Example(match.group(1) == "en défaut", text, options))
    return found
