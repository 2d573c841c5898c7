"""Layout shared by the Summary, Trend, Charts and Data quality sheets: titles, header rows,
section bands, column widths and print setup."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from openpyxl.cell import Cell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.model import Colours, Measure, Rating, Target, Unit
from xlscore.texts import cell_safe
from xlscore.writers import styles as st
from xlscore.writers.package import RawRows

T = TypeVar("T")


class Painter:
    """Writes a sheet's cells with a shared look: openpyxl is slow to set styles one by one,
    so each combination is made once (styles.Styler) and copied."""

    def __init__(self, sheet: Worksheet, colours: Colours, raw: RawRows | None = None):
        """`raw`: paint cells kept off the sheet and written as XML (a long table whose
        cells nobody reads back), rather than openpyxl's cells, several times slower."""
        self.sheet, self.colours, self.styler = sheet, colours, st.Styler.of(sheet.parent)
        self.raw = raw
        self._looks: dict[tuple, StyleArray] = {}  # each look's style, by what makes it

    def _sheet_cell(self, row: int, column: int) -> Cell:
        """The sheet's cell, made if new: openpyxl's `sheet.cell` checks and counts rows on
        every call, a third of the time of painting a figure."""
        cells = self.sheet._cells
        cell = cells.get((row, column))
        if cell is None:
            cell = cells[row, column] = Cell(self.sheet, row, column)
        return cell

    def _look(self, key: tuple, **styles: Any) -> StyleArray:
        """The style of a look, made once (on a cell that is never placed). A key may hold a
        style object's id: the styler keeps every object it is given, so no id is reused."""
        look = self._looks.get(key)
        if look is None:
            scratch = Cell(self.sheet)
            self.styler.apply(scratch, **styles)
            look = self._looks[key] = scratch._style
        return look

    def _put(self, row: int, column: int, value: str | float | int | None,
             look: StyleArray) -> None:
        """A value that needs none of openpyxl's checks (a number, n/a, guarded text) in a
        cell of the look, set as openpyxl's own setter would set it."""
        if self.raw is not None:
            self.raw.put(row, column, value, look)
            return
        cell = self._sheet_cell(row, column)
        cell._value, cell.data_type = value, "s" if value.__class__ is str else "n"
        cell._style = copy(look)

    def text(self, row: int, column: int, text: str | None, *, font: Font = st.PLAIN,
             wrap: bool = True, rating: Rating | None = None) -> None:
        """Text from the inputs (never a formula), bordered, wrapped unless told not to."""
        if rating is not None:
            font = st.ink(self.colours.of(rating), font.b)
        look = self._look(("text", id(font), rating, wrap), font=font,
                          fill=st.fill(self.colours, rating), border=st.BORDER,
                          alignment=st.WRAP if wrap else st.CENTRE_TOP)
        if self.raw is not None:  # an inline string: text whatever it says
            self.raw.put(row, column, None if text is None else st.guarded(text), look)
            return
        cell = self._sheet_cell(row, column)
        cell._style = copy(look)
        st.set_text(cell, text)  # after the style: it may mark the cell quoted

    def number(self, row: int, column: int, value: Decimal | int | None, unit: Unit, *,
               rating: Rating | None = None, bold: bool = False) -> None:
        """A displayed value in its unit's format (percent as a fraction), n/a when None,
        filled with its rating's colour and text readable on it, its marker after it."""
        key = (rating, bold, unit if value is not None else None)
        look = self._looks.get(key)  # the sheets' most painted cell: its look kept at hand
        if look is None:
            font = (st.ink(self.colours.of(rating), bold) if rating
                    else (st.BOLD if bold else st.PLAIN))
            look = self._look(key, font=font, fill=st.fill(self.colours, rating),
                              border=st.BORDER, alignment=st.RIGHT,
                              number_format=st.number_format(unit, rating)
                              if value is not None else None)
        self._put(row, column, st.number(value, unit), look)

    def target(self, row: int, column: int, measure: Measure, target: Target | None) -> None:
        """Target and tolerance side by side, in the measure's unit as displayed; n/a without."""
        values = (target.value, target.tolerance) if target else (None, None)
        for offset, value in enumerate(values):
            self.number(row, column + offset,
                        None if value is None else measure.unit.displayed(value), measure.unit)

    def blank(self, row: int, column: int) -> None:
        self._put(row, column, None, self._look(("blank",), font=st.PLAIN, border=st.BORDER))


def row_height(sheet: Worksheet, row: int, height: float) -> None:
    """Set a row's height. openpyxl makes a row's dimension by setting each of its
    attributes through a checking descriptor (2.7 ms for a sample's 420 rows); a new one is
    made here with the same attributes, as openpyxl stores them, at a fifteenth of the cost."""
    dimensions = sheet.row_dimensions
    dimension = dimensions.get(row)
    if dimension is not None:
        dimension.height = height
        return
    dimension = RowDimension.__new__(RowDimension)
    dimension.parent, dimension._style = sheet, None
    dimension.__dict__.update(ht=float(height), thickBot=False, thickTop=False, index=row,
                              hidden=False, outlineLevel=0, collapsed=False)
    dimensions[row] = dimension


def merge(sheet: Worksheet, first_row: int, first_column: int, last_row: int,
          last_column: int) -> None:
    """Merge the cells of a range, as openpyxl's `merge_cells` does: every covered cell
    becomes a merged cell that carries the first cell's border on the range's edges. openpyxl
    makes and registers a new border for each of them (a tenth of the Scorecard's time);
    here each kind of covered cell's look is made once per workbook and copied."""
    merged = MergedCellRange(sheet, f"{get_column_letter(first_column)}{first_row}:"
                                    f"{get_column_letter(last_column)}{last_row}")
    sheet.merged_cells.add(merged)
    border, looks = merged.start_cell.border, st.Styler.of(sheet.parent).merged
    cells = sheet._cells
    for row in range(first_row, last_row + 1):
        for column in range(first_column, last_column + 1):
            if row == first_row and column == first_column:
                continue
            cell = cells[row, column] = MergedCell(sheet, row, column)
            edges = tuple(name for name, on in (
                ("top", row == first_row), ("left", column == first_column),
                ("right", column == last_column), ("bottom", row == last_row))
                if on and getattr(border, name) is not None
                and getattr(border, name).style is not None)
            if not edges:  # no side of the first cell's border to carry
                continue
            look = looks.get((id(border), edges))
            if look is None:
                cell.border = Border(**{name: getattr(border, name) for name in edges})
                looks[id(border), edges] = copy(cell._style)
            else:
                cell._style = copy(look)


def section_rows(sections: Iterable[tuple[str, Sequence[T]]],
                 first_row: int) -> Iterator[tuple[int, str, T | None]]:
    """Where each row of a table grouped by section goes: the section's band (line None),
    then its lines. The one count of rows, for the sheet and for what adds to it later."""
    row = first_row
    for name, lines in sections:
        yield row, name, None
        row += 1
        for line in lines:
            yield row, name, line
            row += 1


def title(sheet: Worksheet, text: str, note: str) -> None:
    """Row 1 the sheet's title, row 2 a line saying how to read it."""
    st.set_text(sheet["A1"], text)
    sheet["A1"].font = st.TITLE_FONT
    row_height(sheet, 1, 24)
    st.set_text(sheet["A2"], note)
    sheet["A2"].font = st.MUTED


def header(sheet: Worksheet, row: int, texts: Sequence[str | None], height: float = 30) -> None:
    """A table's header row; None leaves a column alone (it is inside a merged cell)."""
    styler = st.Styler.of(sheet.parent)
    for column, text in enumerate(texts, start=1):
        if text is None:
            continue
        cell = sheet.cell(row, column)
        styler.apply(cell, font=st.HEADER_FONT, fill=st.HEADER_FILL, border=st.BORDER,
                     alignment=st.CENTRE)
        st.set_text(cell, text)  # after the style: it may mark the cell quoted
    row_height(sheet, row, height)


def band(sheet: Worksheet, row: int, text: str, columns: int) -> None:
    """A section row: a coloured band across the table with the section's name in bold."""
    styler = st.Styler.of(sheet.parent)
    cell = sheet.cell(row, 1)
    styler.apply(cell, font=st.SECTION_FONT, fill=st.SECTION_FILL)
    st.set_text(cell, text)  # after the style: it may mark the cell quoted
    for column in range(2, columns + 1):
        styler.apply(sheet.cell(row, column), fill=st.SECTION_FILL)
    row_height(sheet, row, 20)


def heading(sheet: Worksheet, row: int, text: str) -> None:
    """A heading above a block of the sheet."""
    cell = sheet.cell(row, 1)
    st.set_text(cell, text)
    cell.font = st.SECTION_FONT
    row_height(sheet, row, 22)


def widths(sheet: Worksheet, values: Sequence[float]) -> None:
    for column, width in enumerate(values, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def print_setup(sheet: Worksheet, card: Scorecard, built: date, *, paper: str = "A4",
                title_rows: str | None = None, area: str | None = None,
                one_page: bool = False) -> None:
    """Landscape, fit to one page wide (and tall, with `one_page`), the authority and month
    on every page."""
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3,
                                     footer=0.3)
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A3 if paper == "A3" else sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if area:
        sheet.print_area = area
    page_header_footer(sheet, f"{card.catalogue.authority}: {sheet.title}, "
                              f"{card.month.long_label}", built)


HEADER_FOOTER_LIMIT = 200  # Excel refuses a workbook whose header or footer passes 255


def page_text(text: str, limit: int = HEADER_FOOTER_LIMIT) -> str:
    """Text for a page header or footer, where `&` starts a code (&P is the page number):
    a literal & is written &&, control characters go, and the text is cut to fit."""
    text = " ".join(cell_safe(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


def mark_pages(sheet: Worksheet, marking: str) -> None:
    """A protective marking (OFFICIAL-SENSITIVE) at the top and the foot of every page, as
    the Government Security Classifications ask."""
    sheet.oddHeader.left.text = page_text(marking)
    sheet.oddFooter.center.text = page_text(marking)
    for part in (sheet.oddHeader.left, sheet.oddFooter.center):
        part.font = "Arial,Bold"


def page_header_footer(sheet: Worksheet, centre: str, built: date) -> None:
    """Every sheet's header (what it is) and footer (when built, page N of M): the one place
    where text reaches a page header or footer."""
    sheet.oddHeader.center.text = page_text(centre)
    sheet.oddFooter.left.text = page_text(f"Built {built:%d %B %Y}")
    sheet.oddFooter.right.text = "Page &P of &N"
