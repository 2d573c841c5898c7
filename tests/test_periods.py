"""Months, financial years (April to March) and financial quarters (Q1 = Apr-Jun)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlscore.periods import FinancialYear, Month, Quarter, latest_full_quarter


def test_financial_year_starts_in_april():
    assert Month(2021, 3).financial_year == FinancialYear(2020)
    assert Month(2021, 4).financial_year == FinancialYear(2021)
    assert Month(2020, 12).financial_year == FinancialYear(2020)
    assert Month(2021, 1).financial_year == FinancialYear(2020)


def test_financial_year_is_named_after_both_calendar_years():
    assert str(FinancialYear(2020)) == "2020/21"
    assert str(FinancialYear(1999)) == "1999/00"
    assert FinancialYear(2020).april == Month(2020, 4)


@pytest.mark.parametrize(("month", "quarter"), [
    (4, 1), (5, 1), (6, 1), (7, 2), (8, 2), (9, 2),
    (10, 3), (11, 3), (12, 3), (1, 4), (2, 4), (3, 4),
])
def test_quarter_of_each_month(month, quarter):
    year = 2021 if month <= 3 else 2020
    assert Month(year, month).quarter == Quarter(FinancialYear(2020), quarter)


def test_quarter_months_and_label():
    q4 = Quarter(FinancialYear(2020), 4)
    assert q4.months == (Month(2021, 1), Month(2021, 2), Month(2021, 3))
    assert q4.last_month == Month(2021, 3)
    assert str(q4) == "2020/21 Q4"


# Every month of a calendar year: the latest quarter that has ended by the month's end.
LATEST = {
    1: (2020, 3, ("2020-10", "2020-11", "2020-12")),
    2: (2020, 3, ("2020-10", "2020-11", "2020-12")),
    3: (2020, 4, ("2021-01", "2021-02", "2021-03")),
    4: (2020, 4, ("2021-01", "2021-02", "2021-03")),
    5: (2020, 4, ("2021-01", "2021-02", "2021-03")),
    6: (2021, 1, ("2021-04", "2021-05", "2021-06")),
    7: (2021, 1, ("2021-04", "2021-05", "2021-06")),
    8: (2021, 1, ("2021-04", "2021-05", "2021-06")),
    9: (2021, 2, ("2021-07", "2021-08", "2021-09")),
    10: (2021, 2, ("2021-07", "2021-08", "2021-09")),
    11: (2021, 2, ("2021-07", "2021-08", "2021-09")),
    12: (2021, 3, ("2021-10", "2021-11", "2021-12")),
}


@pytest.mark.parametrize("month", range(1, 13))
def test_latest_full_quarter_for_every_month_of_a_year(month):
    start, number, months = LATEST[month]
    quarter = latest_full_quarter(Month(2021, month))
    assert quarter == Quarter(FinancialYear(start), number)
    assert tuple(str(m) for m in quarter.months) == months


def test_december_closes_q3():
    assert str(latest_full_quarter(Month(2020, 12))) == "2020/21 Q3"


def test_mid_quarter_month_takes_the_quarter_before():
    assert str(latest_full_quarter(Month(2020, 11))) == "2020/21 Q2"


def test_march_closes_q4_across_the_calendar_year():
    quarter = latest_full_quarter(Month(2021, 3))
    assert str(quarter) == "2020/21 Q4"
    assert quarter.months[0] == Month(2021, 1)


def test_april_takes_the_previous_financial_years_q4():
    assert str(latest_full_quarter(Month(2021, 4))) == "2020/21 Q4"


def test_month_labels():
    assert Month(2020, 12).label == "Dec-20"
    assert Month(2009, 1).label == "Jan-09"
    assert Month(2020, 12).long_label == "December 2020"
    assert str(Month(2020, 4)) == "2020-04"


@pytest.mark.parametrize(("start", "by", "end"), [
    ("2020-12", 1, "2021-01"),
    ("2021-01", -1, "2020-12"),
    ("2020-04", -13, "2019-03"),
    ("2020-06", 24, "2022-06"),
    ("2020-06", 0, "2020-06"),
])
def test_shift_across_years(start, by, end):
    assert str(Month.parse(start).shift(by)) == end


def test_months_order_chronologically():
    assert Month(2020, 12) < Month(2021, 1) < Month(2021, 2)


def test_parse_accepts_surrounding_space():
    assert Month.parse(" 2020-12 ") == Month(2020, 12)
    assert FinancialYear.parse(" 2020/21 ") == FinancialYear(2020)


@pytest.mark.parametrize("text", ["2020-13", "2020-00", "2020-1", "20-12", "Dec-20",
                                  "2020/12", "", "2020-12-01"])
def test_month_parse_errors_say_how_to_write_it(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


@pytest.mark.parametrize("text", ["2020/22", "2020-21", "2020", "20/21", "2099/01"])
def test_financial_year_parse_errors(text):
    with pytest.raises(ValueError, match="2020/21"):
        FinancialYear.parse(text)


def test_financial_year_parse_across_a_century():
    assert FinancialYear.parse("1999/00") == FinancialYear(1999)


@given(st.integers(1900, 2999), st.integers(1, 12), st.integers(1900, 2999), st.integers(1, 12))
def test_months_compare_as_their_year_and_month(y1, m1, y2, m2):
    a, b, key_a, key_b = Month(y1, m1), Month(y2, m2), (y1, m1), (y2, m2)
    assert (a == b, a != b, a < b, a <= b, a > b, a >= b) == (
        key_a == key_b, key_a != key_b, key_a < key_b, key_a <= key_b, key_a > key_b,
        key_a >= key_b)
    assert (hash(a) == hash(b)) == (a == b)  # the month's own hash: equal exactly when equal
    assert a != (y1, m1)


@given(st.integers(1900, 2999), st.integers(1900, 2999), st.integers(1, 12))
def test_financial_years_compare_and_hash_as_their_start(a, b, month):
    first, second = FinancialYear(a), FinancialYear(b)
    assert (first == second, first < second, hash(first) == hash(second)) == (a == b, a < b,
                                                                               a == b)
    assert Month(a, month).financial_year == FinancialYear(a if month >= 4 else a - 1)
    assert FinancialYear(a) != a


def test_a_month_refuses_to_be_ordered_against_anything_else():
    with pytest.raises(TypeError):
        assert Month(2020, 12) < (2021, 1)  # type: ignore[operator]
