"""A commented format-1 contract with every required field (``contratcheck init``)."""

from __future__ import annotations

import datetime as dt

from contratcheck.formats.cdv1.names import FORMAT
from contratcheck.french import french_date
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.model import Referentiel

_PILIERS = (
    ("cohesion-sociale", "Cohésion sociale"),
    ("cadre-de-vie", "Cadre de vie et renouvellement urbain"),
    ("developpement-economique", "Développement économique et emploi"),
)


def _hints(referentiels: list[Referentiel]) -> list[str]:
    lines = ["# Items des référentiels à citer dans les « references » des actions :"]
    for referentiel in referentiels:
        lines.append(f"#   {referentiel.titre} ({referentiel.key})")
        for item in referentiel.current_items():
            if not item.declinable_localement or item.controle:
                continue
            inferred = " (inféré)" if item.confiance == "infere" else ""
            lines.append(f"#     - {item.reference} : {item.libelle}{inferred}")
    return lines


def skeleton(catalogue: Catalogue, today: dt.date, only: list[str] | None = None) -> str:
    """A commented contract with every required field and one placeholder action per pilier."""
    referentiels = []
    for referentiel_id in only or catalogue.ids():
        version = catalogue.in_force(referentiel_id, today) or catalogue.get(referentiel_id)
        if version is None or version.nature == "nomenclature":
            continue
        if only is None and not version.national:
            continue
        referentiels.append(version)
    lines = [
        "# yaml-language-server: $schema=contrat.schema.json",
        "# Contrat de ville créé par « contratcheck init » le " + french_date(today) + ".",
        "# Remplacez chaque « À compléter » et chaque code d'exemple, puis vérifiez avec :",
        "#   contratcheck check contrat.yaml",
        "# Le schéma pour l'éditeur s'obtient avec : contratcheck schema -o contrat.schema.json",
        f"format: {FORMAT}",
        "",
        "contrat:",
        "  nom: Contrat de ville de À compléter",
        "  porteur:",
        "    nature: epci            # ou « commune » avec code_insee",
        "    nom: À compléter",
        '    siren: "000000000"      # SIREN de l\'EPCI, entre guillemets',
        "  communes:",
        '    - {code_insee: "01000", nom: À compléter}   # code officiel géographique',
        "  qpv:",
        "    - {code: QN00100M, nom: À compléter}        # code QPV de la géographie 2024",
        "  signataires:",
        "    - {nom: Préfecture de À compléter}",
        "",
        "periode:",
        "  debut: 2024-01-01",
        "  fin: 2030-12-31",
        "  avenants: []",
        "",
        "gouvernance:",
        "  comite_pilotage:",
        "    presidence: [À compléter]",
        "  conseils_citoyens:",
        "    - {nom: Conseil citoyen À compléter, qpv: [QN00100M]}",
        "",
        "referentiels:",
        *(f"  - {r.key}" for r in referentiels),
        "",
        *_hints(referentiels),
        "actions:",
    ]
    for number, (pilier, label) in enumerate(_PILIERS, start=1):
        lines += [
            f"  - id: A{number:02d}",
            f"    titre: Action du pilier {label} à compléter",
            f"    pilier: {pilier}",
            "    statut: prevue",
            "    # pilote: À compléter",
            "    # calendrier: {debut: AAAA-MM-JJ, echeance: AAAA-MM-JJ}",
            "    # indicateurs:",
            "    #   - {libelle: À compléter, cible: 0}",
            "    # references: [référentiel:item]   # voir la liste ci-dessus",
        ]
    lines += [
        "",
        "# Items écartés, avec un motif écrit :",
        "exclusions: []",
        "#  - reference: référentiel:item",
        "#    motif: Pourquoi le contrat ne décline pas cet item.",
    ]
    return "\n".join(lines) + "\n"
