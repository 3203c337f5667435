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
