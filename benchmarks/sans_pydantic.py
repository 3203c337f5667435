"""contratcheck with typer's parameter coercion left out: what pydantic costs a run (a measure).

    python benchmarks/sans_pydantic.py check -f json ... FICHIER

typer ≥ 0.28 converts each parameter's value through a pydantic ``TypeAdapter``, built the
first time the parameter is read: importing pydantic and building one adapter per parameter of
the command (17 for ``check``) at every start. This script runs contratcheck's own entry point
with that conversion replaced by passing the text through, so that the benchmark shows what the
conversion costs (the ``moyen`` case of ``run.py``). It is a measurement only: without the
conversion, a path or a number is made by calling its type on the text (``Path(value)``,
``int(value)``) and nothing is checked by typer: the options the benchmark passes (``--date``,
``-f``, ``-o``, ``--processus``) give the same run and the same report.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin


def _without_coercion() -> None:
    import typer.core

    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # a typer without this conversion: nothing to leave out
        print("typer sans conversion pydantic : contratcheck tel quel", file=sys.stderr)
        return

    class Text(PassThroughRuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = self.annotation
            if get_origin(annotation) in (Union, types.UnionType):
                annotation = next(a for a in get_args(annotation) if a is not type(None))
            if value is None or get_origin(annotation) is list:
                return value
            return annotation(value) if annotation in (Path, int) else value

    def runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            self._runtime_param = Text(
                annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
            )
        return self._runtime_param

    typer.core._TyperParameter.get_runtime_param = runtime_param  # type: ignore[attr-defined]


def main() -> int:
    _without_coercion()
    sys.argv = ["contratcheck", *sys.argv[1:]]  # so that only the command's module is imported
    from contratcheck.cli import main as contratcheck

    return contratcheck()


if __name__ == "__main__":
    raise SystemExit(main())
