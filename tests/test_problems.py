"""Problems as data, printed once: capped per kind, never obeying a terminal escape."""

from __future__ import annotations

from xlscore.problems import SHOWN_PER_KIND, STORED_PER_KIND, Problem, Problems


def test_a_million_bad_lines_print_as_ten_and_a_count():
    problems = Problems()
    for line in range(2, 1_000_002):
        problems.error("value 'abc' is not a number", file="2020-12.csv", line=line,
                       code="extract.not-a-number")
    problems.error("unknown measure id", file="2020-12.csv", line=3,
                   code="extract.unknown-measure")
    problems.warning("not used", file="notes.csv", code="extract.not-used")
    lines = problems.rendered()
    assert len(lines) == SHOWN_PER_KIND + 3
    assert lines[SHOWN_PER_KIND + 1] == "error: 2020-12.csv: and 999,990 more like it"
    assert problems.error_count == 1_000_001
    assert len(problems.items) == STORED_PER_KIND + 2


def test_a_few_problems_print_in_full():
    problems = Problems()
    for line in range(2, 2 + SHOWN_PER_KIND):
        problems.error("bad", file="a.csv", line=line, code="extract.not-a-number")
    assert len(problems.rendered()) == SHOWN_PER_KIND
    assert not any("more like it" in line for line in problems.rendered())


def test_terminal_escapes_are_shown_not_obeyed():
    problem = Problem("unknown measure id '\x1b[2J\x07x'", file="in\x1bputs/a.csv", line=2)
    assert "\x1b" not in str(problem) and "\x07" not in str(problem)
    assert "\\x1b[2J" in str(problem)
