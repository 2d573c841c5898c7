"""The rank, quartile and against-England rules (xlscore/ranking.py), each case of issue 16
by example and the rules that must hold for any figures by hypothesis."""

from __future__ import annotations

from decimal import Decimal
from math import ceil

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from xlscore.model import Direction, Unit
from xlscore.ranking import Course, Quartile, against_england, quartile, rank

D = Decimal
A, B, C, Dq = Quartile.A, Quartile.B, Quartile.C, Quartile.D


def test_ties_share_the_best_rank_and_the_next_rank_skips():
    got = rank({"a": D(10), "b": D(20), "c": D(20), "d": D(5)}, Direction.HIGHER, Unit.COUNT)
    assert {k: s.rank for k, s in got.items()} == {"b": 1, "c": 1, "a": 3, "d": 4}
    assert {s.ranked for s in got.values()} == {4}


def test_figures_equal_as_displayed_are_a_tie():
    # 18.84 and 18.75 both show 18.8; 18.74 shows 18.7
    got = rank({"a": D("18.84"), "b": D("18.75"), "c": D("18.74")}, Direction.LOWER,
               Unit.PERCENT)
    assert {k: s.rank for k, s in got.items()} == {"c": 1, "a": 2, "b": 2}


def test_lower_is_better_ranks_the_smallest_first():
    figures = {"a": D("15.4"), "b": D("22.6"), "c": D("9.0")}
    assert {k: s.rank for k, s in rank(figures, Direction.LOWER, Unit.PERCENT).items()} == \
        {"c": 1, "a": 2, "b": 3}
    assert {k: s.rank for k, s in rank(figures, Direction.HIGHER, Unit.PERCENT).items()} == \
        {"b": 1, "a": 2, "c": 3}


def test_a_suppressed_or_missing_figure_is_neither_ranked_nor_counted():
    got = rank({"a": D(3), "b": None, "c": D(1)}, Direction.HIGHER, Unit.COUNT)
    assert set(got) == {"a", "c"}
    assert got["c"].text == "2 of 2"


@pytest.mark.parametrize("ranked, bands", [
    (8, [A, A, B, B, C, C, Dq, Dq]),  # divisible by 4: two of each
    (10, [A, A, B, B, B, C, C, Dq, Dq, Dq]),  # ceil(4r/10): 0.4 0.8 | 1.2 .. 2.0 | 2.4 2.8 | 3.2 ..
    (151, None),
])
def test_quartile_boundaries(ranked, bands):
    got = [quartile(r, ranked) for r in range(1, ranked + 1)]
    if bands is not None:
        assert got == bands
    else:  # 151: A to rank 37 (4 x 37 <= 151), B to 75 (300 <= 302), C to 113 (452 <= 453)
        assert got[36] is A and got[37] is B and got[74] is B and got[75] is C
        assert got[112] is C and got[113] is Dq and got[-1] is Dq


def test_a_rank_outside_the_ranked_is_refused():
    with pytest.raises(ValueError):
        quartile(0, 5)
    with pytest.raises(ValueError):
        quartile(6, 5)


def test_quartile_labels_read_without_colour():
    assert [q.label for q in Quartile] == ["A (top quartile)", "B (second quartile)",
                                           "C (third quartile)", "D (bottom quartile)"]


figures = hs.dictionaries(hs.integers(0, 40), hs.one_of(
    hs.none(), hs.decimals(min_value=0, max_value=100, places=2)), max_size=40)


@given(figures, hs.sampled_from(Direction), hs.sampled_from([Unit.PERCENT, Unit.COUNT]))
def test_rank_is_one_plus_the_number_strictly_better(values, direction, unit):
    got = rank(values, direction, unit)
    shown = {k: unit.displayed(v) for k, v in values.items() if v is not None}
    assert set(got) == set(shown)
    for key, standing in got.items():
        better = sum(1 for v in shown.values() if direction.better(v, shown[key]))
        assert standing.rank == 1 + better
        assert standing.ranked == len(shown)
        assert standing.quartile is list(Quartile)[ceil(4 * standing.rank / len(shown)) - 1]


@given(hs.integers(1, 400))
def test_quartiles_run_a_to_d_in_order_and_split_evenly(ranked):
    bands = [quartile(r, ranked) for r in range(1, ranked + 1)]
    assert bands[-1] is Dq  # the last is always D: ceil(4n/n) = 4
    assert (bands[0] is A) is (ranked >= 4)  # 1 of 3 is ceil(4/3) = 2: B
    assert bands == sorted(bands, key=lambda q: q.value)  # never back up a band
    if ranked >= 4:
        for band in Quartile:
            assert ranked // 4 <= bands.count(band) <= ranked // 4 + 1


H, L = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize("years, direction, course", [
    ([(60, 50), (70, 55)], H, Course.PULLING_AWAY),  # ahead by 10, then 15
    ([(60, 50), (58, 55)], H, Course.AHEAD_CLOSING),  # 10, then 3
    ([(60, 50), (65, 55)], H, Course.AHEAD_UNCHANGED),  # 10, then 10
    ([(40, 50), (52, 55)], H, Course.CLOSING),  # behind by 10, then 3
    ([(40, 50), (40, 55)], H, Course.WIDENING),  # 10, then 15
    ([(40, 50), (45, 55)], H, Course.BEHIND_UNCHANGED),
    ([(40, 50), (60, 55)], H, Course.OVERTOOK),
    ([(50, 50), (60, 55)], H, Course.OVERTOOK),  # level, then ahead
    ([(60, 50), (50, 55)], H, Course.FELL_BEHIND),
    ([(50, 50), (50, 55)], H, Course.FELL_BEHIND),  # level, then behind
    ([(60, 50), (55, 55)], H, Course.LEVEL),
    ([(20, 22), (15, 22)], L, Course.PULLING_AWAY),  # lower is better: 2 ahead, then 7
    ([(25, 22), (23, 22)], L, Course.CLOSING),
    ([(60, 50)], H, Course.NOT_AVAILABLE),
    ([(60, None), (None, 55), (70, 50)], H, Course.NOT_AVAILABLE),  # one year with both
])
def test_against_england_in_words(years, direction, course):
    typed = [(None if a is None else D(a), None if b is None else D(b)) for a, b in years]
    assert against_england(typed, direction, Unit.COUNT) is course


def test_against_england_uses_the_first_and_last_years_with_both_and_figures_as_shown():
    # the middle year is skipped; 60.04 shows 60.0, a gap of 10.0 both times: unchanged
    years = [(None, D(50)), (D("60.04"), D(50)), (D(1), D(90)), (D("65.0"), D(55)),
             (D(70), None)]
    assert against_england(years, H, Unit.PERCENT) is Course.AHEAD_UNCHANGED


pair = hs.tuples(hs.one_of(hs.none(), hs.integers(0, 200)), hs.one_of(hs.none(),
                                                                         hs.integers(0, 200)))


@given(hs.lists(pair, max_size=6))
def test_against_england_lower_is_the_mirror_of_higher(years):
    typed = [(None if a is None else D(a), None if b is None else D(b)) for a, b in years]
    mirrored = [(None if a is None else -a, None if b is None else -b) for a, b in typed]
    assert against_england(typed, H, Unit.COUNT) is against_england(mirrored, L, Unit.COUNT)
