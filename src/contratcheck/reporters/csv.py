"""CSV for spreadsheets in French settings: UTF-8 with BOM, « ; » separator, one row per item
per contract. Cells a spreadsheet would run as a formula are neutralised. Statuses are the
French words people read (« obsolète »), as in every human output; JSON keeps the codes."""

from __future__ import annotations

import csv
import io

from contratcheck.model import Report

COLUMNS = (
    "fichier",
    "contrat",
    "referentiel",
    "version",
    "axe",
    "reference",
    "code_domaine",
    "libelle",
    "statut",
    "raison",
    "confiance",
    "actions",
    "force",
)
# The force of an item, as people read it (the last column: the columns before it are unchanged).
FORCES = {"obligatoire": "obligatoire", "attendu": "attendu", "au-choix": "au choix"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix a cell that Excel or LibreOffice would evaluate as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(report: Report, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in report.results:
        for coverage in result.referentiels:
            for item in coverage.items:
                row = (
                    result.file,
                    result.nom or "",
                    coverage.id,
                    coverage.version,
                    item.axe,
                    item.reference,
                    item.id_domaine or "",
                    item.libelle,
                    item.status.label,
                    item.reason,
                    item.confiance,
                    ", ".join(a.id for a in item.actions),
                    FORCES.get(item.info.force, item.info.force),
                )
                writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
