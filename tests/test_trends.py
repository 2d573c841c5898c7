"""The trend window, Red runs, movements and the per-section counts, checked against the
Scorecard's own lines and against the sample's published figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as s

from tests.conftest import ROOT
from xlscore.calculator import Calculator
from xlscore.model import Rating
from xlscore.periods import Month
from xlscore.pipeline import calculate, load
from xlscore.problems import Problems
from xlscore.summary import OVERALL, months_red, summarise
from xlscore.trends import build_trend, window


def loaded_and_card(catalogue: Path, inputs: Path, month: str | None = "2020-12"):
    problems = Problems()
    loaded = load(catalogue, inputs, month, problems)
    return loaded, calculate(loaded, problems)


@pytest.fixture(scope="module")
def sample():
    loaded, card = loaded_and_card(ROOT / "measures.yaml", ROOT / "inputs")
    calc = Calculator(loaded.catalogue, loaded.facts, Problems())
    return loaded, card, calc


@given(s.integers(2000, 2100), s.integers(1, 12), s.integers(1, 36))
def test_window_is_consecutive_and_ends_with_the_month(year, month, length):
    months = window(Month(year, month), length)
    assert len(months) == length and months[-1] == Month(year, month)
    assert all(b == a.shift(1) for a, b in zip(months, months[1:], strict=False))


def test_sample_window_labels():
    assert [m.label for m in window(Month(2020, 12))] == [
        "Jan-20", "Feb-20", "Mar-20", "Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20",
        "Sep-20", "Oct-20", "Nov-20", "Dec-20"]


def test_trend_agrees_with_the_scorecard(sample):
    _, card, calc = sample
    trend = build_trend(card, calc)
    assert len(trend.lines) == len(card.lines) == 48
    for trend_line, line in zip(trend.lines, card.lines, strict=True):
        assert trend_line.measure is line.measure
        assert trend_line.figures[-1] == line.current
        assert trend_line.figures[-2] == line.previous
        assert trend_line.figures[3] == line.baseline  # Apr-20
    # Months with no extract are n/a, for every measure.
    gaps = [i for i, m in enumerate(trend.months) if m.month in (1, 2, 3, 5, 6, 7, 8, 9)]
    assert all(t.figures[i].value is None for t in trend.lines for i in gaps)


def test_each_month_is_rated_against_its_own_years_target(project):
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # Contacts within 1 workday: 92.3% in Apr-20, 96.4% in Dec-20 (target 95, tolerance 5).
    text = text.replace("target: 95.0\n        tolerance: 5.0\n        direction: higher",
                        'target: {"2019/20": 90.0, "2020/21": 97.0}\n'
                        '        tolerance: 5.0\n        direction: higher', 1)
    catalogue.write_text(text, encoding="utf-8")
    (project / "inputs" / "2020-03.csv").write_text(
        "measure,value\ncontacts_1_day_pct,92.0\n", encoding="utf-8")
    loaded, card = loaded_and_card(catalogue, project / "inputs")
    trend = build_trend(card, Calculator(loaded.catalogue, loaded.facts, Problems()))
    line = next(t for t in trend.lines if t.measure.id == "contacts_1_day_pct")
    march, december = line.figures[2], line.figures[-1]
    assert march.value == Decimal("92.0") and march.rating is Rating.GREEN  # vs 2019/20's 90
    assert december.value == Decimal("96.4") and december.rating is Rating.AMBER  # vs 97
    assert line.targets[2].value == Decimal("90.0") and line.current_target.value == 97


def test_months_red_counts_back_to_the_first_month_not_red(sample):
    loaded, card, calc = sample
    measure = loaded.catalogue.measure("assessments_45_days_pct")
    # 77.1% (Oct), 79.2% (Nov), 84.6% (Dec) against 90 with tolerance 5; no September extract.
    assert months_red(calc, measure, Month(2020, 12)) == 3
    assert months_red(calc, measure, Month(2020, 11)) == 2
    assert months_red(calc, measure, Month(2020, 4)) == 1  # 59.0%, and no March
    green = loaded.catalogue.measure("contacts_1_day_pct")
    assert months_red(calc, green, Month(2020, 12)) == 0


def test_a_missing_month_ends_a_red_run(project):
    (project / "inputs" / "2020-11.csv").unlink()
    loaded, card = loaded_and_card(project / "measures.yaml", project / "inputs")
    calc = Calculator(loaded.catalogue, loaded.facts, Problems())
    summary = summarise(card, calc)
    runs = {r.line.measure.id: r.months_red for r in summary.red}
    assert runs["assessments_45_days_pct"] == 1


def test_counts_per_section_and_overall(sample):
    _, card, calc = sample
    summary = summarise(card, calc)
    assert [t.name for t in summary.sections] == [s.name for s in card.catalogue.sections]
    overall = summary.overall
    assert overall.name == OVERALL and overall.measures == 48
    # The published December 2020 scorecard: 24 measures with a target.
    assert (overall.with_target, overall.green, overall.amber, overall.red) == (24, 9, 2, 13)
    assert overall.not_rated == 0
    for field in ("measures", "with_target", "green", "amber", "red", "improved", "comparable"):
        assert sum(getattr(t, field) for t in summary.sections) == getattr(overall, field)
    for tally, (_, lines) in zip(summary.sections, card.section_lines(), strict=True):
        assert tally.red == sum(1 for line in lines if line.current.rating is Rating.RED)
        assert tally.improved == sum(1 for line in lines if line.improved)
    assert overall.improved <= overall.comparable < overall.measures


def test_red_list_and_movements(sample):
    _, card, calc = sample
    summary = summarise(card, calc)
    assert [r.line for r in summary.red] == [
        line for line in card.lines if line.current.rating is Rating.RED]
    assert all(r.months_red >= 1 for r in summary.red)
    assert {line.measure.id for line in summary.to_green} == {
        "cp_ended_2_years_pct", "cp_visits_pct"}
    assert {line.measure.id for line in summary.from_green} == {
        "cin_visits_pct", "cp_repeat_pct", "cp_repeat_2_years_pct"}
    for line in summary.to_green:
        assert line.previous.rating in (Rating.RED, Rating.AMBER)
        assert line.current.rating is Rating.GREEN
    for line in summary.from_green:
        assert line.previous.rating is Rating.GREEN
        assert line.current.rating in (Rating.RED, Rating.AMBER)
