"""PDF through the Chromium of the system (Debian's ``chromium`` package), headless.

Chromium prints the HTML report exactly as the tests see it (the same engine, the same CSS
for print). Nothing the user wrote is ever passed as an option: the HTML is written to a
private temporary folder and printed from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from contratcheck.errors import UsageError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds: a large portfolio takes a few seconds; a stuck browser must not hang CI
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI containers run as root, where the sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def find_chromium() -> str:
    """The browser to print with: ``CONTRATCHECK_CHROMIUM``, else the first one on the PATH."""
    configured = os.environ.get("CONTRATCHECK_CHROMIUM")
    if configured:
        if not Path(configured).is_file():
            raise UsageError(f"CONTRATCHECK_CHROMIUM désigne « {configured} », introuvable")
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise UsageError(
        "le format pdf a besoin de Chromium, introuvable : installez-le (Debian : "
        "« apt-get install chromium ») ou écrivez le rapport en html et imprimez-le en PDF "
        "depuis un navigateur"
    )


def print_pdf(html: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium; return the PDF."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="contratcheck-pdf-") as folder:
        page = Path(folder) / "rapport.html"
        target = Path(folder) / "rapport.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profil'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise UsageError(f"Chromium n'a pas produit le PDF en {TIMEOUT} s") from error
        except OSError as error:
            raise UsageError(f"impossible de lancer Chromium ({browser}) : {error}") from error
        if not target.exists() or target.stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["aucun message"]
            raise UsageError(
                f"Chromium n'a pas produit le PDF (code {done.returncode}) : {detail[0]}"
            )
        return target.read_bytes()
