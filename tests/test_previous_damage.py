"""An earlier pack whose Data table cannot be trusted, or that is for a later month, is a
warning with its code, and no revision is ever flagged from it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from xlscore.dataset import Record
from xlscore.extracts import Source
from xlscore.model import Measure, PeriodKind, Unit
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.previous import latest_before, read_pack
from xlscore.problems import Problems
from xlscore.revisions import PackFigure, PreviousPack, find_revisions

OCT, NOV, DEC = Month(2020, 10), Month(2020, 11), Month(2020, 12)
HEADER = ["Authority", "Month", "Measure id", "Unit", "Value"]


def data_table(path: Path, *rows: list) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def read(path: Path) -> tuple[PreviousPack | None, Problems]:
    problems = Problems()
    return read_pack(path, problems), problems


def test_two_conflicting_rows_for_one_measure_and_month_are_damage(tmp_path):
    path = data_table(tmp_path / "twice.xlsx", ["X", "2020-11", "contacts", "count", 5],
                      ["X", "2020-11", "timely_pct", "percent", 80],
                      ["X", "2020-11", "contacts", "count", 7])
    pack, problems = read(path)
    assert pack is None
    [warning] = problems.warnings
    assert warning.code == "revisions.damaged-data-table" and warning.file == str(path)
    assert "rows 2 and 4" in warning.message and "contacts" in warning.message


def test_the_same_row_twice_is_no_conflict(tmp_path):
    path = data_table(tmp_path / "same.xlsx", ["X", "2020-11", "contacts", "count", 5],
                      ["X", "2020-11", "contacts", "count", 5])
    pack, problems = read(path)
    assert not problems.items and pack.figures[("contacts", NOV)].value == 5


def test_a_formula_with_no_saved_result_is_damage_not_na(tmp_path):
    # openpyxl saves a formula without a result, as any program that writes workbooks does
    path = data_table(tmp_path / "formula.xlsx", ["X", "2020-11", "contacts", "count", 5],
                      ["X", "2020-11", "timely_pct", "percent", "=40+40"])
    pack, problems = read(path)
    assert pack is None
    [warning] = problems.warnings
    assert warning.code == "revisions.damaged-data-table"
    assert "row 3" in warning.message and "formula with no saved result" in warning.message


def test_a_formula_with_its_saved_result_reads_as_the_result(tmp_path):
    import zipfile

    path = data_table(tmp_path / "saved.xlsx", ["X", "2020-11", "timely_pct", "percent",
                                                "=40+40"])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<f>40+40</f><v></v>" in sheet or b"<f>40+40</f><v/>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"<v></v>", b"<v>80</v>").replace(
        b"<v/>", b"<v>80</v>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    pack, problems = read(path)
    assert not problems.items and pack.figures[("timely_pct", NOV)].value == 80


def test_na_in_a_value_cell_is_not_available_not_damage(tmp_path):
    path = data_table(tmp_path / "na.xlsx", ["X", "2020-11", "contacts", "count", "n/a"],
                      ["X", "2020-11", "timely_pct", "percent", 80])
    pack, problems = read(path)
    assert not problems.items
    assert pack.figures[("contacts", NOV)] == PackFigure("count", None)


def test_a_table_naming_two_authorities_is_damaged(tmp_path):
    path = data_table(tmp_path / "two.xlsx", ["X", "2020-11", "contacts", "count", 5],
                      ["Y", "2020-11", "timely_pct", "percent", 80])
    pack, problems = read(path)
    assert pack is None
    assert [p.code for p in problems.warnings] == ["revisions.damaged-data-table"]
    assert "2 authorities" in problems.warnings[0].message


def test_a_revised_earlier_month_names_the_previous_packs_month():
    measure = Measure("contacts", "Contacts", Unit.COUNT, PeriodKind.FLOW, "Front Door")
    figure = Record(measure, OCT, Decimal(12), None, None, None, None, None,
                    Source("inputs/2020-10.csv", 3))
    previous = PreviousPack("x.xlsx", "X", NOV, {("contacts", OCT): PackFigure("count",
                                                                              Decimal(10))})
    [revision] = find_revisions((figure,), previous)
    assert revision.month == OCT and revision.pack == NOV
    assert revision.message.startswith("Revised: 10 in the Nov-20 pack, now 12")


def test_a_pack_name_with_a_newline_is_never_a_month(tmp_path):
    (tmp_path / "slough-scorecard-2020-11.xlsx\n").write_bytes(b"")
    assert latest_before(tmp_path, "slough", DEC) is None


def test_a_pack_for_a_later_month_is_not_compared(project):
    problems = Problems()
    december = build(project / "measures.yaml", project / "inputs", project / "outputs",
                     "2020-12", problems, today=date(2021, 1, 10)).path
    problems = Problems()
    built = build(project / "measures.yaml", project / "inputs", project / "outputs",
                  "2020-11", problems, today=date(2020, 12, 10), compare_with=december)
    assert [p.code for p in problems.warnings] == ["revisions.later-pack"]
    assert "Dec-20" in problems.warnings[0].message
    assert built.review.previous is None and built.revisions == 0


def test_a_pack_that_is_not_a_file_is_a_warning_never_a_wait(tmp_path):
    import os

    fifo = tmp_path / "slough-scorecard-2020-11.xlsx"
    os.mkfifo(fifo)
    assert latest_before(tmp_path, "slough", DEC) == fifo
    pack, problems = read(fifo)
    assert pack is None
    assert [p.code for p in problems.warnings] == ["revisions.unreadable-pack"]
    assert "a named pipe (FIFO), not a file" in problems.warnings[0].message
