"""The typed view of a format-2 contract (2024–2030 « Engagements Quartiers 2030 »): the common
elements plus what this generation sets out — signatories with their category and date, local
priorities, projets de quartier, participation, governance, evaluation, means, annexed
conventions, annual reports, CPO share, investment, actualisations and avenants.

QPV outside ``contrat.qpv`` are cited by code or by name (``qpv_ref``): ``Contrat.qpv`` holds the
QPV that have a code (the shared rules check codes), ``ContratV2.quartiers`` every QPV.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from contratcheck.formats.cdv2.dates import PartialDate, parse_partial
from contratcheck.formats.cdv2.names import FORMAT, GENERATION, normalise
from contratcheck.formats.view import (
    ROOT,
    Action,
    Commune,
    Contrat,
    Path,
    Qpv,
    Text,
    read_actions,
    read_declarations,
    read_exclusions,
)
from contratcheck.loading.document import Document

# An action without « statut » is read as planned (the schema makes the key optional).
DEFAULT_STATUT = "prevue"


@dataclass(frozen=True)
class Quartier:
    """A QPV of ``contrat.qpv``, with or without its code."""

    path: Path
    code: str | None
    nom: str
    communes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code} ({self.nom})" if self.code else self.nom

    def matches(self, ref: str) -> bool:
        return ref == self.code or normalise(ref) == normalise(self.nom)


@dataclass(frozen=True)
class Ref:
    """A value that names another element (a QPV, a signatory, a conseil citoyen…)."""

    path: Path
    value: str


@dataclass(frozen=True)
class Porteur:
    path: Path
    nature: str
    nom: str
    siren: str | None
    code_insee: str | None


@dataclass(frozen=True)
class Signataire:
    path: Path
    id: str | None
    nom: str
    categorie: str | None
    code_insee: str | None
    signe_le: PartialDate | None

    @property
    def label(self) -> str:
        return self.nom

    def matches(self, ref: str) -> bool:
        return ref == self.id or normalise(ref) == normalise(self.nom)


@dataclass(frozen=True)
class Poche:
    """A poche de pauvreté outside the QPV."""

    path: Path
    nom: str
    communes: tuple[Ref, ...]
    part: float | None


@dataclass(frozen=True)
class Acte:
    """An avenant, an actualisation or a recorded decision not to update the contract."""

    path: Path
    nature: str  # « avenant », « actualisation », « non-actualisation »
    date: PartialDate
    signataires: tuple[str, ...] | None


@dataclass(frozen=True)
class Priorite:
    path: Path
    id: str
    libelle: str
    transversales: tuple[str, ...]
    objectifs: tuple[str, ...]


@dataclass(frozen=True)
class ProjetQuartier:
    path: Path
    titre: str | None
    qpv: tuple[Ref, ...]
    priorites: tuple[Ref, ...]


@dataclass(frozen=True)
class ConseilCitoyen:
    path: Path
    id: str | None
    nom: str
    qpv: tuple[Ref, ...]

    def matches(self, ref: str) -> bool:
        return ref == self.id or normalise(ref) == normalise(self.nom)


@dataclass(frozen=True)
class InstancePilotage:
    path: Path
    nom: str | None
    presidence: tuple[str, ...]
    membres: tuple[Ref, ...]  # the members' signatory ids
    representants: tuple[Ref, ...]  # conseil citoyen id or name
    derniere_reunion: PartialDate | None


@dataclass(frozen=True)
class Rencontre:
    path: Path
    annee: int | None
    date: PartialDate

    @property
    def year(self) -> int | None:
        if self.annee is not None:
            return self.annee
        if (
            self.date.earliest
            and self.date.latest
            and self.date.earliest.year == self.date.latest.year
        ):
            return self.date.earliest.year
        return None


@dataclass(frozen=True)
class Participation:
    path: Path
    volet: PartialDate | None
    has_volet: bool
    place: str | None
    moyens: bool
    autres_formes: int


@dataclass(frozen=True)
class IndicateursQpv:
    path: Path
    qpv: Ref
    nombre: int


@dataclass(frozen=True)
class IndicateursLocaux:
    path: Path
    priorite: Ref | None
    nombre: int


@dataclass(frozen=True)
class Evaluation:
    path: Path
    structure: bool
    nationaux: tuple[IndicateursQpv, ...]
    locaux: tuple[IndicateursLocaux, ...]


@dataclass(frozen=True)
class Moyen:
    path: Path
    signataire: str
    droit_commun: int
    credits_specifiques: int


@dataclass(frozen=True)
class Tfpb:
    """A bailleur's convention for the TFPB abatement (CGI, art. 1388 bis)."""

    path: Path
    bailleur: str
    signataire: bool | str | None
    date_convention: PartialDate | None
    annexee: bool | None
    annees: tuple[int, ...] | None


@dataclass(frozen=True)
class Anru:
    path: Path
    intitule: str
    signee_le: PartialDate | None
    annexee: bool | None


@dataclass(frozen=True)
class Consultation:
    path: Path
    conseil_citoyen: str
    consulte_le: PartialDate | None


@dataclass(frozen=True)
class Rapport:
    """An annual report on the politique de la ville (CGCT, art. L. 1111-2), on year ``annee``."""

    path: Path
    annee: int
    adopte_le: PartialDate | None
    consultations: tuple[Consultation, ...] | None
    avis_annexes: bool | None
    publie: bool | None


@dataclass(frozen=True)
class PartCpo:
    path: Path
    annee: int
    part: float | None


@dataclass(frozen=True)
class Cpo:
    path: Path
    objectif: float
    parts: tuple[PartCpo, ...]


@dataclass(frozen=True)
class Investissement:
    path: Path
    projets: int
    document: str | None


@dataclass(frozen=True)
class ContratV2(Contrat):
    """A contract of the 2024–2030 generation."""

    porteur: Porteur | None = None
    outre_mer_declare: bool | None = None
    quartiers: tuple[Quartier, ...] = ()
    poches: tuple[Poche, ...] = ()
    signataires: tuple[Signataire, ...] = ()
    signature: PartialDate | None = None
    actes: tuple[Acte, ...] = ()
    clause_revoyure: bool = False
    priorites: tuple[Priorite, ...] = ()
    projets_quartier: tuple[ProjetQuartier, ...] = ()
    action_priorites: tuple[Ref | None, ...] = ()  # per action, its « priorite » key
    action_qpv: tuple[tuple[Ref, ...], ...] = ()  # per action, its « qpv » refs as written
    moyens: tuple[Moyen, ...] = ()
    ingenierie: bool = False
    evaluation: Evaluation | None = None
    instance_pilotage: InstancePilotage | None = None
    rencontres: tuple[Rencontre, ...] = ()
    participation: Participation | None = None
    conseils_citoyens: tuple[ConseilCitoyen, ...] = ()
    investissement: Investissement | None = None
    tfpb: tuple[Tfpb, ...] = ()
    anru: tuple[Anru, ...] = ()
    rapports: tuple[Rapport, ...] = ()
    cpo: Cpo | None = None
    # The plans and contracts it is articulated with (« articulations »), as written.
    articulations: tuple[Text, ...] = ()

    def signed_by(self) -> dt.date | None:
        return self.signature.latest if self.signature else None

    @property
    def outre_mer(self) -> bool:
        """Declared, else inferred from the QPV codes (QN97…) and the INSEE codes (97…)."""
        if self.outre_mer_declare is not None:
            return self.outre_mer_declare
        codes = [q.code[2:4] for q in self.quartiers if q.code]
        codes += [c.code_insee[:2] for c in self.communes]
        return bool(codes) and all(code in ("97", "98") for code in codes)

    def quartier(self, ref: str) -> Quartier | None:
        """The QPV a reference names: by code first, then by name."""
        found = next((q for q in self.quartiers if q.code == ref), None)
        return found or next((q for q in self.quartiers if q.matches(ref)), None)

    def signataire(self, ref: str) -> Signataire | None:
        found = next((s for s in self.signataires if s.id == ref), None)
        return found or next((s for s in self.signataires if s.matches(ref)), None)

    def conseil(self, ref: str) -> ConseilCitoyen | None:
        found = next((c for c in self.conseils_citoyens if c.id == ref), None)
        return found or next((c for c in self.conseils_citoyens if c.matches(ref)), None)

    def priorite(self, ref: str) -> Priorite | None:
        return next((p for p in self.priorites if p.id == ref), None)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _refs(values: object, base: Path) -> tuple[Ref, ...]:
    return tuple(Ref(base / i, str(v)) for i, v in enumerate(_list(values)))


def _actes(periode: dict[str, Any]) -> tuple[Acte, ...]:
    actes = []
    for key in ("actualisations", "avenants"):
        for index, raw in enumerate(_list(periode.get(key))):
            signed = raw.get("signataires")
            actes.append(
                Acte(
                    ROOT / "periode" / key / index,
                    raw.get("nature", "actualisation") if key == "actualisations" else "avenant",
                    parse_partial(raw["date"]) or PartialDate("inconnue", None, None),
                    tuple(str(s) for s in signed) if isinstance(signed, list) else None,
                )
            )
    return tuple(actes)


def _part(raw: dict[str, Any]) -> float | None:
    if raw.get("part") is not None:
        return float(raw["part"])
    total, multi = raw.get("conventions"), raw.get("conventions_pluriannuelles")
    if isinstance(total, int) and isinstance(multi, int) and total > 0:
        return 100 * multi / total
    return None


def _actions(
    document: Document, data: dict[str, Any], quartiers: tuple[Quartier, ...]
) -> tuple[Action, ...]:
    """The shared action view: « priorite » is the axis, the priority's transversal slugs are
    the action's too, and QPV cited by name are resolved to their code."""
    raw_actions = [{**raw, "statut": raw.get("statut", DEFAULT_STATUT)} for raw in data["actions"]]
    slugs = {
        str(p["id"]): tuple(p.get("priorites_transversales", []))
        for p in _list(data.get("priorites"))
    }
    actions = []
    for action, raw in zip(
        read_actions(document, raw_actions, "priorite"), raw_actions, strict=True
    ):
        own = tuple(raw.get("priorites_transversales", []))
        transversal = tuple(dict.fromkeys((*slugs.get(action.axe, ()), *own)))
        codes = []
        for ref in _list(raw.get("qpv")):
            quartier = _resolve(quartiers, str(ref))
            if quartier is None:
                codes.append(str(ref))  # unknown: the shared CC311 says so
            elif quartier.code:
                codes.append(quartier.code)
        actions.append(dataclasses.replace(action, axes_transversaux=transversal, qpv=tuple(codes)))
    return tuple(actions)


def _resolve(quartiers: tuple[Quartier, ...], ref: str) -> Quartier | None:
    found = next((q for q in quartiers if q.code == ref), None)
    return found or next((q for q in quartiers if q.matches(ref)), None)


def read_contrat(document: Document) -> ContratV2:
    """Build the view of a format-2 document that passed schema validation."""
    data: dict[str, Any] = document.data
    identity = data["contrat"]
    periode = data["periode"]
    base = ROOT / "contrat"
    quartiers = tuple(
        Quartier(
            base / "qpv" / i,
            _opt(raw.get("code")),
            str(raw["nom"]),
            tuple(str(c) for c in _list(raw.get("communes"))),
        )
        for i, raw in enumerate(identity["qpv"])
    )
    raw_porteur = identity["porteur"]
    gouvernance = _map(data.get("gouvernance"))
    pilotage = gouvernance.get("instance_pilotage")
    participation = data.get("participation")
    evaluation = data.get("evaluation")
    investissement = data.get("investissement")
    conventions = _map(data.get("conventions_annexees"))
    cpo = data.get("cpo")
    return ContratV2(
        document=document,
        format=FORMAT,
        generation=GENERATION,
        nom=str(identity["nom"]),
        debut=dt.date.fromisoformat(periode["debut"]),
        fin=dt.date.fromisoformat(periode["fin"]),
        communes=tuple(
            Commune(base / "communes" / i, str(raw["code_insee"]), str(raw["nom"]))
            for i, raw in enumerate(identity["communes"])
        ),
        qpv=tuple(Qpv(q.path, q.code, q.nom) for q in quartiers),
        actions=_actions(document, data, quartiers),
        exclusions=read_exclusions(_list(data.get("exclusions"))),
        declared=read_declarations(data.get("referentiels")),
        texts=tuple(_texts(data)),
        porteur=Porteur(
            base / "porteur",
            str(raw_porteur["nature"]),
            str(raw_porteur["nom"]),
            _opt(raw_porteur.get("siren")),
            _opt(raw_porteur.get("code_insee")),
        ),
        outre_mer_declare=identity.get("outre_mer"),
        quartiers=quartiers,
        poches=tuple(
            Poche(
                base / "poches_pauvrete" / i,
                str(raw["nom"]),
                _refs(raw.get("communes"), base / "poches_pauvrete" / i / "communes"),
                None
                if raw.get("part_enveloppe_p147") is None
                else float(raw["part_enveloppe_p147"]),
            )
            for i, raw in enumerate(_list(identity.get("poches_pauvrete")))
        ),
        signataires=tuple(
            Signataire(
                base / "signataires" / i,
                _opt(raw.get("id")),
                str(raw["nom"]),
                _opt(raw.get("categorie")),
                _opt(raw.get("code_insee")),
                parse_partial(raw.get("signe_le")),
            )
            for i, raw in enumerate(_list(identity.get("signataires")))
        ),
        signature=parse_partial(periode.get("signature")),
        articulations=tuple(
            Text(
                ROOT / "articulations" / i,
                f"{raw.get('dispositif', '')} {raw.get('description', '')}".strip(),
            )
            for i, raw in enumerate(_list(data.get("articulations")))
            if isinstance(raw, dict)
        ),
        actes=_actes(periode),
        clause_revoyure="clause_revoyure" in periode,
        priorites=tuple(
            Priorite(
                ROOT / "priorites" / i,
                str(raw["id"]),
                str(raw["libelle"]),
                tuple(raw.get("priorites_transversales", [])),
                tuple(str(o) for o in _list(raw.get("objectifs"))),
            )
            for i, raw in enumerate(_list(data.get("priorites")))
        ),
        projets_quartier=tuple(
            ProjetQuartier(
                ROOT / "projets_quartier" / i,
                _opt(raw.get("titre")),
                _refs(raw.get("qpv"), ROOT / "projets_quartier" / i / "qpv"),
                _refs(raw.get("priorites"), ROOT / "projets_quartier" / i / "priorites"),
            )
            for i, raw in enumerate(_list(data.get("projets_quartier")))
        ),
        action_priorites=tuple(
            Ref(ROOT / "actions" / i / "priorite", str(raw["priorite"]))
            if "priorite" in raw
            else None
            for i, raw in enumerate(data["actions"])
        ),
        action_qpv=tuple(
            _refs(raw.get("qpv"), ROOT / "actions" / i / "qpv")
            for i, raw in enumerate(data["actions"])
        ),
        moyens=tuple(
            Moyen(
                ROOT / "moyens" / i,
                str(raw["signataire"]),
                len(_list(raw.get("droit_commun"))),
                len(_list(raw.get("credits_specifiques"))),
            )
            for i, raw in enumerate(_list(data.get("moyens")))
        ),
        ingenierie=_has_ingenierie(data.get("ingenierie")),
        evaluation=_evaluation(evaluation) if isinstance(evaluation, dict) else None,
        instance_pilotage=_pilotage(pilotage) if isinstance(pilotage, dict) else None,
        rencontres=tuple(
            Rencontre(
                ROOT / "gouvernance" / "rencontres_annuelles" / i,
                raw.get("annee"),
                parse_partial(raw["date"]) or PartialDate("inconnue", None, None),
            )
            for i, raw in enumerate(_list(gouvernance.get("rencontres_annuelles")))
        ),
        participation=_participation(participation) if isinstance(participation, dict) else None,
        conseils_citoyens=tuple(
            ConseilCitoyen(
                ROOT / "participation" / "conseils_citoyens" / i,
                _opt(raw.get("id")),
                str(raw["nom"]),
                _refs(raw.get("qpv"), ROOT / "participation" / "conseils_citoyens" / i / "qpv"),
            )
            for i, raw in enumerate(_list(_map(participation).get("conseils_citoyens")))
        ),
        investissement=Investissement(
            ROOT / "investissement",
            len(_list(investissement.get("projets"))),
            _opt(investissement.get("document")),
        )
        if isinstance(investissement, dict)
        else None,
        tfpb=tuple(_tfpb(i, raw) for i, raw in enumerate(_list(conventions.get("tfpb")))),
        anru=tuple(
            Anru(
                ROOT / "conventions_annexees" / "anru" / i,
                str(raw["intitule"]),
                parse_partial(raw.get("signee_le")),
                raw.get("annexee"),
            )
            for i, raw in enumerate(_list(conventions.get("anru")))
        ),
        rapports=tuple(
            _rapport(i, raw) for i, raw in enumerate(_list(data.get("rapports_annuels")))
        ),
        cpo=Cpo(
            ROOT / "cpo",
            float(cpo.get("objectif_part", 50)),
            tuple(
                PartCpo(ROOT / "cpo" / "parts" / i, int(raw["annee"]), _part(raw))
                for i, raw in enumerate(_list(cpo.get("parts")))
            ),
        )
        if isinstance(cpo, dict)
        else None,
    )


def _has_ingenierie(raw: object) -> bool:
    return isinstance(raw, dict) and bool(raw.get("description") or _list(raw.get("equipe")))


def _evaluation(raw: dict[str, Any]) -> Evaluation:
    base = ROOT / "evaluation"
    structure = _map(raw.get("structure"))
    return Evaluation(
        base,
        bool(structure.get("nom") or structure.get("composition") or structure.get("description")),
        tuple(
            IndicateursQpv(
                base / "indicateurs_nationaux" / i,
                Ref(base / "indicateurs_nationaux" / i / "qpv", str(line["qpv"])),
                len(_list(line.get("indicateurs"))),
            )
            for i, line in enumerate(_list(raw.get("indicateurs_nationaux")))
        ),
        tuple(
            IndicateursLocaux(
                base / "indicateurs_locaux" / i,
                Ref(base / "indicateurs_locaux" / i / "priorite", str(line["priorite"]))
                if "priorite" in line
                else None,
                len(_list(line.get("indicateurs"))),
            )
            for i, line in enumerate(_list(raw.get("indicateurs_locaux")))
        ),
    )


def _pilotage(raw: dict[str, Any]) -> InstancePilotage:
    base = ROOT / "gouvernance" / "instance_pilotage"
    return InstancePilotage(
        base,
        _opt(raw.get("nom")),
        tuple(str(p) for p in _list(raw.get("presidence"))),
        tuple(
            Ref(base / "membres" / i / "signataire", str(m["signataire"]))
            for i, m in enumerate(_list(raw.get("membres")))
            if "signataire" in m
        ),
        tuple(
            Ref(
                base / "representants_conseils_citoyens" / i / "conseil_citoyen",
                str(r["conseil_citoyen"]),
            )
            for i, r in enumerate(_list(raw.get("representants_conseils_citoyens")))
        ),
        parse_partial(raw.get("derniere_reunion")),
    )


def _participation(raw: dict[str, Any]) -> Participation:
    volet = raw.get("volet")
    moyens = _map(raw.get("moyens"))
    return Participation(
        ROOT / "participation",
        parse_partial(_map(volet).get("adopte_le")),
        isinstance(volet, dict) and bool(volet),
        _opt(raw.get("place")),
        bool(moyens.get("description") or _list(moyens.get("financement"))),
        len(_list(raw.get("autres_formes"))),
    )


def _tfpb(index: int, raw: dict[str, Any]) -> Tfpb:
    years = raw.get("annees_fiscales")
    return Tfpb(
        ROOT / "conventions_annexees" / "tfpb" / index,
        str(raw["bailleur"]),
        raw.get("signataire"),
        parse_partial(raw.get("date_convention")),
        raw.get("annexee"),
        tuple(int(y) for y in years) if isinstance(years, list) else None,
    )


def _rapport(index: int, raw: dict[str, Any]) -> Rapport:
    base = ROOT / "rapports_annuels" / index
    consulted = raw.get("conseils_citoyens_consultes")
    return Rapport(
        base,
        int(raw["annee"]),
        parse_partial(raw.get("adopte_le")),
        tuple(
            Consultation(
                base / "conseils_citoyens_consultes" / i,
                str(c["conseil_citoyen"]),
                parse_partial(c.get("consulte_le")),
            )
            for i, c in enumerate(consulted)
        )
        if isinstance(consulted, list)
        else None,
        raw.get("avis_annexes"),
        raw.get("publie"),
    )


def _texts(data: dict[str, Any]) -> list[Text]:
    """The free-text fields where an outdated name of a body or scheme can appear (the history
    section is skipped: a PERR there is the past, not a frame of the contract)."""
    texts: list[Text] = []

    def add(path: Path, value: object) -> None:
        if isinstance(value, str) and value:
            texts.append(Text(path, value))

    identity = data["contrat"]
    for index, raw in enumerate(identity["qpv"]):
        add(ROOT / "contrat" / "qpv" / index / "nom", raw.get("nom"))
    for index, raw in enumerate(_list(identity.get("poches_pauvrete"))):
        add(ROOT / "contrat" / "poches_pauvrete" / index / "nom", raw.get("nom"))
    for index, raw in enumerate(_list(identity.get("signataires"))):
        add(ROOT / "contrat" / "signataires" / index / "nom", raw.get("nom"))
    for index, raw in enumerate(_list(data.get("priorites"))):
        add(ROOT / "priorites" / index / "libelle", raw.get("libelle"))
    for index, raw in enumerate(_list(data.get("projets_quartier"))):
        add(ROOT / "projets_quartier" / index / "titre", raw.get("titre"))
    pilotage = _map(_map(data.get("gouvernance")).get("instance_pilotage"))
    for index, text in enumerate(_list(pilotage.get("presidence"))):
        add(ROOT / "gouvernance" / "instance_pilotage" / "presidence" / index, text)
    for number, action in enumerate(data["actions"]):
        base = ROOT / "actions" / number
        add(base / "titre", action.get("titre"))
        add(base / "pilote", action.get("pilote"))
        for index, partner in enumerate(_list(action.get("partenaires"))):
            add(base / "partenaires" / index, partner)
        for index, line in enumerate(_list(action.get("financement"))):
            add(base / "financement" / index / "financeur", line.get("financeur"))
    for number, moyen in enumerate(_list(data.get("moyens"))):
        for key in ("droit_commun", "credits_specifiques"):
            for index, line in enumerate(_list(moyen.get(key))):
                add(ROOT / "moyens" / number / key / index / "dispositif", line.get("dispositif"))
    for number, projet in enumerate(_list(_map(data.get("investissement")).get("projets"))):
        base = ROOT / "investissement" / "projets" / number
        add(base / "titre", projet.get("titre"))
        for index, line in enumerate(_list(projet.get("financeurs"))):
            add(base / "financeurs" / index / "financeur", line.get("financeur"))
            add(base / "financeurs" / index / "dispositif", line.get("dispositif"))
    return texts
