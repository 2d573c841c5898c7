"""Which Annex A extract gives which month, the look-ups across extracts, and work_out."""

from __future__ import annotations

import random
from datetime import date

import pytest

from xlscore.annex_a.records import (
    CarePeriod,
    Contact,
    Count,
    Extract,
    ProtectionPlan,
    Referral,
)
from xlscore.annex_a.rules import RULES
from xlscore.annex_a.windows import (
    History,
    counting_extract,
    holds,
    months_given,
    window,
    work_out,
)
from xlscore.model import PeriodKind
from xlscore.periods import Month

D = date.fromisoformat
M = Month.parse


def extract(day: str, file: str | None = None, **rows) -> Extract:
    return Extract(D(day), file or f"annex-a-{day}.xlsx", **rows)


@pytest.mark.parametrize(("day", "first"), [
    ("2020-12-31", "2020-07-01"),
    ("2021-09-15", "2021-03-16"),
    ("2021-08-30", "2021-02-28"),  # 31 August - 6 months
    ("2020-02-29", "2019-09-01"),
])
def test_window_is_the_six_months_ending_on_the_extract_date(day, first):
    assert window(extract(day)) == (D(first), D(day))


def test_a_window_holds_a_month_only_whole():
    mid = extract("2021-01-15")  # 16 July 2020 .. 15 January 2021
    assert not holds(mid, M("2020-07"))
    assert holds(mid, M("2020-08")) and holds(mid, M("2020-12"))
    assert not holds(mid, M("2021-01"))


def test_flow_months_come_from_the_newest_extract_holding_them():
    december, january = extract("2020-12-31"), extract("2021-01-31")
    both = [january, december]
    flow = PeriodKind.FLOW
    assert counting_extract(flow, M("2020-07"), both) is december  # January's starts 1 August
    assert counting_extract(flow, M("2020-10"), both) is january  # both hold it: the newer
    assert counting_extract(flow, M("2021-01"), both) is january
    assert counting_extract(flow, M("2020-06"), both) is None
    assert counting_extract(flow, M("2021-02"), both) is None


def test_snapshot_months_come_only_from_an_extract_dated_on_the_last_day():
    snapshot = PeriodKind.SNAPSHOT
    extracts = [extract("2020-12-31"), extract("2021-01-15"), extract("2021-02-28")]
    assert counting_extract(snapshot, M("2020-12"), extracts) is extracts[0]
    assert counting_extract(snapshot, M("2021-01"), extracts) is None  # the 15th is not E
    assert counting_extract(snapshot, M("2021-02"), extracts) is extracts[2]
    assert counting_extract(snapshot, M("2020-11"), extracts) is None


def test_months_given():
    assert months_given([extract("2020-12-31")]) == [M(f"2020-{m:02d}") for m in range(7, 13)]
    # mid-month: August to December whole; no snapshot month
    assert months_given([extract("2021-01-15")]) == [M(f"2020-{m:02d}") for m in range(8, 13)]
    assert months_given([extract("2021-02-28"), extract("2020-08-31")]) == [
        M("2020-03"), M("2020-04"), M("2020-05"), M("2020-06"), M("2020-07"), M("2020-08"),
        M("2020-09"), M("2020-10"), M("2020-11"), M("2020-12"), M("2021-01"), M("2021-02")]


def test_covers_joins_touching_windows_and_finds_gaps():
    joined = History([extract("2020-06-30"), extract("2020-12-31")])
    assert joined.covers(D("2020-01-01"), D("2020-12-31"))
    assert not joined.covers(D("2019-12-31"), D("2020-12-31"))
    assert not joined.covers(D("2020-01-01"), D("2021-01-01"))
    gap = History([extract("2020-05-31"), extract("2020-12-31")])  # June 2020 held by neither
    assert not gap.covers(D("2020-01-01"), D("2020-12-31"))
    assert gap.covers(D("2020-07-01"), D("2020-12-31"))
    assert gap.covers(D("2019-12-01"), D("2020-05-31"))
    assert not gap.covers(D("2020-06-30"), D("2020-06-30"))
    assert not History([]).covers(D("2020-01-01"), D("2020-01-01"))


def test_history_takes_each_record_once_and_the_newest_row_wins():
    older = extract("2020-12-31", protection=(
        ProtectionPlan("A", 2, D("2020-03-01"), None),), in_care=(
        CarePeriod("A", 4, D("2020-08-01"), None, "C2"),))
    newer = extract("2021-03-31", protection=(
        ProtectionPlan("A", 9, D("2020-03-01"), D("2021-01-10")),
        ProtectionPlan("B", 3, D("2021-02-01"), None)))
    history = History([newer, older])
    assert [(p.row, p.end) for p in history.plans_of("A")] == [(9, D("2021-01-10"))]
    assert [p.row for p in history.periods_of("A")] == [4]  # only the older extract has it
    assert history.plans_of("nobody") == ()


def test_within_one_extract_the_later_row_of_a_record_wins_whatever_their_order():
    rows = (ProtectionPlan("A", 5, D("2020-03-01"), D("2020-10-01")),
            ProtectionPlan("A", 4, D("2020-03-01"), None))
    for given in (rows, rows[::-1]):
        history = History([extract("2020-12-31", protection=given)])
        assert [p.row for p in history.plans_of("A")] == [5]


def test_history_keys_contacts_by_child_date_and_source_and_referrals_by_child_and_date():
    first = extract("2020-12-31", contacts=(
        Contact("A", 2, D("2020-11-02"), "a"), Contact("A", 3, D("2020-11-02"), "b")),
        referrals=(Referral("A", 2, D("2020-11-03")), Referral("007", 3, D("2020-11-03"))))
    second = extract("2021-01-31", contacts=(Contact("A", 7, D("2020-11-02"), "a"),),
                     referrals=(Referral("A", 8, D("2020-11-03")),))
    history = History([first, second])
    assert [(c.row, c.source) for c in history.contacts_of("A")] == [(7, "a"), (3, "b")]
    assert [r.row for r in history.referrals_of("A")] == [8]
    assert [r.row for r in history.referrals_of("007")] == [3]
    assert history.referrals_of("7") == ()  # text: 007 and 7 are two children


def test_work_out_counts_from_the_extract_the_kind_says():
    december = extract("2020-12-31", contacts=(Contact("A", 2, D("2020-10-05")),))
    january = extract("2021-01-31", contacts=(
        Contact("A", 2, D("2020-10-05")), Contact("B", 3, D("2020-10-06"))))
    worked = work_out(RULES["contacts"], {}, M("2020-10"), [december, january])
    assert worked.extract is january and worked.count.numerator == 2  # late recording
    worked = work_out(RULES["contacts"], {}, M("2020-07"), [december, january])
    assert worked.extract is december and worked.count.numerator == 0


def test_work_out_says_why_no_extract_gives_the_month():
    extracts = [extract("2020-12-31")]
    snapshot = work_out(RULES["cp_plans"], {}, M("2020-11"), extracts)
    assert snapshot == type(snapshot)(None, None, "no extract dated 2020-11-30 (month end)")
    flow = work_out(RULES["contacts"], {}, M("2021-01"), extracts)
    assert flow.count is None and "2021-01" in flow.why_not


def test_work_out_gives_na_when_the_counted_list_is_missing():
    found = extract("2020-12-31", lists=frozenset({1}))
    worked = work_out(RULES["cp_plans"], {}, M("2020-12"), [found])
    assert worked.count == Count(0, na="List 7 is not in annex-a-2020-12-31.xlsx")
    # a list found with no rows is a count of 0, not n/a
    assert work_out(RULES["contacts"], {}, M("2020-12"), [found]).count == Count(0)
    # a list looked up in other extracts must be in one of them
    worked = work_out(RULES["contacts_to_referral_pct"], {}, M("2020-12"), [found])
    assert worked.count == Count(0, na="no extract has List 3")
    other = extract("2020-11-30", lists=frozenset({1, 3}))
    assert work_out(RULES["contacts_to_referral_pct"], {}, M("2020-12"),
                    [found, other]).count == Count(0, 0)


def test_work_out_parameters_override_the_defaults_and_unknown_ones_are_refused():
    plan = ProtectionPlan("A", 2, D("2020-01-01"), None, last_visit=D("2020-12-21"))
    extracts = [extract("2020-12-31", protection=(plan,))]
    assert work_out(RULES["cp_visits_pct"], {}, M("2020-12"), extracts).count.numerator == 1
    assert work_out(RULES["cp_visits_pct"], {"days": 7}, M("2020-12"),
                    extracts).count.numerator == 0
    with pytest.raises(ValueError, match="cp_visits_pct has no parameter weeks"):
        work_out(RULES["cp_visits_pct"], {"weeks": 2}, M("2020-12"), extracts)


def test_the_order_extracts_are_given_in_changes_nothing():
    extracts = [extract(f"2020-{m:02d}-{d}", referrals=tuple(
        Referral(str(i % 7), i, date(2020, m, 1 + i % 27)) for i in range(m, m + 20)))
        for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    months = months_given(extracts)
    expected = [work_out(RULES["re_referrals_pct"], {}, month, extracts).count
                for month in months]
    for seed in range(5):
        shuffled = extracts[:]
        random.Random(seed).shuffle(shuffled)
        assert [work_out(RULES["re_referrals_pct"], {}, month, shuffled).count
                for month in months] == expected


def test_nothing_keeps_the_extracts_once_forgotten():
    import gc
    import weakref

    from xlscore.annex_a.windows import forget

    kept = extract("2020-12-31", protection=(ProtectionPlan("A", 2, D("2020-01-01"), None),),
                   contacts=(Contact("A", 2, D("2020-12-01")),),
                   referrals=(Referral("A", 2, D("2020-12-01")),))
    for name in ("cp_plans", "contacts_to_referral_pct", "contacts"):
        assert work_out(RULES[name], {}, M("2020-12"), [kept]).count.numerator == 1
    gone = weakref.ref(kept)
    del kept
    forget()
    gc.collect()
    assert gone() is None  # the child-level rows are not held after a build
