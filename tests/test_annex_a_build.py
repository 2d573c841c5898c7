"""Annex A extracts -> facts: each rule's figure for every month the extracts give, merged
with the hand-kept extracts' facts; what the Data quality sheet says about them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.annex_a_helpers import CHILDREN, extract, test_rules  # noqa: F401
from xlscore.annex_a.build import fact, merge, work_out
from xlscore.annex_a.findings import findings, rows_said
from xlscore.annex_a.records import RowNote
from xlscore.catalogue import catalogue_from_dict
from xlscore.extracts import Fact, Facts, Source
from xlscore.periods import Month
from xlscore.problems import Problems

pytestmark = pytest.mark.usefixtures("test_rules")
A, B, C = CHILDREN
NOV, DEC = Month(2020, 11), Month(2020, 12)


def catalogue(seen_unit="percent", referrals=True):
    measures = [
        {"id": "contacts", "name": "Contacts", "unit": "count", "period": "flow",
         "annex_a": "t_contacts"},
        {"id": "seen", "name": "Seen", "unit": seen_unit, "period": "snapshot",
         "annex_a": {"rule": "t_seen_pct", "days": 10}},
    ]
    if referrals:
        measures.append({"id": "referrals", "name": "Referrals", "unit": "count",
                         "period": "flow"})
    problems = Problems()
    made = catalogue_from_dict({"authority": "Testshire",
                                "sections": [{"name": "S", "measures": measures}]}, problems)
    assert not problems.errors, problems.rendered()
    return made


def extracts():
    """November's and December's month-end extracts: December's recounts November's
    contacts (one recorded late) and has a blank date; each gives its own visits."""
    november = extract(date(2020, 11, 30),
                       contacts=[(A, date(2020, 11, 3)), (B, date(2020, 10, 20))],
                       episodes=[(A, date(2020, 11, 25)), (B, date(2020, 10, 1))])
    december = extract(date(2020, 12, 31),
                       contacts=[(A, date(2020, 11, 3)), (B, date(2020, 10, 20)),
                                 (C, date(2020, 11, 30)), (A, date(2020, 12, 1)), (B, None)],
                       episodes=[(A, date(2020, 12, 21)), (B, date(2020, 12, 22)),
                                 (C, date(2020, 12, 1)), (C, None)],
                       notes=[RowNote(6, 9, "duplicate child: the row with the latest start "
                                         "date was kept", "List 6"),
                              RowNote(6, 3, "duplicate child: the row with the latest start "
                                         "date was kept", "List 6"),
                              RowNote(1, 4, "blank Date of Contact")])
    return [december, november]


def test_each_month_given_takes_the_rule_from_the_extract_windows_choose():
    annex = work_out(catalogue(), extracts())
    assert annex.months == tuple(Month(2020, m) for m in range(6, 13))
    facts = Facts()
    problems = Problems()
    merge(annex, catalogue(), facts, problems)
    assert not problems.items
    # Flow: November from December's extract (the newest holding it): 2 contacts, not 1.
    assert facts.get(NOV, "contacts") == Fact(
        NOV, "contacts", Decimal(2), source=Source("inputs/annex-a/annex-a-2020-12-31.xlsx"))
    assert facts.get(DEC, "contacts").value == 1
    assert facts.get(Month(2020, 10), "contacts").value == 1
    # Snapshot: only from the extract dated on the month's last day.
    seen = facts.get(DEC, "seen")
    assert (seen.numerator, seen.denominator) == (2, 3)  # 10 days: 21st and 22nd, not 1st
    assert seen.value == Decimal(2) / 3 * 100
    assert facts.get(NOV, "seen").source.file.endswith("2020-11-30.xlsx")
    assert facts.get(NOV, "seen").value == 50
    assert facts.get(Month(2020, 10), "seen") is None  # no extract dated 31 October
    assert facts.months == set(annex.months)
    assert facts.get(DEC, "referrals") is None  # no rule: from the hand-kept extracts only


def hand_kept(value, note="", numerator=None, denominator=None, measure="contacts"):
    facts = Facts()
    facts.by_key[(DEC, measure)] = Fact(DEC, measure, value, numerator, denominator, note,
                                        Source("inputs/2020-12.csv", 7))
    facts.months.add(DEC)
    return facts


def test_a_figure_both_sources_give_alike_is_kept_with_the_note():
    facts, problems = hand_kept(Decimal(1), note="new front door"), Problems()
    merge(work_out(catalogue(), extracts()), catalogue(), facts, problems)
    assert not problems.items
    kept = facts.get(DEC, "contacts")
    assert kept.note == "new front door"
    assert kept.source == Source("inputs/annex-a/annex-a-2020-12-31.xlsx")


def test_alike_as_displayed_is_alike():
    facts, problems = hand_kept(Decimal("66.65"), measure="seen"), Problems()
    merge(work_out(catalogue(), extracts()), catalogue(), facts, problems)
    assert not problems.items  # 66.7% both
    facts, problems = hand_kept(Decimal("66.6"), measure="seen"), Problems()
    merge(work_out(catalogue(), extracts()), catalogue(), facts, problems)
    assert [p.code for p in problems.errors] == ["annexa.disagrees"]


def test_a_figure_the_sources_disagree_on_is_an_error_naming_both():
    facts, problems = hand_kept(Decimal(4)), Problems()
    merge(work_out(catalogue(), extracts()), catalogue(), facts, problems)
    [error] = problems.errors
    assert (error.code, error.file, error.line, error.measure, error.period) == (
        "annexa.disagrees", "inputs/2020-12.csv", 7, "contacts", "2020-12")
    assert "4 here" in error.message and "1 from Annex A" in error.message
    assert "inputs/annex-a/annex-a-2020-12-31.xlsx" in error.message
    assert facts.get(DEC, "contacts").value == 4  # nothing silently won


def test_a_blank_hand_kept_figure_gives_way():
    facts, problems = hand_kept(None), Problems()
    merge(work_out(catalogue(), extracts()), catalogue(), facts, problems)
    assert not problems.items and facts.get(DEC, "contacts").value == 1


def test_zero_over_zero_is_not_available_with_its_parts():
    december = extract(date(2020, 12, 31), episodes=[(A, None)])
    annex = work_out(catalogue(), [december])
    made = fact(annex.result("seen", DEC), Problems())
    assert (made.value, made.numerator, made.denominator) == (None, 0, 0)
    assert made.zero_over_zero


def test_a_rule_giving_a_ratio_for_a_count_is_an_error():
    problems = Problems()
    made = fact(work_out(catalogue("count"), extracts()).result("seen", DEC), problems)
    assert made is None
    assert [(p.code, p.measure) for p in problems.errors] == [("annexa.wrong-unit", "seen")]


def test_findings_say_rows_by_number_and_months_without_a_figure():
    cat = catalogue()
    annex = work_out(cat, extracts(), "inputs/annex-a")
    facts = Facts()
    merge(annex, cat, facts, Problems())
    found = findings(annex, facts, [Month(2020, 10), NOV, DEC])
    said = [(f.check.name, f.measure, str(f.month), f.message) for f in found]
    assert ("ANNEX_A_NOT_AVAILABLE", "seen", "2020-10",
            "no extract dated 2020-10-31 (month end): shown n/a") in said
    assert ("ANNEX_A_EXCLUDED", "contacts", "2020-12",
            "List 1: 1 row (6) left out of this measure (Oct-20 to Dec-20): blank Date of "
            "Contact") in said  # once, for every month December's extract counts
    assert ("ANNEX_A_EXCLUDED", "seen", "2020-12",
            "List 6: 1 row (5) left out of this measure (Dec-20): blank Date Child Was Last "
            "Seen") in said
    assert len([f for f in found if f.check.name == "ANNEX_A_EXCLUDED"]) == 2
    assert ("ANNEX_A_SET_ASIDE", None, "2020-12",
            "List 6 (sheet 'List 6'): 2 rows (3, 9): duplicate child: the row with the "
            "latest start date was kept") in said
    assert ("ANNEX_A_SET_ASIDE", None, "2020-12", "List 1: 1 row (4): blank Date of Contact") \
        in said
    assert all(f.file.startswith("inputs/annex-a") for f in found)
    for child in CHILDREN:
        assert not any(child in f.message for f in found)


def test_a_hand_kept_figure_fills_a_month_annex_a_cannot():
    cat = catalogue()
    annex = work_out(cat, extracts())
    facts = Facts()
    facts.by_key[(Month(2020, 10), "seen")] = Fact(Month(2020, 10), "seen", Decimal(40),
                                                   source=Source("inputs/history.csv", 3))
    merge(annex, cat, facts, Problems())
    assert facts.get(Month(2020, 10), "seen").value == 40
    assert not [f for f in findings(annex, facts, [Month(2020, 10)])
                if f.check.name == "ANNEX_A_NOT_AVAILABLE"]


def test_months_said():
    from xlscore.annex_a.findings import months_said

    assert months_said({DEC}) == "Dec-20"
    assert months_said({NOV, DEC, Month(2020, 10)}) == "Oct-20 to Dec-20"
    assert months_said({Month(2020, 9), DEC}) == "Sep-20, Dec-20"


def test_rows_said_lists_the_first_ones():
    assert rows_said([5]) == "1 row (5)"
    assert rows_said(list(range(30, 0, -1))) == (
        "30 rows (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 and "
        "10 more)")


def test_a_revision_of_an_annex_a_figure_names_the_extract_without_a_line():
    from xlscore.revisions import Revision

    measure = catalogue().measure("seen")
    revised = Revision(measure, DEC, Decimal("50.0"), Decimal("66.7"), NOV,
                       Source("inputs/annex-a/annex-a-2020-12-31.xlsx"))
    assert revised.message == ("Revised: 50.0% in the Nov-20 pack, now 66.7%, "
                               "inputs/annex-a/annex-a-2020-12-31.xlsx")
    assert str(Source("inputs/2020-12.csv", 4)) == "inputs/2020-12.csv:4"


def test_a_pack_without_annex_a_says_nothing_of_it():
    from xlscore.quality import Check, Finding
    from xlscore.writers.quality import counts_sentence

    plain = counts_sentence((Finding(Check.MISSING_MONTH, "no extract"),))
    assert "Annex A" not in plain and "Month missing: 1" in plain
    said = counts_sentence((Finding(Check.ANNEX_A_EXCLUDED, "List 4: 1 row (3)"),))
    assert "Annex A rows left out: 1" in said and "Annex A rows set aside" not in said


def test_alike_rows_are_one_finding():
    """Rows left out of two measures alike are one finding; the reader's duplicates, each
    naming the row kept, are one finding per list."""
    from tests.annex_a_helpers import TEST_RULES, count_contacts
    from xlscore.annex_a.rules import RULES, Rule

    RULES["t_contacts_too"] = Rule("t_contacts_too", (1,), TEST_RULES["t_contacts"].kind,
                                   count_contacts)
    try:
        cat = catalogue_from_dict({"authority": "T", "sections": [{"name": "S", "measures": [
            {"id": "a", "name": "A", "unit": "count", "period": "flow", "annex_a": "t_contacts"},
            {"id": "b", "name": "B", "unit": "count", "period": "flow",
             "annex_a": "t_contacts_too"}]}]}, Problems())
        december = extract(date(2020, 12, 31), contacts=[(A, None), (B, date(2020, 12, 2))],
                           notes=[RowNote(7, 4, "duplicate child: the row with the latest "
                                             "start date (row 9) was kept"),
                                  RowNote(7, 6, "duplicate child: the row with the latest "
                                             "start date (row 2) was kept")])
        annex = work_out(cat, [december])
        found = findings(annex, Facts(), [DEC])
    finally:
        del RULES["t_contacts_too"]
    assert [(f.check.name, f.measure, f.message) for f in found] == [
        ("ANNEX_A_EXCLUDED", None, "List 1: 1 row (2) left out of 2 measures (a, b) (Dec-20): "
                                   "blank Date of Contact"),
        ("ANNEX_A_SET_ASIDE", None, "List 7: 2 rows (4, 6): duplicate child: the row with the "
                                    "latest start date was kept")]


def test_nothing_keeps_the_childrens_rows_once_worked_out():
    """A long-running process (the Python API) holds no child-level row after a build."""
    import gc
    import weakref

    made = extracts()
    kept = [weakref.ref(e) for e in made]
    annex = work_out(catalogue(), made)
    assert annex.results
    del made, annex
    gc.collect()
    assert [r() for r in kept] == [None, None]
