"""How the workbook is packaged when saved: rows written as XML text for a sheet too long
for openpyxl's cells, each cell style's index, and the frames of charts.

openpyxl makes and serialises a Python object per cell: on a large catalogue's Data sheet
(1,000 measures x 12 months x 17 columns) that was two thirds of the build. `RawRows` holds
such rows as the worksheet XML itself, merged with the sheet's own rows as it is saved
(saving.sheet_data); rows the sheet also has as cells (its title, header) win. Every text
is written as an inline string, so none can ever become a formula.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.compat.strings import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.records import record
from xlscore.texts import cell_safe

DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
DRAWING_MAIN = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


class StyleIds:
    """Each cell style's index in the workbook's list of styles, found once per look: a
    style is an array of nine numbers, and its bytes are a cheap key (openpyxl hashes the
    array each time it is asked)."""

    def __init__(self, workbook: Workbook):
        self._styles = workbook._cell_styles
        self._ids: dict[bytes, str] = {}

    def attribute(self, style: StyleArray | None) -> str:
        """A cell's ` s="n"` for its style, or nothing for no style (as openpyxl writes)."""
        if style is None:
            return ""
        key = style.tobytes()
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = f' s="{self._styles.add(style)}"' if any(style) else ""
        return found


class RawRows:
    """Rows of one sheet as worksheet XML (the cells inside each `<row>`), by row number."""

    def __init__(self, sheet: Worksheet, columns: int):
        self.sheet = sheet
        self.letters = [get_column_letter(c) for c in range(1, columns + 1)]
        self.rows: dict[int, str] = {}  # whole rows (`add`)
        self.placed: dict[int, list[tuple[int, str]]] = {}  # cells by row (`put`), by column
        self._styles: dict[str | None, str] = {}
        self._style_ids = sheet.parent.style_ids

    def put(self, row: int, column: int, value: str | float | int | None,
            look: StyleArray) -> None:
        """One cell of a style (a Painter given these rows paints them so), as XML."""
        self.placed.setdefault(row, []).append((column, cell_xml(
            f"{get_column_letter(column)}{row}", self._style_ids.attribute(look), value)))

    def style(self, number_format: str | None) -> str:
        """The `s` attribute of a number format's cell style (registered once)."""
        if number_format not in self._styles:
            cell = Cell(self.sheet)  # not placed on the sheet: only its style is kept
            if number_format:
                cell.number_format = number_format
            self._styles[number_format] = self._style_ids.attribute(cell._style)
        return self._styles[number_format]

    def add(self, row: int, values: list[str | Decimal | int | None],
            formats: list[str | None]) -> None:
        """A row of text (inline strings), numbers (in `formats[i]`) and blanks (None)."""
        at = str(row)
        cells = []
        for letter, value, number_format in zip(self.letters, values, formats, strict=False):
            if value is None:
                continue
            if value.__class__ is str:
                cells.append(f'<c r="{letter}{at}" t="inlineStr"><is>{xml_text(value)}</is></c>')
            else:  # str() of a Decimal or int is a valid xsd:double ("34.0", "783", "1E+3")
                cells.append(f'<c r="{letter}{at}"{self.style(number_format)}><v>{value}</v></c>')
        self.rows[row] = "".join(cells)


@record
class Frame:
    """Where a chart sits, as a drawing counts (from zero: the columns and rows of its top
    left and bottom right corners, and how far below its top row's edge it starts, in EMU),
    and the alternative text a screen reader reads (`description`) and shows (`title`)."""

    first_column: int
    top_row: int
    top_offset: int
    last_column: int
    bottom_row: int
    description: str
    title: str


def drawing_xml(frames: list[Frame]) -> bytes:
    """A drawing part with the charts numbered 1, 2, ... in `frames`' order, each in its own
    frame (a two-cell anchor: it fills its cells in any application) with its alternative
    text, as openpyxl writes a chart's frame (which has no place for that text)."""
    anchors = "".join(
        f"<twoCellAnchor><from><col>{f.first_column}</col><colOff>0</colOff>"
        f"<row>{f.top_row}</row><rowOff>{f.top_offset}</rowOff></from>"
        f"<to><col>{f.last_column}</col><colOff>0</colOff><row>{f.bottom_row}</row>"
        f"<rowOff>0</rowOff></to><graphicFrame><nvGraphicFramePr>"
        f'<cNvPr id="{number}" name="Chart {number}" descr="{xml_escaped(f.description)}" '
        f'title="{xml_escaped(f.title)}"/><cNvGraphicFramePr/></nvGraphicFramePr><xfrm/>'
        f'<a:graphic xmlns:a="{DRAWING_MAIN}"><a:graphicData uri="{CHART}">'
        f'<c:chart xmlns:c="{CHART}" xmlns:r="{RELATIONSHIPS}" r:id="rId{number}"/>'
        f"</a:graphicData></a:graphic></graphicFrame><clientData/></twoCellAnchor>"
        for number, f in enumerate(frames, start=1))
    return f'<wsDr xmlns="{DRAWING}">{anchors}</wsDr>'.encode()


def drawing_relationships(chart_paths: list[str]) -> bytes:
    """The drawing's links to its charts (`rId1` the first)."""
    links = "".join(f'<Relationship Type="{RELATIONSHIPS}/chart" Target="{path}" '
                    f'Id="rId{number}"/>' for number, path in enumerate(chart_paths, start=1))
    return f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{links}</Relationships>'.encode()


def xml_escaped(value: str) -> str:
    """Text escaped for XML, as lxml escapes a double-quoted attribute (and fit for an
    element's text too)."""
    return (cell_safe(value).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


def cell_xml(ref: str, style: str, value: str | float | int | None) -> str:
    """A cell of a number, of text (an inline string: text whatever it says) or of nothing
    but its style, as openpyxl writes each (`style` is its ` s="n"` or nothing)."""
    if value is None or value == "":
        return f'<c r="{ref}"{style} t="{"inlineStr" if value == "" else "n"}"/>'
    if value.__class__ is str:
        return f'<c r="{ref}"{style} t="inlineStr"><is>{xml_text(value)}</is></c>'
    return f'<c r="{ref}"{style} t="n"><v>{safe_string(value)}</v></c>'


@lru_cache(maxsize=65536)  # the same names, months and files on every row
def xml_text(value: str) -> str:
    """An inline string's `<t>`, its text through the same guard as every cell's."""
    value = cell_safe(value)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<t{space}>{escaped}</t>"
