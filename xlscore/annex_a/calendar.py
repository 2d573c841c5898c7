"""The calendar the Annex A rules count with: working days in England, calendar months and
years, ages, and "open at E".

WD(a, b) is issue 15's: the working days after a up to and including b, a working day being
Monday to Friday except England's bank holidays as the `holidays` package has them (it has
2020's VE Day, 2022's Jubilee and State Funeral and 2023's Coronation). A rule asks it for
every row of every extract (about 100,000 rows x 36 extracts), so it is one subtraction in a
cumulative index of working days, built once for the years asked about and widened when a
date falls outside them.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta

from xlscore.periods import Month

_FIRST_YEAR, _LAST_YEAR = 2000, 2040  # built on the first call; widened on demand
_index: _WorkingDays | None = None


class _WorkingDays:
    """`before[i]`: the working days from the first day covered up to and including that
    day + i. WD(a, b) = before[b] - before[a]."""

    __slots__ = ("first", "last", "base", "before")

    def __init__(self, first_year: int, last_year: int) -> None:
        import holidays  # imported here: only a build that reads Annex A pays for it

        closed = holidays.country_holidays("GB", subdiv="ENG",
                                           years=range(first_year, last_year + 1))
        self.first, self.last = first_year, last_year
        start, end = date(first_year, 1, 1), date(last_year, 12, 31)
        self.base = start.toordinal()
        before: list[int] = []
        total = 0
        day, step = start, timedelta(days=1)
        while day <= end:
            if day.weekday() < 5 and day not in closed:
                total += 1
            before.append(total)
            day += step
        self.before = before


def _covering(*days: date) -> _WorkingDays:
    global _index
    index = _index
    low, high = min(d.year for d in days), max(d.year for d in days)
    if index is None or low < index.first or high > index.last:
        first = min(low, _FIRST_YEAR if index is None else index.first)
        last = max(high, _LAST_YEAR if index is None else index.last)
        index = _index = _WorkingDays(first, last)
    return index


def working_days(a: date, b: date) -> int:
    """WD(a, b): working days after a up to and including b (same day 0, Friday to Monday 1).

    For b before a it is -WD(b, a), so that WD(a, b) + WD(b, c) = WD(a, c) always; the rules
    exclude such rows (authorisation before start, ICPC before the S47) before asking.
    """
    index = _index
    if index is None or not (index.first <= a.year <= index.last
                             and index.first <= b.year <= index.last):
        index = _covering(a, b)
    return index.before[b.toordinal() - index.base] - index.before[a.toordinal() - index.base]


def is_working_day(day: date) -> bool:
    return working_days(day - timedelta(days=1), day) == 1


def add_months(day: date, months: int) -> date:
    """Calendar arithmetic: the same day of the month `months` later (or earlier), the
    month's last day where it has no such day (31 August + 6 months = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    on = day.day
    if on > 28:  # asked for every row of every extract: the month's length without calendar
        length = _LENGTHS[month]
        if month == 1 and (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            length = 29
        on = min(on, length)
    return date(year, month + 1, on)


_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_years(day: date, years: int) -> date:
    """`years` calendar years on: 29 February + 1 year = 28 February."""
    return add_months(day, 12 * years)


def age_on(birth: date, day: date) -> int:
    """Age in whole years on `day`; a 29 February birthday falls on 1 March in other years."""
    birthday = (birth.month, birth.day)
    if birthday == (2, 29) and not _calendar.isleap(day.year):
        birthday = (3, 1)
    return day.year - birth.year - ((day.month, day.day) < birthday)


def first_day(month: Month) -> date:
    """S: the month's first day."""
    return date(month.year, month.month, 1)


def last_day(month: Month) -> date:
    """E: the month's last day."""
    return date(month.year, month.month, _calendar.monthrange(month.year, month.month)[1])


def month_of(day: date) -> Month:
    return Month(day.year, day.month)


def open_at(start: date | None, end: date | None, day: date) -> bool:
    """Open at E: start <= E and (end blank or end > E). A blank start is never open."""
    return start is not None and start <= day and (end is None or end > day)
