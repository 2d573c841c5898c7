"""Months, financial years and financial quarters (Q1 = Apr-Jun ... Q4 = Jan-Mar)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from xlscore.records import record

# A year outside these is a typing slip (0000-01), and would name financial years like -1/00.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@record
class Month:
    """A calendar month, written `YYYY-MM`; knows its financial year and quarter."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse `YYYY-MM`; raises ValueError with a message fit for a user."""
        match = _MONTH.match(str(text).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"'{text}' is not a month: write it as YYYY-MM, e.g. 2020-12")
        if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise ValueError(f"'{text}' is not a month of a scorecard: the year must be "
                             f"{FIRST_YEAR} to {LAST_YEAR}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def each_parsed(cls, texts: Iterable[str | None]) -> list[Month]:
        """The texts that are months (`YYYY-MM`), parsed; the others passed over."""
        months = []
        for text in texts:
            try:
                months.append(cls.parse(str(text)))
            except ValueError:
                continue
        return months

    # The key of every fact, compared thousands of times a build: written out, cheaper than
    # a record's field-by-field comparison.
    def __hash__(self) -> int:
        return self.year * 12 + self.month

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Month):
            return NotImplemented
        return self.year == other.year and self.month == other.month

    def __lt__(self, other: Month) -> bool:
        return (self.year, self.month) < _key(other)

    def __le__(self, other: Month) -> bool:
        return (self.year, self.month) <= _key(other)

    def __gt__(self, other: Month) -> bool:
        return (self.year, self.month) > _key(other)

    def __ge__(self, other: Month) -> bool:
        return (self.year, self.month) >= _key(other)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def last_day(self) -> date:
        following = self.shift(1)
        return date(following.year, following.month, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        """`Dec-20`, as the scorecard heads its month columns."""
        return f"{_ABBR[self.month - 1]}-{self.year % 100:02d}"

    @property
    def long_label(self) -> str:
        return f"{_NAMES[self.month - 1]} {self.year}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def financial_year(self) -> FinancialYear:
        start = self.year if self.month >= 4 else self.year - 1
        year = _YEARS.get(start)  # asked for thousands of times a build (every target)
        if year is None:
            year = _YEARS[start] = FinancialYear(start)
        return year

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.financial_year, (self.month - 4) % 12 // 3 + 1)


@record(order=True)
class FinancialYear:
    """April to March, named `2020/21` after the year it starts in."""

    start: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        match = re.match(r"^(\d{4})/(\d{2})$", str(text).strip())
        if (not match or (int(match.group(1)) + 1) % 100 != int(match.group(2))
                or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR):
            raise ValueError(f"'{text}' is not a financial year: write it as e.g. 2020/21")
        return cls(int(match.group(1)))

    # A key of targets and populations, compared thousands of times a build: written out.
    def __hash__(self) -> int:
        return self.start

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FinancialYear):
            return NotImplemented
        return self.start == other.start

    def __str__(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def april(self) -> Month:
        return Month(self.start, 4)


@record(order=True)
class Quarter:
    year: FinancialYear
    number: int

    @property
    def months(self) -> tuple[Month, Month, Month]:
        first = self.year.april.shift(3 * (self.number - 1))
        return (first, first.shift(1), first.shift(2))

    @property
    def last_month(self) -> Month:
        return self.months[-1]

    def __str__(self) -> str:
        return f"{self.year} Q{self.number}"


_YEARS: dict[int, FinancialYear] = {}  # each financial year made once (they never change)


def _key(other: object) -> tuple[int, int]:
    if not isinstance(other, Month):
        raise TypeError(f"a Month cannot be compared with {other.__class__.__name__}")
    return (other.year, other.month)


def latest_full_quarter(month: Month) -> Quarter:
    """The latest financial quarter whose last month is on or before `month`."""
    quarter = month.quarter
    if quarter.last_month == month:
        return quarter
    return quarter.last_month.shift(-3).quarter
