"""The workbook's figures as data: one record per measure and month that the workbook shows.

The `Data` sheet lays these out as an Excel table; the next month's build reads that table
back to find revisions, by the columns `datatable` names.
"""

from __future__ import annotations

from decimal import Decimal

from xlscore import ratings
from xlscore.calculator import Calculator, Figure, Scorecard
from xlscore.extracts import Source
from xlscore.model import Measure, Rating, Target, Travel
from xlscore.periods import Month
from xlscore.records import record
from xlscore.trends import Trend, TrendLine


@record
class Record:
    """One measure in one month, as every sheet of the workbook shows it."""

    measure: Measure
    month: Month
    value: Decimal | None  # as displayed; None is n/a
    numerator: Decimal | None  # as given in the extract; a rate's count
    denominator: Decimal | None  # as given in the extract; a rate's population
    target: Target | None  # that month's financial year's
    rating: Rating | None
    travel: Travel | None  # against the month before
    source: Source | None  # where the figure (a rate: its count) was read
    # the catalogue's `columns:` beside this month, as displayed (None: n/a)
    columns: tuple[Decimal | None, ...] = ()

    @property
    def key(self) -> tuple[str, Month]:
        return self.measure.id, self.month


def shown_months(card: Scorecard, trend_months: tuple[Month, ...]) -> tuple[Month, ...]:
    """Every month a figure of the workbook belongs to: the Trend's twelve, and the
    Scorecard's baseline, previous and current month."""
    return tuple(sorted({*trend_months, card.baseline_month, card.previous_month, card.month}))


def records(card: Scorecard, calc: Calculator, trend: Trend) -> tuple[Record, ...]:
    """A record per measure (catalogue order) and month shown (oldest first), with the
    Trend's figures where it has them: the same figures, worked out once."""
    months = shown_months(card, trend.months)
    return tuple(rec for line in trend.lines
                 for rec in measure_records(calc, line, trend.months, months))


def measure_records(calc: Calculator, line: TrendLine, window: tuple[Month, ...],
                    months: tuple[Month, ...]) -> list[Record]:
    measure = line.measure
    figures: dict[Month, Figure] = dict(zip(window, line.figures, strict=True))

    def figure(month: Month) -> Figure:
        if month not in figures:
            figures[month] = calc.month_figure(measure, month)
        return figures[month]

    found = []
    for month in months:
        shown = figure(month)
        travel = None
        if measure.direction is not None:  # displayed values: travel compares them anyway
            travel = ratings.travel(shown.value, figure(month.shift(-1)).value,
                                    measure.direction, measure.unit)
        fact = calc.fact_of(measure, month)
        columns = tuple(calc.column_figure(measure, column, month).value
                        for column in calc.catalogue.columns)
        found.append(Record(measure, month, shown.value, *calc.parts(measure, month),
                            measure.target_for(month.financial_year), shown.rating, travel,
                            fact.source if fact else None, columns))
    return found
