"""The lists' declared columns: each official header row is recognised as its own list and no
other, no header can mean two columns, and every field a column fills exists on its row."""

from __future__ import annotations

from dataclasses import fields

import pytest

from tests.annex_a_files import read, workbook
from xlscore.annex_a.lists import BY_NUMBER, LISTS, Kind, header_key
from xlscore.annex_a.records import Extract


@pytest.mark.parametrize("spec", LISTS, ids=lambda s: f"list{s.number}")
def test_no_header_means_two_columns_of_a_list(spec):
    keys = [key for column in spec.columns for key in column.keys]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("spec", LISTS, ids=lambda s: f"list{s.number}")
def test_each_list_header_row_is_that_list_and_no_other(spec, tmp_path):
    """Every column of the list (variants left out) under a title row: only this list."""
    path = workbook(tmp_path / "a.xlsx", {"Sheet": [[f"List {spec.number}"],
                                                    [c.header for c in spec.columns]]})
    extract, problems = read(path)
    assert not problems.items, problems.rendered()
    assert extract.lists == {spec.number}


@pytest.mark.parametrize("spec", LISTS, ids=lambda s: f"list{s.number}")
def test_the_identifying_columns_alone_are_enough(spec, tmp_path):
    """A sheet holding only the identifying columns (and the columns the rules read) is
    found: the rest of the official columns may be missing."""
    needed = [c.header for c in spec.columns
              if c.identifying or (spec.row and c.field and not c.optional)]
    extract, problems = read(workbook(tmp_path / "a.xlsx", {"S": [needed]}))
    assert not problems.errors, problems.rendered()
    assert extract.lists == {spec.number}


def test_each_identifying_set_is_no_other_lists_subset():
    for spec in LISTS:
        mine = {header_key(c.header) for c in spec.identifying}
        for other in LISTS:
            if other is not spec:
                theirs = {k for c in other.columns for k in c.keys}
                assert not mine <= theirs, (spec.number, other.number)


def test_every_field_named_is_a_field_of_the_row_and_every_list_read_has_its_rows():
    extract_fields = {f.name for f in fields(Extract)}
    for spec in LISTS:
        if spec.row is None:
            assert spec.attribute is None and not spec.one_per_child
            continue
        row_fields = {f.name for f in fields(spec.row)}
        assert spec.attribute in extract_fields
        for column in spec.read:
            assert column.field in row_fields, (spec.number, column.header)
        assert "child" in {c.field for c in spec.read}
        assert spec.start is None or spec.start in row_fields
        categorical = [c for c in spec.read if c.kind in (Kind.CATEGORY, Kind.FLAG)]
        assert all(c.category is not None for c in categorical)


def test_the_lists_that_hold_one_row_per_child():
    assert sorted(s.number for s in LISTS if s.one_per_child) == [6, 7, 8, 9]
    assert BY_NUMBER[9].start is None  # a care leaver's last row wins


def test_the_optional_columns_are_list_9s_later_ones_and_dates_of_birth():
    optional = {(s.number, c.header) for s in LISTS for c in s.columns if c.optional}
    assert {h for n, h in optional if n == 9} == {
        "Allocated Personal Advisor", "Latest Pathway Plan Review Date", "Latest Date of Contact"}
    assert {h for n, h in optional if n != 9} == {"Date of Birth"}


@pytest.mark.parametrize(("given", "key"), [
    ("  Date of   Referral ", "date of referral"), ("Child\u2019s Legal Status",
                                                     "child's legal status"),
    ("Was the Child Seen Alone?", "was the child seen alone"), ("Referral NFA?:", "referral nfa"),
    ("\ufeffChild Unique ID", "child unique id"), (None, ""), (7, "7")])
def test_header_keys(given, key):
    assert header_key(given) == key
