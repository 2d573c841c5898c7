"""Figures that look mistyped, judged against the measure's own history.

A month's figures can each be valid (a percentage of 0.889 is a percentage) and still be a
typing slip that the month-wide fraction check cannot see: one percentage typed as a
fraction among others typed in points, a digit slipped or doubled, last month's row copied
into this month's extract. Each is a warning naming the figure's file and line and the
history it was judged against; `xlscore check --strict` turns warnings into errors.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from decimal import Decimal

from xlscore.extracts import Fact, Facts
from xlscore.model import Catalogue, Measure, PeriodKind, Unit
from xlscore.periods import Month
from xlscore.records import record

HISTORY = 6  # months with figures a figure is judged against
LEAST_HISTORY = 3  # fewer earlier figures than this: too little to judge by
FRACTION_BELOW = Decimal("1.5")  # a percentage below this may be a fraction (0.964 for 96.4%)
POINTS_ABOVE = Decimal(10)  # ...when every earlier figure was above this
DIGIT_FACTOR = Decimal(8)  # 8 times the median or an eighth of it: a digit slipped or added
MEDIAN_FLOOR = Decimal(10)  # below this median, small counts swing that much by chance


@record
class Suspect:
    """One figure that looks mistyped, the earlier figures it was judged against and why."""

    fact: Fact
    history: tuple[Decimal, ...]  # the measure's figures in its last months with one
    code: str  # extract.suspect-fraction | extract.suspect-digit | extract.copied-row
    message: str


def suspects(catalogue: Catalogue, facts: Facts,
             skip_fraction_months: Iterable[Month] = ()) -> list[Suspect]:
    """Every figure that looks mistyped against its own history, by month then catalogue
    order. `skip_fraction_months` are months already said to hold fractions throughout."""
    skipped = set(skip_fraction_months)
    found = []
    for measure in catalogue.measures:
        series = sorted(((m, f) for (m, mid), f in facts.by_key.items() if mid == measure.id),
                        key=lambda pair: pair[0])
        given = [(m, f) for m, f in series if f.value is not None]
        for index, (month, fact) in enumerate(given):
            history = tuple(f.value for _, f in given[max(0, index - HISTORY):index]
                            if f.value is not None)
            said = _judged(measure, fact, history, month in skipped)
            if said is not None:
                found.append(Suspect(fact, history, *said))
        found.extend(_copied(measure, dict(series)))
    return sorted(found, key=lambda s: s.fact.month)


def _judged(measure: Measure, fact: Fact, history: tuple[Decimal, ...],
            fraction_said: bool) -> tuple[str, str] | None:
    assert fact.value is not None
    if len(history) < LEAST_HISTORY:
        return None
    value, unit = fact.value, measure.unit
    span = (f"where the last {len(history)} months were {unit.shown(min(history))} to "
            f"{unit.shown(max(history))}").replace("%", "")
    shown = _plain(value)
    if unit is Unit.PERCENT and value < FRACTION_BELOW and all(h > POINTS_ABOVE
                                                                for h in history):
        if fraction_said:
            return None
        return ("extract.suspect-fraction",
                f"{shown} for {measure.id}, {span}: typed as a fraction? Write percentages "
                f"in points ({_plain(value * 100)} for {shown})")
    median = Decimal(statistics.median(history))
    if median >= MEDIAN_FLOOR and (value >= median * DIGIT_FACTOR
                                   or value * DIGIT_FACTOR <= median):
        return ("extract.suspect-digit",
                f"{shown} for {measure.id}, {span} (median {_plain(median)}): a digit "
                "slipped or added? Correct it, or leave it if it is right")
    return None


def _copied(measure: Measure, series: dict[Month, Fact]) -> list[Suspect]:
    """A flow figure whose numerator and denominator both repeat last month's: a flow is
    counted afresh each month, so an exact repeat of both is most often a copied row. A
    figure given without its parts (278 referrals twice, 28.5% twice) repeats by chance too
    often to say so."""
    if measure.period is not PeriodKind.FLOW:
        return []
    found = []
    for month, fact in series.items():
        before = series.get(month.shift(-1))
        if (before is None or before.value is None or fact.value is None
                or not fact.denominator or fact.numerator is None):
            continue
        if (fact.numerator, fact.denominator) != (before.numerator, before.denominator):
            continue
        given = f"{_plain(fact.numerator)}/{_plain(fact.denominator)}"
        where = f" ({before.source})" if before.source else ""
        found.append(Suspect(fact, (before.value,), "extract.copied-row",
                             f"{given} for {measure.id} is exactly {month.shift(-1)}'s"
                             f"{where}: a row copied from last month? A flow is counted "
                             "afresh each month"))
    return found


def _plain(value: Decimal | None) -> str:
    """A figure as typed: no exponent, no trailing zeros after the point."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
