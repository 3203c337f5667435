"""Format ``contrat-de-ville/1``: the contracts of the 2015–2023 generation (loi Lamy 2014,
three piliers, revised in 2019 by a PERR, prorogued by law to 2023)."""

from __future__ import annotations

import datetime as dt

from contratcheck.formats.base import ContractFormat
from contratcheck.formats.cdv1 import rules
from contratcheck.formats.cdv1.calendar import CONTROLS, legal_end
from contratcheck.formats.cdv1.names import FORMAT, GENERATION
from contratcheck.formats.cdv1.skeleton import skeleton
from contratcheck.formats.cdv1.summary import PILIERS, summarise
from contratcheck.formats.view import Contrat
from contratcheck.loading.document import Document


def read_contrat(document: Document) -> Contrat:
    """The contract's typed view; the view's module is imported by the first format-1 contract."""
    from contratcheck.formats.cdv1.view import read_contrat as read

    return read(document)


def qpv_code_problem(code: str, today: dt.date) -> str | None:
    """A 2015–2023 contract names its QPV with the « QP » codes of the 2015 geography."""
    if code.startswith("QN"):
        return (
            f"le code {code} est de la géographie 2024, alors que le contrat est de la "
            "génération 2015-2023 (codes « QP »)"
        )
    return None


FORMAT_1 = ContractFormat(
    id=FORMAT,
    generation=GENERATION,
    titre="Contrat de ville 2015-2023 (loi du 21 février 2014)",
    premier_jour=dt.date(2014, 2, 21),
    dernier_jour=dt.date(2023, 12, 31),
    schema="contrat",
    read=read_contrat,
    rules=rules.RULES,
    controls=CONTROLS,
    axe_titre="Pilier",
    axe_libelles=PILIERS,
    legal_end=legal_end,
    successeur="les contrats « Engagements Quartiers 2030 » (2024-2030) lui succèdent",
    qpv_code_problem=qpv_code_problem,
    skeleton=skeleton,
    summarise=summarise,
)

__all__ = ["FORMAT_1"]
