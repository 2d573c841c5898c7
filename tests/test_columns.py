"""The opt-in columns beside the month (`columns:`): Year to date, Rolling 12 months and Same
month last year, pooled by the quarter's rules, rated, on the Scorecard and in the Data table."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from openpyxl import load_workbook

from tests.conftest import ROOT
from tests.small import CATALOGUE, small_catalogue, write_catalogue
from tests.test_calculator import facts
from xlscore.calculator import Calculator, Figure
from xlscore.catalogue import load_catalogue
from xlscore.datatable import COLUMNS, TABLE
from xlscore.model import Column, Rating
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.previous import read_pack
from xlscore.problems import Problems

D = Decimal
YTD, R12, LAST_YEAR = Column.YEAR_TO_DATE, Column.ROLLING_12_MONTHS, Column.SAME_MONTH_LAST_YEAR
APR, DEC = Month(2020, 4), Month(2020, 12)
FY20 = [APR.shift(n) for n in range(9)]  # April to December 2020
WITH_COLUMNS = CATALOGUE.replace(
    'population:\n  "2020/21": 10000',
    'population:\n  "2019/20": 20000\n  "2020/21": 10000\n'
    "columns: [year_to_date, rolling_12_months, same_month_last_year]")
TARGETS = CATALOGUE.replace("target: 95, tolerance: 5",
                            'target: {"2019/20": 50, "2020/21": 95}, tolerance: 5')


@pytest.fixture
def catalogue(tmp_path):
    return small_catalogue(tmp_path, WITH_COLUMNS)


def column(catalogue, measure_id, which, month, *rows) -> Figure:
    calc = Calculator(catalogue, facts(*rows), Problems())
    return calc.column_figure(catalogue.measure(measure_id), which, month)


def test_the_months_of_each_column():
    assert YTD.months(DEC) == tuple(FY20)
    assert YTD.months(APR) == (APR,)
    assert YTD.months(Month(2021, 3)) == R12.months(Month(2021, 3))
    assert R12.months(DEC) == tuple(Month(2020, 1).shift(n) for n in range(12))
    assert LAST_YEAR.months(DEC) == (Month(2019, 12),)
    assert [YTD.label(DEC), R12.label(DEC), LAST_YEAR.label(DEC)] == [
        "Apr-20 to Dec-20", "Jan-20 to Dec-20", "Dec-19"]


def test_a_flow_count_adds_its_months(catalogue):
    rows = [(m, "contacts", n) for n, m in enumerate(FY20, start=1)]
    assert column(catalogue, "contacts", YTD, DEC, *rows).value == sum(range(1, 10))
    # the year before's March does not belong to the year to date
    assert column(catalogue, "contacts", YTD, DEC, *rows,
                  (Month(2020, 3), "contacts", 1000)).value == 45


def test_a_flow_count_with_a_missing_month_is_n_a(catalogue):
    rows = [(m, "contacts", 1) for m in FY20 if m != Month(2020, 7)]
    assert column(catalogue, "contacts", YTD, DEC, *rows).value is None
    assert column(catalogue, "contacts", YTD, DEC, *rows, (Month(2020, 7), "contacts", None)
                  ).value is None
    twelve = [(Month(2020, 1).shift(n), "contacts", 2) for n in range(12)]
    assert column(catalogue, "contacts", R12, DEC, *twelve).value == 24
    assert column(catalogue, "contacts", R12, DEC, *twelve[1:]).value is None


def test_a_flow_percentage_pools_numerators_and_denominators(catalogue):
    rows = [(m, "timely_pct", 100, 1, 1) for m in FY20[:-1]] + [(DEC, "timely_pct", 0, 0, 2)]
    got = column(catalogue, "timely_pct", YTD, DEC, *rows)
    assert got.value == D("80.0")  # 8 of 10, not the mean of 100 (8 times) and 0
    assert got.rating is Rating.RED  # against 2020/21's 95, tolerance 5
    # a month without its parts cannot be pooled
    rows[3] = (FY20[3], "timely_pct", 100)
    assert column(catalogue, "timely_pct", YTD, DEC, *rows).value is None


def test_a_snapshot_takes_its_last_month(catalogue):
    assert column(catalogue, "cla", R12, DEC, (Month(2020, 1), "cla", 90), (DEC, "cla", 120)
                  ).value == 120
    assert column(catalogue, "cla", YTD, DEC, (APR, "cla", 90)).value is None
    assert column(catalogue, "caseload", YTD, DEC, (DEC, "caseload", D("19.5"))
                  ) == Figure(D("19.5"), Rating.AMBER)  # lower, 18, tolerance 2
    assert column(catalogue, "caseload", R12, DEC, (DEC, "caseload", D("17.96"))
                  ) == Figure(D("18.0"), Rating.GREEN)


def test_a_rate_is_worked_out_from_its_count(catalogue):
    rows = [(m, "contacts", 100) for m in FY20]
    # 900 contacts per 10,000 children of 2020/21
    assert column(catalogue, "contacts_rate", YTD, DEC, *rows).value == D("900.0")
    # the same month last year: the 2019/20 population, 20,000
    assert column(catalogue, "contacts_rate", LAST_YEAR, DEC, (Month(2019, 12), "contacts", 100)
                  ).value == D("50.0")
    assert column(catalogue, "contacts_rate", YTD, DEC, *rows[1:]).value is None
    # a snapshot's rate: its last month's count
    assert column(catalogue, "cla_rate", R12, DEC, (DEC, "cla", 50)).value == D("50.0")


def test_same_month_last_year_is_rated_against_its_own_years_target(tmp_path):
    catalogue = small_catalogue(tmp_path, TARGETS.replace(
        "sections:", "columns: [same_month_last_year, year_to_date]\nsections:"))
    last_year = (Month(2019, 12), "timely_pct", 60, 60, 100)
    got = column(catalogue, "timely_pct", LAST_YEAR, DEC, last_year)
    assert got == Figure(D("60.0"), Rating.GREEN)  # 2019/20's target is 50; 2020/21's 95
    got = column(catalogue, "timely_pct", YTD, DEC,
                 *[(m, "timely_pct", 60, 60, 100) for m in FY20])
    assert got == Figure(D("60.0"), Rating.RED)


def test_a_measure_whose_quarter_is_off_has_no_run_of_months(tmp_path):
    catalogue = small_catalogue(tmp_path, WITH_COLUMNS.replace(
        "{id: contacts, name: Contacts, unit: count, period: flow}",
        "{id: contacts, name: Contacts, unit: count, period: flow, quarter: false}"))
    rows = [(m, "contacts", 1) for m in R12.months(DEC)]
    assert column(catalogue, "contacts", R12, DEC, *rows).value is None
    assert column(catalogue, "contacts", LAST_YEAR, DEC, (Month(2019, 12), "contacts", 7)
                  ).value == 7


def test_the_scorecard_lines_carry_the_columns_in_the_catalogues_order(catalogue):
    from xlscore.benchmarks import Benchmarks
    from xlscore.calculator import build_scorecard

    rows = [(m, "contacts", 10) for m in FY20] + [(Month(2019, 12), "contacts", 3)]
    card = build_scorecard(catalogue, facts(*rows), Benchmarks(), DEC, Problems())
    line = next(x for x in card.lines if x.measure.id == "contacts")
    assert [f.value for f in line.columns] == [90, None, 3]


@settings(max_examples=60, deadline=None)
@given(kind=hs.sampled_from(["contacts", "contacts_rate", "cla", "timely_pct", "caseload"]),
       year=hs.integers(2021, 2030),
       numerator=hs.integers(0, 500), extra=hs.integers(0, 500))
def test_a_year_to_date_of_one_month_is_that_month(tmp_path_factory, kind, year, numerator,
                                                     extra):
    catalogue = small_catalogue(tmp_path_factory.mktemp("c"), WITH_COLUMNS.replace(
        '"2020/21": 10000', f'"2020/21": 10000\n  "{year}/{(year + 1) % 100:02d}": 30000'))
    april = Month(year, 4)
    counted = "contacts" if kind == "contacts_rate" else kind
    denominator = numerator + extra
    value = D(numerator) / denominator * 100 if denominator else None
    calc = Calculator(catalogue, facts((april, counted, value if kind == "timely_pct"
                                        else numerator, numerator, denominator)), Problems())
    measure = catalogue.measure(kind)
    assert calc.column_figure(measure, YTD, april) == calc.month_figure(measure, april)


@settings(max_examples=40, deadline=None)
@given(counts=hs.lists(hs.integers(0, 10_000), min_size=12, max_size=12))
def test_a_march_year_to_date_is_its_rolling_12_months_and_the_sum(tmp_path_factory, counts):
    catalogue = small_catalogue(tmp_path_factory.mktemp("c"), WITH_COLUMNS)
    march = Month(2021, 3)
    rows = [(m, "contacts", n) for m, n in zip(R12.months(march), counts, strict=True)]
    calc = Calculator(catalogue, facts(*rows), Problems())
    measure = catalogue.measure("contacts")
    ytd = calc.column_figure(measure, YTD, march)
    assert ytd == calc.column_figure(measure, R12, march)
    assert ytd.value == sum(counts)


# The catalogue ---------------------------------------------------------------------------

def test_the_catalogue_reads_columns_in_order_once_each(tmp_path):
    catalogue = small_catalogue(tmp_path, CATALOGUE.replace(
        "sections:", "columns: [same_month_last_year, year_to_date, same_month_last_year]\n"
        "sections:"))
    assert catalogue.columns == (LAST_YEAR, YTD)
    assert small_catalogue(tmp_path, CATALOGUE).columns == ()


@pytest.mark.parametrize(("written", "says"), [
    ("[year_to_date, rolling_12_month]", "unknown column 'rolling_12_month' (did you mean "
                                         "'rolling_12_months'?)"),
    ("year_to_date", "columns must be a list"),
])
def test_a_column_xlscore_does_not_know_is_an_error_at_its_line(tmp_path, written, says):
    text = CATALOGUE.replace("sections:", f"columns: {written}\nsections:")
    problems = Problems()
    load_catalogue(write_catalogue(tmp_path, text), problems)
    [error] = problems.errors
    assert says in error.message, error.message
    assert error.code == "catalogue.bad-columns"
    assert error.line == text.splitlines().index(f"columns: {written}") + 1
    assert error.file and error.file.endswith("measures.yaml")


# The workbook ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample with every month of 2020/21 to December (May to September: December's
    figures) and the three columns."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "inputs", root / "inputs")
    for month in range(5, 10):
        shutil.copy(ROOT / "inputs" / "2020-12.csv", root / "inputs" / f"2020-{month:02d}.csv")
    text = (ROOT / "measures.yaml").read_text(encoding="utf-8")
    assert "\ncolumns:" not in text  # the sample does not ask for them
    (root / "measures.yaml").write_text(text.replace(
        "\nbenchmarks:", "\ncolumns: [year_to_date, rolling_12_months, same_month_last_year]"
        "\nbenchmarks:", 1), encoding="utf-8")
    (root / "outputs").mkdir()
    problems = Problems()
    result = build(root / "measures.yaml", root / "inputs", root / "outputs", "2020-12",
                   problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return result


def test_the_scorecard_shows_the_columns_after_full_quarter(built):
    sheet = load_workbook(built.path)["Scorecard"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Performance Measure")
    names = [c.value for c in sheet[header]]
    at = names.index("Full quarter") + 1
    assert names[at:at + 4] == ["Year to date", "Rolling 12 months", "Same month last year",
                                "Annual return"]
    assert [c.value for c in sheet[header + 1]][at:at + 3] == [
        "Apr-20 to Dec-20", "Jan-20 to Dec-20", "Dec-19"]
    rows = {sheet.cell(r, 1).value: r for r in range(header + 2, sheet.max_row + 1)}
    lines = {line.measure.name: line for line in built.scorecard.lines}
    contacts = lines["Contacts received and completed"]
    # April + May to September (December's 783) + October + November + December
    ytd = contacts.columns[0].value
    assert ytd is not None and ytd > 783 * 6
    assert contacts.columns[1:] == (Figure(None), Figure(None))  # January to March missing
    for name, line in lines.items():
        for offset, figure in enumerate(line.columns):
            cell = sheet.cell(rows[name], at + 1 + offset)
            if line.measure.local and figure.value is None:
                continue
            if figure.value is None:
                assert cell.value in (None, "n/a"), (name, offset, cell.value)
                continue
            expected = float(figure.value) / (100 if line.measure.unit.value == "percent"
                                              else 1)
            assert cell.value == pytest.approx(expected), (name, offset, cell.value)
    rated = [(name, line.columns[0]) for name, line in lines.items()
             if line.columns[0].rating is not None]
    assert rated  # some year to date carries a colour, and it is the sheet's fill
    for name, figure in rated:
        fill = sheet.cell(rows[name], at + 1).fill.fgColor.rgb
        quarter_rated = [n for n, line in lines.items() if line.quarter.rating is figure.rating]
        if quarter_rated:
            same = sheet.cell(rows[quarter_rated[0]], at).fill.fgColor.rgb
            assert fill == same, (name, figure.rating)


def test_the_key_and_the_notes_name_the_columns(built):
    book = load_workbook(built.path)
    key = " ".join(str(c.value) for row in book["Scorecard"].iter_rows(max_row=8)
                   for c in row if c.value)
    assert "Full quarter, Year to date, Rolling 12 months, Same month last year)" in key
    notes = " ".join(str(c.value) for row in book["Notes"].iter_rows() for c in row if c.value)
    assert "Year to date: Apr-20 to Dec-20; Rolling 12 months: Jan-20 to Dec-20; Same month " \
           "last year: Dec-19." in notes


def test_the_data_table_carries_the_columns_and_reads_back(built):
    book = load_workbook(built.path)
    sheet = book["Data"]
    table = sheet.tables[TABLE]
    first, _ = table.ref.split(":")
    header_row = int(first[1:])
    names = [c.value for c in sheet[header_row]]
    assert names == [*COLUMNS, "Year to date", "Rolling 12 months", "Same month last year"]
    assert [c.name for c in table.tableColumns] == names
    records = {rec.key: rec for rec in built.review.records}
    line = next(x for x in built.scorecard.lines if x.measure.id == "contacts")
    assert records[("contacts", DEC)].columns == tuple(f.value for f in line.columns)
    # a row's columns are those beside its own month: November's year to date
    assert records[("contacts", Month(2020, 11))].columns[0] == \
        line.columns[0].value - records[("contacts", DEC)].value
    row = next(r for r in range(header_row + 1, sheet.max_row + 1)
               if sheet.cell(r, 4).value == "contacts" and sheet.cell(r, 2).value == "2020-12")
    assert sheet.cell(row, len(COLUMNS) + 1).value == line.columns[0].value
    assert sheet.cell(row, len(COLUMNS) + 2).value is None
    # the next month's build reads this pack as any other
    problems = Problems()
    pack = read_pack(built.path, problems)
    assert not problems.items, [str(p) for p in problems.items]
    assert pack is not None and len(pack.figures) == len(records)
    assert {key: fig.value for key, fig in pack.figures.items()} == {
        key: rec.value for key, rec in records.items()}


def test_the_frame_carries_the_columns_with_their_months(built):
    from xlscore.frames import scorecard_frame

    frame = scorecard_frame(built.scorecard, built.review.trend)
    contacts = frame[frame.measure == "contacts"].set_index("column")
    line = next(x for x in built.scorecard.lines if x.measure.id == "contacts")
    assert contacts.loc["Year to date", "period"] == "2020-04 to 2020-12"
    assert contacts.loc["Year to date", "value"] == float(line.columns[0].value)
    assert contacts.loc["Same month last year", "period"] == "2019-12"
    columns = list(dict.fromkeys(frame.column))
    assert columns[columns.index("Full quarter") + 1:columns.index("Annual return")] == [
        "Year to date", "Rolling 12 months", "Same month last year"]


def test_a_revised_figures_row_carries_its_columns_too(built, tmp_path):
    # November revised after the pack with the columns was built: the next build's row for
    # it is written cell by cell, with its comment, and keeps the columns
    root = built.path.parents[1]
    shutil.copytree(root, tmp_path / "p")
    november = tmp_path / "p" / "inputs" / "2020-11.csv"
    november.write_text(november.read_text(encoding="utf-8").replace(
        "contacts,897,", "contacts,900,", 1), encoding="utf-8")
    problems = Problems()
    again = build(tmp_path / "p" / "measures.yaml", tmp_path / "p" / "inputs",
                  tmp_path / "p" / "outputs", "2020-12", problems,
                  compare_with=built.path)
    assert again.revisions == 2  # contacts and its rate
    sheet = load_workbook(again.path)["Data"]
    names = [c.value for c in sheet[3]]
    row = next(r for r in range(4, sheet.max_row + 1)
               if sheet.cell(r, 4).value == "contacts" and sheet.cell(r, 2).value == "2020-11")
    got = {name: sheet.cell(row, names.index(name) + 1).value
           for name in ("Value", "Revised from", "Year to date", "Rolling 12 months")}
    before = next(rec for rec in built.review.records if rec.key == ("contacts", Month(2020, 11)))
    assert got == {"Value": 900, "Revised from": 897,
                   "Year to date": before.columns[0] + 3, "Rolling 12 months": None}
    assert sheet.cell(row, names.index("Value") + 1).comment is not None


def test_the_cover_names_the_columns(built):
    cover = " ".join(str(c.value) for row in load_workbook(built.path)["Cover"].iter_rows()
                     for c in row if c.value)
    assert ("latest full quarter (2020/21 Q3), the year to date, the rolling 12 months, the "
            "same month last year, the annual return") in cover


def test_a_value_given_alone_in_a_pooled_run_is_said_on_the_data_quality_sheet(tmp_path):
    """A flow percentage given without numerator and denominator in one month of the Year to
    date and Rolling 12 months: both show n/a, and one finding says why, naming the month
    and the two runs; Same month last year pools nothing and a count needs no parts."""
    from xlscore.quality import Check, columns_not_pooled

    with_columns = small_catalogue(tmp_path, WITH_COLUMNS)
    alone = (Month(2020, 8), "timely_pct", 80)
    rows = [*[(m, "timely_pct", 60, 60, 100) for m in FY20 if m != Month(2020, 8)], alone,
            *[(m, "contacts", 5) for m in FY20]]
    found = columns_not_pooled(with_columns, facts(*rows), DEC)
    assert [(f.check, f.measure, f.month) for f in found] == [
        (Check.COLUMN_NOT_POOLED, "timely_pct", Month(2020, 8))]
    assert ("in Aug-20: Year to date (Apr-20 to Dec-20) and Rolling 12 months (Jan-20 to "
            "Dec-20) pool them, so they show n/a") in found[0].message
    assert column(with_columns, "timely_pct", YTD, DEC, *rows).value is None
    # The month out of the year to date (August 2020 is in it; March 2020 is not)
    before = (Month(2020, 3), "timely_pct", 80)
    found = columns_not_pooled(with_columns, facts(before), DEC)
    assert "in Mar-20: Rolling 12 months (Jan-20 to Dec-20) pools them, so it shows n/a" \
        in found[0].message
    assert columns_not_pooled(with_columns, facts(before), Month(2021, 3)) == []
    # Same month last year takes that one month's value: nothing is missing from it
    a_year_before = (Month(2019, 12), "timely_pct", 80)
    assert column(with_columns, "timely_pct", LAST_YEAR, DEC, a_year_before).value == D("80.0")
    assert columns_not_pooled(with_columns, facts(a_year_before), DEC) == []
    # Without the opt-in columns, nothing to say
    (tmp_path / "plain").mkdir()
    assert columns_not_pooled(small_catalogue(tmp_path / "plain", CATALOGUE), facts(*rows),
                              DEC) == []
