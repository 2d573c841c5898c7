"""The Data sheet's `Figures` table: its name and columns, the contract between the build
that writes it (`dataset`, `writers/data.py`) and the next month's build that reads it back
(`previous`). A pack is read by these names, never by where things stand on a sheet."""

from __future__ import annotations

from xlscore.model import Column

SHEET = "Data"
TABLE = "Figures"  # the Excel table's name on the Data sheet
COLUMNS = ("Authority", "Month", "Section", "Measure id", "Measure", "Unit", "Value",
           "Numerator", "Denominator", "Target", "Tolerance", "Direction", "Rating",
           "Change on previous month", "Source file", "Source line", "Revised from")
NEEDED = ("Authority", "Month", "Measure id", "Unit", "Value")  # read back, for revisions


def columns_of(chosen: tuple[Column, ...]) -> tuple[str, ...]:
    """The table's columns with the catalogue's opt-in `columns:` after the others: a pack
    without them has exactly `COLUMNS`."""
    return (*COLUMNS, *(column.heading for column in chosen))
