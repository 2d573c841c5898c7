"""The `Benchmarks` sheet: each measure DfE publishes over the years, for the authority, its
neighbours, its region, England and its comparators, with its rank and quartile in England,
a small chart per measure, and the same figures as the Excel table `Benchmarks`.

It lays out what comparisons.compare worked out; the words of the Summary's line and of the
Notes are here too, so that every sheet says the same thing the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.comparisons import Block, Comparison, PlaceRow, Role
from xlscore.model import Unit
from xlscore.ranking import Quartile
from xlscore.writers import layout
from xlscore.writers import styles as st
from xlscore.writers.charts import (
    ANCHOR_OFFSET,
    ChartCopy,
    _template,
    _title,
    with_axes,
)
from xlscore.writers.package import Frame

SHEET = TABLE = "Benchmarks"
YEARS_SHOWN = 12  # columns B to M; more years stay in benchmarks.csv and the table
NAME_WIDTH, YEAR_WIDTH = 60.0, 13.0  # a year's column holds "144 of 152", "D (bottom"
CHART_SPANS = ((1, 2), (2, 7), (7, 12))  # first column, column after (1-based): about equal
CHART_COLUMNS = 11
CHART_ROWS = 15
ROW_HEIGHT = 15.0
PAGE_HEIGHT = 760.0  # points of sheet on an A3 landscape page (as on the Charts sheet)
# A four-step blue scale, darkest the best quarter; styles.text_on gives each its text
# colour at 4.5:1 or more (tests/test_benchmarks_sheet.py checks it).
QUARTILE_FILLS = {Quartile.A: "08519C", Quartile.B: "4292C6", Quartile.C: "9ECAE1",
                  Quartile.D: "DEEBF7"}
LINES = {Role.OWN: ("1F3864", None), Role.NEIGHBOURS: ("7F7F7F", "dash"),
         Role.ENGLAND: ("C55A11", "sysDash")}
TABLE_HEADINGS = ["Measure", "Year", "Place", "Figure", "Rank", "Ranked", "Quartile"]
COURSE_LABEL = "Against England over the years"


def place_label(block: Block, column: str, role: Role, rate_against: tuple[str, ...]) -> str:
    if role is Role.OWN:
        against = f" (rated against {'/'.join(rate_against)})" if (
            block.measure.direction and rate_against) else ""
        return f"{column}{against}"
    if role is Role.NEIGHBOURS:
        return f"{column} (statistical neighbours' average)"
    return f"{column} (England)" if role is Role.ENGLAND else column


def course_text(block: Block) -> str:
    if block.course is None:
        return "n/a (the measure has no direction, so no better or worse)"
    return block.course.value


def summary_line(comparison: Comparison) -> str:
    """The Summary's line: the measures in England's top and bottom quartile in the latest
    year, the bottom ones named."""
    top, bottom = comparison.in_quartile(Quartile.A), comparison.in_quartile(Quartile.D)
    ranked = sum(1 for b in comparison.blocks if b.standings[-1] is not None)
    if not ranked:
        return f"No measure has a rank in England for {comparison.latest} (Benchmarks sheet)."
    named = f": {'; '.join(m.name for m in bottom)}" if bottom else ""
    return (f"{ranked} measure{'s' if ranked != 1 else ''} ranked in England for "
            f"{comparison.latest} (Benchmarks sheet): {len(top)} in the top quartile (A), "
            f"{len(bottom)} in the bottom quartile (D){named}.")


def notes(comparison: Comparison) -> list[tuple[str, str]]:
    """The Notes sheet's rules for the Benchmarks sheet."""
    years = f"{comparison.periods[0]} to {comparison.latest}"
    sources = "; ".join(f"{b.measure.name}: {b.source}, "
                        f"{_held(comparison, b)}" for b in comparison.blocks)
    return [
        ("Ranks", "Rank 1 is the best authority in England by the measure's direction "
         "(higher or lower is better); Ranked is how many authorities had a figure that year. "
         "An authority whose figure is suppressed or missing is not ranked. A rate per 10,000 "
         "is ranked on the rate worked out from the count and the ONS population, the same "
         "way for every authority. A measure without a direction has no rank."),
        ("Ties", "Authorities whose figures are equal as displayed share the best rank among "
         "them (1, 2, 2, 4)."),
        ("Quartiles", "Rank r of n is in quartile A, B, C or D where ceil(4r/n) is 1, 2, 3 or "
         "4: A is the top quarter, D the bottom. Against England over the years compares the "
         "gap to England (better by the measure's direction, as displayed) in the first and "
         "the last year in which both have a figure."),
        ("Benchmarks over the years", f"The Benchmarks sheet shows {years} from "
         f"{comparison.file or 'the benchmarks file'}, written by xlscore benchmarks from "
         f"DfE's published files: {sources}. DfE revises earlier years in later releases, so a "
         "year's figure can differ from the one published at the time."),
    ]


def _held(comparison: Comparison, block: Block) -> str:
    own = block.of(Role.OWN)
    held = [p for p, f in zip(comparison.periods, own.figures, strict=True)
            if f.value is not None] if own else []
    return f"{held[0]} to {held[-1]}" if held else "no year with a figure"


def write_benchmarks(sheet: Worksheet, card: Scorecard, comparison: Comparison,
                     built: date) -> None:
    catalogue = card.catalogue
    spec = catalogue.benchmarks
    assert spec is not None  # a comparison is made only with one
    periods = comparison.periods[-YEARS_SHOWN:]
    shown = len(periods)
    skip = len(comparison.periods) - shown
    sheet.title = SHEET
    layout.title(sheet, f"{catalogue.authority}: Benchmarks, {periods[0]} to {periods[-1]}",
                 f"Each measure DfE publishes, year by year. {spec.own}'s figure is rated "
                 f"against that year's {'/'.join(spec.rate_against)} averages (G, A or R after "
                 "it); Rank 1 is the best in England; Quartile A (top) to D (bottom). Charts "
                 f"below the blocks; the figures they plot and the table '{TABLE}' (not "
                 "printed) below them.")
    layout.widths(sheet, [NAME_WIDTH] + [YEAR_WIDTH] * YEARS_SHOWN)
    paint = layout.Painter(sheet, catalogue.colours)
    styler = st.Styler.of(sheet.parent)
    row, used = 4, 60.0
    for section, blocks in comparison.section_blocks(catalogue):
        height = 20 + (len(blocks[0].places) + 4) * ROW_HEIGHT
        if used + height > PAGE_HEIGHT:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0
        layout.band(sheet, row, section, 1 + shown)
        row, used = row + 1, used + 20
        for block in blocks:
            height = (len(block.places) + 5) * ROW_HEIGHT
            if used + height > PAGE_HEIGHT:
                sheet.row_breaks.append(Break(id=row - 1))
                used = 0
            row = _block(paint, styler, row, block, periods, skip, spec.rate_against)
            used += height
    # The figures plotted and the table: many cells nothing reads back, written as XML.
    raw_rows = getattr(sheet.parent, "raw_rows", None)
    raw = layout.Painter(sheet, catalogue.colours,
                         raw_rows(sheet, 1 + YEARS_SHOWN) if raw_rows else None)
    grid_end, row = _charts(sheet, raw, row + 1, comparison, periods, skip)
    _table(sheet, raw, row + 1, comparison)
    # Printed: the blocks and the charts; the figures they plot and the table are for
    # Excel (pivot, filter), hundreds of rows that a printed pack need not carry.
    layout.print_setup(sheet, card, built, paper="A3", area=f"A1:"
                       f"{get_column_letter(max(CHART_COLUMNS, 1 + shown))}{grid_end}")


def _block(paint: layout.Painter, styler: st.Styler, row: int, block: Block,
           periods: tuple[str, ...], skip: int, rate_against: tuple[str, ...]) -> int:
    sheet, measure = paint.sheet, block.measure
    layout.header(sheet, row, [measure.name, *periods], height=st.wrapped_height(
        [(measure.name, NAME_WIDTH)], line_height=15.0) + 4)
    sheet.cell(row, 1).alignment = st.WRAP
    for place in block.places:
        row += 1
        paint.text(row, 1, place_label(block, place.column, place.role, rate_against),
                   font=st.BOLD if place.role is Role.OWN else st.PLAIN)
        for column, figure in enumerate(place.figures[skip:], start=2):
            paint.number(row, column, figure.value, measure.unit, rating=figure.rating,
                         bold=place.role is Role.OWN)
    row += 1
    paint.text(row, 1, "Rank in England (1 = best)")
    for column, standing in enumerate(block.standings[skip:], start=2):
        paint.text(row, column, standing.text if standing else st.NA, wrap=False)
    row += 1
    paint.text(row, 1, "Quartile in England")
    for column, standing in enumerate(block.standings[skip:], start=2):
        cell = sheet.cell(row, column)
        if standing is None:
            paint.text(row, column, st.NA, wrap=False)
            continue
        colour = QUARTILE_FILLS[standing.quartile]
        styler.apply(cell, font=st.ink(colour, True), fill=st.solid(colour),
                     border=st.BORDER, alignment=st.CENTRE)
        st.set_text(cell, standing.quartile.label)
    layout.row_height(sheet, row, 30)
    row += 1
    paint.text(row, 1, COURSE_LABEL, font=st.BOLD)
    layout.merge(sheet, row, 2, row, 1 + len(periods))
    cell = sheet.cell(row, 2)
    styler.apply(cell, font=st.BOLD, border=st.BORDER, alignment=st.WRAP)
    st.set_text(cell, course_text(block))
    layout.row_height(sheet, row, st.wrapped_height([(course_text(block),
                                                      YEAR_WIDTH * len(periods))]))
    return row + 2


def _plotted(block: Block) -> list[PlaceRow]:
    """The authority, its neighbours and England; a count without England (England's total
    would flatten the authority's line), and nothing when none of them has a figure."""
    shown = {Role.OWN, Role.NEIGHBOURS}
    if block.measure.unit is not Unit.COUNT:
        shown.add(Role.ENGLAND)
    places = [p for p in block.places if p.role in shown]
    return places if any(f.value is not None for p in places for f in p.figures) else []


def _charts(sheet: Worksheet, paint: layout.Painter, row: int, comparison: Comparison,
            periods: tuple[str, ...], skip: int) -> tuple[int, int]:
    """A chart per measure, three across, then the figures they plot (blank, not n/a,
    where there is none: a chart draws text as zero). Returns the grid's last row and the
    table's."""
    blocks = [b for b in comparison.blocks if _plotted(b)]
    sheet.row_breaks.append(Break(id=row - 1))
    layout.heading(sheet, row, "Charts: the authority, its statistical neighbours and England")
    row += 1
    placed = []
    for start in range(0, len(blocks), 3):
        if start and start % 12 == 0:  # four rows of charts to a page
            sheet.row_breaks.append(Break(id=row - 1))
        for block, span in zip(blocks[start:start + 3], CHART_SPANS, strict=False):
            placed.append((block, row, span))
        for grid_row in range(row, row + CHART_ROWS):
            layout.row_height(sheet, grid_row, ROW_HEIGHT)
        row += CHART_ROWS
    grid_end = row - 1
    sheet.row_breaks.append(Break(id=row))
    layout.heading(sheet, row + 1, "Figures plotted in the charts above")
    header = row + 2
    layout.header(sheet, header, ["Measure: place", *periods], height=20)
    data_row = header + 1
    templates: dict[tuple[str, tuple[Role, ...]], str] = {}
    for block, top, (first, after) in placed:
        places = _plotted(block)
        for offset, place in enumerate(places):
            paint.text(data_row + offset, 1, f"{block.measure.name}: {place.column}",
                       wrap=False)
            for column, figure in enumerate(place.figures[skip:], start=2):
                if figure.value is None:
                    paint.blank(data_row + offset, column)
                else:
                    paint.number(data_row + offset, column, figure.value, block.measure.unit)
        kind = ("0%" if block.measure.unit is Unit.PERCENT else "#,##0",
                tuple(p.role for p in places))
        if kind not in templates:
            templates[kind] = _template(_chart(sheet, places, kind[0], header, data_row,
                                               len(periods)), len(places))
        rows = tuple(str(Reference(sheet, min_col=2, max_col=1 + len(periods),
                                   min_row=data_row + offset)) for offset in range(len(places)))
        frame = Frame(first - 1, top - 1, ANCHOR_OFFSET, after - 1, top - 2 + CHART_ROWS,
                      alt_text(block, comparison.periods), block.measure.name)
        sheet.add_chart(ChartCopy(templates[kind], block.measure.name, rows, frame))
        data_row += len(places)
    return grid_end, data_row - 1


def _chart(sheet: Worksheet, places: list[PlaceRow], number_format: str, header: int, row: int,
           years: int) -> LineChart:
    chart = LineChart()
    chart.title = _title("title")
    chart.legend.position = "b"
    chart.display_blanks = "gap"
    for offset, place in enumerate(places):
        series = Series(Reference(sheet, min_col=2, max_col=1 + years, min_row=row + offset),
                        title=place.column)
        series.smooth = False
        colour, dash = LINES[place.role]
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=22000, prstDash=dash))
        series.marker = Marker(symbol="circle" if place.role is Role.OWN else "none", size=5,
                               spPr=GraphicalProperties(solidFill=colour,
                                                        ln=LineProperties(solidFill=colour)))
        chart.series.append(series)
    return with_axes(chart, Reference(sheet, min_col=2, max_col=1 + years, min_row=header),
                     number_format)


def alt_text(block: Block, periods: tuple[str, ...]) -> str:
    measure = block.measure
    latest = periods[-1]
    figures = ", ".join(f"{p.column} {measure.unit.shown(p.figures[-1].value)}"
                        for p in _plotted(block))
    standing = block.standings[-1]
    ranked = (f"rank {standing.text} in England ({standing.quartile.label})" if standing
              else "not ranked")
    england = ", dotted orange England" if any(p.role is Role.ENGLAND
                                                for p in _plotted(block)) else ""
    return (f"Line chart of {measure.name}, {periods[0]} to {latest}: solid the authority, "
            f"dashed grey the statistical neighbours{england}. In {latest}: "
            f"{figures}; {ranked}. Against England over the years: {course_text(block)}.")


def _table(sheet: Worksheet, paint: layout.Painter, row: int, comparison: Comparison) -> int:
    """The same figures as one plain table to pivot: a row per measure, year and place;
    percentages in points (34.0 = 34%), blank where there is no figure; the rank on the
    authority's rows."""
    layout.heading(sheet, row, f"Table '{TABLE}': every figure above, a row per measure, "
                               "year and place")
    header = row + 1
    layout.header(sheet, header, TABLE_HEADINGS, height=20)
    row = header
    for block in comparison.blocks:
        points = _points(block.measure.unit)
        formats = [None, None, None, st.NUMBER_FORMATS[points], "0", "0", None]
        for year_index, period in enumerate(comparison.periods):
            for place in block.places:
                row += 1
                figure = place.figures[year_index].value
                standing = block.standings[year_index] if place.role is Role.OWN else None
                values = [block.measure.name, period, place.column, figure,
                          *((standing.rank, standing.ranked, standing.quartile.value)
                            if standing else (None, None, None))]
                if paint.raw is not None:  # a row of XML: no openpyxl cell
                    paint.raw.add(row, values, formats)
                    continue
                for column, value in enumerate(values, start=1):
                    if value is None:
                        paint.blank(row, column)
                    elif isinstance(value, str):
                        paint.text(row, column, value)
                    else:
                        paint.number(row, column, Decimal(value), points if column == 4
                                     else Unit.COUNT)
    table = Table(displayName=TABLE, ref=f"A{header}:G{row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    table._initialise_columns()  # named here: openpyxl would read every cell of the range
    for column, name in zip(table.tableColumns, TABLE_HEADINGS, strict=True):
        column.name = name
    sheet.add_table(table)
    return row


def _points(unit: Unit) -> Unit:
    """The table's figures as numbers in the unit's points (a percentage 34.0, not 0.34)."""
    return Unit.RATE if unit is Unit.PERCENT else unit
