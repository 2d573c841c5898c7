"""File names that are not an extract's (xlscore/names.py, extracts.discover): another
spreadsheet format, a month written in words, a slipped digit; each said, never passed over."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import xlscore
from tests.conftest import ROOT
from xlscore.names import meant, slipped
from xlscore.periods import Month


@pytest.mark.parametrize(("stem", "month"), [
    ("june 2024", "2024-06"), ("June 2024 extract", "2024-06"), ("jun-24", "2024-06"),
    ("2024_06", "2024-06"), ("06-2024", "2024-06"), ("2024-6", "2024-06"),
    ("Sept 2023", "2023-09"), ("december-2020 v2", "2020-12"),
    ("notes", None), ("2024-13", None), ("benchmarks old", None),
])
def test_the_month_a_name_probably_means(stem, month):
    found = meant(stem)
    assert (str(found) if found else None) == month


def test_a_slipped_year_is_found_only_far_from_the_others():
    others = [Month(2024, 4), Month(2024, 5)]
    assert slipped(Month(2204, 6), others) == Month(2024, 6)
    assert slipped(Month(2042, 6), others) == Month(2024, 6)
    assert slipped(Month(2025, 5), others) is None  # a year on: near enough to be real
    assert slipped(Month(2031, 6), others) is None  # far, but no slip explains it
    assert slipped(Month(2204, 6), []) is None


def codes(report, severity):
    return [(p.code, p.file.rsplit("/", 1)[-1] if p.file else None)
            for p in report.problems if p.severity.value == severity]


def test_an_xls_named_for_the_month_is_refused_not_passed_over(project):
    """inputs/2021-01.xls: the build would have made December's pack again, exit 0."""
    shutil.copy(project / "inputs" / "2020-12.csv", project / "inputs" / "2021-01.xls")
    shutil.copy(project / "inputs" / "2020-12.csv", project / "inputs" / "January 2021.ods")
    report = xlscore.check(project / "measures.yaml", project / "inputs")
    assert not report.ok
    assert ("extract.other-format", "2021-01.xls") in codes(report, "error")
    assert ("extract.other-format", "January 2021.ods") in codes(report, "warning")
    said = next(p for p in report.problems if p.file.endswith("January 2021.ods"))
    assert "save it as 2021-01.xlsx" in said.message


def test_a_month_in_words_is_a_warning_with_the_name_it_meant(project):
    shutil.copy(project / "inputs" / "2020-12.csv", project / "inputs" / "January 2021.csv")
    report = xlscore.check(project / "measures.yaml", project / "inputs")
    assert report.ok and report.month == Month(2020, 12)
    said = next(p for p in report.warnings if p.code == "extract.not-used")
    assert "did you mean 2021-01.csv?" in said.message


def test_a_slipped_digit_is_said_before_the_population_it_would_need(project):
    shutil.copy(project / "inputs" / "2020-12.csv", project / "inputs" / "2201-01.csv")
    result = subprocess.run([sys.executable, "-m", "xlscore.cli", "build"], cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "2201-01 is more than a year after the other extracts (latest 2020-12): is it " \
           "2021-01?" in errors[0]
    assert "Traceback" not in result.stderr


def test_the_sample_names_raise_nothing():
    report = xlscore.check(ROOT / "measures.yaml", ROOT / "inputs")
    assert not [p for p in report.problems if p.code in ("extract.other-format",
                                                         "extract.far-month")]
