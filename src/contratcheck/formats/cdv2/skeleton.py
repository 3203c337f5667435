"""A commented format-2 contract (``contratcheck init`` from 2024): every section the texts ask
for, with « À compléter » where the user writes (CC541 lists what is left)."""

from __future__ import annotations

import datetime as dt

from contratcheck.formats.cdv2.names import FORMAT, GENERATION
from contratcheck.french import french_date
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.model import Referentiel


def _hints(referentiels: list[Referentiel]) -> list[str]:
    lines = ["# Items des référentiels à citer dans les « references » des actions :"]
    for referentiel in referentiels:
        items = [
            i for i in referentiel.current_items() if i.declinable_localement and not i.controle
        ]
        if not items:
            continue
        lines.append(f"#   {referentiel.titre} ({referentiel.key})")
        for item in items:
            inferred = " (inféré)" if item.confiance == "infere" else ""
            lines.append(f"#     - {item.reference} : {item.libelle}{inferred}")
    return lines


def _referentiels(
    catalogue: Catalogue, today: dt.date, only: list[str] | None
) -> list[Referentiel]:
    if only is None:
        return catalogue.applicable(GENERATION, today)
    found = []
    for referentiel_id in only:
        key, _, version = referentiel_id.partition("@")
        chosen = catalogue.get(key, version or None) if version else None
        chosen = chosen or catalogue.in_force(key, today) or catalogue.get(key)
        if chosen is not None and chosen.nature != "nomenclature":
            found.append(chosen)
    return found


_TEMPLATE = """\
# yaml-language-server: $schema=contrat.schema.json
# Contrat de ville 2024-2030 « Engagements Quartiers 2030 » créé par « contratcheck init »
# le @DATE@. Remplacez chaque « À compléter » et chaque code d'exemple, puis
# vérifiez avec : contratcheck check contrat.yaml
# Le schéma pour l'éditeur s'obtient avec : contratcheck schema -o contrat.schema.json
# Dates des événements passés : AAAA-MM-JJ, AAAA-MM, AAAA ou « inconnue ».
format: @FORMAT@

contrat:
  nom: Contrat de ville 2024-2030 de À compléter
  porteur:
    # « epci », ou « commune » avec code_insee (outre-mer, ou EPCI sans la compétence)
    nature: epci
    nom: À compléter
    siren: "000000000"      # SIREN de l'EPCI, entre guillemets
  # outre_mer: true         # contrat ultramarin 2025-2030 (sinon déduit des codes)
  communes:
    - {code_insee: "01000", nom: À compléter}   # code officiel géographique
  qpv:
    # Ajoutez « code: QN… », le code de la liste des QPV de l'ANCT (géographie 2024).
    - {nom: À compléter, communes: ["01000"]}
  # Poches de pauvreté hors QPV, au plus 2,5 % de l'enveloppe départementale du P147 :
  # poches_pauvrete:
  #   - {nom: À compléter, communes: ["01000"], part_enveloppe_p147: 1}
  # L'État, le porteur, chaque commune qui a un QPV ; le département, la région…
  signataires:
    - {id: etat, nom: Préfecture de À compléter, categorie: etat, signe_le: inconnue}
    - {id: porteur, nom: À compléter, categorie: epci, signe_le: inconnue}
    - id: commune
      nom: Ville de À compléter
      categorie: commune
      code_insee: "01000"
      signe_le: inconnue
    - {id: departement, nom: Département de À compléter, categorie: departement,
       signe_le: inconnue}
    - {id: region, nom: Région À compléter, categorie: region, signe_le: inconnue}

periode:
  signature: inconnue       # AAAA-MM-JJ
  debut: 2024-01-01         # 2025-01-01 outre-mer
  fin: 2030-12-31           # ou 2029-12-31
  clause_revoyure: {annee: 2027, texte: À compléter}
  # - {nature: actualisation | non-actualisation, date: AAAA-MM-JJ, signataires: [etat, …]}
  actualisations: []
  # - {date: AAAA-MM-JJ, signataires: [etat, porteur, …], objet: …}
  avenants: []

priorites:
  - id: P1
    libelle: Priorité à compléter
    # education, sante, emploi-developpement-economique, transition-ecologique, securite,
    # cadre-de-vie, lutte-discriminations, egalite-femmes-hommes
    priorites_transversales: []
    objectifs: [À compléter]

projets_quartier:
  - {qpv: [À compléter], titre: Projet de quartier à compléter, priorites: [P1]}

actions:
  - id: A01
    titre: Action à compléter
    priorite: P1
    statut: prevue
    # pilote: À compléter
    # calendrier: {debut: AAAA-MM-JJ, echeance: AAAA-MM-JJ}
    indicateurs:
      # valeur_reference: {valeur, annee}, cible: {valeur, annee}
      - {libelle: Indicateur à compléter}
    # references: [référentiel:item]   # voir la liste plus bas

moyens:
  - signataire: etat
    credits_specifiques: [{annee: @YEAR@, montant: 0, dispositif: programme 147}]
  - signataire: porteur
    droit_commun: [{annee: @YEAR@, montant: 0}]

ingenierie:
  description: À compléter

evaluation:
  structure: {nom: À compléter}
  indicateurs_nationaux:
    - {qpv: À compléter, indicateurs: [{libelle: Taux de pauvreté, source: INSEE - Filosofi}]}
  indicateurs_locaux:
    - {priorite: P1, indicateurs: [{libelle: Indicateur local à compléter}]}

gouvernance:
  instance_pilotage:
    nom: Comité de pilotage
    presidence: [À compléter]
    representants_conseils_citoyens: [{conseil_citoyen: cc-1, nombre: 2}]
  rencontres_annuelles: []  # - {annee: AAAA, date: AAAA-MM-JJ}

participation:
  conseils_citoyens:        # un par QPV
    - {id: cc-1, nom: Conseil citoyen À compléter, qpv: [À compléter]}
  place: À compléter
  moyens: {description: À compléter}

investissement:
  # - {id: INV-01, titre: …, qpv: […], financeurs: [{financeur: …}]}
  projets: []

conventions_annexees:
  # - {bailleur: …, signataire: id, date_convention: AAAA-MM-JJ, annexee: true}
  tfpb: []

# Le rapport sur l'année N est adopté au plus tard fin N+1, après un mois de consultation
# de chaque conseil citoyen (CGCT, art. L. 1111-2) :
# - {annee: AAAA, adopte_le: AAAA-MM-JJ, conseils_citoyens_consultes: […]}
rapports_annuels: []

cpo:
  objectif_part: 50
  parts: []                 # - {annee: AAAA, conventions: N, conventions_pluriannuelles: N}

"""


def skeleton(catalogue: Catalogue, today: dt.date, only: list[str] | None = None) -> str:
    """A commented 2024–2030 contract that ``check`` reads with no erreur of its own."""
    referentiels = _referentiels(catalogue, today, only)
    year = max(2024, min(today.year, 2030))
    text = (
        _TEMPLATE.replace("@DATE@", french_date(today))
        .replace("@FORMAT@", FORMAT)
        .replace("@YEAR@", str(year))
    )
    lines = [
        "referentiels:" if referentiels else "referentiels: []",
        *(f"  - {r.key}" for r in referentiels),
        "",
        *_hints(referentiels),
        "",
        "# Items écartés, avec un motif écrit :",
        "exclusions: []",
        "#  - reference: référentiel:item",
        "#    motif: Pourquoi le contrat ne décline pas cet item.",
    ]
    return text + "\n".join(lines) + "\n"
