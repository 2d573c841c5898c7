"""Small Annex A rules and extracts for the wiring's tests, independent of the real rules:
a rule registered here counts what its test says, so a wrong figure is the wiring's."""

from __future__ import annotations

from datetime import date

import pytest

from xlscore.annex_a.records import (
    CinEpisode,
    Contact,
    Count,
    Counted,
    Extract,
    RowNote,
    RowOutcome,
)
from xlscore.annex_a.rules import RULES, Rule
from xlscore.model import PeriodKind


def count_contacts(month, counting, history, **parameters):
    """Contacts dated in the month; a blank date is excluded and said."""
    outcomes, counted = [], 0
    for row in counting.contacts:
        if row.contact is None:
            outcomes.append(RowOutcome(1, row.row, row.child, Counted.EXCLUDED,
                                       "blank Date of Contact"))
        elif month.year == row.contact.year and month.month == row.contact.month:
            counted += 1
            outcomes.append(RowOutcome(1, row.row, row.child, Counted.NUMERATOR))
    return Count(counted, None, None, tuple(outcomes))


def seen_pct(month, counting, history, days=20):
    """Open episodes seen within `days` of the extract date: a percentage."""
    numerator = denominator = 0
    outcomes = []
    for row in counting.children_in_need:
        if row.last_seen is None:
            outcomes.append(RowOutcome(6, row.row, row.child, Counted.EXCLUDED,
                                       "blank Date Child Was Last Seen"))
            continue
        denominator += 1
        if (counting.date - row.last_seen).days <= days:
            numerator += 1
            outcomes.append(RowOutcome(6, row.row, row.child, Counted.NUMERATOR))
        else:
            outcomes.append(RowOutcome(6, row.row, row.child, Counted.DENOMINATOR))
    return Count(numerator, denominator, None, tuple(outcomes))


TEST_RULES = {
    "t_contacts": Rule("t_contacts", (1,), PeriodKind.FLOW, count_contacts,
                       words="Contacts (List 1) with Date of Contact in the month."),
    "t_seen_pct": Rule("t_seen_pct", (6,), PeriodKind.SNAPSHOT, seen_pct, (("days", 20),),
                       words="Children in need seen within `days` days of the month end "
                             "(approximation: the latest visit only)."),
}


@pytest.fixture
def test_rules(monkeypatch):
    for name, rule in TEST_RULES.items():
        monkeypatch.setitem(RULES, name, rule)
    return TEST_RULES


CHILDREN = ("CHILD-QX17", "CHILD-ZW88", "CHILD-PK03")
WORKER = "Worker Ottoline Brisbane"


def extract(day: date, contacts=(), episodes=(), notes=(), file=None) -> Extract:
    """An extract dated `day` holding contacts [(child, date)] and episodes
    [(child, last seen)]; rows numbered from 2 as a sheet's would be."""
    return Extract(
        day, file or f"inputs/annex-a/annex-a-{day}.xlsx",
        contacts=tuple(Contact(child, row, when, birth=date(2012, 3, 9))
                       for row, (child, when) in enumerate(contacts, start=2)),
        children_in_need=tuple(
            CinEpisode(child, row, date(2019, 1, 5), None, "c", seen, WORKER,
                       birth=date(2011, 7, 23))
            for row, (child, seen) in enumerate(episodes, start=2)),
        lists=frozenset({1, 6}), notes=tuple(notes))


__all__ = ["CHILDREN", "RowNote", "TEST_RULES", "WORKER", "extract", "test_rules"]
