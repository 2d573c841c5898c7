"""The sheets xlscore writes as text are the XML openpyxl's own writer makes of them."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._writer import WorksheetWriter

from xlscore.writers.package import StyleIds
from xlscore.writers.saving import PackWorkbook, _SheetWriter
from xlscore.writers.styles import set_text


def canonical(part: bytes) -> bytes:
    """The XML in canonical form, openpyxl's `t="n"` on numbers being optional."""
    tree = etree.fromstring(part)
    for cell in tree.iter("{*}c"):
        if cell.get("t") == "n":
            del cell.attrib["t"]
    return etree.tostring(tree, method="c14n")


def openpyxl_part(sheet) -> bytes:
    writer = WorksheetWriter(sheet, io.BytesIO())
    writer.write()
    return writer.read()


def xlscore_part(sheet, raw=None) -> bytes:
    writer = _SheetWriter(sheet, raw, StyleIds(sheet.parent))
    writer.write()
    return writer.part()


def a_sheet_of_every_kind():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Title"
    sheet["A1"].font = Font(bold=True)
    sheet["B2"] = 3
    sheet["C2"] = 0.1 + 0.2  # printed to 16 significant figures, as openpyxl does
    sheet["D2"] = -1e-20
    sheet["E2"] = True
    sheet["F2"] = "  spaced  "
    sheet["G2"] = "a & b < c > d\r\nnext"
    set_text(sheet["H2"], "=SUM(A1:A2)")  # text, not a formula
    sheet["I2"] = "=SUM(B2:B2)"  # a formula (xlscore writes none, but it is kept)
    sheet["J2"] = date(2020, 12, 31)
    sheet["K2"] = datetime(2020, 12, 31, 9, 30)
    sheet["L2"] = "#N/A"  # an error value
    sheet["M2"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    sheet["N2"] = "link"
    sheet["N2"].hyperlink = "#'Scorecard'!A1"
    sheet["O2"] = "commented"
    sheet["O2"].comment = Comment("a note", "xlscore")
    sheet["P2"] = ""
    sheet["A3"].fill = PatternFill("solid", fgColor="FF0000")  # styled, no value
    sheet.cell(4, 2)  # neither value nor style: left out
    sheet.merge_cells("A5:C5")
    sheet["A5"] = "merged"
    sheet.row_dimensions[2].height = 30
    sheet.row_dimensions[7].height = 0  # a height of nothing
    sheet.row_dimensions[8].hidden = True
    sheet.row_dimensions[9].height = 12
    sheet.row_dimensions[9].outlineLevel = 1
    sheet.row_dimensions[10].fill = PatternFill("solid", fgColor="00FF00")
    for letter, width in (("A", 40), ("C", 9.5), ("B", 12)):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["D"].width = 0  # a column with no width is not written
    return sheet


def test_every_kind_of_cell_and_row_is_written_as_openpyxl_writes_it():
    expected = canonical(openpyxl_part(a_sheet_of_every_kind()))
    sheet = a_sheet_of_every_kind()
    written = xlscore_part(sheet)
    assert canonical(written) == expected
    assert [c.ref for c in sheet._comments] == ["O2"]  # recorded for the comment's drawing
    assert [h.ref for h in sheet._hyperlinks] == ["N2"]


def test_a_column_with_more_than_a_width_is_written_as_openpyxl_writes_it():
    sheets = a_sheet_of_every_kind(), a_sheet_of_every_kind()
    for sheet in sheets:
        sheet.column_dimensions["E"].hidden = True
        sheet.column_dimensions.group("F", "G", outline_level=1)
    assert canonical(xlscore_part(sheets[0])) == canonical(openpyxl_part(sheets[1]))


def test_rows_held_as_xml_join_the_sheet_in_order_and_its_own_rows_win():
    workbook = PackWorkbook()
    sheet = workbook.active
    sheet["A1"] = "Title"
    sheet.row_dimensions[3].height = 40
    sheet.cell(3, 1)  # looked at, never filled: the row held as XML still shows
    raw = workbook.raw_rows(sheet, 3)
    raw.add(4, ["d", 4, None], [None, "0.0", None])
    raw.add(3, ["c", None, None], [None, None, None])
    raw.add(5, ["Word's\x0bbreak\x85", None, None], [None, None, None])  # one guard for all text
    raw.add(1, ["hidden by the title", None, None], [None, None, None])
    look = Workbook().active["A1"]
    look.number_format = "0.0%"
    raw.put(2, 2, 2.5, look._style)
    raw.put(2, 1, "a & b", look._style)
    text = xlscore_part(sheet, raw).decode()
    rows = re.findall(r'<row r="(\d+)"([^>]*)>(.*?)</row>', text, re.S)
    assert [r for r, _, _ in rows] == ["1", "2", "3", "4", "5"]
    assert "Title" in rows[0][2] and "hidden" not in text
    style = workbook._cell_styles.add(look._style)
    assert rows[1][2] == (f'<c r="A2" s="{style}" t="inlineStr"><is><t>a &amp; b</t></is></c>'
                          f'<c r="B2" s="{style}" t="n"><v>2.5</v></c>')
    assert 'ht="40"' in rows[2][1] and ">c<" in rows[2][2]
    assert "<t>Word's\nbreak</t>" in text
    assert '<dimension ref="A1:C5"/>' in text


def test_chart_frames_are_written_as_openpyxl_writes_them_with_their_alternative_text():
    from openpyxl.chart import LineChart
    from openpyxl.drawing.spreadsheet_drawing import (
        AnchorMarker,
        SpreadsheetDrawing,
        TwoCellAnchor,
    )
    from openpyxl.packaging.relationship import RelationshipList

    from xlscore.writers.package import Frame, drawing_relationships, drawing_xml

    frames = [Frame(0, 4, 60_000, 1, 17, 'Line chart of "A & B" <1>\nnext', "A & B"),
              Frame(2, 4, 0, 9, 17, "Line chart of C", "C")]
    drawing = SpreadsheetDrawing()
    for number, frame in enumerate(frames, start=1):
        chart = LineChart()
        chart._id = number
        chart.anchor = TwoCellAnchor(
            _from=AnchorMarker(col=frame.first_column, row=frame.top_row,
                               rowOff=frame.top_offset),
            to=AnchorMarker(col=frame.last_column, row=frame.bottom_row))
        drawing.charts.append(chart)
    expected = drawing._write()
    for properties, frame in zip(expected.iter("{*}cNvPr"), frames, strict=True):
        properties.set("descr", frame.description)
        properties.set("title", frame.title)
    assert canonical(drawing_xml(frames)) == etree.tostring(expected, method="c14n")
    links = RelationshipList()
    for relationship in drawing._rels:
        links.append(relationship)
    assert etree.tostring(etree.fromstring(drawing_relationships(
        ["/xl/charts/chart1.xml", "/xl/charts/chart2.xml"])), method="c14n") == \
        etree.tostring(etree.fromstring(etree.tostring(links.to_tree())), method="c14n")


def test_a_row_height_set_cheaply_is_the_row_openpyxl_makes():
    from xlscore.writers.layout import row_height

    workbook = Workbook()
    ours, theirs = workbook.create_sheet("ours"), workbook.create_sheet("theirs")
    row_height(ours, 3, 20)
    theirs.row_dimensions[3].height = 20
    made, expected = ours.row_dimensions[3], theirs.row_dimensions[3]
    assert (made.parent, made._style, made.customHeight) == (ours, None, True)
    assert made.__dict__ == expected.__dict__ and dict(made) == dict(expected)
    row_height(ours, 3, 33.5)  # a row that has a dimension keeps it
    assert ours.row_dimensions[3] is made and made.height == 33.5
    theirs.row_dimensions[3].height = 33.5
    assert canonical(xlscore_part(ours)) == canonical(openpyxl_part(theirs)).replace(
        b"theirs", b"ours")


def test_a_merge_gives_the_covered_cells_the_borders_openpyxl_gives_them():
    from openpyxl.styles import Border, Side

    from xlscore.writers.layout import merge

    def sides(cell) -> tuple:
        """Each side's line and colour; None where no line is drawn."""
        lines = [getattr(cell.border, n) for n in ("left", "right", "top", "bottom")]
        return tuple((side.style, getattr(side.color, "rgb", None))
                     if side is not None and side.style is not None else None
                     for side in lines)

    for start in (Border(left=Side("thin", "FF0000"), right=Side("thick"), top=Side("thin"),
                         bottom=Side("dashed", "00FF00")), Border()):
        workbook = Workbook()
        ours, theirs = workbook.create_sheet("ours"), workbook.create_sheet("theirs")
        for sheet in (ours, theirs):
            sheet["B2"] = "merged"
            sheet["B2"].border = start
            sheet["C3"] = "covered: emptied"
        merge(ours, 2, 2, 4, 5)
        merge(ours, 7, 1, 7, 3)  # a second range of the same look: copied, not made again
        theirs.merge_cells(start_row=2, start_column=2, end_row=4, end_column=5)
        theirs.merge_cells(start_row=7, start_column=1, end_row=7, end_column=3)
        assert sorted(str(r) for r in ours.merged_cells.ranges) == ["A7:C7", "B2:E4"]
        assert sorted(ours._cells) == sorted(theirs._cells)
        for key, cell in theirs._cells.items():
            assert type(ours._cells[key]) is type(cell)
            assert ours._cells[key].value == cell.value
            assert sides(ours._cells[key]) == sides(cell), key


def test_a_workbook_knows_a_style_it_has_had_by_its_identity_and_lists_each_once():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    looks = [Font(bold=True), Font(bold=True), PatternFill("solid", fgColor="FF0000"),
             Border(left=Side("thin")), Alignment(wrap_text=True), Font(italic=True)]
    ours, theirs = PackWorkbook(), Workbook()
    for workbook in (ours, theirs):
        for row in range(1, 4):  # each look given to several cells
            for column, look in enumerate(looks, start=1):
                cell = workbook.active.cell(row, column)
                name = {Font: "font", PatternFill: "fill", Border: "border",
                        Alignment: "alignment"}[type(look)]
                setattr(cell, name, look)
    for name in ("_fonts", "_fills", "_borders", "_alignments"):
        assert list(getattr(ours, name)) == list(getattr(theirs, name)), name
    assert [c._style.tobytes() for row in ours.active.iter_rows() for c in row] == \
        [c._style.tobytes() for row in theirs.active.iter_rows() for c in row]
    assert len(ours._fonts) == len(theirs._fonts) == 3  # the default and two bold-or-italic
