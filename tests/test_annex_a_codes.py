"""Categories read in every form exports write them, and nothing else read as one."""

from __future__ import annotations

import pytest

from xlscore.annex_a import codes


@pytest.mark.parametrize(("value", "key"), [
    ("a", "a"), ("A", "a"), ("a)", "a"), ("A)", "a"), ("a) Male", "a"), ("A) MALE", "a"),
    ("Male", "a"), ("male", "a"), (" b)  Female ", "b"), ("Female", "b"), ("M", "a"),
    ("d) Neither", "d"), ("Not stated/recorded", "c"), ("c)Not stated", "c")])
def test_lettered(value, key):
    assert codes.GENDER.key(value) == key


@pytest.mark.parametrize("value", ["", "e", "e) Other", "Mal", "Males", "aa", "1", "a b",
                                   "Neither nor"])
def test_lettered_none_of_these(value):
    assert codes.GENDER.key(value) is None


@pytest.mark.parametrize(("value", "key"), [
    ("V3", "V3"), ("v3", "V3"), ("V3 Short breaks", "V3"),
    ("V3: Short term breaks, episodes recorded", "V3"), ("C2 - Full care order", "C2"),
    ("E1", "E1"), ("J3\u2013Youth rehabilitation order", "J3")])
def test_coded(value, key):
    assert codes.LEGAL_STATUS.key(value) == key


@pytest.mark.parametrize("value", ["V", "V5", "V33", "XV3", "Short term breaks", "3V",
                                   "a) V3", ""])
def test_coded_none_of_these(value):
    assert codes.LEGAL_STATUS.key(value) is None


@pytest.mark.parametrize(("value", "key"), [
    ("F1", "F1"), ("P5", "P5"), ("G6 NEET - pregnancy or parenting", "G6"), ("f4", "F4")])
def test_activity(value, key):
    assert codes.ACTIVITY.key(value) == key


def test_every_activity_and_legal_status_code_is_known():
    assert {c for c, _ in codes.ACTIVITY.codes} == {
        f"{k}{n}" for k in "FP" for n in range(1, 6)} | {"G4", "G5", "G6"}
    assert {c for c, _ in codes.LEGAL_STATUS.codes} == {
        "C1", "C2", "D1", "E1", "V2", "L1", "L2", "L3", "J1", "J2", "J3", "V3", "V4"}


@pytest.mark.parametrize(("value", "key"), [
    ("a", "a"), ("a) 1A: Individual", "a"), ("1A", "a"), ("1a: individual", "a"),
    ("4", "m"), ("4: Housing", "m"), ("Housing", "m"), ("10", "u"), ("10 Unknown", "u"),
    ("1", None), ("1D", "d"), ("5D: LA services - early help", "p1"), ("p1)", "p1"),
    ("p1) 5D", "p1"), ("Police", "q"), ("6", "q"), ("11", None), ("v", None), ("4A", None)])
def test_contact_source(value, key):
    assert codes.SOURCE.key(value) == key


def test_source_letters_run_a_to_u_and_p1():
    letters = codes.SOURCE.lettered.letters
    assert letters == tuple("abcdefghijklmnop") + ("p1",) + tuple("qrstu")


@pytest.mark.parametrize(("value", "key"), [("a) Yes", "a"), ("Yes", "a"), ("Y", "a"),
                                            ("n", "b"), ("No", "b"), ("c) Unknown", "c"),
                                            ("Maybe", None)])
def test_yes_no(value, key):
    assert codes.SEEN_ALONE.key(value) == key


def test_folded():
    assert codes.folded("  Child\u2019s   LEGAL\tstatus ") == "child's legal status"
