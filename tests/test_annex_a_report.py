"""The audit file `xlscore annex-a --audit` writes: every row considered, as text a
spreadsheet opens without running anything in it."""

from __future__ import annotations

import csv
from datetime import date
from types import SimpleNamespace

from xlscore.annex_a.build import Result
from xlscore.annex_a.records import Count, Counted, Extract, RowOutcome
from xlscore.annex_a.report import write_audit
from xlscore.annex_a.windows import Worked
from xlscore.periods import Month


def test_a_cell_excel_would_run_as_a_formula_is_written_as_text(tmp_path):
    children = ["=HYPERLINK(\"http://x\",\"y\")", "+44 1", "-7", "@SUM(A1)", "\tC9", "C-1",
                "007"]
    outcomes = tuple(RowOutcome(1, row, child, Counted.NUMERATOR)
                     for row, child in enumerate(children, start=2))
    extract = Extract(date=date(2020, 12, 31), file="inputs/annex-a/annex-a-2020-12-31.xlsx")
    result = Result(SimpleNamespace(id="contacts"), Month(2020, 12),  # type: ignore[arg-type]
                    Worked(Count(len(children), outcomes=outcomes), extract))
    path = tmp_path / "audit.csv"
    assert write_audit([result], path) == len(children)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["child"] for r in rows] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+44 1", "'-7",
                                          "'@SUM(A1)", "'\tC9", "C-1", "007"]
    assert [r["row"] for r in rows] == [str(n) for n in range(2, 9)]
    assert {r["counted"] for r in rows} == {"numerator"}
