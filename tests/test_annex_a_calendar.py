"""Annex A's calendar: WD(a, b) over England's bank holidays, calendar months and years,
ages, open at E. Hand-worked cases at each boundary issue 15 names, and properties."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlscore.annex_a.calendar import (
    add_months,
    add_years,
    age_on,
    first_day,
    is_working_day,
    last_day,
    open_at,
    working_days,
)
from xlscore.periods import Month

D = date.fromisoformat


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("2021-01-07", "2021-01-07", 0),  # same day
    ("2021-01-08", "2021-01-11", 1),  # Friday to Monday
    ("2021-01-08", "2021-01-09", 0),  # Friday to Saturday
    ("2021-01-09", "2021-01-10", 0),  # a weekend start, a weekend end
    ("2021-01-09", "2021-01-11", 1),  # Saturday to Monday
    ("2021-01-10", "2021-01-15", 5),  # Sunday to Friday: the whole week
    ("2021-01-04", "2021-01-11", 5),  # Monday to Monday
    ("2020-05-07", "2020-05-11", 1),  # 2020's VE Day, Friday 8 May
    ("2020-05-08", "2020-05-11", 1),  # starting on VE Day
    ("2020-05-01", "2020-05-26", 15),  # VE Day and the Spring bank holiday (25 May) both out
    ("2022-06-01", "2022-06-06", 1),  # Platinum Jubilee, Thursday 2 and Friday 3 June
    ("2022-09-16", "2022-09-20", 1),  # the State Funeral, Monday 19 September 2022
    ("2023-05-05", "2023-05-09", 1),  # the Coronation, Monday 8 May 2023
    ("2023-04-28", "2023-05-02", 1),  # Early May bank holiday, Monday 1 May 2023
    ("2020-12-24", "2020-12-29", 1),  # Christmas Friday, Boxing Day observed Monday 28th
    ("2020-05-25", "2020-05-26", 1),  # a bank-holiday start
    ("2021-01-04", "2021-03-08", 45),  # nine weeks, no bank holiday
    ("2021-02-01", "2021-02-22", 15),
    ("1999-12-30", "2000-01-04", 1),  # outside the years built first: 31 Dec 1999, 3 Jan 2000
    ("2045-12-22", "2045-12-27", 1),  # 25 and 26 December 2045 (Monday, Tuesday)
])
def test_working_days_hand_worked(a, b, expected):
    assert working_days(D(a), D(b)) == expected


def test_working_days_backwards_is_minus_forwards():
    # The rules exclude such rows before asking; the sign keeps WD additive.
    assert working_days(D("2021-01-11"), D("2021-01-08")) == -1
    assert working_days(D("2021-03-08"), D("2021-01-04")) == -45


def test_is_working_day():
    assert is_working_day(D("2023-05-09"))
    assert not is_working_day(D("2023-05-08"))  # Coronation
    assert not is_working_day(D("2023-05-06"))  # Saturday


_ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(1995, 2046))
days = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))


def _counted(a: date, b: date) -> int:
    """WD counted day by day, the slow way the index replaces."""
    n, day = 0, a
    while day < b:
        day += timedelta(days=1)
        n += day.weekday() < 5 and day not in _ENGLAND
    return n


@given(days, st.integers(min_value=0, max_value=400))
@settings(max_examples=300)
def test_working_days_equal_a_day_by_day_count(a, span):
    b = min(a + timedelta(days=span), date(2045, 12, 31))
    assert working_days(a, b) == _counted(a, b)


@given(days, days, days)
def test_working_days_add_up(a, b, c):
    assert working_days(a, b) + working_days(b, c) == working_days(a, c)


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2020-08-31", 6, "2021-02-28"),
    ("2019-08-31", 6, "2020-02-29"),
    ("2020-02-29", 12, "2021-02-28"),
    ("2021-01-01", -6, "2020-07-01"),  # the window of an extract dated 2020-12-31
    ("2021-09-16", -6, "2021-03-16"),  # the window of an extract dated 2021-09-15
    ("2021-03-31", -1, "2021-02-28"),
    ("2020-12-31", -12, "2019-12-31"),
    ("2020-01-15", 0, "2020-01-15"),
    ("2020-11-30", 3, "2021-02-28"),
])
def test_add_months_hand_worked(day, months, expected):
    assert add_months(D(day), months) == D(expected)


@pytest.mark.parametrize(("day", "years", "expected"), [
    ("2020-02-29", 1, "2021-02-28"),  # 29 February + 1 year = 28 February
    ("2020-02-29", 4, "2024-02-29"),
    ("2020-02-29", -2, "2018-02-28"),
    ("2019-03-01", 2, "2021-03-01"),
])
def test_add_years_hand_worked(day, years, expected):
    assert add_years(D(day), years) == D(expected)


@given(days, st.integers(min_value=-60, max_value=60))
def test_add_months_lands_in_the_right_month_on_the_nearest_day(day, months):
    moved = add_months(day, months)
    assert moved.year * 12 + moved.month == day.year * 12 + day.month + months
    assert moved.day == min(day.day, last_day(Month(moved.year, moved.month)).day)


@given(days, days, st.integers(min_value=-60, max_value=60))
def test_add_months_keeps_order(a, b, months):
    a, b = sorted((a, b))
    assert add_months(a, months) <= add_months(b, months)


@given(days, st.integers(min_value=-40, max_value=40), st.integers(min_value=-40, max_value=40))
def test_add_months_composes_below_the_29th(day, m, n):
    day = day.replace(day=min(day.day, 28))
    assert add_months(add_months(day, m), n) == add_months(day, m + n)
    assert add_months(add_months(day, m), -m) == day


@pytest.mark.parametrize(("birth", "on", "age"), [
    ("2010-06-15", "2013-06-14", 2),
    ("2010-06-15", "2013-06-15", 3),  # exactly 3
    ("2000-02-29", "2001-02-28", 0),  # a 29 February birthday falls on 1 March ...
    ("2000-02-29", "2001-03-01", 1),
    ("2000-02-29", "2016-02-29", 16),  # ... and on 29 February in a leap year
    ("2000-02-29", "2016-02-28", 15),
    ("2000-02-29", "2019-02-28", 18),
    ("2000-02-29", "2019-03-01", 19),
    ("2001-12-31", "2022-12-31", 21),
    ("2001-12-31", "2022-12-30", 20),
])
def test_age_on_hand_worked(birth, on, age):
    assert age_on(D(birth), D(on)) == age


@given(days, st.integers(min_value=1, max_value=30))
def test_age_turns_on_the_birthday(birth, years):
    birthday = add_years(birth, years)
    if birthday.day != birth.day:  # 29 February in a common year: the birthday is 1 March
        birthday += timedelta(days=1)
    assert age_on(birth, birthday) == years
    assert age_on(birth, birthday - timedelta(days=1)) == years - 1


def test_month_days_and_open_at_e():
    month = Month(2020, 2)
    assert (first_day(month), last_day(month)) == (D("2020-02-01"), D("2020-02-29"))
    end = D("2020-12-31")
    assert open_at(end, None, end)  # starting on E: open
    assert not open_at(end, end, end)  # ending on E: not open at E
    assert open_at(D("2020-01-01"), D("2021-01-01"), end)
    assert not open_at(D("2021-01-01"), None, end)  # starting after E
    assert not open_at(None, None, end)
