"""The `Summary` sheet: where we are off target this month, and what moved, in words and numbers.

Every colour repeats a word beside it, so no meaning rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Line, Scorecard
from xlscore.model import Measure, Rating, Unit
from xlscore.ratings import AGAINST_TARGET
from xlscore.summary import Summary, Tally
from xlscore.writers import layout
from xlscore.writers import styles as st

NAME_WIDTH = 50
WIDTHS = [NAME_WIDTH, 22, 13, 13, 13, 19, 13, 13, 13]
TEXT_WIDTH = sum(WIDTHS)
MEANING = AGAINST_TARGET  # the words of the Scorecard's key


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def sentences(summary: Summary) -> list[str]:
    """The summary in words: what a reader who sees nothing else should know."""
    overall, month = summary.overall, summary.month.long_label
    previous = summary.previous_month.long_label
    if not overall.with_target:
        return [f"No measure has a target in {month}, so none is rated Green, Amber or Red.",
                f"{overall.improved} of {_plural(overall.comparable, 'measure')} that can be "
                f"compared improved on {previous} (of {overall.measures} measures in all)."]
    lines = [
        f"{overall.green} of {_plural(overall.with_target, 'measure')} with a target "
        f"{'is' if overall.green == 1 else 'are'} Green ({MEANING[Rating.GREEN]}) "
        f"in {month}.",
        f"{overall.amber} {'is' if overall.amber == 1 else 'are'} Amber "
        f"({MEANING[Rating.AMBER]}) and {overall.red} {'is' if overall.red == 1 else 'are'} "
        f"Red ({MEANING[Rating.RED]})"
        + (f"; {overall.not_rated} {'has' if overall.not_rated == 1 else 'have'} no figure "
           "this month." if overall.not_rated else "."),
        f"{overall.improved} of {_plural(overall.comparable, 'measure')} that can be compared "
        f"improved on {previous} (of {overall.measures} measures in all).",
        f"{_plural(len(summary.to_green), 'measure')} moved to Green from Red or Amber; "
        f"{_plural(len(summary.from_green), 'measure')} fell from Green" + _why(summary),
    ]
    if summary.red:
        longest = max(summary.red, key=lambda r: r.months_red)
        lines.append(f"Red this month: {_plural(len(summary.red), 'measure')}, listed below; "
                     f"the longest run is {longest.line.measure.name}, Red for "
                     f"{_plural(longest.months_red, 'month')} in a row.")
    return lines


def _why(summary: Summary) -> str:
    """The reason for falls that a new year's target explains, in the sentence's words."""
    if not summary.reasons:
        return "."
    if len(summary.from_green) == 1:
        return f" because {summary.reasons[0][1]}."
    return (f", {len(summary.reasons)} of them because of the {summary.month.financial_year} "
            "targets (listed below with the reason).")


def write_summary(sheet: Worksheet, card: Scorecard, summary: Summary, built: date,
                  more: tuple[str, ...] = ()) -> None:
    """`more`: sentences other sheets add to At a glance (the Benchmarks sheet's)."""
    sheet.title = "Summary"
    layout.title(sheet, f"{card.catalogue.authority}: Summary for {card.month.long_label}",
                 "Against target, as on the Scorecard. Every colour repeats the word beside it.")
    layout.widths(sheet, WIDTHS)
    row = 4
    layout.heading(sheet, row, "At a glance")
    for text in (*sentences(summary), *more):
        row += 1
        layout.merge(sheet, row, 1, row, len(WIDTHS))
        cell = sheet.cell(row, 1)
        st.set_text(cell, text)
        cell.font, cell.alignment = st.PLAIN, st.WRAP
        layout.row_height(sheet, row, st.wrapped_height([(text, TEXT_WIDTH)]))

    paint = layout.Painter(sheet, card.catalogue.colours)
    row = _tallies(paint, row + 2, summary)
    row = _red(paint, row + 1, card, summary)
    row = _moves(paint, row + 1, card, "Moved to Green from Red or Amber", summary.to_green)
    row = _moves(paint, row + 1, card, "Fell from Green", summary.from_green,
                 summary.why_fell if summary.reasons else None)
    layout.print_setup(sheet, card, built, area=f"A1:I{row - 1}")


def _tallies(paint: layout.Painter, row: int, summary: Summary) -> int:
    sheet = paint.sheet
    layout.heading(sheet, row, f"By section, {summary.month.long_label}")
    row += 1
    layout.header(sheet, row, ["Section", "Measures", "With a target", "Green (on target)",
                               "Amber (within tolerance)", "Red (off target)", "No figure",
                               f"Improved on {summary.previous_month.label}",
                               "Could be compared"], height=45)
    for column, rating in ((4, Rating.GREEN), (5, Rating.AMBER), (6, Rating.RED)):
        st.rated(sheet.cell(row, column), paint.colours, rating, bold=True)
    for tally in (*summary.sections, summary.overall):
        row += 1
        _tally_row(paint, row, tally, bold=tally is summary.overall)
    return row + 1


def _tally_row(paint: layout.Painter, row: int, tally: Tally, bold: bool) -> None:
    values = [tally.measures, tally.with_target, tally.green, tally.amber, tally.red,
              tally.not_rated, tally.improved, tally.comparable]
    paint.text(row, 1, tally.name, font=st.BOLD if bold else st.PLAIN)
    for column, value in enumerate(values, start=2):
        paint.number(row, column, value, Unit.COUNT, bold=bold)
    layout.row_height(paint.sheet, row, st.wrapped_height([(tally.name, NAME_WIDTH)]))


def _red(paint: layout.Painter, row: int, card: Scorecard, summary: Summary) -> int:
    layout.heading(paint.sheet, row, f"Red this month ({len(summary.red)})")
    row += 1
    if not summary.red:
        return _none(paint, row)
    layout.header(paint.sheet, row, ["Measure", "Section", f"{card.month.label} (Red)",
                                     "Target", "Tolerance", "Direction", "Months Red in a row"])
    for red in summary.red:
        row += 1
        line, measure = red.line, red.line.measure
        _measure_cells(paint, row, measure)
        paint.number(row, 3, line.current.value, measure.unit, rating=line.current.rating)
        paint.target(row, 4, measure, line.target)
        paint.text(row, 6, measure.direction.label if measure.direction else st.NA)
        paint.number(row, 7, red.months_red, Unit.COUNT)
    return row + 1


def _moves(paint: layout.Painter, row: int, card: Scorecard, heading: str,
           lines: tuple[Line, ...], why: Callable[[Line], str | None] | None = None) -> int:
    layout.heading(paint.sheet, row, f"{heading} ({len(lines)})")
    row += 1
    if not lines:
        return _none(paint, row)
    previous, current = card.previous_month.label, card.month.label
    headings = ["Measure", "Section", previous, f"{previous} rating", current,
                f"{current} rating", "Target", "Tolerance"]
    layout.header(paint.sheet, row, [*headings, "Why"] if why else headings)
    for line in lines:
        row += 1
        measure = line.measure
        _measure_cells(paint, row, measure)
        reason = why(line) if why else None
        if why:
            paint.text(row, 9, reason[0].upper() + reason[1:] if reason else None)
            if reason:
                layout.row_height(paint.sheet, row, st.wrapped_height(
                    [(measure.name, NAME_WIDTH), (reason, WIDTHS[8])]))
        for column, figure in ((3, line.previous), (5, line.current)):
            paint.number(row, column, figure.value, measure.unit, rating=figure.rating)
            paint.text(row, column + 1, figure.rating.value.title() if figure.rating else None,
                       rating=figure.rating)
        paint.target(row, 7, measure, line.target)
    return row + 1


def _none(paint: layout.Painter, row: int) -> int:
    paint.sheet.cell(row, 1, "None this month.").font = st.MUTED
    return row + 1


def _measure_cells(paint: layout.Painter, row: int, measure: Measure) -> None:
    paint.text(row, 1, measure.name)
    paint.text(row, 2, measure.section)
    layout.row_height(paint.sheet, row, st.wrapped_height(
        [(measure.name, NAME_WIDTH), (measure.section, WIDTHS[1])]))
