"""Every .xlsx xlscore reads is opened one way (xlscore.xlsx): its zip's declared sizes are
checked before anything is inflated, so a part that inflates to gigabytes is refused with
a message, never read until memory runs out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.bombs import workbook_parts, write_zip
from xlscore import xlsx
from xlscore.benchmarks import read_benchmarks
from xlscore.pipeline import read_catalogue
from xlscore.previous import read_pack
from xlscore.problems import Problems
from xlscore.tabular import read_table

GB = 2**30
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
ROW = b'<row><c t="inlineStr"><is><t>contacts</t></is></c><c><v>5</v></c></row>'
HEAD = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>measure</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>value</t></is></c></row>')


def small_workbook(path: Path, title: str = "Sheet", rows: tuple = (("measure", "value"),
                                                                     ("contacts", 5))) -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def sheet_bomb(path: Path, size: int = 3 * GB) -> Path:
    """A workbook whose first sheet inflates to `size` bytes of rows."""
    parts = workbook_parts(small_workbook(path.with_suffix(".base.xlsx")))
    parts.pop(SHEET)
    return write_zip(path, parts, SHEET, HEAD, ROW, size)


def strings_bomb(path: Path, size: int = 3 * GB) -> Path:
    """An earlier pack whose shared strings inflate to `size` bytes."""
    base = small_workbook(path.with_suffix(".base.xlsx"), "Data",
                          (("Authority", "Month", "Measure id", "Unit", "Value"),
                           ("X", "2020-11", "contacts", "count", 5)))
    parts = workbook_parts(base)
    parts.pop(STRINGS, None)
    head = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    return write_zip(path, parts, STRINGS, head, b"<si><t>contacts</t></si>", size)


@pytest.fixture
def never_inflated(monkeypatch):
    """Fail the test if the bomb's part is ever opened for inflating."""
    opened = []
    real = zipfile.ZipFile.open

    def watched(self, name, *args, **kwargs):
        named = name.filename if isinstance(name, zipfile.ZipInfo) else name
        opened.append(named)
        return real(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", watched)
    return opened


def test_an_extract_whose_sheet_inflates_to_3_gb_is_refused_before_inflating(
        tmp_path, never_inflated):
    bomb = sheet_bomb(tmp_path / "2021-01.xlsx")
    never_inflated.clear()  # making it read the parts of a real workbook
    assert bomb.stat().st_size < 16 * 2**20
    problems = Problems()
    assert read_table(bomb, problems) is None
    [error] = problems.errors
    assert error.code == "table.too-large" and error.file == str(bomb)
    assert SHEET in error.message and "3.0 GB" in error.message
    assert SHEET not in never_inflated


def test_a_benchmarks_workbook_bomb_is_refused_the_same_way(tmp_path, never_inflated):
    from tests.conftest import ROOT

    catalogue = read_catalogue(ROOT / "measures.yaml", Problems())
    bomb = sheet_bomb(tmp_path / "benchmarks.xlsx")
    never_inflated.clear()  # making it read the parts of a real workbook
    problems = Problems()
    read_benchmarks(bomb, catalogue, problems)
    assert [p.code for p in problems.errors] == ["table.too-large"]
    assert SHEET not in never_inflated


def test_a_previous_pack_whose_shared_strings_inflate_to_3_gb_is_a_warning(
        tmp_path, never_inflated):
    bomb = strings_bomb(tmp_path / "x-scorecard-2020-11.xlsx")
    never_inflated.clear()  # making it read the parts of a real workbook
    problems = Problems()
    assert read_pack(bomb, problems) is None
    [warning] = problems.warnings
    assert warning.code == "revisions.unreadable-pack" and not problems.errors
    assert STRINGS in warning.message and "too large" in warning.message
    assert STRINGS not in never_inflated


def test_a_part_built_to_inflate_is_refused_though_within_the_size_limit(tmp_path):
    bomb = sheet_bomb(tmp_path / "2021-01.xlsx", size=50 * 2**20)
    with pytest.raises(xlsx.TooLarge, match="a zip bomb"):
        xlsx.check_xlsx(bomb)


def test_the_limits_on_a_part_all_parts_and_the_file(tmp_path, monkeypatch):
    path = small_workbook(tmp_path / "2021-01.xlsx")
    xlsx.check_xlsx(path)  # a real workbook passes
    monkeypatch.setattr(xlsx, "PART_LIMIT", 10_000)  # its theme is 10,140 bytes
    with pytest.raises(xlsx.TooLarge, match="its part xl/theme/theme1.xml inflates to"):
        xlsx.check_xlsx(path)
    monkeypatch.setattr(xlsx, "PART_LIMIT", 100_000)
    xlsx.check_xlsx(path)
    monkeypatch.setattr(xlsx, "TOTAL_LIMIT", 2_000)
    with pytest.raises(xlsx.TooLarge, match="its parts inflate to"):
        xlsx.check_xlsx(path)
    monkeypatch.setattr(xlsx, "FILE_LIMIT", 1_000)
    with pytest.raises(xlsx.TooLarge, match="the file is"):
        xlsx.check_xlsx(path)


def test_a_workbook_within_the_limits_reads_as_before(tmp_path):
    problems = Problems()
    table = read_table(small_workbook(tmp_path / "2021-01.xlsx"), problems)
    assert not problems.items and table.rows[0].cells == {"measure": "contacts", "value": "5"}
