"""Quarters, rates, baselines and ratings from a tiny catalogue and facts built in code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.small import CATALOGUE, small_catalogue
from xlscore.benchmarks import Benchmark, Benchmarks
from xlscore.calculator import Calculator, build_scorecard
from xlscore.extracts import Fact, Facts
from xlscore.model import Rating
from xlscore.periods import FinancialYear, Month, Quarter
from xlscore.problems import Problems

D = Decimal
Q3 = Quarter(FinancialYear(2020), 3)
OCT, NOV, DEC = Month(2020, 10), Month(2020, 11), Month(2020, 12)


@pytest.fixture
def catalogue(tmp_path):
    return small_catalogue(tmp_path)


def facts(*rows) -> Facts:
    """rows: (month, measure id, value[, numerator, denominator])."""
    result = Facts()
    for month, measure_id, value, *ratio in rows:
        num, den = (D(x) for x in ratio) if ratio else (None, None)
        result.by_key[(month, measure_id)] = Fact(
            month, measure_id, None if value is None else D(value), num, den)
        result.months.add(month)
    return result


def quarter(catalogue, measure_id, *rows, q=Q3):
    calc = Calculator(catalogue, facts(*rows), Problems())
    return calc.quarter_value(catalogue.measure(measure_id), q)


def card(catalogue, month, *rows, benchmarks=None, problems=None):
    return build_scorecard(catalogue, facts(*rows), benchmarks or Benchmarks(), month,
                           problems if problems is not None else Problems())


def line(scorecard, measure_id):
    return next(x for x in scorecard.lines if x.measure.id == measure_id)


def test_flow_count_quarter_is_the_sum(catalogue):
    assert quarter(catalogue, "contacts", (OCT, "contacts", 10), (NOV, "contacts", 20),
                   (DEC, "contacts", 30)) == 60


def test_flow_count_quarter_with_a_missing_month_is_n_a(catalogue):
    assert quarter(catalogue, "contacts", (OCT, "contacts", 10), (DEC, "contacts", 30)) is None


def test_flow_count_quarter_with_an_n_a_month_is_n_a(catalogue):
    assert quarter(catalogue, "contacts", (OCT, "contacts", 10), (NOV, "contacts", None),
                   (DEC, "contacts", 30)) is None


def test_snapshot_quarter_is_its_last_month(catalogue):
    assert quarter(catalogue, "cla", (OCT, "cla", 100), (NOV, "cla", 110),
                   (DEC, "cla", 120)) == 120
    assert quarter(catalogue, "cla", (DEC, "cla", 120)) == 120
    assert quarter(catalogue, "cla", (OCT, "cla", 100), (NOV, "cla", 110)) is None


def test_flow_percent_quarter_pools_numerators_and_denominators(catalogue):
    got = quarter(catalogue, "timely_pct", (OCT, "timely_pct", 50, 1, 2),
                  (NOV, "timely_pct", 100, 3, 3), (DEC, "timely_pct", 0, 0, 5))
    assert got == D(4) / D(10) * 100  # not the mean of 50, 100 and 0


def test_flow_number_quarter_pools_without_x100(catalogue):
    got = quarter(catalogue, "days", (OCT, "days", 2, 4, 2), (NOV, "days", 3, 9, 3),
                  (DEC, "days", 5, 25, 5))
    assert got == D(38) / D(10)


def test_flow_percent_quarter_with_a_value_only_month_is_n_a(catalogue):
    assert quarter(catalogue, "timely_pct", (OCT, "timely_pct", 50, 1, 2),
                   (NOV, "timely_pct", 100), (DEC, "timely_pct", 0, 0, 5)) is None


def test_flow_percent_quarter_with_a_missing_month_is_n_a(catalogue):
    assert quarter(catalogue, "timely_pct", (OCT, "timely_pct", 50, 1, 2),
                   (DEC, "timely_pct", 0, 0, 5)) is None


def test_zero_over_zero_quarter_is_n_a(catalogue):
    rows = [(m, "timely_pct", None, 0, 0) for m in (OCT, NOV, DEC)]
    assert quarter(catalogue, "timely_pct", *rows) is None


def test_a_zero_over_zero_month_pools_into_the_quarter(catalogue):
    assert quarter(catalogue, "timely_pct", (OCT, "timely_pct", None, 0, 0),
                   (NOV, "timely_pct", 50, 1, 2), (DEC, "timely_pct", 50, 1, 2)) == 50


def test_rate_from_count_and_population(catalogue):
    calc = Calculator(catalogue, facts((DEC, "contacts", 783)), Problems())
    assert calc.value(catalogue.measure("contacts_rate"), DEC) == D("783.0")
    assert calc.figure(catalogue.measure("contacts_rate"), D(783) / 7,
                       FinancialYear(2020)).value == D("111.9")


def test_quarter_rate_uses_the_quarters_count(catalogue):
    rows = [(m, "contacts", 1000) for m in (OCT, NOV, DEC)]
    assert quarter(catalogue, "contacts_rate", *rows) == 3000
    assert quarter(catalogue, "cla_rate", (DEC, "cla", 50)) == 50


def test_rate_of_an_n_a_count_is_n_a(catalogue):
    calc = Calculator(catalogue, facts((DEC, "contacts", None)), Problems())
    assert calc.value(catalogue.measure("contacts_rate"), DEC) is None


def test_missing_population_is_one_error_naming_the_year(catalogue):
    """Two years past the latest estimate (2020/21) is truly missing, not carried forward."""
    problems = Problems()
    rows = [(Month(2022, m), i, 5) for m in (4, 5) for i in ("contacts", "cla")]
    card(catalogue, Month(2022, 5), *rows, problems=problems)
    message = "\n".join(str(p) for p in problems.errors)
    assert len(problems.errors) == 1, message
    assert "no figure for 2022/23" in message and "measures.yaml" in message
    assert "xlscore population" in message
    assert not problems.warnings


def test_a_new_year_without_a_population_carries_the_latest_forward_with_a_warning(catalogue):
    """April: the ONS estimate for the new year is not out; 2020/21's 10,000 is used."""
    problems = Problems()
    rows = [(Month(2021, m), i, 5) for m in (4, 5) for i in ("contacts", "cla")]
    scorecard = card(catalogue, Month(2021, 5), *rows, problems=problems)
    assert not problems.errors
    assert [(p.code, p.period) for p in problems.warnings] == [
        ("population.carried-forward", "2021/22")]
    assert "2021/22 uses the 2020/21 population until ONS publishes" in str(problems.warnings[0])
    line = next(li for li in scorecard.lines if li.measure.id == "contacts_rate")
    assert line.current.value == Decimal("5.0")  # 5 / 10,000 * 10,000
    calc = Calculator(catalogue, facts(*rows), Problems())
    assert calc.parts(catalogue.measure("contacts_rate"), Month(2021, 5)) == (5, 10000)


def test_december_scorecard_takes_q3_and_april_baseline(catalogue):
    scorecard = card(catalogue, DEC, (DEC, "contacts", 1))
    assert scorecard.quarter == Q3
    assert scorecard.baseline_month == Month(2020, 4)
    assert scorecard.previous_month == NOV


def test_mid_quarter_month_shows_the_quarter_before(catalogue):
    rows = [(Month(2020, m), "contacts", m) for m in (7, 8, 9, 10, 11)]
    scorecard = card(catalogue, NOV, *rows)
    assert scorecard.quarter == Quarter(FinancialYear(2020), 2)
    assert line(scorecard, "contacts").quarter.value == 7 + 8 + 9


def test_march_quarter_spans_the_calendar_year_boundary(catalogue):
    rows = [(Month(2021, m), "contacts", m * 10) for m in (1, 2, 3)]
    scorecard = card(catalogue, Month(2021, 3), (DEC, "contacts", 1000), *rows)
    assert scorecard.quarter == Quarter(FinancialYear(2020), 4)
    assert line(scorecard, "contacts").quarter.value == 60
    assert line(scorecard, "contacts_rate").quarter.value == D("60.0")


def test_baseline_defaults_to_april_of_the_current_financial_year(catalogue):
    scorecard = card(catalogue, Month(2021, 2), (Month(2020, 4), "contacts", 7),
                     (Month(2021, 2), "contacts", 9))
    assert scorecard.baseline_month == Month(2020, 4)
    assert line(scorecard, "contacts").baseline.value == 7


def test_baseline_from_the_catalogue(tmp_path):
    catalogue = small_catalogue(tmp_path, CATALOGUE + "baseline: 2019-06\n")
    scorecard = card(catalogue, DEC, (Month(2019, 6), "contacts", 3), (DEC, "contacts", 1))
    assert scorecard.baseline_month == Month(2019, 6)
    assert line(scorecard, "contacts").baseline.value == 3


def test_month_figures_are_rounded_and_rated(catalogue):
    scorecard = card(catalogue, DEC, (NOV, "timely_pct", "89.94"), (DEC, "timely_pct", "94.95"))
    timely = line(scorecard, "timely_pct")
    assert timely.current.value == D("95.0") and timely.current.rating is Rating.GREEN
    assert timely.previous.value == D("89.9") and timely.previous.rating is Rating.RED
    assert timely.improved


def test_lower_is_better_rating_and_travel(catalogue):
    scorecard = card(catalogue, DEC, (NOV, "caseload", 21), (DEC, "caseload", 20))
    caseload = line(scorecard, "caseload")
    assert caseload.current.rating is Rating.AMBER and caseload.previous.rating is Rating.RED
    assert caseload.improved


def test_no_target_no_colour_and_n_a_is_none(catalogue):
    scorecard = card(catalogue, DEC, (DEC, "contacts", 5))
    contacts = line(scorecard, "contacts")
    assert contacts.current.value == 5 and contacts.current.rating is None
    assert contacts.previous.value is None and not contacts.improved


def test_quarter_false_shows_n_a(tmp_path):
    text = CATALOGUE.replace("unit: count, period: flow}", "unit: count, period: flow, "
                             "quarter: false}", 1)
    catalogue = small_catalogue(tmp_path, text)
    rows = [(m, "contacts", 1) for m in (OCT, NOV, DEC)]
    assert line(card(catalogue, DEC, *rows), "contacts").quarter.value is None


def benchmarks(**by_column) -> Benchmarks:
    result = Benchmarks()
    for column, value in by_column.items():
        result.values[("timely_pct", column)] = Benchmark(None if value in "cx" else D(value),
                                                          value if value in "cx" else "")
    return result


def annual(catalogue, **by_column):
    scorecard = card(catalogue, DEC, (DEC, "timely_pct", 90), benchmarks=benchmarks(**by_column))
    return line(scorecard, "timely_pct").annual


def test_annual_return_rated_against_both_averages(catalogue):
    assert annual(catalogue, Testshire="91.0", SN="90.0", SE="85.0").rating is Rating.GREEN
    assert annual(catalogue, Testshire="80.0", SN="90.0", SE="85.0").rating is Rating.RED
    assert annual(catalogue, Testshire="85.0", SN="90.0", SE="85.0").rating is Rating.AMBER


def test_annual_return_with_a_suppressed_average_uses_the_other(catalogue):
    figure = annual(catalogue, Testshire="85.04", SN="c", SE="80.0")
    assert figure.value == D("85.0") and figure.rating is Rating.GREEN


def test_annual_return_with_every_average_suppressed_has_no_colour(catalogue):
    figure = annual(catalogue, Testshire="85.0", SN="c", SE="x")
    assert figure.value == D("85.0") and figure.rating is None


def test_comparators_are_shown_rounded_in_catalogue_order(catalogue):
    scorecard = card(catalogue, DEC, benchmarks=benchmarks(Testshire="1", SN="2.25", SE="c",
                                                           ENG="4"))
    values = [f.value for f in line(scorecard, "timely_pct").comparators]
    assert values == [D("2.3"), None, D("4.0")]


def test_note_comes_from_the_current_month(catalogue):
    data = facts((DEC, "contacts", 5))
    key = (DEC, "contacts")
    data.by_key[key] = Fact(DEC, "contacts", D(5), note="=checked")
    scorecard = build_scorecard(catalogue, data, Benchmarks(), DEC, Problems())
    assert line(scorecard, "contacts").note == "=checked"


def test_sections_keep_catalogue_order(catalogue):
    scorecard = card(catalogue, DEC)
    [(name, lines)] = scorecard.section_lines()
    assert name == "Front Door"
    assert [x.measure.id for x in lines] == [m.id for m in catalogue.measures]


def test_missing_population_points_at_the_population_line(project):
    from xlscore.pipeline import calculate, load
    from xlscore.problems import InputError, Problems

    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8").replace('"2020/21": 43112', '"2018/19": 43112')
    catalogue.write_text(text, encoding="utf-8")
    line = text.splitlines().index("population:") + 1
    problems = Problems()
    with pytest.raises(InputError):
        calculate(load(catalogue, project / "inputs", None, problems), problems)
    (error,) = problems.errors
    assert (error.file, error.line) == (str(catalogue), line) and "2020/21" in error.message
