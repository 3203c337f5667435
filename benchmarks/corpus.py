"""Generate a realistic corpus of contracts for the benchmark.

Each contract has comments and French text like a real one; about 5 % of the medium ones carry
schema errors. Format 1 (``contrat-de-ville/1``, 2015–2023) is generated from scratch; format 2
(``contrat-de-ville/2``, 2024–2030) keeps the shipped 2024 example's territory and replaces its
actions with generated ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
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


def _action_head(rng: random.Random, number: int) -> list[str]:
    """The first lines of a generated action, the same in both formats."""
    return [
        f"  # --- Fiche action {number + 1} : {_sentence(rng, 6)}",
        f"  - id: A-{number + 1:04d}",
        f"    titre: {_sentence(rng, 8)}",
        "    description: >-",
        f"      {_sentence(rng, 40)}",
        f"      {_sentence(rng, 40)}",
    ]


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
            *_action_head(rng, number),
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


_EXAMPLE_V2 = (
    Path(__file__).resolve().parents[1] / "examples" / "2024-paris-vallee-de-la-marne.yaml"
)
_QN = ["QN07701I", "QN07702I", "QN07703M", "QN07705M", "QN07706I", "QN07707M"]
_PRIORITES = [f"P{n}" for n in range(1, 8)]
_REFS_V2 = ["civ2023:entrepreneuriat-quartiers-2030", "cadre2024:entrepreneuriat-aller-vers"]
_STATUTS_V2 = ["prevue", "en-cours", "en-cours", "realisee"]


def _split_example_v2() -> tuple[str, str]:
    """The sound 2024 example around its actions: what comes before them, and after."""
    text = _EXAMPLE_V2.read_text(encoding="utf-8")
    start = text.index("\nactions:\n") + len("\nactions:\n")
    end = text.index("\n# fictif : tous les montants.")
    return text[:start], text[end:]


def contract_v2(rng: random.Random, index: int, actions: int, broken: bool) -> str:
    """A format-2 contract: the shipped Paris-Vallée de la Marne example (real territory,
    QN codes and dates) with `actions` generated actions in place of its own nine."""
    before, after = _split_example_v2()
    before = before.replace(
        "format: contrat-de-ville/2",
        f"# Contrat généré n° {index} pour le banc d'essai (actions fictives).\n"
        "format: contrat-de-ville/2",
        1,
    )
    lines: list[str] = []
    for number in range(actions):
        year = rng.randint(2027, 2030)
        lines += [
            *_action_head(rng, number),
            f"    priorite: {rng.choice(_PRIORITES)}",
            f"    qpv: [{', '.join(sorted(rng.sample(_QN, rng.randint(1, 3))))}]",
            f"    pilote: {_sentence(rng, 3)}",
            f"    partenaires: [{_sentence(rng, 2)}, {_sentence(rng, 2)}]",
            f"    statut: {rng.choice(_STATUTS_V2)}",
            f"    calendrier: {{debut: 2024-09-01, echeance: {year}-12-31}}",
            "    financement:",
            f"      - {{financeur: État - programme 147, montant: {rng.randint(1, 90) * 1000}, "
            "annee: 2025, nature: credits-specifiques}",
            f"      - {{financeur: Agglomération, montant: {rng.randint(1, 90) * 1000}, "
            "annee: 2025, nature: droit-commun}",
            "    indicateurs:",
            f"      - libelle: {_sentence(rng, 5)}",
            "        unite: personnes",
            f"        valeur_reference: {{valeur: {rng.randint(5, 200)}, annee: 2023}}",
            f"        cible: {{valeur: {rng.randint(200, 900)}, annee: {year}}}",
            f"        valeurs: [{{annee: 2024, valeur: {rng.randint(5, 300)}}}]",
        ]
        if rng.random() < 0.2:
            lines.append(f"    references: [{rng.choice(_REFS_V2)}]")
    text = before + "\n".join(lines) + "\n" + after
    if broken:
        text = text.replace("  debut: 2024-01-01\n", "  debut: 2024-13-01\n", 1)
        text = text.replace("    statut: ", "    piloteur: erreur de frappe\n    statut: ", 1)
    return text


# Each format: its generator and the schema its contracts are validated against.
FORMATS: dict[int, tuple[Callable[[random.Random, int, int, bool], str], str] | None] = {
    1: (contract, "contrat.schema.json"),
    2: (contract_v2, "contrat-v2.schema.json"),
}


class FormatUnavailable(Exception):
    """The benchmark cannot generate contracts of this format yet."""


def _generator(contract_format: int) -> Callable[[random.Random, int, int, bool], str]:
    entry = FORMATS.get(contract_format)
    if entry is None:
        raise FormatUnavailable(
            f"format {contract_format} : pas encore de générateur dans benchmarks/corpus.py "
            "(voir FORMAT_2_HOOK)"
        )
    return entry[0]


def schema_file(contract_format: int) -> str:
    """The schema a contract of this format is validated against (name under schemas/)."""
    _generator(contract_format)
    entry = FORMATS[contract_format]
    assert entry is not None
    return entry[1]


def write_corpus(
    folder: Path, medium: int, seed: int = 2018, contract_format: int = 1
) -> list[Path]:
    """Write `medium` contracts of ~150 actions (one in 20 broken)."""
    generate = _generator(contract_format)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(medium):
        path = folder / f"contrat-{index:04d}.yaml"
        path.write_text(generate(rng, index, 150, index % 20 == 7), encoding="utf-8")
        paths.append(path)
    return paths


def write_sized(folder: Path, size: int, seed: int = 2018, contract_format: int = 1) -> Path:
    """Write one valid contract of at most `size` bytes (as close below as whole actions allow)."""
    generate = _generator(contract_format)
    probe = [len(generate(random.Random(seed), 0, n, False).encode("utf-8")) for n in (0, 200)]
    per_action = (probe[1] - probe[0]) / 200
    actions = max(1, int((size - probe[0]) / per_action))
    while True:
        text = generate(random.Random(seed), 0, actions, False)
        if len(text.encode("utf-8")) <= size or actions == 1:
            break
        actions -= max(1, actions // 200)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"contrat-{size // 1024}-kio.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def write_small_copies(
    folder: Path, examples: Path, count: int, contract_format: int = 1
) -> list[Path]:
    """Copy the shipped examples of this format round-robin into `count` small files."""
    mark = f"format: contrat-de-ville/{contract_format}"
    sources = [p for p in sorted(examples.glob("*.yaml")) if mark in p.read_text(encoding="utf-8")]
    if not sources:
        raise FormatUnavailable(f"aucun exemple au format {contract_format} dans {examples}")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        source = sources[index % len(sources)]
        path = folder / f"{source.stem}-{index:03d}.yaml"
        path.write_bytes(source.read_bytes())
        paths.append(path)
    return paths
