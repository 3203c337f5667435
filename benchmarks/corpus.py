"""Generate a realistic corpus of contracts for the benchmark (medium ~150 actions, large 1 000).

Each contract has comments and French text like a real one; about 5 % carry schema errors.
"""

from __future__ import annotations

import random
from pathlib import Path

_REFS = [
    "fdr2018:cites-educatives",
    "fdr2018:dedoublement-cp-ce1",
    "fdr2018:emplois-francs",
    "fdr2018:npnru-double",
    "fdr2018:police-securite-quotidien",
    "fdr2018:adultes-relais",
    "fdr2018:micro-folies",
    "paqte:alternance",
    "paqte:stages-de-troisieme",
    "paqte:achats-responsables",
    "dijon:mobilites",
    "dijon:sante",
    "asso2018:fonjep",
]
_PILIERS = ["cohesion-sociale", "cadre-de-vie", "developpement-economique", "transversal"]
_STATUTS = ["prevue", "en-cours", "en-cours", "realisee", "abandonnee"]
_TEXT = (
    "accompagnement des habitants du quartier prioritaire vers l'emploi durable et la "
    "formation qualifiante avec les partenaires associatifs et institutionnels du territoire "
    "réussite éducative parentalité santé mobilité logement tranquillité publique"
)
_WORDS = _TEXT.split(" ")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()


def contract(rng: random.Random, index: int, actions: int, broken: bool) -> str:
    lines = [
        "# yaml-language-server: $schema=../schemas/contrat.schema.json",
        f"# Contrat de ville généré n° {index} pour le banc d'essai (données fictives).",
        "format: contrat-de-ville/1",
        "contrat:",
        f"  nom: Contrat de ville fictif n° {index} — {_sentence(rng, 4)}",
        '  porteur: {nature: epci, nom: CA fictive, siren: "200071751"}',
        "  communes:",
        '    - {code_insee: "01053", nom: Bourg-en-Bresse}',
        "  qpv:",
        "    - {code: QP001001, nom: Quartier A (fictif)}",
        "    - {code: QP001002, nom: Quartier B (fictif)}",
        "periode:",
        "  signature: 2015-07-01",
        "  debut: 2015-01-01",
        "  fin: 2020-12-31",
        "  avenants:",
        "    - {nature: perr, date: 2019-07-10, objet: Protocole d'engagements renforcés}",
        "gouvernance:",
        "  conseils_citoyens:",
        "    - {nom: Conseil citoyen A, qpv: [QP001001, QP001002]}",
        "  evaluation_mi_parcours: {date: 2018-06-30}",
        "volets:",
        "  culture: {adopte_le: 2016-01-01}",
        "  sport: {adopte_le: 2019-06-01}",
        "referentiels: [fdr2018@2018-07-18, paqte@2018-07-17, dijon@2018-07-16, asso2018]",
        "actions:",
    ]
    for number in range(actions):
        refs = ", ".join(rng.sample(_REFS, rng.randint(0, 3)))
        lines += [
            f"  # --- Fiche action {number + 1} : {_sentence(rng, 6)}",
            f"  - id: A-{number + 1:04d}",
            f"    titre: {_sentence(rng, 8)}",
            "    description: >-",
            f"      {_sentence(rng, 40)}",
            f"      {_sentence(rng, 40)}",
            f"    pilier: {rng.choice(_PILIERS)}",
            "    qpv: [QP001001]",
            f"    pilote: {_sentence(rng, 3)}",
            f"    partenaires: [{_sentence(rng, 2)}, {_sentence(rng, 2)}]",
            f"    statut: {rng.choice(_STATUTS)}",
            f"    calendrier: {{debut: 2019-01-01, echeance: 202{rng.randint(1, 6)}-12-31}}",
            "    financement:",
            f"      - {{financeur: État - BOP 147, montant: {rng.randint(1, 90) * 1000}}}",
            f"      - {{financeur: EPCI, montant: {rng.randint(1, 90) * 1000}, annee: 2021}}",
            "    indicateurs:",
            f"      - {{libelle: {_sentence(rng, 5)}, cible: {rng.randint(5, 500)}, unite: pers}}",
            f"    references: [{refs}]",
            '    theme_anct: "1.1"',
        ]
    if broken:
        lines[lines.index("  debut: 2015-01-01")] = "  debut: 2015-13-01"
        lines.append("    piloteur: erreur de frappe")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, medium: int, seed: int = 2018) -> list[Path]:
    """Write `medium` contracts of ~150 actions (5 % broken) and one of 1 000 actions."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(medium):
        path = folder / f"contrat-{index:04d}.yaml"
        path.write_text(contract(rng, index, 150, broken=index % 20 == 7), encoding="utf-8")
        paths.append(path)
    large = folder / "grand" / "contrat-1000-actions.yaml"
    large.parent.mkdir(exist_ok=True)
    large.write_text(contract(rng, 9999, 1000, broken=False), encoding="utf-8")
    return paths
