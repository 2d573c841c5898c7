"""The benchmarks file: annual return and comparators; suppression markers are not values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.small import small_catalogue, write_csv
from xlscore.benchmarks import read_benchmarks
from xlscore.problems import Problems

HEADER = "measure,period,Testshire,SN,SE,ENG"


@pytest.fixture
def catalogue(tmp_path):
    return small_catalogue(tmp_path)


def read(tmp_path, catalogue, *rows, header=HEADER):
    path = write_csv(tmp_path / "benchmarks.csv", header, *rows)
    problems = Problems()
    return read_benchmarks(path, catalogue, problems), problems


def only_error(problems: Problems) -> str:
    assert len(problems.errors) == 1, [str(p) for p in problems.items]
    return str(problems.errors[0])


def test_values_by_measure_and_column(tmp_path, catalogue):
    result, problems = read(tmp_path, catalogue, "timely_pct,2019/20,91.2,90.5%,88,",
                            'contacts,2019/20,"12,785",1,2,3')
    assert not problems.items
    got = [result.get("timely_pct", c).value for c in ("Testshire", "SN", "SE", "ENG")]
    assert got == [Decimal("91.2"), Decimal("90.5"), Decimal(88), None]
    assert result.get("contacts", "Testshire").value == 12785
    assert result.get("contacts", "Testshire").source.line == 3


@pytest.mark.parametrize("marker", ["c", "x", "z", ":", "low", "u", "C", "LOW", " x "])
def test_suppression_markers_are_not_available(tmp_path, catalogue, marker):
    result, problems = read(tmp_path, catalogue, f"contacts,2019/20,100,{marker},5,6")
    assert not problems.items
    sn = result.get("contacts", "SN")
    assert sn.value is None and sn.marker == marker.strip().lower()


@pytest.mark.parametrize("text", ["", "n/a", "N/A"])
def test_blank_and_n_a_are_not_available(tmp_path, catalogue, text):
    result, problems = read(tmp_path, catalogue, f"contacts,2019/20,{text},1,2,3")
    assert not problems.items
    own = result.get("contacts", "Testshire")
    assert own.value is None and own.marker == "n/a"


def test_a_measure_not_in_the_file_is_missing(tmp_path, catalogue):
    result, _ = read(tmp_path, catalogue, "contacts,2019/20,1,2,3,4")
    assert result.get("cla", "SN").value is None
    assert result.get("cla", "SN").marker == "missing"


def test_header_names_are_case_and_space_insensitive(tmp_path, catalogue):
    result, problems = read(tmp_path, catalogue, "contacts,2019/20,1,2,3,4",
                            header="Measure, Period ,TESTSHIRE,sn,Se,eng")
    assert not problems.items
    assert result.get("contacts", "SE").value == 3


def test_missing_columns_are_named(tmp_path, catalogue):
    _, problems = read(tmp_path, catalogue, "contacts,1,2,3",
                       header="measure,Testshire,SN,ENG")
    message = only_error(problems)
    assert "benchmarks.csv" in message and "missing column(s) period, SE" in message


def test_unknown_measure(tmp_path, catalogue):
    _, problems = read(tmp_path, catalogue, "contacts,2019/20,1,2,3,4", "contcts,2019/20,1,2,3,4")
    message = only_error(problems)
    assert "benchmarks.csv:3" in message and "unknown measure id 'contcts'" in message


def test_percent_over_100(tmp_path, catalogue):
    _, problems = read(tmp_path, catalogue, "timely_pct,2019/20,91.2,90.5,101,88")
    message = only_error(problems)
    assert "benchmarks.csv:2" in message and "SE 101" in message


def test_non_numeric_value(tmp_path, catalogue):
    _, problems = read(tmp_path, catalogue, "contacts,2019/20,lots,2,3,4")
    message = only_error(problems)
    assert "benchmarks.csv:2" in message and "Testshire 'lots' is not a number" in message


def test_other_periods_leave_the_benchmark_period_alone(tmp_path, catalogue):
    """Other years are read for the Benchmarks sheet; a bad figure there is a warning naming
    its line (the sheet shows n/a), never an error that stops the build."""
    result, problems = read(tmp_path, catalogue, "contacts,2018/19,9,9,9,9",
                            "contacts,2019/20,1,2,3,4", "contacts,2020/21,bad,9,9,9")
    assert not problems.errors
    assert [(p.line, p.code) for p in problems.warnings] == [(4, "benchmark.not-a-number")]
    assert result.get("contacts", "Testshire").value == 1
    assert result.of_year("contacts", "2018/19", "Testshire").value == 9
    assert result.of_year("contacts", "2020/21", "Testshire").value is None
    assert result.periods("contacts") == ["2018/19", "2019/20", "2020/21"]


def test_a_measure_twice_in_the_period(tmp_path, catalogue):
    _, problems = read(tmp_path, catalogue, "contacts,2019/20,1,2,3,4", "contacts,2019/20,1,2,3,4")
    message = only_error(problems)
    assert "benchmarks.csv:3" in message and "also line 2" in message


def test_no_file_or_no_benchmarks_block_gives_nothing(tmp_path, catalogue):
    problems = Problems()
    assert read_benchmarks(None, catalogue, problems).values == {}
    assert not problems.items


def test_a_negative_count_benchmark_is_an_error(project):
    from xlscore.benchmarks import read_benchmarks
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    path = project / "inputs" / "benchmarks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "contacts,2019/20,12785,", "contacts,2019/20,-12785,"), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index(
        next(t for t in path.read_text(encoding="utf-8").splitlines()
             if t.startswith("contacts,2019/20,"))) + 1
    problems = Problems()
    read_benchmarks(path, load_catalogue(project / "measures.yaml", problems), problems)
    assert [(p.line, p.measure) for p in problems.errors] == [(line, "contacts")]
    assert "negative" in problems.errors[0].message


def test_no_row_for_the_catalogue_period_is_a_warning(project):
    from xlscore.benchmarks import read_benchmarks
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    path = project / "inputs" / "benchmarks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2019/20,", ",2019/2020,"),
                    encoding="utf-8")
    problems = Problems()
    read_benchmarks(path, load_catalogue(project / "measures.yaml", problems), problems)
    assert not problems.errors
    assert "2019/2020" in problems.warnings[0].message
    assert problems.warnings[0].file == str(path)


def test_a_comparator_column_says_what_it_holds_for_each_unit():
    """A region's or England's count is a total, never an average; a rate their rate."""
    from xlscore.benchmarks import comparator_kind, comparator_kinds
    from xlscore.model import BenchmarkSpec, NeighbourAverage, Unit

    spec = BenchmarkSpec("2019/20", "Slough", ("SN",), ("SN", "NW", "England", "Bexley"),
                         sn=NeighbourAverage(average="median"))
    assert [comparator_kind(c, Unit.COUNT, spec) for c in spec.columns] == [
        "median", "total", "total", "own figure"]
    assert comparator_kind("NW", Unit.RATE, spec) == "rate"
    assert comparator_kind("ENG", Unit.PERCENT, spec) == "average"
    assert comparator_kinds(Unit.COUNT, spec) == "SN median; NW, England total; Bexley own figure"
