"""`xlscore annex-a`: the figures the Annex A extracts give, without building a pack, and
the child-level audit written only to the file the user names.

The table holds counts and file names only. The audit is the one place a child ID leaves
the package: it says, for each figure, which rows counted where, so an analyst can check a
figure against the case-management system. It holds personal data, and is made readable by
its owner only.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from xlscore.annex_a.build import AnnexA, Result, fact
from xlscore.files import stopping_cleanly
from xlscore.model import NA
from xlscore.periods import Month
from xlscore.problems import Problems

HEADERS = ("month", "measure", "numerator", "denominator", "figure", "extract", "why n/a")
AUDIT_HEADERS = ("measure", "month", "list", "row", "child", "counted", "reason", "extract")
GAP = "  "


def chosen(annex: AnnexA, month: Month | None) -> list[Result]:
    """The results for one month, or every month, month by month in catalogue order."""
    results = [r for r in annex.results if month is None or r.month == month]
    order = {m: i for i, m in enumerate(annex.months)}
    return sorted(results, key=lambda r: order[r.month])


def rows(results: list[Result]) -> Iterator[tuple[str, ...]]:
    """A result as the table's cells: n/a with why where there is no figure."""
    for result in results:
        count, extract = result.worked.count, result.worked.extract
        measure = result.measure
        if count is None or extract is None:
            yield (str(result.month), measure.id, "-", "-", NA, "-", result.worked.why_not or "")
            continue
        made = fact(result, Problems())  # a wrong unit is the catalogue's, said by check
        value = None if made is None else made.value
        figure = measure.unit.shown(None if value is None else measure.unit.displayed(value))
        why = count.na or ("0/0: nothing to measure" if count.denominator == 0 else "")
        denominator = "-" if count.denominator is None else f"{count.denominator:,}"
        yield (str(result.month), measure.id, f"{count.numerator:,}", denominator, figure,
               extract.file, why)


def table(results: list[Result]) -> str:
    """Columns padded to their widest cell, as `xlscore measures` prints."""
    found = [HEADERS, *rows(results)]
    widths = [max(len(row[i]) for row in found) for i in range(len(HEADERS) - 1)]
    return "\n".join(
        GAP.join([*(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)),
                  row[-1]]).rstrip()
        for row in found)


def audit_rows(results: list[Result]) -> Iterator[tuple[object, ...]]:
    """Every row each rule considered: where it counted, or why it was left out."""
    for result in results:
        count, extract = result.worked.count, result.worked.extract
        if count is None or extract is None:
            continue
        for outcome in count.outcomes:
            yield (result.measure.id, str(result.month), outcome.list, outcome.row,
                   outcome.child, outcome.counted.value, outcome.reason, extract.file)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: object) -> object:
    """A text cell Excel would take for a formula (a child ID `=HYPERLINK(...)` typed into
    the case-management system) kept as text: an apostrophe before it, as Excel shows one."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def write_audit(results: list[Result], path: Path) -> int:
    """The audit as CSV at `path`, all or nothing, readable by its owner only; the number of
    rows written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AUDIT_HEADERS)
    written = 0
    for row in audit_rows(results):
        writer.writerow([_as_text(cell) for cell in row])
        written += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with stopping_cleanly():
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp",
                                        dir=path.parent)  # mode 0600: the owner's only
        temporary = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(buffer.getvalue())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return written
