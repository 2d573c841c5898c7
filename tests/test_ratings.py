"""The colour rules: against a target, against averages, direction of travel, and the key."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlscore.model import BenchmarkSpec, Direction, Rating, Target, Travel, Unit
from xlscore.ratings import against_averages, against_target, key_lines, travel

D = Decimal
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER
ORDER = {Rating.GREEN: 0, Rating.AMBER: 1, Rating.RED: 2}

tenths = st.integers(min_value=0, max_value=2000).map(lambda n: D(n) / 10)
hundredths = st.integers(min_value=0, max_value=20000).map(lambda n: D(n) / 100)
units = st.sampled_from([Unit.PERCENT, Unit.RATE, Unit.NUMBER, Unit.COUNT])
directions = st.sampled_from([HIGHER, LOWER])


def rate(value, target, tolerance=0, direction=HIGHER, unit=Unit.PERCENT):
    return against_target(D(value), Target(D(target), D(tolerance)), direction, unit)


@settings(deadline=None)  # no timing in tests
@given(a=hundredths, b=hundredths, goal=tenths, tol=tenths, unit=units)
def test_higher_is_better_is_monotonic_in_value(a, b, goal, tol, unit):
    low, high = sorted((a, b))
    target = Target(goal, tol)
    assert ORDER[against_target(high, target, HIGHER, unit)] <= \
        ORDER[against_target(low, target, HIGHER, unit)]


@settings(deadline=None)  # no timing in tests
@given(a=hundredths, b=hundredths, goal=tenths, tol=tenths, unit=units)
def test_lower_is_better_is_monotonic_in_value(a, b, goal, tol, unit):
    low, high = sorted((a, b))
    target = Target(goal, tol)
    assert ORDER[against_target(low, target, LOWER, unit)] <= \
        ORDER[against_target(high, target, LOWER, unit)]


@settings(deadline=None)  # no timing in tests
@given(value=hundredths, goal=tenths, tol=tenths, unit=units)
def test_lower_is_better_mirrors_higher_is_better(value, goal, tol, unit):
    """Reflecting value and target about zero turns one direction into the other."""
    target, mirrored = Target(goal, tol), Target(-goal, tol)
    assert against_target(value, target, LOWER, unit) == \
        against_target(-value, mirrored, HIGHER, unit)


@settings(deadline=None)  # no timing in tests
@given(goal=tenths, tol=tenths, direction=directions)
def test_tolerance_band_is_inclusive_at_both_ends(goal, tol, direction):
    sign = -1 if direction is HIGHER else 1
    target = Target(goal, tol)
    assert against_target(goal, target, direction, Unit.RATE) is Rating.GREEN
    if tol > 0:
        edge = goal + sign * tol
        assert against_target(edge, target, direction, Unit.RATE) is Rating.AMBER
        beyond = edge + sign * D("0.1")
        assert against_target(beyond, target, direction, Unit.RATE) is Rating.RED


@settings(deadline=None)  # no timing in tests
@given(goal=tenths, direction=directions)
def test_tolerance_zero_has_no_amber(goal, direction):
    sign = -1 if direction is HIGHER else 1
    target = Target(goal, D(0))
    assert against_target(goal, target, direction, Unit.NUMBER) is Rating.GREEN
    assert against_target(goal + sign * D("0.1"), target, direction, Unit.NUMBER) is Rating.RED
    assert against_target(goal - sign * D("0.1"), target, direction, Unit.NUMBER) is Rating.GREEN


def test_examples_against_95_with_tolerance_5():
    assert rate("96.4", 95, 5) is Rating.GREEN
    assert rate("95.0", 95, 5) is Rating.GREEN
    assert rate("90.0", 95, 5) is Rating.AMBER
    assert rate("89.9", 95, 5) is Rating.RED


def test_lower_is_better_examples():
    assert rate("10.0", 10, 2, LOWER) is Rating.GREEN
    assert rate("9.0", 10, 2, LOWER) is Rating.GREEN
    assert rate("12.0", 10, 2, LOWER) is Rating.AMBER
    assert rate("12.1", 10, 2, LOWER) is Rating.RED


def test_rating_uses_the_displayed_value_rounded_half_up():
    assert Unit.PERCENT.displayed(D("94.95")) == D("95.0")
    assert rate("94.95", "95.0") is Rating.GREEN
    assert rate("94.94", "95.0", 5) is Rating.AMBER
    assert rate("94.94", "95.0") is Rating.RED


def test_tolerance_edge_uses_the_displayed_value():
    assert rate("89.95", 95, 5) is Rating.AMBER  # shows 90.0
    assert rate("89.94", 95, 5) is Rating.RED  # shows 89.9


def test_counts_are_compared_whole():
    assert Unit.COUNT.displayed(D("99.5")) == D(100)
    assert rate("99.5", 100, unit=Unit.COUNT) is Rating.GREEN
    assert rate("99.4", 100, unit=Unit.COUNT) is Rating.RED


def test_displayed_precision_per_unit():
    assert Unit.COUNT.decimals == 0
    assert [u.displayed(D("2.25")) for u in (Unit.PERCENT, Unit.RATE, Unit.NUMBER)] == \
        [D("2.3")] * 3


def averages(value, values, direction=HIGHER, unit=Unit.PERCENT):
    return against_averages(D(value), [None if v is None else D(v) for v in values],
                            direction, unit)


def test_against_averages_better_than_all_is_green():
    assert averages("50", ["40", "45"]) is Rating.GREEN
    assert averages("30", ["40", "45"], LOWER) is Rating.GREEN


def test_against_averages_worse_than_all_is_red():
    assert averages("30", ["40", "45"]) is Rating.RED
    assert averages("50", ["40", "45"], LOWER) is Rating.RED


def test_against_averages_between_is_amber():
    assert averages("42", ["40", "45"]) is Rating.AMBER


def test_against_averages_a_tie_is_amber():
    assert averages("45", ["40", "45"]) is Rating.AMBER
    assert averages("40", ["40", "45"]) is Rating.AMBER
    assert averages("40", ["40", "40"]) is Rating.AMBER


def test_against_averages_ties_at_displayed_precision():
    assert averages("40.04", ["40.0"]) is Rating.AMBER
    assert averages("40.05", ["40.0"]) is Rating.GREEN


def test_against_averages_with_one_available_average():
    assert averages("50", ["40", None]) is Rating.GREEN
    assert averages("30", [None, "40"]) is Rating.RED
    assert averages("40", ["40", None]) is Rating.AMBER


def test_against_averages_with_none_available_has_no_colour():
    assert averages("50", [None, None]) is None
    assert averages("50", []) is None


@settings(deadline=None)  # no timing in tests
@given(value=tenths, avgs=st.lists(tenths, min_size=1, max_size=4), direction=directions)
def test_against_averages_green_and_red_need_every_average(value, avgs, direction):
    rating = against_averages(value, avgs, direction, Unit.RATE)
    better = [direction.better(value, a) for a in avgs]
    worse = [direction.better(a, value) for a in avgs]
    assert (rating is Rating.GREEN) == all(better)
    assert (rating is Rating.RED) == all(worse)


def improved(current, previous, direction, unit) -> bool:
    return travel(current, previous, direction, unit) is Travel.IMPROVED


def test_improved_follows_the_direction():
    assert improved(D(10), D(9), HIGHER, Unit.COUNT)
    assert not improved(D(9), D(10), HIGHER, Unit.COUNT)
    assert improved(D(9), D(10), LOWER, Unit.COUNT)


def test_improved_needs_a_change_at_displayed_precision():
    assert not improved(D(10), D(10), HIGHER, Unit.COUNT)
    assert not improved(D("34.04"), D("34.0"), HIGHER, Unit.PERCENT)
    assert improved(D("34.05"), D("34.0"), HIGHER, Unit.PERCENT)


def test_improved_is_false_without_both_months_or_a_direction():
    assert not improved(None, D(9), HIGHER, Unit.COUNT)
    assert not improved(D(10), None, HIGHER, Unit.COUNT)
    assert not improved(D(10), D(9), None, Unit.COUNT)


SPEC = BenchmarkSpec("2019/20", "Slough", ("SN", "SE"), ("SN", "SE", "ENG"))
COLOURS = ("Yellow", "Green", "Amber", "Red")


@pytest.mark.parametrize("spec", [SPEC, None])
def test_key_states_each_colour_once_in_order(spec):
    lines = key_lines(spec)
    assert [text.split(" ")[0] for _, text in lines] == list(COLOURS)
    assert [rating for rating, _ in lines] == [Rating.YELLOW, Rating.GREEN, Rating.AMBER,
                                              Rating.RED]
    for colour in COLOURS:
        assert sum(bool(re.search(rf"\b{colour}\b", text, re.I)) for _, text in lines) == 1


def test_key_names_the_averages_and_columns_it_applies_to():
    texts = dict(key_lines(SPEC))
    assert "SN/SE" in texts[Rating.GREEN] and "Annual return" in texts[Rating.RED]
    assert "Full quarter" in texts[Rating.AMBER]
    assert all("Annual return" not in text for _, text in key_lines(None))


def test_travel_says_improved_worse_or_no_change_as_displayed():
    from xlscore.model import Travel
    from xlscore.ratings import travel

    assert travel(D(10), D(9), HIGHER, Unit.COUNT) is Travel.IMPROVED
    assert travel(D(9), D(10), HIGHER, Unit.COUNT) is Travel.WORSE
    assert travel(D(9), D(10), LOWER, Unit.COUNT) is Travel.IMPROVED
    assert travel(D("34.04"), D("34.0"), HIGHER, Unit.PERCENT) is Travel.NO_CHANGE
    assert travel(D("33.96"), D("34.0"), LOWER, Unit.PERCENT) is Travel.NO_CHANGE
    assert travel(None, D(9), HIGHER, Unit.COUNT) is None
    assert travel(D(10), D(9), None, Unit.COUNT) is None


@settings(deadline=None)
@given(a=hundredths, b=hundredths, unit=units, direction=directions)
def test_travel_is_improved_exactly_when_improved_and_flips_with_the_months(a, b, unit,
                                                                            direction):
    from xlscore.model import Travel
    from xlscore.ratings import travel

    forward, backward = travel(a, b, direction, unit), travel(b, a, direction, unit)
    assert (forward is Travel.IMPROVED) == improved(a, b, direction, unit)
    flipped = {Travel.IMPROVED: Travel.WORSE, Travel.WORSE: Travel.IMPROVED,
               Travel.NO_CHANGE: Travel.NO_CHANGE}
    assert backward is flipped[forward]


def test_every_rating_of_a_figure_has_its_own_marker_and_the_key_names_it():
    from xlscore.ratings import MARKERS

    assert set(MARKERS) == {Rating.GREEN, Rating.AMBER, Rating.RED}
    assert len(set(MARKERS.values())) == 3
    spec = BenchmarkSpec("2019/20", "Own", ("SN", "SE"), ("SN", "SE"))
    key = dict(key_lines(spec))
    for rating, marker in MARKERS.items():
        assert key[rating].startswith(f"{rating.value.title()} ({marker} after the figure) = ")
    assert key[Rating.YELLOW].startswith("Yellow (Improved) = ")
    for word in ("Improved", "Worse", "No change"):
        assert word in key[Rating.YELLOW]


def test_a_tolerance_is_used_as_displayed():
    # tolerance 4.96 shows 5.0: 90.0 against 95 is 5.0 short, within it
    assert rate("90.0", 95, "4.96") is Rating.AMBER
    assert rate("90.0", 95, "4.94") is Rating.RED  # shows 4.9
    assert rate("90", 95, "4.5", unit=Unit.COUNT) is Rating.AMBER  # a count's shows 5


def test_a_comparator_average_is_used_as_displayed():
    # an SN of 16.25 shows 16.3: 16.3 is level with it, not better
    assert averages("16.3", ["16.25"]) is Rating.AMBER
    assert averages("16.3", ["16.25"], LOWER) is Rating.AMBER
    assert averages("16.3", ["16.24"]) is Rating.GREEN  # shows 16.2
