"""The catalogue: every loaded référentiel version, its lookups, and which référentiels apply
to a contract of a generation at a date."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from contratcheck.errors import UsageError
from contratcheck.model import ItemInfo
from contratcheck.referentiels.model import Item, Referentiel, Succession, Term


@dataclass(frozen=True)
class Catalogue:
    """Every loaded référentiel version, by id, oldest version first, and the outdated terms."""

    versions: dict[str, tuple[Referentiel, ...]]
    terms: tuple[Term, ...] = ()
    # Serving graphs by the versions in use: most contracts of a batch share one.
    _graphs: dict[tuple[str, ...], dict[str, frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def serving_graph(self, in_use: list[Referentiel]) -> dict[str, frozenset[str]]:
        """reference → the references that citing it also serves directly.

        An item listing a single equivalent is a twin (both ways); an item listing several is
        an umbrella (each member serves it); ``contribue_a`` serves one way.
        """
        key = tuple(r.key for r in in_use)
        found = self._graphs.get(key)
        if found is not None:
            return found
        graph: dict[str, set[str]] = {}
        for referentiel in in_use:
            for item in referentiel.items:
                if item.retired:
                    continue
                if len(item.equivalents) == 1:
                    twin = item.equivalents[0]
                    graph.setdefault(item.reference, set()).add(twin)
                    graph.setdefault(twin, set()).add(item.reference)
                else:
                    for member in item.equivalents:
                        graph.setdefault(member, set()).add(item.reference)
                for target in item.contribue_a:
                    graph.setdefault(item.reference, set()).add(target)
        frozen = {k: frozenset(v) for k, v in graph.items()}
        self._graphs[key] = frozen
        return frozen

    def ids(self) -> list[str]:
        return sorted(self.versions)

    def get(self, referentiel_id: str, version: str | None = None) -> Referentiel | None:
        versions = self.versions.get(referentiel_id, ())
        if version is None:
            return versions[-1] if versions else None
        return next((r for r in versions if r.version == version), None)

    def in_force(self, referentiel_id: str, date: dt.date) -> Referentiel | None:
        """The newest version whose date is on or before the given date."""
        candidates = [r for r in self.versions.get(referentiel_id, ()) if r.date <= date]
        return candidates[-1] if candidates else None

    def find_item(self, reference: str) -> Item | None:
        """Find an item by ``ref:item`` in the newest version that knows it."""
        referentiel_id, _, item_id = reference.partition(":")
        for version in reversed(self.versions.get(referentiel_id, ())):
            item = version.item(item_id)
            if item is not None:
                return item
        return None

    @functools.cached_property
    def item_infos(self) -> dict[str, ItemInfo]:
        """The shared description of every item, newest version first."""
        infos: dict[str, ItemInfo] = {}
        for versions in self.versions.values():
            for referentiel in reversed(versions):
                for item in referentiel.items:
                    infos.setdefault(item.reference, item.info)
        return infos

    def applicable(self, generation: str, date: dt.date) -> list[Referentiel]:
        """The national référentiels a contract of this generation follows at a date, when it
        declares none: the version in force of each, for that generation, already published."""
        found = []
        for referentiel_id in self.ids():
            latest = self.get(referentiel_id)
            in_force = self.in_force(referentiel_id, date)
            if latest is None or in_force is None or not latest.national:
                continue
            if latest.nature == "nomenclature" or generation not in latest.generations:
                continue
            if latest.depuis and latest.depuis > date:
                continue
            found.append(in_force)
        return found

    @functools.cached_property
    def _successions(self) -> dict[str, list[tuple[Item, Succession]]]:
        found: dict[str, list[tuple[Item, Succession]]] = {}
        for referentiel_id in self.ids():
            latest = self.versions[referentiel_id][-1]
            for item in latest.items:
                for succession in item.succede_a:
                    found.setdefault(succession.reference, []).append((item, succession))
        return found

    def successors_of(self, reference: str) -> list[tuple[Item, Succession]]:
        """The items that declare they take over ``reference`` (``succede_a``), newest version
        of each référentiel, with the succession they declare."""
        return self._successions.get(reference, [])

    def all_references(self) -> list[str]:
        return sorted({i.reference for rs in self.versions.values() for r in rs for i in r.items})


def parse_key(text: str, catalogue: Catalogue) -> Referentiel:
    """Resolve ``ID`` (newest version) or ``ID@AAAA-MM-JJ``; raise a usage error otherwise."""
    referentiel_id, _, version = text.partition("@")
    if referentiel_id not in catalogue.versions:
        raise UsageError(
            f"référentiel « {referentiel_id} » inconnu ; connus : {', '.join(catalogue.ids())}"
        )
    found = catalogue.get(referentiel_id, version or None)
    if found is None:
        known = ", ".join(r.key for r in catalogue.versions[referentiel_id])
        raise UsageError(f"version « {text} » inconnue ; versions connues : {known}")
    return found
