"""The workbook as a PDF, through LibreOffice, for readers who will not open a spreadsheet.

LibreOffice is a large optional system package, so it is looked for only when a PDF is
asked for, and its absence is reported with the command that installs it.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from xlscore.files import replace_atomically, stopping_cleanly
from xlscore.model import PdfSettings
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


def convert(workbook: Path, timeout: float = TIMEOUT, settings: PdfSettings | None = None,
            ) -> Path:
    """Write `<workbook>.pdf` beside the workbook and return its path: the sheets and paper
    `settings` choose (default: the sheets a reader needs, each on its own paper).

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
        printed = Path(work, "in", workbook.name)
        printed.parent.mkdir()
        printed.write_bytes(for_print(workbook.read_bytes(), settings or PdfSettings()))
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", work, str(printed)]
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


_SHEET = re.compile(r'<sheet [^>]*?name="([^"]*)"[^>]*?/>')
_NAME = re.compile(r'<definedName ([^>]*?)localSheetId="(\d+)"([^>]*)>(.*?)</definedName>', re.S)
_PAPER = {"A3": "8", "A4": "9"}  # the paperSize codes of ECMA-376


def for_print(workbook: bytes, settings: PdfSettings) -> bytes:
    """The workbook as the PDF should print it: only the sheets chosen (LibreOffice prints
    hidden sheets too, so the others are left out of the copy's list of sheets, with their
    print areas), every page on the paper chosen, if one is. The pack itself is never
    changed: this is a copy for the conversion."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    book = source.read("xl/workbook.xml").decode("utf-8")
    names = [html.unescape(n) for n in _SHEET.findall(book)]
    kept = [n for n in names if n in settings.sheets] or names[:1]
    index = {names.index(n): new for new, n in enumerate(kept)}
    book = _SHEET.sub(lambda m: m.group(0) if html.unescape(m.group(1)) in kept else "", book)

    def renumbered(match: re.Match) -> str:
        old = int(match.group(2))
        if old not in index:
            return ""
        return (f'<definedName {match.group(1)}localSheetId="{index[old]}"{match.group(3)}>'
                f"{match.group(4)}</definedName>")

    book = _NAME.sub(renumbered, book)
    book = re.sub(r'(activeTab|firstSheet)="\d+"', r'\1="0"', book)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = book.encode("utf-8")
            elif settings.paper and item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'paperSize="\d+"', b'paperSize="%s"'
                              % _PAPER[settings.paper].encode(), data)
            copy.writestr(item, data)
    return out.getvalue()
