"""Read a CSV or the first sheet of an XLSX into rows of text keyed by normalised header,
and the numbers in those rows.

Both formats come out the same way so that extracts and benchmarks are checked by one
set of rules. Line numbers are the ones the user sees in Excel (header = line 1). Only
the header's columns are read, and blank rows are never kept, so that a stray keystroke
in the last cell of a sheet (XFD1048576) costs nothing.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xlscore import xlsx
from xlscore.files import NotAFile, open_regular
from xlscore.model import TOO_LARGE
from xlscore.problems import Problems
from xlscore.records import record
from xlscore.texts import CONTROL, control_complaint, line_breaks

NOT_AVAILABLE = {"", "n/a", "na", "#n/a"}
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
# The compound file of an encrypted .xlsx (and of an old .xls): not a zip at all.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}
SAVE_AGAIN = "save it again from Excel as 'CSV UTF-8 (Comma delimited)' or as .xlsx"


@record
class Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped when the row was read."""
        return self.cells.get(column, "")


@record
class Table:
    file: str
    columns: tuple[str, ...]
    rows: Sequence[Row]  # a tuple, or a DataFrame's rows made as they are read
    header: tuple[str, ...] = ()  # the names as given, for a table made in memory
    sheet: str | None = None  # the sheet read, for an .xlsx

    def place(self, line: int | None, column: str | None = None) -> dict[str, Any]:
        """Where a row (and a column of it) is, as a problem's file, line, sheet and cell:
        in an .xlsx, the cell as Excel names it (D9), else the row."""
        return _place(self.file, self.sheet, self.columns, line, column)


def _place(file: str, sheet: str | None, columns: tuple[str, ...], line: int | None,
           column: str | None = None) -> dict[str, Any]:
    if sheet is None:
        return {"file": file, "line": line}
    cell = (f"{column_letter(columns.index(column))}{line}"
            if line is not None and column is not None and column in columns else None)
    return {"file": file, "line": line, "sheet": sheet, "cell": cell}


def header_checked(table: Table, problems: Problems) -> bool:
    """A table made in memory (a DataFrame, records) is held to a file's header rules: a
    column given twice (`value` and `Value`) would otherwise let one silently win."""
    if not table.header:
        return True
    return _header_checked(table.file, None, list(table.header),
                           tuple(normalise(h) for h in table.header), problems)


class _Unreadable(Exception):
    """The file cannot be read as a table; the message says why and what to do."""

    def __init__(self, message: str, code: str, line: int | None = None):
        super().__init__(message)
        self.code, self.line = code, line


def normalise(header: object) -> str:
    """Header names are case- and space-insensitive: ' Numerator ' is 'numerator'."""
    return "".join(str(header or "").split()).lower().lstrip("\ufeff")


def column_letter(index: int) -> str:
    """Column 0 is A, 26 is AA: as Excel names it, for messages."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(path: Path, problems: Problems) -> Table | None:
    """The table in `path`, or None with `problems` saying why it cannot be read."""
    file = str(path)
    sheet: list[str] = []  # the sheet's name, once an .xlsx is open
    try:
        grid = (_xlsx_grid(path, problems, sheet) if path.suffix.lower() == ".xlsx"
                else _csv_grid(path))
    except _Unreadable as exc:
        problems.error(str(exc), file=file, line=exc.line, code=exc.code)
        return None
    except NotAFile as exc:
        problems.error(f"{exc}: an input must be a file (a link only to a file); put the "
                       "file itself here", file=file, code="table.not-a-file")
        return None
    except xlsx.TooLarge as exc:
        problems.error(f"this workbook is too large to read: {exc}; {SAVE_AGAIN}, without "
                       "blank rows or columns", file=file, code="table.too-large")
        return None
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        problems.error(f"not UTF-8 text (byte {exc.object[exc.start]:#04x}); {SAVE_AGAIN}",
                       file=file, line=line, code="table.not-utf8")
        return None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        problems.error(f"cannot read this file ({type(exc).__name__}: {exc}); {SAVE_AGAIN}",
                       file=file, code="table.unreadable")
        return None
    except MemoryError:
        problems.error(f"this file is too large to read; {SAVE_AGAIN}, without blank rows "
                       "or columns", file=file, code="table.too-large")
        return None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
        problems.error(f"cannot read this workbook ({type(exc).__name__}); "
                       "open it in Excel and save it again as .xlsx", file=file,
                       code="table.unreadable")
        return None
    if not grid:
        problems.error("the file is empty: it needs a header row (measure, value, ...) and "
                       "one row per measure", file=file, code="table.empty")
        return None
    header_line, header = grid[0]
    columns = tuple(normalise(h) for h in header)
    named = sheet[0] if sheet else None
    if not _header_checked(file, header_line, header, columns, problems, named):
        return None
    before = problems.error_count
    rows = tuple(_row(file, n, columns, cells, problems, named) for n, cells in grid[1:])
    if problems.error_count > before:
        return None
    return Table(file, columns, rows, sheet=named)


def _header_checked(file: str, line: int | None, header: list[str], columns: tuple[str, ...],
                    problems: Problems, sheet: str | None = None) -> bool:
    """A header split on another separator, or naming a column twice, cannot be read
    without guessing which column holds the figures: refuse it."""
    named = [c for c in columns if c]
    if len(named) == 1:
        for separator, said in _SEPARATORS.items():
            if separator in header[columns.index(named[0])]:
                problems.error(f"the columns are separated by {said}, not commas; {SAVE_AGAIN}",
                               **_place(file, sheet, columns, line), code="table.separator")
                return False
    first: dict[str, int] = {}
    fine = True
    for index, column in enumerate(columns):
        if not column:
            continue
        if column in first:
            problems.error(f"the column '{column}' is given twice, in columns "
                           f"{column_letter(first[column])} and {column_letter(index)} "
                           "(names ignore case and spaces): delete or rename one; xlscore "
                           "will not guess which holds the figures",
                           **_place(file, sheet, columns, line), code="table.duplicate-column")
            fine = False
        else:
            first[column] = index
    return fine


def _row(file: str, line: int, columns: tuple[str, ...], cells: list[str],
         problems: Problems, sheet: str | None = None) -> Row:
    values = {}
    for column, text in zip(columns, cells, strict=False):
        if not column:
            continue
        if CONTROL.search(text):
            text = line_breaks(text)
            said = control_complaint(f"the {column} cell", text)
            if said:
                problems.error(said, **_place(file, sheet, columns, line, column),
                               code="table.control-character")
                text = ""
        values[column] = text.strip()
    return Row(line, values)


def _csv_grid(path: Path) -> list[tuple[int, list[str]]]:
    with open_regular(path) as handle:
        raw = handle.read()
    if raw.startswith(_OLE2):
        raise _Unreadable("this is a password-protected (encrypted) workbook or an old .xls, "
                          f"not a CSV file: remove the password in Excel and {SAVE_AGAIN}",
                          "table.encrypted")
    if raw.startswith(_UTF16) or _utf16_without_bom(raw[:4096]):
        raise _Unreadable("this is UTF-16 text (Excel's 'Unicode Text'): save it from Excel "
                          "as 'CSV UTF-8 (Comma delimited)'", "table.utf16")
    if raw.startswith(b"PK\x03\x04"):
        raise _Unreadable(f"this is a workbook (a zip file), not CSV text: rename it "
                          f"{path.stem}.xlsx if it is one", "table.misnamed")
    if b"\x00" in raw[:4096]:
        raise _Unreadable(f"this is not a text file; {SAVE_AGAIN}", "table.not-text")
    text = raw.decode("utf-8-sig")
    # Number records as Excel numbers rows: a quoted cell spanning lines is still one row.
    reader = csv.reader(io.StringIO(text, newline=""))
    grid = []
    try:
        for number, cells in enumerate(reader, start=1):
            if "".join(cells).strip():
                grid.append((number, cells))
    except csv.Error as exc:
        raise _Unreadable(f"cannot read this line as CSV ({exc}); {SAVE_AGAIN}",
                          "table.unreadable", reader.line_num) from None
    return grid


def _utf16_without_bom(start: bytes) -> bool:
    """UTF-16 text of Latin letters has a zero in every other byte."""
    halves = start[0::2], start[1::2]
    return len(start) >= 8 and any(half.count(0) > 0.9 * len(half) for half in halves)


def _xlsx_grid(path: Path, problems: Problems, named: list[str]) -> list[tuple[int, list[str]]]:
    with open_regular(path) as handle:
        if handle.read(len(_OLE2)) == _OLE2:
            raise _Unreadable("this workbook is password-protected (encrypted), or is an old "
                              ".xls: open it in Excel, remove the password (File > Info > "
                              "Protect Workbook) and save it as .xlsx", "table.encrypted")
    with xlsx.workbook(path) as workbook:
        sheet = workbook.worksheets[0]
        named.append(sheet.title)
        sheet.reset_dimensions()  # the saved dimension may claim XFD1048576; read what is there
        header_line, width = _header_of(sheet)
        if header_line is None:
            return []
        grid, formulas = [], []
        blank = None  # openpyxl fills a gap of missing rows with one shared blank row
        for number, row in enumerate(sheet.iter_rows(min_row=header_line, max_col=width),
                                     start=header_line):
            if row is blank:
                continue
            texts: list[str] = []
            for cell in row:
                if cell.data_type == "f":
                    formulas.append((number, len(texts)))
                texts.append(_cell_text(cell))
            if formulas and formulas[-1][0] == number or "".join(texts).strip():
                grid.append((number, texts))
            else:
                blank = row
    if formulas:
        _saved_results(path, grid, formulas, header_line, width, problems, named[0])
    return grid


def _header_of(sheet) -> tuple[int | None, int]:
    """The first non-blank row and how many columns it has, up to its last name."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        named = [i for i, v in enumerate(values) if v is not None and str(v).strip()]
        if named:
            return number, named[-1] + 1
    return None, 0


def _saved_results(path: Path, grid: list[tuple[int, list[str]]],
                   formulas: list[tuple[int, int]], first: int, width: int,
                   problems: Problems, title: str) -> None:
    """Replace each formula by the result Excel saved with it. A program that writes a
    workbook (openpyxl, a reporting tool) saves formulas without results: that figure
    would silently read as n/a, so it is an error naming the cell."""
    with xlsx.workbook(path, data_only=True) as workbook:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        wanted = set(formulas)
        results: dict[tuple[int, int], Any] = {}
        for number, row in enumerate(sheet.iter_rows(min_row=first, max_col=width),
                                     start=first):
            for index, cell in enumerate(row):
                if (number, index) in wanted:
                    results[(number, index)] = cell
            if number >= formulas[-1][0]:
                break
    by_line = dict(grid)
    for number, index in formulas:
        cell = results.get((number, index))
        if cell is None or cell.value is None:
            if number != first:
                problems.error("this cell holds a formula with no "
                               "saved result (the file was written by a program, not saved "
                               "by Excel): open it in Excel and save it, or write the values "
                               "instead of formulas", file=str(path), line=number, sheet=title,
                               cell=f"{column_letter(index)}{number}",
                               code="table.formula-without-value")
            by_line[number][index] = ""
        else:
            by_line[number][index] = _cell_text(cell)
    grid[:] = [(n, cells) for n, cells in grid if "".join(cells).strip()]


def _cell_text(cell) -> str:
    """A cell as the text a CSV would hold; a percentage cell (0.34 shown 34%) becomes 34."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            number *= 100
        return format(number.normalize(), "f") if abs(number) < TOO_LARGE else str(value)
    return str(value)


def parse_number(text: str, percent_sign_allowed: bool) -> Decimal | None:
    """`1,234`, `34.0`, `34.0%` -> Decimal; blank or n/a -> None; anything else ValueError
    saying what is wrong with the text (quoted)."""
    cleaned = text.strip()
    if not cleaned or cleaned.lower() in NOT_AVAILABLE:
        return None
    if percent_sign_allowed and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    if "," in cleaned and _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if len(cleaned) > 100:  # no figure is written with a hundred characters
        raise ValueError(f"{_quoted(text.strip())} is not a number")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(f"{_quoted(text.strip())} is not a number")
    if abs(number) >= TOO_LARGE:
        raise ValueError(f"{_quoted(text.strip())} is too large to be a figure")
    return number


def _quoted(text: str, limit: int = 40) -> str:
    """Text quoted back in a message, shortened when long."""
    return f"'{text[:limit]}...'" if len(text) > limit else f"'{text}'"

