"""The SPC rules against published worked cases (NHSRplotthedots, Making Data Count) and edge
cases: equal values, points on the mean, runs across a rebase."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlscore.model import Direction, Measure, PeriodKind, SpcSettings, Target, Unit
from xlscore.periods import Month
from xlscore.spc import (
    Analysis,
    Assurance,
    Kind,
    Limits,
    Rule,
    Run,
    Side,
    Variation,
    analyse,
    assurance,
    beyond_limits,
    chart_months,
    classify,
    judge,
    key_lines,
    limits,
    moving_ranges,
    reaching_run,
    runs,
    series,
    shift,
    shift_runs,
    trend,
    trend_runs,
    two_of_three,
    two_of_three_runs,
)

H, L = Side.HIGH, Side.LOW
SETTINGS = SpcSettings()
START = Month(2018, 4)


def ds(*values) -> list[D]:
    return [D(str(v)) for v in values]


def measure(direction: Direction | None = Direction.HIGHER, rebase=(), unit=Unit.NUMBER):
    return Measure("m", "M", unit, PeriodKind.FLOW, "S", direction=direction,
                   rebase=tuple(rebase))


def figures(values, start: Month = START):
    return [(start.shift(i), None if v is None else D(str(v))) for i, v in enumerate(values)]


def last_month(values, start: Month = START) -> Month:
    return start.shift(len(values) - 1)


# Limits ------------------------------------------------------------------------------------

def test_limits_of_one_to_ten_are_5_5_plus_or_minus_2_66():
    lim = limits(ds(*range(1, 11)))
    assert lim.mean == D("5.5")
    assert (lim.lower, lim.upper) == (D("2.84"), D("8.16"))
    assert lim.near_upper - lim.mean == D("2.66") * 2 / 3


def test_moving_ranges_are_absolute_differences_of_neighbours():
    assert moving_ranges(ds(1, 4, 2, 2)) == (3, 2, 0)


def test_limits_are_not_clamped_below_zero():
    assert limits(ds(0, 10, 0, 10)).lower < 0


def test_eighteen_point_series_has_its_single_point_above_the_upper_limit():
    values = ds(1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)
    lim = limits(values)
    signals = judge(values, lim, SETTINGS, Direction.HIGHER)
    assert [i for i, s in enumerate(signals) if s] == [4]
    assert signals[4].rules == (Rule.BEYOND_LIMITS,)
    assert signals[4].kind is Kind.IMPROVEMENT and signals[4].side is H
    assert judge(values, lim, SETTINGS, Direction.LOWER)[4].kind is Kind.CONCERN


# Rule 1 ------------------------------------------------------------------------------------

LIM = Limits(mean=D(0), lower=D(-3), upper=D(3), near_lower=D(-2), near_upper=D(2))


def test_beyond_limits_is_strict():
    assert beyond_limits(ds(3, 3.1, -3, -3.1, 0), LIM) == (None, H, None, L, None)


# Rule 2 ------------------------------------------------------------------------------------

def test_shift_of_seven_flags_every_point_of_the_run():
    assert shift(ds(1, 1, 1, 1, 1, 1, 1), D(0), 7) == (H,) * 7
    assert shift(ds(-1, -1, -1, -1, -1, -1, -1, -1), D(0), 7) == (L,) * 8


def test_six_points_are_not_a_shift():
    assert shift(ds(1, 1, 1, 1, 1, 1, -1), D(0), 7) == (None,) * 7


def test_a_point_on_the_mean_breaks_a_shift():
    assert shift(ds(1, 1, 1, 0, 1, 1, 1, 1), D(0), 7) == (None,) * 8


def test_a_shift_needs_all_points_on_one_side():
    assert shift(ds(1, 1, 1, -1, 1, 1, 1, 1, 1, 1, 1), D(0), 7) == (None,) * 4 + (H,) * 7


# Rule 3 ------------------------------------------------------------------------------------

def test_seven_rising_points_are_a_trend():
    assert trend(ds(1, 2, 3, 4, 5, 6, 7), 7, H) == (H,) * 7
    assert trend(ds(1, 2, 3, 4, 5, 6, 7), 7, L) == (None,) * 7
    assert trend(ds(9, 8, 7, 6, 5, 4, 3, 2), 7, L) == (L,) * 8


def test_an_equal_value_breaks_a_trend():
    assert trend(ds(1, 2, 3, 3, 4, 5, 6, 7), 7, H) == (None,) * 8
    assert trend(ds(1, 2, 3, 4, 5, 6, 7, 7), 7, H) == (H,) * 7 + (None,)


def test_the_turning_point_belongs_to_both_trends():
    values = ds(7, 6, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7)
    assert trend(values, 7, L)[:7] == (L,) * 7
    assert trend(values, 7, H)[6:] == (H,) * 7


# Rule 4 ------------------------------------------------------------------------------------

def test_two_of_three_beyond_the_near_limit_flags_those_beyond():
    assert two_of_three(ds(2.5, 0, 2.5), LIM) == (H, None, H)
    assert two_of_three(ds(0, -2.5, -2.1, 0), LIM) == (None, L, L, None)


def test_two_of_three_is_not_two_of_four():
    assert two_of_three(ds(2.5, 0, 0, 2.5), LIM) == (None,) * 4


def test_a_point_on_the_near_limit_is_not_beyond_it():
    assert two_of_three(ds(2, 2.5, 2), LIM) == (None,) * 3


def test_two_of_three_needs_the_same_near_limit():
    assert two_of_three(ds(2.5, -2.5, 0), LIM) == (None,) * 3


def test_equal_values_beyond_the_near_limit_are_each_counted():
    assert two_of_three(ds(2.5, 2.5, 2.5), LIM) == (H, H, H)
    assert two_of_three(ds(0, 0, 2.5, 2.5, 0, 0), LIM) == (None, None, H, H, None, None)


def test_points_on_the_mean_do_not_count_towards_two_of_three():
    assert two_of_three(ds(0, 2.5, 0, 0, -2.5, 0), LIM) == (None,) * 6


def test_equal_values_above_the_mean_are_still_a_shift():
    assert shift(ds(2, 2, 2, 2, 2, 2, 2), D(1), 7) == (H,) * 7


def test_a_point_beyond_the_process_limit_counts_towards_two_of_three():
    assert two_of_three(ds(3.5, 2.5, 0), LIM) == (H, H, None)


# Precedence and words ----------------------------------------------------------------------

def test_improvement_wins_when_a_point_is_both():
    signal = classify([(Rule.TREND, L), (Rule.BEYOND_LIMITS, H)], Direction.LOWER)
    assert (signal.kind, signal.side) == (Kind.IMPROVEMENT, L)
    signal = classify([(Rule.TREND, L), (Rule.BEYOND_LIMITS, H)], Direction.HIGHER)
    assert (signal.kind, signal.side) == (Kind.IMPROVEMENT, H)
    assert signal.rules == (Rule.BEYOND_LIMITS, Rule.TREND)


def test_without_a_direction_the_first_rule_in_precedence_gives_the_side():
    signal = classify([(Rule.TREND, L), (Rule.BEYOND_LIMITS, H)], None)
    assert (signal.kind, signal.side) == (Kind.NEITHER, H)


def test_variation_words_are_those_of_the_issue():
    assert [v.value for v in Variation] == [
        "Common cause", "Improvement (high)", "Improvement (low)", "Concern (high)",
        "Concern (low)", "Neither (high)", "Neither (low)"]
    assert [a.value for a in Assurance] == [
        "Consistently passes", "Consistently fails", "Hit and miss", "n/a"]
    assert Variation.CONCERN_LOW.kind is Kind.CONCERN
    assert Variation.COMMON_CAUSE.kind is None


# Assurance ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "direction", "expected"), [
    ("2.7", Direction.HIGHER, Assurance.PASSES),
    ("2.8", Direction.HIGHER, Assurance.HIT_AND_MISS),  # on the lower limit as displayed
    ("8.2", Direction.HIGHER, Assurance.HIT_AND_MISS),
    ("8.3", Direction.HIGHER, Assurance.FAILS),
    ("8.3", Direction.LOWER, Assurance.PASSES),
    ("2.7", Direction.LOWER, Assurance.FAILS),
    ("5.0", Direction.LOWER, Assurance.HIT_AND_MISS),
])
def test_assurance_from_the_target_against_the_displayed_limits(target, direction, expected):
    lim = limits(ds(*range(1, 11)))  # 2.84 / 8.16, shown 2.8 / 8.2
    assert assurance(lim, Target(D(target)), direction, Unit.NUMBER) is expected


def test_no_target_no_assurance():
    assert assurance(limits(ds(1, 2)), None, Direction.HIGHER, Unit.NUMBER) \
        is Assurance.NOT_APPLICABLE


# The series and the analysis ---------------------------------------------------------------

def test_series_starts_at_the_first_figure_and_reports_gaps():
    kept, left_out = series(figures([None, None, 1, None, 2]))
    assert [m for m, _ in kept] == [START.shift(2), START.shift(4)]
    assert left_out == (START.shift(3),)


def test_fewer_than_min_points_is_not_available():
    values = list(range(14))
    result = analyse(measure(), figures(values), last_month(values), None, SETTINGS)
    assert result.variation is None
    assert result.variation_text == result.assurance_text == "n/a (fewer than 15 months)"
    assert all(p.limits is None for p in result.points)


def test_gaps_are_left_out_and_the_moving_range_spans_them():
    values = [1, 2, None, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 10]
    result = analyse(measure(), figures(values), last_month(values), None, SETTINGS)
    assert result.left_out == (START.shift(2),)
    assert len(result.points) == 17
    assert result.points[0].limits == limits(ds(*[v for v in values if v is not None]))
    assert result.variation is Variation.IMPROVEMENT_HIGH


def test_no_figure_this_month():
    values = [1, 2] * 8 + [None]
    result = analyse(measure(), figures(values), last_month(values), Target(D(5)), SETTINGS)
    assert result.variation_text == "n/a (no figure this month)"
    assert result.assurance is Assurance.FAILS


def test_rebase_restarts_limits_and_runs():
    before = [5, 6] * 8  # 16 points around 5.5
    after = [20, 21] * 8  # 16 points around 20.5
    values = before + after
    rebase = [START.shift(len(before))]
    plain = analyse(measure(), figures(values), last_month(values), None, SETTINGS)
    rebased = analyse(measure(rebase=rebase), figures(values), last_month(values), None,
                      SETTINGS)
    assert plain.variation is Variation.IMPROVEMENT_HIGH  # a shift without the rebase
    assert rebased.variation is Variation.COMMON_CAUSE
    assert rebased.points[-1].limits.mean == D("20.5")
    assert rebased.points[0].limits.mean == D("5.5")
    assert {p.segment for p in rebased.points} == {0, 1}


def test_a_run_does_not_cross_a_rebase():
    # nine points above the mean in a row, five before the rebase and four after it
    values = [0, 1] * 8 + [1, 1, 1, 1] + [1, 1, 1, 1] + [0, 1] * 8
    rebase = [START.shift(20)]

    def shifts(result):
        return [p.month for p in result.points if p.signal and Rule.SHIFT in p.signal.rules]

    plain = analyse(measure(direction=None), figures(values), last_month(values), None,
                    SETTINGS)
    rebased = analyse(measure(direction=None, rebase=rebase), figures(values),
                      last_month(values), None, SETTINGS)
    assert len(shifts(plain)) == 9
    assert shifts(rebased) == []


def test_a_trend_does_not_cross_a_rebase():
    values = [5, 6] * 8 + [1, 2, 3, 4] + [5, 6, 7, 8] + [6, 7] * 8
    rebase = [START.shift(20)]

    def trends(result):
        return [p.month for p in result.points if p.signal and Rule.TREND in p.signal.rules]

    assert len(trends(analyse(measure(None), figures(values), last_month(values), None,
                              SETTINGS))) >= 8
    assert trends(analyse(measure(None, rebase=rebase), figures(values), last_month(values),
                          None, SETTINGS)) == []


def test_too_few_points_since_a_rebase():
    values = [5, 6] * 10
    result = analyse(measure(rebase=[START.shift(15)]), figures(values), last_month(values),
                     None, SETTINGS)
    assert result.variation_text == "n/a (fewer than 15 months)"
    assert result.points[0].limits is not None and result.points[-1].limits is None


def test_baseline_holds_the_limits_of_the_first_points():
    values = [5, 6] * 6 + [9, 10] * 6
    result = analyse(measure(), figures(values), last_month(values), None,
                     SpcSettings(baseline=12, min_points=12))
    assert result.points[-1].limits.mean == D("5.5")
    assert result.variation is Variation.IMPROVEMENT_HIGH
    unheld = analyse(measure(), figures(values), last_month(values), None,
                     SpcSettings(min_points=12))
    assert unheld.points[-1].limits.mean == D("7.5")


# Properties --------------------------------------------------------------------------------

values_strategy = st.lists(st.integers(-50, 50).map(lambda n: D(n) / 10), min_size=15,
                           max_size=40)


def mirror(variation: Variation | None) -> Variation | None:
    if variation is None:
        return None
    return Variation(variation.value.replace("high", "x").replace("low", "high")
                     .replace("x", "low"))


@given(values_strategy, st.integers(-50, 50))
def test_mirror_symmetry_of_higher_and_lower(values, target):
    goal = D(target) / 10
    up = analyse(measure(Direction.HIGHER), figures(values), last_month(values),
                 Target(goal), SETTINGS)
    down = analyse(measure(Direction.LOWER), figures([-v for v in values]),
                   last_month(values), Target(-goal), SETTINGS)
    assert mirror(up.variation) is down.variation
    assert up.assurance is down.assurance
    for a, b in zip(up.points, down.points, strict=True):
        assert (a.signal is None) == (b.signal is None)
        if a.signal:
            assert a.signal.kind is b.signal.kind and a.signal.side is not b.signal.side


@given(st.integers(-1000, 1000), st.integers(15, 40),
       st.sampled_from([Direction.HIGHER, Direction.LOWER, None]))
def test_a_constant_series_has_no_special_cause(value, length, direction):
    values = [value] * length
    result = analyse(measure(direction), figures(values), last_month(values), None, SETTINGS)
    assert result.variation is Variation.COMMON_CAUSE
    assert all(p.signal is None for p in result.points)


@given(values_strategy)
def test_every_flagged_point_is_flagged_by_a_rule_that_can_be_checked(values):
    lim = limits(values)
    for value, signal in zip(values, judge(values, lim, SETTINGS, None), strict=True):
        if signal and signal.rules == (Rule.BEYOND_LIMITS,):
            assert value > lim.upper or value < lim.lower


@given(values_strategy, values_strategy)
def test_after_a_rebase_the_earlier_points_do_not_matter(before, after):
    """A rebase starts afresh: the points after it are judged as if they were all there is."""
    values = before + after
    rebase = [START.shift(len(before))]
    whole = analyse(measure(Direction.HIGHER, rebase=rebase), figures(values),
                    last_month(values), Target(D(1)), SETTINGS)
    tail = analyse(measure(Direction.HIGHER), figures(after, START.shift(len(before))),
                   last_month(values), Target(D(1)), SETTINGS)
    assert whole.points[len(before):] == tuple(p._replace(segment=1) for p in tail.points)
    assert (whole.variation, whole.assurance) == (tail.variation, tail.assurance)


def test_the_key_has_a_line_for_every_kind_and_assurance_and_states_the_settings():
    variation, assurance = key_lines(SpcSettings(min_points=12, shift=8, trend=6))
    assert [kind for kind, _ in variation] == [None, *Kind]
    assert [a for a, _ in assurance] == list(Assurance)
    rules = dict(variation)[Kind.IMPROVEMENT]
    assert "8 or more in a row on one side" in rules and "6 or more in a row each" in rules
    assert "fewer than 12 months" in dict(assurance)[Assurance.NOT_APPLICABLE]


# Runs, and the months a chart plots ---------------------------------------------------------

def test_two_rising_runs_split_by_an_equal_value_are_two_runs():
    values = ds(1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13)
    assert trend_runs(values, 7, H) == ((0, 7, H), (7, 14, H))
    assert trend(values, 7, H) == (H,) * 14  # the flags alone cannot tell them apart


def test_a_shift_run_is_the_run_of_points_on_one_side_not_the_points_around_it():
    values = ds(0, 1, 1, 1, 1, 1, 1, 1, 0, -1, -1, -1, -1, -1, -1)
    assert shift_runs(values, D(0), 7) == ((1, 8, H),)
    assert shift_runs(values, D(0), 6) == ((1, 8, H), (9, 15, L))


def test_two_of_three_runs_chain_overlapping_windows_and_keep_sides_apart():
    lim = Limits(D(0), D(-3), D(3), D(-2), D(2))
    #              0  1    2  3  4  5    6  7  8    9
    values = ds(2.5, 0, 2.5, 0, 0, 0, -2.5, 0, 0, -2.5)
    assert two_of_three_runs(values, lim) == ((0, 3, H),)  # 6 and 9: two of four, not three
    values = ds(2.5, 2.5, 0, 2.5, 0, 0, 0, -2.5, -2.5)
    assert two_of_three_runs(values, lim) == ((0, 4, H), (7, 9, L))


@given(values_strategy)
def test_the_runs_hold_exactly_the_points_the_rules_flag(values):
    """A run starts and ends on a flagged point and every flagged point is in a run: the
    runs say the same as `judge`, by stretches."""
    lim = limits(values)
    flagged = {i for i, s in enumerate(judge(values, lim, SETTINGS, None)) if s}
    found = runs(values, lim, SETTINGS)
    inside = {i for _, (start, end, _) in found for i in range(start, end)}
    assert flagged <= inside
    for _, (start, end, _) in found:
        assert start in flagged and end - 1 in flagged


def test_analyse_gives_each_run_its_first_and_last_month_and_its_points():
    values = [51, 49] * 8 + [53] * 9 + [49, 51, 49]  # a shift of 9 above the mean
    settings = SpcSettings(baseline=16)  # the mean of the first 16: 50
    result = analyse(measure(), figures(values), last_month(values), None, settings)
    assert result.runs == (Run(Rule.SHIFT, H, START.shift(16), START.shift(24), 9),)
    assert result.runs[0].described == "the run of 9 points above the mean"


def test_a_month_left_out_is_not_a_point_of_the_run():
    values = [51, 49] * 8 + [53, 53, None, 53, 53, 53, 53, 53] + [49]
    result = analyse(measure(), figures(values), last_month(values), None,
                     SpcSettings(baseline=16, shift=7))
    assert result.runs == (Run(Rule.SHIFT, H, START.shift(16), START.shift(23), 7),)


WINDOW = tuple(Month(2020, 1).shift(i) for i in range(12))  # Jan-20 to Dec-20


def with_runs(*found: Run) -> Analysis:
    return Analysis(measure(), WINDOW[-1], (), (), None, None, runs=found)


def shift_from(first: Month, last: Month, points: int = 9) -> Run:
    return Run(Rule.SHIFT, H, first, last, points)


def test_a_run_that_starts_on_the_charts_first_month_does_not_extend_it():
    analysis = with_runs(shift_from(WINDOW[0], WINDOW[8]))
    assert reaching_run(analysis, WINDOW) is None
    assert chart_months(analysis, WINDOW) == WINDOW


def test_a_run_that_starts_a_month_before_extends_the_chart_by_that_month():
    run = shift_from(WINDOW[0].shift(-1), WINDOW[7])
    analysis = with_runs(run)
    assert reaching_run(analysis, WINDOW) == run
    assert chart_months(analysis, WINDOW) == (Month(2019, 12), *WINDOW)


def test_a_run_that_ended_before_the_chart_does_not_extend_it():
    analysis = with_runs(shift_from(Month(2019, 4), WINDOW[0].shift(-1)))
    assert chart_months(analysis, WINDOW) == WINDOW


def test_a_run_whose_last_point_is_the_charts_first_month_extends_it():
    analysis = with_runs(shift_from(Month(2019, 6), WINDOW[0]))
    assert chart_months(analysis, WINDOW)[0] == Month(2019, 6)


def test_of_several_runs_the_earliest_that_reaches_into_the_chart_starts_it():
    ended = shift_from(Month(2018, 1), Month(2018, 12))  # earliest of all, but over
    early = Run(Rule.TREND, L, Month(2019, 9), WINDOW[2], 8)
    later = shift_from(Month(2019, 11), WINDOW[5])
    inside = shift_from(WINDOW[3], WINDOW[11])
    analysis = with_runs(ended, early, later, inside)
    assert reaching_run(analysis, WINDOW) == early
    months = chart_months(analysis, WINDOW)
    assert (months[0], months[-1], len(months)) == (Month(2019, 9), WINDOW[-1], 16)


def test_without_runs_the_chart_keeps_its_months():
    assert chart_months(with_runs(), WINDOW) == WINDOW
