"""SARIF 2.1.0, as GitHub code scanning reads it: rules with French help, levels, fingerprints."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from contratcheck.model import Report, Severity
from contratcheck.rules.registry import RULES

_LEVELS = {Severity.ERREUR: "error", Severity.AVERTISSEMENT: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays relative (GitHub resolves it from the repository root)."""
    posix = PurePath(path).as_posix()
    if posix.startswith("/"):
        return "file://" + quote(posix)
    return quote(posix)


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    help_text = (
        f"{rule.resume} Gravité par défaut : {rule.severity.value}. "
        f"Documentation : contratcheck explain {code}"
    )
    return {
        "id": code,
        "name": rule.nom,
        "shortDescription": {"text": rule.resume},
        "fullDescription": {"text": rule.resume},
        "help": {"text": help_text, "markdown": f"**{code} — {rule.nom}**\n\n{help_text}"},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["contrat-de-ville"]},
    }


def build(report: Report) -> dict[str, Any]:
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVELS[f.severity],
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(f.file)},
                        "region": {"startLine": f.position.line, "startColumn": f.position.column},
                    }
                }
            ],
            "partialFingerprints": {"contratcheck/v1": f.fingerprint},
        }
        for f in report.findings()
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contratcheck",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "language": "fr-FR",
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"dateVerification": report.date},
            }
        ],
    }


def render(report: Report, color: bool = False) -> str:
    return json.dumps(build(report), ensure_ascii=False, indent=2) + "\n"
