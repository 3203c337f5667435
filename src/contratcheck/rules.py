"""Every rule code, with its default severity and a one-line French summary.

Codes are public API (JSON, SARIF, JUnit, baselines): never renumber or reuse one.
- CC1xx: reading the file (encoding, YAML syntax, hostile input);
- CC2xx: the contract schema;
- CC3xx: references to référentiels, exclusions, actions;
- CC4xx: coverage of référentiel items;
- CC5xx: contract-level checks on the legal calendar;
- CC6xx: outdated terms;
- CC7xx: référentiel files;
- CC8xx: suppression comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from contratcheck.model import Severity

E, W, N = Severity.ERREUR, Severity.AVERTISSEMENT, Severity.INFO


@dataclass(frozen=True)
class Rule:
    """A rule code as users see it."""

    code: str
    nom: str
    severity: Severity
    resume: str


_TABLE: list[tuple[str, str, Severity, str]] = [
    ("CC101", "encodage-non-utf8", E, "Le fichier n'est pas encodé en UTF-8."),
    ("CC102", "encodage-utf16", E, "Le fichier est encodé en UTF-16 ou UTF-32."),
    ("CC103", "syntaxe-yaml", E, "Le fichier n'est pas du YAML valide."),
    ("CC104", "cle-dupliquee", E, "Une clé apparaît deux fois dans le même bloc."),
    ("CC105", "etiquette-refusee", E, "Une étiquette YAML (« !… ») est refusée."),
    ("CC106", "alias-excessifs", E, "Les alias YAML se développent au-delà de la limite."),
    ("CC107", "imbrication-excessive", E, "L'imbrication dépasse la profondeur permise."),
    ("CC108", "fichier-trop-volumineux", E, "Le fichier dépasse la taille permise."),
    ("CC109", "fichier-vide", E, "Le fichier est vide ou ne contient que des commentaires."),
    ("CC110", "racine-invalide", E, "Le contrat n'est pas un bloc de clés."),
    ("CC111", "documents-multiples", E, "Le fichier contient plusieurs documents YAML."),
    ("CC112", "fichier-illisible", E, "Le fichier ne peut pas être lu."),
    ("CC200", "format-inconnu", E, "La clé « format » manque ou désigne un format inconnu."),
    ("CC201", "type-incorrect", E, "Une valeur n'a pas le type attendu."),
    ("CC202", "cle-obligatoire-manquante", E, "Une clé obligatoire manque."),
    ("CC203", "cle-inconnue", E, "Une clé n'existe pas dans le format du contrat."),
    ("CC204", "valeur-non-autorisee", E, "Une valeur n'est pas dans la liste permise."),
    ("CC205", "date-invalide", E, "Une date est mal écrite ou n'existe pas."),
    ("CC206", "identifiant-mal-forme", E, "Un code (QPV, INSEE, référence…) est mal formé."),
    ("CC207", "siren-invalide", E, "Un numéro SIREN a une clé de contrôle fausse."),
    ("CC208", "valeur-hors-limites", E, "Une valeur, un texte ou une liste sort des limites."),
    ("CC209", "element-duplique", E, "Une liste contient deux fois le même élément."),
    ("CC299", "schema-autre", E, "Le contrat ne respecte pas le format (autre cas)."),
    ("CC301", "reference-inconnue", E, "Une référence ne désigne aucun item connu."),
    ("CC302", "reference-retiree", W, "Une référence désigne un item retiré."),
    ("CC303", "referentiel-inconnu", E, "Un référentiel déclaré est inconnu."),
    ("CC304", "referentiel-version-ancienne", W, "Le contrat suit une version remplacée."),
    ("CC305", "exclusion-expiree", W, "Une exclusion a dépassé sa date d'expiration."),
    ("CC306", "exclusion-et-action", N, "Un item exclu est pourtant servi par une action."),
    ("CC307", "action-id-duplique", E, "Deux actions portent le même identifiant."),
    ("CC308", "reference-non-declinable", N, "Une action cite un item non déclinable."),
    ("CC309", "referentiel-non-declare", W, "Une référence vise un référentiel non déclaré."),
    ("CC310", "action-echue", W, "Une action a dépassé son échéance sans être réalisée."),
    ("CC311", "qpv-hors-contrat", E, "Une action cite un QPV absent du contrat."),
    ("CC312", "dates-incoherentes", E, "Une date de fin précède la date de début."),
    ("CC313", "exclusion-dupliquee", W, "Un item est exclu deux fois."),
    ("CC401", "item-manquant", E, "Un item national n'est servi par aucune action."),
    ("CC402", "item-partiel", W, "Un item n'est servi que par des actions incomplètes."),
    ("CC403", "item-obsolete", W, "Un item n'est servi que par une référence ou action périmée."),
    ("CC501", "contrat-echu", E, "La période du contrat a dépassé sa dernière fin légale."),
    ("CC502", "perr-manquant", E, "Le protocole d'engagements renforcés (PERR) manque."),
    ("CC503", "evaluation-mi-parcours-manquante", W, "L'évaluation à mi-parcours manque."),
    ("CC504", "conseils-citoyens-absents", E, "La gouvernance ne cite aucun conseil citoyen."),
    ("CC505", "qpv-sans-conseil-citoyen", W, "Un QPV n'a pas de conseil citoyen."),
    ("CC506", "volet-culture-manquant", W, "Le volet culture manque."),
    ("CC507", "volet-sport-manquant", W, "Le volet sport manque."),
    ("CC508", "fin-prorogee-par-la-loi", N, "La fin signée est prorogée par la loi."),
    ("CC509", "qpv-geographie", E, "Un code QPV n'est pas de la géographie du contrat."),
    ("CC510", "qpv-inconnu", E, "Un code QPV n'existe pas dans la liste officielle fournie."),
    ("CC511", "qpv-hors-communes", E, "Un QPV n'est pas situé dans les communes du contrat."),
    ("CC601", "terme-perime", W, "Un terme désigne un organisme ou dispositif remplacé."),
    ("CC801", "suppression-invalide", E, "Un commentaire contratcheck-ignorer est sans motif."),
    ("CC802", "suppression-interdite", E, "Les commentaires contratcheck-ignorer sont interdits."),
    ("CC701", "referentiel-item-duplique", E, "Un référentiel définit deux fois un item."),
    ("CC702", "referentiel-successeur-inconnu", E, "Un successeur d'item retiré n'existe pas."),
    ("CC703", "referentiel-source-inconnue", E, "Une clé de source n'est pas définie."),
    ("CC704", "referentiel-axe-inconnu", E, "Un item ou un axe désigne un axe inconnu."),
    ("CC705", "referentiel-version-dupliquee", E, "Deux fichiers ont le même id et version."),
    ("CC706", "referentiel-equivalent-inconnu", W, "Un équivalent désigne un item inconnu."),
    ("CC707", "liste-qpv-invalide", E, "La liste officielle des QPV fournie est illisible."),
]

RULES: dict[str, Rule] = {code: Rule(code, nom, sev, resume) for code, nom, sev, resume in _TABLE}
