"""From catalogue, facts and benchmarks to the scorecard's figures and ratings.

Pure calculation: periods, quarters, rates and ratings. It knows nothing of cells; the
writers lay out what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from xlscore import ratings
from xlscore.benchmarks import Benchmarks
from xlscore.extracts import Fact, Facts
from xlscore.model import Catalogue, Column, Measure, PeriodKind, Rating, Target, Travel, Unit
from xlscore.periods import FinancialYear, Month, Quarter, latest_full_quarter
from xlscore.problems import Problems
from xlscore.records import record

PER = Decimal(10_000)


@record
class Figure:
    """A value as displayed (rounded half up; None is n/a) and its colour, if any."""

    value: Decimal | None
    rating: Rating | None = None


NOT_AVAILABLE = Figure(None)


@record
class Line:
    """One measure's row of the scorecard."""

    measure: Measure
    target: Target | None  # the current month's financial year's
    baseline: Figure
    previous: Figure
    current: Figure
    quarter: Figure
    annual: Figure
    comparators: tuple[Figure, ...]
    travel: Travel | None  # current month against previous; None when not comparable
    note: str
    columns: tuple[Figure, ...] = ()  # the catalogue's `columns:`, in its order

    @property
    def improved(self) -> bool:
        return self.travel is Travel.IMPROVED


@record
class Scorecard:
    catalogue: Catalogue
    month: Month
    baseline_month: Month
    previous_month: Month
    quarter: Quarter
    lines: tuple[Line, ...]
    as_at: date | None = None  # `--as-at`: when the figures were extracted

    @property
    def data_as_at(self) -> date:
        """The date the figures stand at: `--as-at`, else the month's last day."""
        return self.as_at or self.month.last_day

    def section_lines(self) -> list[tuple[str, list[Line]]]:
        return self.catalogue.by_section(self.lines)


class Calculator:
    """Values of any measure in any month or quarter, from the facts read."""

    def __init__(self, catalogue: Catalogue, facts: Facts, problems: Problems):
        self.catalogue = catalogue
        self.facts = facts
        self.problems = problems
        self._said_population: set[FinancialYear] = set()  # missing or carried

    def value(self, measure: Measure, month: Month) -> Decimal | None:
        """The measure's unrounded value in a month; None when not available."""
        if measure.unit is Unit.RATE:
            count = self.value(self.counted(measure), month)
            return self.rate(measure, count, month.financial_year)
        fact = self.facts.get(month, measure.id)
        return fact.value if fact else None

    def values(self, measure: Measure, months: Sequence[Month]) -> list[Decimal | None]:
        """`value` in each month; a measure read from the extracts straight from the facts
        (a large catalogue's series ask for tens of thousands)."""
        if measure.unit is Unit.RATE:
            return [self.value(measure, month) for month in months]
        facts = self.facts.by_key
        return [None if (fact := facts.get((month, measure.id))) is None else fact.value
                for month in months]

    def fact_of(self, measure: Measure, month: Month) -> Fact | None:
        """The fact a month's figure is worked out from: the measure's own, or a rate's
        count's."""
        return self.facts.get(month, self.counted(measure).id if measure.unit is Unit.RATE
                              else measure.id)

    def parts(self, measure: Measure, month: Month) -> tuple[Decimal | None, Decimal | None]:
        """The numerator and denominator behind a month's figure: a rate's count and that
        year's population; a proportion's as given; none for a count."""
        fact = self.fact_of(measure, month)
        if fact is None:
            return None, None
        if measure.unit is Unit.RATE:
            population = self.catalogue.population_for(month.financial_year)
            if fact.value is None or population is None:
                return None, None
            return fact.value, Decimal(population[0])
        return fact.numerator, fact.denominator

    def quarter_value(self, measure: Measure, quarter: Quarter) -> Decimal | None:
        return self.run_value(measure, quarter.months)

    def run_value(self, measure: Measure, months: Sequence[Month]) -> Decimal | None:
        """A run of months (oldest first) as one figure: flow counts add up; flow ratios pool
        numerators and denominators; snapshots take the last month; a rate is its count's
        run per 10,000 children of the last month's year. Any month missing makes it n/a."""
        if len(months) == 1:
            return self.value(measure, months[0])
        if measure.unit is Unit.RATE:
            count = self.run_value(self.counted(measure), months)
            return self.rate(measure, count, months[-1].financial_year)
        if measure.period is PeriodKind.SNAPSHOT:
            return self.value(measure, months[-1])
        facts = [self.facts.get(month, measure.id) for month in months]
        if measure.unit is Unit.COUNT:
            values = [f.value for f in facts if f is not None and f.value is not None]
            return sum(values, Decimal(0)) if len(values) == len(facts) else None
        pairs = [(f.numerator, f.denominator) for f in facts
                 if f is not None and f.numerator is not None and f.denominator is not None]
        if len(pairs) < len(facts):
            return None
        numerator = sum((n for n, _ in pairs), Decimal(0))
        denominator = sum((d for _, d in pairs), Decimal(0))
        if denominator == 0:
            return None
        return numerator / denominator * (100 if measure.unit is Unit.PERCENT else 1)

    def counted(self, rate: Measure) -> Measure:
        """The count a rate is per 10,000 children of (the catalogue made sure it exists)."""
        count = self.catalogue.measure(rate.rate_of or "")
        assert count is not None, rate.id
        return count

    def rate(self, measure: Measure, count: Decimal | None, year: FinancialYear) -> Decimal | None:
        if count is None:
            return None
        population = self.catalogue.population_for(year)
        where = {"file": self.catalogue.source, "line": self.catalogue.lines.get("population"),
                 "period": str(year)}
        if population is None:
            if year not in self._said_population:
                self._said_population.add(year)
                self.problems.error(
                    f"population: no figure for {year}, needed for the rate '{measure.id}'; "
                    f'add "{year}": <children aged 0-17> under population, or run xlscore '
                    "population ONS_FILE", measure=measure.id, code="population.missing",
                    **where)
            return None
        count_of_children, from_year = population
        if from_year != year and year not in self._said_population:
            self._said_population.add(year)
            self.problems.warning(carried_forward(year, from_year) + "; run xlscore "
                                  "population ONS_FILE when ONS publishes the new estimate",
                                  code="population.carried-forward", **where)
        return count / count_of_children * PER

    def figure(self, measure: Measure, value: Decimal | None, year: FinancialYear) -> Figure:
        """The displayed value, rated against that financial year's target where it has one."""
        if value is None:
            return NOT_AVAILABLE
        target = measure.target_for(year)
        rating = None
        if target is not None and measure.direction is not None:
            rating = ratings.against_target(value, target, measure.direction, measure.unit)
        return Figure(measure.unit.displayed(value), rating)

    def month_figure(self, measure: Measure, month: Month) -> Figure:
        return self.figure(measure, self.value(measure, month), month.financial_year)

    def column_figure(self, measure: Measure, column: Column, month: Month) -> Figure:
        """An opt-in column's figure beside `month`, rated as the quarter is: against the
        target of the year of the run's last month (the month's, or a year before's). A
        measure with `quarter: false` has no year to date or rolling 12 months."""
        months = column.months(month)
        if len(months) > 1 and not measure.quarter:  # `quarter: false`: its months do not pool
            return NOT_AVAILABLE
        return self.figure(measure, self.run_value(measure, months),
                           months[-1].financial_year)


def build_scorecard(catalogue: Catalogue, facts: Facts, benchmarks: Benchmarks, month: Month,
                    problems: Problems) -> Scorecard:
    calc = Calculator(catalogue, facts, problems)
    baseline = catalogue.baseline or month.financial_year.april
    previous = month.shift(-1)
    quarter = latest_full_quarter(month)
    spec = catalogue.benchmarks
    lines = []
    for measure in catalogue.measures:
        current = calc.value(measure, month)
        prior = calc.value(measure, previous)
        quarter_figure = NOT_AVAILABLE
        if measure.quarter:
            quarter_figure = calc.figure(measure, calc.quarter_value(measure, quarter),
                                         quarter.year)
        annual = NOT_AVAILABLE
        comparators: tuple[Figure, ...] = ()
        if spec is not None:
            own = benchmarks.get(measure.id, spec.own).value
            annual = Figure(None)
            if own is not None:
                rating = None
                if measure.direction is not None:
                    averages = [benchmarks.get(measure.id, c).value for c in spec.rate_against]
                    rating = ratings.against_averages(own, averages, measure.direction,
                                                      measure.unit)
                annual = Figure(measure.unit.displayed(own), rating)
            comparators = tuple(_shown(measure, benchmarks.get(measure.id, c).value)
                                for c in spec.columns)
        fact = facts.get(month, measure.id)
        lines.append(Line(
            measure=measure,
            target=measure.target_for(month.financial_year),
            baseline=calc.month_figure(measure, baseline),
            previous=calc.figure(measure, prior, previous.financial_year),
            current=calc.figure(measure, current, month.financial_year),
            quarter=quarter_figure,
            annual=annual,
            comparators=comparators,
            travel=ratings.travel(current, prior, measure.direction, measure.unit),
            note=fact.note if fact else "",
            columns=tuple(calc.column_figure(measure, column, month)
                          for column in catalogue.columns),
        ))
    return Scorecard(catalogue, month, baseline, previous, quarter, tuple(lines))


def carried_forward(year: FinancialYear, from_year: FinancialYear) -> str:
    """What the rates of a year whose population is not out yet say (a warning, the Notes)."""
    return f"{year} uses the {from_year} population until ONS publishes"


def _shown(measure: Measure, value: Decimal | None) -> Figure:
    return Figure(None if value is None else measure.unit.displayed(value))
