"""The current month's story for the Summary sheet: counts, Red runs, movements.

Pure calculation on top of the Calculator and the Scorecard, so that the Summary sheet
shows the same figures and colours as the Scorecard and decides nothing.
"""

from __future__ import annotations

from xlscore.calculator import Calculator, Line, Scorecard
from xlscore.model import Measure, Rating
from xlscore.periods import Month
from xlscore.records import record

OVERALL = "All sections"


def months_red(calc: Calculator, measure: Measure, month: Month) -> int:
    """Consecutive months Red up to and including `month`; a month with no figure ends the run
    (we cannot say it was Red)."""
    run = 0
    while calc.month_figure(measure, month).rating is Rating.RED:
        run += 1
        month = month.shift(-1)
    return run


@record
class Tally:
    """How one section (or all of them) stands this month, in numbers a sentence can use."""

    name: str
    measures: int
    with_target: int
    green: int
    amber: int
    red: int
    improved: int
    comparable: int  # has a direction and a figure in both months, so could have improved

    @property
    def not_rated(self) -> int:
        """Measures with a target but no figure this month."""
        return self.with_target - self.green - self.amber - self.red


def tally(name: str, lines: list[Line] | tuple[Line, ...]) -> Tally:
    ratings = [line.current.rating for line in lines]
    return Tally(
        name=name,
        measures=len(lines),
        with_target=sum(1 for line in lines if line.target is not None),
        green=ratings.count(Rating.GREEN),
        amber=ratings.count(Rating.AMBER),
        red=ratings.count(Rating.RED),
        improved=sum(1 for line in lines if line.improved),
        comparable=sum(1 for line in lines if line.travel is not None),
    )


@record
class RedLine:
    line: Line
    months_red: int


@record
class Summary:
    month: Month
    previous_month: Month
    sections: tuple[Tally, ...]
    overall: Tally
    red: tuple[RedLine, ...]
    to_green: tuple[Line, ...]  # Red or Amber last month, Green this month
    from_green: tuple[Line, ...]  # Green last month, Amber or Red this month
    # Why a measure fell from Green, where the reason is a new year's target: (id, words).
    reasons: tuple[tuple[str, str], ...] = ()

    def why_fell(self, line: Line) -> str | None:
        return dict(self.reasons).get(line.measure.id)


def target_raised(card: Scorecard, calc: Calculator, line: Line) -> str | None:
    """`the 2024/25 target is higher (90.0% → 95.0%)` when a measure fell from Green only
    because a new financial year's target is harder: last month's figure is not Green
    against this month's target either. None when the figure itself got worse."""
    this_year, last_year = card.month.financial_year, card.previous_month.financial_year
    old, new = line.measure.target_for(last_year), line.target
    if this_year == last_year or old is None or new is None or old == new:
        return None
    if calc.figure(line.measure, line.previous.value, this_year).rating is Rating.GREEN:
        return None
    shown = line.measure.unit.shown
    if new.value != old.value:
        change = "higher" if new.value > old.value else "lower"
        return f"the {this_year} target is {change} ({shown(old.value)} → {shown(new.value)})"
    change = "narrower" if new.tolerance < old.tolerance else "wider"
    return (f"the {this_year} tolerance is {change} "
            f"({shown(old.tolerance)} → {shown(new.tolerance)})")


def summarise(card: Scorecard, calc: Calculator) -> Summary:
    sections = tuple(tally(name, lines) for name, lines in card.section_lines())
    red = tuple(RedLine(line, months_red(calc, line.measure, card.month))
                for line in card.lines if line.current.rating is Rating.RED)
    to_green = tuple(line for line in card.lines if line.current.rating is Rating.GREEN
                     and line.previous.rating in (Rating.RED, Rating.AMBER))
    from_green = tuple(line for line in card.lines if line.previous.rating is Rating.GREEN
                       and line.current.rating in (Rating.RED, Rating.AMBER))
    reasons = tuple((line.measure.id, why) for line in from_green
                    if (why := target_raised(card, calc, line)) is not None)
    return Summary(card.month, card.previous_month, sections, tally(OVERALL, card.lines),
                   red, to_green, from_green, reasons)
