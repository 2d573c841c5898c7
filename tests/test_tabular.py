"""Reading a table: every file that cannot be read as the user meant is refused with why."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.small import write_csv
from xlscore.problems import Problems
from xlscore.tabular import column_letter, parse_number, read_table

HEADER = "measure,value,numerator,denominator,note"


def read(path):
    problems = Problems()
    return read_table(path, problems), problems


def codes(problems: Problems) -> list[str]:
    return [p.code for p in problems.items]


def workbook(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    return book


@pytest.mark.parametrize(("header", "columns"), [
    ("measure,value,numerator,denominator,note,value", "B and F"),
    ("measure,Value,numerator,denominator, VALUE ", "B and E"),
])
def test_a_column_given_twice_names_both_positions(tmp_path, header, columns):
    table, problems = read(write_csv(tmp_path / "2020-12.csv", header, "contacts,5,,,,"))
    assert table is None
    assert codes(problems) == ["table.duplicate-column"]
    message = problems.errors[0].message
    assert "'value'" in message and columns in message
    assert problems.errors[0].line == 1 and problems.errors[0].file.endswith("2020-12.csv")


@pytest.mark.parametrize(("separator", "said"), [(";", "semicolons"), ("\t", "tabs")])
def test_another_separator_is_named(tmp_path, separator, said):
    path = write_csv(tmp_path / "2020-12.csv", separator.join(HEADER.split(",")),
                     separator.join(["contacts", "5", "", "", ""]))
    table, problems = read(path)
    assert table is None and codes(problems) == ["table.separator"]
    assert said in problems.errors[0].message


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_encrypted_workbook_is_said_to_be_password_protected(tmp_path, suffix):
    path = tmp_path / f"2020-12{suffix}"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600))
    table, problems = read(path)
    assert table is None and codes(problems) == ["table.encrypted"]
    assert "password" in problems.errors[0].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_text_is_named_with_the_encoding_to_use(tmp_path, encoding):
    path = tmp_path / "2020-12.csv"
    text = f"{HEADER}\ncontacts,5,,,\n"
    path.write_bytes((b"\xfe\xff" if encoding.endswith("be") else b"")
                     + text.encode(encoding))
    table, problems = read(path)
    assert table is None and codes(problems) == ["table.utf16"]
    assert "UTF-8" in problems.errors[0].message


def test_a_stray_value_in_the_last_cell_costs_nothing(tmp_path):
    """XFD1048576: only the header's columns are read, and no blank row is kept."""
    path = tmp_path / "2020-12.xlsx"
    book = workbook(path, [HEADER.split(","), ["contacts", 783], ["timely_pct", 34.0]])
    book.active["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 8_000
    tracemalloc.start()
    try:
        table, problems = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not problems.items
    assert [(r.line, r.get("measure"), r.get("value")) for r in table.rows] == [
        (2, "contacts", "783"), (3, "timely_pct", "34")]
    assert peak < 20_000_000  # 3 GB before


def test_a_header_below_blank_rows_and_wider_rows_are_read_to_the_header(tmp_path):
    path = tmp_path / "2020-12.xlsx"
    book = workbook(path, [[], ["measure", "value"], ["contacts", 5, "stray", "more"]])
    book.save(path)
    table, problems = read(path)
    assert not problems.items
    assert table.columns == ("measure", "value")
    assert table.rows[0].line == 3 and table.rows[0].cells == {"measure": "contacts", "value": "5"}


def test_a_formula_without_a_saved_result_names_the_cell(tmp_path):
    path = tmp_path / "2020-12.xlsx"
    book = workbook(path, [HEADER.split(","), ["contacts", 783],
                           ["timely_pct", None, 266, 783], ["cla", None]])
    book.active["B3"] = "=C3/D3*100"  # openpyxl saves no result: Excel never computed it
    book.active["B4"] = "=1+1"
    book.save(path)
    table, problems = read(path)
    assert codes(problems) == ["table.formula-without-value"] * 2
    assert [(p.line, p.cell) for p in problems.errors] == [(3, "B3"), (4, "B4")]
    sheet = book.active.title
    assert str(problems.errors[0]).startswith(f"{path}, sheet {sheet}, cell B3: ")


def test_a_formula_with_its_saved_result_reads_as_the_result(tmp_path):
    path = tmp_path / "2020-12.xlsx"
    book = workbook(path, [HEADER.split(","), ["contacts", "=700+83"]])
    book.save(path)
    # Write the result Excel would have saved beside the formula.
    import zipfile
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<f>700+83</f><v></v>", b"<f>700+83</f><v>783</v>")
    parts[sheet] = parts[sheet].replace(b"<f>700+83</f></c>", b"<f>700+83</f><v>783</v></c>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    table, problems = read(path)
    assert not problems.items
    assert table.rows[0].get("value") == "783"


def test_control_characters_are_refused_with_the_line_and_word_breaks_kept(tmp_path):
    path = write_csv(tmp_path / "2020-12.csv", HEADER, "contacts,5,,,first\x0bsecond",
                     "cla,4,,,\x1b[31mred")
    table, problems = read(path)
    assert table is None
    assert codes(problems) == ["table.control-character"]
    assert problems.errors[0].line == 3 and "U+001B" in problems.errors[0].message
    assert "\x1b" not in str(problems.errors[0])


def test_a_word_line_break_becomes_a_line_break(tmp_path):
    table, problems = read(write_csv(tmp_path / "2020-12.csv", HEADER, "cla,4,,,a\x0bb"))
    assert not problems.items and table.rows[0].get("note") == "a\nb"


def test_a_workbook_named_csv(tmp_path):
    path = tmp_path / "2020-12.csv"
    workbook(path, [HEADER.split(",")]).save(path)
    table, problems = read(path)
    assert table is None and codes(problems) == ["table.misnamed"]


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234", Decimal(1234)), ("34.0%", Decimal("34.0")), ("n/a", None), ("", None),
])
def test_parse_number(text, expected):
    assert parse_number(text, percent_sign_allowed=True) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "inf", "1e15", "9" * 500])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text, percent_sign_allowed=True)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 16383)] == ["A", "Z", "AA", "XFD"]
