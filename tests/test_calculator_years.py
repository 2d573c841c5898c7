"""At a financial year's boundary every column is rated against its own year's target."""

from __future__ import annotations

from tests.small import small_catalogue
from tests.test_calculator import card, line
from xlscore.model import Rating
from xlscore.periods import FinancialYear, Month, Quarter

BY_YEAR = """\
authority: Testshire
population:
  "2020/21": 10000
  "2021/22": 10000
sections:
  - name: Front Door
    measures:
      - {id: timely_pct, name: Timely, unit: percent, period: flow,
         target: {"2020/21": 80, "2021/22": 95}, direction: higher}
      - {id: caseload, name: Caseload, unit: number, period: snapshot,
         target: {"2020/21": 20, "2021/22": 15}, direction: lower}
"""
JAN, FEB, MAR, APR = Month(2021, 1), Month(2021, 2), Month(2021, 3), Month(2021, 4)


def test_previous_month_and_quarter_are_rated_against_their_own_years_target(tmp_path):
    """An April build: March and Q4 belong to 2020/21 (target 80), April to 2021/22 (95).
    85% is Green against 80 and Red against 95."""
    catalogue = small_catalogue(tmp_path, BY_YEAR)
    rows = [(month, "timely_pct", 85, 85, 100) for month in (JAN, FEB, MAR, APR)]
    rows += [(month, "caseload", 18) for month in (JAN, FEB, MAR, APR)]
    scorecard = card(catalogue, APR, *rows)
    assert scorecard.quarter == Quarter(FinancialYear(2020), 4)
    timely, caseload = line(scorecard, "timely_pct"), line(scorecard, "caseload")
    assert timely.target.value == 95  # the current month's year's
    assert timely.current.rating is Rating.RED
    assert timely.previous.rating is Rating.GREEN
    assert timely.quarter.rating is Rating.GREEN
    # Lower is better: 18 is Green against 2020/21's 20, Red against 2021/22's 15.
    assert caseload.current.rating is Rating.RED
    assert (caseload.previous.rating, caseload.quarter.rating) == (Rating.GREEN, Rating.GREEN)
