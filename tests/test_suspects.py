"""Figures that look mistyped against their own history (xlscore/suspects.py): a percentage
typed as a fraction, a slipped or extra digit, a copied row; and `check --strict`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import xlscore
from tests.small import small_catalogue, write_csv
from xlscore.cli import app
from xlscore.extracts import Fact, Facts, Source
from xlscore.periods import Month
from xlscore.suspects import suspects

JUNE = Month(2020, 6)
HISTORY = ["64.2", "66.0", "71.0", "68.5", "70.1", "65.3"]  # Jun-Nov 2020


def facts_of(measure: str, values: list[str | None], parts: list[tuple[int, int]] | None = None,
             first: Month = JUNE) -> Facts:
    facts = Facts()
    for index, value in enumerate(values):
        month = first.shift(index)
        numerator, denominator = (Decimal(parts[index][0]), Decimal(parts[index][1])) \
            if parts else (None, None)
        facts.by_key[(month, measure)] = Fact(
            month, measure, None if value is None else Decimal(value), numerator, denominator,
            source=Source(f"inputs/{month}.csv", 3))
        facts.months.add(month)
    return facts


@pytest.fixture
def catalogue(tmp_path):
    return small_catalogue(tmp_path)


def test_one_percentage_typed_as_a_fraction_is_named_with_its_history(catalogue):
    found = suspects(catalogue, facts_of("visits_pct", [*HISTORY, "0.889"]))
    assert [(s.code, str(s.fact.month)) for s in found] == [
        ("extract.suspect-fraction", "2020-12")]
    assert found[0].message.startswith(
        "0.889 for visits_pct, where the last 6 months were 64.2 to 71.0: typed as a fraction?")


def test_a_fraction_is_not_suspect_when_the_history_holds_a_low_figure(catalogue):
    found = suspects(catalogue, facts_of("visits_pct", ["64.2", "9.5", "71.0", "0.9"]))
    assert [s.code for s in found] == ["extract.suspect-digit"]  # an eighth of 64.2, still


def test_a_fraction_needs_three_earlier_figures(catalogue):
    assert suspects(catalogue, facts_of("visits_pct", ["64.2", "71.0", "0.9"])) == []
    assert suspects(catalogue, facts_of("visits_pct", ["64.2", "71.0", "70", "0.9"]))


def test_a_month_already_said_to_hold_fractions_throughout_is_not_said_again(catalogue):
    facts = facts_of("visits_pct", [*HISTORY, "0.889"])
    assert suspects(catalogue, facts, {Month(2020, 12)}) == []


@pytest.mark.parametrize(("value", "suspect"), [
    ("4000", True), ("3999", False),  # 8 times a median of 500 and just under
    ("62.5", True), ("62.6", False),  # an eighth of it and just over
])
def test_a_slipped_digit_is_eight_times_or_an_eighth_of_the_median(catalogue, value, suspect):
    history = ["500"] * 6
    found = suspects(catalogue, facts_of("contacts", [*history, value]))
    assert [s.code for s in found] == (["extract.suspect-digit"] if suspect else [])


def test_a_small_median_is_not_judged_for_digits(catalogue):
    """A median under 10: small counts swing eightfold by chance (1 then 9)."""
    assert suspects(catalogue, facts_of("contacts", ["1", "2", "1", "1", "2", "1", "9"])) == []
    assert suspects(catalogue, facts_of("contacts", ["10"] * 6 + ["80"]))


def test_only_the_last_six_months_with_figures_count(catalogue):
    """An old high month (5000) beyond the last six is not history; blanks are passed over."""
    values = ["5000", "500", "500", None, "500", "500", "500", "500", "4100"]
    found = suspects(catalogue, facts_of("contacts", values))
    assert [str(s.fact.month) for s in found] == ["2021-02"]
    assert "where the last 6 months were 500 to 500" in found[0].message


def test_a_copied_flow_row_needs_its_numerator_and_denominator_repeated(catalogue):
    parts = [(40, 50), (45, 50), (45, 50)]
    found = suspects(catalogue, facts_of("timely_pct", ["80", "90", "90"], parts))
    assert [(s.code, str(s.fact.month)) for s in found] == [("extract.copied-row", "2020-08")]
    assert "45/50 for timely_pct is exactly 2020-07's (inputs/2020-07.csv:3)" in found[0].message
    # the same percentage from other parts is chance, not a copy
    parts = [(40, 50), (45, 50), (90, 100)]
    assert suspects(catalogue, facts_of("timely_pct", ["80", "90", "90"], parts)) == []


def test_a_snapshot_may_repeat_last_month(catalogue):
    parts = [(45, 50), (45, 50)]
    assert suspects(catalogue, facts_of("visits_pct", ["90", "90"], parts)) == []


def test_a_copy_is_only_of_the_month_just_before(catalogue):
    facts = facts_of("timely_pct", ["90", None, "90"], [(45, 50), (0, 0), (45, 50)])
    assert suspects(catalogue, facts) == []


@given(st.lists(st.integers(min_value=13, max_value=100), min_size=6, max_size=12))
def test_figures_in_points_with_a_steady_history_are_never_suspect(values):
    """Percentages all between 13 and 100 are never fractions nor slipped digits (any two
    are within a factor of 8 of each other)."""
    catalogue = small_catalogue_in_memory()
    assert suspects(catalogue, facts_of("visits_pct", [str(v) for v in values])) == []


def small_catalogue_in_memory():
    from xlscore.catalogue import catalogue_from_dict
    from xlscore.problems import Problems

    return catalogue_from_dict({
        "authority": "Testshire", "population": {"2020/21": 10000},
        "sections": [{"name": "S", "measures": [
            {"id": "visits_pct", "name": "Visited", "unit": "percent",
             "period": "snapshot"}]}]}, Problems())


TWO_PERCENTAGES = """\
authority: Testshire
baseline: 2020-06
sections:
  - name: Front Door
    measures:
      - {id: timely_pct, name: Timely, unit: percent, period: flow}
      - {id: visits_pct, name: Visited, unit: percent, period: snapshot}
"""


def write_months(inputs, values: list[str]):
    """visits_pct as given, timely_pct in points beside it (so that no month holds only
    fractions)."""
    inputs.mkdir(exist_ok=True)
    for index, value in enumerate(values):
        write_csv(inputs / f"{JUNE.shift(index)}.csv", "measure,value",
                  f"visits_pct,{value}", f"timely_pct,{80 + index}")


def test_check_warns_and_strict_makes_it_an_error(tmp_path):
    small_catalogue(tmp_path, TWO_PERCENTAGES)
    write_months(tmp_path / "inputs", [*HISTORY, "0.889"])
    report = xlscore.check(tmp_path / "measures.yaml", tmp_path / "inputs")
    assert report.ok
    assert [(p.code, p.file, p.line) for p in report.warnings
            if p.code.startswith("extract.suspect")] == [
        ("extract.suspect-fraction", str(tmp_path / "inputs" / "2020-12.csv"), 2)]
    runner = CliRunner()
    args = ["check", "--catalogue", str(tmp_path / "measures.yaml"),
            "--inputs", str(tmp_path / "inputs")]
    plain = runner.invoke(app, args)
    assert plain.exit_code == 0, plain.output
    assert "typed as a fraction?" in plain.output
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1
    assert "--strict" in strict.output
    json_strict = runner.invoke(app, [*args, "--strict", "--format", "json"])
    assert json_strict.exit_code == 1 and '"ok": false' in json_strict.output


def test_strict_passes_a_clean_month(tmp_path):
    small_catalogue(tmp_path, TWO_PERCENTAGES)
    write_months(tmp_path / "inputs", HISTORY)
    result = CliRunner().invoke(app, ["check", "--strict", "--catalogue",
                                      str(tmp_path / "measures.yaml"),
                                      "--inputs", str(tmp_path / "inputs")])
    assert result.exit_code == 0, result.output
