"""A read-only view of a schema-valid contract: actions, period, governance, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from contratcheck.loading.document import Document
from contratcheck.model import ActionRef, ActionSummary, ContratSummary, Position, YamlPath


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def to_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class Action:
    """One fiche action."""

    index: int
    id: str
    titre: str
    statut: str
    pilier: str
    pilote: str | None
    debut: dt.date | None
    echeance: dt.date | None
    indicateurs: int
    indicateurs_avec_cible: int
    references: tuple[str, ...]
    qpv: tuple[str, ...]
    axes_transversaux: tuple[str, ...]
    position: Position

    @property
    def path(self) -> YamlPath:
        return ("actions", self.index)

    def reference_path(self, number: int) -> YamlPath:
        return ("actions", self.index, "references", number)

    def is_live(self, today: dt.date) -> bool:
        """Not abandoned, and not past its deadline without being done."""
        if self.statut == "abandonnee":
            return False
        return not (self.statut != "realisee" and self.echeance and self.echeance < today)

    def is_overdue(self, today: dt.date) -> bool:
        return self.statut not in ("realisee", "abandonnee") and bool(
            self.echeance and self.echeance < today
        )

    def missing_evidence(self) -> list[str]:
        """What the action lacks to count as full evidence, in French."""
        missing = []
        if not self.pilote:
            missing.append("un pilote")
        if not self.echeance:
            missing.append("une échéance")
        if not self.indicateurs_avec_cible:
            missing.append("un indicateur avec une cible")
        return missing

    def ref(self) -> ActionRef:
        return ActionRef(
            self.id,
            self.titre,
            self.statut,
            self.pilote,
            self.echeance.isoformat() if self.echeance else None,
            self.indicateurs,
            self.position,
        )


@dataclass(frozen=True)
class Contrat:
    """The parts of a contract that the checks read."""

    document: Document
    nom: str
    debut: dt.date
    fin: dt.date
    qpv: tuple[str, ...]
    actions: tuple[Action, ...]
    declared: tuple[str, ...] | None

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def generation(self) -> str:
        return "2024-2030" if self.debut.year >= 2024 else "2015-2023"

    def avenants(self, nature: str) -> list[tuple[int, dict[str, Any]]]:
        avenants = self.data["periode"].get("avenants", [])
        return [(i, a) for i, a in enumerate(avenants) if a["nature"] == nature]

    def gouvernance(self) -> dict[str, Any]:
        result: dict[str, Any] = self.data.get("gouvernance", {})
        return result

    def volets(self) -> dict[str, Any]:
        result: dict[str, Any] = self.data.get("volets", {})
        return result

    def position(self, *paths: YamlPath) -> Position:
        """The key position of the first path that exists (the last one otherwise)."""
        for path in paths:
            if path in self.document.key_positions:
                return self.document.key_positions[path]
        return self.document.key_position(paths[-1]) if paths else Position(1, 1)


def read_contrat(document: Document) -> Contrat:
    """Build the view of a document that passed schema validation."""
    data = document.data
    actions = []
    for index, raw in enumerate(data["actions"]):
        calendrier = raw.get("calendrier", {})
        indicateurs = raw.get("indicateurs", [])
        actions.append(
            Action(
                index=index,
                id=raw["id"],
                titre=raw["titre"],
                statut=raw["statut"],
                pilier=raw["pilier"],
                pilote=raw.get("pilote"),
                debut=parse_date(calendrier.get("debut")),
                echeance=parse_date(calendrier.get("echeance")),
                indicateurs=len(indicateurs),
                indicateurs_avec_cible=sum(
                    1 for i in indicateurs if i.get("cible") not in (None, "")
                ),
                references=tuple(raw.get("references", [])),
                qpv=tuple(raw.get("qpv", [])),
                axes_transversaux=tuple(raw.get("axes_transversaux", [])),
                position=document.position(("actions", index)),
            )
        )
    declared = data.get("referentiels")
    return Contrat(
        document=document,
        nom=data["contrat"]["nom"],
        debut=dt.date.fromisoformat(data["periode"]["debut"]),
        fin=dt.date.fromisoformat(data["periode"]["fin"]),
        qpv=tuple(q["code"] for q in data["contrat"]["qpv"]),
        actions=tuple(actions),
        declared=tuple(declared) if declared is not None else None,
    )


def summarise(
    contrat: Contrat, fin_legale: dt.date, fin_legale_texte: str | None
) -> ContratSummary:
    """The plain summary of a contract that the reports print."""
    data = contrat.data
    identity = data["contrat"]
    porteur = identity["porteur"]
    initial = identity.get("porteur_initial")
    actions = []
    for action in contrat.actions:
        raw = data["actions"][action.index]
        actions.append(
            ActionSummary(
                id=action.id,
                titre=action.titre,
                pilier=action.pilier,
                statut=action.statut,
                pilote=action.pilote,
                echeance=action.echeance.isoformat() if action.echeance else None,
                qpv=action.qpv,
                references=action.references,
                financement=tuple(
                    (line["financeur"], float(line["montant"]))
                    for line in raw.get("financement", [])
                ),
                indicateurs=tuple(
                    (i["libelle"], str(i.get("cible", ""))) for i in raw.get("indicateurs", [])
                ),
                line=action.position.line,
            )
        )
    periode = data["periode"]
    return ContratSummary(
        porteur=porteur["nom"],
        porteur_code=porteur.get("siren") or porteur.get("code_insee") or "",
        porteur_initial=initial["nom"] if initial else None,
        code_cv=identity.get("code_cv"),
        communes=tuple((c["code_insee"], c["nom"]) for c in identity["communes"]),
        qpv=tuple((q["code"], q["nom"]) for q in identity["qpv"]),
        signature=periode.get("signature"),
        debut=periode["debut"],
        fin=periode["fin"],
        fin_legale=fin_legale.isoformat(),
        fin_legale_texte=fin_legale_texte,
        avenants=tuple(
            (a["nature"], a["date"], a.get("objet", "")) for a in periode.get("avenants", [])
        ),
        actions=tuple(actions),
        exclusions=tuple(
            (e["reference"], e["motif"], e.get("jusqu_au")) for e in data.get("exclusions", [])
        ),
    )
