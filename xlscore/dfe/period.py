"""Which `time_period` of a DfE or ONS file a financial-year label means.

The children's social care files count a reporting year ending 31 March: "2019/20" is
`time_period` 2020. The social work workforce census is a position at 30 September: the
September inside 2019/20 is September 2019, `time_period` 2019. ONS mid-year estimates are
at 30 June: the mid-year inside 2019/20 is mid-2019, `time_period` 2019, which is also the
estimate DfE divides by for its own 2019/20 rates.
"""

from __future__ import annotations

from xlscore.periods import FinancialYear

WORKFORCE = ("csww",)  # file names starting so hold 30 September positions


def financial_year(label: str) -> FinancialYear:
    """"2019/20" as a FinancialYear; ValueError with a message fit for a user."""
    return FinancialYear.parse(str(label).strip())


def is_workforce(file_name: str) -> bool:
    return file_name.lower().startswith(WORKFORCE)


def time_period(file_name: str, year: FinancialYear) -> int:
    """The `time_period` of `file_name` that holds the figures of financial year `year`."""
    return year.start if is_workforce(file_name) else year.start + 1


def population_year(year: FinancialYear) -> int:
    """The ONS mid-year estimate (`time_period`) inside financial year `year`."""
    return year.start


def label_of_population_year(time_period: int) -> str:
    """The financial year whose 30 June the estimate of `time_period` describes."""
    return str(FinancialYear(time_period))


def meaning(file_name: str, year: FinancialYear) -> str:
    """In words, for the report: what the period is in this file."""
    period = time_period(file_name, year)
    if is_workforce(file_name):
        return f"time_period {period}: the position at 30 September {period}"
    return f"time_period {period}: the year ending 31 March {period}"
