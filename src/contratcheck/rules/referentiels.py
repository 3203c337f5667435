"""Rules of the « référentiels » family (CC7xx): référentiel files. The référentiel loader
emits them (``contratcheck.referentiels.loading``)."""

from __future__ import annotations

from contratcheck.rules.base import E, W, emitted


@emitted("CC701", "referentiel-item-duplique", E, "referentiels")
def _cc701() -> None:
    """Un référentiel définit deux fois un item ou un axe.

    Vérifie l'unicité des identifiants d'items et d'axes d'un fichier de référentiel.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}
          - {id: un, libelle: Un encore, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}
    """


@emitted("CC702", "referentiel-successeur-inconnu", E, "referentiels")
def _cc702() -> None:
    """Un successeur d'item retiré n'existe pas.

    Vérifie que les successeurs d'un item retiré sont des items du référentiel.

    Exemple conforme (référentiel) :
        items:
          - {id: ancien, libelle: Ancien, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}, retire: {date: 2022-01-01, successeurs: [nouveau]}}
          - {id: nouveau, libelle: Nouveau, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}

    Exemple en défaut (référentiel) :
        items:
          - {id: ancien, libelle: Ancien, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}, retire: {date: 2022-01-01, successeurs: [nouveau]}}
    """


@emitted("CC703", "referentiel-source-inconnue", E, "referentiels")
def _cc703() -> None:
    """Une clé de source n'est pas définie.

    Vérifie que chaque source citée par un item ou un axe est définie sous « sources », avec
    son adresse publique.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S9], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}
    """


@emitted("CC704", "referentiel-axe-inconnu", E, "referentiels")
def _cc704() -> None:
    """Un item ou un axe désigne un axe inconnu.

    Vérifie que l'axe d'un item (et le parent d'un axe) existe.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: z, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}
    """


@emitted("CC705", "referentiel-version-dupliquee", E, "referentiels")
def _cc705() -> None:
    """Deux fichiers ont le même id et version.

    Vérifie qu'une version de référentiel n'est définie qu'une fois ; une version plus récente
    est, elle, une succession.

    Exemple conforme (référentiel) :
        items: []

    Exemple en défaut (référentiel, deux fois) :
        items: []
    """


@emitted("CC706", "referentiel-equivalent-inconnu", W, "referentiels")
def _cc706() -> None:
    """Un équivalent désigne un item inconnu.

    Vérifie que les équivalents déclarés dans un référentiel chargé existent.

    Exemple conforme (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}, equivalents: ["paqte:alternance"]}

    Exemple en défaut (référentiel) :
        items:
          - {id: un, libelle: Un, axe: a, confiance: confirme, sources: [S1], force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}, equivalents: ["paqte:alternanse"]}
    """


@emitted("CC707", "controle-inconnu", E, "referentiels")
def _cc707() -> None:
    """Un item « controle » nomme un contrôle qu'aucun format de contrat ne connaît.

    Vérifie que chaque contrôle nommé par un item (« controle: perr ») est l'un de ceux que les
    formats de contrat savent évaluer. Pourquoi : un contrôle mal orthographié ferait
    disparaître l'item de la couverture sans un mot.

    Exemple conforme (référentiel) :
        items:
          - {id: i1, libelle: PERR signé, axe: a, sources: [S1], confiance: confirme,
             controle: perr, force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}

    Exemple en défaut (référentiel) :
        items:
          - {id: i1, libelle: PERR signé, axe: a, sources: [S1], confiance: confirme,
             controle: perrr, force: {niveau: au-choix, texte: Texte d'exemple, sources: [S1]}}
    """


RULES = (_cc701, _cc702, _cc703, _cc704, _cc705, _cc706, _cc707)
