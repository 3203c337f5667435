"""Link a contract to its référentiels: which versions it follows, what each cited reference
and each exclusion names, and which actions serve which item. A pure function; the rules of
the « références » family read what it found and say it (CC3xx)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from contratcheck.formats.view import Action, Contrat, Declaration, Exclusion, Reference
from contratcheck.model import Position
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.model import Item, Referentiel


@dataclass(frozen=True)
class Selected:
    """A référentiel the contract is checked against."""

    referentiel: Referentiel  # the version the contract follows
    in_force: Referentiel  # the version in force at the check date
    position: Position
    declared: bool

    @functools.cached_property
    def retired_since(self) -> dict[str, Item]:
        """Items current in the followed version but retired in the version in force.

        Computed once: coverage asks for it for every item of the référentiel.
        """
        if self.referentiel is self.in_force:
            return {}
        return {
            item.id: item
            for item in self.in_force.items
            if item.retired
            and (old := self.referentiel.item(item.id)) is not None
            and not old.retired
        }


@dataclass(frozen=True)
class DeclarationLink:
    """What one entry of « referentiels » names: a version, an unknown id or version."""

    declaration: Declaration
    followed: Referentiel | None
    in_force: Referentiel | None
    known_id: bool


@dataclass(frozen=True)
class Citation:
    """One reference cited by an action, and the item it names."""

    action: Action
    reference: Reference
    item: Item | None
    retired: bool
    successors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExclusionLink:
    """One exclusion and what became of it at the check date."""

    exclusion: Exclusion
    item: Item | None
    state: str  # « valide », « expiree », « doublon », « inconnue »


@dataclass
class Serving:
    """The actions that serve one item, by how they serve it."""

    direct: list[Action] = field(default_factory=list)
    through_retired: list[tuple[Action, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Links:
    """What linking found about one contract."""

    selected: Mapping[str, Selected]
    declarations: tuple[DeclarationLink, ...]
    citations: tuple[Citation, ...]
    exclusions: tuple[ExclusionLink, ...]
    serving: Mapping[str, Serving]

    def valid_exclusions(self) -> dict[str, Exclusion]:
        return {
            link.exclusion.reference: link.exclusion
            for link in self.exclusions
            if link.state == "valide"
        }


class _Linker:
    def __init__(self, contrat: Contrat, catalogue: Catalogue, today: dt.date) -> None:
        self.contrat = contrat
        self.catalogue = catalogue
        self.today = today
        self.selected: dict[str, Selected] = {}
        self.serving: dict[str, Serving] = {}
        self._served_cache: dict[str, set[str]] = {}

    def select(self) -> list[DeclarationLink]:
        contrat, catalogue, today = self.contrat, self.catalogue, self.today
        if contrat.declared is None:
            for referentiel in catalogue.applicable(contrat.generation, today):
                self.selected[referentiel.id] = Selected(
                    referentiel, referentiel, Position(1, 1), False
                )
            return []
        links = []
        for declaration in contrat.declared:
            position = contrat.position(declaration.path)
            referentiel_id, version = declaration.referentiel, declaration.version
            versions = catalogue.versions.get(referentiel_id)
            if not versions:
                links.append(DeclarationLink(declaration, None, None, False))
                continue
            in_force = catalogue.in_force(referentiel_id, today) or versions[0]
            followed = catalogue.get(referentiel_id, version) if version else in_force
            links.append(DeclarationLink(declaration, followed, in_force, True))
            if followed is not None:
                self.selected[referentiel_id] = Selected(followed, in_force, position, True)
        return links

    def restrict(self, only: tuple[str, ...]) -> None:
        kept: dict[str, Selected] = {}
        for entry in only:
            referentiel_id, _, version = entry.partition("@")
            current = self.selected.get(referentiel_id)
            in_force = self.catalogue.in_force(referentiel_id, self.today)
            followed = self.catalogue.get(referentiel_id, version or None)
            if version and followed is not None and in_force is not None:
                position = current.position if current else Position(1, 1)
                kept[referentiel_id] = Selected(followed, in_force, position, bool(current))
            elif current is not None:
                kept[referentiel_id] = current
            elif followed is not None:
                kept[referentiel_id] = Selected(
                    in_force or followed, in_force or followed, Position(1, 1), False
                )
        self.selected = kept

    def lookup(self, reference: str) -> tuple[Item | None, bool]:
        """Find the item a reference names, and whether it is retired for this contract."""
        referentiel_id, _, item_id = reference.partition(":")
        selected = self.selected.get(referentiel_id)
        if selected is not None:
            item = selected.referentiel.item(item_id) or selected.in_force.item(item_id)
            if item is not None:
                in_force = selected.in_force.item(item_id)
                return item, item.retired or bool(in_force and in_force.retired)
        item = self.catalogue.find_item(reference)
        return item, bool(item and item.retired)

    def cite(self, action: Action, reference: Reference) -> Citation:
        item, retired = self.lookup(reference.value)
        if item is None:
            return Citation(action, reference, None, False)
        if retired:
            successors = tuple(self._successors(reference.value))
            for successor in successors:
                self._serving(successor).through_retired.append((action, reference.value))
            return Citation(action, reference, item, True, successors)
        for served in self._served_by(reference.value):
            self._serving(served).direct.append(action)
        return Citation(action, reference, item, False)

    def _serving(self, reference: str) -> Serving:
        found = self.serving.get(reference)
        if found is None:
            found = self.serving[reference] = Serving()
        return found

    def _successors(self, reference: str) -> list[str]:
        referentiel_id, _, item_id = reference.partition(":")
        selected = self.selected.get(referentiel_id)
        candidates = [selected.in_force, selected.referentiel] if selected else []
        for version in candidates:
            item = version.item(item_id)
            if item is not None and item.retired:
                return [s if ":" in s else f"{referentiel_id}:{s}" for s in item.successeurs]
        found = self.catalogue.find_item(reference)
        if found is None:
            return []
        return [s if ":" in s else f"{referentiel_id}:{s}" for s in found.successeurs]

    def _served_by(self, reference: str) -> set[str]:
        """The items one reference serves: every item reachable from it in the serving graph.

        Citing an item serves its twin (an item that lists a single equivalent, both ways), the
        umbrellas that list it among several equivalents (an umbrella serves none of them), and
        the items it ``contribue_a`` (one way); each of those serves in turn what it serves, so
        citing an item or its twin gives the same statuses everywhere.
        """
        cached = self._served_cache.get(reference)
        if cached is not None:
            return cached
        graph = self.catalogue.serving_graph(self._versions_in_use())
        served = {reference}
        pending = [reference]
        while pending:
            for target in graph.get(pending.pop(), ()):
                if target not in served:
                    served.add(target)
                    pending.append(target)
        self._served_cache[reference] = served
        return served

    def _versions_in_use(self) -> list[Referentiel]:
        versions = []
        for referentiel_id in self.catalogue.ids():
            selected = self.selected.get(referentiel_id)
            latest = self.catalogue.get(referentiel_id)
            version = selected.referentiel if selected else latest
            if version is not None:
                versions.append(version)
        return versions

    def exclude(self) -> list[ExclusionLink]:
        links = []
        seen: set[str] = set()
        for exclusion in self.contrat.exclusions:
            item, _ = self.lookup(exclusion.reference)
            if item is None:
                state = "inconnue"
            elif exclusion.reference in seen:
                state = "doublon"
            elif exclusion.jusqu_au is not None and exclusion.jusqu_au < self.today:
                state = "expiree"
            else:
                state = "valide"
                seen.add(exclusion.reference)
            links.append(ExclusionLink(exclusion, item, state))
        return links


def link(
    contrat: Contrat, catalogue: Catalogue, today: dt.date, only: tuple[str, ...] = ()
) -> Links:
    """Link a schema-valid contract to the référentiels it follows at a date.

    ``only`` (``--avec``) restricts the coverage to some référentiels, optionally at a version;
    references are resolved against the declared selection first.
    """
    linker = _Linker(contrat, catalogue, today)
    declarations = linker.select()
    citations = [
        linker.cite(action, reference)
        for action in contrat.actions
        for reference in action.references
    ]
    exclusions = linker.exclude()
    if only:
        linker.restrict(only)
    return Links(
        selected=linker.selected,
        declarations=tuple(declarations),
        citations=tuple(citations),
        exclusions=tuple(exclusions),
        serving=linker.serving,
    )
