"""The base files of the rules' documented examples (see the registry's docstring)."""

from __future__ import annotations

DEFAULT_DATE = "2021-06-01"
BASE_CONTRAT = """\
format: contrat-de-ville/1
contrat:
  nom: Contrat d'exemple
  porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv: [{code: QP001001, nom: Quartier A}]
periode:
  debut: 2015-01-01
  fin: 2020-12-31
  avenants: [{nature: perr, date: 2019-07-01}]
gouvernance:
  conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
  evaluation_mi_parcours: {date: 2018-06-30}
volets:
  culture: {adopte_le: 2016-01-01}
  sport: {adopte_le: 2019-06-01}
referentiels: [paqte@2018-07-17]
actions: []
"""
BASE_REFERENTIEL = """\
format: referentiel/1
id: exemple
version: 2022-01-01
titre: Référentiel d'exemple
statut: en-vigueur
nature: engagements
unite: {pluriel: items, feminin: false}
sources:
  S1: {adresse: "https://exemple.invalid/texte"}
axes:
  - {id: a, libelle: Axe A, type: axe, sources: [S1]}
"""

# Examples marked « (format 2) » replace the keys of this sound 2024–2030 contract, checked at
# DEFAULT_DATE_2 (after its first annual report was due).
DEFAULT_DATE_2 = "2026-12-01"
BASE_CONTRAT_2 = """\
format: contrat-de-ville/2
contrat:
  nom: Contrat d'exemple 2024-2030
  porteur: {nature: epci, nom: CA d'exemple, siren: "200071751"}
  communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
  qpv: [{code: QN00101M, nom: Grande Reyssouze, communes: ["01053"]}]
  signataires:
    - {id: etat, nom: Préfecture de l'Ain, categorie: etat, signe_le: 2024-03-22}
    - {id: ca, nom: CA d'exemple, categorie: epci, signe_le: 2024-03-22}
    - {id: bourg, nom: Ville de Bourg-en-Bresse, categorie: commune, code_insee: "01053", signe_le: 2024-03-22}
    - {id: dep, nom: Département de l'Ain, categorie: departement, signe_le: 2024-03-22}
    - {id: region, nom: Région Auvergne-Rhône-Alpes, categorie: region, signe_le: 2024-03-22}
periode: {signature: 2024-03-22, debut: 2024-01-01, fin: 2030-12-31}
priorites:
  - {id: P1, libelle: Emploi, priorites_transversales: [emploi-developpement-economique], objectifs: [Réduire le chômage]}
participation:
  conseils_citoyens: [{id: cc-a, nom: Conseil citoyen de Grande Reyssouze, qpv: [QN00101M]}]
gouvernance:
  instance_pilotage:
    nom: Comité de pilotage
    representants_conseils_citoyens: [{conseil_citoyen: cc-a, nombre: 2}]
rapports_annuels:
  - annee: 2024
    adopte_le: 2025-06-26
    conseils_citoyens_consultes: [{conseil_citoyen: cc-a, consulte_le: 2025-05-20}]
    avis_annexes: true
actions:
  - {id: A1, titre: Accompagnement vers l'emploi, priorite: P1, statut: en-cours, indicateurs: [{libelle: Sorties en emploi, cible: {valeur: 40, annee: 2027}}]}
"""
