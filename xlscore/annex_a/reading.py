"""Annex A extracts -> `Extract`s of typed rows.

An extract is an `.xlsx` workbook (one sheet per list) or a folder of CSVs (one per list),
named with its extract date (`annex-a-2020-12-31.xlsx`): Annex A carries no date of its own,
and a file's timestamp says when it was copied, not what it holds. Lists are found by their
headers (`lists`), values read as `codes` and dates say. Every problem names the file, sheet,
row and column, and never a child: a value is quoted only from a column that holds nothing
personal.

Workbooks are read with calamine (a Rust reader: the whole read is more than ten times
quicker than pandas with openpyxl, `scripts/annex_a_read_speed.py`) after `safety` has checked
the zip, since calamine gives a sheet one dense grid from its first to its last cell and would
try to allocate a cell at XFD1048576.
"""

from __future__ import annotations

import csv
import io
import queue
import re
import stat
import threading
from collections.abc import Iterator, Sequence
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from xlscore.annex_a import safety
from xlscore.annex_a.lists import BY_NUMBER, LISTS, Column, Kind, ListSpec, header_key
from xlscore.annex_a.records import Extract, RowNote
from xlscore.problems import Problems
from xlscore.tabular import column_letter

DATED = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
HEADER_ROWS = 30  # title rows above the header: the header is looked for this far down
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a midnight some exports add
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})" + _TIME)
_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 2958465  # 31 December 9999
CODE = "annexa"  # the prefix of every problem this reader adds
_OTHER_TABLES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".tsv")


class _Bad(Exception):
    """A cell that cannot be read: the message says what was expected."""


class Unreadable(Exception):
    """The file cannot be read at all; the message says why and what to do."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------
# Finding the extracts


def find_extracts(folder: Path, problems: Problems) -> list[tuple[date, Path]]:
    """The extracts in `folder`, oldest first: `.xlsx` workbooks and folders of CSVs whose
    names carry their extract date. An undated name is an error naming it; a folder that
    does not exist holds none."""
    found: dict[date, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:  # no Annex A folder: nothing to read
        return []
    except OSError as exc:
        problems.error(f"cannot list this folder ({exc.strerror or exc})", file=str(folder),
                       code=f"{CODE}.unreadable")
        return []
    for path in entries:
        name = path.name
        if name.startswith((".", "~$")):  # the cache, hidden files, Excel's lock files
            continue
        file = str(path)
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            problems.error(f"cannot read this file ({exc.strerror or exc})", file=file,
                           code=f"{CODE}.unreadable")
            continue
        is_folder = stat.S_ISDIR(mode)
        suffix = path.suffix.lower()
        if not (is_folder or stat.S_ISREG(mode)):
            problems.error("not a regular file or folder (a link, device or pipe); put the "
                           "extract itself here", file=file, code=f"{CODE}.not-a-file")
            continue
        if not is_folder and suffix != ".xlsx":
            if suffix in (".xls", ".xlsm", ".xlsb", ".ods", ".csv"):
                problems.error("an Annex A extract is an .xlsx workbook, or a folder named "
                               "with its date holding one CSV per list; open this file in "
                               "Excel and save it as .xlsx", file=file,
                               code=f"{CODE}.not-xlsx")
            else:
                problems.warning("not an Annex A extract (.xlsx or a folder of CSVs); left "
                                 "out", file=file, code=f"{CODE}.not-an-extract")
            continue
        stem = name if is_folder else path.stem
        dates = DATED.findall(stem)
        when = _valid_date(dates[0]) if len(dates) == 1 else None
        if when is None:
            problems.error(
                "its name must carry the extract's date as YYYY-MM-DD (for example "
                "annex-a-2020-12-31.xlsx): Annex A holds no date of its own"
                + (" (the name holds more than one date)" if len(dates) > 1 else ""),
                file=file, code=f"{CODE}.undated")
            continue
        if when in found:
            problems.error(f"two extracts dated {when.isoformat()} ({found[when].name} and "
                           f"{name}); keep one", file=file, code=f"{CODE}.same-date")
            continue
        found[when] = path
    return sorted(found.items())


def _valid_date(parts: tuple[str, str, str]) -> date | None:
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Sheets: a workbook's worksheets or a folder's CSVs, as grids of cell values


def _sheets(path: Path) -> Iterator[tuple[str, str, list[list[Any]] | None]]:
    """(file shown in messages, sheet name, rows from the sheet's row 1) for each sheet;
    rows None for a table in a folder of CSVs that is no CSV (other files are no lists)."""
    if path.is_dir():
        for member in sorted(path.iterdir()):
            if member.name.startswith((".", "~$")):
                continue
            suffix = member.suffix.lower()
            if suffix != ".csv" or not member.is_file():
                if suffix in _OTHER_TABLES:  # a list in the wrong form: said, and left out
                    yield member.name, member.stem, None
                continue  # a README, a subfolder: not a list
            yield member.name, member.stem, _csv_rows(member)
        return
    safety.check_workbook(path)
    yield from _parsed_alongside(path)


def _parsed_alongside(path: Path) -> Iterator[tuple[str, str, list[list[Any]]]]:
    """The workbook's sheets, each parsed by calamine in a thread of its own while the caller
    reads the one before: calamine lets go of the interpreter while it parses, so the two
    overlap (1.4 s rather than 1.8 s for an extract of 100,000 rows). One sheet waits at most;
    the thread ends before this does, whatever ends it."""
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            try:
                for meta in workbook.sheets_metadata:
                    if meta.typ != SheetTypeEnum.WorkSheet:
                        continue
                    sheet = workbook.get_sheet_by_name(meta.name)
                    if not hand((meta.name, sheet.to_python(skip_empty_area=False))):
                        return
            finally:
                workbook.close()
        except BaseException as exc:  # noqa: BLE001 - raised again where the sheets are read
            hand(("", exc))
            return
        hand(("", None))

    thread = threading.Thread(target=parse, name="xlscore-calamine", daemon=True)
    thread.start()
    try:
        while True:
            name, rows = handoff.get()
            if isinstance(rows, BaseException):
                raise rows
            if rows is None:
                return
            yield "", name, rows
    finally:
        stop.set()
        thread.join()


def _csv_rows(path: Path) -> list[list[Any]]:
    if path.stat().st_size > safety.MAX_UNPACKED:
        raise Unreadable(f"{path.name} is larger than an Annex A list can be "
                         f"({safety.MAX_UNPACKED >> 20:,} MB)", f"{CODE}.too-large")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)"
    if "\x00" in text:
        raise Unreadable(f"{path.name} is not text (it holds NUL bytes); save it again from "
                         "Excel as 'CSV UTF-8 (Comma delimited)'", f"{CODE}.unreadable")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise Unreadable(f"{path.name} cannot be read as CSV ({exc}); save it again from "
                         "Excel as 'CSV UTF-8 (Comma delimited)'", f"{CODE}.unreadable") from exc


# ---------------------------------------------------------------------------------------
# Finding a sheet's list by its headers

_KEYS: dict[int, dict[str, Column]] = {
    spec.number: {key: column for column in spec.columns for key in column.keys}
    for spec in LISTS}


class _Found:
    """A sheet recognised as a list: where its header is and which sheet column holds
    which of the list's columns."""

    def __init__(self, spec: ListSpec, header_index: int, where: dict[Column, int]):
        self.spec, self.header_index, self.where = spec, header_index, where


def _recognise(sheet: str, rows: list[list[Any]], place: dict[str, Any],
               problems: Problems) -> _Found | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        keys = [header_key(cell) if isinstance(cell, str) else "" for cell in row]
        matches: list[tuple[ListSpec, dict[Column, list[int]]]] = []
        for spec in LISTS:
            known = _KEYS[spec.number]
            found: dict[Column, list[int]] = {}
            for position, key in enumerate(keys):
                column = known.get(key) if key else None
                if column is not None:
                    found.setdefault(column, []).append(position)
            if all(column in found for column in spec.identifying):
                matches.append((spec, found))
        if not matches:
            continue
        line = index + 1
        if len(matches) > 1:
            names = " and ".join(f"List {spec.number}" for spec, _ in matches)
            problems.error(f"sheet '{sheet}': its headers (row {line}) match {names}; "
                           "give each list a sheet of its own", line=line,
                           code=f"{CODE}.two-lists", **place)
            return None
        spec, found = matches[0]
        where: dict[Column, int] = {}
        bad = False
        for column, positions in found.items():
            if len(positions) > 1:
                letters = " and ".join(column_letter(p) for p in positions)
                problems.error(f"sheet '{sheet}' (List {spec.number}): columns {letters} are "
                               f"both '{column.header}'; keep one", line=line,
                               code=f"{CODE}.column-twice", **place)
                bad = True
            where[column] = positions[0]
        for column in spec.read if spec.row else ():
            if column not in where and not column.optional:
                problems.error(f"sheet '{sheet}' (List {spec.number}): no column "
                               f"'{column.header}' (the rules need it; blank cells are "
                               "allowed)", line=line, code=f"{CODE}.missing-column", **place)
                bad = True
        return None if bad else _Found(spec, index, where)
    if any(any(cell not in ("", None) for cell in row) for row in rows[:HEADER_ROWS]):
        problems.warning(f"sheet '{sheet}' matches no Annex A list (no row of its first "
                         f"{HEADER_ROWS} holds a list's headers, such as Child Unique ID "
                         "and Date of Contact); left out", code=f"{CODE}.no-list", **place)
    return None


# ---------------------------------------------------------------------------------------
# Cells


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value).strip()


class _Cells:
    """Reads the cells of one extract. Each column's values repeat (a few thousand dates,
    a dozen codes), so each distinct value is read once; equal dates become one object, which
    also keeps the cache small."""

    def __init__(self) -> None:
        self.dates: dict[Any, date | None] = {"": None, None: None}
        self.children: dict[str, str] = {}  # a child's rows share one ID object

    def reader(self, column: Column) -> tuple[dict[Any, Any], Any]:
        """The values of `column` read so far (by cell value), and the function that reads
        a new one (raising `_Bad`). Dates are shared by every date column."""
        if column.kind is Kind.DATE:
            return self.dates, self.read_date
        read = _CONVERTERS[column.kind]
        return {"": None, None: None}, lambda value: read(column, value)

    def read_date(self, value: Any) -> date | None:
        """A date cell, an Excel serial number, or dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd text."""
        made = _date(value)
        return None if made is None else self.dates.setdefault(made, made)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _Bad("a date (dd/mm/yyyy)")
    if isinstance(value, int | float):
        if value != value or not 1 <= value <= _LAST_SERIAL:
            raise _Bad("a date (dd/mm/yyyy)")
        return _EXCEL_EPOCH + timedelta(days=int(value))
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            match = _DAY_MONTH_YEAR.fullmatch(text)
            if match:
                return date(int(match[3]), int(match[2]), int(match[1]))
            match = _ISO.fullmatch(text)
            if match:
                return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _Bad("a real date (dd/mm/yyyy)") from None
    raise _Bad("a date as dd/mm/yyyy or yyyy-mm-dd")


def _integer(column: Column, value: Any) -> int | None:
    if isinstance(value, bool):
        raise _Bad("a whole number, 0 or more")
    if isinstance(value, int | float):
        if value != value or value < 0 or not float(value).is_integer():
            raise _Bad("a whole number, 0 or more")
        return int(value)
    text = _text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if re.fullmatch(r"\d+\.0+", text):
        return int(text.split(".")[0])
    raise _Bad("a whole number, 0 or more")


def _plain(column: Column, value: Any) -> str | None:
    return _text(value) or None


def _category(column: Column, value: Any) -> str | bool | None:
    text = _text(value)
    if not text:
        return None
    assert column.category is not None
    key = column.category.key(text)
    if key is None:
        raise _Bad(f"one of the codes for '{column.header}'")
    if column.kind is Kind.FLAG:
        return {"a": True, "b": False}.get(key)
    return key


_CONVERTERS = {Kind.INTEGER: _integer, Kind.TEXT: _plain, Kind.CATEGORY: _category,
               Kind.FLAG: _category}


# ---------------------------------------------------------------------------------------
# Rows


def _read_rows(found: _Found, rows: list[list[Any]], sheet: str, extract_date: date,
               cells: _Cells, place: dict[str, Any], problems: Problems,
               notes: list[RowNote]) -> list[Any]:
    spec = found.spec
    number = spec.number
    child_at = found.where[next(c for c in spec.read if c.field == "child")]
    assert spec.row is not None
    make = spec.row
    # The row's constructor takes its fields in order: each column fills one place.
    order = [f.name for f in dataclass_fields(make)]
    blank = [None if f.default is MISSING else f.default for f in dataclass_fields(make)]
    fields = [(order.index(str(column.field)), found.where[column], *cells.reader(column),
               column, column.mandatory, column.kind is Kind.DATE)
              for column in spec.read if column in found.where and column.field != "child"]
    made: list[Any] = []
    first = found.header_index + 2
    children = cells.children
    for offset, row in enumerate(rows[found.header_index + 1:]):
        if not any(row):
            continue
        line = first + offset
        width = len(row)
        child = row[child_at] if child_at < width else ""
        child = child.strip() if type(child) is str else _text(child)
        if not child:
            notes.append(RowNote(number, line, "blank Child Unique ID: row left out", sheet))
            continue
        values = blank.copy()
        values[0], values[1] = children.setdefault(child, child), line
        for place_at, index, seen, read, column, mandatory, is_date in fields:
            value = row[index] if index < width else ""
            if type(value) is bool:  # True == 1 == 1.0: read as the text a user sees
                value = "TRUE" if value else "FALSE"
            try:
                got = seen[value]
            except KeyError:
                try:
                    got = seen[value] = read(value)
                except _Bad as exc:
                    shown = "" if column.personal else f" '{_text(value)[:40]}'"
                    problems.error(f"sheet '{sheet}' (List {number}), column "
                                   f"{column_letter(index)} '{column.header}': the value"
                                   f"{shown} is not {exc}", line=line,
                                   code=f"{CODE}.bad-value", **place)
                    continue
            if got is None:
                if mandatory:
                    notes.append(RowNote(number, line, f"blank {column.header}", sheet))
                continue
            if is_date and got > extract_date:
                notes.append(RowNote(number, line,
                                     f"date after the extract date: {column.header}", sheet))
                continue
            values[place_at] = got
        made.append(make(*values))
    return made


def _one_per_child(spec: ListSpec, rows: list[Any], sheet: str,
                   notes: list[RowNote]) -> list[Any]:
    """Lists 6-9 hold one row per child: of a child's rows, the one with the latest start
    date stays (ties and List 9: the last row); the others are noted."""
    kept: dict[str, Any] = {}
    for row in rows:
        held = kept.get(row.child)
        if held is None or _later(spec, row, held):
            kept[row.child] = row
    if len(kept) == len(rows):
        return rows
    which = "the row with the latest start date" if spec.start else "the last row"
    for row in rows:
        winner = kept[row.child]
        if winner is not row:
            notes.append(RowNote(spec.number, row.row, f"duplicate child: {which} "
                                 f"(row {winner.row}) was kept", sheet))
    return [row for row in rows if kept[row.child] is row]


def _later(spec: ListSpec, row: Any, held: Any) -> bool:
    if spec.start is None:
        return True
    start, before = getattr(row, spec.start), getattr(held, spec.start)
    return before is None or (start is not None and start >= before)


# ---------------------------------------------------------------------------------------
# An extract


def read_extract(path: Path, extract_date: date, problems: Problems,
                 shown_as: str | None = None) -> Extract | None:
    """The extract at `path` (a workbook or a folder of CSVs), or None with `problems`
    saying why it cannot be used."""
    file = shown_as if shown_as is not None else str(path)
    before = problems.error_count
    cells = _Cells()
    found_lists: dict[int, str] = {}
    rows_by_list: dict[int, list[Any]] = {}
    absent: set[tuple[int, str]] = set()
    notes: list[RowNote] = []
    try:
        for member, sheet, rows in _sheets(path):
            place = {"file": f"{file}/{member}" if member else file}
            if rows is None:
                problems.warning("not a CSV file: an extract's folder holds one CSV per list; "
                                 "save this list as CSV, or move it out; left out",
                                 code=f"{CODE}.not-csv", **place)
                continue
            found = _recognise(sheet, rows, place, problems)
            if found is None:
                continue
            number = found.spec.number
            if number in found_lists:
                problems.error(f"sheets '{found_lists[number]}' and '{sheet}' are both List "
                               f"{number}; keep one", code=f"{CODE}.list-twice", **place)
                continue
            found_lists[number] = sheet
            absent.update((number, c.header) for c in found.spec.columns
                          if c.optional and c not in found.where and found.spec.row)
            if found.spec.row is None:
                continue
            made = _read_rows(found, rows, sheet, extract_date, cells, place, problems, notes)
            if found.spec.one_per_child:
                made = _one_per_child(found.spec, made, sheet, notes)
            rows_by_list[number] = made
    except Unreadable as exc:
        problems.error(str(exc), file=file, code=exc.code)
        return None
    except safety.Unsafe as exc:
        problems.error(str(exc), file=file, code=f"{CODE}.{exc.code}")
        return None
    except (OSError, ValueError) as exc:
        problems.error(f"cannot read this extract ({type(exc).__name__}: {exc}); open it in "
                       "Excel and save it again as .xlsx", file=file, code=f"{CODE}.unreadable")
        return None
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds on a broken file
        problems.error(f"cannot read this workbook ({type(exc).__name__}); open it in Excel "
                       "and save it again as .xlsx", file=file, code=f"{CODE}.unreadable")
        return None
    if problems.error_count > before:
        return None
    if not found_lists:
        problems.error("no Annex A list found in this extract (a list is found by its "
                       "header row: Child Unique ID and the list's dates)", file=file,
                       code=f"{CODE}.no-lists")
        return None
    fields = {BY_NUMBER[n].attribute: tuple(rows) for n, rows in rows_by_list.items()}
    return Extract(date=extract_date, file=file, lists=frozenset(found_lists),
                   absent=frozenset(absent),
                   notes=tuple(sorted(notes, key=lambda n: (n.list, n.row, n.reason))),
                   **fields)  # type: ignore[arg-type]


def read_extracts(folder: Path, problems: Problems, cache: bool = True,
                  workers: int | None = None,
                  names: Sequence[str | None] | None = None) -> list[Extract]:
    """Every extract in `folder`, oldest first; through the cache beside them when `cache`
    (the same extracts either way). Several large ones are read side by side in forked
    processes, one a core up to `workers` (default `caching.MAX_WORKERS`; Linux only; 1:
    one after another): 38 s rather than 82 s for 36 extracts of 100,000 rows on 2 cores."""
    from xlscore.annex_a import caching

    if workers is None:
        workers = caching.MAX_WORKERS

    found = find_extracts(folder, problems)
    if names is not None and len(names) != len(found):  # the folder changed since: hash again
        names = None
    return caching.read_through(folder, found, problems, read_extract, cache=cache,
                                workers=workers, names=names)
