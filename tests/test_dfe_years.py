"""`xlscore benchmarks --years N` on the cut-down DfE files (tests/data/dfe, 2019 to 2021):
every year's row, and Slough's rank among every authority in the file, checked against
ranks worked out here with nothing but the csv module."""

from __future__ import annotations

import contextlib
import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal
from math import ceil
from pathlib import Path

import pytest

from tests.conftest import ROOT, edit
from tests.test_cli_commands import invoke
from xlscore.dfe import write_benchmarks
from xlscore.problems import InputError, Problems

DFE = ROOT / "tests" / "data" / "dfe"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
SLOUGH = "871"


def run(project: Path, folder: Path = DFE, period: str = "2020/21", years: int = 2):
    problems = Problems()
    written = write_benchmarks(project / "measures.yaml", project / "inputs", folder, period,
                               True, problems, years)
    return written, problems


def table(project: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(project / "inputs" / "benchmarks.csv", encoding="utf-8") as handle:
        return {(r["measure"], r["period"]): r for r in csv.DictReader(handle)}


def la_figures(folder: Path, file: str, column: str, where: dict[str, str],
               time_period: str) -> dict[str, Decimal]:
    """Every local-authority row's figure, by LA code, as the csv module reads it."""
    path = next(p for p in folder.glob("*.csv") if p.name.startswith(file))
    found = {}
    with open(path, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if (row["time_period"] == time_period and row["geographic_level"] == "Local authority"
                    and all(row[k].casefold() == v.casefold() for k, v in where.items())):
                with contextlib.suppress(ArithmeticError):  # a marker: not ranked
                    found[row["old_la_code"]] = Decimal(row[column])
    return found


def oracle(figures: dict[str, Decimal], lower: bool, decimals: int = 1) -> tuple[int, int, str]:
    """Slough's rank (one more than the authorities strictly better as displayed), the number
    ranked and the quartile letter."""
    quantum = Decimal(1).scaleb(-decimals)
    shown = {k: v.quantize(quantum, rounding=ROUND_HALF_UP) for k, v in figures.items()}
    own = shown[SLOUGH]
    better = sum(1 for v in shown.values() if (v < own if lower else v > own))
    rank, ranked = better + 1, len(shown)
    return rank, ranked, "ABCD"[ceil(4 * rank / ranked) - 1]


def standing(row: dict[str, str]) -> tuple[int, int, str] | None:
    if not row["Rank"]:
        return None
    return int(row["Rank"]), int(row["Ranked"]), row["Quartile"]


RE_REFERRALS = ("c1_children_in_need", "rereferral_percent",
                {"category": "Referrals and Re-referrals"})


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the cut-down files that a test may change."""
    copy = tmp_path / "dfe"
    shutil.copytree(DFE, copy)
    return copy


def set_figure(folder: Path, time_period: str, code: str, old: str, new: str) -> None:
    """Change one authority's re-referral percent in one year of the C1 file."""
    path = folder / C1
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith(f"{time_period},")
            and f",{code}," in line and "Referrals and Re-referrals" in line]
    assert len(hits) == 1
    cells = next(csv.reader([lines[hits[0]]]))
    header = next(csv.reader([lines[0].lstrip("\ufeff")]))
    at = header.index("rereferral_percent")
    assert cells[at] == old
    cells[at] = new
    out = []
    csv.writer(_Into(out), lineterminator="\n").writerow(cells)
    lines[hits[0]] = out[0]
    path.write_text("".join(lines), encoding="utf-8")


class _Into:
    def __init__(self, out: list[str]):
        self.out = out

    def write(self, text: str) -> None:
        self.out.append(text)


def test_every_year_is_a_row_and_every_directed_measure_is_ranked_as_the_oracle_says(project):
    written, _ = run(project)
    rows = table(project)
    assert written.years == ("2019/20", "2020/21")
    for year, tp in (("2019/20", "2020"), ("2020/21", "2021")):
        figures = la_figures(DFE, *RE_REFERRALS, tp)
        assert standing(rows["re_referrals_pct", year]) == oracle(figures, lower=True)
        assert standing(rows["re_referrals_pct", year])[1] == 19  # not divisible by 4
    # a measure without a direction has no rank
    assert standing(rows["referrals", "2020/21"]) is None
    report = "\n".join(written.report())
    assert "referrals 2019/20, 2020/21: no direction in the catalogue, so no rank" in report
    rank, ranked, band = oracle(la_figures(DFE, *RE_REFERRALS, "2021"), lower=True)
    assert "re_referrals_pct: 2019/20 " in report
    assert f"2020/21 {rank} of {ranked} ({band})" in report


def test_lower_is_better_ranks_the_smallest_figure_first(project, folder):
    figures = la_figures(DFE, *RE_REFERRALS, "2021")
    lowest = min(figures.values())
    set_figure(folder, "2021", SLOUGH, _text(folder, SLOUGH), str(lowest - 1))
    run(project, folder)
    assert standing(table(project)["re_referrals_pct", "2020/21"]) == (1, 19, "A")


def _text(folder: Path, code: str) -> str:
    path = folder / C1
    with open(path, encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if (row["time_period"] == "2021" and row["old_la_code"] == code
                    and row["category"] == "Referrals and Re-referrals"):
                return row["rereferral_percent"]
    raise AssertionError(code)


def test_figures_equal_as_displayed_share_the_best_rank(project, folder):
    """Two authorities publish 19.3 in 2021; Slough at 19.34 (shown 19.3) ties with them."""
    figures = la_figures(DFE, *RE_REFERRALS, "2021")
    tied = [k for k, v in figures.items() if v == Decimal("19.3") and k != SLOUGH]
    assert len(tied) == 2
    set_figure(folder, "2021", SLOUGH, _text(folder, SLOUGH), "19.34")
    run(project, folder)
    better = sum(1 for k, v in figures.items() if k != SLOUGH and v < Decimal("19.3"))
    assert standing(table(project)["re_referrals_pct", "2020/21"])[:2] == (better + 1, 19)
    set_figure(folder, "2021", SLOUGH, "19.34", "19.36")  # shown 19.4: behind both
    run(project, folder)
    assert standing(table(project)["re_referrals_pct", "2020/21"])[:2] == (better + 3, 19)


def test_a_suppressed_authority_is_not_ranked_nor_counted(project, folder):
    other = next(k for k in la_figures(DFE, *RE_REFERRALS, "2021") if k != SLOUGH)
    set_figure(folder, "2021", other, _text(folder, other), "c")
    run(project, folder)
    figures = la_figures(folder, *RE_REFERRALS, "2021")
    assert len(figures) == 18
    assert standing(table(project)["re_referrals_pct", "2020/21"]) == oracle(figures, True)
    set_figure(folder, "2021", SLOUGH, _text(folder, SLOUGH), "c")
    written, _ = run(project, folder)
    row = table(project)["re_referrals_pct", "2020/21"]
    assert row["Slough"] == "c" and standing(row) is None
    assert ("re_referrals_pct 2020/21: Slough has no figure (suppressed or missing), so it is "
            "not ranked") in [line.strip() for line in written.report()]


def test_quartiles_when_the_number_ranked_divides_by_four(project, folder):
    """Three more suppressed: 16 ranked, four to a quartile; Slough moved through them."""
    published = la_figures(DFE, *RE_REFERRALS, "2021")
    tied = [k for k, v in published.items() if v == Decimal("19.3")]
    others = [tied[0], *[k for k in published if k not in (SLOUGH, *tied)][:2]]
    for code in others:
        set_figure(folder, "2021", code, _text(folder, code), "c")
    figures = la_figures(folder, *RE_REFERRALS, "2021")
    assert len(figures) == 16
    ordered = sorted(v for k, v in figures.items() if k != SLOUGH)
    assert len(set(ordered)) == 15  # distinct: Slough equal to the k-th is rank k
    seen = []
    for value in (ordered[0] - 1, ordered[3], ordered[4], ordered[7], ordered[8], ordered[11],
                  ordered[12], ordered[-1] + 1):  # ranks 1, 4, 5, 8, 9, 12, 13, 16
        set_figure(folder, "2021", SLOUGH, _text(folder, SLOUGH), str(value))
        run(project, folder)
        got = standing(table(project)["re_referrals_pct", "2020/21"])
        assert got == oracle(la_figures(folder, *RE_REFERRALS, "2021"), True)
        seen.append(got)
    assert seen == [(1, 16, "A"), (4, 16, "A"), (5, 16, "B"), (8, 16, "B"), (9, 16, "C"),
                    (12, 16, "C"), (13, 16, "D"), (16, 16, "D")]


def test_a_rate_is_ranked_on_the_rate_worked_out_for_every_authority(project):
    """cin_rate (caseload over the ONS 0-17 estimate x 10,000) given a direction."""
    edit(project / "measures.yaml", "        rate_of: caseload\n",
         "        rate_of: caseload\n        direction: lower\n")
    run(project)
    counts = la_figures(DFE, "b1_children_in_need", "At31_episodes",
                        {"category": "Children in Need"}, "2021")
    people = la_figures(DFE, "ons_mid-year", "population_estimate",
                        {"age_group": "Children aged 0 to 17 years"}, "2020")  # mid-2020
    rates = {k: counts[k] / people[k] * 10000 for k in counts if people.get(k)}
    got = standing(table(project)["cin_rate", "2020/21"])
    assert got == oracle(rates, lower=True)
    # not the count's rank: the rate's order differs from the count's in this file
    assert got != oracle(counts, lower=True, decimals=0)


def test_a_year_missing_from_a_file_is_n_a_with_one_warning_per_measure(project):
    written, problems = run(project, period="2020/21", years=2)
    rows = table(project)
    assert rows["cla", "2019/20"]["Slough"] == "n/a" and rows["cla", "2020/21"]["Slough"] != "n/a"
    warned = [p for p in problems.warnings if p.measure == "cla"]
    assert len(warned) == 1 and "2019/20 is n/a" in warned[0].message


def test_a_year_in_none_of_the_files_is_an_error_and_nothing_is_written(project):
    before = (project / "inputs" / "benchmarks.csv").read_bytes()
    problems = Problems()
    with pytest.raises(InputError):
        write_benchmarks(project / "measures.yaml", project / "inputs", DFE, "2020/21", True,
                         problems, 4)
    assert [p.message.split(" is in")[0] for p in problems.errors] == ["2017/18"]
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == before


def test_the_cli_says_each_rank_and_refuses_a_bad_number_of_years(project):
    result = invoke(project, "benchmarks", str(DFE), "--period", "2020/21", "--years", "2",
                    "--force")
    assert result.exit_code == 0, result.output
    assert "Rank in England (1 = best; quartile A best to D worst)" in result.output
    before = (project / "inputs" / "benchmarks.csv").read_bytes()
    result = invoke(project, "benchmarks", str(DFE), "--years", "0")
    assert result.exit_code != 0 and "--years 0" in result.output
    assert "Traceback" not in result.output
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == before
