"""The figures as data: a record per measure and month the workbook shows, the same as the
Scorecard and Trend show, laid out on the Data sheet as one named Excel table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from xlscore.dataset import shown_months
from xlscore.datatable import COLUMNS, TABLE
from xlscore.model import Travel, Unit
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.problems import Problems


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    problems = Problems()
    result = build(ROOT / "measures.yaml", ROOT / "inputs", tmp_path_factory.mktemp("out"),
                   "2020-12", problems)
    assert not problems.errors
    return result


def test_one_record_per_measure_and_month_shown(built):
    card, review = built.scorecard, built.review
    months = shown_months(card, review.trend.months)
    assert months == review.trend.months  # the baseline, Apr-20, is inside the window
    assert [r.key for r in review.records] == [(m.id, month) for m in card.catalogue.measures
                                               for month in months]


def test_a_baseline_outside_the_window_is_shown_too(built):
    from dataclasses import replace

    card = replace(built.scorecard, baseline_month=Month(2019, 4))
    assert shown_months(card, built.review.trend.months)[0] == Month(2019, 4)


def test_records_are_the_figures_the_scorecard_and_trend_show(built):
    card, review = built.scorecard, built.review
    by_key = {r.key: r for r in review.records}
    for line in card.lines:
        for month, figure in ((card.baseline_month, line.baseline),
                              (card.previous_month, line.previous), (card.month, line.current)):
            record = by_key[(line.measure.id, month)]
            assert (record.value, record.rating) == (figure.value, figure.rating)
        assert by_key[(line.measure.id, card.month)].travel is line.travel
    for trend_line in review.trend.lines:
        for month, figure in zip(review.trend.months, trend_line.figures, strict=True):
            record = by_key[(trend_line.measure.id, month)]
            assert (record.value, record.rating) == (figure.value, figure.rating)


def test_a_rates_numerator_and_denominator_are_its_count_and_the_population(built):
    by_key = {r.key: r for r in built.review.records}
    rate = by_key[("contacts_rate", Month(2020, 12))]
    assert (rate.numerator, rate.denominator) == (Decimal(783), Decimal(43112))
    assert rate.value == Decimal("181.6") and rate.source.line == 2
    pct = by_key[("contacts_to_referral_pct", Month(2020, 12))]
    assert (pct.numerator, pct.denominator) == (Decimal(266), Decimal(783))
    assert pct.source.file.endswith("2020-12.csv")
    missing = by_key[("contacts", Month(2020, 5))]
    assert missing.value is None and missing.source is None


def test_the_data_sheet_is_one_named_table_of_the_records(built):
    book = load_workbook(built.path)
    sheet = book["Data"]
    assert sheet["A1"].value.startswith("Slough: the figures as data")
    assert list(sheet.tables) == [TABLE]
    table = sheet.tables[TABLE]
    records = built.review.records
    assert table.ref == f"A3:Q{3 + len(records)}"
    header = [c.value for c in sheet[3]]
    assert tuple(header) == COLUMNS and len(set(header)) == len(header)
    assert all(isinstance(h, str) for h in header)
    assert [c.name for c in table.tableColumns] == list(COLUMNS)
    rows = [dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row["Authority"] == "Slough" and row["Month"] == str(record.month)
        assert row["Measure id"] == record.measure.id and row["Unit"] == record.measure.unit.value
        expected = None if record.value is None else pytest.approx(float(record.value))
        assert row["Value"] == expected
        assert row["Rating"] == (record.rating.value.title() if record.rating else None)
        assert row["Change on previous month"] == (record.travel.value if record.travel
                                                   else None)
        assert row["Revised from"] is None
    assert {r["Rating"] for r in rows} == {None, "Green", "Amber", "Red"}
    assert {r["Change on previous month"] for r in rows} == {None, *(t.value for t in Travel)}


def test_percentages_are_in_points_with_the_units_decimals(built):
    sheet = load_workbook(built.path)["Data"]
    header = [c.value for c in sheet[3]]
    value = header.index("Value")
    for row in sheet.iter_rows(min_row=4):
        unit, cell = Unit(row[header.index("Unit")].value), row[value]
        if cell.value is not None:
            assert cell.number_format == ("#,##0" if unit is Unit.COUNT else "0.0")
    timely = next(r for r in sheet.iter_rows(min_row=4, values_only=True)
                  if r[3] == "contacts_1_day_pct" and r[1] == "2020-12")
    assert timely[value] == pytest.approx(96.4) and timely[header.index("Rating")] == "Green"


def test_the_workbooks_own_save_keeps_the_rows_written_as_xml(built, tmp_path):
    """The Data rows are spliced in as the workbook is saved: openpyxl's plain save would
    write a Data sheet of headers only."""
    import contextlib
    from datetime import date

    from xlscore.pipeline import prepare
    from xlscore.writers.workbook import build_workbook

    with contextlib.chdir(ROOT):
        _, card, review = prepare("measures.yaml", "inputs", "2020-12", Problems())
    path = tmp_path / "saved.xlsx"
    build_workbook(card, review, date(2021, 1, 12)).save(path)
    assert load_workbook(path)["Data"].max_row == 3 + len(review.records)
