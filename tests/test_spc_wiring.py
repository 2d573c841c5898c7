"""SPC's wiring around its rule functions (those are pinned in test_spc): the rules as the
analysis calls them, each with its own setting, a rebase in the build month, the figures as
displayed, and the target and limits assurance is judged against."""

from __future__ import annotations

from decimal import Decimal as D

from tests.small import small_catalogue
from tests.test_calculator import card, facts
from xlscore.calculator import Calculator
from xlscore.model import Direction, Measure, PeriodKind, SpcSettings, Target, Unit
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.spc import Assurance, Rule, Variation, analyse, build_spc, limits

START = Month(2018, 4)
# Sixteen points around 11 (every moving range 2): limits 11 +/- 5.3, near limits 11 +/- 3.5.
STEADY = [12, 10] * 8
# Then seven points, each lower than the one before, across the mean and within the near
# limits: only the trend rule flags them.
FALLING = ["12.5", "12", "11.5", "11", "10.5", "10", "9.5"]
# Or six points above the mean, neither rising nor falling in a run: only a shift.
ABOVE = ["11.5", "11.8"] * 3


def measure(direction: Direction | None = Direction.HIGHER, rebase=()) -> Measure:
    return Measure("m", "M", Unit.NUMBER, PeriodKind.FLOW, "S", direction=direction,
                   rebase=tuple(rebase))


def figures(values):
    return [(START.shift(i), None if v is None else D(str(v))) for i, v in enumerate(values)]


DEFAULTS = SpcSettings()  # 15 points for limits, runs of 7


def analysed(values, settings=DEFAULTS, target=None, **kw):
    return analyse(measure(**kw), figures(values), START.shift(len(values) - 1), target,
                   settings)


def test_a_falling_run_of_seven_when_higher_is_better_is_a_concern_by_the_trend_rule():
    result = analysed(STEADY + FALLING)
    assert result.variation is Variation.CONCERN_LOW
    assert result.points[-1].signal.rules == (Rule.TREND,)
    assert [p.signal is not None for p in result.points] == [False] * 16 + [True] * 7
    # the same run when lower is better is an improvement, and six falling points are none
    assert analysed(STEADY + FALLING, direction=Direction.LOWER).variation \
        is Variation.IMPROVEMENT_LOW
    assert analysed(STEADY + FALLING[1:]).variation is Variation.COMMON_CAUSE


def test_the_trend_rule_takes_spc_trend_and_the_shift_rule_spc_shift():
    values = STEADY + FALLING  # a trend of 7, no shift
    assert analysed(values, SpcSettings(shift=9, trend=7)).variation is Variation.CONCERN_LOW
    assert analysed(values, SpcSettings(shift=7, trend=8)).variation is Variation.COMMON_CAUSE
    assert analysed(values, SpcSettings(shift=5, trend=9)).variation is Variation.COMMON_CAUSE
    values = STEADY + ABOVE  # a shift of 6, no trend
    shifted = analysed(values, SpcSettings(shift=6, trend=9))
    assert shifted.variation is Variation.IMPROVEMENT_HIGH
    assert shifted.points[-1].signal.rules == (Rule.SHIFT,)
    assert analysed(values, SpcSettings(shift=7, trend=6)).variation is Variation.COMMON_CAUSE
    assert analysed(values, SpcSettings(shift=9, trend=5)).variation is Variation.COMMON_CAUSE


def test_a_rebase_in_the_build_month_leaves_too_few_months_for_the_new_process():
    values = [5, 6] * 15
    build_month = START.shift(len(values) - 1)
    result = analysed(values, target=Target(D(2)), rebase=[build_month])
    assert result.variation is None and result.assurance is None
    assert result.variation_text == result.assurance_text == "n/a (fewer than 15 months)"
    assert result.points[-1].segment == 1 and result.points[-1].limits is None
    assert result.points[-2].limits is not None  # the old process still has its limits
    # the same series without the rebase is judged
    assert analysed(values, target=Target(D(2))).assurance is Assurance.PASSES


def test_after_a_rebase_with_enough_points_assurance_is_against_the_new_limits():
    # 16 points around 5.5 (limits 2.8 to 8.2), a rebase, 16 around 20.5 (17.8 to 23.2)
    values = [5, 6] * 8 + [20, 21] * 8
    rebase = [START.shift(16)]
    new = analysed(values, target=Target(D(10)), rebase=rebase)
    assert (new.points[-1].limits.lower, new.points[-1].limits.upper) == \
        (D("20.5") - D("2.66"), D("20.5") + D("2.66"))
    assert new.assurance is Assurance.PASSES  # 10 is below every point of the new process
    assert analysed(values, target=Target(D(10)), rebase=rebase,
                    direction=Direction.LOWER).assurance is Assurance.FAILS
    # against the old process (before the rebase) the same target would fail
    old = analysed(values[:16], target=Target(D(10)))
    assert old.assurance is Assurance.FAILS


CATALOGUE = """\
authority: Testshire
population:
  "2020/21": 10000
spc: true
sections:
  - name: Front Door
    measures:
      - {id: timely_pct, name: Timely, unit: percent, period: flow,
         target: {"2019/20": 40, "2020/21": 60}, direction: higher}
"""
BUILD = Month(2020, 11)  # financial year 2020/21


def spc_of(tmp_path, values):
    """build_spc over timely_pct's figures, the last in BUILD."""
    catalogue = small_catalogue(tmp_path, CATALOGUE)
    months = [BUILD.shift(i - len(values) + 1) for i in range(len(values))]
    rows = [(m, "timely_pct", v) for m, v in zip(months, values, strict=True)]
    scorecard = card(catalogue, BUILD, *rows)
    calc = Calculator(catalogue, facts(*rows), Problems())
    return build_spc(scorecard, calc, catalogue.spc).of("timely_pct")


def test_the_points_are_the_figures_as_displayed(tmp_path):
    analysis = spc_of(tmp_path, ["50.04", "51.04"] * 8)
    assert [p.value for p in analysis.points] == [D("50.0"), D("51.0")] * 8
    assert analysis.points[-1].limits == limits([D("50.0"), D("51.0")] * 8)
    assert analysis.points[-1].limits.mean == D("50.5")  # not 50.54


def test_assurance_is_against_the_build_years_target(tmp_path):
    # around 50, limits about 47 to 53: 2020/21's target of 60 always fails; 2019/20's 40
    # would always pass, though most of the months are in 2019/20
    analysis = spc_of(tmp_path, ["49", "51"] * 8)
    assert analysis.points[0].month.financial_year.start == 2019
    assert analysis.assurance is Assurance.FAILS
