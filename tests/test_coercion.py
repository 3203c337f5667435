"""Option values: contratcheck's conversion gives what typer's pydantic adapters give."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer.main
from typer import _coercion
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer.models import OptionInfo

from contratcheck.cli import coercion, common

from .conftest import EXAMPLES, modules_after_check

_ALL = ("authoring", "catalogue", "check", "reports")


def _typers_own(self: Any) -> None:
    """Stands for typer's own ``get_runtime_param``, before contratcheck installs its own."""
    return None


def _parameters() -> list[tuple[str, Any, Any]]:
    """Every (command path, click command, parameter) of the application."""
    from importlib import import_module

    for module in _ALL:
        import_module(f"contratcheck.cli.{module}")
    found = []

    def walk(command: Any, path: str) -> None:
        found.extend((f"{path} {p.name}", command, p) for p in command.params)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(common.app), "")
    return found


def _samples(tmp: Path) -> dict[str, list[Any]]:
    readable = tmp / "contrat.yaml"
    readable.write_text("format: contrat-de-ville/1\n", encoding="utf-8")
    odd = os.fsdecode(b"contrat-\xff.yaml")
    texts = ["", "texte", "a b", "-", "é€", odd, str(readable), "2022-06-30", "json:r.json"]
    paths = [
        str(readable),
        str(tmp),
        str(tmp / "absent.yaml"),
        "",
        "-",
        f"{tmp}/./contrat.yaml",
        f"{tmp}//contrat.yaml",
        f"{tmp}/",
        str(readable) + "/",
        "./contrat.yaml",
        odd,
    ]
    numbers = [
        "1",
        "2",
        "16",
        "0",
        "007",
        " 3",
        "3 ",
        "+2",
        "-1",
        "1_000",
        "2.0",
        "abc",
        "",
        "9" * 20,
    ]
    return {"str": texts, "Path": paths, "int": numbers}


def _values(annotation: Any, samples: dict[str, list[Any]]) -> list[Any]:
    from typing import get_args, get_origin

    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        singles = _values(item, samples)
        return [(), tuple(singles[:2]), tuple(singles), "seul", None]
    if annotation is bool:
        return [True, False, None, "oui", "true", "1", ""]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = [m.value for m in annotation]
        return [
            *members,
            members[0].upper(),
            " " + members[0],
            "xml",
            "",
            None,
            annotation(members[0]),
        ]
    return [*samples[getattr(annotation, "__name__", "str")], None]


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        converted = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as error:
        return "erreur", error.format_message()
    return type(converted).__name__, converted


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion installed by this test, on a typer as it is before contratcheck's import
    (the one installed then is put back afterwards)."""
    from typer.core import _TyperParameter

    monkeypatch.setattr(_TyperParameter, "get_runtime_param", _typers_own)
    assert coercion.install()
    assert _TyperParameter.get_runtime_param is not _typers_own


@pytest.mark.usefixtures("fresh")
def test_every_parameter_converts_as_typer_does(tmp_path: Path) -> None:
    """Each value of each parameter: same value and type, or the same message, as typer's own."""
    samples = _samples(tmp_path)
    parameters = _parameters()
    assert len(parameters) > 60
    compared = fast = 0
    for where, command, param in parameters:
        ctx = Context(command)
        ours = param.get_runtime_param()
        assert type(ours).__name__ == "Direct", where
        theirs = _coercion.build_runtime_param(param.type_descriptor)
        assert type(theirs).__name__ == "AdapterRuntimeParam", where
        for value in _values(param.type_descriptor.annotation, samples):
            expected = _outcome(theirs, value, param, ctx)
            assert _outcome(ours, value, param, ctx) == expected, (where, value)
            compared += 1
            annotation = param.type_descriptor.annotation
            info = param.type_descriptor.parameter_info
            if (
                value is not None
                and coercion.convert(annotation, info, value) is not coercion.DECLINED
            ):
                fast += 1
    # Most values take the direct path: the comparison is not only of typer with itself.
    assert compared > 600 and fast > compared // 3, (compared, fast)


@pytest.mark.usefixtures("fresh")
def test_a_declined_value_is_converted_by_typers_adapter_built_once(tmp_path: Path) -> None:
    param = next(p for w, _, p in _parameters() if w == "check processus")
    ctx = Context(typer.main.get_command(common.app))
    runtime = param.get_runtime_param()
    assert runtime.coerce("007", param=param, ctx=ctx) == 7  # pydantic reads it so
    adapter = param.__dict__["_contratcheck_adapted"]
    assert type(adapter).__name__ == "AdapterRuntimeParam"
    assert runtime.coerce(" 2", param=param, ctx=ctx) == 2
    assert param.__dict__["_contratcheck_adapted"] is adapter
    with pytest.raises(BadParameter, match="greater than or equal to 1"):
        runtime.coerce("0", param=param, ctx=ctx)


class _Choice(enum.Enum):
    un = "un"
    deux = "deux"


@pytest.mark.parametrize(
    ("annotation", "info", "value", "expected"),
    [
        (str, OptionInfo(), "texte", "texte"),
        (str, OptionInfo(), 3, coercion.DECLINED),
        (str, OptionInfo(), b"octets", coercion.DECLINED),
        (str, OptionInfo(parser=str.upper), "texte", coercion.DECLINED),
        (Path, OptionInfo(), "a/b.yaml", Path("a/b.yaml")),
        (Path, OptionInfo(), "a//b.yaml", coercion.DECLINED),
        (Path, OptionInfo(), "./b.yaml", coercion.DECLINED),
        (Path, OptionInfo(), "", coercion.DECLINED),
        (Path, OptionInfo(path_type=str), "b.yaml", coercion.DECLINED),
        (Path, OptionInfo(), Path("b.yaml"), coercion.DECLINED),
        (int, OptionInfo(), "42", 42),
        (int, OptionInfo(), "0", 0),
        (int, OptionInfo(min=1), "1", 1),
        (int, OptionInfo(min=1), "0", coercion.DECLINED),
        (int, OptionInfo(max=4), "4", 4),
        (int, OptionInfo(max=4), "5", coercion.DECLINED),
        (int, OptionInfo(min=1, clamp=True), "3", coercion.DECLINED),
        (int, OptionInfo(), "042", coercion.DECLINED),
        (int, OptionInfo(), "-4", coercion.DECLINED),
        (int, OptionInfo(), "4 ", coercion.DECLINED),
        (int, OptionInfo(), "9" * 19, coercion.DECLINED),
        (int, OptionInfo(), "9" * 18, int("9" * 18)),
        (float, OptionInfo(), "1.5", coercion.DECLINED),
        (bool, OptionInfo(), "oui", coercion.DECLINED),
        (_Choice, OptionInfo(), "deux", _Choice.deux),
        (_Choice, OptionInfo(), "DEUX", coercion.DECLINED),
        (_Choice, OptionInfo(case_sensitive=False), "DEUX", _Choice.deux),
        (_Choice, OptionInfo(), "trois", coercion.DECLINED),
        (list[str], OptionInfo(), ("a", "b"), ["a", "b"]),
        (list[str], OptionInfo(), ["a"], ["a"]),
        (list[str], OptionInfo(), "a", coercion.DECLINED),
        (list[int], OptionInfo(), ("1", "x"), coercion.DECLINED),
        (list[Path], OptionInfo(), ("a.yaml",), [Path("a.yaml")]),
    ],
)
def test_convert_takes_only_what_typer_reads_the_same_way(
    annotation: Any, info: Any, value: Any, expected: Any
) -> None:
    converted = coercion.convert(annotation, info, value)
    assert converted == expected and type(converted) is type(expected)


def test_a_check_does_not_import_pydantic(tmp_path: Path) -> None:
    """The conversion is what made a check 0.15 s slower (benchmarks/run.py --cas moyen)."""
    example = EXAMPLES / "2024-paris-vallee-de-la-marne.yaml"
    assert modules_after_check(tmp_path, [example], ("pydantic",)) == "[0, False]"


def test_a_typer_with_other_internals_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer import _param_types
    from typer.core import _TyperParameter

    monkeypatch.setattr(_TyperParameter, "get_runtime_param", _typers_own)
    monkeypatch.setattr(_param_types, "coerce_cli_path", lambda value, info: value)
    assert coercion.install() is False
    assert _TyperParameter.get_runtime_param is _typers_own
    monkeypatch.undo()
    assert coercion.install() is True


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        ("coercion", "build_runtime_param"),
        ("coercion", "RuntimeParam"),
        ("parameter", "get_runtime_param"),
        ("module", "typer._param_types"),
    ],
)
def test_a_typer_without_one_of_the_internals_is_left_as_it_is(
    monkeypatch: pytest.MonkeyPatch, owner: str, name: str
) -> None:
    from typer.core import _TyperParameter

    monkeypatch.setattr(_TyperParameter, "get_runtime_param", _typers_own)
    if owner == "module":
        monkeypatch.setitem(sys.modules, name, None)  # importing it raises ImportError
    else:
        monkeypatch.delattr(_coercion if owner == "coercion" else _TyperParameter, name)
    assert coercion.install() is False
    assert getattr(_TyperParameter, "get_runtime_param", None) in (None, _typers_own)


def test_installing_twice_keeps_the_first_conversion(fresh: None) -> None:
    from typer.core import _TyperParameter

    installed = _TyperParameter.get_runtime_param
    assert coercion.install() is True
    assert _TyperParameter.get_runtime_param is installed


def test_a_file_option_is_opened_by_typer_itself(fresh: None, tmp_path: Path) -> None:
    app = typer.Typer()

    @app.command()
    def lire(source: Annotated[typer.FileText, typer.Option()]) -> None:
        """Lire un fichier."""

    (tmp_path / "a.txt").write_text("bonjour", encoding="utf-8")
    command = typer.main.get_command(app)
    param = next(p for p in command.params if p.name == "source")
    runtime = param.get_runtime_param()
    assert type(runtime) is type(_coercion.build_runtime_param(param.type_descriptor))
    assert type(runtime).__name__ != "Direct"
    opened = runtime.coerce(str(tmp_path / "a.txt"), param=param, ctx=Context(command))
    assert opened.read() == "bonjour"
    opened.close()


def _toy_command() -> Any:
    """Options of kinds contratcheck's own do not use (existing paths, a token normaliser)."""
    app = typer.Typer(add_completion=False, context_settings={"token_normalize_func": str.lower})

    @app.command()
    def toy(
        chemin: Annotated[Path, typer.Option(exists=True, dir_okay=False)],
        chemins: Annotated[list[Path], typer.Option(exists=True, file_okay=False)],
        choix: Annotated[_Choice, typer.Option(case_sensitive=True)],
        nombre: Annotated[int, typer.Option(min=1)],
    ) -> None:
        """Essai."""

    return typer.main.get_command(app)


@pytest.mark.usefixtures("fresh")
def test_options_of_other_kinds_convert_as_typer_does(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    command = _toy_command()
    values = {
        "chemin": [str(tmp_path / "a.yaml"), str(tmp_path), str(tmp_path / "absent.yaml")],
        "chemins": [(str(tmp_path),), (str(tmp_path), str(tmp_path / "a.yaml"))],
        "choix": ["un", "UN", "Deux", "trois"],
        "nombre": ["1", "0", "12"],
    }
    outcomes = []
    for param in command.params:
        theirs = _coercion.build_runtime_param(param.type_descriptor)
        for value in values[param.name]:
            ctx = Context(command, token_normalize_func=str.lower)
            ours = _outcome(param.get_runtime_param(), value, param, ctx)
            assert ours == _outcome(theirs, value, param, ctx), (param.name, value)
            outcomes.append(ours[0])
    # Errors name their option, as typer's do; the normaliser lets « UN » and « Deux » in.
    assert outcomes.count("erreur") == 5 and outcomes.count("_Choice") == 3, outcomes


@pytest.mark.usefixtures("fresh")
def test_a_well_formed_value_is_converted_without_building_an_adapter(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    command = _toy_command()
    values = {
        "chemin": str(tmp_path / "a.yaml"),
        "chemins": (str(tmp_path),),
        "choix": "DEUX",  # the context's normaliser is applied here too
        "nombre": "3",
    }
    expected = {
        "chemin": tmp_path / "a.yaml",
        "chemins": [tmp_path],
        "choix": _Choice.deux,
        "nombre": 3,
    }
    for param in command.params:
        converted = param.get_runtime_param().coerce(
            values[param.name], param=param, ctx=Context(command, token_normalize_func=str.lower)
        )
        assert converted == expected[param.name], param.name
        assert "_contratcheck_adapted" not in param.__dict__, param.name
