"""Statistical process control on the sheets: the Scorecard's Variation and Assurance columns
and their key, the Trend's special-cause markers and the Summary's special-cause section.

Only when the catalogue has an `spc:` block. Kept apart from the sheets' own writers: each
adds to a sheet they have already laid out, so the published layout stays as it is without
SPC. Every colour here repeats a word (Making Data Count colours, text readable on them).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.model import NA, Unit
from xlscore.spc import (
    ASSURANCE_COLUMNS,
    VARIATION_COLUMNS,
    Analysis,
    Assurance,
    Kind,
    Spc,
    SpcTally,
    Variation,
    key_lines,
)
from xlscore.trends import Trend
from xlscore.writers import layout
from xlscore.writers import scorecard as scorecard_sheet
from xlscore.writers import styles as st
from xlscore.writers import trend as trend_sheet

# The Making Data Count palette (as NHSRplotthedots draws it), for the chart markers ...
COMMON_CAUSE, IMPROVEMENT, CONCERN, NEITHER = "7B7D7D", "289DE0", "FAB428", "361475"
# ... and lighter tints of it for cell fills, so that the words stay easy to read (the
# text colour is still chosen for at least 4.5:1 contrast).
TINTS = {COMMON_CAUSE: "C8C9C9", IMPROVEMENT: "8FCBF0", CONCERN: "FAB428", NEITHER: "B7A6DB"}
KIND_COLOURS = {None: COMMON_CAUSE, Kind.IMPROVEMENT: IMPROVEMENT, Kind.CONCERN: CONCERN,
                Kind.NEITHER: NEITHER}
ASSURANCE_COLOURS = {Assurance.PASSES: IMPROVEMENT, Assurance.FAILS: CONCERN,
                     Assurance.HIT_AND_MISS: COMMON_CAUSE}
# Marks in a Trend cell's number format, so a special cause shows without colour.
MARKS = {Kind.IMPROVEMENT: "(I)", Kind.CONCERN: "(C)", Kind.NEITHER: "(N)"}
HEADINGS = ("Variation", "Assurance")
WIDTH = 20


def variation_colour(variation: Variation | None) -> str | None:
    return KIND_COLOURS[variation.kind] if variation is not None else None


def assurance_colour(assurance: Assurance | None) -> str | None:
    return ASSURANCE_COLOURS.get(assurance) if assurance is not None else None


def _coloured(paint: layout.Painter, row: int, column: int, text: str,
              colour: str | None, wrap: bool = True) -> None:
    """Text in a cell filled with the tint of a Making Data Count colour."""
    colour = TINTS.get(colour, colour) if colour else None
    cell = paint.sheet.cell(row, column)
    paint.styler.apply(cell, font=st.ink(colour) if colour else st.PLAIN,
                       fill=st.solid(colour) if colour else None, border=st.BORDER,
                       alignment=st.WRAP if wrap else st.CENTRE_TOP)
    st.set_text(cell, text)


def _analysis_cells(paint: layout.Painter, row: int, column: int, analysis: Analysis) -> None:
    _coloured(paint, row, column, analysis.variation_text, variation_colour(analysis.variation))
    _coloured(paint, row, column + 1, analysis.assurance_text,
              assurance_colour(analysis.assurance))


# Scorecard ---------------------------------------------------------------------------------

def add_scorecard_columns(sheet: Worksheet, card: Scorecard, spc: Spc) -> None:
    """Variation and Assurance after the last column, and their key beside the Scorecard's."""
    first = sheet.max_column + 1
    paint = layout.Painter(sheet, card.catalogue.colours)
    labels = (f"Latest month ({card.month.label})", f"Target {card.month.financial_year}")
    header = scorecard_sheet.HEADER_ROW
    for offset, (text, label) in enumerate(zip(HEADINGS, labels, strict=True)):
        column = first + offset
        for row, value, fill, font in ((header, text, st.HEADER_FILL, st.HEADER_FONT),
                                       (header + 1, label, st.SUBHEADER_FILL, st.BOLD)):
            cell = sheet.cell(row, column)
            cell.fill, cell.font, cell.border, cell.alignment = fill, font, st.BORDER, st.CENTRE
            st.set_text(cell, value)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTH
    row = header + 1
    for row, _, line in layout.section_rows(card.section_lines(), scorecard_sheet.FIRST_ROW):
        if line is None:
            for column in (first, first + 1):
                paint.styler.apply(sheet.cell(row, column), font=st.SECTION_FONT,
                                   fill=st.SECTION_FILL, border=st.BORDER)
        else:
            _analysis_cells(paint, row, first, spc.of(line.measure.id))
    last = first + 1
    sheet.print_area = f"A1:{get_column_letter(last)}{row}"

    # The key beside the colour key: the variation's lines from column C to the column
    # before Commentary, the assurance's from Commentary to Assurance.
    variation, assurance = key_lines(spc.settings)
    blocks = (((3, first - 2), [(KIND_COLOURS[kind], text) for kind, text in variation]),
              ((first - 1, last), [(assurance_colour(a), text) for a, text in assurance]))
    for (start, end), key in blocks:
        width = sum((sheet.column_dimensions[get_column_letter(c)].width or 10)
                    for c in range(start, end + 1))
        for offset, (colour, text) in enumerate(key):
            key_row = scorecard_sheet.KEY_ROW + offset
            _coloured(paint, key_row, start, text, colour)
            layout.merge(sheet, key_row, start, key_row, end)
            height = sheet.row_dimensions[key_row].height or 15
            layout.row_height(sheet, key_row, max(
                height, st.wrapped_height([(text, width * 0.8)]),
                st.wrapped_height([(sheet.cell(key_row, 1).value, scorecard_sheet.KEY_WIDTH)])))


# Trend -------------------------------------------------------------------------------------

def mark_trend(sheet: Worksheet, card: Scorecard, trend: Trend, spc: Spc) -> None:
    """A mark after each special-cause month's figure (in its number format: the cell stays a
    number), so that a reader sees it without colour."""
    st.set_text(sheet["A2"], f"{sheet['A2'].value} Special cause (SPC, Making Data Count): "
                "(I) improvement, (C) concern, (N) neither, after the month's figure.")
    for row, _, line in layout.section_rows(trend.section_lines(card.catalogue),
                                            trend_sheet.FIRST_ROW):
        if line is None:
            continue
        analysis = spc.of(line.measure.id)
        for column, month in enumerate(trend.months, start=trend_sheet.FIRST_MONTH_COLUMN):
            point = analysis.point(month)
            if point is None or point.signal is None:
                continue
            cell = sheet.cell(row, column)
            mark = f' "{MARKS[point.signal.kind]}"'
            cell.number_format = ";".join(part + mark for part in cell.number_format.split(";"))
    first = trend_sheet.FIRST_MONTH_COLUMN
    for column in range(first, first + len(trend.months)):
        sheet.column_dimensions[get_column_letter(column)].width = 11


# Summary -----------------------------------------------------------------------------------

SUMMARY_WIDTHS = 9


def add_summary(sheet: Worksheet, card: Scorecard, spc: Spc) -> None:
    """Special cause this month: concerns and improvements, then the counts by section."""
    paint = layout.Painter(sheet, card.catalogue.colours)
    row = sheet.max_row + 2
    layout.heading(sheet, row, f"Special cause this month ({card.month.long_label}, "
                               "statistical process control)")
    overall = dict(spc.overall.variation)
    special = sum(_count(spc, kind) for kind in Kind)
    text = (f"{special} of {len(spc.analyses)} measures show a special cause this month: "
            f"{_count(spc, Kind.CONCERN)} concern, {_count(spc, Kind.IMPROVEMENT)} improvement, "
            f"{_count(spc, Kind.NEITHER)} neither; "
            f"{overall[Variation.COMMON_CAUSE.value]} common cause; "
            f"{overall[NA]} n/a (too few months, or no figure this month).")
    row += 1
    layout.merge(sheet, row, 1, row, SUMMARY_WIDTHS)
    cell = sheet.cell(row, 1)
    cell.font, cell.alignment = st.PLAIN, st.WRAP
    st.set_text(cell, text)
    layout.row_height(sheet, row, st.wrapped_height([(text, 150)]))
    for kind in (Kind.CONCERN, Kind.IMPROVEMENT):
        row = _special(paint, row + 2, card, spc, kind)
    row = _tallies(paint, row + 1, "Variation by section", VARIATION_COLUMNS, spc,
                   lambda t: t.variation, lambda w: variation_colour(
                       None if w == NA else Variation(w)))
    row = _tallies(paint, row + 1, "Assurance by section", ASSURANCE_COLUMNS, spc,
                   lambda t: t.assurance, lambda w: assurance_colour(Assurance(w)))
    sheet.print_area = f"A1:I{row - 1}"


def _count(spc: Spc, kind: Kind) -> int:
    return len(spc.special_causes(kind))


def _special(paint: layout.Painter, row: int, card: Scorecard, spc: Spc, kind: Kind) -> int:
    found = spc.special_causes(kind)
    layout.heading(paint.sheet, row, f"{kind.value} this month ({len(found)})")
    row += 1
    if not found:
        paint.sheet.cell(row, 1, "None this month.").font = st.MUTED
        return row + 1
    layout.header(paint.sheet, row, ["Measure", "Section", card.month.label, "Variation",
                                     "Assurance", "Rules"], height=20)
    layout.merge(paint.sheet, row, 6, row, 9)
    for analysis in found:
        row += 1
        measure, point = analysis.measure, analysis.latest
        paint.text(row, 1, measure.name)
        paint.text(row, 2, measure.section)
        paint.number(row, 3, point.value if point else None, measure.unit)
        _analysis_cells(paint, row, 4, analysis)
        rules = "; ".join(r.value for r in point.signal.rules) if point and point.signal else ""
        paint.text(row, 6, rules)
        layout.merge(paint.sheet, row, 6, row, 9)
        layout.row_height(paint.sheet, row, st.wrapped_height(
            [(measure.name, 50), (measure.section, 22), (rules, 50)]))
    return row + 1


def _tallies(paint: layout.Painter, row: int, title: str, words: tuple[str, ...], spc: Spc,
             counts, colour) -> int:
    layout.heading(paint.sheet, row, title)
    row += 1
    layout.header(paint.sheet, row, ["Section", *words], height=32)
    for column, word in enumerate(words, start=2):
        hue = TINTS.get(colour(word))
        if hue:
            cell = paint.sheet.cell(row, column)
            cell.fill, cell.font = st.solid(hue), st.ink(hue, True)
    tallies: tuple[SpcTally, ...] = (*spc.sections, spc.overall)
    for tally in tallies:
        row += 1
        bold = tally is spc.overall
        paint.text(row, 1, tally.name, font=st.BOLD if bold else st.PLAIN)
        for column, (_, number) in enumerate(counts(tally), start=2):
            paint.number(row, column, number, Unit.COUNT, bold=bold)
    return row + 1
