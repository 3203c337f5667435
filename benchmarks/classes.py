"""What creating the frozen dataclasses costs a run (a measure: the lower bound of one contract).

    python benchmarks/classes.py check -f json --date 2022-06-30 FICHIER

Runs contratcheck's entry point in this process with the standard library's class processing
(``dataclasses._process_class``) timed, and prints on standard error, as JSON, how many
dataclasses the run created and the seconds spent making them: the generated ``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` of each are
compiled from source at every start (about 0.7 ms a class on Python 3.11 to 3.13, on this
kind of machine). STYLE.md makes every value a frozen dataclass: this is a cost no lever in
contratcheck's own code removes, only fewer classes imported.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import os
import sys
import time
from typing import Any


def main() -> int:
    original = dataclasses._process_class  # type: ignore[attr-defined]
    seconds: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()

    def timed(cls: type, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(cls, *args, **kwargs)
        finally:
            seconds[cls.__module__] += time.perf_counter() - start
            counts[cls.__module__] += 1

    dataclasses._process_class = timed  # type: ignore[attr-defined]
    sys.argv = ["contratcheck", *sys.argv[1:]]  # so that only the command's module is imported
    from contratcheck.cli import main as contratcheck

    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        saved, sys.stdout = sys.stdout, nowhere
        try:
            code = contratcheck()
        finally:
            sys.stdout = saved
    own = sum(n for module, n in counts.items() if module.startswith("contratcheck"))
    figures = {
        "classes": sum(counts.values()),
        "classes_contratcheck": own,
        "secondes": sum(seconds.values()),
        "par_module": {m: [counts[m], round(s, 4)] for m, s in seconds.most_common()},
    }
    sys.stderr.write(json.dumps(figures) + "\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
