"""What a valid figure is, per unit, written once.

The extract reader, the benchmark reader, the catalogue's targets and the template's data
validation all ask these rules, so that a figure refused in one place is refused in every
place, with the same words.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from xlscore.model import Unit
from xlscore.records import record

HUNDRED = Decimal(100)


@record
class FigureRule:
    """The figures a unit allows: whole or not, and the lowest and highest value."""

    unit: Unit
    whole: bool
    minimum: Decimal | None
    maximum: Decimal | None
    described: str  # what a valid figure is, in the words an error message uses

    def complaint(self, value: Decimal) -> str | None:
        """Why `value` is not a valid figure of this unit (to follow the value), or None."""
        if self.minimum is not None and value < self.minimum:
            return f"is negative: {self.described}"
        if self.maximum is not None and value > self.maximum:
            return f"is over {self.maximum}: {self.described}"
        if self.whole and value != value.to_integral_value():
            return f"is not a whole number: {self.described}"
        return None


RULES: dict[Unit, FigureRule] = {
    Unit.COUNT: FigureRule(Unit.COUNT, True, Decimal(0), None,
                           "a count is a whole number of 0 or more"),
    Unit.PERCENT: FigureRule(Unit.PERCENT, False, Decimal(0), HUNDRED,
                             "a percentage is in points between 0 and 100 (34.0 means 34%)"),
    Unit.RATE: FigureRule(Unit.RATE, False, Decimal(0), None,
                          "a rate per 10,000 children is 0 or more"),
    Unit.NUMBER: FigureRule(Unit.NUMBER, False, None, None, "a number"),
}

# Numerators and denominators are counts of children or cases, whatever the measure's unit.
PART = FigureRule(Unit.COUNT, False, Decimal(0), None,
                  "numerators and denominators are counts of 0 or more")


def rule(unit: Unit) -> FigureRule:
    return RULES[unit]


def complaint(unit: Unit, value: Decimal, averaged: bool = False) -> str | None:
    """Why `value` cannot be a figure of `unit`, or None when it can. An average of counts
    (a benchmark's comparator) need not be whole."""
    rule = RULES[unit]
    return (replace(rule, whole=False) if averaged else rule).complaint(value)


def ratio_complaint(unit: Unit, numerator: Decimal, denominator: Decimal) -> str | None:
    """Why numerator/denominator cannot make a figure of `unit`, or None when they can."""
    for value in (numerator, denominator):
        said = PART.complaint(value)
        if said:
            return f"{value} {said}"
    if unit is Unit.COUNT:
        return "a count takes a value only: remove numerator and denominator"
    if unit is Unit.PERCENT and numerator > denominator:
        return (f"numerator {numerator} is over its denominator {denominator}: "
                "a percentage cannot pass 100%")
    return None


def looks_like_fraction(unit: Unit, value: Decimal) -> bool:
    """A percentage under 1.5 may be a fraction (0.964 for 96.4%) when others are in points."""
    return unit is Unit.PERCENT and value < Decimal("1.5")
