"""Monthly extracts -> facts: formats as users save them, and every bad row reported."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.small import small_catalogue, write_csv
from xlscore.extracts import check_month, discover, read_facts
from xlscore.periods import Month
from xlscore.problems import Problems

DEC = Month(2020, 12)
HEADER = "measure,value,numerator,denominator,note"


@pytest.fixture
def catalogue(tmp_path):
    return small_catalogue(tmp_path)


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def read(inputs: Path, catalogue):
    problems = Problems()
    facts = read_facts(discover(inputs, problems), catalogue, problems)
    return facts, problems


def read_rows(inputs, catalogue, *rows, header=HEADER, name="2020-12.csv"):
    write_csv(inputs / name, header, *rows)
    return read(inputs, catalogue)


def only_error(problems: Problems) -> str:
    assert len(problems.errors) == 1, [str(p) for p in problems.items]
    return str(problems.errors[0])


def value(facts, measure_id, month=DEC):
    return facts.get(month, measure_id).value


def test_csv_as_excel_saves_it_with_bom_and_crlf(inputs, catalogue):
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,783,,,", "timely_pct,,266,783,checked",
              bom=True, crlf=True)
    facts, problems = read(inputs, catalogue)
    assert not problems.items
    assert value(facts, "contacts") == 783
    assert Decimal("33.97") < value(facts, "timely_pct") < Decimal("33.98")
    assert facts.get(DEC, "timely_pct").note == "checked"
    assert facts.months == {DEC}


def test_header_names_are_case_and_space_insensitive(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "contacts, 5 ,,,",
                                header=" Measure ,VALUE,Nume rator,Denominator ,NOTE")
    assert not problems.items
    assert value(facts, "contacts") == 5


def test_line_numbers_are_those_excel_shows(inputs, catalogue):
    facts, _ = read_rows(inputs, catalogue, "contacts,5,,,", "", "cla,7,,,")
    assert facts.get(DEC, "cla").source.line == 4


def test_a_cell_spanning_lines_is_one_excel_row(inputs, catalogue):
    facts, _ = read_rows(inputs, catalogue, 'contacts,5,,,"two\nlines"', "cla,7,,,")
    assert facts.get(DEC, "contacts").note == "two\nlines"
    assert facts.get(DEC, "cla").source.line == 3


def test_csv_not_in_utf8_names_the_line_and_the_fix(inputs, catalogue):
    (inputs / "2020-12.csv").write_bytes(f"{HEADER}\ncontacts,5,,,caf\xe9\n".encode("cp1252"))
    _, problems = read(inputs, catalogue)
    message = only_error(problems)
    assert "2020-12.csv:2" in message and "CSV UTF-8" in message


def test_percent_sign_thousands_and_not_available(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "timely_pct,34.0%,,,", 'contacts,"1,234",,,',
                                "cla,n/a,,,", "days,N/A,,,", "caseload,,,,")
    assert not problems.items
    assert value(facts, "timely_pct") == Decimal("34.0")
    assert value(facts, "contacts") == 1234
    assert [value(facts, m) for m in ("cla", "days", "caseload")] == [None] * 3


def test_xlsx_percentage_cell_means_points(inputs, catalogue):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Measure", "Value", "Note"])
    sheet.append(["timely_pct", 0.34])
    sheet["B2"].number_format = "0%"
    sheet.append(["visits_pct", 29.7])
    sheet.append(["contacts", 783, "=not a formula"])
    sheet["C4"].data_type = "s"
    sheet.append(["cla", "n/a"])
    workbook.save(inputs / "2020-12.xlsx")
    facts, problems = read(inputs, catalogue)
    assert not problems.items
    assert value(facts, "timely_pct") == Decimal("34.0")
    assert value(facts, "visits_pct") == Decimal("29.7")
    assert value(facts, "contacts") == 783
    assert value(facts, "cla") is None
    assert facts.get(DEC, "contacts").source.line == 4


def test_non_numeric_value(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,lots,,,")
    message = only_error(problems)
    assert "2020-12.csv:2" in message and "value 'lots' is not a number" in message


@pytest.mark.parametrize("text", ["NaN", "inf", "1e999", "12abc"])
def test_non_finite_or_huge_numbers_are_errors(inputs, catalogue, text):
    _, problems = read_rows(inputs, catalogue, f"caseload,{text},,,")
    assert "2020-12.csv:2" in only_error(problems)


def test_negative_count(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,-3,,,")
    assert "value -3 is negative" in only_error(problems)


def test_a_number_measure_may_be_negative(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "days,-2.5,,,")
    assert not problems.items and value(facts, "days") == Decimal("-2.5")


def test_count_must_be_whole(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,1.5,,,")
    assert "not a whole number" in only_error(problems)


def test_percent_over_100(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "timely_pct,100.1,,,")
    assert "value 100.1 is over 100" in only_error(problems)


def test_numerator_over_denominator(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "timely_pct,,11,10,")
    assert "numerator 11 is over its denominator 10" in only_error(problems)


def test_only_one_of_numerator_and_denominator(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "timely_pct,,11,,")
    assert "give both numerator and denominator" in only_error(problems)


def test_value_disagreeing_with_numerator_over_denominator(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "timely_pct,33.4,1,3,")
    message = only_error(problems)
    assert "2020-12.csv:2" in message and "1/3 = 33.3" in message


def test_value_agreeing_after_rounding_is_kept_unrounded(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "timely_pct,33.3,1,3,", "caseload,0.7,2,3,")
    assert not problems.items
    assert value(facts, "timely_pct") == Decimal(100) / 3
    assert value(facts, "caseload") == Decimal(2) / 3


def test_zero_over_zero_is_not_available_not_an_error(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "timely_pct,,0,0,", "visits_pct,0,0,0,")
    assert not problems.items
    assert value(facts, "timely_pct") is None and value(facts, "visits_pct") is None
    assert facts.get(DEC, "timely_pct").zero_over_zero


def test_a_value_over_zero_over_zero_is_an_error(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "timely_pct,5,0,0,")
    assert "0/0" in only_error(problems)


def test_numerator_over_zero_denominator(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "caseload,,4,0,")
    assert "denominator is 0 but numerator is 4" in only_error(problems)


def test_a_count_takes_no_numerator(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,,1,2,")
    assert "a count takes a value only" in only_error(problems)


def test_a_measure_twice_in_one_month_names_both_lines(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,5,,,", "cla,1,,,", "contacts,6,,,")
    message = only_error(problems)
    assert "2020-12.csv:4" in message and "here and at line 2" in message
    assert "given twice" in message and message.count("2020-12.csv") == 1


def test_unknown_id_suggests_the_nearest(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contcts,5,,,")
    message = only_error(problems)
    assert "2020-12.csv:2" in message and "did you mean 'contacts'" in message


def test_a_row_without_a_measure_id(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, ",5,,,")
    assert "no measure id" in only_error(problems)


def test_a_derived_rate_in_an_extract(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts_rate,12.5,,,")
    message = only_error(problems)
    assert "measure 'contacts_rate'" in message and "remove this row" in message


def test_no_measure_column(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,5", header="id,value")
    message = only_error(problems)
    assert "2020-12.csv" in message and "no 'measure' column" in message


def test_no_value_column(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,5", header="measure,figure")
    assert "no 'value' column" in only_error(problems)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n,,\r\n"])
def test_empty_file(inputs, catalogue, content):
    (inputs / "2020-12.csv").write_bytes(content)
    _, problems = read(inputs, catalogue)
    assert "the file is empty" in only_error(problems)


def test_corrupt_xlsx(inputs, catalogue):
    (inputs / "2020-12.xlsx").write_bytes(os.urandom(2000))
    _, problems = read(inputs, catalogue)
    message = only_error(problems)
    assert "2020-12.xlsx" in message and "cannot read" in message


def test_binary_file_named_csv(inputs, catalogue):
    (inputs / "2020-12.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    _, problems = read(inputs, catalogue)
    only_error(problems)
    assert problems.errors[0].code == "table.misnamed"


def test_excel_lock_files_and_readme_are_skipped_silently(inputs, catalogue):
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,5,,,")
    (inputs / "~$2020-12.xlsx").write_bytes(b"locked")
    (inputs / "README.md").write_text("# notes\n")
    facts, problems = read(inputs, catalogue)
    assert not problems.items
    assert facts.months == {DEC}


def test_other_table_files_are_warned_about_not_used(inputs, catalogue):
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,5,,,")
    write_csv(inputs / "notes.csv", HEADER, "contacts,6,,,")
    facts, problems = read(inputs, catalogue)
    assert not problems.errors
    assert len(problems.warnings) == 1 and "notes.csv" in str(problems.warnings[0])
    assert value(facts, "contacts") == 5


def test_two_extracts_for_the_same_month(inputs, catalogue):
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,5,,,")
    Workbook().save(inputs / "2020-12.xlsx")
    _, problems = read(inputs, catalogue)
    message = next(str(p) for p in problems.errors if p.code == "extract.two-for-a-month")
    assert "a second extract for 2020-12" in message
    # each file named once (issue 17 point 17): the place, then the other file
    assert message.count("2020-12.csv") == 1 and message.count("2020-12.xlsx") == 1


def test_two_benchmark_files_name_each_file_once(inputs, catalogue):
    write_csv(inputs / "benchmarks.csv", "measure,se,eng", "contacts,1,2")
    write_csv(inputs / "benchmarks.xlsx", "measure,se,eng", "contacts,1,2")
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,5,,,")
    problems = Problems()
    discover(inputs, problems)
    message = only_error(problems)
    assert message.count("benchmarks.csv") == 1 and message.count("benchmarks.xlsx") == 1


def test_every_bad_row_is_reported_in_one_run(inputs, catalogue):
    write_csv(inputs / "2020-11.csv", HEADER, "contacts,x,,,")
    _, problems = read_rows(inputs, catalogue, "contacts,-1,,,", "timely_pct,101,,,",
                            "contacts_rate,1,,,")
    assert len(problems.errors) == 4


def test_each_month_comes_from_its_own_file(inputs, catalogue):
    write_csv(inputs / "2020-11.csv", HEADER, "contacts,4,,,")
    facts, _ = read_rows(inputs, catalogue, "contacts,5,,,")
    assert facts.months == {Month(2020, 11), DEC}
    assert value(facts, "contacts", Month(2020, 11)) == 4 and value(facts, "contacts") == 5


def test_missing_inputs_folder(tmp_path, catalogue):
    problems = Problems()
    discover(tmp_path / "nowhere", problems)
    assert "inputs folder does not exist" in only_error(problems)


def codes(problems: Problems) -> list[str]:
    return [p.code for p in problems.items]


def month_checked(inputs: Path, catalogue, month: Month, today: date) -> Problems:
    """What `check_month` finds of a month of the extracts in `inputs`, read cleanly."""
    facts, problems = read(inputs, catalogue)
    assert not problems.items
    check_month(month, discover(inputs, Problems()), facts, problems, today=today)
    return problems


def test_a_month_whose_every_figure_is_blank_is_not_a_month(inputs, catalogue):
    """An unfilled template is a valid extract; built, it would be a scorecard of n/a."""
    write_csv(inputs / "2020-11.csv", HEADER, "contacts,5,,,", "timely_pct,90,,,")
    write_csv(inputs / "2020-12.csv", HEADER, "contacts,,,,", "timely_pct,n/a,,,", "cla,,,,")
    problems = month_checked(inputs, catalogue, DEC, date(2021, 1, 12))
    assert codes(problems) == ["extract.all-blank"]
    assert problems.errors[0].file.endswith("2020-12.csv")
    assert not month_checked(inputs, catalogue, Month(2020, 11), date(2021, 1, 12)).items


def test_zero_over_zero_is_a_figure_not_a_blank_month(inputs, catalogue):
    facts, problems = read_rows(inputs, catalogue, "contacts,,,,", "timely_pct,,0,0,")
    check_month(DEC, discover(inputs, Problems()), facts, problems, today=date(2021, 1, 1))
    assert not problems.items


def test_a_month_after_today_is_a_warning(inputs, catalogue):
    write_csv(inputs / "2029-12.csv", HEADER, "contacts,5,,,")
    problems = month_checked(inputs, catalogue, Month(2029, 12), date(2029, 11, 30))
    assert codes(problems) == ["extract.future-month"]
    assert problems.warnings[0].file.endswith("2029-12.csv")
    assert not month_checked(inputs, catalogue, Month(2029, 12), date(2029, 12, 1)).items


def test_percentages_given_as_fractions_are_warned_about_naming_the_file(inputs, catalogue):
    write_csv(inputs / "2020-11.csv", HEADER, "timely_pct,95.6,,,", "visits_pct,88.0,,,")
    write_csv(inputs / "2020-12.csv", HEADER, "timely_pct,0.964,,,", "visits_pct,0.9,,,",
              "contacts,783,,,")
    _, problems = read(inputs, catalogue)
    assert codes(problems) == ["extract.percent-as-fraction"]
    assert problems.warnings[0].file.endswith("2020-12.csv")


@pytest.mark.parametrize("december", [("timely_pct,0.964,,,", "visits_pct,90.0,,,"),
                                      ("timely_pct,1.2,,,",)])
def test_low_percentages_are_not_fractions_when_other_months_agree(inputs, catalogue, december):
    """One low percentage among points, or a measure low every month, is not a fraction."""
    write_csv(inputs / "2020-11.csv", HEADER, "timely_pct,1.1,,,", "visits_pct,88.0,,,")
    write_csv(inputs / "2020-12.csv", HEADER, *december)
    _, problems = read(inputs, catalogue)
    assert not problems.items


def test_a_note_longer_than_a_cell_holds(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,5,,," + "x" * 40_000)
    assert codes(problems) == ["extract.note-too-long"]


def test_a_problem_in_an_xlsx_names_the_sheet_and_the_cell_as_excel_does(inputs, catalogue):
    """Issue 17 point 17: `inputs/2020-12.xlsx, sheet Extract, cell D3`, not `:3`; the file
    and line stay as data (check --format json)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Extract"
    sheet.append(["Note", "Measure", "Value", "Numerator", "Denominator"])
    sheet.append(["", "contacts", "lots"])
    sheet.append(["", "timely_pct", None, "many", 783])
    sheet.append(["", "visits_pct", 50, 1, 4])
    sheet.append(["", "no_such_measure", 1])
    sheet.append(["", "cla", 1])
    sheet.append(["", "cla", 2])
    workbook.save(inputs / "2020-12.xlsx")
    _, problems = read(inputs, catalogue)
    where = {p.code + "@" + str(p.line): p for p in problems.errors}
    path = str(inputs / "2020-12.xlsx")
    assert str(where["extract.not-a-number@2"]).startswith(f"{path}, sheet Extract, cell C2: ")
    assert where["extract.not-a-number@3"].cell == "D3"  # the numerator's cell, not the value's
    assert where["extract.disagreeing-value@4"].cell == "C4"  # the figures together: the value
    assert where["extract.unknown-measure@5"].cell == "B5"
    twice = str(where["extract.duplicate-row@7"])
    assert twice.startswith(f"{path}, sheet Extract, cell B7: ") and "at row 6;" in twice
    assert twice.count("2020-12.xlsx") == 1
    data = where["extract.not-a-number@3"].as_dict()
    assert (data["file"], data["line"], data["sheet"], data["cell"]) == (path, 3, "Extract", "D3")


def test_a_problem_in_a_csv_keeps_file_and_line(inputs, catalogue):
    _, problems = read_rows(inputs, catalogue, "contacts,lots,,,")
    assert (problems.errors[0].sheet, problems.errors[0].cell) == (None, None)
    assert str(problems.errors[0]).startswith(f"{inputs / '2020-12.csv'}:2: ")
