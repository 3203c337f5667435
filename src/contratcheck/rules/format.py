"""Rules of the « format » family (CC2xx): the contract's JSON Schema. The schema module
emits them (``contratcheck.loading.schema``, whose table maps each to its keyword)."""

from __future__ import annotations

from contratcheck.rules.base import E, emitted


@emitted("CC200", "format-inconnu", E, "format")
def _cc200() -> None:
    """La clé « format » manque ou désigne un format inconnu.

    Vérifie la première clé du contrat, « format: contrat-de-ville/1 ». Pourquoi : elle
    permet au format d'évoluer et distingue un contrat des autres fichiers YAML.

    Exemple conforme :
        format: contrat-de-ville/1

    Exemple en défaut :
        format: contrat-de-ville/9
    """


@emitted("CC201", "type-incorrect", E, "format")
def _cc201() -> None:
    """Une valeur n'a pas le type attendu.

    Vérifie le type de chaque valeur (texte, nombre, liste, bloc). Les codes (SIREN, INSEE)
    sont des textes : sans guillemets, « 01053 » perd son zéro ; le message le rappelle.

    Exemple conforme :
        actions: []

    Exemple en défaut :
        actions: aucune
    """


@emitted("CC202", "cle-obligatoire-manquante", E, "format")
def _cc202() -> None:
    """Une clé obligatoire manque.

    Vérifie la présence des clés obligatoires (nom du contrat, porteur, communes, QPV, période,
    actions ; pour une action : id, titre, pilier, statut).

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale}
    """


@emitted("CC203", "cle-inconnue", E, "format")
def _cc203() -> None:
    """Une clé n'existe pas dans le format du contrat.

    Vérifie que chaque clé est connue, et propose la plus proche (« vouliez-vous dire »).
    Pourquoi : une clé mal tapée serait sinon ignorée sans bruit.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, pilote: Ville}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, piloteur: Ville}
    """


@emitted("CC204", "valeur-non-autorisee", E, "format")
def _cc204() -> None:
    """Une valeur n'est pas dans la liste permise.

    Vérifie les valeurs à choix (statut, pilier, nature d'avenant, thème ANCT…) et propose
    la plus proche.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en-cours}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en cours}
    """


@emitted("CC205", "date-invalide", E, "format")
def _cc205() -> None:
    """Une date est mal écrite ou n'existe pas.

    Vérifie que chaque date s'écrit AAAA-MM-JJ et existe au calendrier.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-13-31}
    """


@emitted("CC206", "identifiant-mal-forme", E, "format")
def _cc206() -> None:
    """Un code (QPV, INSEE, référence…) est mal formé.

    Vérifie la forme des codes : QPV « QP » + 6 caractères (géographie 2015) ou « QN » +
    département + 2 chiffres + lettre (2024), code INSEE à 5 caractères (2A/2B pour la Corse),
    références « référentiel:item ».

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "2A004", nom: Ajaccio}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "2A004", nom: Ajaccio}]
          qpv: [{code: QPV-1, nom: Quartier A}]
    """


@emitted("CC207", "siren-invalide", E, "format")
def _cc207() -> None:
    """Un numéro SIREN a une clé de contrôle fausse.

    Vérifie le dernier chiffre du SIREN (algorithme de Luhn). Pourquoi : une faute de frappe
    dans un SIREN rend le contrat introuvable dans les données nationales.

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071752"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]
    """


@emitted("CC208", "valeur-hors-limites", E, "format")
def _cc208() -> None:
    """Une valeur, un texte ou une liste sort des limites.

    Vérifie les bornes : montants positifs, années plausibles, listes non vides (au moins une
    commune, un QPV), motifs d'exclusion d'au moins dix caractères.

    Exemple conforme :
        exclusions: [{reference: paqte:acheter, motif: Aucun acheteur public ne la porte.}]

    Exemple en défaut :
        exclusions: [{reference: paqte:acheter, motif: non}]
    """


@emitted("CC209", "element-duplique", E, "format")
def _cc209() -> None:
    """Une liste contient deux fois le même élément.

    Vérifie l'unicité des éléments des listes « referentiels », « references » et « qpv ».

    Exemple conforme :
        referentiels: [paqte]

    Exemple en défaut :
        referentiels: [paqte, paqte]
    """


@emitted("CC299", "schema-autre", E, "format")
def _cc299() -> None:
    """Un fichier ne respecte pas son format (autre cas).

    Regroupe les écarts au format qu'aucun code plus précis ne décrit (par exemple un bloc
    « sources » vide dans un fichier de référentiel).

    Exemple conforme (référentiel) :
        items: []

    Exemple en défaut (référentiel) :
        sources: {}
        items: []
    """


RULES = (_cc200, _cc201, _cc202, _cc203, _cc204, _cc205, _cc206, _cc207, _cc208, _cc209, _cc299)
