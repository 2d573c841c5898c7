"""How the workbook is packaged when saved: the company in the extended properties, and rows
written as XML text for a sheet too long for openpyxl's cells.

openpyxl makes and serialises a Python object per cell: on a large catalogue's Data sheet
(1,000 measures x 12 months x 17 columns) that was two thirds of the build. `RawRows` holds
such rows as the worksheet XML itself, and they are spliced into the sheet's part as it is
saved; rows the sheet also has as cells (its title, header, and cells with a comment) win.
Every text is written as an inline string, so none can ever become a formula.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from zipfile import ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.compat.strings import safe_string
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

APP_PART = "docProps/app.xml"
_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class RawRows:
    """Rows of one sheet as worksheet XML (the cells inside each `<row>`), by row number."""

    def __init__(self, sheet: Worksheet, columns: int):
        self.sheet = sheet
        self.letters = [get_column_letter(c) for c in range(1, columns + 1)]
        self.rows: dict[int, str] = {}
        self._styles: dict[str | None, str] = {}
        self._cells: dict[int, list[tuple[int, Cell]]] = {}

    def cell(self, row: int, column: int) -> Cell:
        """A cell kept off the sheet, styled and filled like any other, written as XML when
        the workbook is saved (a Painter given these rows paints them)."""
        made = Cell(self.sheet, row=row, column=column)
        self._cells.setdefault(row, []).append((column, made))
        return made

    def style(self, number_format: str | None) -> str:
        """The `s` attribute of a number format's cell style (registered once)."""
        if number_format not in self._styles:
            cell = Cell(self.sheet)  # not placed on the sheet: only its style is kept
            if number_format:
                cell.number_format = number_format
            self._styles[number_format] = f' s="{cell.style_id}"' if cell.style_id else ""
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
                cells.append(f'<c r="{letter}{at}" t="inlineStr"><is>{_text(value)}</is></c>')
            else:  # str() of a Decimal or int is a valid xsd:double ("34.0", "783", "1E+3")
                cells.append(f'<c r="{letter}{at}"{self.style(number_format)}><v>{value}</v></c>')
        self.rows[row] = "".join(cells)

    def _kept_cells(self) -> None:
        """The cells made by `cell`, as XML: inline strings, numbers, or style only."""
        for row, kept in self._cells.items():
            at, parts = str(row), []
            for column, cell in sorted(kept, key=lambda c: c[0]):
                ref = f"{get_column_letter(column)}{at}"
                style = f' s="{cell.style_id}"' if cell.has_style and cell.style_id else ""
                value = cell._value
                if value is None:
                    parts.append(f'<c r="{ref}"{style}/>')
                elif cell.data_type == "s":
                    parts.append(f'<c r="{ref}"{style} t="inlineStr"><is>{_text(value)}</is></c>')
                else:  # the Painter's numbers, written as openpyxl writes them
                    parts.append(f'<c r="{ref}"{style}><v>{safe_string(value)}</v></c>')
            self.rows[row] = "".join(parts)
        self._cells.clear()

    def splice(self, part: bytes) -> bytes:
        """The worksheet part with these rows in its sheetData, in row order. A row the
        sheet has as cells wins; a row it has only as a height lends the height."""
        self._kept_cells()
        text = part.decode("utf-8")
        if "<sheetData/>" in text:
            text = text.replace("<sheetData/>", "<sheetData></sheetData>", 1)
        start = text.index("<sheetData>") + len("<sheetData>")
        end = text.index("</sheetData>")
        written = {int(m[1]): m[0] for m in _ROW.finditer(text, start, end)}
        rows = {r: f'<row r="{r}">{cells}</row>' for r, cells in self.rows.items()}
        for r, element in written.items():
            if "<c " in element or r not in rows:
                rows[r] = element
            else:  # openpyxl's empty row carries its height: the raw cells go inside it
                opening = element[:-2] + ">" if element.endswith("/>") else \
                    element[:element.index(">") + 1]
                rows[r] = opening + self.rows[r] + "</row>"
        body = "".join(rows[r] for r in sorted(rows))
        last = max(rows) if rows else 1
        text = text[:start] + body + text[end:]
        text = _DIMENSION.sub(f'<dimension ref="A1:{self.letters[-1]}{last}"/>', text, count=1)
        return text.encode("utf-8")


@lru_cache(maxsize=65536)  # the same names, months and files on every row
def _text(value: str) -> str:
    value = _ILLEGAL.sub("", value)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<t{space}>{escaped}</t>"


class PackWorkbook(Workbook):
    """A workbook that writes its company into the extended properties (openpyxl always
    writes that part with its own defaults) and the raw rows of its long sheets."""

    company: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[RawRows] = []

    def raw_rows(self, sheet: Worksheet, columns: int) -> RawRows:
        rows = RawRows(sheet, columns)
        self.raw.append(rows)
        return rows

    def save(self, filename) -> None:
        """openpyxl's own save would leave out the raw rows: always save through ours."""
        from xlscore.writers.saving import workbook_bytes

        with open(filename, "wb") as handle:
            handle.write(workbook_bytes(self))

    def archive(self, archive: ZipFile) -> _Archive:
        """`archive` with this workbook's company and raw rows completed as parts arrive."""
        # openpyxl names each sheet's part by its place in the workbook as it saves
        parts = {f"xl/worksheets/sheet{self.worksheets.index(r.sheet) + 1}.xml": r
                 for r in self.raw}
        return _Archive(archive, self.company, parts)


class _Archive:
    """The zip archive openpyxl writes to, with the extended properties and the sheets that
    have raw rows completed on the way."""

    def __init__(self, archive: ZipFile, company: str | None, parts: dict[str, RawRows]):
        self._archive, self._company, self._parts = archive, company, parts

    def writestr(self, name, data, *args, **kw):
        raw = self._parts.get(name)
        if raw is not None:
            # The fastest deflate: a quarter of the time of the default for a part this
            # long, for a fifth more bytes.
            return self._archive.writestr(name, raw.splice(data), compresslevel=1)
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
