"""What changed between two versions of a référentiel (``referentiels diff``)."""

from __future__ import annotations

from dataclasses import dataclass

from contratcheck.referentiels.model import Item, Referentiel


@dataclass(frozen=True)
class Relabel:
    """An item whose label changed between two versions."""

    id: str
    avant: str
    apres: str


@dataclass(frozen=True)
class Diff:
    """What changed between two versions of a référentiel."""

    avant: Referentiel
    apres: Referentiel
    ajoutes: tuple[Item, ...]
    retires: tuple[Item, ...]
    supprimes: tuple[Item, ...]
    relibelles: tuple[Relabel, ...]


def diff_versions(before: Referentiel, after: Referentiel) -> Diff:
    """Items added, retired, removed (absent: should never happen) and relabelled."""
    added = tuple(i for i in after.items if before.item(i.id) is None)
    retired = tuple(
        i
        for i in after.items
        if i.retired and (old := before.item(i.id)) is not None and not old.retired
    )
    removed = tuple(i for i in before.items if after.item(i.id) is None)
    relabelled = tuple(
        Relabel(i.id, old.libelle, i.libelle)
        for i in after.items
        if (old := before.item(i.id)) is not None and old.libelle != i.libelle
    )
    return Diff(before, after, added, retired, removed, relabelled)
