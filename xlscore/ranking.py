"""How an authority stands among all of England's: rank, quartile, and the gap to England
over the years. Pure rules on figures as displayed; the DfE reader and the Benchmarks sheet
both use them, so that a rank in benchmarks.csv and on the sheet are worked out one way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from math import ceil
from typing import TypeVar

from xlscore.model import Direction, Unit
from xlscore.records import record

K = TypeVar("K")


class Quartile(Enum):
    """England's quartiles of a ranking: A the best quarter, D the worst."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def meaning(self) -> str:
        return QUARTILE_MEANINGS[self]

    @property
    def label(self) -> str:
        """The letter and its meaning, so that the band reads without its colour."""
        return f"{self.value} ({self.meaning})"


QUARTILE_MEANINGS = {Quartile.A: "top quartile", Quartile.B: "second quartile",
                     Quartile.C: "third quartile", Quartile.D: "bottom quartile"}


@record
class Standing:
    """A rank among the authorities ranked, and the quartile it falls in."""

    rank: int
    ranked: int
    quartile: Quartile

    @property
    def text(self) -> str:
        return f"{self.rank} of {self.ranked}"


def quartile(rank: int, ranked: int) -> Quartile:
    """Rank r of n is in quartile ceil(4r/n): A for 1, B for 2, C for 3, D for 4."""
    if not 1 <= rank <= ranked:
        raise ValueError(f"rank {rank} of {ranked} is not a rank")
    return list(Quartile)[ceil(4 * rank / ranked) - 1]


def rank(figures: Mapping[K, Decimal | None], direction: Direction,
         unit: Unit) -> dict[K, Standing]:
    """Every place with a figure ranked, 1 the best by the direction; figures equal as
    displayed share the best rank among them (1, 2, 2, 4). A place without a figure (None:
    suppressed or missing) is not ranked and not counted."""
    shown = {key: unit.displayed(value) for key, value in figures.items() if value is not None}
    ordered = sorted(shown.values(), reverse=direction is Direction.HIGHER)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    ranked = len(ordered)
    return {key: Standing(first[value], ranked, quartile(first[value], ranked))
            for key, value in shown.items()}


class Course(Enum):
    """The authority against England from the first to the last year both have a figure."""

    PULLING_AWAY = "ahead and pulling away"
    AHEAD_CLOSING = "ahead, gap closing"
    AHEAD_UNCHANGED = "ahead, gap unchanged"
    CLOSING = "behind, closing the gap"
    WIDENING = "behind, gap widening"
    BEHIND_UNCHANGED = "behind, gap unchanged"
    OVERTOOK = "overtook England"
    FELL_BEHIND = "fell behind England"
    LEVEL = "level with England"
    NOT_AVAILABLE = "n/a"


def against_england(years: Sequence[tuple[Decimal | None, Decimal | None]],
                    direction: Direction, unit: Unit) -> Course:
    """`years`, oldest first: (authority, England) each year. The gap is how much better the
    authority is than England by the direction, as displayed; the first and the last year
    where both have a figure are compared."""
    both = [(unit.displayed(own), unit.displayed(england)) for own, england in years
            if own is not None and england is not None]
    if len(both) < 2:
        return Course.NOT_AVAILABLE
    sign = 1 if direction is Direction.HIGHER else -1
    first, last = ((own - england) * sign for own, england in (both[0], both[-1]))
    if last == 0:
        return Course.LEVEL
    if last > 0:
        if first <= 0:
            return Course.OVERTOOK
        if last > first:
            return Course.PULLING_AWAY
        return Course.AHEAD_CLOSING if last < first else Course.AHEAD_UNCHANGED
    if first >= 0:
        return Course.FELL_BEHIND
    if last > first:
        return Course.CLOSING
    return Course.WIDENING if last < first else Course.BEHIND_UNCHANGED
