"""The Scorecard sheet itself: layout, number formats, key, print setup, safety of text."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from xlscore.model import Colours, Rating
from xlscore.pipeline import build
from xlscore.problems import Problems
from xlscore.writers.styles import contrast_ratio


@pytest.fixture(scope="module")
def sheet(sample_workbook):
    return load_workbook(sample_workbook)["Scorecard"]


def header_row(sheet) -> int:
    return next(c.row for c in sheet["A"] if c.value == "Performance Measure")


def row_of(sheet, name: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == name)


def test_scorecard_is_the_first_sheet(sample_workbook):
    assert load_workbook(sample_workbook).sheetnames[0] == "Scorecard"


def test_key_says_each_colour_once_and_is_filled_with_it(sheet):
    colours = Colours()
    key = {c.value.split(" ")[0]: c for c in sheet["A"][: header_row(sheet)]
           if isinstance(c.value, str) and c.value.startswith(("Yellow", "Green", "Amber", "Red"))}
    assert sorted(key) == ["Amber", "Green", "Red", "Yellow"]
    for word, cell in key.items():
        assert cell.fill.fgColor.rgb[-6:] == colours.of(Rating(word.lower()))
        marker = "Improved" if word == "Yellow" else word[0]  # the words beside each colour
        assert cell.value.startswith(f"{word} ({marker}")
    assert "within the tolerance" in key["Amber"].value
    assert "SN/SE" in key["Green"].value and "Annual return" in key["Green"].value
    assert "improved on last month" in key["Yellow"].value


def test_values_are_numbers_with_formats_and_percent_is_a_fraction(sheet):
    row = row_of(sheet, "% of contacts leading to referral")
    current = sheet.cell(row, 8)
    assert current.value == pytest.approx(0.34) and current.number_format == "0.0%"
    contacts = sheet.cell(row_of(sheet, "Contacts received and completed"), 8)
    assert contacts.value == 783 and isinstance(contacts.value, int)
    rate = sheet.cell(row_of(sheet, "Contacts received rate per 10,000"), 8)
    assert rate.value == pytest.approx(181.6) and rate.number_format == "0.0"


def test_every_filled_cell_is_readable_on_its_fill(sheet):
    checked = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.fill.fill_type != "solid" or cell.value is None:
                continue
            ink = (cell.font.color.rgb if cell.font.color is not None else "FF000000")
            assert contrast_ratio(str(ink), str(cell.fill.fgColor.rgb)) >= 4.5, cell.coordinate
            checked += 1
    assert checked > 100


def test_print_setup_fits_one_page_and_repeats_headers(sheet):
    """The sample's 48 measures on one A3 page: the director's page."""
    head = header_row(sheet)
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A3)
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${head}:${head + 1}"
    assert sheet.freeze_panes == f"B{head + 2}"
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    assert "Built" in sheet.oddFooter.left.text
    page_header = sheet.oddHeader.center.text
    assert "Slough" in page_header and "December 2020" in page_header


def test_wrapped_rows_are_tall_enough_for_their_definition(sheet):
    long_row = row_of(sheet, "% CLA at month end placed over 20 miles away")
    short_row = row_of(sheet, "Referrals received")
    assert sheet.row_dimensions[long_row].height > sheet.row_dimensions[short_row].height


def test_workbook_properties(sample_workbook):
    props = load_workbook(sample_workbook).properties
    assert props.creator == "xlscore"
    assert "Slough" in props.title and "December 2020" in props.title
    assert props.subject


def test_commentary_shows_the_note_and_text_never_becomes_a_formula(project):
    extract = project / "inputs" / "2020-12.csv"
    text = extract.read_text(encoding="utf-8").replace(
        "contacts,783,,,",
        'contacts,783,,,"=HYPERLINK(""http://x"",""click"") rose after half term"')
    extract.write_text(text, encoding="utf-8")
    catalogue = project / "measures.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "definition: No. of contacts received in month that have been finalised",
        'definition: "=1+1 is not a formula"'), encoding="utf-8")
    problems = Problems()
    built = build(catalogue, project / "inputs", project / "outputs", None, problems)
    sheet = load_workbook(built.path)["Scorecard"]
    head = header_row(sheet)
    commentary = [c.value for c in sheet[head]].index("Commentary") + 1
    row = row_of(sheet, "Contacts received and completed")
    note = sheet.cell(row, commentary)
    assert note.value.startswith("=HYPERLINK") and note.data_type == "s"
    assert sheet.cell(row, 2).value == "=1+1 is not a formula"
    assert sheet.cell(row, 2).data_type == "s"


def test_configured_colours_are_used_and_text_stays_readable(project):
    catalogue = project / "measures.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8")
                         + "colours:\n  red: '8B0000'\n  green: '#DFF0D8'\n", encoding="utf-8")
    problems = Problems()
    built = build(catalogue, project / "inputs", project / "outputs", None, problems)
    sheet = load_workbook(built.path)["Scorecard"]
    cell = sheet.cell(row_of(sheet, "% of CP Plans started that were repeat plans"), 8)
    assert cell.fill.fgColor.rgb[-6:] == "8B0000"
    assert contrast_ratio(cell.font.color.rgb, "8B0000") >= 4.5


def test_the_workbook_is_readable_by_others_as_the_umask_allows(project):
    import os

    old = os.umask(0o022)
    try:
        built = build(project / "measures.yaml", project / "inputs", project / "outputs", None,
                      Problems())
    finally:
        os.umask(old)
    assert built.path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in (project / "outputs").iterdir()] == [built.path.name]
