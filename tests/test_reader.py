"""The bounded reader, and a property per reader: any bytes or structure give a value or a
French usage error naming the file, never another exception (issue 13)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contratcheck.errors import ContratcheckError, UsageError
from contratcheck.loading.reader import ReadError, decode_utf8, read_file, read_stream

from .hostile_harness import run_limited


def test_read_stream_reads_at_most_limit_plus_one() -> None:
    class Endless(io.RawIOBase):
        asked = 0

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
            Endless.asked += len(buffer)
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(ReadError, match="plus de 1 Kio") as caught:
        read_stream(stream, 1024)  # type: ignore[arg-type]
    assert caught.value.too_large and Endless.asked == 1025
    assert len(read_stream(Endless(), 1024, truncate=True)) == 1025  # type: ignore[arg-type]


def test_read_file_refuses_special_files(tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    for path, fragment in [
        (fifo, "tube nommé"),
        (tmp_path, "dossier"),
        (Path("/dev/null"), "périphérique"),
        (tmp_path / "absent", "introuvable"),
    ]:
        with pytest.raises(ReadError, match=fragment):
            read_file(path, 1024)


def test_decode_names_the_byte_offset_line_and_column() -> None:
    with pytest.raises(
        ReadError, match=r"octet 0xE9 invalide à la position 9 \(ligne 2, colonne 4\)"
    ):
        decode_utf8(b"a = 1\nb =\xe9\n")
    assert decode_utf8(b"\xef\xbb\xbfa\xc3\xa9") == "aé"


# --- a property per reader --------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=25,
)
_toml_like = st.text(alphabet="abcdefgh_=\"'[]{}.,:-+0123456789 \n\tTZé#\\", max_size=200).map(
    str.encode
)
_csv_like = st.text(alphabet='code_qpinsee_comlib;,"\n\r QN0123456789é\x00', max_size=300)
_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _write(tmp_path: Path, name: str, raw: bytes) -> Path:
    target = tmp_path / name
    target.write_bytes(raw)
    return target


@_settings
@given(raw=st.binary(max_size=300) | _toml_like)
def test_any_configuration_loads_or_is_a_usage_error(tmp_path: Path, raw: bytes) -> None:
    from contratcheck.loading.config import load_config

    for name in ("contratcheck.toml", "pyproject.toml"):
        path = _write(tmp_path, name, raw)
        try:
            load_config(tmp_path, path)
        except UsageError as error:
            assert name in str(error)


@_settings
@given(raw=st.binary(max_size=300) | _csv_like.map(lambda t: t.encode("utf-8")))
def test_any_qpv_list_loads_or_is_a_usage_error(tmp_path: Path, raw: bytes) -> None:
    from contratcheck.loading.qpv_list import read_qpv_list

    try:
        read_qpv_list(_write(tmp_path, "liste.csv", raw))
    except UsageError as error:
        assert "liste.csv" in str(error)


@_settings
@given(
    raw=st.binary(max_size=300)
    | _json.map(lambda v: json.dumps(v).encode())
    | _json.map(
        lambda v: json.dumps(
            {"format": "contratcheck-baseline/1", "empreintes": {"a": v, "b": {"nombre": v}}}
        ).encode()
    )
)
def test_any_baseline_loads_or_is_a_usage_error(tmp_path: Path, raw: bytes) -> None:
    from contratcheck.baseline import read_baseline

    try:
        known = read_baseline(_write(tmp_path, "base.json", raw))
    except UsageError as error:
        assert "base.json" in str(error)
    else:
        assert all(isinstance(v, int) and v >= 0 for v in known.values())


@_settings
@given(
    raw=st.binary(max_size=300)
    | _json.map(lambda v: json.dumps({"format": "referentiel/1", "x": v}).encode())
)
def test_any_referentiel_loads_or_gives_findings(tmp_path: Path, raw: bytes) -> None:
    from contratcheck.referentiels.loading import read_referentiel

    value, findings = read_referentiel(_write(tmp_path, "r.yaml", raw))
    assert value is not None or findings


@settings(max_examples=2, deadline=None)
@given(raw=st.binary(min_size=1, max_size=2000))
def test_random_bytes_to_every_reader_of_the_command_line(raw: bytes) -> None:
    """The command line itself, under memory and CPU limits, on random bytes for each input."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        _write(here, "x", raw)
        (here / "contrat.yaml").write_text("format: contrat-de-ville/1\n", encoding="utf-8")
        for args in (
            ["check", "x"],
            ["check", "contrat.yaml", "--config", "x"],
            ["check", "contrat.yaml", "--liste-qpv", "x"],
            ["check", "contrat.yaml", "--baseline", "x"],
            ["check", "contrat.yaml", "--referentiels", "x"],
        ):
            outcome = run_limited(*args, "--date", "2020-01-01", cwd=here)
            outcome.assert_clean()
            if args != ["check", "x"]:
                assert outcome.code in (1, 2)


def test_contratcheck_error_is_the_only_exception_a_reader_raises() -> None:
    assert issubclass(ReadError, ContratcheckError)
