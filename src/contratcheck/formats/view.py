"""The typed view of a contract that every check reads, whatever its format.

Each element carries its own YAML path, so a check asks ``action.path / "references" / 0`` and
the document answers the position (``Contrat.position``). A format's reader builds these values
from a schema-valid document; a format may add its own elements in a subclass of ``Contrat``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from contratcheck.loading.document import Document
from contratcheck.model import ActionRef, Position, YamlPath


class Path(tuple[str | int, ...]):
    """A YAML path from the document root; ``path / key`` is the path of a child."""

    __slots__ = ()

    def __truediv__(self, key: str | int) -> Path:
        return Path((*self, key))


ROOT = Path()


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class EventDate:
    """The date of a past event as a file gives it: a day, a month, a year, or « inconnue ».

    ``earliest`` and ``latest`` bound the day it may have happened (both None: unknown), so a
    deadline is compared conservatively: ``by(day)`` is None when the date cannot decide.
    """

    text: str
    earliest: dt.date | None
    latest: dt.date | None

    @property
    def known(self) -> bool:
        return self.earliest is not None

    @property
    def exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest

    def by(self, day: dt.date) -> bool | None:
        """True if it surely happened on or before ``day``, False if surely after, else None."""
        if self.earliest is None or self.latest is None:
            return None
        if self.latest <= day:
            return True
        if self.earliest > day:
            return False
        return None

    def french(self) -> str:
        """« le 3 octobre 2019 », « en octobre 2019 », « en 2019 », « à une date inconnue »."""
        from contratcheck.french import MONTHS, french_date

        if self.earliest is None:
            return "à une date inconnue"
        if self.exact:
            return f"le {french_date(self.earliest)}"
        if self.latest is not None and (self.earliest.year, self.earliest.month) == (
            self.latest.year,
            self.latest.month,
        ):
            return f"en {MONTHS[self.earliest.month - 1]} {self.earliest.year}"
        return f"en {self.earliest.year}"


def parse_event_date(value: object) -> EventDate:
    """Read ``AAAA-MM-JJ``, ``AAAA-MM``, ``AAAA`` (text or number) or « inconnue »."""
    text = str(value).strip()
    if isinstance(value, int) or (len(text) == 4 and text.isdigit()):
        year = int(text)
        return EventDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if len(text) == 7 and text[4] == "-":
        year, month = int(text[:4]), int(text[5:])
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return EventDate(text, dt.date(year, month, 1), last)
    if text == "inconnue":
        return EventDate(text, None, None)
    day = dt.date.fromisoformat(text)
    return EventDate(text, day, day)


@dataclass(frozen=True)
class Reference:
    """A reference id cited by an action (``fdr2018:cites-educatives``)."""

    path: Path
    value: str


@dataclass(frozen=True)
class Action:
    """One fiche action."""

    path: Path
    index: int
    id: str
    titre: str
    statut: str
    # The contract's own axis the action belongs to (its format names it).
    axe: str
    pilote: str | None
    debut: dt.date | None
    echeance: dt.date | None
    indicateurs: int
    indicateurs_avec_cible: int
    references: tuple[Reference, ...]
    qpv: tuple[str, ...]
    axes_transversaux: tuple[str, ...]
    position: Position

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
class Exclusion:
    """An item the contract excludes, with its written reason."""

    path: Path
    reference: str
    motif: str
    jusqu_au: dt.date | None
    jusqu_au_texte: str | None


@dataclass(frozen=True)
class Qpv:
    """A quartier prioritaire of the contract (its code may be unknown: name only)."""

    path: Path
    code: str | None
    nom: str


@dataclass(frozen=True)
class Commune:
    path: Path
    code_insee: str
    nom: str


@dataclass(frozen=True)
class Declaration:
    """A référentiel the contract declares it follows (``ID`` or ``ID@AAAA-MM-JJ``)."""

    path: Path
    text: str

    @property
    def referentiel(self) -> str:
        return self.text.partition("@")[0]

    @property
    def version(self) -> str:
        return self.text.partition("@")[2]


@dataclass(frozen=True)
class Text:
    """A free-text value where an outdated name of a body or scheme can appear."""

    path: Path
    value: str


@dataclass(frozen=True)
class Contrat:
    """What every check reads of a contract, whatever its format."""

    document: Document
    format: str
    generation: str
    nom: str
    debut: dt.date
    fin: dt.date
    communes: tuple[Commune, ...]
    qpv: tuple[Qpv, ...]
    actions: tuple[Action, ...]
    exclusions: tuple[Exclusion, ...]
    declared: tuple[Declaration, ...] | None
    texts: tuple[Text, ...]

    @property
    def name(self) -> str:
        """The file name."""
        return self.document.name

    def position(self, path: YamlPath) -> Position:
        """The position of the value at path (or of its nearest ancestor)."""
        return self.document.position(path)

    def key_position(self, *paths: YamlPath) -> Position:
        """The key position of the first path that exists (the last one otherwise)."""
        for path in paths:
            if path in self.document.key_positions:
                return self.document.key_positions[path]
        return self.document.key_position(paths[-1]) if paths else Position(1, 1)

    def has(self, path: YamlPath) -> bool:
        return path in self.document.positions

    def signed_by(self) -> dt.date | None:
        """The latest day the contract may have been signed (None: its signature is unknown)."""
        return None

    def coded_qpv(self) -> Iterator[tuple[Qpv, str]]:
        """The QPV given with a code, and their code."""
        for qpv in self.qpv:
            if qpv.code is not None:
                yield qpv, qpv.code


def read_actions(
    document: Document, raw_actions: list[dict[str, object]], axis_key: str
) -> tuple[Action, ...]:
    """The actions of a document, whose contract axis sits under ``axis_key``."""
    actions = []
    base = ROOT / "actions"
    for index, raw in enumerate(raw_actions):
        path = base / index
        calendrier = _mapping(raw.get("calendrier"))
        indicateurs = _list(raw.get("indicateurs"))
        references = _list(raw.get("references"))
        actions.append(
            Action(
                path=path,
                index=index,
                id=str(raw["id"]),
                titre=str(raw["titre"]),
                statut=str(raw["statut"]),
                axe=str(raw.get(axis_key, "")),
                pilote=_text(raw.get("pilote")),
                debut=parse_date(_text(calendrier.get("debut"))),
                echeance=parse_date(_text(calendrier.get("echeance"))),
                indicateurs=len(indicateurs),
                indicateurs_avec_cible=sum(
                    1 for i in indicateurs if isinstance(i, dict) and _has_target(i.get("cible"))
                ),
                references=tuple(
                    Reference(path / "references" / number, str(value))
                    for number, value in enumerate(references)
                ),
                qpv=tuple(str(code) for code in _list(raw.get("qpv"))),
                axes_transversaux=tuple(str(a) for a in _list(raw.get("axes_transversaux"))),
                position=document.position(path),
            )
        )
    return tuple(actions)


def read_exclusions(raw_exclusions: list[dict[str, object]]) -> tuple[Exclusion, ...]:
    base = ROOT / "exclusions"
    return tuple(
        Exclusion(
            base / index,
            str(raw["reference"]),
            str(raw["motif"]),
            parse_date(_text(raw.get("jusqu_au"))),
            _text(raw.get("jusqu_au")),
        )
        for index, raw in enumerate(raw_exclusions)
    )


def read_declarations(raw: object) -> tuple[Declaration, ...] | None:
    if not isinstance(raw, list):
        return None
    base = ROOT / "referentiels"
    return tuple(Declaration(base / index, str(text)) for index, text in enumerate(raw))


def _has_target(value: object) -> bool:
    if isinstance(value, dict):  # format 2: {valeur, annee}
        value = value.get("valeur")
    return value not in (None, "")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _mapping(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []
