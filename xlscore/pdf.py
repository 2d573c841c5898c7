"""The workbook as a PDF, through LibreOffice, for readers who will not open a spreadsheet.

LibreOffice is a large optional system package, so it is looked for only when a PDF is
asked for, and its absence is reported with the command that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from xlscore.files import replace_atomically, stopping_cleanly
from xlscore.problems import XlscoreError

INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: sudo apt-get install -y "
                "libreoffice-calc-nogui; macOS: brew install --cask libreoffice; Windows: "
                "libreoffice.org) and run again")
TIMEOUT = 120


class PdfError(XlscoreError):
    """The PDF could not be made; the message says why and what to do."""

    code = "pdf.failed"


class SofficeMissing(PdfError):
    """LibreOffice is not installed (or not on PATH)."""

    code = "pdf.no-libreoffice"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(workbook: Path, timeout: float = TIMEOUT) -> Path:
    """Write `<workbook>.pdf` beside the workbook and return its path.

    LibreOffice converts into a private folder with its own user profile, so that a
    LibreOffice the analyst has open (which locks the default profile) cannot block or
    hijack the conversion; the PDF then replaces any old one in a single rename.
    """
    soffice = find_soffice()
    if soffice is None:
        raise SofficeMissing(f"LibreOffice (soffice) is not installed, so no PDF was made: "
                             f"{INSTALL_HINT}")
    target = workbook.with_suffix(".pdf")
    with stopping_cleanly(), tempfile.TemporaryDirectory(prefix="xlscore-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", work, str(workbook)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice took more than {timeout:.0f} s to make the PDF; "
                           "close any LibreOffice windows and run again") from None
        except OSError as exc:
            raise PdfError(f"cannot run LibreOffice ({exc})") from None
        made = Path(work, workbook.with_suffix(".pdf").name)
        if result.returncode != 0 or not made.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise PdfError("LibreOffice could not convert the workbook"
                           + (f" ({detail[-1]})" if detail else ""))
        replace_atomically(target, lambda staged: shutil.move(made, staged))
    return target
