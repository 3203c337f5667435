"""Référentiel values: sources, axes, items, versions, outdated terms. No I/O."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from contratcheck.model import ItemInfo, Position


@dataclass(frozen=True)
class Source:
    """A public source of a référentiel."""

    key: str
    adresse: str
    titre: str = ""
    page: str | None = None


@dataclass(frozen=True)
class Axis:
    """An axis (enjeu, programme…) of a référentiel."""

    id: str
    libelle: str
    type: str
    parent: str | None = None
    parent_confiance: str = "confirme"
    alias: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Force:
    """How strongly the texts ask a contract to carry an item, and the text that says so."""

    niveau: str  # « obligatoire » (law, decree), « attendu » (circulaire), « au-choix » (menu)
    texte: str
    sources: tuple[Source, ...] = ()
    par_defaut: bool = False  # the texts do not settle it: « au-choix » by default

    @property
    def libelle(self) -> str:
        return {"obligatoire": "obligatoire", "attendu": "attendu", "au-choix": "au choix"}[
            self.niveau
        ]


AU_CHOIX = Force("au-choix", "", par_defaut=True)


@dataclass(frozen=True)
class Succession:
    """An older item (possibly of another generation) this item replaces from a date."""

    reference: str
    date: dt.date
    texte: str


@dataclass(frozen=True, eq=False)
class Item:
    """An item (mesure, engagement) of a référentiel version."""

    referentiel: str
    id: str
    libelle: str
    axe: str
    sources: tuple[Source, ...]
    confiance: str
    position: Position
    id_domaine: str | None = None
    numero_officiel: int | None = None
    declinable_localement: bool = True
    equivalents: tuple[str, ...] = ()
    chiffres: str = ""
    retire_le: str | None = None
    successeurs: tuple[str, ...] = ()
    retire_motif: str = ""
    depuis: dt.date | None = None
    controle: str | None = None
    valeur: str | None = None
    force: Force = AU_CHOIX
    # Items that citing this one also serves, one way (the PaQte's internships count for the
    # roadmap's, not the reverse).
    contribue_a: tuple[str, ...] = ()
    succede_a: tuple[Succession, ...] = ()

    @property
    def reference(self) -> str:
        return f"{self.referentiel}:{self.id}"

    @property
    def retired(self) -> bool:
        return self.retire_le is not None

    @property
    def retired_on(self) -> dt.date | None:
        return dt.date.fromisoformat(self.retire_le) if self.retire_le else None

    @functools.cached_property
    def info(self) -> ItemInfo:
        """The item as coverage reports cite it (one shared value)."""
        return ItemInfo(
            self.reference,
            self.id_domaine,
            self.libelle,
            self.axe,
            self.confiance,
            tuple(f"{s.adresse}, p. {s.page}" if s.page else s.adresse for s in self.sources),
            self.force.niveau,
            self.force.texte,
            tuple(s.titre for s in self.sources),
        )


@dataclass(frozen=True)
class Referentiel:
    """One version of a référentiel."""

    id: str
    version: str
    titre: str
    statut: str
    nature: str
    file: str
    unite: str
    unite_feminin: bool
    axes: tuple[Axis, ...]
    items: tuple[Item, ...]
    sources: tuple[Source, ...]
    items_annonces: int | None = None
    national: bool = False
    generations: tuple[str, ...] = ()
    depuis: dt.date | None = None
    remplace_par: str | None = None
    description: str = ""
    note: str = ""
    signataires: tuple[str, ...] = ()
    date_texte: str | None = None
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @functools.cached_property
    def date(self) -> dt.date:
        """The version's date (the version is written ``AAAA-MM-JJ``)."""
        return dt.date.fromisoformat(self.version)

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def axis(self, axis_id: str) -> Axis | None:
        return next((a for a in self.axes if a.id == axis_id), None)

    def current_items(self) -> list[Item]:
        """Items not retired in this version."""
        return [i for i in self.items if not i.retired]


@dataclass(frozen=True)
class Term:
    """A term that a later text made outdated (CGET → ANCT…)."""

    id: str
    motifs: tuple[str, ...]
    remplace_par: str | None
    depuis: dt.date
    texte: str
    sources: tuple[str, ...]
    confiance: str
    file: str
    generations: tuple[str, ...] = ()  # empty: outdated for every generation
    gravite: str | None = None  # overrides the rule's default severity
