"""Revisions: figures for a month that this pack shows differently from the previous pack.

Social-care figures are recorded late and a month's extract is often re-run; a leadership
team must never find a figure changed without being told. Pure: compares this build's
records with the figures read from the previous pack (`xlscore.previous`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from xlscore.dataset import Record
from xlscore.extracts import Source
from xlscore.model import Measure
from xlscore.periods import Month
from xlscore.records import record


@record
class PackFigure:
    """A figure as an earlier pack's Data sheet holds it."""

    unit: str
    value: Decimal | None


@record
class PreviousPack:
    """The figures of an earlier workbook, by (measure id, month)."""

    file: str
    authority: str
    month: Month
    figures: dict[tuple[str, Month], PackFigure]


@record
class Revision:
    measure: Measure
    month: Month
    before: Decimal | None  # as the previous pack displayed it; None was n/a
    after: Decimal | None  # as this pack displays it
    pack: Month  # the previous pack's month
    source: Source | None  # where this pack's figure was read

    @property
    def message(self) -> str:
        """What the cell's comment and the Data quality sheet say."""
        unit = self.measure.unit
        text = (f"Revised: {unit.shown(self.before)} in the {self.pack.label} pack, "
                f"now {unit.shown(self.after)}")
        if self.source is not None:
            text += f", {self.source.file}" + ("" if self.source.line is None
                                               else f" line {self.source.line}")
        return text


def find_revisions(records: tuple[Record, ...], previous: PreviousPack) -> tuple[Revision, ...]:
    """Every record for a month the previous pack also shows whose figure differs as
    displayed (n/a to a figure, or back, included). A measure whose unit changed between the
    packs is a new definition, not a revision."""
    found = []
    for figure in records:
        before = previous.figures.get(figure.key)
        unit = figure.measure.unit
        if before is None or before.unit != unit.value:
            continue
        was = None if before.value is None else unit.displayed(before.value)
        if was != figure.value:
            found.append(Revision(figure.measure, figure.month, was, figure.value,
                                  previous.month, figure.source))
    return tuple(found)


def by_key(revisions: Iterable[Revision]) -> dict[tuple[str, Month], Revision]:
    """Each revision by (measure id, month), the key of the figure (and record) it revises."""
    return {(r.measure.id, r.month): r for r in revisions}
