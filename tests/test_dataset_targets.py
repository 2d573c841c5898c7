"""The Data table's Target: each month's own financial year's target, as the sheets display
it (16.25 shows 16.3), never the build year's and never more decimals than the unit has."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from tests.conftest import edit
from xlscore.pipeline import build
from xlscore.problems import Problems

MEASURE = "contacts_1_day_pct"


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    import shutil

    from tests.conftest import ROOT

    project = tmp_path_factory.mktemp("targets")
    shutil.copy(ROOT / "measures.yaml", project / "measures.yaml")
    edit(project / "measures.yaml", "        target: 95.0\n        tolerance: 5.0\n",
         '        target: {"2019/20": 16.25, "2020/21": 20.05}\n        tolerance: 4.95\n')
    problems = Problems()
    built = build(project / "measures.yaml", ROOT / "inputs", project / "outputs", "2020-12",
                  problems, today=date(2021, 1, 12))
    assert not problems.errors
    sheet = load_workbook(built.path)["Data"]
    header = [c.value for c in sheet[3]]
    return [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=4,
                                                                        values_only=True)
            if r[header.index("Measure id")] == MEASURE]


def test_each_month_shows_its_own_years_target_as_displayed(rows):
    targets = {row["Month"]: row["Target"] for row in rows}
    assert {m for m in targets if m < "2020-04"} == {"2020-01", "2020-02", "2020-03"}
    assert all(targets[m] == 16.3 for m in ("2020-01", "2020-02", "2020-03"))
    assert all(t == 20.1 for m, t in targets.items() if m >= "2020-04")
    assert len([m for m in targets if m >= "2020-04"]) == 9


def test_the_tolerance_is_as_displayed_too(rows):
    assert {row["Tolerance"] for row in rows} == {5.0}
