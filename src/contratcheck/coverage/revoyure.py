"""The national part of the 2027 review: the texts published since the contract's signature that
it does not yet reflect, and the schemes it still cites after their end. A pure function of what
linking and rating found, called by the engine for a format that builds a review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from contratcheck.coverage.controls import Control
from contratcheck.coverage.links import Citation, Links
from contratcheck.coverage.rating import Rating
from contratcheck.formats.view import Contrat
from contratcheck.model import (
    CitationPerimee,
    Finding,
    ItemCoverage,
    ItemNonRepris,
    Revoyure,
    Status,
    TexteParu,
)
from contratcheck.referentiels.catalogue import Catalogue
from contratcheck.referentiels.model import Item, Referentiel

# An item the contract does not reflect: neither covered nor excluded with a reason.
NOT_REFLECTED = (Status.MANQUANTE, Status.PARTIELLE, Status.OBSOLETE)
# The « termes périmés » family of rules.
TERMS_FAMILY = "CC6"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text_of(referentiel: Referentiel, item: Item) -> tuple[dt.date, str]:
    """The date and name of the text that set an item: its own ``depuis``, else its
    référentiel's."""
    since = referentiel.depuis or referentiel.date
    if item.depuis is not None and item.depuis != since:
        return item.depuis, _capitalised(item.force.texte or referentiel.titre)
    return since, referentiel.titre


def late_texts(
    contrat: Contrat, links: Links, rating: Rating, controls: Mapping[str, Control]
) -> tuple[TexteParu, ...]:
    """The followed texts published after the signature (else the start), with their items
    the contract does not reflect.

    An item rated by a control that a rule reports (signature, TFPB conventions, annual
    reports…) is left out: its ``depuis`` is a due date, not a text's, and the rule says it.
    """
    signed = contrat.signed_by() or contrat.debut
    groups: dict[tuple[dt.date, str, str], list[ItemCoverage]] = {}
    for coverage in rating.coverages:
        selected = links.selected.get(coverage.id)
        if selected is None:
            continue
        referentiel = selected.referentiel
        for rated in coverage.items:
            item_id = rated.reference.partition(":")[2]
            item = referentiel.item(item_id) or selected.in_force.item(item_id)
            if item is None:
                continue
            control = controls.get(item.controle) if item.controle else None
            if control is not None and control.reported_by:
                continue
            date, text = _text_of(referentiel, item)
            if date > signed:
                groups.setdefault((date, coverage.id, text), []).append(rated)
    return tuple(
        TexteParu(
            referentiel=referentiel_id,
            texte=text,
            date=date.isoformat(),
            items=len(items),
            non_repris=tuple(
                ItemNonRepris(i.reference, i.libelle, i.info.force, i.status, i.reason)
                for i in items
                if i.status in NOT_REFLECTED
            ),
        )
        for (date, referentiel_id, text), items in sorted(groups.items())
    )


def _retired(citation: Citation, catalogue: Catalogue, at: dt.date) -> CitationPerimee | None:
    item = citation.item
    assert item is not None
    in_force = catalogue.in_force(item.referentiel, at)
    current = in_force.item(item.id) if in_force else None
    retired = next((i for i in (current, item) if i is not None and i.retired), item)
    return CitationPerimee(
        action=citation.action.id,
        action_titre=citation.action.titre,
        reference=citation.reference.value,
        libelle=item.libelle,
        depuis=retired.retire_le,
        motif=retired.retire_motif or "item retiré du référentiel",
        successeurs=citation.successors,
    )


def _previous_generation(
    citation: Citation, contrat: Contrat, catalogue: Catalogue, at: dt.date
) -> CitationPerimee | None:
    item = citation.item
    assert item is not None
    referentiel = catalogue.get(item.referentiel)
    if referentiel is None or not referentiel.generations:
        return None
    if contrat.generation in referentiel.generations:
        return None
    reference = citation.reference.value
    current = [(i, s) for i, s in catalogue.successors_of(reference) if s.date <= at]
    generations = ", ".join(referentiel.generations)
    if current:
        _, succession = current[0]
        return CitationPerimee(
            action=citation.action.id,
            action_titre=citation.action.titre,
            reference=reference,
            libelle=item.libelle,
            depuis=succession.date.isoformat(),
            motif=_capitalised(succession.texte),
            successeurs=tuple(i.reference for i, _ in current),
        )
    return CitationPerimee(
        action=citation.action.id,
        action_titre=citation.action.titre,
        reference=reference,
        libelle=item.libelle,
        depuis=None,
        motif=f"Item de la génération {generations}, qu'aucun item de la génération du "
        "contrat ne remplace",
        successeurs=(),
    )


def ended_citations(
    contrat: Contrat, links: Links, catalogue: Catalogue, at: dt.date
) -> tuple[CitationPerimee, ...]:
    """The actions' citations of retired items and of items of an earlier generation."""
    found = []
    for citation in links.citations:
        if citation.item is None:
            continue
        if citation.retired:
            entry = _retired(citation, catalogue, at)
        else:
            entry = _previous_generation(citation, contrat, catalogue, at)
        if entry is not None:
            found.append(entry)
    return tuple(found)


def complete_review(
    revoyure: Revoyure,
    contrat: Contrat,
    links: Links,
    rating: Rating,
    catalogue: Catalogue,
    at: dt.date,
    findings: Iterable[Finding],
    controls: Mapping[str, Control],
) -> Revoyure:
    """The review with its national part: late texts, ended schemes, outdated terms."""
    return dataclasses.replace(
        revoyure,
        textes_parus=late_texts(contrat, links, rating, controls),
        citations_perimees=ended_citations(contrat, links, catalogue, at),
        termes_perimes=tuple(
            (f.position.line, f.message) for f in findings if f.code.startswith(TERMS_FAMILY)
        ),
    )
