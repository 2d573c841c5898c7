"""The Summary's figures (xlscore/summary.py) from a tiny catalogue and facts built in code."""

from __future__ import annotations

from tests.small import small_catalogue
from tests.test_calculator import NOV, OCT, card, facts
from xlscore.calculator import Calculator
from xlscore.model import Rating
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.summary import months_red, summarise


def summary_of(catalogue, *rows):
    scorecard = card(catalogue, NOV, *rows)
    return scorecard, summarise(scorecard, Calculator(catalogue, facts(*rows), Problems()))


def test_moved_to_green_includes_a_move_from_amber_and_from_red(tmp_path):
    catalogue = small_catalogue(tmp_path)
    # timely_pct: 95 target, 5 tolerance. Amber (92) -> Green (96).
    # caseload: 18 target, 2 tolerance, lower is better. Red (25) -> Green (17).
    # visits_pct: 90 target, no tolerance. Green (91) -> Green (95): no move.
    scorecard, summary = summary_of(
        catalogue, (OCT, "timely_pct", 92), (NOV, "timely_pct", 96),
        (OCT, "caseload", 25), (NOV, "caseload", 17),
        (OCT, "visits_pct", 91), (NOV, "visits_pct", 95))
    ratings = {x.measure.id: (x.previous.rating, x.current.rating) for x in scorecard.lines}
    assert ratings["timely_pct"] == (Rating.AMBER, Rating.GREEN)
    assert ratings["caseload"] == (Rating.RED, Rating.GREEN)
    assert [x.measure.id for x in summary.to_green] == ["timely_pct", "caseload"]
    assert summary.from_green == ()


def test_fell_from_green_includes_a_fall_to_amber(tmp_path):
    catalogue = small_catalogue(tmp_path)
    _, summary = summary_of(catalogue, (OCT, "timely_pct", 96), (NOV, "timely_pct", 92))
    assert [x.measure.id for x in summary.from_green] == ["timely_pct"]


def test_could_be_compared_counts_only_measures_with_a_direction(tmp_path):
    catalogue = small_catalogue(tmp_path)
    # contacts and days have figures in both months but no direction: nothing to improve on.
    _, summary = summary_of(
        catalogue, (OCT, "contacts", 10), (NOV, "contacts", 12),
        (OCT, "days", 3), (NOV, "days", 4),
        (OCT, "timely_pct", 92), (NOV, "timely_pct", 96),
        (OCT, "caseload", 20))  # a direction, but no figure this month
    assert summary.overall.comparable == 1
    assert summary.overall.improved == 1


def test_months_red_counts_the_run_of_red_months_back_from_this_one(tmp_path):
    catalogue = small_catalogue(tmp_path)
    # timely_pct: 95 target, 5 tolerance, higher is better.
    # Jun 96 Green, Jul 88 Red, Aug 92 Amber, Sep 85 Red, Oct 80 Red, Nov 70 Red.
    # caseload: 18 target, 2 tolerance, lower is better. Sep 25 Red, Oct n/a, Nov 25 Red.
    # visits_pct: 90 target. Nov 80 Red after an Oct with no figure at all.
    months = [Month(2020, m) for m in range(6, 12)]
    rows = [(m, "timely_pct", v) for m, v in zip(months, (96, 88, 92, 85, 80, 70), strict=True)]
    rows += [(Month(2020, 9), "caseload", 25), (OCT, "caseload", None), (NOV, "caseload", 25),
             (NOV, "visits_pct", 80)]
    calc = Calculator(catalogue, facts(*rows), Problems())
    timely = catalogue.measure("timely_pct")
    runs = [months_red(calc, timely, m) for m in months]
    assert runs == [0, 1, 0, 1, 2, 3]  # Amber ends a run as Green does
    assert months_red(calc, catalogue.measure("caseload"), NOV) == 1  # n/a ends it
    assert months_red(calc, catalogue.measure("caseload"), Month(2020, 9)) == 1
    assert months_red(calc, catalogue.measure("visits_pct"), NOV) == 1
    assert months_red(calc, catalogue.measure("contacts"), NOV) == 0  # no target: never Red
    _, summary = summary_of(catalogue, *rows)
    assert [(r.line.measure.id, r.months_red) for r in summary.red] == [
        ("timely_pct", 3), ("visits_pct", 1), ("caseload", 1)]


def target_rising_catalogue(tmp_path, tolerance="2"):
    from tests.small import CATALOGUE

    text = CATALOGUE.replace(
        "target: 95, tolerance: 5, direction: higher}",
        f'target: {{"2020/21": 90, "2021/22": 95}}, tolerance: {tolerance}, '
        "direction: higher}")
    return small_catalogue(tmp_path, text.replace('"2020/21": 10000', '"2020/21": 10000\n'
                                                  '  "2021/22": 10000'))


def april_summary(catalogue, march: int, april: int):
    from tests.test_calculator import card as card_of
    from xlscore.periods import Month

    march_, april_ = Month(2021, 3), Month(2021, 4)
    rows = [(march_, "timely_pct", march), (april_, "timely_pct", april)]
    scorecard = card_of(catalogue, april_, *rows)
    return summarise(scorecard, Calculator(catalogue, facts(*rows), Problems()))


def test_a_fall_from_green_in_april_because_the_target_rose_says_so(tmp_path):
    """91 was Green against 2020/21's 90; 92 is Amber against 2021/22's 95 (tolerance 2)
    and 91 would be Red against it: the target, not the figure, made the fall."""
    summary = april_summary(target_rising_catalogue(tmp_path), 91, 92)
    assert [x.measure.id for x in summary.from_green] == ["timely_pct"]
    assert summary.reasons == (("timely_pct", "the 2021/22 target is higher (90.0% → 95.0%)"),)
    from xlscore.writers.summary import sentences

    assert any("fell from Green because the 2021/22 target is higher (90.0% → 95.0%)." in s
               for s in sentences(summary))


def test_a_fall_the_figure_made_gives_no_target_reason(tmp_path):
    """96 was Green under both targets; 80 is Red under both: the figure fell."""
    summary = april_summary(target_rising_catalogue(tmp_path), 96, 80)
    assert [x.measure.id for x in summary.from_green] == ["timely_pct"]
    assert summary.reasons == ()

