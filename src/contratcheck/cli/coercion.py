"""Option values converted by typer's own checks, without building a pydantic adapter first.

typer (≥ 0.28) converts the value of every parameter through a pydantic ``TypeAdapter``, built
when the parameter is first read, given or not: importing pydantic and building the adapters of
a ``check`` is 0.19 s of a 0.49 s run on one contract (``benchmarks/run.py --cas moyen``). For
the annotations contratcheck declares, the conversion of a well-formed value is a call of
typer's own functions that pydantic only wraps: a text stays the text, a path goes through
``coerce_cli_path`` (the same stat and access checks, the same messages), a choice through
``coerce_cli_choice``, a list item by item; a plain decimal number is ``int(text)`` within the
option's bounds. :func:`convert` does exactly that and declines anything else (another
annotation, a value that typer would reject or that pydantic may read otherwise, a path type
or parser of typer's): a declined value goes to typer's own adapter, built then, which converts
it or gives its own message. So the value a command receives, and every error message, are
typer's; ``tests/cli/test_coercion.py`` compares both conversions on every parameter.

Installed by :func:`install` when ``cli.common`` is imported; a typer without these internals
(an older or newer release) is left as it is.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

DECLINED = object()
"""What :func:`convert` returns for a value it leaves to typer's adapter."""

# What pydantic reads as this very integer: no sign, space, underscore or leading zero.
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,17}")


def convert(annotation: Any, info: Any, value: Any, param: Any = None, ctx: Any = None) -> Any:
    """The value typer would give ``value`` for this annotation, or ``DECLINED``.

    ``info`` is typer's ``ParameterInfo``; ``param`` and ``ctx`` go into typer's messages.
    Raises what typer's path checks raise (``BadParameter``).
    """
    if info.parser is not None or info.path_type is not None:
        return DECLINED
    if get_origin(annotation) is list:
        (item_type,) = get_args(annotation)
        if not isinstance(value, list | tuple):
            return DECLINED
        items = [convert(item_type, info, item, param, ctx) for item in value]
        return DECLINED if any(item is DECLINED for item in items) else items
    if not isinstance(value, str):
        return DECLINED
    if annotation is str:
        return value
    if annotation is Path:
        # typer stats ``Path(value)`` and names ``value``: the same file only when they are the
        # same text (not for "", "./a", "a/" or "a//b").
        if str(Path(value)) != value:
            return DECLINED
        from typer._param_types import coerce_cli_path

        checked = coerce_cli_path(value, info, path_type=None, param=param, ctx=ctx)
        return Path(os.fsdecode(checked))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        from typer._param_types import coerce_cli_choice

        try:
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:  # typer's adapter gives the message
            return DECLINED
    if annotation is int and not info.clamp and _DECIMAL.fullmatch(value):
        number = int(value)
        low, high = info.min, info.max
        if (low is None or number >= low) and (high is None or number <= high):
            return number
    return DECLINED


def install() -> bool:
    """Make typer's parameters convert through :func:`convert` first; False if typer differs."""
    import inspect

    try:
        from typer import _coercion
        from typer._param_types import coerce_cli_choice, coerce_cli_path
        from typer.core import _TyperParameter
    except ImportError:
        return False
    build = getattr(_coercion, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if build is None or base is None or not hasattr(_TyperParameter, "get_runtime_param"):
        return False
    # The keywords convert() passes, and the fields a runtime parameter is made of.
    wanted = {
        coerce_cli_path: {"path_type", "param", "ctx"},
        coerce_cli_choice: {"choices", "case_sensitive", "ctx"},
        base: {"annotation", "parameter_info"},
    }
    if any(not names <= set(inspect.signature(f).parameters) for f, names in wanted.items()):
        return False
    typers: Callable[[Any], Any] = build
    if getattr(_TyperParameter.get_runtime_param, "_contratcheck", False):
        return True

    class Direct(base):  # type: ignore[misc,valid-type]
        """typer's conversion, with :func:`convert` tried before its adapter is built."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            converted = convert(self.annotation, self.parameter_info, value, param, ctx)
            if converted is not DECLINED:
                return converted
            adapted = param.__dict__.get("_contratcheck_adapted")
            if adapted is None:
                adapted = typers(param.type_descriptor)
                param.__dict__["_contratcheck_adapted"] = adapted
            return adapted._coerce_value(value, param, ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            if descriptor.file_annotation is not None:  # typer opens files: its own way
                self._runtime_param = typers(descriptor)
            else:
                self._runtime_param = Direct(
                    annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
                )
        return self._runtime_param

    get_runtime_param._contratcheck = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True
