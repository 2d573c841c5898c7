"""The `Scorecard` sheet, laid out as the published scorecard: title, key, headers, measures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Line, Scorecard
from xlscore.model import Rating
from xlscore.periods import Month
from xlscore.ratings import key_lines
from xlscore.revisions import Revision
from xlscore.writers import comments
from xlscore.writers import styles as st
from xlscore.writers.layout import (
    Painter,
    merge,
    page_header_footer,
    print_setup,
    row_height,
    section_rows,
)

HEADINGS = ("Performance Measure", "Definitions", "Target", "Tolerance", "Direction of travel",
            "Baseline", "Previous Month", "Current Month", "Full quarter", "Annual return")
# Up to this many measures the Scorecard prints on one A3 page (the director's page); a
# larger catalogue prints one page wide over as many pages as it needs.
ONE_PAGE = 60
LOCAL = "local measure"  # a comparator cell of a `benchmark: local` measure
BENCHMARK_HEADING = "Benchmarking (annual or quarterly or as at 31st March)"
COMMENTARY = "Commentary"
KEY_ROW = 4
NAME_WIDTH, DEFINITION_WIDTH, COMMENTARY_WIDTH, DIRECTION_WIDTH = 46, 58, 40, 19
KEY_WIDTH = NAME_WIDTH + DEFINITION_WIDTH
HEADER_ROW = 9
FIRST_ROW = HEADER_ROW + 2  # the first section band, under the period labels
FIRST_FIGURE_COLUMN = 6  # Baseline
COLUMN_WIDTH = 14  # an opt-in column's (`columns:`)


def period_labels(card: Scorecard) -> list[str]:
    """The row under the headings: which month, quarter or year each column holds."""
    spec, authority = card.catalogue.benchmarks, card.catalogue.authority
    labels = ["", "", "", "", "", card.baseline_month.label, card.previous_month.label,
              card.month.label, f"{authority} {card.quarter}"]
    labels += [column.label(card.month) for column in card.catalogue.columns]
    if spec:
        labels.append(f"{spec.own} {spec.period}")
        labels += [f"{column} {spec.period}" for column in spec.columns]
    else:
        labels.append("")
    return labels


def headings(card: Scorecard) -> list[str]:
    """The published headings, with the catalogue's `columns:` after Full quarter."""
    quarter = HEADINGS.index("Full quarter") + 1
    return [*HEADINGS[:quarter], *(c.heading for c in card.catalogue.columns),
            *HEADINGS[quarter:]]


def write_scorecard(sheet: Worksheet, card: Scorecard, built: date,
                    revised: Mapping[tuple[str, Month], Revision] | None = None) -> None:
    """`revised`: figures changed since the previous pack, by (measure id, month); their
    cells carry a comment saying so."""
    catalogue = card.catalogue
    labels = period_labels(card)
    last_column = len(labels) + 1  # + Commentary
    sheet.title = "Scorecard"
    st.set_text(sheet["A1"], f"{catalogue.authority} {catalogue.title}: {card.month.long_label}")
    sheet["A1"].font = st.TITLE_FONT
    sheet["A2"] = (f"Built {built:%d %B %Y} by xlscore. Figures are rounded half up as shown "
                   "and every colour is computed from the figure shown.")
    sheet["A2"].font = st.MUTED

    for offset, (rating, text) in enumerate(key_lines(catalogue.benchmarks, catalogue.columns)):
        row = KEY_ROW + offset
        cell = sheet.cell(row, 1)
        st.set_text(cell, text)
        st.rated(cell, catalogue.colours, rating)
        cell.border = st.BORDER
        cell.alignment = st.WRAP
        merge(sheet, row, 1, row, 2)
        row_height(sheet, row, st.wrapped_height([(text, KEY_WIDTH)]))

    header = headings(card)
    fixed = len(header)
    if catalogue.benchmarks:
        header.append(BENCHMARK_HEADING)
    for column, text in enumerate(header, start=1):
        st.set_text(sheet.cell(HEADER_ROW, column), text)
    st.set_text(sheet.cell(HEADER_ROW, last_column), COMMENTARY)
    if catalogue.benchmarks and len(labels) > fixed + 1:
        merge(sheet, HEADER_ROW, fixed + 1, HEADER_ROW, len(labels))
    for column, text in enumerate(labels, start=1):
        st.set_text(sheet.cell(HEADER_ROW + 1, column), text or None)
    styler = st.Styler.of(sheet.parent)
    for column in range(1, last_column + 1):
        for row, fill, font in ((HEADER_ROW, st.HEADER_FILL, st.HEADER_FONT),
                                (HEADER_ROW + 1, st.SUBHEADER_FILL, st.BOLD)):
            styler.apply(sheet.cell(row, column), font=font, fill=fill, border=st.BORDER,
                         alignment=st.CENTRE)

    row = FIRST_ROW - 1
    paint = Painter(sheet, catalogue.colours)
    for row, section, line in section_rows(card.section_lines(), FIRST_ROW):
        if line is None:
            for column in range(1, last_column + 1):
                paint.styler.apply(sheet.cell(row, column), font=st.SECTION_FONT,
                                   fill=st.SECTION_FILL, border=st.BORDER)
            st.set_text(sheet.cell(row, 1), section)
            continue
        _write_line(paint, row, line, last_column)
        if revised:
            _comment_revisions(sheet, row, line, card, revised)

    _layout(sheet, card, labels, last_column, row, built)


def _write_line(paint: Painter, row: int, line: Line, last_column: int) -> None:
    measure = line.measure
    paint.text(row, 1, measure.name)
    paint.text(row, 2, measure.definition or "-")
    paint.target(row, 3, measure, line.target)
    paint.text(row, 5, direction_text(line), rating=Rating.YELLOW if line.improved else None)
    annual = FIRST_FIGURE_COLUMN + 4 + len(line.columns)
    for column, figure in enumerate((line.baseline, line.previous, line.current, line.quarter,
                                     *line.columns, line.annual, *line.comparators),
                                    start=FIRST_FIGURE_COLUMN):
        if measure.local and column >= annual and figure.value is None:
            paint.text(row, column, LOCAL)
            continue
        paint.number(row, column, figure.value, measure.unit, rating=figure.rating)
    paint.text(row, last_column, line.note or None)
    row_height(paint.sheet, row, st.wrapped_height(
        [(measure.name, NAME_WIDTH), (measure.definition, DEFINITION_WIDTH),
         (line.note, COMMENTARY_WIDTH), (direction_text(line), DIRECTION_WIDTH)]))


def _comment_revisions(sheet: Worksheet, row: int, line: Line, card: Scorecard,
                       revised: Mapping[tuple[str, Month], Revision]) -> None:
    months = (card.baseline_month, card.previous_month, card.month)
    for column, month in enumerate(months, start=FIRST_FIGURE_COLUMN):
        comments.revised(sheet.cell(row, column), revised.get((line.measure.id, month)))


def direction_text(line: Line) -> str:
    """The direction, and on the next line whether the month improved, got worse or did not
    change: the Yellow fill in words."""
    if line.measure.direction is None:
        return st.NA
    label = line.measure.direction.label
    return f"{label}\n{line.travel.value}" if line.travel else label


def _layout(sheet: Worksheet, card: Scorecard, labels: list[str], last_column: int,
            last_row: int, built: date) -> None:
    widths = {1: NAME_WIDTH, 2: DEFINITION_WIDTH, 3: 9, 4: 10, 5: DIRECTION_WIDTH}
    for column in range(FIRST_FIGURE_COLUMN, last_column):
        widths[column] = min(max(10, len(labels[column - 1]) + 2), 14)
    extra = range(FIRST_FIGURE_COLUMN + 4, FIRST_FIGURE_COLUMN + 4 + len(card.catalogue.columns))
    for column in extra:  # `columns:`: wide enough for "Same month last year" on two lines
        widths[column] = COLUMN_WIDTH
    widths[last_column] = COMMENTARY_WIDTH
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    row_height(sheet, HEADER_ROW, max(32, st.wrapped_height(
        [(headings(card)[column - 1], widths[column] - 2) for column in extra])))
    row_height(sheet, HEADER_ROW + 1, st.wrapped_height(
        [(label, widths[column] - 1) for column, label in enumerate(labels, start=1)
         if column >= FIRST_FIGURE_COLUMN], minimum_lines=2))
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 2, 2)
    print_setup(sheet, card, built, paper="A3", title_rows=f"{HEADER_ROW}:{HEADER_ROW + 1}",
                area=f"A1:{get_column_letter(last_column)}{last_row}",
                one_page=len(card.lines) <= ONE_PAGE)
    # The published scorecard's header names no sheet: the authority and the month.
    page_header_footer(sheet, f"{card.catalogue.authority}: {card.month.long_label}", built)
    sheet.sheet_view.zoomScale = 90
