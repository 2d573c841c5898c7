"""The public face: `import xlscore` and the calls the CLI is made of.

Every source is checked by the same rules: a DataFrame row or a record gets the same code
and message as the CSV line holding the same text.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml

import xlscore
from tests.conftest import ROOT
from tests.small import CATALOGUE, write_csv
from xlscore.periods import Month


def sample_records() -> list[dict[str, str]]:
    """Every monthly extract of the sample as one list of rows with a month."""
    rows = []
    for path in sorted((ROOT / "inputs").glob("20*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows += [{"month": path.stem, **row} for row in csv.DictReader(handle)]
    return rows


def sample_catalogue_dict() -> dict:
    return yaml.safe_load((ROOT / "measures.yaml").read_text(encoding="utf-8"))


def test_public_names_are_listed_documented_and_importable():
    assert sorted(xlscore.__all__) == sorted(set(xlscore.__all__))
    for name in xlscore.__all__:
        value = getattr(xlscore, name)
        assert value.__doc__, name
    with pytest.raises(AttributeError):
        xlscore.no_such_name  # noqa: B018
    assert issubclass(xlscore.InputError, xlscore.XlscoreError)
    assert issubclass(xlscore.OutputError, xlscore.XlscoreError)


def test_a_catalogue_from_a_dict_is_the_one_from_its_yaml():
    from_yaml = xlscore.load_catalogue(ROOT / "measures.yaml")
    from_dict = xlscore.load_catalogue(sample_catalogue_dict())
    assert from_dict.measures == from_yaml.measures
    assert from_dict.population == from_yaml.population
    assert from_dict.benchmarks == from_yaml.benchmarks


def test_a_bad_dict_catalogue_raises_one_error_with_every_problem():
    data = sample_catalogue_dict()
    data["sections"][0]["measures"][0]["unit"] = "counts"
    data["sections"][0]["measures"][2]["target"] = "high"
    with pytest.raises(xlscore.InputError) as raised:
        xlscore.load_catalogue(data)
    problems = raised.value.errors
    assert {"contacts", "contacts_to_referral_pct"} <= {p.measure for p in problems}
    assert all(p.file == "dict" for p in problems)


def test_build_from_a_frame_or_records_equals_the_build_from_files():
    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    benchmarks = xlscore.read_benchmarks(ROOT / "inputs" / "benchmarks.csv")
    from_files = xlscore.build(catalogue, ROOT / "inputs", month="2020-12")
    frame = pd.DataFrame(sample_records())
    from_frame = xlscore.build(catalogue, xlscore.extracts_from_frame(frame), benchmarks)
    from_records = xlscore.build(catalogue, xlscore.extracts_from_records(sample_records()),
                                 benchmarks)
    assert from_frame.lines == from_files.lines
    assert from_records.lines == from_files.lines
    assert from_frame.summary == from_files.summary
    assert from_frame.trend == from_files.trend


def test_a_frame_of_numbers_reads_as_the_csv_text_would():
    """Floats, numpy ints, NaN, dates and Periods become the text a CSV would hold."""
    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    frame = pd.DataFrame(sample_records())
    numeric = frame.copy()
    for column in ("value", "numerator", "denominator"):
        numeric[column] = pd.to_numeric(numeric[column].replace("", None), errors="coerce")
    numeric["month"] = pd.PeriodIndex(numeric["month"], freq="M")
    built = xlscore.build(catalogue, xlscore.extracts_from_frame(numeric),
                          ROOT / "inputs" / "benchmarks.csv")
    expected = xlscore.build(catalogue, ROOT / "inputs")
    assert built.lines == expected.lines


@pytest.mark.parametrize(("cells", "code"), [
    ({"measure": "referals", "value": "12"}, "extract.unknown-measure"),
    ({"measure": "referrals", "value": "abc"}, "extract.not-a-number"),
    ({"measure": "referrals", "value": "-3"}, "extract.invalid-figure"),
    ({"measure": "contacts_to_referral_pct", "value": "140"}, "extract.invalid-figure"),
])
def test_a_frame_row_gets_the_csv_lines_problem(tmp_path, cells, code):
    """Same code, same message, whatever the source; only where it points differs."""
    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    row = {"measure": cells["measure"], "value": cells["value"], "numerator": "",
           "denominator": "", "note": ""}
    write_csv(inputs / "2020-12.csv", "measure,value,numerator,denominator,note",
              "contacts,10,,,", ",".join(row.values()))
    from_csv = [p for p in xlscore.check(catalogue, inputs).errors]
    frame = pd.DataFrame([{"month": "2020-12", "measure": "contacts", "value": 10},
                          {"month": "2020-12", **row}], index=[6, 7])
    from_frame = [p for p in xlscore.check(catalogue, xlscore.extracts_from_frame(frame)).errors]
    assert [(p.code, p.message, p.measure) for p in from_frame] == \
        [(p.code, p.message, p.measure) for p in from_csv]
    assert len(from_csv) == 1
    assert from_csv[0].line == 3 and from_frame[0].line == 7
    assert from_frame[0].where == "DataFrame row 7"
    assert from_csv[0].code == code


def test_check_never_raises_and_returns_problems_as_data(tmp_path):
    report = xlscore.check(tmp_path / "nothing.yaml", tmp_path / "no-inputs")
    assert not report.ok
    assert report.month is None
    assert report.errors and all(isinstance(p, xlscore.Problem) for p in report.errors)
    assert all(set(d) >= {"code", "severity", "message", "file", "line", "measure"}
               for d in report.as_dicts())


def test_build_raises_one_error_carrying_every_problem(tmp_path):
    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    records = [{"month": "2020-12", "measure": "referrals", "value": "abc"},
               {"month": "2020-12", "measure": "nope", "value": "1"}]
    with pytest.raises(xlscore.InputError) as raised:
        xlscore.build(catalogue, xlscore.extracts_from_records(records))
    assert [p.line for p in raised.value.errors][:2] == [0, 1]
    assert all(p.file == "records" for p in raised.value.errors)
    assert "records row 1" in str(raised.value)


def test_the_scorecard_is_frozen_and_writes_its_workbook(tmp_path):
    scorecard = xlscore.build(ROOT / "measures.yaml", ROOT / "inputs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        scorecard.month = Month(2021, 1)  # type: ignore[misc]
    path = scorecard.to_xlsx(tmp_path / scorecard.file_name)
    assert path == tmp_path / "slough-scorecard-2020-12.xlsx"
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames[0] == "Scorecard"


def test_to_frame_holds_every_figure_and_rating():
    scorecard = xlscore.build(ROOT / "measures.yaml", ROOT / "inputs")
    frame = scorecard.to_frame()
    assert list(frame.columns) == ["section", "measure", "name", "unit", "column", "period",
                                   "value", "rating", "target", "tolerance", "direction",
                                   "travel", "commentary", "variation", "assurance"]
    current = frame[frame["column"] == "Current Month"].set_index("measure")
    line = next(x for x in scorecard.lines if x.current.rating is not None)
    assert current.loc[line.measure.id, "value"] == float(line.current.value)
    assert current.loc[line.measure.id, "rating"] == line.current.rating.value
    assert len(current) == len(scorecard.lines)
    trend = frame[frame["column"] == "Trend"]
    assert len(trend) == 12 * len(scorecard.lines)
    comparators = frame[frame["column"] == "ENG"]
    assert len(comparators) == len(scorecard.lines)
    improved = frame[(frame["column"] == "Direction of travel") & (frame["rating"] == "yellow")]
    assert len(improved) == sum(1 for x in scorecard.lines if x.improved)
    for line in scorecard.lines:  # what the Scorecard says beside the figures
        said = {k: None if pd.isna(v) else v for k, v in current.loc[line.measure.id].items()}
        assert said["direction"] == (line.measure.direction.value if line.measure.direction
                                     else None)
        assert said["travel"] == (line.travel.value if line.travel else None)
        assert said["commentary"] == (line.note or None)
        assert said["variation"] is None  # no SPC in the sample


def test_to_frame_carries_variation_and_assurance_with_spc(inventedshire):
    scorecard = xlscore.build(ROOT / "examples" / "inventedshire" / "measures.yaml",
                              ROOT / "examples" / "inventedshire" / "inputs")
    current = scorecard.to_frame().query("column == 'Current Month'").set_index("measure")
    for analysis in scorecard.review.spc.analyses:
        assert current.loc[analysis.measure.id, "variation"] == analysis.variation_text
        assert current.loc[analysis.measure.id, "assurance"] == analysis.assurance_text


def test_benchmarks_from_records_equal_the_file():
    rows = list(csv.DictReader((ROOT / "inputs" / "benchmarks.csv").open(encoding="utf-8-sig")))
    catalogue = xlscore.load_catalogue(ROOT / "measures.yaml")
    from_records = xlscore.build(catalogue, ROOT / "inputs",
                                 xlscore.benchmarks_from_records(rows))
    from_frame = xlscore.build(catalogue, ROOT / "inputs",
                               xlscore.benchmarks_from_frame(pd.DataFrame(rows)))
    from_file = xlscore.build(catalogue, ROOT / "inputs")
    assert from_records.lines == from_file.lines == from_frame.lines


def test_a_small_catalogue_as_a_dict_builds_from_records():
    data = yaml.safe_load(CATALOGUE)
    records = [{"month": "2020-12", "measure": "contacts", "value": 50},
               {"month": "2020-12", "measure": "timely_pct", "numerator": 19,
                "denominator": 20}]
    scorecard = xlscore.build(data, xlscore.extracts_from_records(records))
    assert [p.code for p in scorecard.warnings] == ["benchmarks.none"]
    lines = {line.measure.id: line for line in scorecard.lines}
    assert str(lines["contacts_rate"].current.value) == "50.0"
    assert lines["timely_pct"].current.rating.value == "green"


def test_build_does_not_import_pandas():
    code = ("import sys, gc; from xlscore.cli import app; from typer.testing import CliRunner;"
            f"r = CliRunner().invoke(app, ['build', '--catalogue', r'{ROOT / 'measures.yaml'}',"
            f" '--inputs', r'{ROOT / 'inputs'}', '--out', sys.argv[1]]);"
            "assert r.exit_code == 0, r.output; print('pandas' in sys.modules)")
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run([sys.executable, "-c", code, out], capture_output=True,
                                text=True, check=True)
    assert result.stdout.strip() == "False"


def test_check_format_json_prints_every_problem_with_its_code(project):
    from tests.test_cli_commands import invoke

    (project / "inputs" / "2020-11.csv").unlink()
    result = invoke(project, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["ok"] is True and printed["month"] == "2020-12"
    missing = [p for p in printed["problems"] if p["code"] == "check.month-missing"]
    assert [p["period"] for p in missing] == ["2020-11"]
    assert set(missing[0]) == {"code", "severity", "message", "file", "line", "measure",
                               "sheet", "cell",
                               "period"}
    assert missing[0]["severity"] == "warning"


def test_check_format_json_exits_1_on_errors(project):
    from tests.test_cli_commands import invoke

    path = project / "inputs" / "2020-12.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("contacts,783", "contacts,x"),
                    encoding="utf-8")
    result = invoke(project, "check", "--format", "json")
    assert result.exit_code == 1
    printed = json.loads(result.stdout)
    assert printed["ok"] is False
    assert [p["line"] for p in printed["problems"] if p["severity"] == "error"] == [2]


def test_the_docstring_examples_run():
    import doctest

    import xlscore.api

    assert doctest.testmod(xlscore.api).failed == 0


def test_an_unreadable_folder_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    from xlscore import sources

    def refuse(folder, problems):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(sources, "discover", refuse)
    report = xlscore.check(ROOT / "measures.yaml", tmp_path)
    assert [p.code for p in report.errors] == ["input.cannot-read"]
    with pytest.raises(xlscore.InputError):
        xlscore.build(ROOT / "measures.yaml", tmp_path)
