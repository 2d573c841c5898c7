"""Read an earlier pack's figures back from its `Data` table, to find revisions.

The table is read by its column names (`dataset.COLUMNS`), never by where figures stand on
the Scorecard, so a change of layout never makes a revision appear or vanish. A pack that
cannot be read is a warning: the build goes on without checking for revisions.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from xlscore.dataset import COLUMNS, SHEET
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.revisions import PackFigure, PreviousPack

PACK_NAME = re.compile(r"^(?P<slug>.+)-scorecard-(?P<month>\d{4}-\d{2})\.xlsx$")
NEEDED = ("Authority", "Month", "Measure id", "Unit", "Value")
HEADER_WITHIN = 20  # rows above the table: title, notes


def latest_before(folder: Path, slug: str, month: Month) -> Path | None:
    """The same authority's pack for the most recent month before `month` in `folder`."""
    if not folder.is_dir():
        return None
    found: dict[Month, Path] = {}
    for path in folder.iterdir():
        match = PACK_NAME.match(path.name)
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
    from openpyxl import load_workbook

    where = {"file": str(path)}

    def cannot(why: str, code: str) -> None:
        problems.warning(f"cannot check for revisions: {why}", code=code, **where)

    if not path.is_file():
        cannot("there is no such workbook; give the path of last month's pack to "
               "--compare-with", "revisions.pack-missing")
        return None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any damage to the file: warn, build goes on
        cannot(f"the workbook cannot be opened ({type(exc).__name__}: {exc}); rebuild that "
               "month to check its figures again", "revisions.unreadable-pack")
        return None
    try:
        if SHEET not in workbook.sheetnames:
            cannot(f"it has no {SHEET} sheet (made before xlscore wrote one, or not an "
                   "xlscore pack)", "revisions.no-data-sheet")
            return None
        return _figures(path, workbook[SHEET].iter_rows(values_only=True), cannot)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part: warn, build goes on
        cannot(f"its {SHEET} sheet cannot be read ({type(exc).__name__}: {exc})",
               "revisions.unreadable-pack")
        return None
    finally:
        workbook.close()


def _figures(path: Path, rows, cannot) -> PreviousPack | None:
    rows = iter(rows)
    columns: dict[str, int] | None = None
    for _, row in zip(range(HEADER_WITHIN), rows, strict=False):
        names = [str(v).strip() if v is not None else "" for v in row]
        if all(name in names for name in NEEDED):
            columns = {name: names.index(name) for name in COLUMNS if name in names}
            break
    if columns is None:
        cannot(f"its {SHEET} sheet has no header row naming {', '.join(NEEDED)}",
               "revisions.no-data-table")
        return None
    figures, authorities, bad = {}, set(), 0
    for row in rows:
        if all(v is None for v in row):
            continue
        try:
            month = Month.parse(str(row[columns["Month"]]))
            value = _number(row[columns["Value"]])
        except (ValueError, InvalidOperation, IndexError):
            bad += 1
            continue
        authorities.add(str(row[columns["Authority"]]))
        figures[(str(row[columns["Measure id"]]), month)] = PackFigure(
            str(row[columns["Unit"]]), value)
    if not figures or len(authorities) != 1 or bad:
        cannot(f"its {SHEET} table is damaged ({bad} unreadable rows, {len(figures)} figures, "
               f"{len(authorities)} authorities)", "revisions.damaged-data-table")
        return None
    return PreviousPack(str(path), authorities.pop(), max(m for _, m in figures), figures)


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "n/a")):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
