"""Data-quality findings: each kind found where it is, with the file and line it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, edit
from xlscore.pipeline import build
from xlscore.problems import Problems
from xlscore.quality import Check

GAPS = ["2020-01", "2020-02", "2020-03", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09"]


def run(project: Path, month: str | None = "2020-12"):
    problems = Problems()
    built = build(project / "measures.yaml", project / "inputs", project / "outputs", month,
                  problems)
    assert not problems.errors
    return built, problems


def of(built, check: Check):
    return [f for f in built.review.findings if f.check is check]



@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    problems = Problems()
    built = build(ROOT / "measures.yaml", ROOT / "inputs", tmp_path_factory.mktemp("out"),
                  "2020-12", problems)
    return built


def test_sample_findings(sample):
    missing = of(sample, Check.MISSING_MONTH)
    assert [str(f.month) for f in missing] == GAPS
    assert all(f.file == str(ROOT / "inputs") for f in missing)
    assert "2020-05.csv" in missing[3].message
    # Every extract has every measure, no 0/0, no suppression and no warnings in the sample.
    for check in (Check.MISSING_MEASURE, Check.ZERO_OVER_ZERO, Check.BENCHMARK_SUPPRESSED,
                  Check.WARNING):
        assert of(sample, check) == []
    na = {f.measure: f for f in of(sample, Check.BENCHMARK_MISSING)}
    assert "contacts" in na and na["contacts"].line == 2
    assert na["contacts"].file.endswith("benchmarks.csv")
    assert "SN, SE, ENG, Bexley, Kingston, Redbridge" in na["contacts"].message
    assert "referrals" not in na  # every 2019/20 benchmark of referrals is published
    assert sample.quality_findings == len(sample.review.findings) == len(missing) + len(na)


def test_a_measure_missing_from_an_extract(project):
    edit(project / "inputs" / "2020-11.csv", "referrals,325,,,\n", "")
    built, _ = run(project)
    found = of(built, Check.MISSING_MEASURE)
    assert [(f.measure, str(f.month)) for f in found] == [("referrals", "2020-11")]
    assert found[0].file == str(project / "inputs" / "2020-11.csv")
    # The derived rate is not reported as missing from the extract: it never is in one.
    assert not any(f.measure == "referrals_rate" for f in built.review.findings)


def test_zero_over_zero_points_at_its_line(project):
    extract = project / "inputs" / "2020-12.csv"
    edit(extract, "contacts_to_referral_pct,34.0,266,783,", "contacts_to_referral_pct,,0,0,")
    line = extract.read_text(encoding="utf-8").splitlines().index(
        "contacts_to_referral_pct,,0,0,") + 1
    built, _ = run(project)
    [found] = of(built, Check.ZERO_OVER_ZERO)
    assert (found.file, found.line) == (str(extract), line)
    assert found.measure == "contacts_to_referral_pct"
    assert str(found.month) == "2020-12"


def test_suppressed_and_missing_benchmarks(project):
    benchmarks = project / "inputs" / "benchmarks.csv"
    edit(benchmarks, "contacts,2019/20,12785,n/a,", "contacts,2019/20,12785,c,")
    lines = benchmarks.read_text(encoding="utf-8").splitlines()
    referrals = next(i for i, t in enumerate(lines) if t.startswith("referrals,"))
    benchmarks.write_text("\n".join(lines[:referrals] + lines[referrals + 1:]) + "\n",
                          encoding="utf-8")
    built, _ = run(project)
    [suppressed] = of(built, Check.BENCHMARK_SUPPRESSED)
    assert suppressed.measure == "contacts" and suppressed.line == 2
    assert "SN (c)" in suppressed.message
    missing = {f.measure: f for f in of(built, Check.BENCHMARK_MISSING)}
    assert "no row for 2019/20" in missing["referrals"].message
    assert missing["referrals"].line is None
    assert "2019/20: SE, ENG, Bexley" in missing["contacts"].message  # SN is suppressed


def test_warnings_become_findings_with_their_file(project):
    stray = project / "inputs" / "notes.csv"
    stray.write_text("a,b\n1,2\n", encoding="utf-8")
    built, problems = run(project)
    [warning] = of(built, Check.WARNING)
    assert warning.file == str(stray) and "not used" in warning.message
    assert len(problems.warnings) == 1


def test_no_benchmarks_file_is_one_warning_not_a_finding_per_measure(project):
    (project / "inputs" / "benchmarks.csv").unlink()
    built, _ = run(project)
    assert of(built, Check.BENCHMARK_MISSING) == of(built, Check.BENCHMARK_SUPPRESSED) == []
    [warning] = of(built, Check.WARNING)
    assert "no benchmarks file" in warning.message


def test_a_rate_in_a_year_without_population_is_a_warning_not_an_error(project):
    # March 2020 is in the trend window but in 2019/20, which has no population figure.
    (project / "inputs" / "2020-03.csv").write_text("measure,value\ncontacts,700\n",
                                                    encoding="utf-8")
    built, problems = run(project)
    assert built.path.exists()
    assert any("population" in w.message and "2019/20" in w.message for w in problems.warnings)
    assert "2020-03" not in [str(f.month) for f in of(built, Check.MISSING_MONTH)]
    missing = [f for f in of(built, Check.MISSING_MEASURE) if str(f.month) == "2020-03"]
    assert len(missing) == 40  # every measure read from extracts but contacts


def test_a_flow_percentage_given_as_a_value_alone_has_its_quarter_n_a_said(project):
    """October's extract copied into Q2 (Jul-Sep 2020), re-referrals given as a value alone
    in August: Q2's Full quarter pools nothing and shows n/a, and the Data quality sheet says
    why. Pooled ones with their parts, a count, and a measure without a quarter do not."""
    inputs = project / "inputs"
    for month in ("2020-07", "2020-08", "2020-09"):
        (inputs / f"{month}.csv").write_text((inputs / "2020-10.csv").read_text("utf-8"),
                                             encoding="utf-8")
    edit(inputs / "2020-08.csv", "re_referrals_pct,14.7,47,319", "re_referrals_pct,14.7,,")
    built, _ = run(project, "2020-10")
    found = of(built, Check.QUARTER_NOT_POOLED)
    assert [f.measure for f in found] == ["re_referrals_pct"]
    assert "in Aug-20: the Full quarter (2020/21 Q2) pools them" in found[0].message
    assert (found[0].file, found[0].code) == (str(inputs / "2020-08.csv"),
                                              "quality.quarter-not-pooled")
    line = next(li for li in built.scorecard.lines if li.measure.id == "re_referrals_pct")
    assert line.quarter.value is None  # what the finding explains


def test_a_local_measure_has_no_benchmark_finding_and_says_local_measure(project):
    """assessments_45_days_pct's benchmarks removed: not available, unless it is local."""
    from openpyxl import load_workbook

    from xlscore.writers.scorecard import LOCAL

    benchmarks = project / "inputs" / "benchmarks.csv"
    kept = [line for line in benchmarks.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith("assessments_45_days_pct,")]
    benchmarks.write_text("".join(kept), encoding="utf-8")
    built, _ = run(project)
    assert "assessments_45_days_pct" in {f.measure for f in of(built, Check.BENCHMARK_MISSING)}
    edit(project / "measures.yaml", "id: assessments_45_days_pct\n",
         "id: assessments_45_days_pct\n        benchmark: local\n")
    built, _ = run(project)
    assert "assessments_45_days_pct" not in {f.measure for f in built.review.findings}
    sheet = load_workbook(built.path)["Scorecard"]
    row = next(r for r in sheet.iter_rows(min_row=11, values_only=True)
               if r[0] and r[0].startswith("% of assessments completed"))
    assert row[9:15] == (LOCAL,) * 6  # Annual return and the five comparator columns


def test_a_measure_missing_from_a_history_month_names_only_the_file_that_gave_it(project):
    """Issue 17 point 17: a month read from history.csv names history.csv, once; not every
    history file (here history.xlsx, which gives another month)."""
    from openpyxl import Workbook

    inputs = project / "inputs"
    for month, name in (("2020-11", "history.csv"), ("2020-10", "history.xlsx")):
        lines = (inputs / f"{month}.csv").read_text(encoding="utf-8").splitlines()
        (inputs / f"{month}.csv").unlink()
        rows = [["month", *lines[0].split(",")]]
        rows += [[month, *line.split(",")] for line in lines[1:]
                 if not line.startswith("referrals,") or month != "2020-11"]
        if name.endswith(".csv"):
            (inputs / name).write_text("\n".join(",".join(r) for r in rows) + "\n",
                                       encoding="utf-8")
        else:
            book = Workbook()
            for row in rows:
                book.active.append(row)
            book.save(inputs / name)
    built, _ = run(project)
    found = of(built, Check.MISSING_MEASURE)
    assert [(f.measure, str(f.month)) for f in found] == [("referrals", "2020-11")]
    assert found[0].file == str(inputs / "history.csv")
    assert str(found[0].as_problem()).count("history") == 1
