"""Problems are data with a stable code (nothing finds one by its wording), printed once:
capped per kind, never obeying a terminal escape."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from xlscore.problems import (
    SHOWN_PER_KIND,
    STORED_PER_KIND,
    InputError,
    Problem,
    Problems,
    Severity,
)
from xlscore.quality import CODES, Check, Finding

CODE = re.compile(r"^[a-z]+\.[a-z0-9-]+$")


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("error", "warning") and node.args:
            yield node


@pytest.mark.parametrize("path", sorted((ROOT / "xlscore").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_problem_added_has_a_stable_code(path):
    for call in _calls(path):
        codes = [k.value for k in call.keywords if k.arg == "code"]
        assert codes, f"{path.name}:{call.lineno}: a problem without code="
        if isinstance(codes[0], ast.Constant):
            assert CODE.match(codes[0].value), f"{path.name}:{call.lineno}: {codes[0].value}"


def test_nothing_matches_a_problem_by_its_wording():
    for path in (ROOT / "xlscore").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.message\.(startswith|endswith)\(|in p\.message", text), path


def test_every_kind_of_finding_has_a_code_and_becomes_a_warning():
    assert set(CODES) == set(Check) - {Check.WARNING}
    finding = Finding(Check.ZERO_OVER_ZERO, "0/0", "inputs/2020-12.csv", 4, "cla")
    problem = finding.as_problem()
    assert problem.code == "quality.zero-over-zero"
    assert problem.severity is Severity.WARNING
    assert (problem.file, problem.line, problem.measure) == ("inputs/2020-12.csv", 4, "cla")
    assert Finding(Check.WARNING, "w", code="benchmarks.none").code == "benchmarks.none"


def test_an_input_error_carries_every_problem_and_names_each():
    problems = Problems()
    problems.error("first", file="a.csv", line=2, code="extract.x")
    problems.warning("by the way", code="check.y")
    problems.error("second", file="DataFrame", line=7, code="extract.z")
    with pytest.raises(InputError) as raised:
        problems.raise_if_errors()
    assert [p.code for p in raised.value.errors] == ["extract.x", "extract.z"]
    assert "a.csv:2: first" in str(raised.value)
    assert "DataFrame row 7: second" in str(raised.value)
    assert Problem("m", code="a.b", period="2020-12").as_dict()["period"] == "2020-12"


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
