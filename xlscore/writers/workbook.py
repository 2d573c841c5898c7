"""Assemble the workbook from its sheets and save it without ever leaving a half-written file."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from xlscore.calculator import Scorecard
from xlscore.files import write_bytes_atomically
from xlscore.review import Review
from xlscore.writers.charts import write_charts
from xlscore.writers.quality import write_quality
from xlscore.writers.scorecard import write_scorecard
from xlscore.writers.summary import write_summary
from xlscore.writers.trend import write_trend


def workbook_name(card: Scorecard) -> str:
    return f"{card.catalogue.slug}-scorecard-{card.month}.xlsx"


def build_workbook(card: Scorecard, checked: Review, built: date) -> Workbook:
    """Every sheet, from the one calculated model: the scorecard and its review."""
    workbook = Workbook()
    write_scorecard(workbook.active, card, built)
    write_summary(workbook.create_sheet(), card, checked.summary, built)
    write_trend(workbook.create_sheet(), card, checked.trend, built)
    write_charts(workbook.create_sheet(), card, checked.trend, built)
    write_quality(workbook.create_sheet(), card, checked.findings, built)
    props = workbook.properties
    props.title = f"{card.catalogue.authority} {card.catalogue.title}, {card.month.long_label}"
    props.subject = "Children's services monthly performance scorecard"
    props.creator = "xlscore"
    return workbook


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Write beside the target, then rename: a failed save leaves the old file untouched
    and no temporary file behind.

    The workbook is made in memory, sheets included, and only the finished bytes go to
    disk: a zip or a sheet half-written to a full disk would try to finish itself again
    when collected, and print a second, confusing error after the clear one.
    """
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemoryWriter(workbook, archive).write_data()
    write_bytes_atomically(path, buffer.getbuffer())


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer, with each sheet serialised into memory instead of a temporary
    file (which is also a little faster)."""

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
