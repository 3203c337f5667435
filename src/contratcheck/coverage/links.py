"""Contract × référentiels → coverage and findings (rules CC3xx and CC4xx), as pure functions.

The checks run in a fixed order, listed in ``align``: référentiel selection, actions,
references, exclusions, contract calendar, coverage.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from contratcheck.coverage.rating import CoverageBuilder
from contratcheck.formats.cdv1.calendar import check_calendar
from contratcheck.formats.cdv1.view import Action, Contrat, parse_date
from contratcheck.loading.qpv_list import QpvList, check_qpv_list
from contratcheck.model import (
    Finding,
    LocalAction,
    Position,
    ReferentielCoverage,
    YamlPath,
)
from contratcheck.referentiels.catalogue import Catalogue, Item, Referentiel
from contratcheck.rules.registry import FindingList
from contratcheck.rules.termes import check_terms


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


@dataclass
class Serving:
    """The actions that serve one item, by how they serve it."""

    direct: list[Action] = field(default_factory=list)
    through_retired: list[tuple[Action, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Alignment:
    """What alignment found about one contract."""

    findings: tuple[Finding, ...]
    referentiels: tuple[ReferentielCoverage, ...]
    actions_locales: tuple[LocalAction, ...]


class _Aligner:
    def __init__(self, contrat: Contrat, catalogue: Catalogue, today: dt.date) -> None:
        self.contrat = contrat
        self.catalogue = catalogue
        self.today = today
        self.findings = FindingList(contrat.document.name)
        self.selected: dict[str, Selected] = {}
        self.serving: dict[str, Serving] = defaultdict(Serving)
        self.exclusions: dict[str, tuple[str, str | None]] = {}
        self._served_cache: dict[str, set[str]] = {}

    # Référentiels -------------------------------------------------------------------------

    def select(self) -> None:
        contrat, catalogue, today = self.contrat, self.catalogue, self.today
        if contrat.declared is None:
            for referentiel_id in catalogue.ids():
                latest = catalogue.get(referentiel_id)
                in_force = catalogue.in_force(referentiel_id, today)
                if latest is None or in_force is None or not latest.national:
                    continue
                if latest.nature == "nomenclature" or contrat.generation not in latest.generations:
                    continue
                if latest.depuis and latest.depuis > today.isoformat():
                    continue
                self.selected[referentiel_id] = Selected(in_force, in_force, Position(1, 1), False)
            return
        for index, declaration in enumerate(contrat.declared):
            path: YamlPath = ("referentiels", index)
            position = contrat.document.position(path)
            referentiel_id, _, version = declaration.partition("@")
            versions = catalogue.versions.get(referentiel_id)
            if not versions:
                close = difflib.get_close_matches(referentiel_id, catalogue.ids(), n=1)
                suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
                self.findings.add(
                    "CC303",
                    f"référentiel « {referentiel_id} » inconnu{suggestion}",
                    path,
                    position,
                    "référentiels connus : " + ", ".join(catalogue.ids()),
                )
                continue
            in_force = catalogue.in_force(referentiel_id, today) or versions[0]
            followed = catalogue.get(referentiel_id, version) if version else in_force
            if followed is None:
                known = ", ".join(r.key for r in versions)
                self.findings.add(
                    "CC303",
                    f"version « {declaration} » inconnue ; versions connues : {known}",
                    path,
                    position,
                )
                continue
            if followed.version < in_force.version:
                self.findings.add(
                    "CC304",
                    f"le contrat suit « {followed.key} », remplacé par « {in_force.key} » "
                    f"depuis le {in_force.version}",
                    path,
                    position,
                    f"contratcheck migrate FICHIER --vers {in_force.key}",
                )
            self.selected[referentiel_id] = Selected(followed, in_force, position, True)

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

    # Actions and references ------------------------------------------------------------

    def check_actions(self) -> None:
        contrat, today = self.contrat, self.today
        seen: dict[str, Action] = {}
        contract_qpv = set(contrat.qpv)
        for action in contrat.actions:
            if action.id in seen:
                self.findings.add(
                    "CC307",
                    f"l'identifiant d'action « {action.id} » est déjà utilisé ligne "
                    f"{seen[action.id].position.line}",
                    (*action.path, "id"),
                    self.contrat.document.position((*action.path, "id")),
                )
            seen.setdefault(action.id, action)
            if action.debut and action.echeance and action.echeance < action.debut:
                self.findings.add(
                    "CC312",
                    f"l'échéance de l'action « {action.id} » ({action.echeance.isoformat()}) "
                    f"précède son début ({action.debut.isoformat()})",
                    (*action.path, "calendrier", "echeance"),
                    contrat.document.position((*action.path, "calendrier", "echeance")),
                )
            if action.is_overdue(today):
                assert action.echeance is not None
                self.findings.add(
                    "CC310",
                    f"l'action « {action.id} » a dépassé son échéance "
                    f"({action.echeance.isoformat()}) sans être réalisée : elle ne compte plus",
                    (*action.path, "calendrier", "echeance"),
                    contrat.document.position((*action.path, "calendrier", "echeance")),
                    "passez son statut à « realisee » ou « abandonnee », ou reportez l'échéance",
                )
            for number, code in enumerate(action.qpv):
                if code not in contract_qpv:
                    self.findings.add(
                        "CC311",
                        f"l'action « {action.id} » cite le QPV {code}, absent de « contrat.qpv »",
                        (*action.path, "qpv", number),
                        contrat.document.position((*action.path, "qpv", number)),
                    )
            for number, reference in enumerate(action.references):
                self.resolve(action, number, reference)

    def _lookup(self, reference: str) -> tuple[Item | None, bool]:
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

    def _unknown(self, reference: str, path: YamlPath, position: Position) -> None:
        referentiel_id = reference.partition(":")[0]
        if referentiel_id in self.catalogue.versions:
            candidates = [
                r for r in self.catalogue.all_references() if r.startswith(referentiel_id + ":")
            ]
        else:
            candidates = self.catalogue.all_references()
        close = difflib.get_close_matches(reference, candidates, n=1, cutoff=0.6)
        suggestion = f" : vouliez-vous dire « {close[0]} » ?" if close else ""
        what = "item" if referentiel_id in self.catalogue.versions else "référentiel"
        self.findings.add(
            "CC301",
            f"référence « {reference} » inconnue ({what} introuvable){suggestion}",
            path,
            position,
            "contratcheck referentiels show ID liste les items d'un référentiel",
        )

    def resolve(self, action: Action, number: int, reference: str) -> None:
        path = action.reference_path(number)
        position = self.contrat.document.position(path)
        item, retired = self._lookup(reference)
        if item is None:
            self._unknown(reference, path, position)
            return
        referentiel_id = item.referentiel
        if referentiel_id not in self.selected and self.contrat.declared is not None:
            self.findings.add(
                "CC309",
                f"« {reference} » appartient au référentiel « {referentiel_id} », que le contrat "
                "ne déclare pas dans « referentiels »",
                path,
                position,
                f"ajoutez « {referentiel_id} » à la liste « referentiels »",
            )
        if retired:
            successors = self._successors(reference)
            named = ", ".join(f"« {s} »" for s in successors) or "aucun successeur"
            self.findings.add(
                "CC302",
                f"« {reference} » est retiré ; remplacé par {named}",
                path,
                position,
                "contratcheck migrate réécrit les références retirées",
            )
            for successor in successors:
                self.serving[successor].through_retired.append((action, reference))
            return
        if not item.declinable_localement:
            self.findings.add(
                "CC308",
                f"« {reference} » est une mesure nationale qu'aucune action locale ne décline : "
                "elle n'entre pas dans la couverture",
                path,
                position,
            )
        for served in self._served_by(reference):
            self.serving[served].direct.append(action)

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
        """The items one reference serves: itself and its equivalents.

        An item listing a single equivalent is its twin (both ways); an item listing several
        is an umbrella: each of them serves it, it serves none of them.
        """
        cached = self._served_cache.get(reference)
        if cached is not None:
            return cached
        served = {reference}
        self._served_cache[reference] = served
        for referentiel in self._versions_in_use():
            for item in referentiel.items:
                if item.retired:
                    continue
                if item.reference == reference and len(item.equivalents) == 1:
                    served.update(item.equivalents)
                elif reference in item.equivalents:
                    served.add(item.reference)
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

    # Exclusions ------------------------------------------------------------------------

    def check_exclusions(self) -> None:
        document = self.contrat.document
        for index, exclusion in enumerate(document.data.get("exclusions", [])):
            path: YamlPath = ("exclusions", index, "reference")
            position = document.position(path)
            reference = exclusion["reference"]
            item, _ = self._lookup(reference)
            if item is None:
                self._unknown(reference, path, position)
                continue
            if reference in self.exclusions:
                self.findings.add("CC313", f"« {reference} » est exclu deux fois", path, position)
                continue
            until = parse_date(exclusion.get("jusqu_au"))
            if until is not None and until < self.today:
                self.findings.add(
                    "CC305",
                    f"l'exclusion de « {reference} » a expiré le {until.isoformat()} : "
                    "l'item compte de nouveau",
                    ("exclusions", index, "jusqu_au"),
                    document.position(("exclusions", index, "jusqu_au")),
                    "prolongez l'exclusion avec un nouveau motif, ou servez l'item",
                )
                continue
            self.exclusions[reference] = (exclusion["motif"], exclusion.get("jusqu_au"))


def align(
    contrat: Contrat,
    catalogue: Catalogue,
    today: dt.date,
    qpv_list: QpvList | None = None,
    only: tuple[str, ...] = (),
) -> Alignment:
    """Check a schema-valid contract against its référentiels at a date.

    ``only`` (``--avec``) restricts the check to some référentiels, optionally at a version.
    """
    aligner = _Aligner(contrat, catalogue, today)
    aligner.select()
    aligner.check_actions()
    aligner.check_exclusions()
    if only:
        aligner.restrict(only)
    calendar_findings, controls = check_calendar(contrat, today)
    builder = CoverageBuilder(contrat, today, aligner.selected, aligner.serving, aligner.exclusions)
    coverages = builder.cover(controls)
    findings = [
        *aligner.findings,
        *builder.findings,
        *calendar_findings,
        *check_terms(contrat, catalogue.terms, today),
    ]
    if qpv_list is not None:
        findings.extend(check_qpv_list(contrat, qpv_list))
    return Alignment(tuple(findings), tuple(coverages), tuple(builder.local_actions()))
