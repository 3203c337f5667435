"""Fingerprints that survive lines moving, and the baseline file of known findings."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from contratcheck.errors import UsageError
from contratcheck.loading.reader import MIB, ReadError, decode_utf8, read_file
from contratcheck.model import Finding, Report

FORMAT = "contratcheck-baseline/1"
_IDENTITY_KEYS = ("id", "reference", "code")
# About 250 bytes an entry: room for some 250 000 known findings.
MAX_BASELINE_BYTES = 64 * MIB
_MAX_COUNT = 10**9


def stable_path(path: tuple[str | int, ...], data: Any) -> str:
    """A YAML path where list indexes are replaced by the item's id when it has one."""
    parts = []
    node = data
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            key = next(
                (
                    k
                    for k in _IDENTITY_KEYS
                    if isinstance(item, dict) and isinstance(item.get(k), str)
                ),
                None,
            )
            parts.append(f"[{key}={item[key]}]" if key else f"[{part}]")
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "/".join(parts)


def with_fingerprint(finding: Finding, data: Any) -> Finding:
    """The finding with its fingerprint: file, code, stable path and message sans line numbers."""
    message = re.sub(r"ligne \d+", "ligne", finding.message)
    text = "\0".join((finding.file, finding.code, stable_path(finding.path, data), message))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return dataclasses.replace(finding, fingerprint=digest)


def build_baseline(report: Report) -> str:
    """The baseline file for every finding of a report."""
    known = Counter(f.fingerprint for f in report.findings())
    entries = {
        f.fingerprint: {"code": f.code, "fichier": f.file, "message": f.message, "nombre": 0}
        for f in report.findings()
    }
    for fingerprint, count in known.items():
        entries[fingerprint]["nombre"] = count
    document = {"format": FORMAT, "empreintes": dict(sorted(entries.items()))}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: Path) -> Counter[str]:
    """Fingerprints of known findings, with how many of each are tolerated.

    Every failure is a French usage error naming the file; none quotes its content.
    """
    try:
        text = decode_utf8(read_file(path, MAX_BASELINE_BYTES))
    except ReadError as error:
        raise UsageError(f"baseline illisible : {path} ({error.reason})") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"baseline {path} : JSON invalide, ligne {error.lineno}, colonne {error.colno}"
        ) from error
    except RecursionError as error:
        raise UsageError(f"baseline {path} : JSON imbriqué trop profondément") from error
    except ValueError as error:  # an integer of more than 4 300 digits
        raise UsageError(f"baseline {path} : nombre démesuré dans le JSON") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UsageError(f"baseline {path} : format « {FORMAT} » attendu")
    entries = document.get("empreintes", {})
    if not isinstance(entries, dict):
        raise UsageError(f"baseline {path} : « empreintes » doit être un objet JSON")
    known: Counter[str] = Counter()
    for fingerprint, entry in entries.items():
        count = entry.get("nombre", 1) if isinstance(entry, dict) else None
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= _MAX_COUNT:
            raise UsageError(
                f"baseline {path} : l'empreinte n° {len(known) + 1} n'a pas de « nombre » entier "
                f"entre 0 et {_MAX_COUNT}"
            )
        known[fingerprint] = count
    return known


def drop_known(findings: list[Finding], known: Counter[str]) -> tuple[list[Finding], int]:
    """Remove findings already in the baseline (as many as it lists); return kept and dropped."""
    budget = Counter(known)
    kept = []
    for finding in findings:
        if budget[finding.fingerprint] > 0:
            budget[finding.fingerprint] -= 1
        else:
            kept.append(finding)
    return kept, len(findings) - len(kept)
