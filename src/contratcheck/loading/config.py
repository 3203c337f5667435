"""Repository configuration: ``contratcheck.toml`` or ``[tool.contratcheck]`` in pyproject.toml.

Found by walking up from the working directory; paths in it are relative to the file that
holds them. Every key is validated with a French message naming it; command-line options win.

Keys:
- ``referentiels``: list of folders or files of extra référentiels;
- ``liste_qpv``: the official QPV list (CSV);
- ``echec_si``: ``erreur``, ``avertissement`` or ``info``;
- ``date``: the check date (AAAA-MM-JJ), for reproducible runs;
- ``ignorer``: glob patterns of paths not to check when walking folders;
- ``desactiver``: rule codes turned off;
- ``gravites``: a table ``CODE = "gravité"`` overriding a rule's severity;
- ``interdire_suppressions``: when true, inline ``contratcheck-ignorer`` comments are refused;
- ``baseline``: a baseline file of known findings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contratcheck.errors import UsageError
from contratcheck.loading.reader import MIB, ReadError, decode_utf8, read_file
from contratcheck.model import Severity
from contratcheck.rules.registry import RULES

CONFIG_FILE = "contratcheck.toml"
# A pyproject.toml of a large project is a few dozen KiB.
MAX_CONFIG_BYTES = 1 * MIB
_SEVERITIES = [s.value for s in Severity]
_KEYS = {
    "referentiels": "liste de dossiers",
    "liste_qpv": "chemin",
    "echec_si": "gravité",
    "date": "date AAAA-MM-JJ",
    "ignorer": "liste de motifs",
    "desactiver": "liste de codes",
    "gravites": "table CODE = gravité",
    "interdire_suppressions": "vrai ou faux",
    "baseline": "chemin",
    "couverture_min": "table ID = pourcentage",
}


@dataclass(frozen=True)
class Config:
    """Settings for a repository of contracts."""

    source: Path | None = None
    referentiels: tuple[Path, ...] = ()
    liste_qpv: Path | None = None
    echec_si: Severity | None = None
    date: dt.date | None = None
    ignorer: tuple[str, ...] = ()
    desactiver: frozenset[str] = frozenset()
    gravites: dict[str, Severity] = field(default_factory=dict)
    interdire_suppressions: bool = False
    baseline: Path | None = None
    couverture_min: dict[str, float] = field(default_factory=dict)


def parse_coverage_minimum(text: str) -> tuple[str, float]:
    """``ID=N`` → (ID, N), N a percentage from 0 to 100; a French usage error otherwise."""
    referentiel_id, sep, number = text.partition("=")
    value = _percentage(number.strip()) if sep else None
    if not referentiel_id.strip() or value is None:
        raise UsageError(
            f"« --couverture-min {text} » : attendu ID=N, N entre 0 et 100, par exemple "
            "« fdr2018=50 »"
        )
    return referentiel_id.strip(), value


def _percentage(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    try:
        value = float(str(raw).replace(",", "."))
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration above start: (file, table), or None."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate, _read(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject, _read(pyproject))
            if table is not None:
                return pyproject, table
    return None


def _tool_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """The ``[tool.contratcheck]`` table of a pyproject.toml, or None when it has none."""
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise UsageError(f"configuration {path} : « tool » doit être une table ([tool])")
    table = tool.get("contratcheck")
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"configuration {path} : [tool.contratcheck] doit être une table")
    return table


def _read(path: Path) -> dict[str, Any]:
    try:
        text = decode_utf8(read_file(path, MAX_CONFIG_BYTES))
    except ReadError as error:
        raise UsageError(f"configuration illisible : {path} ({error.reason})") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        at = f", ligne {where[1]}, colonne {where[2]}" if where else " (fin de fichier inattendue)"
        raise UsageError(f"configuration {path} : TOML invalide{at}") from error
    except RecursionError as error:  # tomllib descends arrays and inline tables recursively
        raise UsageError(
            f"configuration {path} : TOML imbriqué trop profondément (listes ou tables "
            "les unes dans les autres)"
        ) from error


def _shown(value: object) -> str:
    """A value as a message may quote it: short scalars only (never a nested structure)."""
    if isinstance(value, dict):
        return "une table"
    if isinstance(value, list):
        return "une liste"
    text = str(value)
    return f"« {text[:60]}{'…' if len(text) > 60 else ''} »"


def _fail(path: Path, key: str, message: str) -> UsageError:
    return UsageError(f"configuration {path}, clé « {key} » : {message}")


def _strings(path: Path, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "attendu une liste de textes")
    return list(value)


def _path(path: Path, key: str, value: str) -> Path:
    if "\x00" in value or not value:
        raise _fail(path, key, "chemin vide ou contenant un caractère nul")
    return path.parent / value


def _severity(path: Path, key: str, value: object) -> Severity:
    if not isinstance(value, str) or value not in _SEVERITIES:
        raise _fail(path, key, f"{_shown(value)} n'est pas une gravité ({', '.join(_SEVERITIES)})")
    return Severity(value)


def _codes(path: Path, key: str, codes: list[str]) -> list[str]:
    for code in codes:
        if code not in RULES:
            close = difflib.get_close_matches(code, list(RULES), n=1)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            raise _fail(path, key, f"code de règle « {code} » inconnu{hint}")
    return codes


def parse_config(path: Path, table: dict[str, Any]) -> Config:
    """Validate a configuration table read from path."""
    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
            raise _fail(path, key, f"clé inconnue{hint} (clés permises : {', '.join(_KEYS)})")
    values: dict[str, Any] = {"source": path}
    if "referentiels" in table:
        values["referentiels"] = tuple(
            _path(path, "referentiels", p)
            for p in _strings(path, "referentiels", table["referentiels"])
        )
    for key in ("liste_qpv", "baseline"):
        if key in table:
            if not isinstance(table[key], str):
                raise _fail(path, key, "attendu un chemin (texte)")
            values[key] = _path(path, key, table[key])
    if "echec_si" in table:
        values["echec_si"] = _severity(path, "echec_si", table["echec_si"])
    if "date" in table:
        raw = table["date"]
        if isinstance(raw, dt.datetime):
            raise _fail(path, "date", "attendu une date AAAA-MM-JJ, sans heure")
        if isinstance(raw, dt.date):
            values["date"] = raw
        else:
            try:
                values["date"] = dt.date.fromisoformat(raw if isinstance(raw, str) else "")
            except ValueError as error:
                raise _fail(path, "date", f"{_shown(raw)} n'est pas une date AAAA-MM-JJ") from error
    if "ignorer" in table:
        values["ignorer"] = tuple(_strings(path, "ignorer", table["ignorer"]))
    if "desactiver" in table:
        codes = _codes(path, "desactiver", _strings(path, "desactiver", table["desactiver"]))
        values["desactiver"] = frozenset(codes)
    if "gravites" in table:
        raw_map = table["gravites"]
        if not isinstance(raw_map, dict):
            raise _fail(path, "gravites", 'attendu une table CODE = "gravité"')
        _codes(path, "gravites", list(raw_map))
        values["gravites"] = {
            code: _severity(path, f"gravites.{code}", level) for code, level in raw_map.items()
        }
    if "interdire_suppressions" in table:
        if not isinstance(table["interdire_suppressions"], bool):
            raise _fail(path, "interdire_suppressions", "attendu true ou false")
        values["interdire_suppressions"] = table["interdire_suppressions"]
    if "couverture_min" in table:
        raw_minimums = table["couverture_min"]
        if not isinstance(raw_minimums, dict):
            raise _fail(path, "couverture_min", "attendu une table ID = pourcentage")
        minimums = {}
        for referentiel_id, raw in raw_minimums.items():
            value = _percentage(raw)
            if value is None:
                raise _fail(
                    path, f"couverture_min.{referentiel_id}", "attendu un nombre entre 0 et 100"
                )
            minimums[str(referentiel_id)] = value
        values["couverture_min"] = minimums
    return Config(**values)


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """The configuration for a run: an explicit file, the nearest one, or the defaults."""
    if explicit is not None:
        if not explicit.exists():
            raise UsageError(f"fichier de configuration introuvable : {explicit}")
        table = _read(explicit)
        if explicit.name == "pyproject.toml":
            table = _tool_table(explicit, table) or {}
        return parse_config(explicit, table)
    found = find_config(start.resolve())
    return parse_config(*found) if found else Config()
