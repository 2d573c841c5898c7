"""The colour rules, and the words of the key that explains them, side by side.

Every comparison uses values as displayed (rounded half up to the unit's precision), so a
cell never shows 95.0% in amber against a 95.0% target.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from xlscore.model import BenchmarkSpec, Column, Direction, Rating, Target, Travel, Unit


def against_target(value: Decimal, target: Target, direction: Direction, unit: Unit) -> Rating:
    """Green on or better than target; Amber worse but within tolerance (inclusive); else Red."""
    shown = unit.displayed(value)
    goal, tolerance = unit.displayed(target.value), unit.displayed(target.tolerance)
    shortfall = goal - shown if direction is Direction.HIGHER else shown - goal
    if shortfall <= 0:
        return Rating.GREEN
    if shortfall <= tolerance:
        return Rating.AMBER
    return Rating.RED


def against_averages(value: Decimal, averages: Iterable[Decimal | None], direction: Direction,
                     unit: Unit) -> Rating | None:
    """Green better than every available average, Red worse than every one, else Amber."""
    shown = unit.displayed(value)
    available = [unit.displayed(a) for a in averages if a is not None]
    if not available:
        return None
    if all(direction.better(shown, a) for a in available):
        return Rating.GREEN
    if all(direction.better(a, shown) for a in available):
        return Rating.RED
    return Rating.AMBER


def travel(current: Decimal | None, previous: Decimal | None, direction: Direction | None,
           unit: Unit) -> Travel | None:
    """Improved, Worse or No change on the previous month as displayed, in the measure's
    direction; None when either month has no figure or the measure has no direction."""
    if current is None or previous is None or direction is None:
        return None
    shown, before = unit.displayed(current), unit.displayed(previous)
    if direction.better(shown, before):
        return Travel.IMPROVED
    if direction.better(before, shown):
        return Travel.WORSE
    return Travel.NO_CHANGE


# The text after a rated figure (the cell stays a number: the marker is in its number
# format), so that a rating reads without its colour: in a grey print, to a screen reader,
# to someone who cannot tell red from green.
MARKERS = {Rating.GREEN: "G", Rating.AMBER: "A", Rating.RED: "R"}


AGAINST_TARGET = {
    Rating.GREEN: "on or better than target",
    Rating.AMBER: "worse than target but within the tolerance",
    Rating.RED: "worse than target by more than the tolerance",
}


def key_lines(benchmarks: BenchmarkSpec | None, columns: tuple[Column, ...] = ()
              ) -> list[tuple[Rating, str]]:
    """The key printed above the table: each colour, what it means, and where it applies
    (`columns`: the catalogue's opt-in columns, rated as the quarter is)."""
    averages = "/".join(benchmarks.rate_against) if benchmarks else ""
    month_cols = ", ".join(["Baseline", "Previous Month", "Current Month", "Full quarter",
                            *(c.heading for c in columns)])
    lines = [(Rating.YELLOW, "Yellow (Improved) = improved on last month (Direction of travel: the "
              "current month is better than the previous month in the direction shown; the "
              "cell says Improved, Worse or No change, and nothing where a month has no "
              "figure)")]
    against_averages = {
        Rating.GREEN: f"better than every available {averages} average",
        Rating.AMBER: f"as good as at least one {averages} average, not better than all",
        Rating.RED: f"worse than every available {averages} average",
    }
    for rating, average_rule in against_averages.items():
        text = (f"{rating.value.title()} ({MARKERS[rating]} after the figure) = "
                f"{AGAINST_TARGET[rating]} ({month_cols})")
        if benchmarks and benchmarks.rate_against:
            text += f"; {average_rule} (Annual return)"
        lines.append((rating, text))
    return lines
