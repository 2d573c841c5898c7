"""The workbook's figures as data: one record per measure and month that the workbook shows.

The `Data` sheet lays these out as an Excel table; the next month's build reads that table
back to find revisions. `COLUMNS` is the table's header and the contract between the two:
a workbook is read by these names, never by where things stand on a sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from xlscore import ratings
from xlscore.calculator import Calculator, Scorecard
from xlscore.extracts import Source
from xlscore.model import Measure, Rating, Target, Travel, Unit
from xlscore.periods import Month

if TYPE_CHECKING:
    from xlscore.revisions import Revision

TABLE = "Figures"  # the Excel table's name on the Data sheet
SHEET = "Data"
COLUMNS = ("Authority", "Month", "Section", "Measure id", "Measure", "Unit", "Value",
           "Numerator", "Denominator", "Target", "Tolerance", "Direction", "Rating",
           "Change on previous month", "Source file", "Source line", "Revised from")


@dataclass(frozen=True)
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
    revision: Revision | None = None

    @property
    def key(self) -> tuple[str, Month]:
        return self.measure.id, self.month


def shown_months(card: Scorecard, trend_months: tuple[Month, ...]) -> tuple[Month, ...]:
    """Every month a figure of the workbook belongs to: the Trend's twelve, and the
    Scorecard's baseline, previous and current month."""
    return tuple(sorted({*trend_months, card.baseline_month, card.previous_month, card.month}))


def records(card: Scorecard, calc: Calculator, months: tuple[Month, ...]) -> tuple[Record, ...]:
    """A record per measure (catalogue order) and month (oldest first)."""
    return tuple(record(calc, measure, month)
                 for measure in card.catalogue.measures for month in months)


def record(calc: Calculator, measure: Measure, month: Month) -> Record:
    value = calc.value(measure, month)
    figure = calc.figure(measure, value, month.financial_year)
    travel = None
    if measure.direction is not None:
        travel = ratings.travel(value, calc.value(measure, month.shift(-1)), measure.direction,
                                measure.unit)
    numerator = denominator = None
    counted = measure.rate_of if measure.unit is Unit.RATE else measure.id
    fact = calc.facts.get(month, counted)
    if measure.unit is Unit.RATE:
        population = calc.catalogue.population.get(month.financial_year)
        if fact is not None and fact.value is not None and population is not None:
            numerator, denominator = fact.value, Decimal(population)
    elif fact is not None:
        numerator, denominator = fact.numerator, fact.denominator
    return Record(measure, month, figure.value, numerator, denominator,
                  measure.target_for(month.financial_year), figure.rating, travel,
                  fact.source if fact else None)
