"""Shared styling rules: readable text on any fill, and row heights for wrapped text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as s

from xlscore.writers.styles import contrast_ratio, text_on, wrapped_height, wrapped_lines


@pytest.mark.parametrize(("text", "per_line", "lines"), [
    ("Bracknell Forest 2020/21 Q4", 14, 3),  # wraps at spaces, not mid-word
    ("short", 14, 1),
    ("a b c d e f", 3, 3),
    ("abcdefghij", 4, 3),  # a word longer than a line breaks anywhere
    ("first\nsecond", 20, 2),
])
def test_wrapped_lines(text, per_line, lines):
    assert wrapped_lines(text, per_line) == lines


def test_row_height_follows_the_longest_wrapped_cell():
    assert wrapped_height([("x " * 40, 10), ("y", 50)]) > wrapped_height([("y", 50)]) == 15.0


@given(s.from_regex(r"[0-9A-F]{6}", fullmatch=True))
def test_text_chosen_for_any_fill_reaches_wcag_aa(background):
    assert contrast_ratio(text_on(background), background) >= 4.5


def test_contrast_ratio_of_black_on_white_is_21():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)


def test_a_rated_number_format_shows_its_marker_after_the_figure():
    from xlscore.model import Rating, Unit
    from xlscore.writers.styles import NUMBER_FORMATS, number_format

    assert number_format(Unit.PERCENT, Rating.GREEN) == '0.0%" G"'
    assert number_format(Unit.COUNT, Rating.RED) == '#,##0" R"'
    assert number_format(Unit.RATE, Rating.AMBER) == '0.0" A"'
    for unit in Unit:  # no rating, or the direction's Yellow: the plain format
        assert number_format(unit) == number_format(unit, Rating.YELLOW) == NUMBER_FORMATS[unit]
