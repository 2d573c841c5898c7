"""The `Trend` sheet: each measure over the twelve months ending with the current month."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.periods import Month
from xlscore.revisions import Revision
from xlscore.trends import Trend, TrendLine
from xlscore.writers import comments, layout
from xlscore.writers import styles as st

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1  # the first section band
NAME_WIDTH = 46
FIRST_MONTH_COLUMN = 5  # after Measure, Direction, Target, Tolerance


def headings(card: Scorecard, trend: Trend) -> list[str]:
    return ["Performance Measure", "Direction of travel", f"Target {card.month.financial_year}",
            "Tolerance", *(month.label for month in trend.months)]


def write_trend(sheet: Worksheet, card: Scorecard, trend: Trend, built: date,
                revised: Mapping[tuple[str, Month], Revision] | None = None) -> None:
    """`revised`: figures changed since the previous pack; their cells carry a comment."""
    catalogue = card.catalogue
    sheet.title = "Trend"
    first, last = trend.months[0], trend.months[-1]
    layout.title(sheet, f"{catalogue.authority}: Trend, {first.long_label} to {last.long_label}",
                 "Each month is coloured by the Scorecard's target rule against that month's "
                 "own financial year target. n/a: no figure (no extract that month, or not "
                 "available).")
    texts = headings(card, trend)
    layout.header(sheet, HEADER_ROW, texts, height=32)
    paint = layout.Painter(sheet, catalogue.colours)
    row = HEADER_ROW
    for row, section, line in layout.section_rows(trend.section_lines(catalogue), FIRST_ROW):
        if line is None:
            layout.band(sheet, row, section, len(texts))
            continue
        _write_line(paint, row, line)
        if revised:
            for column, month in enumerate(trend.months, start=FIRST_MONTH_COLUMN):
                comments.revised(sheet.cell(row, column), revised.get((line.measure.id,
                                                                        month)))
    layout.widths(sheet, [NAME_WIDTH, 19, 11, 10] + [9] * len(trend.months))
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    layout.print_setup(sheet, card, built, paper="A3",
                       title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                       area=f"A1:{get_column_letter(len(texts))}{row}")


def _write_line(paint: layout.Painter, row: int, line: TrendLine) -> None:
    measure = line.measure
    paint.text(row, 1, measure.name)
    paint.text(row, 2, measure.direction.label if measure.direction else st.NA, wrap=False)
    paint.target(row, 3, measure, line.current_target)
    for column, figure in enumerate(line.figures, start=FIRST_MONTH_COLUMN):
        paint.number(row, column, figure.value, measure.unit, rating=figure.rating)
    layout.row_height(paint.sheet, row, st.wrapped_height([(measure.name, NAME_WIDTH)]))
