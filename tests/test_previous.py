"""Reading an earlier pack back: which file is last month's, and its Data table read by
column names into the figures it showed."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xlscore.datatable import COLUMNS
from xlscore.periods import Month
from xlscore.previous import latest_before, read_pack
from xlscore.problems import Problems

DEC = Month(2020, 12)


def touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes(b"")


def test_the_columns_read_are_columns_the_data_sheet_writes():
    from xlscore.datatable import NEEDED

    assert set(NEEDED) <= set(COLUMNS)


def test_latest_before_is_the_same_authoritys_most_recent_earlier_month(tmp_path):
    touch(tmp_path, "slough-scorecard-2020-10.xlsx", "slough-scorecard-2020-11.xlsx",
          "slough-scorecard-2020-12.xlsx", "slough-scorecard-2021-01.xlsx",
          "bracknell-forest-scorecard-2020-11.xlsx", "slough-scorecard-2020-13.xlsx",
          "slough-scorecard-2020-11.pdf", "~$slough-scorecard-2020-11.xlsx")
    assert latest_before(tmp_path, "slough", DEC) == tmp_path / "slough-scorecard-2020-11.xlsx"
    assert latest_before(tmp_path, "slough", Month(2020, 10)) is None
    assert latest_before(tmp_path, "bracknell-forest", DEC).name.startswith("bracknell")
    assert latest_before(tmp_path / "absent", "slough", DEC) is None


def test_the_built_pack_reads_back_as_its_records(sample_workbook):
    from xlscore.pipeline import build

    problems = Problems()
    pack = read_pack(sample_workbook, problems)
    assert not problems.items
    assert pack.authority == "Slough" and pack.month == DEC
    book = load_workbook(sample_workbook)
    header = [c.value for c in book["Data"][3]]
    assert tuple(header) == COLUMNS
    # the same figures a fresh build calculates, as displayed
    from tests.conftest import ROOT

    built = build(ROOT / "measures.yaml", ROOT / "inputs", sample_workbook.parent / "again",
                  "2020-12", Problems())
    records = built.review.records
    assert len(pack.figures) == len(records) == 48 * 12
    for record in records:
        figure = pack.figures[record.key]
        assert figure.unit == record.measure.unit.value
        read = None if figure.value is None else record.measure.unit.displayed(figure.value)
        assert read == record.value, record.key


def test_columns_are_found_by_name_not_position(tmp_path):
    path = tmp_path / "moved.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet["A1"] = "A title"
    order = ["Value", "Unit", "Measure id", "Month", "Authority", "Rating"]
    sheet.append([])
    sheet.append(order)
    sheet.append([12.5, "percent", "timely_pct", "2020-11", "Testshire", "Green"])
    sheet.append([None, "count", "contacts", "2020-11", "Testshire", None])
    book.save(path)
    problems = Problems()
    pack = read_pack(path, problems)
    assert not problems.items
    assert pack.figures[("timely_pct", Month(2020, 11))].value == Decimal("12.5")
    assert pack.figures[("contacts", Month(2020, 11))].value is None


def test_a_workbook_without_a_data_sheet_or_table_is_a_warning(tmp_path):
    path = tmp_path / "old.xlsx"
    book = Workbook()
    book.active.title = "Scorecard"
    book.save(path)
    problems = Problems()
    assert read_pack(path, problems) is None
    assert [p.code for p in problems.warnings] == ["revisions.no-data-sheet"]
    book.active.title = "Data"
    book.save(path)
    problems = Problems()
    assert read_pack(path, problems) is None
    assert [p.code for p in problems.warnings] == ["revisions.no-data-table"]


def test_a_damaged_row_is_a_warning_not_a_guess(tmp_path):
    path = tmp_path / "damaged.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Authority", "Month", "Measure id", "Unit", "Value"])
    sheet.append(["X", "2020-11", "contacts", "count", 5])
    sheet.append(["X", "2020-11", "timely_pct", "percent", "lots"])
    book.save(path)
    problems = Problems()
    assert read_pack(path, problems) is None
    assert [p.code for p in problems.warnings] == ["revisions.damaged-data-table"]
    assert problems.warnings[0].file == str(path) and not problems.errors


def test_a_missing_pack_named_with_compare_with_is_a_warning(tmp_path):
    problems = Problems()
    assert read_pack(tmp_path / "nothere.xlsx", problems) is None
    assert [p.code for p in problems.warnings] == ["revisions.pack-missing"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(apt-get install -y libreoffice-calc-nogui); CI installs it")
def test_a_pack_saved_again_by_a_spreadsheet_application_still_reads(sample_workbook, tmp_path):
    """LibreOffice, like Excel, saves text as shared strings, not inline: both are read."""
    import subprocess
    import zipfile

    out = tmp_path / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(sample_workbook)], check=True, capture_output=True, timeout=180)
    resaved = out / sample_workbook.name
    with zipfile.ZipFile(resaved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    problems = Problems()
    again, first = read_pack(resaved, problems), read_pack(sample_workbook, Problems())
    assert not problems.items
    assert again.figures == first.figures and again.month == first.month
