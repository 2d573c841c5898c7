"""The Annex A rules of issue 15, each worked by hand at its boundaries, from rows built
directly (the reader is another module's): weekend and bank-holiday starts, same-day
completions, exactly 45 / 15 working days, exactly 2 years, 29 February, a plan ending on E,
V3/V4, ages exactly 3 / 16 / 19 / 21, extracts with gaps in their cover."""

from __future__ import annotations

import inspect
import random
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from xlscore.annex_a.records import (
    Assessment,
    CareLeaver,
    CarePeriod,
    CinEpisode,
    Contact,
    Count,
    Counted,
    Enquiry,
    Extract,
    ProtectionPlan,
    Referral,
)
from xlscore.annex_a.rules import RULES
from xlscore.annex_a.windows import History, months_given, work_out
from xlscore.periods import Month

D = date.fromisoformat
M = Month.parse
NUM, DEN, OUT = Counted.NUMERATOR, Counted.DENOMINATOR, Counted.EXCLUDED


def extract(day: str, **rows) -> Extract:
    return Extract(D(day), f"annex-a-{day}.xlsx", **rows)


def count(name: str, month: str, counting: Extract, *others: Extract, **parameters) -> Count:
    """The rule for the month, counted from `counting`, looking up in it and `others`."""
    return RULES[name].count(M(month), counting, History([counting, *others]), **parameters)


def figure(found: Count) -> tuple[int, int | None]:
    return found.numerator, found.denominator


def decided(found: Count) -> dict[int, tuple[Counted, str]]:
    """Row -> what the rule did with it and why (one list per rule here)."""
    return {o.row: (o.counted, o.reason) for o in found.outcomes}


# -- the registry -------------------------------------------------------------------------

STANDARD = {m["id"]: m for s in yaml.safe_load(
    (ROOT / "xlscore" / "standard_measures.yaml").read_text(encoding="utf-8"))["sections"]
    for m in s["measures"]}
PARAMETERS = {"contacts_to_referral_pct": {"within": 1}, "cin_visits_pct": {"working_days": 20},
              "cp_visits_pct": {"days": 14}, "cp_seen_alone_pct": {"days": 14},
              "pathway_plans_pct": {"months": 6}}


def test_every_rule_of_the_issue_is_registered_under_a_standard_measure_of_its_period():
    assert set(RULES) == {
        "contacts", "contacts_to_referral_pct", "referrals", "re_referrals_pct", "assessments",
        "assessments_45_days_pct", "s47s", "s47_to_icpc_pct", "icpc_15_days_pct", "cin_plans",
        "cin_over_12_months_pct", "cin_visits_pct", "cp_plans", "cp_repeat_pct",
        "cp_repeat_2_years_pct", "cp_ended_2_years_pct", "cp_2_years_pct",
        "rcpc_timescale_pct", "cp_visits_pct", "cp_seen_alone_pct", "cla", "cla_2_years_pct",
        "cla_3_placements_pct", "cla_stability_pct", "cla_health_pct", "cla_dental_pct",
        "care_leavers", "care_leavers_eet_pct", "care_leavers_accommodation_pct",
        "pathway_plans_pct", "caseload", "children_per_sw"}
    for name, rule in RULES.items():
        assert rule.name == name
        assert rule.kind.value == STANDARD[name]["period"], name
        assert dict(rule.parameters) == PARAMETERS.get(name, {}), name
        signature = inspect.signature(rule.count)
        assert list(signature.parameters)[:3] == ["month", "counting", "history"]
        assert {p.name: p.default for p in list(signature.parameters.values())[3:]} == dict(
            rule.parameters), name
        assert rule.count.__doc__ and len(rule.words) > 30, name
        assert "\n" not in rule.words and "  " not in rule.words


@pytest.mark.parametrize(("name", "lists"), [
    ("contacts", (1,)), ("contacts_to_referral_pct", (1, 3)), ("s47_to_icpc_pct", (5, 7, 8)),
    ("caseload", (6,)), ("cp_repeat_2_years_pct", (7,)), ("cla_health_pct", (8,)),
    ("pathway_plans_pct", (9,))])
def test_a_rule_names_the_lists_it_reads(name, lists):
    assert RULES[name].lists == lists


def test_the_approximations_are_said_in_the_words():
    for name in ("contacts_to_referral_pct", "cin_over_12_months_pct", "rcpc_timescale_pct",
                 "cp_seen_alone_pct", "cla_stability_pct"):
        assert "approximation" in RULES[name].words, name


# -- List 1 -------------------------------------------------------------------------------

def test_contacts_are_counted_by_their_date_and_a_blank_date_is_listed():
    rows = (Contact("A", 2, D("2020-11-30")), Contact("B", 3, D("2020-12-01")),
            Contact("C", 4, D("2020-12-31")), Contact("D", 5, None))
    found = count("contacts", "2020-12", extract("2020-12-31", contacts=rows))
    assert figure(found) == (2, None)
    assert decided(found) == {3: (NUM, ""), 4: (NUM, ""), 5: (OUT, "blank Date of Contact")}


def test_contacts_to_referral():
    later = extract("2021-02-28", referrals=(Referral("D", 2, D("2021-02-01")),))
    january = extract("2021-01-31", contacts=(
        Contact("A", 2, D("2021-01-08"), "a"),  # Friday; referral Monday: 1 working day
        Contact("B", 3, D("2021-01-07"), "a"),  # Thursday; referral Monday: 2
        Contact("C", 4, D("2021-01-04"), "a"),  # the referral goes with C's later contact
        Contact("C", 5, D("2021-01-05"), "b"),
        Contact("D", 6, D("2021-01-29"), "a"),  # Friday; the referral is in a later extract
        Contact("E", 7, D("2021-01-13"), "a"),  # referred the day before the contact
        Contact("F", 8, D("2021-01-20"), "a"),  # referred the same day
        Contact("G", 9, None)),
        referrals=(Referral("A", 2, D("2021-01-11")), Referral("B", 3, D("2021-01-11")),
                   Referral("C", 4, D("2021-01-05")), Referral("E", 5, D("2021-01-12")),
                   Referral("F", 6, D("2021-01-20"))))
    found = count("contacts_to_referral_pct", "2021-01", january, later)
    assert figure(found) == (4, 7)
    assert {row for row, (how, _) in decided(found).items() if how is NUM} == {2, 5, 6, 8}
    assert decided(found)[9] == (OUT, "blank Date of Contact")
    assert figure(count("contacts_to_referral_pct", "2021-01", january)) == (3, 7)  # no later
    assert figure(count("contacts_to_referral_pct", "2021-01", january, later,
                        within=2)) == (5, 7)
    assert figure(count("contacts_to_referral_pct", "2021-01", january, later,
                        within=0)) == (2, 7)  # C's and F's same-day referrals only


def test_a_referral_goes_with_one_contact_the_latest_on_or_before_it_from_any_extract():
    older = extract("2020-12-31", contacts=(Contact("A", 9, D("2020-12-31"), "b"),))
    january = extract("2021-01-31", contacts=(Contact("A", 2, D("2020-12-31"), "a"),),
                      referrals=(Referral("A", 2, D("2021-01-04")),))
    # Two contacts of one day from two sources: the referral goes with the last by source
    # (b, held only by the older extract), so the one counted in December is not converted.
    found = count("contacts_to_referral_pct", "2020-12", january, older)
    assert figure(found) == (0, 1)
    assert figure(count("contacts_to_referral_pct", "2020-12", older, january)) == (1, 1)


# -- List 3 -------------------------------------------------------------------------------

def _referral_extracts():
    first = extract("2020-06-30", referrals=(Referral("A", 2, D("2020-01-15")),
                                             Referral("B", 3, D("2020-01-14"))))
    second = extract("2020-12-31")
    january = extract("2021-01-31", referrals=(
        Referral("A", 2, D("2021-01-15")),  # the earlier one exactly 12 months before
        Referral("B", 3, D("2021-01-15")),  # 12 months and a day before
        Referral("C", 4, D("2021-01-14")), Referral("C", 5, D("2021-01-15")),  # day before
        Referral("D", 6, None)))
    return first, second, january


def test_re_referrals_look_back_twelve_months_up_to_the_day_before():
    first, second, january = _referral_extracts()
    found = count("re_referrals_pct", "2021-01", january, first, second)
    assert figure(found) == (2, 4) and found.na is None
    assert decided(found) == {2: (NUM, ""), 3: (DEN, ""), 4: (DEN, ""), 5: (NUM, ""),
                              6: (OUT, "blank Date of referral")}
    assert figure(count("referrals", "2021-01", january)) == (4, None)


def test_re_referrals_are_na_without_twelve_months_of_cover():
    first, second, january = _referral_extracts()
    found = count("re_referrals_pct", "2021-01", january, second)  # January-June 2020 missing
    assert found.na == ("the extracts do not cover every day from 2020-01-01 to 2021-01-31: "
                        "a re-referral looks back 12 months")
    gap = extract("2020-05-31")  # December 2019 to May 2020: June 2020 missing
    assert count("re_referrals_pct", "2021-01", january, gap, second).na is not None
    # December 2020 looks back to 1 December 2019, which the first extract does not hold
    assert count("re_referrals_pct", "2020-12", second, first).na is not None
    assert count("re_referrals_pct", "2020-12", second, first, extract("2019-12-31")).na is None


# -- List 4 -------------------------------------------------------------------------------

def test_assessments_in_45_working_days():
    rows = (
        Assessment("A", 2, D("2021-01-04"), D("2021-03-08")),  # exactly 45 working days
        Assessment("B", 3, D("2021-01-04"), D("2021-03-09")),  # 46
        Assessment("C", 4, D("2021-03-10"), D("2021-03-10")),  # same day: 0
        Assessment("D", 5, D("2021-01-02"), D("2021-03-05")),  # a Saturday start: 45
        Assessment("E", 6, D("2021-01-03"), D("2021-03-08")),  # a Sunday start: 46
        Assessment("F", 7, D("2021-03-02"), D("2021-03-01")),  # authorised before its start
        Assessment("G", 8, None, D("2021-03-15")),
        Assessment("H", 9, D("2021-03-01"), None),  # open: not authorised in any month
        Assessment("I", 10, D("2020-12-01"), D("2021-02-26")))
    march = extract("2021-03-31", assessments=rows)
    assert figure(count("assessments", "2021-03", march)) == (7, None)
    found = count("assessments_45_days_pct", "2021-03", march)
    assert figure(found) == (3, 5)
    assert decided(found) == {2: (NUM, ""), 3: (DEN, ""), 4: (NUM, ""), 5: (NUM, ""),
                              6: (DEN, ""), 7: (OUT, "authorisation before start"),
                              8: (OUT, "blank Continuous Assessment Start Date")}


def test_assessments_started_on_a_bank_holiday():
    # VE Day (Friday 8 May 2020) start; the Spring bank holiday (25 May) is not counted
    july = extract("2020-07-31", assessments=(
        Assessment("A", 2, D("2020-05-08"), D("2020-07-13")),  # 45
        Assessment("B", 3, D("2020-05-08"), D("2020-07-14"))))  # 46
    assert figure(count("assessments_45_days_pct", "2020-07", july)) == (1, 2)


# -- List 5 -------------------------------------------------------------------------------

def test_s47s_to_icpc_leaves_out_children_already_on_a_plan_or_in_care():
    older = extract("2020-12-31", protection=(ProtectionPlan("J", 2, D("2020-09-01"), None),))
    january = extract("2021-01-31", enquiries=(
        Enquiry("A", 2, D("2021-01-05"), D("2021-01-20")),
        Enquiry("B", 3, D("2021-01-06"), None),
        Enquiry("C", 4, D("2021-01-07"), D("2021-01-06")),  # ICPC before the S47 start
        Enquiry("D", 5, D("2021-01-08"), D("2021-01-25")),  # on a plan
        Enquiry("E", 6, D("2021-01-08"), None),  # plan ending on the S47's day: still on it
        Enquiry("F", 7, D("2021-01-08"), D("2021-01-25")),  # plan ended the day before
        Enquiry("G", 8, D("2021-01-08"), None),  # plan starting the same day: not yet on it
        Enquiry("H", 9, D("2021-01-11"), None),  # looked after
        Enquiry("I", 10, D("2021-01-11"), D("2021-01-28")),  # short breaks only (V3)
        Enquiry("J", 11, D("2021-01-11"), None),  # on a plan held by an older extract
        Enquiry("K", 12, D("2021-01-11"), None),  # care ceased the day before
        Enquiry("L", 13, None, None),
        Enquiry("M", 14, D("2020-12-30"), D("2021-01-12"))),  # started in December
        protection=(ProtectionPlan("D", 2, D("2020-06-01"), None),
                    ProtectionPlan("E", 3, D("2020-01-01"), D("2021-01-08")),
                    ProtectionPlan("F", 4, D("2020-01-01"), D("2021-01-07")),
                    ProtectionPlan("G", 5, D("2021-01-08"), None)),
        in_care=(CarePeriod("H", 2, D("2020-01-01"), None, "C2"),
                 CarePeriod("I", 3, D("2020-01-01"), None, "V3"),
                 CarePeriod("K", 4, D("2020-01-01"), D("2021-01-10"), "C2")))
    found = count("s47_to_icpc_pct", "2021-01", january, older)
    assert figure(found) == (3, 6)
    assert decided(found) == {
        2: (NUM, ""), 3: (DEN, ""), 4: (OUT, "ICPC before the S47 start"),
        5: (OUT, "already on a child protection plan"),
        6: (OUT, "already on a child protection plan"), 7: (NUM, ""), 8: (DEN, ""),
        9: (OUT, "already looked after"), 10: (NUM, ""),
        11: (OUT, "already on a child protection plan"), 12: (DEN, ""),
        13: (OUT, "blank strategy discussion (Section 47 start) date")}
    assert figure(count("s47s", "2021-01", january)) == (11, None)  # C still counts
    assert figure(count("s47_to_icpc_pct", "2021-01", january)) == (3, 7)  # J: no older


def test_icpcs_in_15_working_days():
    may = extract("2020-05-31", enquiries=(
        Enquiry("A", 2, D("2020-05-01"), D("2020-05-26")),  # 15: VE Day and 25 May are out
        Enquiry("B", 3, D("2020-05-01"), D("2020-05-27")),  # 16
        Enquiry("C", 4, D("2020-05-01"), D("2020-05-22")),  # 14
        Enquiry("D", 5, D("2020-05-20"), D("2020-05-19")),  # ICPC before the S47 start
        Enquiry("E", 6, D("2020-05-20"), D("2020-05-20")),  # same day
        Enquiry("F", 7, D("2020-04-01"), D("2020-04-22")),  # ICPC held in April
        Enquiry("G", 8, None, D("2020-05-11")),
        Enquiry("H", 9, D("2020-05-09"), D("2020-05-29"))))  # a Saturday start: 15
    found = count("icpc_15_days_pct", "2020-05", may)
    assert figure(found) == (4, 5)
    assert decided(found)[5] == (OUT, "ICPC before the S47 start")
    assert decided(found)[8][0] is OUT and 7 not in decided(found)


# -- List 6 -------------------------------------------------------------------------------

def _children_in_need() -> Extract:
    c = "c"
    return extract("2021-01-31", children_in_need=(
        CinEpisode("A", 2, D("2020-01-31"), None, c, D("2021-01-04"), "W1"),  # 12 months; 19 WD
        CinEpisode("B", 3, D("2020-02-01"), None, c, D("2020-12-31"), "W1"),  # 20 WD exactly
        CinEpisode("C", 4, D("2019-06-01"), None, c, D("2020-12-30"), "W2"),  # 21 WD
        CinEpisode("D", 5, D("2019-06-01"), D("2021-01-31"), c, None, "W3"),  # closed on E
        CinEpisode("E", 6, D("2019-06-01"), D("2021-01-15"), c, None, "W3"),
        CinEpisode("F", 7, D("2020-06-01"), None, "b", None, None),  # on a CP plan
        CinEpisode("G", 8, None, None, c, None, "W4"),  # a blank start
        CinEpisode("H", 9, D("2020-06-01"), D("2021-01-10"), "e", None, "W5"),
        CinEpisode("I", 10, D("2020-06-01"), None, c, None, "W2"),  # never seen
        CinEpisode("A", 11, D("2020-05-01"), None, "d", None, "W9")))  # A again


def test_cin_plans_their_length_and_visits():
    cin = _children_in_need()
    assert figure(count("cin_plans", "2021-01", cin)) == (5, None)  # A B C G I
    found = count("cin_over_12_months_pct", "2021-01", cin)
    assert figure(found) == (2, 4)  # A (exactly 12 months) and C; G excluded
    assert decided(found)[8] == (OUT, "blank CIN Start Date")
    assert figure(count("cin_visits_pct", "2021-01", cin)) == (2, 5)  # A, B
    assert figure(count("cin_visits_pct", "2021-01", cin, working_days=21)) == (3, 5)


def test_caseload_and_children_per_worker():
    cin = _children_in_need()
    found = count("caseload", "2021-01", cin)
    assert figure(found) == (5, None)  # A B C F I (A once); G's blank start listed
    assert decided(found)[11] == (OUT, "child counted on another row")
    assert decided(found)[8] == (OUT, "blank CIN Start Date")
    per_worker = count("children_per_sw", "2021-01", cin)
    assert figure(per_worker) == (4, 2)  # A B C I with W1, W1, W2, W2; F has no worker
    assert decided(per_worker)[7] == (OUT, "no allocated worker")


# -- List 7 -------------------------------------------------------------------------------

def _plans() -> Extract:
    return extract("2021-01-31", protection=(
        ProtectionPlan("A", 2, D("2019-01-31"), None, 0),  # exactly 2 years at E
        ProtectionPlan("B", 3, D("2019-02-01"), None, 1),
        ProtectionPlan("C", 4, D("2021-01-31"), None, 2),  # starts on E
        ProtectionPlan("D", 5, D("2019-01-31"), D("2021-01-31"), 0),  # ends on E after 2 years
        ProtectionPlan("E", 6, D("2019-01-16"), D("2021-01-15"), 0),  # a day short of 2 years
        ProtectionPlan("F", 7, None, None, 0),
        ProtectionPlan("G", 8, D("2021-01-10"), None, None),  # number of previous blank
        ProtectionPlan("H", 9, D("2021-01-04"), None, 0)))


def test_plans_open_at_e_and_for_two_years():
    plans = _plans()
    found = count("cp_plans", "2021-01", plans)
    assert figure(found) == (5, None)  # A B C G H; D ends on E
    assert decided(found)[7] == (OUT, "blank Child Protection Plan Start Date")
    assert figure(count("cp_2_years_pct", "2021-01", plans)) == (1, 5)
    assert figure(count("cp_ended_2_years_pct", "2021-01", plans)) == (1, 2)  # D, E


def test_plans_open_two_years_from_29_february():
    leap = extract("2022-02-28", protection=(ProtectionPlan("A", 2, D("2020-02-29"), None),
                                             ProtectionPlan("B", 3, D("2020-03-01"), None)))
    assert figure(count("cp_2_years_pct", "2022-02", leap)) == (1, 2)


def test_repeat_plans():
    found = count("cp_repeat_pct", "2021-01", _plans())
    assert figure(found) == (1, 2)  # C (2 previous), H (0); G blank
    assert decided(found)[8] == (OUT, "blank Number of Previous Child Protection Plans")


def _repeat_history():
    return [
        extract("2019-06-30", protection=(
            ProtectionPlan("A", 2, D("2018-05-01"), D("2019-01-10")),  # ended start - 2 years
            ProtectionPlan("B", 3, D("2018-05-01"), D("2019-01-09")))),  # a day before that
        extract("2019-12-31"), extract("2020-06-30"),
        extract("2020-12-31", protection=(ProtectionPlan("C", 2, D("2020-03-01"), None),)),
        extract("2021-01-31", protection=(
            ProtectionPlan("A", 2, D("2021-01-10"), None, 1),
            ProtectionPlan("B", 3, D("2021-01-10"), None, 1),
            ProtectionPlan("C", 4, D("2021-01-10"), None, 1),  # the earlier plan ended today
            ProtectionPlan("D", 5, D("2021-01-10"), None, 0),
            ProtectionPlan("C", 6, D("2020-03-01"), D("2021-01-10"), 0)))]


def test_repeat_plans_within_two_years_of_the_last_ending():
    *older, january = _repeat_history()
    found = count("cp_repeat_2_years_pct", "2021-01", january, *older)
    assert figure(found) == (2, 4) and found.na is None
    assert decided(found) == {2: (NUM, ""), 3: (DEN, ""), 4: (NUM, ""), 5: (DEN, "")}


def test_repeat_plans_are_na_when_a_repeat_has_no_history_to_judge_it_by():
    first, *others, january = _repeat_history()
    found = count("cp_repeat_2_years_pct", "2021-01", january, *others)  # first missing
    assert figure(found) == (1, 4)  # C still found
    assert found.na == ("the extracts do not cover the two years before 2 repeat plan(s) "
                        "(List 7 row 2, 3) whose earlier plan was not found")
    # D (no previous plans) needs no history; A found needs none either
    only_a = extract("2021-01-31", protection=(ProtectionPlan("A", 2, D("2021-01-10"), None, 1),
                                               ProtectionPlan("D", 5, D("2021-01-10"), None)))
    assert count("cp_repeat_2_years_pct", "2021-01", only_a, first).na is None


def test_review_conferences_in_timescale():
    january = extract("2021-01-31", protection=(
        ProtectionPlan("A", 2, D("2020-10-31"), None),  # first review due on E: in time
        ProtectionPlan("B", 3, D("2020-10-30"), None),  # due the day before E: overdue
        ProtectionPlan("C", 4, D("2020-11-01"), None),  # not yet 3 months
        ProtectionPlan("D", 5, D("2020-01-01"), None, last_review=D("2020-07-31")),  # due E
        ProtectionPlan("E", 6, D("2020-01-01"), None, last_review=D("2020-07-30")),
        ProtectionPlan("F", 7, D("2020-06-01"), None, last_review=D("2020-05-20")),  # earlier
        # a review before the start (an earlier plan's): the first review was due 3 months on
        ProtectionPlan("G", 8, D("2020-10-30"), None, last_review=D("2020-10-29"))))
    found = count("rcpc_timescale_pct", "2021-01", january)
    assert figure(found) == (2, 6)
    assert decided(found) == {2: (NUM, ""), 3: (DEN, ""), 5: (NUM, ""), 6: (DEN, ""),
                              7: (DEN, ""), 8: (DEN, "")}


def test_visits_and_seen_alone():
    start = D("2020-01-01")
    january = extract("2021-01-31", protection=(
        ProtectionPlan("A", 2, start, None, last_visit=D("2021-01-17"), seen_alone=True,
                       birth=D("2018-01-31")),  # 14 days; aged exactly 3
        ProtectionPlan("B", 3, start, None, last_visit=D("2021-01-16"), seen_alone=True,
                       birth=D("2010-05-05")),  # 15 days
        ProtectionPlan("C", 4, start, None, last_visit=D("2021-01-31"), seen_alone=False,
                       birth=D("2010-05-05")),  # on E, not alone
        ProtectionPlan("D", 5, start, None, birth=D("2010-05-05")),  # no visit
        ProtectionPlan("E", 6, start, None, last_visit=D("2021-01-30"), seen_alone=True,
                       birth=D("2018-02-01")),  # aged 2
        ProtectionPlan("F", 7, start, None, last_visit=D("2021-01-30"), seen_alone=True)))
    assert figure(count("cp_visits_pct", "2021-01", january)) == (4, 6)
    assert figure(count("cp_visits_pct", "2021-01", january, days=15)) == (5, 6)
    found = count("cp_seen_alone_pct", "2021-01", january)
    assert figure(found) == (1, 4)  # A of A B C D
    assert decided(found)[7] == (OUT, "blank Date of Birth")
    assert figure(count("cp_seen_alone_pct", "2021-01", january, days=15)) == (2, 4)


# -- List 8 -------------------------------------------------------------------------------

def test_children_looked_after_not_on_short_breaks():
    january = extract("2021-01-31", in_care=(
        CarePeriod("A", 2, D("2019-01-31"), None, "C2", placements=3),  # 2 years exactly
        CarePeriod("B", 3, D("2019-02-01"), None, "C2", placements=2),
        CarePeriod("C", 4, D("2019-01-01"), None, "V3", placements=5),
        CarePeriod("D", 5, D("2019-01-01"), None, "V4", placements=5),
        CarePeriod("E", 6, D("2019-01-01"), D("2021-01-31"), "C2", placements=5),  # ceased E
        CarePeriod("F", 7, D("2021-01-31"), None, "J1", placements=None),  # started on E
        CarePeriod("G", 8, D("2018-01-01"), None, None, placements=4),
        CarePeriod("H", 9, None, None, "C2")))
    found = count("cla", "2021-01", january)
    assert figure(found) == (4, None)  # A B F G
    assert decided(found)[4] == (OUT, "short breaks (V3/V4)")
    assert decided(found)[5] == (OUT, "short breaks (V3/V4)")
    assert decided(found)[9] == (OUT, "blank Date Started to be Looked After")
    assert 6 not in decided(found)
    assert figure(count("cla_2_years_pct", "2021-01", january)) == (2, 4)  # A G
    found = count("cla_3_placements_pct", "2021-01", january)
    assert figure(found) == (2, 3)  # A G of A B G
    assert decided(found)[7] == (OUT, "blank Number of Placements in the Last 12 months")


def test_placement_stability():
    cared = D("2018-07-31")  # + 30 months = E
    january = extract("2021-01-31", in_care=(
        CarePeriod("A", 2, cared, None, "C2", placement_start=D("2019-01-31"),
                   birth=D("2005-02-01")),  # 15; placement exactly 2 years
        CarePeriod("B", 3, cared, None, "C2", placement_start=D("2019-02-01"),
                   birth=D("2005-02-01")),
        CarePeriod("C", 4, cared, None, "C2", placement_start=D("2019-01-01"),
                   birth=D("2005-01-31")),  # 16 at E
        CarePeriod("D", 5, D("2018-08-01"), None, "C2", placement_start=D("2018-08-01"),
                   birth=D("2010-01-01")),  # a day short of 2.5 years
        CarePeriod("E", 6, cared, None, "C2", placement_start=D("2018-08-01")),  # no birth
        CarePeriod("F", 7, cared, None, "C2", birth=D("2010-01-01"))))  # no placement start
    found = count("cla_stability_pct", "2021-01", january)
    assert figure(found) == (1, 2)
    assert decided(found) == {2: (NUM, ""), 3: (DEN, ""), 6: (OUT, "blank Date of Birth"),
                              7: (OUT, "blank Start Date of Most Recent Placement")}


def test_health_assessments_and_dental_checks():
    cared = D("2020-01-31")  # + 12 months = E
    under_5, aged_5 = D("2016-02-01"), D("2016-01-31")
    january = extract("2021-01-31", in_care=(
        CarePeriod("A", 2, cared, None, "C2", last_health=D("2020-08-01"),
                   last_dental=D("2020-03-01"), birth=under_5),  # health in 6 months
        CarePeriod("B", 3, cared, None, "C2", last_health=D("2020-07-31"),
                   last_dental=D("2020-02-01"), birth=under_5),  # 6 months to the day
        CarePeriod("C", 4, cared, None, "C2", last_health=D("2020-02-01"),
                   last_dental=D("2020-01-31"), birth=aged_5),  # 12 months: in; dental not
        CarePeriod("D", 5, cared, None, "C2", last_health=D("2020-01-31"), birth=aged_5),
        CarePeriod("E", 6, D("2020-02-01"), None, "C2", last_health=D("2021-01-01"),
                   last_dental=D("2021-01-01"), birth=aged_5),  # in care under 12 months
        CarePeriod("F", 7, cared, None, "C2", last_health=D("2021-01-01"),
                   last_dental=D("2021-01-01"))))  # no birth
    found = count("cla_health_pct", "2021-01", january)
    assert figure(found) == (2, 4)  # A C of A B C D
    assert decided(found)[7] == (OUT, "blank Date of Birth")
    assert figure(count("cla_dental_pct", "2021-01", january)) == (3, 5)  # A B F of A-D, F


# -- List 9 -------------------------------------------------------------------------------

def _care_leavers(**absent) -> Extract:
    return extract("2021-01-31", care_leavers=(
        CareLeaver("A", 2, D("2002-01-31"), "F1", "a", D("2020-08-01")),  # 19 exactly
        CareLeaver("B", 3, D("2002-02-01"), "F2", "a", D("2020-09-01")),  # 18
        CareLeaver("C", 4, D("1999-02-01"), "P5", "b", D("2020-07-31")),  # 21
        CareLeaver("D", 5, D("1999-01-31"), "F1", "a", None),  # 22
        CareLeaver("E", 6, D("2000-06-01"), "G4", None, D("2021-01-31")),
        CareLeaver("F", 7, None, "F1", "a", None)), **absent)


def test_care_leavers_aged_19_to_21():
    leavers = _care_leavers()
    found = count("care_leavers", "2021-01", leavers)
    assert figure(found) == (3, None)  # A C E
    assert decided(found)[7] == (OUT, "blank Date of Birth")
    assert figure(count("care_leavers_eet_pct", "2021-01", leavers)) == (2, 3)  # A C
    assert figure(count("care_leavers_accommodation_pct", "2021-01", leavers)) == (1, 3)  # A


def test_a_29_february_birthday_turns_19_on_1_march():
    leaver = (CareLeaver("A", 2, D("2000-02-29")),)
    assert figure(count("care_leavers", "2019-02", extract("2019-02-28",
                                                         care_leavers=leaver))) == (0, None)
    assert figure(count("care_leavers", "2019-03", extract("2019-03-31",
                                                         care_leavers=leaver))) == (1, None)


def test_pathway_plans():
    found = count("pathway_plans_pct", "2021-01", _care_leavers())
    assert figure(found) == (3, 6) and found.na is None  # A B E, every row
    assert figure(count("pathway_plans_pct", "2021-01", _care_leavers(), months=5)) == (2, 6)
    for column in ("Latest Pathway Plan Review Date", "pathway_review"):
        old = _care_leavers(absent=frozenset({(9, column)}))
        assert count("pathway_plans_pct", "2021-01", old).na == (
            "annex-a-2021-01-31.xlsx has no Latest Pathway Plan Review Date column "
            "(the 2019 template)")
    other = _care_leavers(absent=frozenset({(9, "Latest Date of Contact")}))
    assert count("pathway_plans_pct", "2021-01", other).na is None


# -- every rule: the order of rows and extracts changes no figure -------------------------

def _day(draw, first: date, last: date) -> date | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    return first + timedelta(days=draw(st.integers(0, (last - first).days)))


@st.composite
def _extracts(draw) -> list[Extract]:
    made = []
    for day in (D("2020-06-30"), D("2020-09-30"), D("2020-12-31")):
        first = D("2018-01-01")
        children = st.sampled_from("ABCDEFGH")
        rows = {name: [] for name in ("contacts", "referrals", "assessments", "enquiries",
                                      "children_in_need", "protection", "in_care",
                                      "care_leavers")}
        for row in range(2, draw(st.integers(2, 14))):
            def d(lo=day - timedelta(days=200), hi=day):
                return _day(draw, lo, hi)
            child = draw(children)
            rows["contacts"].append(Contact(child, row, d(), draw(st.sampled_from("ab"))))
            rows["referrals"].append(Referral(child, row, d()))
            rows["assessments"].append(Assessment(child, row, d(), d()))
            rows["enquiries"].append(Enquiry(child, row, d(), d()))
            rows["children_in_need"].append(CinEpisode(
                child, row, d(first), d(), draw(st.sampled_from("abce")), d(),
                draw(st.sampled_from(["W1", "W2", None])), d(D("2000-01-01"))))
            rows["protection"].append(ProtectionPlan(
                child, row, d(first), d(), draw(st.integers(0, 2)), d(), draw(st.booleans()),
                d(first), d(D("2005-01-01"))))
            rows["in_care"].append(CarePeriod(
                child, row, d(first), d(), draw(st.sampled_from(["C2", "V3", "V4", None])),
                draw(st.integers(0, 4)), d(first), d(), d(), d(D("2002-01-01"))))
            rows["care_leavers"].append(CareLeaver(
                child, row, d(D("1998-01-01"), D("2003-01-01")),
                draw(st.sampled_from(["F1", "P3", "G4", None])),
                draw(st.sampled_from(["a", "b", None])), d()))
        made.append(Extract(day, f"annex-a-{day}.xlsx", **{k: tuple(v) for k, v in rows.items()},
                            lists=frozenset({1, 3, 4, 5, 6, 7, 8, 9})))
    return made


def _shuffled(extracts: list[Extract], seed: int) -> list[Extract]:
    chance = random.Random(seed)
    mixed = []
    for e in extracts:
        lists = {}
        for name in ("contacts", "referrals", "assessments", "enquiries", "children_in_need",
                     "protection", "in_care", "care_leavers"):
            rows = list(getattr(e, name))
            chance.shuffle(rows)
            lists[name] = tuple(rows)
        mixed.append(Extract(e.date, e.file, **lists, lists=e.lists))
    chance.shuffle(mixed)
    return mixed


@given(_extracts(), st.integers(0, 1000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_shuffling_rows_or_extracts_changes_no_figure(extracts, seed):
    mixed = _shuffled(extracts, seed)
    for month in months_given(extracts):
        for rule in RULES.values():
            worked, again = work_out(rule, {}, month, extracts), work_out(rule, {}, month, mixed)
            assert worked.count == again.count, (rule.name, month)
            assert (worked.extract is None) == (again.extract is None)
            assert worked.extract is None or worked.extract.file == again.extract.file


def test_a_child_on_two_rows_is_counted_on_the_first_whatever_their_order():
    rows = (CinEpisode("A", 3, D("2020-01-01"), None, "c", worker="W1"),
            CinEpisode("A", 2, D("2020-02-01"), None, "c", worker="W2"),
            CinEpisode("B", 4, D("2020-01-01"), None, "c", worker="W1"))
    for order in (rows, rows[::-1]):
        found = count("children_per_sw", "2020-12", extract("2020-12-31",
                                                            children_in_need=order))
        assert figure(found) == (2, 2)  # A on row 2 with W2, B with W1
        assert decided(found)[3] == (OUT, "child counted on another row")
