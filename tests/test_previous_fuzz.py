"""Whatever an earlier pack's Data table holds, reading it ends in the figures of rows that
parsed or in a warning with a code; never an exception, and never a figure (so never a
revision) taken from a table with a row that did not parse."""

from __future__ import annotations

import io
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s
from openpyxl import Workbook

from xlscore.periods import Month
from xlscore.previous import read_pack
from xlscore.problems import Problems

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
NEEDED = ["Authority", "Month", "Measure id", "Unit", "Value"]
DELIBERATE = {"revisions.damaged-data-table", "revisions.no-data-table"}

texts = s.sampled_from(["X", "Y", "2020-11", " 2020-12 ", "2020-13", "n/a", "N/A ", " ",
                        "contacts", "count", "percent", "lots", "=1+1", "#N/A"])
numbers = (s.integers(-10**6, 10**6) | s.floats(-1e9, 1e9, allow_nan=False,
                                                 allow_infinity=False))
cell = s.none() | texts | numbers | s.booleans() | s.text(max_size=8)
# Rows as xlscore writes them, from few enough measures, months and values that two rows
# often give one measure and month (the same figure, or another)...
written = s.tuples(s.just("X"), s.sampled_from(["2020-10", "2020-11"]),
                   s.sampled_from(["contacts", "timely_pct"]),
                   s.sampled_from(["count", "percent"]),
                   s.none() | s.sampled_from([5, 7, 12.5, "n/a"]))


@s.composite
def damaged(draw) -> tuple:
    """...and such a row with one cell replaced by anything at all."""
    cells = draw(written)
    column = draw(s.integers(0, 4))
    return (*cells[:column], draw(cell), *cells[column + 1:])


row = s.one_of(written, written, damaged())


def legal(value):
    """What a cell can hold (openpyxl refuses control characters)."""
    return not (isinstance(value, str) and any(ord(c) < 32 for c in value))


def read_back(value):
    """A cell's value as the reader sees it, for the oracle below."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return Decimal("%.16g" % value)  # as openpyxl writes a number  # noqa: UP031
    return value


def expected(rows) -> dict | None:
    """The figures a trustworthy table gives, or None where it cannot be trusted."""
    figures: dict = {}
    authorities = set()
    for cells in rows:
        if all(c is None for c in cells):
            continue
        if any(isinstance(c, str) and c.startswith("=") for c in cells):
            return None  # a formula saved without its result
        authority, month_text, measure, unit, value = map(read_back, cells)
        try:
            month = Month.parse(str(month_text))
        except ValueError:
            return None
        if isinstance(value, str) and value.strip().lower() in ("", "n/a"):
            value = None
        elif value is not None and not isinstance(value, Decimal):
            return None
        key, figure = (str(measure), month), (str(unit), value)
        if figures.get(key, figure) != figure:
            return None
        figures[key] = figure
        authorities.add(str(authority))
    return figures if figures and len(authorities) == 1 else None


@SETTINGS
@given(s.lists(row, max_size=12), s.permutations(NEEDED), s.integers(0, 3))
def test_any_data_table_gives_its_parsed_figures_or_a_coded_warning(rows, order, above):
    rows = [r for r in rows if all(legal(c) for c in r)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x-scorecard-2020-11.xlsx"
        book = Workbook()
        sheet = book.active
        sheet.title = "Data"
        for _ in range(above):
            sheet.append(["a title"])
        sheet.append(list(order))
        for cells in rows:
            named = dict(zip(NEEDED, cells, strict=True))
            sheet.append([named[name] for name in order])
        book.save(path)
        problems = Problems()
        pack = read_pack(path, problems)
    want = expected(rows)
    if want is None:
        assert pack is None
        assert [p.code for p in problems.items] in ([code] for code in DELIBERATE)
    else:
        assert not problems.items
        assert {key: (f.unit, f.value) for key, f in pack.figures.items()} == want


@SETTINGS
@given(s.binary(max_size=3000) | s.text(max_size=3000).map(str.encode))
def test_any_bytes_as_the_data_sheet_are_a_warning_never_an_exception(data):
    book = Workbook()
    book.active.title = "Data"
    buffer = io.BytesIO()
    book.save(buffer)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x-scorecard-2020-11.xlsx"
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
            for name in source.namelist():
                target.writestr(name, data if name == "xl/worksheets/sheet1.xml"
                                else source.read(name))
        problems = Problems()
        assert read_pack(path, problems) is None
    assert len(problems.warnings) == 1 and problems.warnings[0].code.startswith("revisions.")
