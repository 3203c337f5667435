"""Floors for the benchmark: the work any correct checker must do, on the same cores.

    python benchmarks/floors.py analyse FICHIER...                 # parse only
    python benchmarks/floors.py valide --schema S.json FICHIER...   # parse + positions + schema

Both spread the files over the same fork pool as contratcheck's engine (``check_sources``):
``os.cpu_count()`` workers (or ``--processus``), a pool only from 4 files, ``imap`` with chunks
of ``max(1, min(4, n // (jobs * 8)))``. Workers send a small tuple back, so the floors pay no
report cost.

- ``analyse``: PyYAML's ``CSafeLoader`` (libyaml), timestamps kept as strings.
- ``valide``: the same loader, subclassed to record the line and column of every key and item
  (attached to the constructed containers, so a tool can find the position of any value), then
  jsonschema-rs ``iter_errors`` with formats checked, the validator compiled before the fork.

The collector is off while a file loads (its data holds no cycles), as in contratcheck: a floor
must be the cheapest correct way, not a strawman.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import sys
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

POOL_FROM = 4  # same threshold as contratcheck's engine
CHUNK_MAX = 4  # same chunking as contratcheck's engine (_chunk_size)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class ParseLoader(yaml.CSafeLoader):
    """libyaml with dates left as text (else ``2024-01-01`` is a date, not a JSON string)."""


ParseLoader.add_constructor(_TIMESTAMP, SafeConstructor.construct_yaml_str)


class PositionLoader(ParseLoader):
    """Records (line, column) of every mapping key and sequence item, by container."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        # id(container) -> ((line, column) of the container, tuple of (line, column) per key/item)
        self.marks: dict[int, tuple[tuple[int, int], tuple[tuple[int, int], ...]]] = {}

    def construct_positioned_map(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        start = node.start_mark
        self.marks[id(data)] = (
            (start.line, start.column),
            tuple((k.start_mark.line, k.start_mark.column) for k, _ in node.value),
        )

    def construct_positioned_seq(self, node: yaml.SequenceNode) -> Any:
        data: list[Any] = []
        yield data
        data.extend(self.construct_sequence(node))
        start = node.start_mark
        self.marks[id(data)] = (
            (start.line, start.column),
            tuple((item.start_mark.line, item.start_mark.column) for item in node.value),
        )


PositionLoader.add_constructor("tag:yaml.org,2002:map", PositionLoader.construct_positioned_map)
PositionLoader.add_constructor("tag:yaml.org,2002:seq", PositionLoader.construct_positioned_seq)


def _is_siren(value: str) -> bool:
    """Luhn check, the same work as contratcheck's ``siren`` format."""
    if len(value) != 9 or not value.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


_VALIDATOR: Any = None


def _load(path: str, loader: type[yaml.CSafeLoader]) -> tuple[Any, Any]:
    with open(path, "rb") as handle:
        raw = handle.read()
    gc.disable()
    instance = loader(raw)
    try:
        return instance.get_single_data(), instance
    finally:
        instance.dispose()
        gc.enable()


def parse_only(path: str) -> tuple[int, int]:
    try:
        _load(path, ParseLoader)
    except (yaml.YAMLError, ValueError):
        return 1, 0
    return 0, 0


def parse_and_validate(path: str) -> tuple[int, int]:
    try:
        data, loader = _load(path, PositionLoader)
    except (yaml.YAMLError, ValueError):
        return 1, 0
    errors = sum(1 for _ in _VALIDATOR.iter_errors(data))
    del loader  # its marks lived as long as the data, through validation
    return 0, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Planchers du banc d'essai.")
    parser.add_argument("mode", choices=["analyse", "valide"])
    parser.add_argument("fichiers", nargs="+")
    parser.add_argument("--schema", help="schéma JSON (mode valide)")
    parser.add_argument("--processus", type=int, help="défaut : un par cœur, comme contratcheck")
    args = parser.parse_args(argv)
    worker = parse_only
    if args.mode == "valide":
        if not args.schema:
            parser.error("--schema est requis en mode valide")
        import jsonschema_rs

        global _VALIDATOR
        with open(args.schema, encoding="utf-8") as handle:
            schema = json.load(handle)
        _VALIDATOR = jsonschema_rs.validator_for(
            schema, formats={"siren": _is_siren}, validate_formats=True
        )
        worker = parse_and_validate
    files: list[str] = args.fichiers
    jobs = args.processus or os.cpu_count() or 1
    broken = invalid = 0
    if jobs > 1 and len(files) >= POOL_FROM:
        chunk = max(1, min(CHUNK_MAX, len(files) // (jobs * 8)))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for syntax, schema_errors in pool.imap(worker, files, chunksize=chunk):
                broken += syntax
                invalid += schema_errors > 0
    else:
        for path in files:
            syntax, schema_errors = worker(path)
            broken += syntax
            invalid += schema_errors > 0
    sys.stdout.write(f"{len(files)} fichiers, {broken} illisibles, {invalid} hors schéma\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
