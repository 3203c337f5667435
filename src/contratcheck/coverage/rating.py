"""Rate every item of the followed référentiels, with the reason behind its status.

The first status that holds wins (DESIGN §2): exclue, couverte, partielle, obsolete, manquante.
A pure function of what linking found; the « couverture » rules say the gaps (CC4xx).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from contratcheck.coverage.controls import ByActions, Control, Verdict
from contratcheck.coverage.links import Links, Selected
from contratcheck.formats.view import Action, Contrat, Exclusion
from contratcheck.french import french_date
from contratcheck.model import (
    ActionRef,
    AxisCoverage,
    ItemCoverage,
    LocalAction,
    ReferentielCoverage,
    Status,
    StatusCounts,
)
from contratcheck.referentiels.model import Item, Referentiel


@dataclass(frozen=True)
class Gap:
    """A countable item neither covered nor excluded, rated from actions (not by a verdict)."""

    item: Item
    coverage: ItemCoverage
    selected: Selected


@dataclass(frozen=True)
class Conflict:
    """An excluded item that a live action still serves (the exclusion wins)."""

    exclusion: Exclusion
    action: Action


@dataclass(frozen=True)
class Rating:
    """The coverage of one contract, with what the rules need to say about it."""

    coverages: tuple[ReferentielCoverage, ...]
    gaps: tuple[Gap, ...]
    conflicts: tuple[Conflict, ...]
    local_actions: tuple[LocalAction, ...]


Outcome = tuple[Status, str, list[Action]]


class _Rater:
    def __init__(
        self, contrat: Contrat, links: Links, controls: Mapping[str, Control], today: dt.date
    ) -> None:
        self.contrat = contrat
        self.links = links
        self.controls = controls
        self.today = today
        self.exclusions = links.valid_exclusions()
        self.conflicts: list[Conflict] = []
        self.gaps: list[Gap] = []
        self._refs: dict[int, ActionRef] = {}

    def status_of(self, item: Item, selected: Selected) -> tuple[Outcome | None, bool]:
        """The status of one countable item (None: not countable now), and whether a
        control's own verdict set it."""
        reference = item.reference
        serving = self.links.serving.get(reference)
        direct = list(dict.fromkeys(serving.direct)) if serving else []
        verdict: Verdict | None = None
        reported = False
        if item.controle is not None:
            control = self.controls.get(item.controle)
            if control is None:
                return None, True  # a control of another format: not countable here
            result = control.evaluate(self.contrat, item.valeur, self.today)
            if isinstance(result, ByActions):
                direct += list(result.actions)
            else:
                verdict = result
                reported = bool(control.reported_by)
        exclusion = self.exclusions.get(reference)
        if exclusion is not None:
            live = [a for a in direct if a.is_live(self.today)]
            if live:
                self.conflicts.append(Conflict(exclusion, live[0]))
            until = exclusion.jusqu_au
            suffix = f" jusqu'au {french_date(until)}" if until else ""
            return (Status.EXCLUE, f"exclusion{suffix} : {exclusion.motif}", direct), False
        if verdict is not None:
            if verdict.status is None:
                return None, True
            return (verdict.status, verdict.reason, []), reported
        return self._from_actions(item, selected, direct, serving), False

    def _from_actions(
        self, item: Item, selected: Selected, direct: list[Action], serving: object
    ) -> Outcome:
        retired_since = selected.retired_since.get(item.id)
        if retired_since is not None:
            named = ", ".join(retired_since.successeurs) or "aucun successeur"
            return (
                Status.OBSOLETE,
                f"retrait dans « {selected.in_force.key} » le "
                f"{french_date(retired_since.retire_le or selected.in_force.version)} "
                f"(successeurs : {named})",
                direct,
            )
        live = [a for a in direct if a.is_live(self.today)]
        complete = [a for a in live if not a.missing_evidence()]
        if complete:
            ids = ", ".join(a.id for a in complete)
            return Status.COUVERTE, f"actions avec pilote, échéance et cible : {ids}", live
        if live:
            lacks = " ; ".join(f"{a.id} sans {' ni '.join(a.missing_evidence())}" for a in live)
            return Status.PARTIELLE, f"actions incomplètes : {lacks}", live
        through = self.links.serving.get(item.reference)
        through_retired = through.through_retired if through else []
        via_retired = [(a, r) for a, r in through_retired if a.is_live(self.today)]
        overdue = [a for a in direct if a.is_overdue(self.today)]
        if via_retired:
            refs = ", ".join(sorted({r for _, r in via_retired}))
            return (
                Status.OBSOLETE,
                f"uniquement via une référence retirée ({refs})",
                [a for a, _ in via_retired],
            )
        if overdue:
            ids = ", ".join(
                f"{a.id} (échéance du {french_date(a.echeance)})" for a in overdue if a.echeance
            )
            return Status.OBSOLETE, f"uniquement via des actions échues : {ids}", overdue
        abandoned = [a for a in direct if a.statut == "abandonnee"]
        if abandoned:
            ids = ", ".join(a.id for a in abandoned)
            return Status.MANQUANTE, f"aucune action vivante (abandonnée : {ids})", abandoned
        return Status.MANQUANTE, "aucune action", []

    def _ref(self, action: Action) -> ActionRef:
        """One shared value per action, however many items it serves."""
        found = self._refs.get(action.index)
        if found is None:
            found = self._refs[action.index] = action.ref()
        return found

    def rate(self, selected: Selected) -> ReferentielCoverage | None:
        referentiel = selected.referentiel
        if referentiel.nature == "nomenclature":
            return None
        items: list[ItemCoverage] = []
        for item in referentiel.items:
            if item.retired or (item.depuis and item.depuis > self.today):
                continue
            if not item.declinable_localement:
                continue
            outcome, by_verdict = self.status_of(item, selected)
            if outcome is None:
                continue
            status, reason, actions = outcome
            retired_since = selected.retired_since.get(item.id)
            coverage = ItemCoverage(
                info=item.info,
                status=status,
                reason=reason,
                actions=tuple(self._ref(a) for a in actions),
                successeurs=retired_since.successeurs if retired_since else (),
            )
            items.append(coverage)
            if not by_verdict and status not in (Status.COUVERTE, Status.EXCLUE):
                self.gaps.append(Gap(item, coverage, selected))
        axes = tuple(
            AxisCoverage(
                axis.id,
                axis.libelle,
                axis.type,
                StatusCounts.count(
                    [
                        i.status
                        for i in items
                        if i.axe == axis.id or _under(referentiel, i.axe, axis.id)
                    ]
                ),
            )
            for axis in referentiel.axes
        )
        return ReferentielCoverage(
            id=referentiel.id,
            version=referentiel.version,
            titre=referentiel.titre,
            items_identifies=len(referentiel.current_items()),
            items_annonces=referentiel.items_annonces,
            unite=referentiel.unite,
            unite_feminin=referentiel.unite_feminin,
            counts=StatusCounts.count([i.status for i in items]),
            axes=axes,
            items=tuple(items),
            non_declinables=tuple(
                i.reference for i in referentiel.current_items() if not i.declinable_localement
            ),
        )


def _under(referentiel: Referentiel, axis_id: str, ancestor: str) -> bool:
    axis = referentiel.axis(axis_id)
    while axis is not None and axis.parent is not None:
        if axis.parent == ancestor:
            return True
        axis = referentiel.axis(axis.parent)
    return False


def rate(contrat: Contrat, links: Links, controls: Mapping[str, Control], today: dt.date) -> Rating:
    """Rate every item of every followed référentiel at a date."""
    rater = _Rater(contrat, links, controls, today)
    coverages = []
    for referentiel_id in sorted(links.selected):
        coverage = rater.rate(links.selected[referentiel_id])
        if coverage is not None:
            coverages.append(coverage)
    return Rating(
        coverages=tuple(coverages),
        gaps=tuple(rater.gaps),
        conflicts=tuple(rater.conflicts),
        local_actions=tuple(
            LocalAction(a.id, a.titre, a.position) for a in contrat.actions if not a.references
        ),
    )
