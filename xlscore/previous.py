"""Read an earlier pack's figures back from its `Data` table, to find revisions.

The table is read by its column names (`datatable.NEEDED`), never by where figures stand on
the Scorecard, so a change of layout never makes a revision appear or vanish. A pack that
cannot be read is a warning: the build goes on without checking for revisions.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zipfile import ZipFile

from xlscore import xlsx
from xlscore.datatable import NEEDED, SHEET
from xlscore.files import not_a_file
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.revisions import PackFigure, PreviousPack

PACK_NAME = re.compile(r"(?P<slug>.+)-scorecard-(?P<month>\d{4}-\d{2})\.xlsx")  # fullmatch
HEADER_WITHIN = 20  # rows above the table: title, notes


def latest_before(folder: Path, slug: str, month: Month) -> Path | None:
    """The same authority's pack for the most recent month before `month` in `folder`."""
    if not folder.is_dir():
        return None
    found: dict[Month, Path] = {}
    for path in folder.iterdir():
        match = PACK_NAME.fullmatch(path.name)
        if not match or match["slug"] != slug:
            continue
        try:
            pack_month = Month.parse(match["month"])
        except ValueError:
            continue
        if pack_month < month:
            found[pack_month] = path
    return found[max(found)] if found else None


def read_pack(path: Path, problems: Problems) -> PreviousPack | None:
    """The figures of the pack at `path`, or None with a warning saying why not."""
    where = {"file": str(path)}

    def cannot(why: str, code: str) -> None:
        problems.warning(f"cannot check for revisions: {why}", code=code, **where)

    kind = not_a_file(path)
    if kind == "not there":
        cannot("there is no such workbook; give the path of last month's pack to "
               "--compare-with", "revisions.pack-missing")
        return None
    if kind is not None:
        cannot(f"it is {kind}, not a file; give the path of last month's pack to "
               "--compare-with", "revisions.unreadable-pack")
        return None
    try:
        with xlsx.opened(path) as archive:
            part = _sheet_part(archive, SHEET)
            if part is None:
                cannot(f"it has no {SHEET} sheet (made before xlscore wrote one, or not an "
                       "xlscore pack)", "revisions.no-data-sheet")
                return None
            width: list[int | None] = [None]
            return _figures(path, _rows(archive, part, width), cannot, width)
    except xlsx.TooLarge as exc:
        cannot(f"the workbook is too large to read: {exc}", "revisions.unreadable-pack")
        return None
    except Exception as exc:  # noqa: BLE001 - any damage to the file: warn, build goes on
        cannot(f"the workbook cannot be read ({type(exc).__name__}: {exc}); rebuild that "
               "month to check its figures again", "revisions.unreadable-pack")
        return None


# Reading the sheet's XML directly: openpyxl's reader makes an object per cell, seconds for
# a large catalogue's Data sheet; only five columns of it are needed.
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"^([A-Z]+)")
_CELL, _VALUE, _INLINE, _FORMULA = f"{MAIN}c", f"{MAIN}v", f"{MAIN}is", f"{MAIN}f"


class _NoResult:
    """A formula saved without its result (a program wrote it, no spreadsheet application
    calculated it): not n/a, a figure nobody can know."""

    def __str__(self) -> str:
        return "a formula with no saved result"


NO_RESULT = _NoResult()


def _parse(data: bytes):
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _sheet_part(archive: ZipFile, name: str) -> str | None:
    """The zip part holding the sheet called `name`, from the workbook and its relations."""
    workbook = _parse(archive.read("xl/workbook.xml"))
    ids = [s.get(RELATIONSHIP) for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == name]
    if not ids:
        return None
    relations = _parse(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(f"{PACKAGE_RELATIONSHIP}Relationship"):
        if relation.get("Id") == ids[0]:
            target = relation.get("Target")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise ValueError(f"the workbook names no part for its {name} sheet")


def _rows(archive: ZipFile, part: str, width: list[int | None]):
    """Each row's number and values by column (text as str, numbers as Decimal, blanks
    None); only the first `width[0]` columns once the caller knows how many it needs."""
    from lxml import etree

    shared: list[str] = []
    if "xl/sharedStrings.xml" in archive.namelist():  # streamed: only the texts are kept
        with archive.open("xl/sharedStrings.xml") as stream:
            for _, item in etree.iterparse(stream, tag=f"{MAIN}si", resolve_entities=False,
                                           no_network=True):
                shared.append("".join(item.itertext()))
                item.clear()
    with archive.open(part) as stream:
        for number, (_, row) in enumerate(
                etree.iterparse(stream, tag=f"{MAIN}row", resolve_entities=False,
                                no_network=True), start=1):
            values: list = []
            limit = width[0]
            for cell in row.iterchildren(_CELL):
                column = _column(cell.get("r"), len(values))
                if limit is not None and column >= limit:
                    break  # cells come in column order
                values.extend([None] * (column - len(values)))
                values.append(_value(cell, shared))
            given = row.get("r")
            row.clear()
            yield int(given) if given and given.isdigit() else number, values


def _column(ref: str | None, following: int) -> int:
    """A cell's column, 0-based; a cell without a reference follows the one before it."""
    if not ref:
        return following
    index = 0
    match = _COLUMN.match(ref)
    if match is None:
        return following
    for letter in match[1]:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _value(cell, shared: list[str]):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(cell.find(_INLINE).itertext()) if cell.find(_INLINE) is not None else ""
    text = cell.findtext(_VALUE)
    if not text:
        return NO_RESULT if cell.find(_FORMULA) is not None else None
    if kind == "s":
        index = int(text) if text.isdigit() else -1
        if not 0 <= index < len(shared):
            raise ValueError(f"a cell names shared string {text:.20}, which the workbook "
                             "does not hold")
        return shared[index]
    if kind == "n":
        try:
            return Decimal(text)
        except InvalidOperation:
            return text  # not a number: the row cannot be read
    return text  # str, e (an error), b (a boolean): not a figure


def _figures(path: Path, rows, cannot, width: list[int | None]) -> PreviousPack | None:
    rows = iter(rows)
    columns: dict[str, int] | None = None
    for _, (_, row) in zip(range(HEADER_WITHIN), rows, strict=False):
        names = [str(v).strip() if v is not None else "" for v in row]
        if all(name in names for name in NEEDED):
            columns = {name: names.index(name) for name in NEEDED}
            width[0] = max(columns.values()) + 1
            break
    if columns is None:
        cannot(f"its {SHEET} sheet has no header row naming {', '.join(NEEDED)}",
               "revisions.no-data-table")
        return None
    figures: dict[tuple[str, Month], PackFigure] = {}
    lines: dict[tuple[str, Month], int] = {}
    authorities: set[str] = set()
    bad: list[str] = []  # why each row that cannot be trusted cannot be, with its row
    for number, row in rows:
        if all(v is None for v in row):
            continue
        cells = {name: row[index] if index < len(row) else None
                 for name, index in columns.items()}  # trailing blanks are not written
        unknown = [name for name, value in cells.items() if value is NO_RESULT]
        if unknown:
            bad.append(f"row {number}: the {unknown[0]} cell holds {NO_RESULT}")
            continue
        try:
            month = Month.parse(str(cells["Month"]))
            value = _number(cells["Value"])
        except (ValueError, InvalidOperation) as exc:
            bad.append(f"row {number}: {exc}")
            continue
        key = (str(cells["Measure id"]), month)
        figure = PackFigure(str(cells["Unit"]), value)
        if key in figures and figures[key] != figure:
            bad.append(f"rows {lines[key]} and {number} give {key[0]} for {month} "
                       "differently")
            continue
        authorities.add(str(cells["Authority"]))
        figures[key], lines[key] = figure, number
    if not figures or len(authorities) != 1 or bad:
        first = f"; {bad[0]}" if bad else ""
        cannot(f"its {SHEET} table is damaged ({len(bad)} untrustworthy rows, "
               f"{len(figures)} figures, {len(authorities)} authorities{first}); rebuild "
               "that month to check its figures again", "revisions.damaged-data-table")
        return None
    return PreviousPack(str(path), authorities.pop(), max(m for _, m in figures), figures)


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "n/a")):
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"the Value cell is not a number: {value!r:.40}")
    return value
