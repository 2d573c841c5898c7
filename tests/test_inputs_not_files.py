"""Only regular files are inputs: a named pipe, a device, a folder or a dangling link named
like an extract is an error naming it (never skipped, never waited on), and a name with a
line break in it is never a month."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import xlscore
from xlscore.extracts import discover
from xlscore.problems import Problems
from xlscore.tabular import read_table

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.fixture(autouse=True)
def never_hang():
    """A read that waits on a pipe fails the test instead of stopping the suite."""
    def hung(signum, frame):
        raise AssertionError("waited on an input that is not a file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def not_files(inputs: Path) -> dict[str, Path]:
    made = {"fifo": inputs / "2021-01.csv", "zero": inputs / "2021-02.xlsx",
            "dangling": inputs / "2021-03.csv", "folder": inputs / "history.csv"}
    os.mkfifo(made["fifo"])
    made["zero"].symlink_to("/dev/zero")
    made["dangling"].symlink_to(inputs / "gone.csv")
    made["folder"].mkdir()
    return made


def test_each_input_that_is_not_a_file_is_an_error_naming_it(project):
    made = not_files(project / "inputs")
    report = xlscore.check(project / "measures.yaml", project / "inputs")
    named = {p.file: p.message for p in report.errors if p.code == "extract.not-a-file"}
    assert set(named) == {str(p) for p in made.values()}
    assert named[str(made["fifo"])].startswith("a named pipe (FIFO), not a file")
    assert named[str(made["zero"])].startswith("a link to a device, not a file")
    assert named[str(made["dangling"])].startswith("a link to nothing, not a file")
    assert named[str(made["folder"])].startswith("a folder, not a file")


def test_a_link_to_a_file_is_read(project):
    inputs = project / "inputs"
    real = project / "elsewhere.csv"
    (inputs / "2020-12.csv").rename(real)
    (inputs / "2020-12.csv").symlink_to(real)
    report = xlscore.check(project / "measures.yaml", inputs)
    assert report.ok and report.month == xlscore.Month(2020, 12)


def test_the_build_stops_instead_of_building_an_earlier_month(project):
    os.mkfifo(project / "inputs" / "2021-01.csv")
    result = subprocess.run(
        [sys.executable, "-m", "xlscore", "build", "--catalogue",
         str(project / "measures.yaml"), "--inputs", str(project / "inputs"), "--out",
         str(project / "outputs")], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert result.returncode != 0
    assert f"{project / 'inputs' / '2021-01.csv'}: a named pipe (FIFO), not a file" in (
        result.stderr)
    assert "Traceback" not in result.stderr
    assert not list((project / "outputs").iterdir())


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_table_that_is_not_a_file_is_refused_by_the_reader_too(tmp_path, kind):
    """As the benchmarks file given by path, which no folder listing has judged."""
    path = tmp_path / "benchmarks.csv"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    problems = Problems()
    assert read_table(path, problems) is None
    assert [p.code for p in problems.errors] == ["table.not-a-file"]


def test_a_name_with_a_line_break_is_never_a_month_and_is_printed_escaped(tmp_path):
    (tmp_path / "2020-12\n.csv").write_text("measure,value\ncontacts,5\n", encoding="utf-8")
    problems = Problems()
    found = discover(tmp_path, problems)
    assert not found.months
    [warning] = problems.warnings
    assert warning.code == "extract.not-used"
    assert str(warning).startswith(f"{tmp_path}/2020-12\\x0a.csv: not used")
    assert "\n" not in str(warning) and "\n" not in "".join(problems.rendered())
