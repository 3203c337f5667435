"""Locate the schemas and référentiels shipped with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(kind: str) -> Path:
    """Return the folder of shipped files of one kind (``schemas`` or ``referentiels``).

    An installed wheel carries them in ``contratcheck/data``; a source checkout keeps them at
    the repository root.
    """
    installed = Path(str(resources.files("contratcheck"))) / "data" / kind
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / kind
