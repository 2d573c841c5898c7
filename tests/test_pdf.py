"""What `--pdf` prints (xlscore/pdf.py): the sheets a reader needs, or those the catalogue's
`pdf:` block chooses, on its paper; the pack itself is never changed."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from xlscore.model import PDF_SHEETS, PdfSettings
from xlscore.pdf import convert, for_print
from xlscore.problems import Problems

needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are not installed; CI installs them")


def sheets_of(data: bytes) -> tuple[list[str], list[tuple[str, str]]]:
    book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet [^>]*?name="([^"]*)"', book)
    areas = re.findall(r'localSheetId="(\d+)"[^>]*>\'?([^\'!]*)', book)
    return names, areas


def test_the_copy_holds_only_the_chosen_sheets_with_their_own_print_areas(sample_workbook):
    data = sample_workbook.read_bytes()
    names, _ = sheets_of(data)
    assert "Data" in names and "Notes" in names
    kept, areas = sheets_of(for_print(data, PdfSettings()))
    assert kept == [n for n in names if n in PDF_SHEETS]  # the pack's order
    assert {int(i) for i, _ in areas} <= set(range(len(kept)))
    assert all(kept[int(i)] == sheet for i, sheet in areas)  # renumbered to their sheet


def test_the_paper_chosen_is_every_page_s(sample_workbook):
    copy = zipfile.ZipFile(io.BytesIO(for_print(sample_workbook.read_bytes(),
                                                PdfSettings(("Scorecard",), "A4"))))
    sizes = {m for n in copy.namelist() if n.startswith("xl/worksheets/sheet")
             for m in re.findall(rb'paperSize="(\d+)"', copy.read(n))}
    assert sizes == {b"9"}


@pytest.mark.parametrize(("block", "fragment"), [
    ("pdf: {sheets: [Cover, Scorcard]}", "did you mean 'Scorecard'"),
    ("pdf: {paper: Letter}", "A3 or A4"),
    ("pdf: {sheets: []}", "list of sheet names"),
    ("pdf: {pages: 3}", "unknown key"),
    ("pdf: A4", "must be a mapping"),
])
def test_a_pdf_block_is_checked(tmp_path, block, fragment):
    from tests.small import CATALOGUE
    from xlscore.catalogue import load_catalogue

    (tmp_path / "m.yaml").write_text(CATALOGUE + block + "\n", encoding="utf-8")
    problems = Problems()
    load_catalogue(tmp_path / "m.yaml", problems)
    assert [p.code for p in problems.errors] == ["catalogue.bad-pdf"]
    assert fragment in problems.errors[0].message


@needs_office
def test_the_pdf_prints_the_chosen_sheets_only(sample_workbook, tmp_path):
    workbook = tmp_path / sample_workbook.name
    shutil.copy(sample_workbook, workbook)
    made = convert(workbook, settings=PdfSettings(("Cover", "Summary"), "A4"))
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert all("Cover, December 2020" in p or "Summary, December 2020" in p for p in pages)
    assert any("Summary" in p for p in pages) and not any("Performance Measure" in p
                                                         for p in pages)
