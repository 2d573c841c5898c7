"""A wrong type from Python is an ArgumentError (an XlscoreError) saying what was expected;
`check` never raises, so for it a wrong argument is a problem in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

import xlscore
from tests.conftest import ROOT

CATALOGUE = ROOT / "measures.yaml"


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: xlscore.extracts_from_records([1, "a", None]), "record 0 is int 1"),
    (lambda: xlscore.extracts_from_records([{"measure": "x"}, None]), "record 1 is None"),
    (lambda: xlscore.extracts_from_records({"measure": "x"}), "a list of dicts"),
    (lambda: xlscore.extracts_from_records(5), "a list of dicts"),
    (lambda: xlscore.benchmarks_from_records("abc"), "a list of dicts"),
    (lambda: xlscore.extracts_from_frame([{"measure": "x"}]), "a pandas DataFrame"),
    (lambda: xlscore.read_extracts(None), "must be a path"),
    (lambda: xlscore.read_benchmarks(3.5), "must be a path"),
    (lambda: xlscore.load_catalogue(None), "a Catalogue, a dict or the path"),
    (lambda: xlscore.build(CATALOGUE, 7), "extracts (an Extracts, or the path"),
    (lambda: xlscore.build(CATALOGUE, ROOT / "inputs", month=202012), "month must be"),
    (lambda: xlscore.build(CATALOGUE, ROOT / "inputs", compare_with=1), "compare_with"),
])
def test_a_wrong_type_is_an_xlscore_error_saying_what_was_expected(call, expected):
    with pytest.raises(xlscore.XlscoreError) as raised:
        call()
    assert isinstance(raised.value, xlscore.ArgumentError)
    assert isinstance(raised.value, TypeError)  # as Python's own calls raise
    assert expected in str(raised.value)


@pytest.mark.parametrize("arguments", [
    (None, ROOT / "inputs"), (CATALOGUE, None), (CATALOGUE, ROOT / "inputs", 5),
    (CATALOGUE, ROOT / "inputs", None, 12), (b"measures.yaml", ROOT / "inputs"),
])
def test_check_never_raises_a_wrong_argument_is_a_problem(arguments):
    report = xlscore.check(*arguments)
    assert not report.ok
    [problem] = report.errors
    assert problem.code == "api.wrong-argument" and problem.message.startswith("check: ")


def test_a_right_type_is_still_read(tmp_path):
    report = xlscore.check(str(CATALOGUE), Path(ROOT / "inputs"), None, "2020-12")
    assert report.ok and report.month == xlscore.Month(2020, 12)
