"""Read a CSV or the first sheet of an XLSX into rows of text keyed by normalised header.

Both formats come out the same way so that extracts and benchmarks are checked by one
set of rules. Line numbers are the ones the user sees in Excel (header = line 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from xlscore.problems import Problems


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped when the row was read."""
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def normalise(header: object) -> str:
    """Header names are case- and space-insensitive: ' Numerator ' is 'numerator'."""
    return "".join(str(header or "").split()).lower().lstrip("\ufeff")


def read_table(path: Path, problems: Problems) -> Table | None:
    """The table in `path`, or None with `problems` saying why it cannot be read."""
    try:
        grid = _xlsx_grid(path) if path.suffix.lower() == ".xlsx" else _csv_grid(path)
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        problems.error(f"not UTF-8 text (byte {exc.object[exc.start]:#04x}); save it from Excel "
                       "as 'CSV UTF-8 (Comma delimited)' or as .xlsx", file=str(path), line=line)
        return None
    except (OSError, csv.Error, zipfile.BadZipFile, KeyError, ValueError) as exc:
        problems.error(f"cannot read this file ({type(exc).__name__}: {exc}); "
                       "save it again from Excel as CSV UTF-8 or .xlsx", file=str(path))
        return None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
        problems.error(f"cannot read this workbook ({type(exc).__name__}); "
                       "open it in Excel and save it again as .xlsx", file=str(path))
        return None
    lines = [(n, cells) for n, cells in grid if "".join(cells).strip()]
    if not lines:
        problems.error("the file is empty: it needs a header row (measure, value, ...) and "
                       "one row per measure", file=str(path))
        return None
    header_line, header = lines[0]
    columns = tuple(normalise(h) for h in header)
    rows = tuple(
        Row(n, {c: v.strip() for c, v in zip(columns, cells, strict=False) if c})
        for n, cells in lines[1:]
    )
    return Table(str(path), columns, rows)


def _csv_grid(path: Path) -> list[tuple[int, list[str]]]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ValueError("this is not a text file")
    text = raw.decode("utf-8-sig")
    # Number records as Excel numbers rows: a quoted cell spanning lines is still one row.
    return list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))


def _xlsx_grid(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # heavy; only when an .xlsx is given

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        grid = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            grid.append((number, [_cell_text(cell) for cell in row]))
        return grid
    finally:
        workbook.close()


def _cell_text(cell) -> str:
    """A cell as the text a CSV would hold; a percentage cell (0.34 shown 34%) becomes 34."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            number *= 100
        return format(number.normalize(), "f")
    return str(value)
