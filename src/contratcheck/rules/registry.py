"""Every rule code, with its default severity; each rule's docstring is its French documentation.

``contratcheck regles`` lists them, ``contratcheck explain CODE`` prints the docstring, and a
test runs the two examples of every docstring: the rule must fire on the failing one only.

Codes are public API (JSON, SARIF, JUnit, baselines): never renumber or reuse one.
- CC1xx: reading the file (encoding, YAML syntax, hostile input);
- CC2xx: the contract schema;
- CC3xx: references to référentiels, exclusions, actions;
- CC4xx: coverage of référentiel items;
- CC5xx: contract-level checks on the legal calendar and the official QPV list;
- CC6xx: outdated terms;
- CC7xx: référentiel files;
- CC8xx: suppression comments.

Example blocks: ``Exemple conforme :`` / ``Exemple en défaut :``, then a block indented by four
spaces. By default a block is a fragment whose top-level keys replace those of BASE_CONTRAT,
checked at DEFAULT_DATE. Options in brackets change that: ``fichier entier``, ``Windows-1252``,
``UTF-16``, ``taille > 8 Mio``, ``dossier``, ``référentiel``, ``deux fois``, ``--date …``,
``--liste-qpv``, ``--interdire-suppressions``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from contratcheck.model import Finding, Position, Severity, YamlPath

E, W, N = Severity.ERREUR, Severity.AVERTISSEMENT, Severity.INFO

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


@dataclass(frozen=True)
class Rule:
    """A rule code as users see it."""

    code: str
    nom: str
    severity: Severity
    resume: str
    doc: str


RULES: dict[str, Rule] = {}


class FindingList(list[Finding]):
    """The findings about one file, added rule by rule."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def add(
        self, code: str, message: str, path: YamlPath, position: Position, hint: str = ""
    ) -> None:
        self.append(make_finding(code, message, self.file, position, path, hint))


def make_finding(
    code: str,
    message: str,
    file: str,
    position: Position,
    path: YamlPath = (),
    hint: str = "",
) -> Finding:
    """A finding of a rule, at the rule's default severity (the policy may change it later)."""
    return Finding(code, RULES[code].severity, message, file, position, path, hint)


def rule(code: str, nom: str, severity: Severity) -> Callable[[Callable[[], None]], None]:
    """Register a rule; the decorated function's docstring is its documentation."""

    def register(function: Callable[[], None]) -> None:
        doc = inspect.getdoc(function) or ""
        RULES[code] = Rule(code, nom, severity, doc.splitlines()[0], doc)

    return register


# --- CC1xx: reading ------------------------------------------------------------------------


@rule("CC101", "encodage-non-utf8", E)
def _cc101() -> None:
    """Le fichier n'est pas encodé en UTF-8.

    Vérifie que le fichier se lit en UTF-8 (avec ou sans BOM) et ne contient pas d'octet nul.
    Pourquoi : un export de tableur Windows (Windows-1252) change les lettres accentuées ; le
    message donne la position du premier octet fautif et la commande de conversion.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1
        contrat: {nom: Cité éducative}

    Exemple en défaut (fichier entier, Windows-1252) :
        format: contrat-de-ville/1
        contrat: {nom: Cité éducative}
    """


@rule("CC102", "encodage-utf16", E)
def _cc102() -> None:
    """Le fichier est encodé en UTF-16 ou UTF-32.

    Vérifie que le fichier n'est pas en UTF-16 (« Unicode » de certains éditeurs Windows).
    Pourquoi : YAML attend de l'UTF-8 ; il faut enregistrer le fichier sous ce codage.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier, UTF-16) :
        format: contrat-de-ville/1
    """


@rule("CC103", "syntaxe-yaml", E)
def _cc103() -> None:
    """Le fichier n'est pas du YAML valide.

    Vérifie la syntaxe YAML : indentation, « : » dans une valeur non protégée, guillemets ou
    crochets non fermés, tabulations, alias non définis. Le message est en français.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1
        contrat: {nom: "Contrat : quartiers nord"}

    Exemple en défaut (fichier entier) :
        format: contrat-de-ville/1
        contrat:
          nom: Contrat : quartiers nord
    """


@rule("CC104", "cle-dupliquee", E)
def _cc104() -> None:
    """Une clé apparaît deux fois dans le même bloc.

    Vérifie qu'aucune clé n'est répétée dans un même bloc. Pourquoi : les lecteurs YAML
    gardent silencieusement l'une des deux valeurs ; contratcheck garde la première et le dit.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, statut: realisee}
    """


@rule("CC105", "etiquette-refusee", E)
def _cc105() -> None:
    """Une étiquette YAML (« !… ») est refusée.

    Vérifie qu'aucune valeur ne porte d'étiquette (« !!python/… », « !secret »…). Pourquoi :
    certaines étiquettes font exécuter du code par d'autres outils ; contratcheck les refuse
    toutes et n'en exécute jamais aucune.

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: !!python/object/apply:os.system ["echo"]
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]
    """


@rule("CC106", "alias-excessifs", E)
def _cc106() -> None:
    """Les alias YAML se développent au-delà de la limite.

    Vérifie que les alias (« *nom ») ne se développent pas en plus de 100 000 valeurs.
    Pourquoi : une « bombe d'alias » de quelques lignes occupe des gigaoctets. Les ancres et
    alias raisonnables restent permis.

    Exemple conforme (fichier entier) :
        a: &a [x, x]
        b: [*a, *a]

    Exemple en défaut (fichier entier) :
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
    """


@rule("CC107", "imbrication-excessive", E)
def _cc107() -> None:
    """L'imbrication dépasse la profondeur permise.

    Vérifie que les blocs et listes ne s'imbriquent pas sur plus de 64 niveaux. Pourquoi : un
    contrat n'en a jamais besoin, et une imbrication absurde sert à faire planter les outils.

    Exemple conforme (fichier entier) :
        a: [[[1]]]

    Exemple en défaut (fichier entier) :
        a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
    """  # noqa: E501


@rule("CC108", "fichier-trop-volumineux", E)
def _cc108() -> None:
    """Le fichier dépasse la taille permise.

    Vérifie que le fichier pèse au plus 8 Mio. Pourquoi : un contrat de mille actions pèse
    moins de 2 Mio ; au-delà, ce n'est pas un contrat.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier, taille > 8 Mio) :
        commentaire: "répété jusqu'à dépasser 8 Mio"
    """


@rule("CC109", "fichier-vide", E)
def _cc109() -> None:
    """Le fichier est vide ou ne contient que des commentaires.

    Vérifie que le fichier contient des données.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier) :
        # contrat à venir
    """


@rule("CC110", "racine-invalide", E)
def _cc110() -> None:
    """Le contrat n'est pas un bloc de clés.

    Vérifie que le document est un bloc « clé: valeur » (et non une liste ou un texte).

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier) :
        - format: contrat-de-ville/1
    """


@rule("CC111", "documents-multiples", E)
def _cc111() -> None:
    """Le fichier contient plusieurs documents YAML.

    Vérifie qu'un fichier ne contient qu'un document (pas de séparateur « --- » entre deux
    contrats). Pourquoi : chaque contrat a son propre fichier, son propre rapport.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier) :
        format: contrat-de-ville/1
        ---
        format: contrat-de-ville/1
    """


@rule("CC112", "fichier-illisible", E)
def _cc112() -> None:
    """Le fichier ne peut pas être lu.

    Signale un chemin nommé qui ne peut pas être lu (droits, dossier au lieu d'un fichier…) ;
    le reste du lot est tout de même vérifié.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (dossier) :
        un dossier nommé à la place d'un fichier
    """


# --- CC2xx: schema ---------------------------------------------------------------------------


@rule("CC200", "format-inconnu", E)
def _cc200() -> None:
    """La clé « format » manque ou désigne un format inconnu.

    Vérifie la première clé du contrat, « format: contrat-de-ville/1 ». Pourquoi : elle
    permet au format d'évoluer et distingue un contrat des autres fichiers YAML.

    Exemple conforme :
        format: contrat-de-ville/1

    Exemple en défaut :
        format: contrat-de-ville/9
    """


@rule("CC201", "type-incorrect", E)
def _cc201() -> None:
    """Une valeur n'a pas le type attendu.

    Vérifie le type de chaque valeur (texte, nombre, liste, bloc). Les codes (SIREN, INSEE)
    sont des textes : sans guillemets, « 01053 » perd son zéro ; le message le rappelle.

    Exemple conforme :
        actions: []

    Exemple en défaut :
        actions: aucune
    """


@rule("CC202", "cle-obligatoire-manquante", E)
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


@rule("CC203", "cle-inconnue", E)
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


@rule("CC204", "valeur-non-autorisee", E)
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


@rule("CC205", "date-invalide", E)
def _cc205() -> None:
    """Une date est mal écrite ou n'existe pas.

    Vérifie que chaque date s'écrit AAAA-MM-JJ et existe au calendrier.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-13-31}
    """


@rule("CC206", "identifiant-mal-forme", E)
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


@rule("CC207", "siren-invalide", E)
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


@rule("CC208", "valeur-hors-limites", E)
def _cc208() -> None:
    """Une valeur, un texte ou une liste sort des limites.

    Vérifie les bornes : montants positifs, années plausibles, listes non vides (au moins une
    commune, un QPV), motifs d'exclusion d'au moins dix caractères.

    Exemple conforme :
        exclusions: [{reference: paqte:acheter, motif: Aucun acheteur public ne la porte.}]

    Exemple en défaut :
        exclusions: [{reference: paqte:acheter, motif: non}]
    """


@rule("CC209", "element-duplique", E)
def _cc209() -> None:
    """Une liste contient deux fois le même élément.

    Vérifie l'unicité des éléments des listes « referentiels », « references » et « qpv ».

    Exemple conforme :
        referentiels: [paqte]

    Exemple en défaut :
        referentiels: [paqte, paqte]
    """


@rule("CC299", "schema-autre", E)
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


# --- CC3xx: references, exclusions, actions -------------------------------------------------


@rule("CC301", "reference-inconnue", E)
def _cc301() -> None:
    """Une référence ne désigne aucun item connu.

    Vérifie que chaque identifiant cité par une action ou une exclusion existe dans un
    référentiel chargé, et propose le plus proche. Pourquoi : une faute de frappe ferait croire
    qu'un item est servi.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, references: [paqte:alternanse]}
    """  # noqa: E501


@rule("CC302", "reference-retiree", W)
def _cc302() -> None:
    """Une référence désigne un item retiré.

    Signale, à sa ligne, chaque usage d'un identifiant retiré et nomme ses successeurs.
    « contratcheck migrate » les remplace.

    Exemple conforme (--date 2025-01-01) :
        referentiels: [fdr2018@2024-04-25]
        actions:
          - {id: A1, titre: Création d'entreprise, pilier: developpement-economique, statut: prevue, references: [fdr2018:entrepreneuriat-quartiers-2030]}

    Exemple en défaut (--date 2025-01-01) :
        referentiels: [fdr2018@2024-04-25]
        actions:
          - {id: A1, titre: Création d'entreprise, pilier: developpement-economique, statut: prevue, references: [fdr2018:entrepreneuriat-pour-tous]}
    """  # noqa: E501


@rule("CC303", "referentiel-inconnu", E)
def _cc303() -> None:
    """Un référentiel déclaré est inconnu.

    Vérifie que chaque entrée de « referentiels » désigne un référentiel (et une version)
    chargé ; « contratcheck referentiels list » les énumère.

    Exemple conforme :
        referentiels: [paqte@2018-07-17]

    Exemple en défaut :
        referentiels: [paqte@2017-01-01]
    """


@rule("CC304", "referentiel-version-ancienne", W)
def _cc304() -> None:
    """Le contrat suit une version remplacée.

    Signale un contrat aligné sur une version plus ancienne que celle en vigueur à la date de
    vérification ; seuls les items retirés depuis deviennent obsolètes.

    Exemple conforme (--date 2025-01-01) :
        referentiels: [fdr2018@2024-04-25]

    Exemple en défaut (--date 2025-01-01) :
        referentiels: [fdr2018@2018-07-18]
    """


@rule("CC305", "exclusion-expiree", W)
def _cc305() -> None:
    """Une exclusion a dépassé sa date d'expiration.

    Vérifie la date « jusqu_au » des exclusions : expirée, l'exclusion ne vaut plus et l'item
    compte de nouveau.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Reporté après le diagnostic., jusqu_au: 2022-12-31}]

    Exemple en défaut :
        exclusions: [{reference: paqte:alternance, motif: Reporté après le diagnostic., jusqu_au: 2020-12-31}]
    """  # noqa: E501


@rule("CC306", "exclusion-et-action", N)
def _cc306() -> None:
    """Un item exclu est pourtant servi par une action.

    Signale un item à la fois exclu et servi par une action vivante : l'exclusion l'emporte,
    mais l'une des deux est sans doute à revoir.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]

    Exemple en défaut :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: prevue, references: [paqte:alternance]}
    """  # noqa: E501


@rule("CC307", "action-id-duplique", E)
def _cc307() -> None:
    """Deux actions portent le même identifiant.

    Vérifie que chaque fiche action a un identifiant unique dans le contrat.

    Exemple conforme :
        actions:
          - {id: A1, titre: Première, pilier: cohesion-sociale, statut: prevue}
          - {id: A2, titre: Seconde, pilier: cohesion-sociale, statut: prevue}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Première, pilier: cohesion-sociale, statut: prevue}
          - {id: A1, titre: Seconde, pilier: cohesion-sociale, statut: prevue}
    """


@rule("CC308", "reference-non-declinable", N)
def _cc308() -> None:
    """Une action cite un item non déclinable.

    Signale une action qui cite une mesure nationale qu'aucune action locale ne peut servir
    (gouvernance nationale, crédits nationaux) : elle n'entre pas dans la couverture.

    Exemple conforme :
        referentiels: [fdr2018@2018-07-18]
        actions:
          - {id: A1, titre: Cité éducative, pilier: cohesion-sociale, statut: prevue, references: [fdr2018:cites-educatives]}

    Exemple en défaut :
        referentiels: [fdr2018@2018-07-18]
        actions:
          - {id: A1, titre: Crédits, pilier: transversal, statut: prevue, references: [fdr2018:credits-sanctuarises]}
    """  # noqa: E501


@rule("CC309", "referentiel-non-declare", W)
def _cc309() -> None:
    """Une référence vise un référentiel non déclaré.

    Signale une action qui cite un item d'un référentiel absent de « referentiels ».

    Exemple conforme :
        referentiels: [paqte, dijon]
        actions:
          - {id: A1, titre: Bus, pilier: cadre-de-vie, statut: prevue, references: [dijon:mobilites]}

    Exemple en défaut :
        referentiels: [paqte]
        actions:
          - {id: A1, titre: Bus, pilier: cadre-de-vie, statut: prevue, references: [dijon:mobilites]}
    """  # noqa: E501


@rule("CC310", "action-echue", W)
def _cc310() -> None:
    """Une action a dépassé son échéance sans être réalisée.

    Signale une action dont l'échéance est passée sans qu'elle soit « realisee » ou
    « abandonnee » : elle ne compte plus pour la couverture.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: realisee, calendrier: {echeance: 2020-12-31}}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en-cours, calendrier: {echeance: 2020-12-31}}
    """  # noqa: E501


@rule("CC311", "qpv-hors-contrat", E)
def _cc311() -> None:
    """Une action cite un QPV absent du contrat.

    Vérifie que les QPV cités par une action figurent dans « contrat.qpv ».

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, qpv: [QP001001]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, qpv: [QP001999]}
    """


@rule("CC312", "dates-incoherentes", E)
def _cc312() -> None:
    """Une date de fin précède la date de début.

    Vérifie l'ordre des dates d'une action (début, échéance) et de la période du contrat.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, calendrier: {debut: 2021-01-01, echeance: 2022-12-31}}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, calendrier: {debut: 2022-01-01, echeance: 2021-12-31}}
    """  # noqa: E501


@rule("CC313", "exclusion-dupliquee", W)
def _cc313() -> None:
    """Un item est exclu deux fois.

    Signale une seconde exclusion du même item ; seule la première compte.

    Exemple conforme :
        exclusions: [{reference: paqte:alternance, motif: Écarté par le comité de pilotage.}]

    Exemple en défaut :
        exclusions:
          - {reference: paqte:alternance, motif: Écarté par le comité de pilotage.}
          - {reference: paqte:alternance, motif: Écarté une seconde fois par erreur.}
    """


# --- CC4xx: coverage --------------------------------------------------------------------------


@rule("CC401", "item-manquant", E)
def _cc401() -> None:
    """Un item national n'est servi par aucune action.

    Chaque item comptable d'un référentiel suivi doit être servi par une action vivante ou
    exclu avec un motif. Pourquoi : c'est la question que pose le comité de pilotage.

    Exemple conforme :
        referentiels: [dijon]
        actions:
          - id: A1
            titre: Programme d'ensemble
            pilier: transversal
            statut: en-cours
            pilote: EPCI
            calendrier: {echeance: 2022-12-31}
            indicateurs: [{libelle: Réalisations, cible: 10}]
            references: [dijon:developpement-economique-emploi, dijon:mobilites, dijon:habitat-renouvellement-urbain, dijon:education, dijon:sante, dijon:securite-justice]

    Exemple en défaut :
        referentiels: [dijon]
    """  # noqa: E501


@rule("CC402", "item-partiel", W)
def _cc402() -> None:
    """Un item n'est servi que par des actions incomplètes.

    Un item servi par des actions vivantes dont aucune n'a à la fois un pilote, une échéance
    et un indicateur avec une cible n'est que partiellement couvert.

    Exemple conforme :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, pilote: Mission locale, calendrier: {echeance: 2022-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, references: [paqte:alternance]}
    """  # noqa: E501


@rule("CC403", "item-obsolete", W)
def _cc403() -> None:
    """Un item n'est servi que par une référence ou action périmée.

    Un item servi seulement par des actions échues et non réalisées, ou par un identifiant
    retiré, ou retiré depuis la version suivie, est obsolète.

    Exemple conforme :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: realisee, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Alternance, pilier: developpement-economique, statut: en-cours, pilote: Mission locale, calendrier: {echeance: 2020-12-31}, indicateurs: [{libelle: Contrats, cible: 20}], references: [paqte:alternance]}
    """  # noqa: E501


# --- CC5xx: legal calendar and official lists ------------------------------------------------


@rule("CC501", "contrat-echu", E)
def _cc501() -> None:
    """La période du contrat a dépassé sa dernière fin légale.

    Les contrats 2015-2020 sont prorogés par la loi jusqu'au 31 décembre 2022 (loi de finances
    pour 2019, art. 181) puis 2023 (loi de finances pour 2022, art. 68), sans avenant ; après
    cette date, le contrat est échu et les contrats 2024-2030 lui succèdent.

    Exemple conforme (--date 2023-06-01) :
        format: contrat-de-ville/1

    Exemple en défaut (--date 2024-03-01) :
        format: contrat-de-ville/1
    """


@rule("CC502", "perr-manquant", E)
def _cc502() -> None:
    """Le protocole d'engagements renforcés (PERR) manque.

    Un contrat de la génération 2015 en vigueur en janvier 2019 devait recevoir un PERR avant
    la fin de juillet 2019 (circulaire du 22 janvier 2019) ; vérifié après cette date.

    Exemple conforme :
        periode: {debut: 2015-01-01, fin: 2020-12-31, avenants: [{nature: perr, date: 2019-07-01}]}

    Exemple en défaut :
        periode: {debut: 2015-01-01, fin: 2020-12-31}
    """


@rule("CC503", "evaluation-mi-parcours-manquante", W)
def _cc503() -> None:
    """L'évaluation à mi-parcours manque.

    Vérifie, une fois passée la moitié de la période signée, que la gouvernance mentionne
    l'évaluation à mi-parcours (que le PERR doit prendre en compte).

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
    """


@rule("CC504", "conseils-citoyens-absents", E)
def _cc504() -> None:
    """La gouvernance ne cite aucun conseil citoyen.

    La loi du 21 février 2014 (art. 7) prévoit un conseil citoyen par QPV, associé au
    pilotage du contrat.

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          evaluation_mi_parcours: {date: 2018-06-30}
    """


@rule("CC505", "qpv-sans-conseil-citoyen", W)
def _cc505() -> None:
    """Un QPV n'a pas de conseil citoyen.

    Vérifie que chaque QPV du contrat est représenté par un conseil citoyen.

    Exemple conforme :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen A, qpv: [QP001001]}]
          evaluation_mi_parcours: {date: 2018-06-30}

    Exemple en défaut :
        gouvernance:
          conseils_citoyens: [{nom: Conseil citoyen B, qpv: [QP001002]}]
          evaluation_mi_parcours: {date: 2018-06-30}
    """


@rule("CC506", "volet-culture-manquant", W)
def _cc506() -> None:
    """Le volet culture manque.

    Tout contrat de ville porte un volet culturel depuis l'instruction du 21 mai 2015.

    Exemple conforme :
        volets: {culture: {adopte_le: 2016-01-01}, sport: {adopte_le: 2019-06-01}}

    Exemple en défaut :
        volets: {sport: {adopte_le: 2019-06-01}}
    """


@rule("CC507", "volet-sport-manquant", W)
def _cc507() -> None:
    """Le volet sport manque.

    La circulaire « Sports-Villes-Inclusion » du 19 avril 2019 demande à chaque contrat un
    volet d'action sportive à vocation d'inclusion ; vérifié après cette date.

    Exemple conforme :
        volets: {culture: {adopte_le: 2016-01-01}, sport: {adopte_le: 2019-06-01}}

    Exemple en défaut :
        volets: {culture: {adopte_le: 2016-01-01}}
    """


@rule("CC508", "fin-prorogee-par-la-loi", N)
def _cc508() -> None:
    """La fin signée est prorogée par la loi.

    Informe qu'une fin signée en 2020 (ou 2022) est prorogée par la loi, sans avenant local :
    le contrat n'est pas échu pour autant.

    Exemple conforme (--date 2018-06-01) :
        format: contrat-de-ville/1

    Exemple en défaut :
        format: contrat-de-ville/1
    """


@rule("CC509", "qpv-geographie", E)
def _cc509() -> None:
    """Un code QPV n'est pas de la géographie du contrat.

    Les contrats de la génération 2015 utilisent les codes « QP » ; ceux de 2024-2030 les
    codes « QN » de la géographie entrée en vigueur le 1er janvier 2024 (1er janvier 2025
    outre-mer).

    Exemple conforme :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QP001001, nom: Quartier A}]

    Exemple en défaut :
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Quartier A}]
    """


@rule("CC510", "qpv-inconnu", E)
def _cc510() -> None:
    """Un code QPV n'existe pas dans la liste officielle fournie.

    Avec « --liste-qpv », vérifie que chaque QPV existe dans la liste publiée par l'ANCT
    pour sa géographie.

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00199M, nom: Grande Reyssouze}]
    """


@rule("CC511", "qpv-hors-communes", E)
def _cc511() -> None:
    """Un QPV n'est pas situé dans les communes du contrat.

    Avec « --liste-qpv », vérifie que chaque QPV se trouve sur au moins une commune du contrat
    (les codes INSEE de la liste sont remis sur cinq caractères).

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN07501M, nom: Quartier de Paris}]
    """


@rule("CC512", "liste-qpv-autre-geographie", N)
def _cc512() -> None:
    """La liste des QPV fournie ne couvre pas la géographie du contrat.

    Avec « --liste-qpv », signale que les codes du contrat (« QP » de 2015 ou « QN » de 2024)
    n'ont pas pu être vérifiés parce que la liste fournie est celle de l'autre géographie.

    Exemple conforme (--liste-qpv) :
        periode: {debut: 2024-01-01, fin: 2030-12-31}
        contrat:
          nom: Contrat
          porteur: {nature: epci, nom: CA, siren: "200071751"}
          communes: [{code_insee: "01053", nom: Bourg-en-Bresse}]
          qpv: [{code: QN00101M, nom: Grande Reyssouze}]

    Exemple en défaut (--liste-qpv) :
        format: contrat-de-ville/1
    """


# --- CC6xx: outdated terms ----------------------------------------------------------------


@rule("CC601", "terme-perime", W)
def _cc601() -> None:
    """Un terme désigne un organisme ou dispositif remplacé.

    Signale, dans les titres, pilotes, partenaires, financeurs et signataires, les noms que
    des textes postérieurs ont remplacés (CGET → ANCT, Pôle emploi → France Travail, MSAP →
    France Services, DIRECCTE → DREETS, Garantie jeunes → CEJ…), à partir de leur date.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, partenaires: [ANCT]}

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: prevue, partenaires: [CGET]}
    """


# --- CC7xx: référentiel files -----------------------------------------------------------------


@rule("CC701", "referentiel-item-duplique", E)
def _cc701() -> None:
    """Un référentiel définit deux fois un item ou un axe.

    Vérifie l'unicité des identifiants d'items et d'axes d'un fichier de référentiel.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1]}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1]}
          - {id: un, libelle: Un encore, axe: a, confiance: confirme, sources: [S1]}
    """


@rule("CC702", "referentiel-successeur-inconnu", E)
def _cc702() -> None:
    """Un successeur d'item retiré n'existe pas.

    Vérifie que les successeurs d'un item retiré sont des items du référentiel.

    Exemple conforme (référentiel) :
        items:
          - {id: ancien, libelle: Ancien, axe: a, confiance: confirme, sources: [S1], retire: {date: 2022-01-01, successeurs: [nouveau]}}
          - {id: nouveau, libelle: Nouveau, axe: a, confiance: confirme, sources: [S1]}

    Exemple en défaut (référentiel) :
        items:
          - {id: ancien, libelle: Ancien, axe: a, confiance: confirme, sources: [S1], retire: {date: 2022-01-01, successeurs: [nouveau]}}
    """  # noqa: E501


@rule("CC703", "referentiel-source-inconnue", E)
def _cc703() -> None:
    """Une clé de source n'est pas définie.

    Vérifie que chaque source citée par un item ou un axe est définie sous « sources », avec
    son adresse publique.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1]}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S9]}
    """


@rule("CC704", "referentiel-axe-inconnu", E)
def _cc704() -> None:
    """Un item ou un axe désigne un axe inconnu.

    Vérifie que l'axe d'un item (et le parent d'un axe) existe.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1]}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: z, confiance: confirme, sources: [S1]}
    """


@rule("CC705", "referentiel-version-dupliquee", E)
def _cc705() -> None:
    """Deux fichiers ont le même id et version.

    Vérifie qu'une version de référentiel n'est définie qu'une fois ; une version plus récente
    est, elle, une succession.

    Exemple conforme (référentiel) :
        items: []

    Exemple en défaut (référentiel, deux fois) :
        items: []
    """


@rule("CC706", "referentiel-equivalent-inconnu", W)
def _cc706() -> None:
    """Un équivalent désigne un item inconnu.

    Vérifie que les équivalents déclarés dans un référentiel chargé existent.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], equivalents: ["paqte:alternance"]}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], equivalents: ["paqte:alternanse"]}
    """  # noqa: E501


# --- CC8xx: suppression comments --------------------------------------------------------------


@rule("CC801", "suppression-invalide", E)
def _cc801() -> None:
    """Un commentaire contratcheck-ignorer est sans motif.

    Un commentaire « # contratcheck-ignorer CODE : motif » rend muet un constat de sa ligne (ou
    de la ligne suivante s'il est seul sur sa ligne) ; sans motif, ou avec un code inconnu, il
    est lui-même un constat.

    Exemple conforme :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en-cours, calendrier: {echeance: 2020-12-31}}  # contratcheck-ignorer CC310 : reportée par le comité

    Exemple en défaut :
        actions:
          - {id: A1, titre: Action, pilier: cohesion-sociale, statut: en-cours, calendrier: {echeance: 2020-12-31}}  # contratcheck-ignorer CC310
    """  # noqa: E501


@rule("CC802", "suppression-interdite", E)
def _cc802() -> None:
    """Les commentaires contratcheck-ignorer sont interdits.

    Avec « --interdire-suppressions » (ou « interdire_suppressions = true »), chaque
    commentaire « contratcheck-ignorer » est refusé et ne rend rien muet.

    Exemple conforme (--interdire-suppressions) :
        actions: []

    Exemple en défaut (--interdire-suppressions) :
        actions: []  # contratcheck-ignorer CC401 : à voir plus tard
    """
