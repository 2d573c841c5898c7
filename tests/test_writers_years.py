"""The Trend and Charts sheets at a financial year's boundary: each month's own target."""

from __future__ import annotations

import zipfile
from datetime import date
from xml.etree import ElementTree

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
    book = load_workbook(path)
    book.path = path
    return book


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
        assert sheet.cell(figure + 2, SERIES_COLUMN).value == "Target"
        targets = [sheet.cell(figure + 1, FIRST_MONTH_COLUMN + i).value for i in range(12)]
        later = [sheet.cell(figure + 2, FIRST_MONTH_COLUMN + i).value for i in range(12)]
        # each month's own year's target, in a row (a series) per year
        assert [a if a is not None else b for a, b in zip(targets, later, strict=True)] \
            == pytest.approx([before] * 11 + [after])


def test_a_change_of_target_is_a_step_not_a_sloping_line(workbook, tmp_path_factory):
    """Issue 17 point 11: no plotted series joins two different targets (which a line chart
    draws as a slope from March to April); the chart has one legend entry "Target"."""
    sheet = workbook["Charts"]
    rows = [r for r in sheet.iter_rows(min_col=SERIES_COLUMN, values_only=True)
            if r[0] == "Target"]
    assert len(rows) == 4  # two measures, two years each
    for row in rows:
        given = [v for v in row[1:13] if v is not None]
        assert given and len(set(given)) == 1, row
    assert any(r[12] is not None for r in rows) and any(r[1] is not None for r in rows)


def test_the_later_years_target_has_no_legend_entry_of_its_own(workbook):
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    path = workbook.path
    with zipfile.ZipFile(path) as archive:
        charts = [ElementTree.fromstring(archive.read(n)) for n in archive.namelist()
                  if n.startswith("xl/charts/chart")]
    for tree in charts:
        names = [s.find("c:tx//c:v", ns).text for s in tree.findall(".//c:ser", ns)]
        assert names == ["Figure", "Target", "Target 2"]
        entries = tree.iter(f"{{{ns['c']}}}legendEntry")
        deleted = [int(e.find("c:idx", ns).get("val")) for e in entries
                   if e.find("c:delete", ns).get("val") in ("1", "true")]
        assert deleted == [2]
