"""A DataFrame becomes, column by column, the very table its records would: the same text
in every cell, the same lines, the same header."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from xlscore.frames import table_from_frame
from xlscore.sources import table_from_records


def as_records(frame: pd.DataFrame):
    return table_from_records(frame.to_dict(orient="records"), name="DataFrame",
                              index=list(frame.index))


@pytest.mark.parametrize("index", [None, [10, 11, 12, 13, 14, 15], list("abcdef"),
                                   [3, "x", 5, True, 7.0, 9]])
def test_every_kind_of_column_reads_as_its_records_would(index):
    frame = pd.DataFrame({
        "Month": ["2020-11", " 2020-12 ", pd.Timestamp("2021-01-05"), dt.date(2021, 2, 1),
                  pd.Period("2021-03", "M"), None],
        " Measure ": ["contacts", "contacts", 7, 7, "x", "contacts"],
        "value": [1.5, -0.0, 0.1, np.nan, 1e20, 3e-115],
        "numerator": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
        "denominator": np.array([2, 2, 4, 4, 8, 9], dtype=np.int64),
        "note": [Decimal("2.50"), True, np.float64(2.0), pd.NA, float("inf"), "a note"],
        "flag": np.array([True, False, True, True, False, False]),
        "when": pd.to_datetime(["2020-01-31", None, "2020-03-01", None, "2020-05-01",
                                "2020-06-01"]),
        "period": pd.period_range("2020-01", periods=6, freq="M"),
        "kind": pd.Categorical(["a", "b", "a", None, "b", "a"]),
    }, index=index)
    fast, slow = table_from_frame(frame), as_records(frame)
    assert fast.header == slow.header and fast.columns == slow.columns
    assert [(r.line, r.cells) for r in fast.rows] == [(r.line, r.cells) for r in slow.rows]
    assert len(fast.rows) == 6 and fast.rows[-1] == slow.rows[-1]
    assert fast.rows[1:3] == list(slow.rows[1:3])


def test_an_integer_and_a_text_column_of_one_value_share_nothing_wrongly():
    frame = pd.DataFrame({"a": [1, "1", 1.0, True, 1, "1"]})
    assert [r.get("a") for r in table_from_frame(frame).rows] == ["1", "1", "1", "True",
                                                                   "1", "1"]
    assert [r.get("a") for r in table_from_frame(frame).rows] == [
        r.get("a") for r in as_records(frame).rows]
