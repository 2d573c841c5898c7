"""Assemble the workbook from its sheets and save it without ever leaving a half-written file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from xlscore.calculator import Scorecard
from xlscore.files import write_bytes_atomically
from xlscore.review import Review
from xlscore.writers import benchmarks
from xlscore.writers.charts import write_charts
from xlscore.writers.cover import SHEET as COVER
from xlscore.writers.cover import write_cover
from xlscore.writers.data import write_data
from xlscore.writers.notes import write_notes
from xlscore.writers.publication import finish
from xlscore.writers.quality import write_quality
from xlscore.writers.saving import PackWorkbook, workbook_bytes
from xlscore.writers.scorecard import write_scorecard
from xlscore.writers.summary import write_summary
from xlscore.writers.trend import write_trend


def workbook_name(card: Scorecard) -> str:
    return f"{card.catalogue.slug}-scorecard-{card.month}.xlsx"


def build_workbook(card: Scorecard, checked: Review, built: date) -> Workbook:
    """Every sheet, from the one calculated model: the scorecard and its review.

    The Scorecard comes first and is active when the workbook opens: it is what a director
    reads. The Cover and Notes follow it, then the other sheets, the Data table last.
    """
    workbook = PackWorkbook()
    revised = checked.revised
    write_scorecard(workbook.active, card, built, revised)
    cover = workbook.create_sheet()
    notes = workbook.create_sheet()
    comparison = checked.comparison  # five years of DfE benchmarks, when the file has them
    write_summary(workbook.create_sheet(), card, checked.summary, built,
                  (benchmarks.summary_line(comparison),) if comparison else ())
    write_trend(workbook.create_sheet(), card, checked.trend, built, revised)
    if comparison is not None:
        benchmarks.write_benchmarks(workbook.create_sheet(), card, comparison, built)
    write_charts(workbook.create_sheet(), card, checked.trend, built, checked.spc)
    write_quality(workbook.create_sheet(), card, checked.findings, built)
    if checked.spc is not None:  # statistical process control, only when asked for
        from xlscore.writers.variation import add_scorecard_columns, add_summary, mark_trend

        add_scorecard_columns(workbook["Scorecard"], card, checked.spc)
        add_summary(workbook["Summary"], card, checked.spc)
        mark_trend(workbook["Trend"], card, checked.trend, checked.spc)
    write_data(workbook.create_sheet(), card, checked.records, built, revised)
    write_notes(notes, card, built, tuple(benchmarks.notes(comparison)) if comparison else ())
    cover.title = COVER  # the contents list needs every sheet's name, its own included
    write_cover(cover, card, checked, built, workbook.sheetnames)
    finish(workbook, card)
    return workbook


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Write beside the target, then rename: a failed save leaves the old file untouched
    and no temporary file behind (the workbook is made in memory: saving.py)."""
    write_bytes_atomically(path, workbook_bytes(workbook))
