"""DfE's and ONS's files as a door (issue 18): a CSV that does not parse row for row, a
code of another authority, a figure column that describes a row, a population that is
duplicated or not a count, a figure too large to be one, a file that is not a regular file
or is too big. Each is an error naming the file and the line, and nothing is written."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, edit
from tests.test_cli_commands import invoke
from xlscore.catalogue import load_catalogue
from xlscore.dfe import files as dfe_files
from xlscore.dfe import population_block, write_benchmarks
from xlscore.dfe.files import COMMON, read_dfe
from xlscore.dfe.geography import Register
from xlscore.problems import InputError, Problems

DFE = ROOT / "tests" / "data" / "dfe"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
ONS = "ons_mid-year_population_estimates_2012_to_2024.csv"
SLOUGH_REFERRALS = ("2020,", ",871,", ",Referrals and Re-referrals,")


def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "dfe"
    shutil.copytree(DFE, folder)
    return folder


def line_of(path: Path, *parts: str) -> int:
    """The 1-based line of the one line holding every part."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    found = [n for n, text in enumerate(lines, 1) if all(p in text for p in parts)
             and text.startswith(parts[0])]
    assert len(found) == 1, (parts, found)
    return found[0]


def change_line(path: Path, number: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[number - 1] = change(lines[number - 1])
    path.write_text("".join(lines), encoding="utf-8")


def benchmarks_fail(project: Path, folder: Path = DFE, period: str = "2019/20") -> Problems:
    problems = Problems()
    before = (project / "inputs" / "benchmarks.csv").read_bytes()
    with pytest.raises(InputError):
        write_benchmarks(project / "measures.yaml", project / "inputs", folder, period, False,
                         problems)
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == before
    assert not (project / "inputs" / "benchmarks.csv.bak").exists()
    return problems


def benchmarks(project: Path, folder: Path = DFE, period: str = "2019/20"):
    problems = Problems()
    written = write_benchmarks(project / "measures.yaml", project / "inputs", folder, period,
                               True, problems)
    assert not problems.errors, problems.rendered()
    return written


def table(project: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(project / "inputs" / "benchmarks.csv", encoding="utf-8") as handle:
        return {(r["measure"], r["period"]): r for r in csv.DictReader(handle)}


def codes(problems: Problems) -> set[str]:
    return {p.code for p in problems.errors}


# --- 1. a CSV that does not parse row for row ------------------------------------------

def test_a_stray_quote_above_sloughs_row_is_an_error_at_its_line(project, tmp_path):
    folder = copied(tmp_path)
    path = folder / C1
    slough = line_of(path, *SLOUGH_REFERRALS)
    # a quote opening the region's name five lines above: the parser would read on to the
    # next quote, many lines below, and Slough's row would vanish into one field
    change_line(path, slough - 5, lambda text: text.replace(",Reporting year,",
                                                            ',"Reporting year,'))
    problems = benchmarks_fail(project, folder)
    assert codes(problems) == {"dfe.malformed-csv"}
    problem = problems.errors[0]
    assert problem.file == str(path) and problem.line == slough - 5
    assert f"line {slough - 5}" in problem.message


@pytest.mark.parametrize("change", [
    lambda text: text.rstrip("\n") + ",12\n",  # a field too many
    lambda text: text.rsplit(",", 1)[0] + "\n",  # a field too few
    lambda text: text.replace(",Slough,", ',"Slough,', 1),  # a quote never closed
    lambda text: text.replace(",Slough,", ',"Slough"x,', 1),  # text after a closing quote
    # a quoted field running onto the next line, the row still of the header's width
    lambda text: text.replace(",Slough,", ',"Slough\nBorough Council",', 1),
])
def test_a_row_that_is_not_one_whole_row_is_an_error_and_gives_no_figure(tmp_path, change):
    path = tmp_path / C1
    shutil.copy(DFE / C1, path)
    slough = line_of(path, *SLOUGH_REFERRALS)
    change_line(path, slough, change)
    problems = Problems()
    assert read_dfe(path, problems) is None  # not one figure of the file is used
    assert codes(problems) == {"dfe.malformed-csv"}
    assert problems.errors[0].line == slough and problems.errors[0].file == str(path)


def test_line_numbers_count_blank_lines(tmp_path):
    path = tmp_path / C1
    text = (DFE / C1).read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    path.write_text(header + "\n\n \t \n" + rest, encoding="utf-8")  # blank, then spaces
    file = read_dfe(path, Problems())
    row = file.frame[(file.frame["old_la_code"] == "871")
                     & (file.frame["time_period"] == "2020")]
    assert row["_line"].tolist() == [line_of(DFE / C1, *SLOUGH_REFERRALS) + 2]


@pytest.mark.parametrize("row", [
    "2020, Reporting year,National ,12",
    "2020,\tReporting year,National\t,12",
    "2020,\u00a0Reporting year,National,12\u00a0",
    '2020,"Reporting year ","National", 12',  # a quoted line is checked on its own
])
def test_cells_are_read_without_the_space_around_them(tmp_path, row):
    path = tmp_path / "spaced.csv"
    path.write_text(f"time_period,time_identifier,geographic_level,count\n{row}\n",
                    encoding="utf-8")
    frame = read_dfe(path, Problems()).frame
    assert frame.drop(columns="_line").to_dict("records") == [{
        "time_period": "2020", "time_identifier": "Reporting year",
        "geographic_level": "National", "count": "12"}]


def test_the_cli_names_the_file_and_line_without_a_traceback(project, tmp_path):
    folder = copied(tmp_path)
    path = folder / C1
    slough = line_of(path, *SLOUGH_REFERRALS)
    change_line(path, slough, lambda text: text.replace(",Slough,", ',"Slough,', 1))
    result = invoke(project, "benchmarks", str(folder), "--period", "2019/20")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert C1 in result.stderr and f"line {slough}" in result.stderr


# --- fuzz: arbitrary bytes and rows never give a traceback or a figure from a bad row ---

HEADER = [*COMMON, "la_name", "count"]


def oracle(data: bytes) -> list[list[str]] | None:
    """What a file must give, worked out line by line with nothing but the csv module:
    each line alone one whole row of the header's width (blank lines passed over), the
    header holding the common columns once each; else None (refused)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    rows = []
    for line in lines:
        try:
            parsed = list(csv.reader([line], strict=True))
        except csv.Error:
            return None
        if not parsed:
            if not rows:
                return None  # a blank first line: no header
            continue
        if len(parsed) != 1:
            return None
        rows.append([cell.strip() for cell in parsed[0]])
    if not rows:
        return None
    header, body = rows[0], rows[1:]
    if any(c not in header for c in COMMON) or len(set(header)) < len(header):
        return None
    body = [r for r in body if not (len(r) <= 1 and not "".join(r))]
    if any(len(r) != len(header) for r in body):
        return None
    return [header, *body]


def read_back(path: Path) -> list[list[str]] | None:
    problems = Problems()
    file = read_dfe(path, problems)
    if file is None:
        assert problems.errors and all(p.file == str(path) for p in problems.errors)
        return None
    assert not problems.errors
    frame = file.frame.drop(columns="_line")
    return [list(frame.columns), *(list(row) for row in frame.itertuples(index=False))]


FUZZ = settings(deadline=None, max_examples=150,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=300), st.booleans())
def test_arbitrary_bytes_never_raise(tmp_path, data, with_header):
    path = tmp_path / "fuzz.csv"
    head = (",".join(HEADER) + "\n").encode() if with_header else b""
    path.write_bytes(head + data)
    assert read_back(path) == oracle(head + data)


cell = st.text(alphabet=st.sampled_from(list('ab ,"\n\r1.c') + ["é", "\x00"]), max_size=6)


@FUZZ
@given(st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER))
                | st.lists(cell, min_size=len(HEADER) - 1, max_size=len(HEADER) + 1),
                max_size=6),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_arbitrary_rows_give_exactly_the_rows_that_parse(tmp_path, rows, ending, raw):
    """Rows written properly quoted (fields with a line break must then be refused) or
    joined raw (stray quotes and commas anywhere)."""
    buffer = []
    for row in [HEADER, *rows]:
        if raw:
            buffer.append(",".join(row) + ending)
        else:
            out = []
            csv.writer(_Collect(out), lineterminator=ending).writerow(row)
            buffer.append(out[0])
    data = "".join(buffer).encode("utf-8")
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    got = read_back(path)
    assert got == oracle(data)
    if got is not None:  # every figure is a cell of a row that parsed whole
        assert len(got) - 1 <= len(rows)


class _Collect:
    def __init__(self, out: list[str]):
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)


# --- 2. a code of another authority -------------------------------------------------------

def test_a_code_of_another_authority_names_both(project):
    edit(project / "measures.yaml", "code: 871", "code: 303")
    problems = benchmarks_fail(project)
    assert codes(problems) == {"dfe.other-authority"}
    message = problems.errors[0].message
    assert "Bexley" in message and "Slough" in message and "303" in message
    population = Problems()
    with pytest.raises(InputError):
        population_block(project / "measures.yaml", DFE / ONS, population)
    assert codes(population) == {"dfe.other-authority"}


@pytest.mark.parametrize(("named", "published", "agree"), [
    ("Slough", "Slough", True),
    ("Kingston", "Kingston upon Thames", True),
    ("Royal Borough of Kingston upon Thames", "Kingston upon Thames / Richmond upon Thames",
     True),
    ("Brighton & Hove", "Brighton and Hove", True),
    ("Bristol City Council", "Bristol, City of", True),
    ("slough borough council", "Slough", True),
    ("Slough", "Bexley", False),
    ("Kingston upon Thames", "Kingston upon Hull, City of", False),
    ("Bexley", "Bexley Heath", True),  # a shortening either way
    ("Richmond", "Kingston upon Thames", False),
])
def test_usual_shortenings_of_an_authoritys_name(named, published, agree):
    from xlscore.dfe.geography import names_agree

    assert names_agree(named, published) is agree


def test_a_shortened_name_is_accepted_and_the_report_names_the_authority(project):
    edit(project / "measures.yaml", "authority: Slough", "authority: Slough Borough Council")
    written = benchmarks(project)
    assert written.authority == "Slough (871)"
    assert written.report()[0].startswith("2019/20 benchmarks for Slough (871): ")


def test_an_authority_the_file_leaves_unnamed_is_named_as_the_catalogue_names_it(
        project, tmp_path):
    path = copied(tmp_path) / ONS
    path.write_text(path.read_text(encoding="utf-8").replace(",E06000039,Slough,",
                                                             ",E06000039,,"), encoding="utf-8")
    found = population_block(project / "measures.yaml", path, Problems())
    assert found.authority == "Slough" and found.years["2019/20"] == 43479
    result = invoke(project, "population", str(path))
    assert result.exit_code == 0 and "Slough: population for 3 years" in result.stderr


# --- 3. a figure column that describes a row ----------------------------------------------

@pytest.mark.parametrize("column", ["time_period", "time_identifier", "geographic_level",
                                    "country_code", "region_name", "old_la_code",
                                    "new_la_code", "la_name", "category", " Time_Period "])
def test_a_column_describing_the_row_is_never_a_figure_column(project, column):
    path = project / "measures.yaml"
    edit(path, "column: referral_count,", f"column: '{column}',")
    line = 1 + next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines())
                    if f"column: '{column}'" in text)
    problems = Problems()
    load_catalogue(path, problems)
    assert codes(problems) == {"dfe.not-a-figure-column"}
    assert problems.errors[0].line == line and problems.errors[0].measure == "referrals"
    assert codes(benchmarks_fail(project)) == {"dfe.not-a-figure-column"}


def test_a_figure_column_beside_a_where_is_still_a_figure_column(project):
    problems = Problems()
    load_catalogue(project / "measures.yaml", problems)
    assert not problems.errors  # referral_count where category: the sample's own mapping


# --- 4. the population file ---------------------------------------------------------------

def _population_fails(project: Path, path: Path) -> Problems:
    problems = Problems()
    with pytest.raises(InputError):
        population_block(project / "measures.yaml", path, problems)
    return problems


def test_a_second_row_for_the_same_authority_and_year_names_both_lines(project, tmp_path):
    path = copied(tmp_path) / ONS
    slough = line_of(path, "2019,", ",871,")
    text = path.read_text(encoding="utf-8")
    row = text.splitlines()[slough - 1]
    path.write_text(text + row.replace(",43479", ",99999") + "\n", encoding="utf-8")
    last = len(text.splitlines()) + 1
    before = (project / "measures.yaml").read_bytes()
    problems = _population_fails(project, path)
    assert codes(problems) == {"population.duplicate"}
    message = problems.errors[0].message
    assert f"line {slough}" in message and f"line {last}" in message
    assert problems.errors[0].file == str(path)
    result = invoke(project, "population", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (project / "measures.yaml").read_bytes() == before


def test_a_duplicate_population_of_a_neighbour_stops_benchmarks(project, tmp_path):
    folder = copied(tmp_path)
    path = folder / ONS
    bexley = line_of(path, "2019,", ",303,")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[bexley - 1].replace(",Children", ",Children")
                    .rsplit(",", 1)[0] + ",1\n", encoding="utf-8")
    problems = benchmarks_fail(project, folder)
    assert codes(problems) == {"population.duplicate"}
    assert "Bexley" in problems.errors[0].message


@pytest.mark.parametrize("value", ["=1+1", "0", "-3", "43479.5", "4e4", "many"])
def test_a_population_that_is_not_a_positive_whole_number(project, tmp_path, value):
    path = copied(tmp_path) / ONS
    slough = line_of(path, "2019,", ",871,")
    change_line(path, slough, lambda text: text.replace(",43479", f",{value}"))
    problems = _population_fails(project, path)
    assert codes(problems) == {"population.not-a-count"}
    assert problems.errors[0].line == slough and value in problems.errors[0].message


def test_a_marker_for_a_year_leaves_it_out_with_a_warning(project, tmp_path):
    path = copied(tmp_path) / ONS
    slough = line_of(path, "2019,", ",871,")
    change_line(path, slough, lambda text: text.replace(",43479", ",x"))
    problems = Problems()
    found = population_block(project / "measures.yaml", path, problems)
    assert "2019/20" not in found.years and found.years["2020/21"] == 43900
    assert [p.code for p in problems.warnings] == ["population.not-published"]


def test_only_the_0_to_17_age_group_is_read(project, tmp_path):
    path = copied(tmp_path) / ONS
    text = path.read_text(encoding="utf-8")
    row = text.splitlines()[line_of(path, "2019,", ",871,") - 1]
    other = row.replace("Children aged 0 to 17 years", "Children aged 0 to 4 years")
    path.write_text(text + other.replace(",43479", ",99999") + "\n", encoding="utf-8")
    problems = Problems()
    found = population_block(project / "measures.yaml", path, problems)
    assert found.years["2019/20"] == 43479 and not problems.items


# --- 7. a figure too large to be one ------------------------------------------------------

@pytest.mark.parametrize("value", ["1e308", "1e400", "1" + "0" * 20])
def test_a_count_too_large_to_be_a_figure(project, tmp_path, value):
    folder = copied(tmp_path)
    path = folder / C1
    slough = line_of(path, *SLOUGH_REFERRALS)
    change_line(path, slough, lambda text: text.replace(",2540,", f",{value},"))
    problems = benchmarks_fail(project, folder)
    assert codes(problems) == {"dfe.too-large"}
    problem = problems.errors[0]
    assert problem.file == str(path) and problem.line == slough
    assert "too large to be a figure" in problem.message and problem.measure == "referrals"
    result = invoke(project, "benchmarks", str(folder), "--period", "2019/20")
    assert result.exit_code == 1 and "Traceback" not in result.output


# --- 9. only regular files, read to a limit -----------------------------------------------

def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(path)
    return path


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    """In a process of its own, so that a hang fails the test instead of stopping it."""
    return subprocess.run([sys.executable, "-m", "xlscore.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_fifo_under_the_newest_releases_name_is_an_error_never_a_hang(project, tmp_path):
    folder = copied(tmp_path)
    fifo = _fifo(folder / C1.replace("2025", "2026"))
    result = _run(project, "benchmarks", str(folder), "--period", "2019/20")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert fifo.name in result.stderr and "not a file" in result.stderr


def test_a_fifo_or_dev_zero_given_to_population_is_an_error(project, tmp_path):
    fifo = _fifo(tmp_path / ONS)
    result = _run(project, "population", str(fifo))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(fifo) in result.stderr and "not a file" in result.stderr
    problems = _population_fails(project, fifo)
    assert codes(problems) == {"dfe.not-a-file"}
    if Path("/dev/zero").exists():
        zero = tmp_path / "zero.csv"
        zero.symlink_to("/dev/zero")
        assert codes(_population_fails(project, zero)) == {"dfe.not-a-file"}


def test_a_file_over_the_limit_is_an_error_saying_so(project, tmp_path, monkeypatch):
    monkeypatch.setattr(dfe_files, "LIMIT", 10_000)
    folder = copied(tmp_path)
    problems = benchmarks_fail(project, folder)
    assert "dfe.too-big" in codes(problems)
    assert all("larger than 10,000 bytes" in p.message for p in problems.errors
               if p.code == "dfe.too-big")
    assert (folder / C1).stat().st_size > dfe_files.LIMIT


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / C1
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(dfe_files.LIMIT + 1)

    def read(*_):
        pytest.fail("a byte of a file over the limit was read")

    monkeypatch.setattr(dfe_files._Bounded, "readinto", read)
    problems = Problems()
    assert read_dfe(path, problems) is None
    assert codes(problems) == {"dfe.too-big"} and "larger than 500 MB" in problems.errors[0].message


def test_a_line_without_end_is_refused_at_a_megabyte(tmp_path):
    path = tmp_path / C1
    path.write_bytes((DFE / C1).read_bytes() + b"2020," + b"9" * (3 * 2**20))
    problems = Problems()
    assert read_dfe(path, problems) is None
    problem = problems.errors[0]
    assert problem.code == "dfe.malformed-csv" and "longer than 1,048,576" in problem.message
    assert problem.line == len((DFE / C1).read_text(encoding="utf-8").splitlines()) + 1


def test_a_file_that_grows_past_the_limit_while_read_is_stopped(tmp_path):
    path = tmp_path / C1
    shutil.copy(DFE / C1, path)
    descriptor = os.open(path, os.O_RDONLY)
    bounded = dfe_files._Bounded(descriptor, 1000)  # as if it had grown after its check
    with pytest.raises(dfe_files._Refused) as refused, bounded:
        while bounded.read(300):
            pass
    assert refused.value.code == "dfe.too-big"


def test_a_file_over_the_row_limit_is_an_error_at_the_first_row_too_many(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(dfe_files, "ROWS", 50)
    path = tmp_path / C1
    text = (DFE / C1).read_text(encoding="utf-8")
    path.write_text("\n".join(text.splitlines()[:51]) + "\n", encoding="utf-8")
    assert read_dfe(path, Problems()) is not None  # 50 rows: at the limit
    path.write_text("\n".join(text.splitlines()[:52]) + "\n", encoding="utf-8")
    problems = Problems()
    assert read_dfe(path, problems) is None
    assert codes(problems) == {"dfe.too-big"} and problems.errors[0].line == 52
    assert "more than 50 rows" in problems.errors[0].message


def test_the_limits_are_500_mb_and_half_a_million_rows():
    assert dfe_files.LIMIT == 500 * 2**20 and dfe_files.ROWS == 500_000


# --- rules no test held ---------------------------------------------------------------

def test_a_london_authority_without_region_gets_london(tmp_path):
    from tests.test_dfe_benchmarks import LONDON as TEMPLATE
    from tests.test_dfe_benchmarks import published

    (tmp_path / "inputs").mkdir()
    text = TEMPLATE.format(region="London").replace("  region: London\n", "")
    assert "region:" not in text
    (tmp_path / "measures.yaml").write_text(text, encoding="utf-8")
    benchmarks(tmp_path)
    row = table(tmp_path)[("referrals", "2019/20")]
    london = published("c1_", "referral_count", (("category", "Referrals and Re-referrals"),),
                       2020, "Regional", "E12000007")
    assert row["Region"] == row["London"] == london


def test_a_where_leaving_two_different_rows_for_one_place_is_ambiguous(project, tmp_path):
    folder = copied(tmp_path)
    path = folder / C1
    text = path.read_text(encoding="utf-8")
    row = text.splitlines()[line_of(path, *SLOUGH_REFERRALS) - 1]
    path.write_text(text + row + "\n", encoding="utf-8")  # the same row twice: one figure
    benchmarks(project, folder)
    assert table(project)[("referrals", "2019/20")]["Slough"] == "2540"
    path.write_text(text + row.replace(",2540,", ",2541,") + "\n", encoding="utf-8")
    problems = benchmarks_fail(project, folder)
    assert codes(problems) == {"dfe.ambiguous-row"}
    assert "Slough" in problems.errors[0].message


def test_an_authoritys_name_comes_from_its_newest_row(tmp_path):
    rows = [",".join([*COMMON, "old_la_code", "new_la_code", "la_name", "region_code"])]
    for period, name in (("2021", "Slough"), ("2019", "Slough UA"), ("2020", "Slough Old")):
        rows.append(f"{period},Reporting year,Local authority,871,E06000039,{name},E12000008")
    for order in (rows, [rows[0], *reversed(rows[1:])]):
        path = tmp_path / "names.csv"
        path.write_text("\n".join(order) + "\n", encoding="utf-8")
        register = Register([read_dfe(path, Problems()).frame])
        assert register.by_code["871"].name == "Slough"


def test_the_sn_mean_of_a_worked_out_rate_is_the_mean_of_the_rates_as_displayed(project,
                                                                                tmp_path):
    from xlscore.dfe.neighbours import model

    folder = copied(tmp_path)
    path = folder / C1
    ons = {}
    with open(DFE / ONS, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["time_period"] == "2019" and row["old_la_code"]:
                ons[row["old_la_code"]] = Decimal(row["population_estimate"])
    group = [n.code for n in model(2021).of("871")]
    lines = {code: line_of(path, "2020,", f",{code},", ",Referrals and Re-referrals,")
             for code in group}
    counts = {}
    for code in group:
        cells = next(csv.reader([path.read_text(encoding="utf-8").splitlines()[
            lines[code] - 1]]))
        counts[code] = int(cells[11])

    def rounded(value):
        return value.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")

    def means(counts):
        exact = [Decimal(counts[c]) / ons[c] * 10000 for c in group]
        shown = [rounded(r) for r in exact]
        return rounded(sum(shown) / len(shown)), rounded(sum(exact) / len(exact))

    # move the first neighbour's count until the two ways of averaging disagree
    first = group[0]
    original = counts[first]
    for delta in range(200):
        counts[first] = original + delta
        shown, exact = means(counts)
        if shown != exact:
            break
    assert shown != exact  # the example tells the two apart
    change_line(path, lines[first], lambda text: text.replace(f",{original},",
                                                              f",{counts[first]},", 1))
    benchmarks(project, folder)
    assert table(project)[("referrals_rate", "2019/20")]["SN"] == str(shown)


def test_an_sn_mean_of_a_count_need_not_be_whole_for_the_build(project):
    path = project / "inputs" / "benchmarks.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    referrals = next(r for r in rows if r[0] == "referrals" and r[1] == "2019/20")
    referrals[header.index("SN")] = "2540.5"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    result = invoke(project, "check")
    assert result.exit_code == 0, result.output
    referrals[header.index("Slough")] = "2540.5"  # the authority's own is a count: whole
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    refused = invoke(project, "check")
    assert refused.exit_code == 1 and "Slough 2540.5 is not a whole number" in refused.output


def test_a_period_written_with_spaces_is_the_same_period(project):
    benchmarks(project, period=" 2019/20 ")
    first = table(project)
    assert "2019/20" in {period for _, period in first}  # beside the earlier years kept
    path = project / "inputs" / "benchmarks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2019/20,", ", 2019/20 ,"),
                    encoding="utf-8")  # the existing rows' period with spaces: replaced
    benchmarks(project, period="2019/20")
    again = {(m, p.strip()): r for (m, p), r in table(project).items()}
    assert len(table(project)) == len(again) == len(first)  # no measure twice
    assert again[("referrals", "2019/20")] == first[("referrals", "2019/20")]
