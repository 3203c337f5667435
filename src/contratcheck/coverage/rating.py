"""Coverage: the status of every item of the followed référentiels, with its reason (CC4xx).

The first status that holds wins (DESIGN §2): exclue, couverte, partielle, obsolete, manquante.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from contratcheck.formats.cdv1.calendar import Control
from contratcheck.formats.cdv1.view import Action, Contrat
from contratcheck.model import (
    ActionRef,
    AxisCoverage,
    ItemCoverage,
    LocalAction,
    Position,
    ReferentielCoverage,
    Status,
    StatusCounts,
    YamlPath,
)
from contratcheck.referentiels.catalogue import Item, Referentiel
from contratcheck.rules.registry import FindingList

if TYPE_CHECKING:
    from contratcheck.coverage.links import Selected, Serving


class CoverageBuilder:
    """Compute coverage from what alignment linked: actions serving items, exclusions."""

    def __init__(
        self,
        contrat: Contrat,
        today: dt.date,
        selected: dict[str, Selected],
        serving: dict[str, Serving],
        exclusions: dict[str, tuple[str, str | None]],
    ) -> None:
        self.contrat = contrat
        self.today = today
        self.selected = selected
        self.serving = serving
        self.exclusions = exclusions
        self.findings = FindingList(contrat.document.name)
        self._refs: dict[int, ActionRef] = {}

    def status_of(
        self, item: Item, selected: Selected, controls: dict[str, Control]
    ) -> tuple[Status, str, list[Action]] | None:
        """The status of one countable item, with its reason (None: not countable now)."""
        reference = item.reference
        serving = self.serving.get(reference)
        direct = list(dict.fromkeys(serving.direct)) if serving else []
        if item.controle == "pilier":
            direct += [a for a in self.contrat.actions if a.pilier == item.valeur]
        elif item.controle == "axe-transversal":
            direct += [a for a in self.contrat.actions if item.valeur in a.axes_transversaux]
        if reference in self.exclusions:
            motif, until = self.exclusions[reference]
            live = [a for a in direct if a.is_live(self.today)]
            if live:
                path, position = self._exclusion_place(reference)
                self.findings.add(
                    "CC306",
                    f"« {reference} » est exclu mais servi par l'action "
                    f"« {live[0].id} » : l'exclusion l'emporte",
                    path,
                    position,
                    "retirez l'exclusion si le contrat décline finalement cet item",
                )
            suffix = f" (jusqu'au {until})" if until else ""
            return Status.EXCLUE, f"exclusion{suffix} : {motif}", direct
        if item.controle and item.controle not in ("pilier", "axe-transversal"):
            control = controls.get(item.controle)
            if control is None or control.status is None:
                return None
            return control.status, control.reason, []
        retired_since = selected.retired_since.get(item.id)
        if retired_since is not None:
            named = ", ".join(retired_since.successeurs) or "aucun successeur"
            return (
                Status.OBSOLETE,
                f"retrait dans « {selected.in_force.key} » le {retired_since.retire_le} "
                f"(successeurs : {named})",
                direct,
            )
        live = [a for a in direct if a.is_live(self.today)]
        complete = [a for a in live if not a.missing_evidence()]
        if complete:
            ids = ", ".join(a.id for a in complete)
            return Status.COUVERTE, f"actions avec pilote, échéance et cible : {ids}", live
        if live:
            lacks = list(dict.fromkeys(m for a in live for m in a.missing_evidence()))
            ids = ", ".join(a.id for a in live)
            return Status.PARTIELLE, f"actions sans {', ni '.join(lacks)} : {ids}", live
        through_retired = serving.through_retired if serving else []
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
            ids = ", ".join(f"{a.id} (échéance {a.echeance})" for a in overdue)
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

    def _exclusion_place(self, reference: str) -> tuple[YamlPath, Position]:
        for index, exclusion in enumerate(self.contrat.document.data.get("exclusions", [])):
            if exclusion["reference"] == reference:
                path: YamlPath = ("exclusions", index, "reference")
                return path, self.contrat.document.position(path)
        return (), Position(1, 1)

    def cover(self, controls: dict[str, Control]) -> list[ReferentielCoverage]:
        results = []
        for referentiel_id in sorted(self.selected):
            selected = self.selected[referentiel_id]
            referentiel = selected.referentiel
            items: list[ItemCoverage] = []
            if referentiel.nature == "nomenclature":
                continue
            for item in referentiel.items:
                if item.retired or (item.depuis and item.depuis > self.today.isoformat()):
                    continue
                if not item.declinable_localement:
                    continue
                outcome = self.status_of(item, selected, controls)
                if outcome is None:
                    continue
                status, reason, actions = outcome
                retired_since = selected.retired_since.get(item.id)
                items.append(
                    ItemCoverage(
                        info=item.info,
                        status=status,
                        reason=reason,
                        actions=tuple(self._ref(a) for a in actions),
                        successeurs=retired_since.successeurs if retired_since else (),
                    )
                )
                self._coverage_finding(item, status, reason, selected)
            axes = tuple(
                AxisCoverage(
                    axis.id,
                    axis.libelle,
                    axis.type,
                    StatusCounts.count(
                        [
                            i.status
                            for i in items
                            if i.axe == axis.id or self._under(referentiel, i.axe, axis.id)
                        ]
                    ),
                )
                for axis in referentiel.axes
            )
            results.append(
                ReferentielCoverage(
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
                        i.reference
                        for i in referentiel.current_items()
                        if not i.declinable_localement
                    ),
                )
            )
        return results

    @staticmethod
    def _under(referentiel: Referentiel, axis_id: str, ancestor: str) -> bool:
        axis = referentiel.axis(axis_id)
        while axis is not None and axis.parent is not None:
            if axis.parent == ancestor:
                return True
            axis = referentiel.axis(axis.parent)
        return False

    def _coverage_finding(
        self, item: Item, status: Status, reason: str, selected: Selected
    ) -> None:
        if status in (Status.COUVERTE, Status.EXCLUE):
            return
        if item.controle and item.controle not in ("pilier", "axe-transversal"):
            return  # reported by the contract-level rule (CC5xx)
        code = {Status.MANQUANTE: "CC401", Status.PARTIELLE: "CC402", Status.OBSOLETE: "CC403"}[
            status
        ]
        label = {
            Status.MANQUANTE: "manquante",
            Status.PARTIELLE: "partielle",
            Status.OBSOLETE: "obsolète",
        }[status]
        path: YamlPath = ("referentiels",) if selected.declared else ("actions",)
        position = selected.position if selected.declared else self.contrat.position(("actions",))
        self.findings.add(
            code,
            f"{item.reference} ({item.libelle}) : {label} — {reason}",
            path,
            position,
            "citez-le dans les « references » d'une action, ou excluez-le avec un motif",
        )

    def local_actions(self) -> list[LocalAction]:
        return [
            LocalAction(a.id, a.titre, a.position) for a in self.contrat.actions if not a.references
        ]
