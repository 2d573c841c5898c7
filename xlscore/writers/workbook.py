"""Assemble the workbook from its sheets and save it without ever leaving a half-written file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from xlscore.calculator import Scorecard
from xlscore.files import write_bytes_atomically
from xlscore.review import Review
from xlscore.writers.charts import write_charts
from xlscore.writers.quality import write_quality
from xlscore.writers.saving import workbook_bytes
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
    and no temporary file behind (the workbook is made in memory: saving.py)."""
    write_bytes_atomically(path, workbook_bytes(workbook))
