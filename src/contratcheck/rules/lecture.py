"""Rules of the « lecture » family (CC1xx): reading the file. The loader emits them
(``contratcheck.loading.document``, and the engine for unreadable files)."""

from __future__ import annotations

from contratcheck.rules.base import E, emitted


@emitted("CC101", "encodage-non-utf8", E, "lecture")
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


@emitted("CC102", "encodage-utf16", E, "lecture")
def _cc102() -> None:
    """Le fichier est encodé en UTF-16 ou UTF-32.

    Vérifie que le fichier n'est pas en UTF-16 (« Unicode » de certains éditeurs Windows).
    Pourquoi : YAML attend de l'UTF-8 ; il faut enregistrer le fichier sous ce codage.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier, UTF-16) :
        format: contrat-de-ville/1
    """


@emitted("CC103", "syntaxe-yaml", E, "lecture")
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


@emitted("CC104", "cle-dupliquee", E, "lecture")
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


@emitted("CC105", "etiquette-refusee", E, "lecture")
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


@emitted("CC106", "alias-excessifs", E, "lecture")
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


@emitted("CC107", "imbrication-excessive", E, "lecture")
def _cc107() -> None:
    """L'imbrication dépasse la profondeur permise.

    Vérifie que les blocs et listes ne s'imbriquent pas sur plus de 64 niveaux. Pourquoi : un
    contrat n'en a jamais besoin, et une imbrication absurde sert à faire planter les outils.

    Exemple conforme (fichier entier) :
        a: [[[1]]]

    Exemple en défaut (fichier entier) :
        a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
    """


@emitted("CC108", "fichier-trop-volumineux", E, "lecture")
def _cc108() -> None:
    """Le fichier dépasse la taille permise.

    Vérifie que le fichier pèse au plus 8 Mio. Pourquoi : un contrat de mille actions pèse
    moins de 2 Mio ; au-delà, ce n'est pas un contrat.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier, taille > 8 Mio) :
        commentaire: "répété jusqu'à dépasser 8 Mio"
    """


@emitted("CC109", "fichier-vide", E, "lecture")
def _cc109() -> None:
    """Le fichier est vide ou ne contient que des commentaires.

    Vérifie que le fichier contient des données.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier) :
        # contrat à venir
    """


@emitted("CC110", "racine-invalide", E, "lecture")
def _cc110() -> None:
    """Le contrat n'est pas un bloc de clés.

    Vérifie que le document est un bloc « clé: valeur » (et non une liste ou un texte).

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (fichier entier) :
        - format: contrat-de-ville/1
    """


@emitted("CC111", "documents-multiples", E, "lecture")
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


@emitted("CC112", "fichier-illisible", E, "lecture")
def _cc112() -> None:
    """Le fichier ne peut pas être lu.

    Signale un chemin nommé qui ne peut pas être lu (droits, dossier au lieu d'un fichier…) ;
    le reste du lot est tout de même vérifié.

    Exemple conforme (fichier entier) :
        format: contrat-de-ville/1

    Exemple en défaut (dossier) :
        un dossier nommé à la place d'un fichier
    """


RULES = (
    _cc101,
    _cc102,
    _cc103,
    _cc104,
    _cc105,
    _cc106,
    _cc107,
    _cc108,
    _cc109,
    _cc110,
    _cc111,
    _cc112,
)
