"""Twelve months of each measure, each month rated against its own year's target.

Pure calculation on top of the Calculator and the Scorecard, so that the Trend and Charts
sheets show the same figures and colours as the Scorecard and decide nothing.
"""

from __future__ import annotations

from xlscore.calculator import Calculator, Figure, Scorecard
from xlscore.model import Catalogue, Measure, Target
from xlscore.periods import Month
from xlscore.records import record

WINDOW = 12


def window(month: Month, length: int = WINDOW) -> tuple[Month, ...]:
    """The `length` months ending with `month`, oldest first."""
    return tuple(month.shift(offset) for offset in range(1 - length, 1))


@record
class TrendLine:
    """One measure over the window: each month rated against its own financial year's target."""

    measure: Measure
    figures: tuple[Figure, ...]
    targets: tuple[Target | None, ...]
    months: tuple[Month, ...]  # those of `figures`

    @property
    def current_target(self) -> Target | None:
        return self.targets[-1]


@record
class Trend:
    months: tuple[Month, ...]
    lines: tuple[TrendLine, ...]

    def section_lines(self, catalogue: Catalogue) -> list[tuple[str, list[TrendLine]]]:
        return catalogue.by_section(self.lines)


def trend_line(measure: Measure, months: tuple[Month, ...], calc: Calculator) -> TrendLine:
    return TrendLine(measure, tuple(calc.month_figure(measure, month) for month in months),
                     tuple(measure.target_for(month.financial_year) for month in months),
                     months)


def build_trend(card: Scorecard, calc: Calculator, length: int = WINDOW) -> Trend:
    months = window(card.month, length)
    return Trend(months, tuple(trend_line(measure, months, calc)
                               for measure in card.catalogue.measures))
