"""In-memory sources (xlscore/sources.py) read as the CSV holding the same figures would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from xlscore.extracts import parse_number
from xlscore.sources import cell_text, table_from_records

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14)


@given(finite)
def test_a_float_reads_as_the_number_it_shows(value):
    """0.1 is 0.1 (not 0.1000000000000000055...), as Excel and a CSV would hold it."""
    assert parse_number(cell_text(value), percent_sign_allowed=False) == Decimal(repr(value))


@given(st.integers(min_value=-10**14, max_value=10**14))
def test_whole_numbers_of_any_kind_read_alike(value):
    for kind in (int, np.int64, np.float64):
        assert parse_number(cell_text(kind(value)), False) == value


def test_missing_values_are_blank_and_months_are_yyyy_mm():
    for missing in (None, float("nan"), np.nan, pd.NA, pd.NaT):
        assert cell_text(missing) == ""
    assert cell_text(pd.Period("2020-12", freq="M")) == "2020-12"
    assert cell_text(pd.Timestamp("2020-12-31")) == "2020-12"
    assert cell_text(dt.date(2021, 1, 1)) == "2021-01"
    assert cell_text("  n/a ") == "n/a"


def test_records_become_a_table_with_normalised_headers_and_lines():
    table = table_from_records([{" Measure ": "contacts", "VALUE": 3},
                                {"measure": "cla", "note": "=1+1"}], index=[7, "x"])
    assert table.columns == ("measure", "value", "note")
    assert [(row.line, row.cells) for row in table.rows] == [
        (7, {"measure": "contacts", "value": "3"}), (1, {"measure": "cla", "note": "=1+1"})]


def test_a_column_given_twice_in_memory_is_refused_as_in_a_file():
    """`value` and `Value` in one set of records: a CSV with both is refused, and so are
    records, whichever comes first."""
    import xlscore
    from tests.conftest import ROOT

    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    for first, second in (("value", "Value"), ("Value", "value")):
        records = [{"month": "2020-12", "measure": "contacts", first: 5, second: "abc"}]
        report = xlscore.check(catalogue, xlscore.extracts_from_records(records))
        assert "table.duplicate-column" in [p.code for p in report.errors]
        assert "extract.not-a-number" not in [p.code for p in report.errors]
