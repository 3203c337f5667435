"""Rules of the « suppressions » family (CC8xx): inline ``contratcheck-ignorer`` comments,
emitted by ``contratcheck.suppressions``."""

from __future__ import annotations

from contratcheck.rules.base import E, emitted


@emitted("CC801", "suppression-invalide", E, "suppressions")
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
    """


@emitted("CC802", "suppression-interdite", E, "suppressions")
def _cc802() -> None:
    """Les commentaires contratcheck-ignorer sont interdits.

    Avec « --interdire-suppressions » (ou « interdire_suppressions = true »), chaque
    commentaire « contratcheck-ignorer » est refusé et ne rend rien muet.

    Exemple conforme (--interdire-suppressions) :
        actions: []

    Exemple en défaut (--interdire-suppressions) :
        actions: []  # contratcheck-ignorer CC401 : à voir plus tard
    """


RULES = (_cc801, _cc802)
