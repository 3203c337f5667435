"""Frozen values that cross every boundary: severities, positions, findings, coverage, reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

# A YAML path: mapping keys and sequence indexes from the document root.
YamlPath = tuple[str | int, ...]


class Severity(enum.Enum):
    """How serious a finding is; ordered from the most to the least serious."""

    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"erreur": 3, "avertissement": 2, "info": 1}[self.value]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    """One problem in a user's file."""

    code: str
    severity: Severity
    message: str
    file: str
    position: Position
    path: YamlPath = ()
    hint: str = ""
    fingerprint: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.position.line, self.position.column, self.code, self.message)


class Status(enum.Enum):
    """Coverage status of one référentiel item, in order of precedence."""

    EXCLUE = "exclue"
    COUVERTE = "couverte"
    PARTIELLE = "partielle"
    OBSOLETE = "obsolete"
    MANQUANTE = "manquante"

    @property
    def label(self) -> str:
        """The French word shown to people (machine outputs use the value)."""
        return {
            "exclue": "exclue",
            "couverte": "couverte",
            "partielle": "partielle",
            "obsolete": "obsolète",
            "manquante": "manquante",
        }[self.value]


@dataclass(frozen=True)
class ActionRef:
    """An action of the contract, as cited in a coverage line."""

    id: str
    titre: str
    statut: str
    pilote: str | None
    echeance: str | None
    indicateurs: int
    position: Position


@dataclass(frozen=True)
class ItemInfo:
    """What a référentiel says of an item; one shared value per item of the catalogue."""

    reference: str
    id_domaine: str | None
    libelle: str
    axe: str
    confiance: str = "confirme"
    sources: tuple[str, ...] = ()
    force: str = "au-choix"  # obligatoire, attendu or au-choix
    force_texte: str = ""
    # The title of each source, in the order of ``sources`` ("" when the référentiel gives none).
    titres_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemCoverage:
    """The status of one référentiel item in one contract, with the reason behind it."""

    info: ItemInfo
    status: Status
    reason: str
    actions: tuple[ActionRef, ...] = ()
    successeurs: tuple[str, ...] = ()

    @property
    def reference(self) -> str:
        return self.info.reference

    @property
    def id_domaine(self) -> str | None:
        return self.info.id_domaine

    @property
    def libelle(self) -> str:
        return self.info.libelle

    @property
    def axe(self) -> str:
        return self.info.axe

    @property
    def confiance(self) -> str:
        return self.info.confiance

    @property
    def sources(self) -> tuple[str, ...]:
        return self.info.sources


@dataclass(frozen=True)
class StatusCounts:
    """How many items have each status, and the coverage percentage."""

    couvertes: int = 0
    partielles: int = 0
    obsoletes: int = 0
    manquantes: int = 0
    exclues: int = 0

    @property
    def comptables(self) -> int:
        return self.couvertes + self.partielles + self.obsoletes + self.manquantes + self.exclues

    @property
    def pourcentage(self) -> float | None:
        denominator = self.comptables - self.exclues
        if denominator == 0:
            return None
        return round(100 * self.couvertes / denominator, 1)

    @staticmethod
    def count(statuses: list[Status]) -> StatusCounts:
        return StatusCounts(
            couvertes=statuses.count(Status.COUVERTE),
            partielles=statuses.count(Status.PARTIELLE),
            obsoletes=statuses.count(Status.OBSOLETE),
            manquantes=statuses.count(Status.MANQUANTE),
            exclues=statuses.count(Status.EXCLUE),
        )


@dataclass(frozen=True)
class AxisCoverage:
    """Counts for one axis of a référentiel."""

    id: str
    libelle: str
    type: str
    counts: StatusCounts


def completeness(identified: int, announced: int | None, unit: str, feminine: bool) -> str:
    """A référentiel's completeness, e.g. « 28 mesures identifiées sur 40 annoncées »."""
    e = "e" if feminine else ""
    text = f"{identified} {unit} identifié{e}s"
    if announced is None or announced == identified:
        return text
    return f"{text} sur {announced} annoncé{e}s"


@dataclass(frozen=True)
class ReferentielCoverage:
    """Coverage of one référentiel version by one contract."""

    id: str
    version: str
    titre: str
    items_identifies: int
    items_annonces: int | None
    unite: str
    unite_feminin: bool
    counts: StatusCounts
    axes: tuple[AxisCoverage, ...]
    items: tuple[ItemCoverage, ...]
    non_declinables: tuple[str, ...] = ()

    @property
    def completude(self) -> str:
        return completeness(
            self.items_identifies, self.items_annonces, self.unite, self.unite_feminin
        )


@dataclass(frozen=True)
class LocalAction:
    """An action tied to no national item."""

    id: str
    titre: str
    position: Position


@dataclass(frozen=True)
class ActionSummary:
    """An action as the reports show it."""

    id: str
    titre: str
    axe: str  # the contract's own axis of the action, as its format names it
    axe_libelle: str
    statut: str
    pilote: str | None
    echeance: str | None
    qpv: tuple[str, ...]
    references: tuple[str, ...]
    financement: tuple[tuple[str, float], ...]
    indicateurs: tuple[tuple[str, str], ...]
    line: int


# A value as a contract gives it: a number, or a short text such as « 50 % ».
Valeur = int | float | str


@dataclass(frozen=True)
class IndicateurSuivi:
    """An indicator as the 2027 review reads it: baseline, target, latest value and the gap."""

    origine: str  # the action id, « indicateur local », or the QPV of a national indicator
    libelle: str
    unite: str | None
    reference: Valeur | None
    reference_annee: int | None
    cible: Valeur | None
    cible_annee: int | None
    derniere: Valeur | None
    derniere_annee: int | None
    ecart: float | None = None  # target − latest value, when both are numbers
    progression: float | None = None  # % of the way from the baseline to the target


@dataclass(frozen=True)
class PrioriteSuivie:
    """A local priority and the indicators that measure it."""

    id: str | None  # None: the actions tied to no priority
    libelle: str
    indicateurs: tuple[IndicateurSuivi, ...]


@dataclass(frozen=True)
class LigneMoyen:
    """One year of a signatory's means: planned, and realised when the year is closed."""

    nature: str  # « Droit commun » or « Crédits spécifiques »
    annee: int
    prevu: float
    realise: float | None
    objet: str


@dataclass(frozen=True)
class EngagementSignataire:
    """What one signatory committed and what it delivered."""

    signataire: str
    categorie: str | None
    lignes: tuple[LigneMoyen, ...]
    moyens_humains: str | None
    engagements: tuple[str, ...]

    @property
    def prevu(self) -> float:
        return sum(line.prevu for line in self.lignes)

    @property
    def prevu_clos(self) -> float:
        """Planned over the years whose realised amount is given."""
        return sum(line.prevu for line in self.lignes if line.realise is not None)

    @property
    def realise(self) -> float:
        return sum(line.realise or 0 for line in self.lignes)

    @property
    def taux(self) -> float | None:
        """Realised / planned over the closed years, in %."""
        if not self.prevu_clos:
            return None
        return round(100 * self.realise / self.prevu_clos, 1)


@dataclass(frozen=True)
class PartCpoAnnee:
    annee: int
    conventions: int | None
    pluriannuelles: int | None
    part: float | None


@dataclass(frozen=True)
class CpoARenouveler:
    beneficiaire: str
    objet: str | None
    fin: str | None  # AAAA-MM-JJ
    montant_annuel: float | None


@dataclass(frozen=True)
class CpoSuivi:
    """The share of multi-year agreements (CPO) by year, and those up for renewal."""

    objectif: float
    parts: tuple[PartCpoAnnee, ...]
    a_renouveler: tuple[CpoARenouveler, ...]


@dataclass(frozen=True)
class ConsultationSuivie:
    """A conseil citoyen consulted on an annual report."""

    conseil: str
    consulte_le: str | None  # in French
    delai_jours: int | None  # days between the consultation and the adoption
    moins_d_un_mois: bool | None  # None: dates too vague to tell
    avis: str | None


@dataclass(frozen=True)
class RapportSuivi:
    """The annual report on one past year: present or missing, and the opinions."""

    annee: int
    present: bool
    echeance: str  # AAAA-MM-JJ: the end of the following year
    en_retard: bool
    adopte_le: str | None  # in French
    consultations: tuple[ConsultationSuivie, ...] = ()
    non_consultes: tuple[str, ...] = ()
    avis_annexes: bool | None = None
    publie: bool | None = None


@dataclass(frozen=True)
class ItemNonRepris:
    """An item of a text published after the signature that the contract does not reflect."""

    reference: str
    libelle: str
    force: str
    statut: Status
    raison: str


@dataclass(frozen=True)
class TexteParu:
    """A national text published after the contract's signature, and what it still lacks."""

    referentiel: str
    texte: str
    date: str  # AAAA-MM-JJ
    items: int  # the text's countable items
    non_repris: tuple[ItemNonRepris, ...]


@dataclass(frozen=True)
class CitationPerimee:
    """An action that still cites a scheme that has ended or been replaced."""

    action: str
    action_titre: str
    reference: str
    libelle: str
    depuis: str | None  # AAAA-MM-JJ
    motif: str
    successeurs: tuple[str, ...]


@dataclass(frozen=True)
class FaitRevoyure:
    """What the texts say, or do not say, about the review."""

    sujet: str
    texte: str
    confiance: str  # « confirme », « infere », « non-trouve »
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revoyure:
    """The 2027 review of a 2024–2030 contract (clause de revoyure), as the reports print it."""

    annee: int  # the year the contract sets for it (2027 when it sets none)
    clause_prevue: bool
    clause: str | None  # its text, as written
    actualisation_due: str  # AAAA-MM-JJ
    actes: tuple[tuple[str, str], ...]  # actualisations and avenants: (nature, date in French)
    signature: str | None  # AAAA-MM-JJ, the latest day it may have been signed
    priorites: tuple[PrioriteSuivie, ...]
    indicateurs_nationaux: tuple[IndicateurSuivi, ...]
    engagements: tuple[EngagementSignataire, ...]
    sans_moyens: tuple[str, ...]  # signatories that commit no written means
    cpo: CpoSuivi | None
    rapports: tuple[RapportSuivi, ...]
    faits: tuple[FaitRevoyure, ...]
    # Filled from the coverage by the engine (coverage.revoyure).
    textes_parus: tuple[TexteParu, ...] = ()
    citations_perimees: tuple[CitationPerimee, ...] = ()
    termes_perimes: tuple[tuple[int, str], ...] = ()  # (line, message) of the CC6xx findings


@dataclass(frozen=True)
class ContratSummary:
    """The identity, period and content of a contract, for the comité de pilotage reports."""

    porteur: str
    porteur_code: str
    porteur_initial: str | None
    code_cv: str | None
    communes: tuple[tuple[str, str], ...]
    qpv: tuple[tuple[str, str], ...]
    signature: str | None  # in French: « le 12 juillet 2015 », « en 2015 »
    debut: str
    fin: str
    fin_legale: str
    fin_legale_texte: str | None
    avenants: tuple[tuple[str, str, str], ...]
    actions: tuple[ActionSummary, ...]
    exclusions: tuple[tuple[str, str, str | None], ...]
    axe_titre: str = "Axe"  # what the contract's format calls an action's axis
    # The 2027 review (format 2 only).
    revoyure: Revoyure | None = None


@dataclass(frozen=True)
class ContratResult:
    """Everything found about one file."""

    file: str
    findings: tuple[Finding, ...]
    nom: str | None = None
    valide: bool = False
    referentiels: tuple[ReferentielCoverage, ...] = ()
    actions_locales: tuple[LocalAction, ...] = ()
    sha256: str = ""
    ignores: int = 0  # findings silenced by an inline comment
    connus: int = 0  # findings already in the baseline
    resume: ContratSummary | None = None
    # The contract's legal end, when it has passed: the date it was evaluated at.
    evalue_au: str | None = None
    # The result's entry in the JSON report, rendered where it was checked when JSON is the
    # run's only output (reporters.json.prerender); its coverage tables are then dropped.
    # UTF-8 (with surrogateescape, as the report is written): half the memory of French text
    # held as str, which takes two bytes a character as soon as one « ’ » appears.
    json_utf8: bytes | None = None
    # Once the parent has received it: where that text waits in the run's spool file
    # (reporters.json.Spool), as (offset, length).
    json_spool: tuple[int, int] | None = None


@dataclass(frozen=True)
class StatusChange:
    """An item whose status changed between two versions of a contract."""

    reference: str
    avant: str | None
    apres: str | None


@dataclass(frozen=True)
class CoverageChange:
    """A référentiel's coverage before and after."""

    id: str
    avant: float | None
    apres: float | None

    @property
    def ecart(self) -> float | None:
        if self.avant is None or self.apres is None:
            return None
        return round(self.apres - self.avant, 1)


@dataclass(frozen=True)
class Comparison:
    """What changed between two versions of one contract (``compare``, ``report --depuis``)."""

    avant: str
    apres: str
    statuts: tuple[StatusChange, ...]
    ajoutees: tuple[str, ...]
    retirees: tuple[str, ...]
    referentiels: tuple[CoverageChange, ...]


@dataclass(frozen=True)
class Report:
    """The outcome of one run, from which every output format is rendered."""

    date: str
    version: str
    results: tuple[ContratResult, ...]
    fichiers_ignores: tuple[str, ...] = field(default=())
    # With ``report --depuis``: what changed since an earlier version of the one contract.
    comparaison: Comparison | None = None

    def without_info(self) -> Report:
        """The same report with no « info » finding (for the line-by-line CI formats)."""
        import dataclasses

        return dataclasses.replace(
            self,
            results=tuple(
                dataclasses.replace(
                    r, findings=tuple(f for f in r.findings if f.severity is not Severity.INFO)
                )
                for r in self.results
            ),
        )

    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.at_least(threshold) for f in self.findings())
