"""A workbook as the bytes of its .xlsx, made wholly in memory, its cells written as text.

openpyxl writes each sheet to a temporary file before zipping it; on a full disk lxml
fails there with its own error, and the half-written sheet and zip try to finish
themselves again when collected, printing more errors after the first. Made in memory,
the only write to disk is the caller's, of finished bytes (see files.py); it is a tenth
of a build faster too.

openpyxl also serialises each cell through lxml, one element at a time, and looks its
style up by hashing it each time: for the few thousand cells of a pack that was a fifth of
a sample build. `sheet_data` writes the same XML as text, each style looked up once, and
merges in the rows a sheet holds as XML already (package.RawRows).

`PackWorkbook` is the workbook that saves itself this way, with its company in the extended
properties (openpyxl always writes that part with its own defaults).
"""

from __future__ import annotations

import datetime
import io
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat.strings import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import ColumnDimension, RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element, SubElement
from openpyxl.xml.functions import tostring as element_bytes

from xlscore.writers.package import (
    Frame,
    RawRows,
    StyleIds,
    cell_xml,
    drawing_relationships,
    drawing_xml,
)

APP_PART = "docProps/app.xml"


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file; a PackWorkbook's company and raw rows are completed on the way."""
    buffer = io.BytesIO()
    # The fastest deflate: half the time of the default, for a few more bytes (the sample's
    # workbook is 102 KB instead of 95).
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        target: Any = workbook.archive(archive) if isinstance(workbook, PackWorkbook) else archive
        # as openpyxl's own save does
        workbook.properties.modified = datetime.datetime.now(
            tz=datetime.UTC).replace(tzinfo=None)
        _InMemoryWriter(workbook, target).write_data()
    return buffer.getvalue()


def sheet_data(sheet: Worksheet, raw: RawRows | None, styles: StyleIds) -> tuple[str, int]:
    """The inside of the sheet's `<sheetData>` and its last row. As openpyxl writes it: rows
    in order, with their heights; empty cells without a style left out; comments recorded
    for the drawing. A row of the sheet's own cells wins over the same row held as XML."""
    by_row: dict[int, list[Cell]] = {}
    for (row, _), cell in sorted(sheet._cells.items()):
        by_row.setdefault(row, []).append(cell)
    contents = dict(raw.rows) if raw is not None else {}
    if raw is not None:
        for row, placed in raw.placed.items():
            contents[row] = "".join(xml for _, xml in sorted(placed))
    for row, cells in by_row.items():
        written = _cells(cells, row, styles, sheet)
        if written or row not in contents:
            contents[row] = written
    dimensions = sheet.row_dimensions
    parts = []
    for row in sorted(contents.keys() | dimensions.keys()):
        dimension = dimensions.get(row)
        attributes = _row_attributes(dimension) if dimension is not None else ""
        inside = contents.get(row, "")
        parts.append(f'<row r="{row}"{attributes}>{inside}</row>' if inside
                     else f'<row r="{row}"{attributes}/>')
    return "".join(parts), max(contents, default=1)


def _row_attributes(row: RowDimension) -> str:
    """A row's attributes as openpyxl writes them; a row with only a height (most rows
    here) without asking openpyxl for each of its nine attributes."""
    if (row.hidden or row.outlineLevel or row.collapsed or row.thickBot or row.thickTop
            or row.has_style):
        return "".join(f' {k}="{v}"' for k, v in row)
    height = row.ht
    if height is None:
        return ""
    return (f' ht="{safe_string(height)}"' if height else "") + ' customHeight="1"'


def _cells(cells: list[Cell], row: int, styles: StyleIds, sheet: Worksheet) -> str:
    at = str(row)
    parts = []
    style_of = styles.attribute
    for cell in cells:
        if cell.__class__ is Cell:
            value, comment, link = cell._value, cell._comment, cell._hyperlink
        else:  # a merged cell: no value, comment or link of its own
            value = comment = link = None
        if comment is not None:
            sheet._comments.append(CommentRecord.from_cell(cell))
        style = style_of(cell._style)
        if value is None and not style and comment is None:
            continue
        kind = cell.data_type
        if link is None and (kind == "n" and value.__class__ is not str
                             or kind == "s" and value.__class__ is str):
            parts.append(cell_xml(get_column_letter(cell.column) + at, style, value))
        else:  # a link, a date, a formula, rich text, a text held as a number
            parts.append(_as_openpyxl_writes(cell, sheet))
    return "".join(parts)


def _first_column(column: ColumnDimension) -> int:
    return column.min


def _as_openpyxl_writes(cell: Cell, sheet: Worksheet) -> str:
    """A cell of a kind the pack rarely writes (a link, a date, a formula, rich text)."""
    made: list[Any] = []
    etree_write_cell(_Collect(made), sheet, cell, cell.has_style)
    return element_bytes(made[0]).decode()


class _Collect:
    def __init__(self, made: list[Any]):
        self.write = made.append


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with `sheet_data` in place of its rows."""

    def __init__(self, sheet: Worksheet, raw: RawRows | None, styles: StyleIds):
        super().__init__(sheet, io.BytesIO())
        self.raw, self.styles, self.data, self.last = raw, styles, "", 1

    def write(self) -> None:
        self.data, self.last = sheet_data(self.ws, self.raw, self.styles)
        super().write()

    def write_rows(self) -> None:
        self.xf.send(Element("sheetData"))  # filled in by `part`

    def write_cols(self) -> None:
        """The columns' widths as openpyxl writes them, without asking each column for
        each of its nine attributes; a column with more than a width, openpyxl's way."""
        columns = self.ws.column_dimensions
        for column in columns.values():
            if (column.hidden or column.outlineLevel or column.collapsed or column.bestFit
                    or column.has_style):
                return super().write_cols()
            column.reindex()
        widths = Element("cols")
        for column in sorted(columns.values(), key=_first_column):
            if column.width:  # a column with only its place is not written
                SubElement(widths, "col", width=safe_string(column.width), customWidth="1",
                           min=str(column.min), max=str(column.max))
        if not len(widths):
            return super().write_cols()
        columns.max_outline = 0  # as openpyxl's own leaves it
        self.xf.send(widths)

    def write_dimensions(self) -> None:
        if self.raw is None:  # openpyxl's own, from the sheet's cells
            return super().write_dimensions()
        self.xf.send(Element("dimension", ref=f"A1:{self.raw.letters[-1]}{self.last}"))

    def part(self) -> bytes:
        """The worksheet part, its rows in place."""
        return self.read().replace(b"<sheetData/>", f"<sheetData>{self.data}</sheetData>"
                                   .encode(), 1)


class _InMemoryWriter(ExcelWriter):
    """openpyxl's writer, each sheet serialised into memory instead of a temporary file.
    Uses openpyxl's private writer: openpyxl is pinned below its next minor version."""

    def __init__(self, workbook: Workbook, archive: Any):
        super().__init__(workbook, archive)
        self.styles = workbook.style_ids if isinstance(workbook, PackWorkbook) \
            else StyleIds(workbook)
        self.raw = {id(r.sheet): r for r in getattr(workbook, "raw", ())}

    def write_worksheet(self, ws) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        raw = self.raw.get(id(ws))
        writer = _SheetWriter(ws, raw, self.styles)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.part())
        self.manifest.append(ws)

    def _write_drawing(self, drawing) -> None:
        """A drawing of charts that know their frame (charts.ChartCopy) as text; any other
        as openpyxl writes it."""
        frames = [getattr(chart, "frame", None) for chart in drawing.charts]
        if drawing.images or None in frames:
            return super()._write_drawing(drawing)
        known: list[Frame] = frames  # type: ignore[assignment]  # None is not among them
        self._drawings.append(drawing)
        drawing._id = len(self._drawings)
        for chart in drawing.charts:
            self._charts.append(chart)
            chart._id = len(self._charts)
        self._archive.writestr(drawing.path[1:], drawing_xml(known))
        self._archive.writestr(get_rels_path(drawing.path)[1:],
                               drawing_relationships([chart.path for chart in drawing.charts]))
        self.manifest.append(drawing)

    def _write_charts(self) -> None:
        """Each chart's part; a chart that writes its own XML (charts.ChartCopy) does."""
        for chart in self._charts:
            xml = getattr(chart, "xml", None)
            self._archive.writestr(chart.path[1:], xml() if xml is not None
                                   else element_bytes(chart._write()))
            self.manifest.append(chart)


class _Registry(IndexedList):
    """A workbook's list of fonts (or fills, borders, alignments) that knows a style object
    it has had before by its identity: openpyxl hashes every attribute of a style, twice,
    each time a cell is given it. xlscore never changes a style object once made."""

    def __init__(self, listed: IndexedList):
        super().__init__(listed)
        self._seen: dict[int, tuple[object, int]] = {}

    def add(self, value: object) -> int:
        seen = self._seen.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        index = super().add(value)
        self._seen[id(value)] = (value, index)  # kept alive, so its id is never reused
        return index


class PackWorkbook(Workbook):
    """A workbook that writes its company into the extended properties (openpyxl always
    writes that part with its own defaults) and the raw rows of its long sheets."""

    company: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[RawRows] = []
        self.style_ids = StyleIds(self)
        for name in ("_fonts", "_fills", "_borders", "_alignments"):
            setattr(self, name, _Registry(getattr(self, name)))

    def raw_rows(self, sheet: Worksheet, columns: int) -> RawRows:
        rows = RawRows(sheet, columns)
        self.raw.append(rows)
        return rows

    def save(self, filename) -> None:
        """openpyxl's own save would leave out the raw rows: always save through ours."""
        with open(filename, "wb") as handle:
            handle.write(workbook_bytes(self))

    def archive(self, archive: ZipFile) -> _Archive:
        """`archive` with this workbook's company completed as its part arrives."""
        return _Archive(archive, self.company)


class _Archive:
    """The zip archive openpyxl writes to, with the extended properties completed on the
    way."""

    def __init__(self, archive: ZipFile, company: str | None):
        self._archive, self._company = archive, company

    def writestr(self, name, data, *args, **kw):
        if name == APP_PART and self._company:
            from openpyxl.xml.functions import Element, tostring

            # openpyxl serialises only Application and AppVersion; Company comes first in
            # the schema's sequence.
            tree = ExtendedProperties().to_tree()
            company = Element("Company")
            company.text = self._company
            tree.insert(0, company)
            data = tostring(tree)
        return self._archive.writestr(name, data, *args, **kw)

    def __getattr__(self, name):
        return getattr(self._archive, name)
