"""The `Data` sheet: every figure the workbook shows, one row per measure and month, as a
named Excel table an analyst can filter, pivot or load into Power BI.

It is also what the next month's build reads to find revisions (`xlscore.previous`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.dataset import Record
from xlscore.datatable import COLUMNS, SHEET, TABLE, columns_of
from xlscore.model import Unit
from xlscore.periods import Month
from xlscore.revisions import Revision
from xlscore.writers import comments, layout
from xlscore.writers import styles as st

HEADER_ROW = 3
WIDTHS = {"Authority": 14, "Month": 9, "Section": 22, "Measure id": 30, "Measure": 50,
          "Unit": 9, "Value": 10, "Numerator": 12, "Denominator": 13, "Target": 9,
          "Tolerance": 10, "Direction": 10, "Rating": 9, "Change on previous month": 16,
          "Source file": 30, "Source line": 8, "Revised from": 10, "Year to date": 10,
          "Rolling 12 months": 10, "Same month last year": 10}
# Figures in the unit's points (34.0 for 34%), as in the extracts: a number that means the
# same in Excel, Power BI and a CSV.
FORMATS = {Unit.COUNT: "#,##0", Unit.PERCENT: "0.0", Unit.RATE: "0.0", Unit.NUMBER: "0.0"}
REVISED_FROM = COLUMNS.index("Revised from")
RAW = "General"  # numerators and denominators exactly as the extract gave them


def write_data(sheet: Worksheet, card: Scorecard, records: tuple[Record, ...],
               built: date, revised: Mapping[tuple[str, Month], Revision] | None = None
               ) -> None:
    sheet.title = SHEET
    names = columns_of(card.catalogue.columns)
    layout.title(sheet, f"{card.catalogue.authority}: the figures as data, "
                 f"{card.month.long_label}",
                 f"Table '{TABLE}': one row per measure and month shown in this workbook. "
                 "Value is as displayed, percentages in points (34.0 = 34%); a blank value is "
                 "not available (n/a on the other sheets). Rating is against that month's "
                 "target; Revised from is the figure the previous pack showed."
                 + (" " + ", ".join(c.heading for c in card.catalogue.columns)
                    + ": the run of months ending with (or the month a year before) that row's "
                    "month, worked out as the Full quarter is."
                    if card.catalogue.columns else ""))
    layout.header(sheet, HEADER_ROW, list(names), height=45)
    styler = st.Styler()
    # Rows go to the workbook as XML text (writers.package): a Python object per cell made
    # a large catalogue's build three times slower. A revised figure's row is made of
    # cells, for the comment on its value.
    raw = sheet.parent.raw_rows(sheet, len(names))
    authority = card.catalogue.authority
    revised = revised or {}
    for row, rec in enumerate(records, start=HEADER_ROW + 1):
        revision = revised.get(rec.key)
        if revision is None:
            raw.add(row, _values(rec, authority), _formats(rec))
        else:
            _write_record(sheet, styler, row, rec, authority, revision)
    last_row = HEADER_ROW + max(len(records), 1)
    ref = f"A{HEADER_ROW}:{get_column_letter(len(names))}{last_row}"
    table = Table(displayName=TABLE, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table._initialise_columns()  # named here: openpyxl would read every cell of the range
    for column, name in zip(table.tableColumns, names, strict=True):
        column.name = name
    sheet.add_table(table)
    for column, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[name]
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"  # a name, not a cell: row 4 is raw
    layout.print_setup(sheet, card, built, paper="A3",
                       title_rows=f"{HEADER_ROW}:{HEADER_ROW}", area=f"A1:{ref.split(':')[1]}")


def _values(rec: Record, authority: str) -> list:
    """A record's row: text, displayed Decimals, and None for a blank cell."""
    measure, unit, target, source = rec.measure, rec.measure.unit, rec.target, rec.source
    return [authority, str(rec.month), measure.section, measure.id, measure.name, unit.value,
            rec.value, rec.numerator, rec.denominator,
            None if target is None else unit.displayed(target.value),
            None if target is None else unit.displayed(target.tolerance),
            measure.direction.value if measure.direction else None,
            rec.rating.value.title() if rec.rating else None,
            rec.travel.value if rec.travel else None,
            source.file if source else None, source.line if source else None,
            None, *rec.columns]


def _formats(rec: Record) -> list[str | None]:
    shown = FORMATS[rec.measure.unit]
    return ([None] * 6 + [shown, RAW, RAW, shown, shown] + [None] * 4 + [RAW, shown]
            + [shown] * len(rec.columns))


def _write_record(sheet: Worksheet, styler: st.Styler, row: int, rec: Record,
                  authority: str, revision: Revision) -> None:
    """A revised figure's row, as cells: its value carries the revision's comment."""
    values = _values(rec, authority)
    before = revision.before
    values[REVISED_FROM] = st.NA if before is None else before
    for column, (value, number_format) in enumerate(
            zip(values, _formats(rec), strict=True), start=1):
        cell = sheet.cell(row, column)
        if isinstance(value, str):
            st.set_text(cell, value)
        elif value is not None:
            whole = isinstance(value, int) or value == value.to_integral_value()
            cell.value = int(value) if whole else float(value)
            styler.apply(cell, number_format=number_format)
    comments.revised(sheet.cell(row, 7), revision)
