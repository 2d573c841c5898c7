"""The `Data quality` sheet: every finding, what it means and where it came from."""

from __future__ import annotations

from collections import Counter
from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.model import Unit
from xlscore.quality import OPTIONAL, Check, Finding
from xlscore.writers import layout
from xlscore.writers import styles as st

HEADER_ROW = 5
HEADINGS = ["Check", "Month", "Measure", "File", "Line", "What to know"]
WIDTHS = [24, 10, 40, 34, 7, 80]


def counts_sentence(findings: tuple[Finding, ...]) -> str:
    counts = Counter(f.check for f in findings)
    parts = "; ".join(f"{check.value}: {counts[check]}" for check in Check
                      if counts[check] or check not in OPTIONAL)
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''} to check before circulating ({parts})."


def write_quality(sheet: Worksheet, card: Scorecard, findings: tuple[Finding, ...],
                  built: date) -> None:
    catalogue = card.catalogue
    sheet.title = "Data quality"
    layout.title(sheet, f"{catalogue.authority}: Data quality, {card.month.long_label}",
                 "Checked over the twelve months on the Trend sheet, the benchmarks and the "
                 "build's warnings. File and line say where each came from.")
    summary = sheet.cell(3, 1)
    st.set_text(summary, counts_sentence(findings))
    summary.font, summary.alignment = st.BOLD, st.WRAP
    layout.merge(sheet, 3, 1, 3, len(HEADINGS))
    layout.row_height(sheet, 3, st.wrapped_height([(summary.value, sum(WIDTHS))]))
    layout.header(sheet, HEADER_ROW, HEADINGS, height=20)
    layout.widths(sheet, WIDTHS)
    paint = layout.Painter(sheet, catalogue.colours)
    row = HEADER_ROW
    for finding in findings:
        row += 1
        measure = catalogue.measure(finding.measure) if finding.measure else None
        name = f"{measure.name} ({measure.id})" if measure else finding.measure
        texts = [finding.check.value, finding.month.label if finding.month else None, name,
                 finding.file, None, finding.message]
        for column, text in enumerate(texts, start=1):
            if column != 5:
                paint.text(row, column, text)
        if finding.line is None:
            paint.blank(row, 5)
        else:
            paint.number(row, 5, finding.line, Unit.COUNT)
        layout.row_height(sheet, row, st.wrapped_height(
            [(text, width) for text, width in zip(texts, WIDTHS, strict=True)
             if isinstance(text, str)]))
    if not findings:
        row += 1
        sheet.cell(row, 1, "No findings: every month has an extract with every measure, "
                   "no 0/0, every benchmark present, and no warnings.").font = st.MUTED
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    layout.print_setup(sheet, card, built, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                       area=f"A1:F{row}")
