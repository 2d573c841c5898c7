"""The Trend and Charts sheets at a financial year's boundary: each month's own target."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from openpyxl import load_workbook

import xlscore
from tests.test_calculator_years import BY_YEAR
from xlscore.writers.charts import FIRST_MONTH_COLUMN, SERIES_COLUMN


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """An April 2021 build: May 2020 to March 2021 in 2020/21 (target 80), April in 2021/22
    (target 95)."""
    months = [f"2020-{m:02d}" for m in range(5, 13)] + [f"2021-{m:02d}" for m in range(1, 5)]
    records = [{"month": month, "measure": "timely_pct", "value": 85} for month in months]
    records += [{"month": month, "measure": "caseload", "value": 18} for month in months]
    scorecard = xlscore.build(yaml.safe_load(BY_YEAR), xlscore.extracts_from_records(records))
    path = tmp_path_factory.mktemp("out") / scorecard.file_name
    scorecard.to_xlsx(path, built=date(2021, 5, 10))
    return load_workbook(path)


def _row(sheet, name: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == name)


def test_trend_target_column_is_the_current_years(workbook):
    sheet = workbook["Trend"]
    header = next(r for r in sheet.iter_rows(max_col=3) if r[0].value == "Performance Measure")
    assert header[2].value == "Target 2021/22"
    assert sheet.cell(_row(sheet, "Timely"), 3).value == pytest.approx(0.95)
    assert sheet.cell(_row(sheet, "Caseload"), 3).value == 15


def test_trend_months_are_rated_against_their_own_years_target(workbook):
    sheet = workbook["Trend"]
    row = _row(sheet, "Timely")
    fills = [sheet.cell(row, column).fill.fgColor.rgb[-6:] for column in range(5, 17)]
    colours = xlscore.load_catalogue(yaml.safe_load(BY_YEAR)).colours
    assert fills == [colours.green] * 11 + [colours.red]


def test_each_charts_target_line_is_each_months_own_years_target(workbook):
    sheet = workbook["Charts"]
    for name, before, after in (("Timely", 0.8, 0.95), ("Caseload", 20, 15)):
        figure = _row(sheet, name)
        assert sheet.cell(figure + 1, SERIES_COLUMN).value == "Target"
        targets = [sheet.cell(figure + 1, FIRST_MONTH_COLUMN + i).value for i in range(12)]
        assert targets == pytest.approx([before] * 11 + [after])
