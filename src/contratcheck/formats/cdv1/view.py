"""The typed view of a format-1 contract (2015–2023): the common elements plus the piliers'
generation's own: avenants (PERR, prolongations), governance and volets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from contratcheck.formats.cdv1.names import FORMAT, GENERATION
from contratcheck.formats.view import (
    ROOT,
    Commune,
    Contrat,
    EventDate,
    Path,
    Qpv,
    Text,
    parse_date,
    parse_event_date,
    read_actions,
    read_declarations,
    read_exclusions,
)
from contratcheck.loading.document import Document


@dataclass(frozen=True)
class Avenant:
    path: Path
    nature: str
    date: EventDate  # its signature
    jusqu_au: dt.date | None
    objet: str
    validation: EventDate | None = None  # a PERR validated before it was signed

    @property
    def adopted(self) -> EventDate:
        """When it took effect for the calendar: its validation if given, else its signature."""
        return self.validation or self.date


@dataclass(frozen=True)
class ConseilCitoyen:
    path: Path
    nom: str
    qpv: tuple[str, ...]


@dataclass(frozen=True)
class Dated:
    """A governance event or volet, with the date it happened."""

    path: Path
    date: EventDate


@dataclass(frozen=True)
class LocalAxis:
    """An axis the contract adds to the three piliers (a « quatrième pilier »)."""

    path: Path
    id: str
    libelle: str


@dataclass(frozen=True)
class ContratV1(Contrat):
    """A contract of the 2015–2023 generation."""

    avenants: tuple[Avenant, ...] = ()
    conseils_citoyens: tuple[ConseilCitoyen, ...] = ()
    evaluation_mi_parcours: Dated | None = None
    volets: tuple[tuple[str, Dated], ...] = ()
    axes_locaux: tuple[LocalAxis, ...] = ()

    signature: EventDate | None = None

    def signed_by(self) -> dt.date | None:
        return self.signature.latest if self.signature else None

    def avenants_of(self, nature: str) -> list[Avenant]:
        return [a for a in self.avenants if a.nature == nature]

    def volet(self, name: str) -> Dated | None:
        return next((d for n, d in self.volets if n == name), None)


def read_contrat(document: Document) -> ContratV1:
    """Build the view of a format-1 document that passed schema validation."""
    data: dict[str, Any] = document.data
    identity = data["contrat"]
    periode = data["periode"]
    gouvernance = data.get("gouvernance", {})
    avenants = tuple(
        Avenant(
            ROOT / "periode" / "avenants" / index,
            raw["nature"],
            parse_event_date(raw["date"]),
            parse_date(raw.get("jusqu_au")),
            raw.get("objet", ""),
            parse_event_date(raw["validation"]) if "validation" in raw else None,
        )
        for index, raw in enumerate(periode.get("avenants", []))
    )
    conseils = tuple(
        ConseilCitoyen(
            ROOT / "gouvernance" / "conseils_citoyens" / index, raw["nom"], tuple(raw["qpv"])
        )
        for index, raw in enumerate(gouvernance.get("conseils_citoyens", []))
    )
    evaluation = gouvernance.get("evaluation_mi_parcours")
    volets = tuple(
        (name, Dated(ROOT / "volets" / name, parse_event_date(raw["adopte_le"])))
        for name, raw in data.get("volets", {}).items()
    )
    return ContratV1(
        document=document,
        format=FORMAT,
        generation=GENERATION,
        nom=identity["nom"],
        debut=dt.date.fromisoformat(periode["debut"]),
        fin=dt.date.fromisoformat(periode["fin"]),
        communes=tuple(
            Commune(ROOT / "contrat" / "communes" / index, raw["code_insee"], raw["nom"])
            for index, raw in enumerate(identity["communes"])
        ),
        qpv=tuple(
            Qpv(ROOT / "contrat" / "qpv" / index, raw.get("code"), raw["nom"])
            for index, raw in enumerate(identity["qpv"])
        ),
        actions=read_actions(document, data["actions"], "pilier"),
        exclusions=read_exclusions(data.get("exclusions", [])),
        declared=read_declarations(data.get("referentiels")),
        texts=tuple(_texts(data)),
        avenants=avenants,
        conseils_citoyens=conseils,
        evaluation_mi_parcours=Dated(
            ROOT / "gouvernance" / "evaluation_mi_parcours",
            parse_event_date(evaluation["date"]),
        )
        if evaluation
        else None,
        volets=volets,
        signature=parse_event_date(periode["signature"]) if "signature" in periode else None,
        axes_locaux=tuple(
            LocalAxis(ROOT / "axes_locaux" / index, raw["id"], raw["libelle"])
            for index, raw in enumerate(data.get("axes_locaux", []))
        ),
    )


def _texts(data: dict[str, Any]) -> list[Text]:
    """The free-text fields where an outdated name of a body or scheme can appear."""
    texts = [
        Text(ROOT / "contrat" / "signataires" / index / "nom", raw["nom"])
        for index, raw in enumerate(data["contrat"].get("signataires", []))
    ]
    comite = data.get("gouvernance", {}).get("comite_pilotage", {})
    texts += [
        Text(ROOT / "gouvernance" / "comite_pilotage" / "presidence" / index, text)
        for index, text in enumerate(comite.get("presidence", []))
    ]
    for number, action in enumerate(data["actions"]):
        base = ROOT / "actions" / number
        texts.append(Text(base / "titre", action["titre"]))
        if "pilote" in action:
            texts.append(Text(base / "pilote", action["pilote"]))
        texts += [
            Text(base / "partenaires" / index, partner)
            for index, partner in enumerate(action.get("partenaires", []))
        ]
        texts += [
            Text(base / "financement" / index / "financeur", line["financeur"])
            for index, line in enumerate(action.get("financement", []))
        ]
    return texts
