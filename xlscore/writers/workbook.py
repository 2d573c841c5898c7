"""Assemble the workbook from its sheets and save it without ever leaving a half-written file."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from xlscore.calculator import Scorecard
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


def _save(workbook: Workbook, path: str) -> None:
    """openpyxl's save, with each sheet's XML kept in memory: openpyxl writes every sheet to
    a temporary file of its own first and deletes it after, a tenth of a build's time."""
    import datetime
    from io import BytesIO
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class InMemory(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:  # as openpyxl 3.1's, without the file
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            buffer = BytesIO()
            writer = WorksheetWriter(ws, out=buffer)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], buffer.getvalue())
            self.manifest.append(ws)

    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = datetime.datetime.now(
            tz=datetime.UTC).replace(tzinfo=None)
        InMemory(workbook, archive).write_data()


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Write beside the target, then rename: a failed save leaves the old file untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        _save(workbook, temporary)
        # mkstemp makes the file readable by its owner only; a workbook is for sharing.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
