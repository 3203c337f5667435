"""Editor support: a contract format's schema with the référentiel ids as choices and their
French labels (``contratcheck schema``)."""

from __future__ import annotations

import copy
from typing import Any

from contratcheck.french import french_date
from contratcheck.loading.schema import load_schema
from contratcheck.referentiels.catalogue import Catalogue


def editor_schema(
    catalogue: Catalogue, schema_name: str = "contrat", generation: str | None = None
) -> dict[str, Any]:
    """The contract schema where reference ids are choices with their French labels.

    The choices sit in an ``anyOf`` next to the plain pattern, so the schema accepts exactly what
    contratcheck's own schema accepts (an unknown id is a CC301 finding, not a format error),
    while editors complete the known ids and show their labels. With a ``generation``, only the
    référentiels of that generation (and those that name none, like local ones) are offered.
    """
    schema = copy.deepcopy(load_schema(schema_name))
    reference = schema["$defs"]["reference"]
    choices: list[dict[str, Any]] = []
    seen: set[str] = set()
    offered = [
        referentiel_id
        for referentiel_id in catalogue.ids()
        if generation is None
        or not (latest := catalogue.versions[referentiel_id][-1]).generations
        or generation in latest.generations
    ]
    for referentiel_id in offered:
        for version in reversed(catalogue.versions[referentiel_id]):
            if version.nature == "nomenclature":
                continue
            for item in version.items:
                if item.reference in seen:
                    continue
                seen.add(item.reference)
                retired = (
                    f" — RETIRÉ le {item.retire_le}, remplacé par {', '.join(item.successeurs)}"
                    if item.retired
                    else ""
                )
                choices.append(
                    {
                        "const": item.reference,
                        "description": f"{item.libelle} ({version.titre}){retired}",
                    }
                )
    reference["anyOf"] = [*choices, {"pattern": reference["pattern"]}]
    declaration = schema["properties"]["referentiels"]["items"]
    declared: list[dict[str, Any]] = []
    for referentiel_id in offered:
        versions = catalogue.versions[referentiel_id]
        declared.append(
            {"const": referentiel_id, "description": f"{versions[-1].titre} (version en vigueur)"}
        )
        declared.extend(
            {"const": r.key, "description": f"{r.titre}, version du {french_date(r.version)}"}
            for r in versions
        )
    declaration["anyOf"] = [*declared, {"pattern": declaration["pattern"]}]
    schema["$id"] = str(schema["$id"]).replace(".schema.json", "-avec-referentiels.schema.json")
    return schema
