"""A workbook as the bytes of its .xlsx, made wholly in memory.

openpyxl writes each sheet to a temporary file before zipping it; on a full disk lxml
fails there with its own error, and the half-written sheet and zip try to finish
themselves again when collected, printing more errors after the first. Made in memory,
the only write to disk is the caller's, of finished bytes (see files.py); it is a tenth
of a build faster too.
"""

from __future__ import annotations

import datetime
import io
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from xlscore.writers.package import PackWorkbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file; a PackWorkbook's company and raw rows are completed on the way."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        target: Any = workbook.archive(archive) if isinstance(workbook, PackWorkbook) else archive
        # as openpyxl's own save does
        workbook.properties.modified = datetime.datetime.now(
            tz=datetime.UTC).replace(tzinfo=None)
        _InMemoryWriter(workbook, target).write_data()
    return buffer.getvalue()


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer, each sheet serialised into memory instead of a temporary file.
    Uses openpyxl's private writer: openpyxl is pinned below its next minor version."""

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
