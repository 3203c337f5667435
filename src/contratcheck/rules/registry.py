"""Every rule, in one registry: the families of ``rules/`` and each contract format's own rules.

Each rule's docstring is its French documentation.

``contratcheck regles`` lists them, ``contratcheck explain CODE`` prints the docstring, and a
test runs the two examples of every docstring: the rule must fire on the failing one only.

Codes are public API (JSON, SARIF, JUnit, baselines): never renumber or reuse one.
- CC1xx: reading the file (encoding, YAML syntax, hostile input);
- CC2xx: the contract schema;
- CC3xx: references to référentiels, exclusions, actions;
- CC4xx: coverage of référentiel items;
- CC5xx: contract-level checks on the legal calendar and the official QPV list;
- CC6xx: outdated terms;
- CC7xx: référentiel files;
- CC8xx: suppression comments.

Example blocks: ``Exemple conforme :`` / ``Exemple en défaut :``, then a block indented by four
spaces. By default a block is a fragment whose top-level keys replace those of BASE_CONTRAT,
checked at DEFAULT_DATE. Options in brackets change that: ``fichier entier``, ``Windows-1252``,
``UTF-16``, ``taille > 8 Mio``, ``dossier``, ``référentiel``, ``deux fois``, ``--date …``,
``--liste-qpv``, ``--interdire-suppressions``.
"""

from __future__ import annotations

from contratcheck.formats.registry import formats
from contratcheck.rules import (
    calendrier,
    couverture,
    format,
    lecture,
    references,
    referentiels,
    suppressions,
    termes,
)
from contratcheck.rules.base import Rule, collect

# The rules every contract goes through, whatever its format, in the order they run.
COMMON: tuple[Rule, ...] = (
    *references.RULES,
    *couverture.RULES,
    *calendrier.RULES,
    *termes.RULES,
)

RULES: dict[str, Rule] = dict(
    sorted(
        collect(
            (
                *lecture.RULES,
                *format.RULES,
                *COMMON,
                *(r for f in formats() for r in f.rules),
                *referentiels.RULES,
                *suppressions.RULES,
            )
        ).items()
    )
)
