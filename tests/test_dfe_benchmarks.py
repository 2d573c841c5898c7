"""`xlscore benchmarks` on cut-down copies of the real DfE files (tests/data/dfe): every
mapping of the sample catalogue checked against the figure in the file, the rates against
count / population, the neighbour average, and every kind of bad input."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import ROOT, edit
from tests.test_cli_commands import invoke
from xlscore.catalogue import load_catalogue
from xlscore.dfe import write_benchmarks
from xlscore.dfe.period import financial_year, time_period
from xlscore.problems import InputError, Problems

DFE = ROOT / "tests" / "data" / "dfe"
GEOGRAPHY = {"Slough": ("Local authority", "871"), "SE": ("Regional", "E12000008"),
             "ENG": ("National", ""), "Bexley": ("Local authority", "303"),
             "Kingston": ("Local authority", "314"), "Redbridge": ("Local authority", "317")}


def run(project: Path, period: str | None = "2019/20", force: bool = False,
        folder: Path = DFE):
    problems = Problems()
    written = write_benchmarks(project / "measures.yaml", project / "inputs", folder, period,
                               force, problems)
    return written, problems


def fails(project: Path, *args, **kwargs) -> Problems:
    problems = Problems()
    before = (project / "inputs" / "benchmarks.csv").read_bytes()
    with pytest.raises(InputError):
        write_benchmarks(project / "measures.yaml", project / "inputs",
                         kwargs.pop("folder", DFE), *args, kwargs.pop("force", False), problems)
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == before  # nothing written
    assert not (project / "inputs" / "benchmarks.csv.bak").exists()
    return problems


def codes(problems: Problems) -> set[str]:
    return {p.code for p in problems.errors}


def table(project: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(project / "inputs" / "benchmarks.csv", encoding="utf-8") as handle:
        return {(r["measure"], r["period"]): r for r in csv.DictReader(handle)}


def published(file: str, column: str, where, tp: int, level: str, code: str) -> str | None:
    """The figure, looked up with nothing but the csv module."""
    path = next(p for p in DFE.glob("*.csv") if p.stem.startswith(file))
    with open(path, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if (row["time_period"] == str(tp) and row["geographic_level"] == level
                    and all(row[k] == v for k, v in where)
                    and (level == "National" or code in
                         (row["region_code"] if level == "Regional"
                          else [c.strip() for c in row["old_la_code"].split("/")]))):
                return row[column]
    return None


@pytest.mark.parametrize("period", ["2019/20", "2020/21"])
def test_every_mapping_gives_the_figure_in_its_file(project, period):
    run(project, period)
    written = table(project)
    catalogue = load_catalogue(project / "measures.yaml", Problems())
    checked = 0
    for measure in catalogue.measures:
        if measure.dfe is None:
            continue
        tp = time_period(measure.dfe.file, financial_year(period))
        for column, (level, code) in GEOGRAPHY.items():
            expected = published(measure.dfe.file, measure.dfe.column, measure.dfe.where, tp,
                                 level, code)
            assert written[(measure.id, period)][column] == (expected or "n/a"), (measure.id,
                                                                                 column)
            checked += expected is not None
    assert checked > 40


def test_known_figures_of_2019_20(project):
    written, problems = run(project)
    rows = table(project)
    referrals = rows[("referrals", "2019/20")]
    assert (referrals["Slough"], referrals["ENG"], referrals["SE"]) == ("2540", "642980",
                                                                       "114440")
    # the mean of the 2021 model's ten neighbours of Slough, all in the cut-down file
    assert referrals["SN"] == "4374"
    assert rows[("re_referrals_pct", "2019/20")]["Slough"] == "16.9"
    assert rows[("cp_2_years_pct", "2019/20")]["Slough"] == "c"  # suppressed
    # workforce: the position at 30 September 2019; Kingston's row is shared with Richmond
    caseload = rows[("avg_caseload_sw", "2019/20")]
    assert (caseload["Slough"], caseload["Kingston"], caseload["ENG"]) == ("17.5", "13.8",
                                                                          "16.9")
    assert not problems.errors
    line = next(li for li in written.lines if li.measure == "referrals")
    slough = next(c for c in line.cells if c.column == "Slough")
    assert slough.note == "line 931" or slough.note.startswith("line ")
    assert "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv" in line.source


def test_rate_is_count_over_ons_population_of_the_same_place_and_year(project):
    run(project)
    rows = table(project)
    # 2019/20: count for the year ending March 2020, ONS mid-2019 estimate
    for column, population in (("Slough", 43479), ("Bexley", 56751), ("Kingston", 36840)):
        count = Decimal(rows[("referrals", "2019/20")][column])
        rate = (count / population * 10000).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
        assert rows[("referrals_rate", "2019/20")][column] == str(rate)
    assert rows[("referrals_rate", "2019/20")]["Slough"] == "584.2"
    assert rows[("cp_plans_rate", "2019/20")]["Slough"] == "69.2"


def test_a_rate_the_file_publishes_is_taken_as_published(project):
    run(project, "2020/21")
    row = table(project)[("cla_rate", "2020/21")]
    assert row["Slough"] == published("cla_number", "rate_per_10000",
                                      (("population_type",
                                        "Children looked after on 31 March each year"),),
                                      2021, "Local authority", "871")


def test_neighbour_median_of_the_2025_model(project):
    edit(project / "measures.yaml", "sn: {model: 2021, average: mean}",
         "sn: {model: 2025, average: median}")
    written, _ = run(project)
    neighbours = ["313", "312", "821", "307", "317", "310", "304", "874", "320", "856"]
    values = sorted(Decimal(published("c1_", "referral_count",
                                      (("category", "Referrals and Re-referrals"),), 2020,
                                      "Local authority", code)) for code in neighbours)
    assert table(project)[("referrals", "2019/20")]["SN"] == str((values[4] + values[5]) / 2)
    line = next(li for li in written.lines if li.measure == "referrals")
    assert next(c for c in line.cells if c.column == "SN").note == "median of 10 of 10 neighbours"


def test_suppressed_neighbours_leave_the_mean_of_those_with_a_figure(project):
    written, _ = run(project)
    line = next(li for li in written.lines if li.measure == "cp_2_years_pct")
    cell = next(c for c in line.cells if c.column == "SN")
    assert cell.note == "mean of 5 of 10 neighbours" and cell.text == "2.5"
    report = "\n".join(written.report())
    assert "cp_2_years_pct Slough: c, suppressed" in report
    assert "cla: every column n/a, cla_number_and_rate_per_10k_children.csv has no " \
           "time_period 2020" in report


def test_measures_dfe_does_not_publish_keep_their_local_row(project):
    before = table(project)
    written, _ = run(project)
    after = table(project)
    for measure in ("contacts", "assessments"):  # the same, with no rank (no DfE figures)
        assert after[(measure, "2019/20")] == {**before[(measure, "2019/20")], "Rank": "",
                                                "Ranked": "", "Quartile": ""}
    assert set(after) == set(before)  # every row kept or written again
    assert [k for k in after if k[1] == "2019/20"] == [k for k in before if k[1] == "2019/20"]
    assert written.backup == project / "inputs" / "benchmarks.csv.bak"
    assert written.backup.read_bytes() == (ROOT / "inputs" / "benchmarks.csv").read_bytes()


def test_rows_of_other_periods_are_kept(project):
    first, _ = run(project)
    assert not any("Note: the build shows" in line for line in first.report())
    written, _ = run(project, "2020/21", force=True)
    periods = {period for _, period in table(project)}  # the sample's earlier years kept
    assert periods == {"2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21"}
    assert written.report()[-1] == ('Note: the build shows benchmarks.period 2019/20; set it '
                                    'to "2020/21" in the catalogue to show these.')


def test_never_overwrites_silently(project):
    run(project)
    first = (project / "inputs" / "benchmarks.csv").read_bytes()
    problems = Problems()
    with pytest.raises(InputError):
        write_benchmarks(project / "measures.yaml", project / "inputs", DFE, "2020/21", False,
                         problems)
    assert codes(problems) == {"dfe.would-overwrite"}
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == first
    written, _ = run(project, "2020/21", force=True)
    assert written.backup is None
    assert (project / "inputs" / "benchmarks.csv.bak").read_bytes() == (
        ROOT / "inputs" / "benchmarks.csv").read_bytes()


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None  # n/a or a DfE marker: no figure either way


def test_the_sample_reproduces_the_published_columns_where_dfe_agrees(project):
    """Every cell whose figure differs from the published benchmarks.csv is listed, with
    why, in inputs/README.md; this is that list. 15 and 15.0 agree; n/a and c agree (no
    figure)."""
    run(project)
    before = table(ROOT)
    after = table(project)
    differ = {(m, c) for (m, period), row in after.items() for c in row if period == "2019/20"
              and c not in ("measure", "period", "Rank", "Ranked", "Quartile")
              and _number(row[c]) != _number(before[(m, "2019/20")][c])}
    places = (*GEOGRAPHY, "SN")
    expected = {
        # a copying slip, or a revision: published 642,890, DfE's file 642,980
        ("referrals", "ENG"),
        # rates: count / ONS mid-2019 estimate of the place; the sample used other populations
        *{(m, c) for m in ("referrals_rate", "cp_plans_rate", "cin_rate") for c in places},
        # statistical neighbours: DfE's 2021 model; the sample used an older one
        ("referrals", "SN"), ("re_referrals_pct", "SN"), ("cp_plans", "SN"),
        ("cp_repeat_pct", "SN"), ("cp_2_years_pct", "SN"), ("caseload", "SN"),
        ("avg_caseload_sw", "SN"),
        # the sample's annual return is a local figure
        ("re_referrals_pct", "Slough"), ("cp_2_years_pct", "Slough"),
        # the sample copied 2018/19 (time_period 2019) figures
        ("re_referrals_pct", "SE"), ("cp_plans", "Bexley"), ("cp_plans", "Kingston"),
        ("cp_plans", "Redbridge"),
        # the children looked after files start at 2021: every column n/a
        *{(m, c) for m in ("cla", "cla_rate", "cla_3_placements_pct", "cla_stability_pct",
                           "cla_health_pct", "cla_dental_pct", "care_leavers",
                           "care_leavers_eet_pct", "care_leavers_accommodation_pct")
          for c in places},
    }
    assert differ == expected
    assert len(differ) == 98


# --- bad input: a clear problem with a stable code; nothing written ----------------------

def test_a_file_that_is_not_a_dfe_file(project, tmp_path):
    folder = tmp_path / "dfe"
    shutil.copytree(DFE, folder)
    (folder / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv").write_text(
        "measure,value\nreferrals,12\n", encoding="utf-8")
    problems = fails(project, "2019/20", folder=folder)
    assert codes(problems) == {"dfe.not-a-dfe-file"}
    assert "c1_children_in_need" in problems.errors[0].file


def test_a_mapping_naming_a_missing_column(project):
    edit(project / "measures.yaml", "column: rereferral_percent", "column: rereferal_percent")
    problems = fails(project, "2019/20")
    assert codes(problems) == {"dfe.unknown-column"}
    problem = problems.errors[0]
    assert problem.measure == "re_referrals_pct" and problem.file.endswith("2013_to_2025.csv")
    assert "rereferral_percent" in problem.message  # did you mean


def test_a_file_missing_a_column_a_mapping_needs(project, tmp_path):
    folder = tmp_path / "dfe"
    shutil.copytree(DFE, folder)
    path = folder / "d3_cpps_subsequent_plan_2013_to_2025.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("CPP_subsequent_percent",
                                                             "CPP_repeat_percent"),
                    encoding="utf-8")
    problems = fails(project, "2019/20", folder=folder)
    assert codes(problems) == {"dfe.unknown-column"}
    assert problems.errors[0].measure == "cp_repeat_pct"


@pytest.mark.parametrize(("old", "new", "period", "code", "measure"), [
    # a `where` value no row holds
    ("{category: Children in Need}", "{category: Children in Neeed}", "2019/20",
     "dfe.unknown-value", "caseload"),
    # a mapping to a column of text
    ("column: rereferral_percent, where: {category: Referrals and Re-referrals}",
     "column: category", "2019/20", "dfe.not-a-figure", "re_referrals_pct"),
    # a `where` that leaves several rows per place
    ("where: {care_leaver_age: 19 to 21 years, breakdown: Total}",
     "where: {care_leaver_age: 19 to 21 years}", "2020/21", "dfe.ambiguous-row",
     "care_leavers"),
])
def test_a_mapping_mistake_names_its_measure(project, old, new, period, code, measure):
    edit(project / "measures.yaml", old, new)
    problems = fails(project, period)
    assert codes(problems) == {code}
    assert problems.errors[0].measure == measure


def test_an_unknown_authority_code(project):
    edit(project / "measures.yaml", "code: 871", "code: 999")
    assert codes(fails(project, "2019/20")) == {"dfe.unknown-authority"}


def test_the_e_code_works_as_well_as_the_la_number(project):
    edit(project / "measures.yaml", "code: 871", "code: E06000039")
    run(project)
    assert table(project)[("referrals", "2019/20")]["Slough"] == "2540"


def test_a_period_in_none_of_the_files(project):
    problems = fails(project, "2030/31")
    assert codes(problems) == {"dfe.period-not-in-file"}


def test_a_mistyped_period_and_a_missing_folder(project, tmp_path):
    assert codes(fails(project, "2019-2020")) == {"dfe.bad-period"}
    assert codes(fails(project, "2019/20", folder=tmp_path / "nowhere")) == {"dfe.no-folder"}


def test_a_mapped_file_missing_from_the_folder(project, tmp_path):
    folder = tmp_path / "dfe"
    shutil.copytree(DFE, folder)
    (folder / "d3_cpps_subsequent_plan_2013_to_2025.csv").unlink()
    problems = fails(project, "2019/20", folder=folder)
    assert codes(problems) == {"dfe.missing-file"}
    assert problems.errors[0].measure == "cp_repeat_pct"


def test_a_column_name_that_could_be_two_authorities(project):
    edit(project / "measures.yaml", "  comparators: {Kingston: 314}", "")
    problems = fails(project, "2019/20")
    assert codes(problems) == {"dfe.ambiguous-authority"}
    assert "Kingston upon Hull" in problems.errors[0].message


def test_no_code_in_the_catalogue(project):
    edit(project / "measures.yaml", "code: 871", "")
    assert codes(fails(project, "2019/20")) == {"dfe.no-code"}


# --- London ----------------------------------------------------------------------------

LONDON = """\
authority: Bexley
code: 303
population: {{"2019/20": 56751}}
benchmarks:
  period: "2019/20"
  own: Bexley
  rate_against: [SN]
  columns: [SN, Region, London, ENG, Richmond]
  region: {region}
  comparators: {{Richmond: Richmond upon Thames}}
sections:
  - name: Front Door
    measures:
      - id: referrals
        name: Referrals
        unit: count
        period: flow
        dfe:
          file: c1_children_in_need_referrals_and_rereferrals
          column: referral_count
          where: {{category: Referrals and Re-referrals}}
"""


@pytest.mark.parametrize(("region", "code"), [("Outer London", "E13000002"),
                                              ("Inner London", "E13000001"),
                                              ("London", "E12000007")])
def test_a_london_authority_chooses_its_region(tmp_path, region, code):
    (tmp_path / "inputs").mkdir()
    (tmp_path / "measures.yaml").write_text(LONDON.format(region=region), encoding="utf-8")
    run(tmp_path)
    row = table(tmp_path)[("referrals", "2019/20")]
    where = (("category", "Referrals and Re-referrals"),)
    assert row["Region"] == published("c1_", "referral_count", where, 2020, "Regional", code)
    assert row["London"] == published("c1_", "referral_count", where, 2020, "Regional",
                                      "E12000007")
    assert row["Bexley"] == "2795"
    assert row["Richmond"] == published("c1_", "referral_count", where, 2020,
                                        "Local authority", "318")


def test_every_dfe_marker_is_written_as_published_and_the_build_reads_it(project, tmp_path):
    folder = tmp_path / "dfe"
    shutil.copytree(DFE, folder)
    path = folder / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    markers = iter(["k", "low", "u", "x", "z"])
    for index, line in enumerate(lines):
        if line.startswith("2020,") and ",Referrals and Re-referrals," in line and (
                ",303," in line or ",314," in line or ",317," in line or ",871," in line
                or "National" in line):
            cells = next(csv.reader([line]))
            cells[cells.index("Referrals and Re-referrals") + 3] = next(markers)
            lines[index] = ",".join(f'"{c}"' if "," in c else c for c in cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    written, _ = run(project, folder=folder)
    row = table(project)[("re_referrals_pct", "2019/20")]
    assert {row[c] for c in ("Slough", "ENG", "Bexley", "Kingston", "Redbridge")} == {
        "k", "low", "u", "x", "z"}
    line = next(li for li in written.lines if li.measure == "re_referrals_pct")
    assert {c.note.split(",")[0] for c in line.cells if c.gap} == {
        "rounds to zero", "low", "low reliability", "not available", "not applicable"}
    assert invoke(project, "check").exit_code == 0
