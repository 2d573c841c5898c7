"""Shared styling rules: readable text on any fill, and row heights for wrapped text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as s

from xlscore.writers.styles import (
    contrast_ratio,
    set_text,
    text_on,
    wrapped_height,
    wrapped_lines,
)


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


def _reference_lines(text: str, per_line: int) -> int:
    """The plain (quadratic) way to count wrapped lines: a line at a time."""
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        line = ""
        for word in paragraph.split():
            while len(word) > per_line:
                if line:
                    count += 1
                count, line, word = count + 1, "", word[per_line:]
                line = ""
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= per_line:
                line += " " + word
            else:
                count += 1
                line = word
    return count


@given(s.text(alphabet=" \nab", max_size=200), s.integers(1, 15))
def test_wrapped_lines_agrees_with_counting_line_by_line(text, per_line):
    assert wrapped_lines(text, per_line) == min(_reference_lines(text, per_line), 1000)


def test_wrapped_lines_is_bounded_on_text_without_spaces():
    """16 million characters without a space took 48 s; counting stops at the limit."""
    assert wrapped_lines("x" * 16_000_000, 40) == 1000
    assert wrapped_height([("x" * 16_000_000, 40)]) == 409.0  # Excel's tallest row


@pytest.mark.parametrize(("text", "value"), [
    ("=1+1", "=1+1"),
    ("=HYPERLINK(\"http://x\"&H12, \"y\")", "=HYPERLINK(\"http://x\"&H12, \"y\")"),
    ("first\x0bsecond", "first\nsecond"),
    ("bell\x07 escape\x1b[31m", "bell escape[31m"),
    ("x" * 40_000, "x" * 32_767),
    ("#N/A", "#N/A"),  # text, not the error value openpyxl would make of it
    ("tab\tand\nline", "tab\tand\nline"),
    ("\x85 next line \x9b", " next line "),
])
def test_set_text_keeps_text_as_text_a_cell_can_hold(text, value):
    from openpyxl import Workbook

    cell = Workbook().active["A1"]
    set_text(cell, text)
    assert cell.value == value and cell.data_type == "s"
