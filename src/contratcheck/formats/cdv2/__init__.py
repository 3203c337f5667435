"""Format ``contrat-de-ville/2``: the contracts of the 2024–2030 generation « Engagements
Quartiers 2030 » (métropole 2024-2030, outre-mer 2025-2030): local priorities instead of
piliers, projets de quartier, participation and investment volets, décret n° 2024-1037."""

from __future__ import annotations

import datetime as dt

from contratcheck.formats.base import ContractFormat
from contratcheck.formats.cdv2 import rules
from contratcheck.formats.cdv2.checks import legal_end, qpv_code_problem
from contratcheck.formats.cdv2.controls import CONTROLS
from contratcheck.formats.cdv2.names import FORMAT, GENERATION
from contratcheck.formats.cdv2.skeleton import skeleton
from contratcheck.formats.cdv2.summary import summarise
from contratcheck.formats.view import Contrat
from contratcheck.loading.document import Document


def read_contrat(document: Document) -> Contrat:
    """The contract's typed view; the view's module is imported by the first format-2 contract."""
    from contratcheck.formats.cdv2.view import read_contrat as read

    return read(document)


FORMAT_2 = ContractFormat(
    id=FORMAT,
    generation=GENERATION,
    titre="Contrat de ville 2024-2030 « Engagements Quartiers 2030 »",
    premier_jour=dt.date(2024, 1, 1),
    dernier_jour=dt.date(2030, 12, 31),
    schema="contrat-v2",
    read=read_contrat,
    rules=rules.RULES,
    controls=CONTROLS,
    axe_titre="Priorité",
    axe_libelles={},  # local priorities: each contract names its own (summary)
    legal_end=legal_end,
    successeur=(
        "les contrats renouvelés à partir du 1er janvier 2030 lui succèdent (décret "
        "n° 2024-1037, art. 1er)"
    ),
    qpv_code_problem=qpv_code_problem,
    skeleton=skeleton,
    summarise=summarise,
)

__all__ = ["FORMAT_2"]
