"""Reading Annex A extracts: lists found by their headers, dates, categories, one row per
child, and problems that name a place, never a child."""

from __future__ import annotations

import os
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.annex_a_files import (
    ADOPTERS,
    ADOPTION,
    CIN,
    CLA,
    CONTACTS,
    CP,
    DAY,
    EARLY_HELP,
    LEAVERS,
    LEAVERS_2019,
    REFERRALS,
    codes,
    csv_folder,
    read,
    workbook,
)
from xlscore.annex_a.caching import FOLDER
from xlscore.annex_a.reading import find_extracts, read_extract, read_extracts
from xlscore.problems import Problems, Severity


@pytest.fixture(autouse=True)
def _own_cache_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XLSCORE_CACHE_KEY", str(tmp_path / "cache-key"))


def contact(child="C1", when=date(2020, 11, 4), source="a) 1A: Individual", birth=None):
    return [child, "a) Male", "a) WBRI", birth, 10, when, source]


# --- finding the extracts --------------------------------------------------------------


def test_extracts_are_found_by_the_date_in_their_names(tmp_path):
    folder = tmp_path / "annex-a"
    workbook(folder / "annex-a-2020-12-31.xlsx", {"L1": [CONTACTS]})
    workbook(folder / "Annex A 2020-11-30 final.xlsx", {"L1": [CONTACTS]})
    csv_folder(folder / "annex-a-2021-01-31", {"contacts": [CONTACTS]})
    (folder / ".xlscore-cache").mkdir()
    (folder / "~$annex-a-2020-12-31.xlsx").write_bytes(b"lock")
    problems = Problems()
    found = find_extracts(folder, problems)
    assert [(d, p.name) for d, p in found] == [
        (date(2020, 11, 30), "Annex A 2020-11-30 final.xlsx"),
        (date(2020, 12, 31), "annex-a-2020-12-31.xlsx"),
        (date(2021, 1, 31), "annex-a-2021-01-31")]
    assert not problems.items


@pytest.mark.parametrize("name", ["annex-a.xlsx", "annex-a-2020-12.xlsx",
                                  "annex-a-2020-02-30.xlsx", "annex-a-20201231.xlsx",
                                  "annex-a-2020-11-30-to-2020-12-31.xlsx"])
def test_an_undated_name_is_an_error_naming_it(tmp_path, name):
    workbook(tmp_path / name, {"L1": [CONTACTS]})
    os.utime(tmp_path / name, (0, 0))  # a timestamp is never taken for the date
    problems = Problems()
    assert find_extracts(tmp_path, problems) == []
    assert codes(problems) == ["annexa.undated"]
    assert problems.errors[0].file.endswith(name)


def test_a_missing_folder_holds_no_extracts(tmp_path):
    problems = Problems()
    assert find_extracts(tmp_path / "annex-a", problems) == []
    assert read_extracts(tmp_path / "annex-a", problems) == []
    assert not problems.items


def test_other_files_are_named_and_not_read(tmp_path):
    (tmp_path / "annex-a-2020-12-31.xls").write_bytes(b"old")
    (tmp_path / "README.txt").write_text("notes")
    (tmp_path / "annex-a-2020-11-30.xlsx").symlink_to(tmp_path / "README.txt")
    problems = Problems()
    assert find_extracts(tmp_path, problems) == []
    assert sorted(codes(problems)) == ["annexa.not-a-file", "annexa.not-an-extract",
                                       "annexa.not-xlsx"]


# --- lists by their headers ------------------------------------------------------------


def test_lists_are_found_by_headers_under_title_rows_whatever_the_sheet_name(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {
        "Sheet3": [["List 1: Contacts"], ["Produced 2021-01-02"], [], CONTACTS,
                   contact("C1"), contact("C2")],
        "Contacts": [["List 3: Referral"], REFERRALS,
                     ["C1", "a", "a", None, 3, "05/12/2020", "a", "b", 0, "T", "W"]]})
    extract, problems = read(path)
    assert not problems.items
    assert extract.lists == {1, 3}
    assert [(c.child, c.row) for c in extract.contacts] == [("C1", 5), ("C2", 6)]
    assert extract.referrals[0].referral == date(2020, 12, 5)
    assert extract.referrals[0].row == 3


@pytest.mark.parametrize("header", ["Date of Referral", "  date of   referral ", "REFERRAL DATE",
                                    "Date of\nreferral"])
def test_header_variants(tmp_path, header):
    head = [header if h == "Date of referral" else h for h in REFERRALS]
    path = workbook(tmp_path / "a.xlsx", {"R": [head, ["C1", "", "", "", "", "2020-12-05"]]})
    extract, problems = read(path)
    assert not problems.errors
    assert extract.referrals[0].referral == date(2020, 12, 5)


def test_curly_apostrophes_and_question_marks_do_not_matter(tmp_path):
    head = [h.replace("'", "\u2019") for h in CLA]
    head = [h.replace("Was the Child Seen Alone?", "was the child seen alone") for h in head]
    cp = [h if h != "Was the Child Seen Alone?" else "WAS THE CHILD SEEN ALONE" for h in CP]
    path = workbook(tmp_path / "a.xlsx", {
        "8": [head, ["C1", None, "01/01/2020", "C2", None, None, 1, None, "01/01/2020", "X"]],
        "7": [cp, ["C1", None, "01/01/2020", None, "Yes", None, None, 0]]})
    extract, problems = read(path)
    assert not problems.errors, problems.rendered()
    assert extract.in_care[0].legal_status == "C2"
    assert extract.protection[0].seen_alone is True


def test_a_sheet_matching_no_list_is_a_warning_naming_it(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"Contacts": [CONTACTS, contact()],
                                          "Read me": [["About this extract"]],
                                          "Empty": []})
    extract, problems = read(path)
    assert extract.lists == {1}
    assert codes(problems) == ["annexa.no-list"]
    assert problems.items[0].severity is Severity.WARNING
    assert "'Read me'" in problems.items[0].message


def test_a_sheet_matching_two_lists_is_an_error(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"Both": [CONTACTS + REFERRALS[5:], contact()]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.two-lists"]
    assert "List 1 and List 3" in problems.errors[0].message


def test_a_header_given_twice_is_an_error(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"R": [REFERRALS + ["Referral Date"]]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.column-twice"]
    assert "columns F and L" in problems.errors[0].message


def test_a_list_on_two_sheets_is_an_error(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"A": [CONTACTS], "B": [CONTACTS]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.list-twice"]


def test_a_column_the_rules_need_missing_is_an_error_naming_it(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"CP": [[h for h in CP if "Seen Alone" not in h]]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.missing-column"]
    assert "Was the Child Seen Alone?" in problems.errors[0].message


def test_lists_2_10_and_11_are_recognised_and_give_no_rows(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"EH": [EARLY_HELP, ["C1", "01/12/2020"]],
                                          "Adoption": [ADOPTION, ["C1", "01/01/2019"]],
                                          "Adopters": [ADOPTERS, ["A1", "01/01/2020"]]})
    extract, problems = read(path)
    assert not problems.items
    assert extract.lists == {2, 10, 11}


def test_both_templates_of_list_9(tmp_path):
    old = workbook(tmp_path / "2019.xlsx", {"9": [
        LEAVERS_2019, ["Y1", "a", "a", "01/06/2000", 20, "b", "T", "W", "b", "a", "U",
                       "a) Suitable", "F1"]]})
    new = workbook(tmp_path / "later.xlsx", {"9": [
        LEAVERS, ["Y1", "a", "a", "01/06/2000", 20, "b", "b", "T", "W", "PA", "b",
                  "01/11/2020", "a", "02/11/2020", "U", "Suitable",
                  "P4 Part time apprenticeship"]]})
    before, problems = read(old)
    assert not problems.items
    assert before.absent == {(9, "Allocated Personal Advisor"),
                             (9, "Latest Pathway Plan Review Date"),
                             (9, "Latest Date of Contact")}
    assert before.care_leavers[0].pathway_review is None
    assert before.care_leavers[0].accommodation == "a"
    after, problems = read(new)
    assert not problems.items
    assert after.absent == frozenset()
    assert after.care_leavers[0].pathway_review == date(2020, 11, 1)
    assert after.care_leavers[0].activity == "P4"


# --- categories -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["c", "C", "c)", "c) Child in need plan", "C) CHILD IN NEED PLAN",
                                   "Child in need plan", " child  in need plan "])
def test_lettered_categories_in_every_form(tmp_path, value):
    path = workbook(tmp_path / "a.xlsx", {"6": [CIN, ["C1", None, "01/01/2020", None, None,
                                                       value, "T", "W"]]})
    extract, problems = read(path)
    assert not problems.items
    assert extract.children_in_need[0].status == "c"


@pytest.mark.parametrize(("value", "code"), [("V3", "V3"), ("v4", "V4"),
                                             ("C2 Full care order", "C2"),
                                             ("V3: Short term breaks", "V3"),
                                             ("J1 - Remanded", "J1")])
def test_coded_categories_as_the_code_alone_or_with_its_text(tmp_path, value, code):
    path = workbook(tmp_path / "a.xlsx", {"8": [CLA, ["C1", None, "01/01/2020", value, None,
                                                       None, 0, None, "01/01/2020", "X"]]})
    extract, problems = read(path)
    assert not problems.items
    assert extract.in_care[0].legal_status == code


@pytest.mark.parametrize(("value", "letter"), [("a", "a"), ("q) 6: Police", "q"), ("6", "q"),
                                               ("6: Police", "q"), ("Police", "q"),
                                               ("1A", "a"), ("3C: Health services", "i"),
                                               ("10", "u"), ("p1) 5D", "p1"), ("5D", "p1"),
                                               (6.0, "q")])
def test_contact_source_by_letter_or_census_code(tmp_path, value, letter):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact(source=value)]})
    extract, problems = read(path)
    assert not problems.items, problems.rendered()
    assert extract.contacts[0].source == letter


@pytest.mark.parametrize("value", ["x", "z) Other", "Child in need", "CIN"])
def test_a_lettered_value_that_is_no_option_is_an_error_with_its_place(tmp_path, value):
    path = workbook(tmp_path / "a.xlsx", {"6": [CIN, ["C1", None, "01/01/2020", None, None,
                                                       value, "T", "W"]]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.bad-value"]
    error = problems.errors[0]
    assert (error.file, error.line) == (str(path), 2)
    assert "sheet '6' (List 6), column F 'Case Status'" in error.message
    assert f"'{value}'" in error.message


@pytest.mark.parametrize("value", ["V9", "Short breaks", "7.5", "V 3", "XV3"])
def test_a_coded_value_that_is_no_code_is_an_error_with_its_place(tmp_path, value):
    path = workbook(tmp_path / "a.xlsx", {
        "8": [["List 8"], CLA, ["C1", None, "01/01/2020", "C2", None, None, 0, None,
                                "01/01/2020", "X"],
              ["C2", None, "01/01/2020", value, None, None, 0, None, "01/01/2020", "X"]]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.bad-value"]
    error = problems.errors[0]
    assert (error.file, error.line) == (str(path), 4)
    assert "sheet '8' (List 8), column D 'Child's Legal Status'" in error.message


def test_columns_no_rule_uses_are_not_judged(tmp_path):
    row = contact()
    row[1] = "Martian"  # Gender
    row[4] = "about ten"  # Age
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, row]})
    extract, problems = read(path)
    assert not problems.items
    assert len(extract.contacts) == 1


def test_seen_alone_yes_no_unknown(tmp_path):
    rows = [[f"C{i}", None, "01/01/2020", None, value, None, None, 0]
            for i, value in enumerate(["a) Yes", "No", "c", "", "Y", "n"])]
    extract, problems = read(workbook(tmp_path / "a.xlsx", {"7": [CP, *rows]}))
    assert not problems.items
    assert [p.seen_alone for p in extract.protection] == [True, False, None, None, True, False]


@pytest.mark.parametrize(("value", "number"), [(0, 0), (3.0, 3), ("2", 2), (" 4 ", 4)])
def test_counts_are_non_negative_whole_numbers(tmp_path, value, number):
    extract, problems = read(workbook(tmp_path / "a.xlsx", {
        "7": [CP, ["C1", None, "01/01/2020", None, None, None, None, value]]}))
    assert not problems.items
    assert extract.protection[0].previous_plans == number


@pytest.mark.parametrize("value", [-1, 1.5, "two", "-3", True])
def test_a_count_that_is_not_a_whole_number_is_an_error(tmp_path, value):
    extract, problems = read(workbook(tmp_path / "a.xlsx", {
        "7": [CP, ["C1", None, "01/01/2020", None, None, None, None, value]]}))
    assert extract is None
    assert codes(problems) == ["annexa.bad-value"]
    assert "Number of Previous Child Protection Plans" in problems.errors[0].message


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "day"), [
    (date(2020, 4, 3), date(2020, 4, 3)), (datetime(2020, 4, 3, 13, 30), date(2020, 4, 3)),
    ("03/04/2020", date(2020, 4, 3)), ("3/4/2020", date(2020, 4, 3)),
    ("2020-04-03", date(2020, 4, 3)), ("2020-04-03 00:00:00", date(2020, 4, 3)),
    ("13/04/2020", date(2020, 4, 13)), (43924, date(2020, 4, 3))])
def test_date_forms_day_before_month(tmp_path, value, day):
    extract, problems = read(workbook(tmp_path / "a.xlsx", {"1": [CONTACTS,
                                                                   contact(when=value)]}))
    assert not problems.items
    assert extract.contacts[0].contact == day


@pytest.mark.parametrize("value", ["04/13/2020", "31/02/2020", "3 April 2020", "03/04/20",
                                   "2020/04/03", "soon"])
def test_a_date_that_cannot_be_read_is_an_error_with_its_place(tmp_path, value):
    path = workbook(tmp_path / "a.xlsx", {"1": [["List 1"], CONTACTS, contact(),
                                                contact(when=value)]})
    extract, problems = read(path)
    assert extract is None
    assert codes(problems) == ["annexa.bad-value"]
    error = problems.errors[0]
    assert (error.file, error.line) == (str(path), 4)
    assert "column F 'Date of Contact'" in error.message
    assert value in error.message


def test_an_unreadable_date_of_birth_is_not_quoted(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact(birth="31/02/2011")]})
    extract, problems = read(path)
    assert extract is None
    assert "31/02/2011" not in problems.errors[0].message
    assert "Date of Birth" in problems.errors[0].message


def test_a_blank_mandatory_date_keeps_the_row_with_a_note(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact("C1"), contact("C2", when=None),
                                                contact("C3", when="  ")]})
    extract, problems = read(path)
    assert not problems.items
    assert [c.contact for c in extract.contacts] == [date(2020, 11, 4), None, None]
    assert [(n.list, n.row, n.reason) for n in extract.notes] == [
        (1, 3, "blank Date of Contact"), (1, 4, "blank Date of Contact")]


def test_a_blank_date_a_list_may_leave_blank_has_no_note(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"7": [CP, ["C1", None, "01/01/2020", None, None,
                                                      None, None, 0]]})
    extract, problems = read(path)
    assert extract.protection[0].end is None
    assert extract.notes == ()


def test_a_date_after_the_extract_date_is_none_with_a_note(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact(when=date(2020, 12, 31)),
                                                contact(when=date(2021, 1, 1))]})
    extract, problems = read(path, date(2020, 12, 31))
    assert not problems.items
    assert [c.contact for c in extract.contacts] == [date(2020, 12, 31), None]
    assert [(n.row, n.reason) for n in extract.notes] == [
        (3, "date after the extract date: Date of Contact")]


# --- children -------------------------------------------------------------------------


def test_child_ids_are_text_as_given(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact("007"), contact(7),
                                                contact(7.0), contact("  7 "), contact("A-1")]})
    extract, problems = read(path)
    assert [c.child for c in extract.contacts] == ["007", "7", "7", "7", "A-1"]


def test_a_row_without_a_child_is_left_out_with_a_note(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact(""), [None] * 7,
                                                contact("C2")]})
    extract, problems = read(path)
    assert [c.row for c in extract.contacts] == [4]
    assert [(n.row, n.reason) for n in extract.notes] == [
        (2, "blank Child Unique ID: row left out")]


def test_a_child_on_two_rows_keeps_the_latest_start(tmp_path):
    def cla(child, start):
        return [child, None, start, "C2", None, None, 0, None, start, "X"]

    rows = [cla("C1", "01/01/2020"), cla("C1", "01/06/2020"), cla("C1", "01/03/2020"),
            cla("007", "01/03/2020"), cla("7", "01/03/2020")]
    path = workbook(tmp_path / "a.xlsx", {"8": [CLA, *rows]})
    extract, problems = read(path)
    assert not problems.items, problems.rendered()
    assert [(p.child, p.row) for p in extract.in_care] == [("C1", 3), ("007", 5), ("7", 6)]
    assert [(n.row, n.reason) for n in extract.notes] == [
        (2, "duplicate child: the row with the latest start date (row 3) was kept"),
        (4, "duplicate child: the row with the latest start date (row 3) was kept")]


def test_a_care_leaver_on_two_rows_keeps_the_last(tmp_path):
    row = ["Y1", "a", "a", "01/06/2000", 20, "b", "T", "W", "b", "a", "U", "a", "F1"]
    later = [*row[:-1], "G5"]
    extract, problems = read(workbook(tmp_path / "a.xlsx", {"9": [LEAVERS_2019, row, later]}))
    assert [leaver.activity for leaver in extract.care_leavers] == ["G5"]
    assert [n.reason for n in extract.notes] == [
        "duplicate child: the last row (row 3) was kept"]


def test_lists_that_hold_many_rows_a_child_keep_them_all(tmp_path):
    extract, problems = read(workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact("C1"),
                                                                   contact("C1")]}))
    assert len(extract.contacts) == 2 and extract.notes == ()


# --- CSV folders ----------------------------------------------------------------------


def test_a_folder_of_csvs_reads_as_the_workbook_does(tmp_path):
    sheets = {"contacts": [["List 1: Contacts"], CONTACTS, contact("007", when="04/11/2020"),
                           contact("C2", when="2020-11-05", source="6")],
              "cp": [CP, ["C1", "", "01/01/2020", "", "a", "", "", "0"]]}
    from_csv, problems = read(csv_folder(tmp_path / "annex-a-2020-12-31", sheets))
    assert not problems.items
    from_xlsx, _ = read(workbook(tmp_path / "annex-a-2020-12-31.xlsx", sheets))
    assert from_csv.contacts == from_xlsx.contacts
    assert from_csv.protection == from_xlsx.protection
    assert from_csv.contacts[0].child == "007"


def test_a_table_in_a_csv_folder_that_is_no_csv_is_a_warning_other_files_are_not(tmp_path):
    folder = csv_folder(tmp_path / "annex-a-2020-12-31", {"contacts": [CONTACTS, contact()]})
    workbook(folder / "referrals.xlsx", {"3": [REFERRALS]})
    (folder / "README.txt").write_text("notes")
    (folder / "old").mkdir()
    (folder / ".DS_Store").write_bytes(b"\0")
    extract, problems = read(folder)
    assert len(extract.contacts) == 1 and extract.lists == {1}
    assert codes(problems) == ["annexa.not-csv"]
    assert [p.file for p in problems.items] == [f"{folder}/referrals.xlsx"]


def test_rows_are_numbered_as_the_sheet_shows_them_wherever_the_table_starts(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["B2"] = "List 1: Contacts"
    for offset, header in enumerate(CONTACTS):
        sheet.cell(row=4, column=3 + offset, value=header)
    for offset, value in enumerate(contact("C1", when="not a date")):
        sheet.cell(row=7, column=3 + offset, value=value)
    book.save(tmp_path / "a.xlsx")
    extract, problems = read(tmp_path / "a.xlsx")
    assert problems.errors[0].line == 7
    assert "column H 'Date of Contact'" in problems.errors[0].message


def test_a_csv_saved_by_excel_in_its_own_code_page_reads(tmp_path):
    folder = tmp_path / "annex-a-2020-12-31"
    folder.mkdir()
    text = ",".join(CONTACTS) + "\r\nC\u00e91,a,a,,,04/11/2020,a\r\n"
    (folder / "contacts.csv").write_bytes(text.encode("cp1252"))
    extract, problems = read(folder)
    assert not problems.items
    assert extract.contacts[0].child == "C\u00e91"


def test_a_csv_that_is_not_text_is_an_error(tmp_path):
    folder = tmp_path / "annex-a-2020-12-31"
    folder.mkdir()
    (folder / "contacts.csv").write_bytes(b"Child Unique ID,Date of Contact\n\x00\x01\x02\n")
    extract, problems = read(folder)
    assert extract is None
    assert codes(problems) == ["annexa.unreadable"]


def test_a_csv_too_large_to_be_a_list_is_an_error(tmp_path, monkeypatch):
    from xlscore.annex_a import safety

    monkeypatch.setattr(safety, "MAX_UNPACKED", 1000)
    folder = csv_folder(tmp_path / "annex-a-2020-12-31",
                        {"contacts": [CONTACTS, *[contact(f"C{n}") for n in range(40)]]})
    extract, problems = read(folder)
    assert extract is None
    assert codes(problems) == ["annexa.too-large"]


def test_a_csv_problem_names_the_csv_file(tmp_path):
    folder = csv_folder(tmp_path / "annex-a-2020-12-31", {"contacts": [CONTACTS,
                                                                       contact(when="40/40/2020")]})
    extract, problems = read(folder)
    assert extract is None
    assert problems.errors[0].file == f"{folder}/contacts.csv"
    assert problems.errors[0].line == 2


# --- no child in any message ----------------------------------------------------------


def test_no_problem_message_ever_holds_a_child_id(tmp_path):
    """Every kind of problem a row can cause, on rows whose IDs and personal values are
    recognisable: none appears in any message."""
    secret = ["QX7-CHILD-1", "QX7-CHILD-2", "QX7-CHILD-3", "QX7-POSTCODE", "QX7-WORKER",
              "QX7-TEAM", "29/02/2011"]
    cin = [["QX7-CHILD-1", "29/02/2011", "01/01/2020", "99/99/2020", None, "zz", "QX7-TEAM",
            "QX7-WORKER"],
           ["QX7-CHILD-1", "29/02/2011", "01/01/2021", None, None, "c", "QX7-TEAM",
            "QX7-WORKER"]]
    cla = [["QX7-CHILD-2", "31/02/2011", "01/01/2020", "C9", None, None, "x", None,
            "01/01/2020", "QX7-POSTCODE"]]
    leavers = [["QX7-CHILD-3", "a", "a", "30/02/2001", 19, "b", "QX7-TEAM", "QX7-WORKER", "b",
                "a", "U", "a", "F9"]]
    path = workbook(tmp_path / "a.xlsx", {"6": [CIN, *cin], "8": [CLA, *cla],
                                          "9": [LEAVERS_2019, *leavers], "Notes": [["x"]]})
    extract, problems = read(path)
    assert extract is None
    assert len(problems.items) >= 5
    for problem in problems.items:
        for value in secret:
            assert value not in str(problem), (value, str(problem))


# --- hostile files --------------------------------------------------------------------


def _rezip(source: Path, target: Path, change) -> Path:
    """A copy of the workbook `source` whose parts `change(name, data)` rewrites."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w",
                                                                zipfile.ZIP_DEFLATED) as out:
        for name in original.namelist():
            out.writestr(name, change(name, original.read(name)))
    return target


def _sheet_part(name: str) -> bool:
    return name.startswith("xl/worksheets/sheet")


def _with_rows(tmp_path: Path, name: str, rows: bytes) -> Path:
    """A one-contact workbook with `rows` (XML) added at the end of its sheet's data."""
    source = tmp_path / "source.xlsx"
    if not source.exists():
        workbook(source, {"1": [CONTACTS, contact()]})
    return _rezip(source, tmp_path / f"{name}.xlsx", lambda part, data: data.replace(
        b"</sheetData>", rows + b"</sheetData>") if _sheet_part(part) else data)


def test_a_cell_at_xfd1048576_is_refused_before_calamine_allocates_its_grid(tmp_path):
    far = _with_rows(tmp_path, "far", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    extract, problems = read(far)
    assert extract is None
    assert codes(problems) == ["annexa.too-large"]
    assert "1,048,576 rows and 16,384 columns" in problems.errors[0].message


def test_rows_and_cells_without_references_are_bounded_too(tmp_path):
    """calamine places a row or cell that names no place after the one before it."""
    cells = b"<c><v>1</v></c>" * 20_000
    wide = _with_rows(tmp_path, "wide", b'<row r="900000">' + cells + b"</row>")
    extract, problems = read(wide)
    assert codes(problems) == ["annexa.too-large"]


def test_a_few_cells_far_apart_within_bounds_are_read(tmp_path):
    far = _with_rows(tmp_path, "far", b'<row r="5000"><c r="AZ5000"><v>1</v></c></row>')
    extract, problems = read(far)
    assert not problems.errors, problems.rendered()
    assert len(extract.contacts) == 1


@pytest.mark.parametrize("cell", [
    b'<c s="1" r="XFD1048576"><v>1</v></c>',  # r not first
    b'<c\n r = "XFD1048576"><v>1</v></c>',  # spaced
    b"<c r='XFD1048576'><v>1</v></c>",  # single quotes
    b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'r="XFD1048576"><x:v>1</x:v></x:c>'])  # a prefix
def test_a_far_cell_however_written_is_refused(tmp_path, cell):
    far = _with_rows(tmp_path, "far", b'<row r="3">' + cell + b"</row>")
    extract, problems = read(far)
    assert codes(problems) == ["annexa.too-large"]


def test_unnamed_cells_cannot_hide_behind_other_attributes_ending_in_r(tmp_path):
    cells = b'<c hdr="1" ptr="2"><v>1</v></c>' * 20_000
    wide = _with_rows(tmp_path, "wide", b'<row r="1000">' + cells + b"</row>")
    extract, problems = read(wide)
    assert codes(problems) == ["annexa.too-large"]


def test_a_long_narrow_sheet_and_a_short_wide_one_are_read(tmp_path):
    """Past 99,999 rows, or past 100 columns, the sheet's furthest row is found exactly."""
    for name, extra in (("long", b'<row r="150000"><c r="B150000"><v>1</v></c></row>'),
                        ("wide", b'<row r="9000"><c r="ZZ9000"><v>1</v></c></row>')):
        path = _with_rows(tmp_path, name, extra)
        extract, problems = read(path)
        assert not problems.errors, (name, problems.rendered())
        assert len(extract.contacts) == 1


def test_data_validation_and_formatting_rules_are_no_far_cells(tmp_path):
    """`operator="between"` ends in r="...": a sheet Excel writes with drop-downs reads."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.append(CONTACTS)
    sheet.append(contact())
    check = DataValidation(type="whole", operator="between", formula1="0", formula2="99")
    sheet.add_data_validation(check)
    check.add("E2:E500")
    book.save(tmp_path / "a.xlsx")
    extract, problems = read(tmp_path / "a.xlsx")
    assert not problems.items, problems.rendered()
    assert b'operator="between"' in zipfile.ZipFile(tmp_path / "a.xlsx").read(
        "xl/worksheets/sheet1.xml")


def test_a_zip_bomb_is_refused_by_its_declared_ratio(tmp_path):
    source = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact()]})
    padding = b"<!-- " + b" " * (60 << 20) + b" -->"
    bomb = _rezip(source, tmp_path / "bomb.xlsx", lambda name, data: data + padding
                  if _sheet_part(name) else data)
    extract, problems = read(bomb)
    assert extract is None
    assert codes(problems) == ["annexa.zip-bomb"]


def test_a_workbook_larger_than_an_extract_needs_is_refused(tmp_path, monkeypatch):
    from xlscore.annex_a import safety

    monkeypatch.setattr(safety, "MAX_UNPACKED", 20_000)
    source = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact()]})
    big = _rezip(source, tmp_path / "big.xlsx", lambda name, data: data + b" " * 30_000
                 if _sheet_part(name) else data)
    extract, problems = read(big)
    assert extract is None
    assert codes(problems) == ["annexa.too-large"]


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path):
    """A lying size is caught as the part is unpacked (zipfile stops at the declared size and
    the checksum then fails), before calamine sees the file."""
    source = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact()]})
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        sheet = next(i for i in archive.infolist() if _sheet_part(i.filename))
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        length = int.from_bytes(raw[central + 28:central + 30], "little")
        if raw[central + 46:central + 46 + length].decode() == sheet.filename:
            raw[central + 24:central + 28] = (10).to_bytes(4, "little")
            break
        central = raw.find(b"PK\x01\x02", central + 4)
    raw[sheet.header_offset + 22:sheet.header_offset + 26] = (10).to_bytes(4, "little")
    lying = tmp_path / "lying.xlsx"
    lying.write_bytes(bytes(raw))
    extract, problems = read(lying)
    assert extract is None
    assert codes(problems) == ["annexa.unreadable"]


def test_xml_entities_are_refused(tmp_path):
    source = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact()]})
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    evil = _rezip(source, tmp_path / "evil.xlsx", lambda name, data: laughs + data.split(
        b"?>", 1)[-1] if name == "xl/workbook.xml" else data)
    extract, problems = read(evil)
    assert extract is None
    assert codes(problems) == ["annexa.xml-entities"]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04" + b"\0" * 100,
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600])
def test_a_file_that_is_no_workbook_is_an_error_not_a_crash(tmp_path, data):
    path = tmp_path / "annex-a-2020-12-31.xlsx"
    path.write_bytes(data)
    extract, problems = read(path)
    assert extract is None
    assert len(problems.errors) == 1
    assert problems.errors[0].file == str(path)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_random_bytes_inside_a_workbook_end_in_a_problem_or_an_extract(tmp_path, data):
    source = tmp_path / "source.xlsx"
    if not source.exists():
        workbook(source, {"1": [CONTACTS, contact()]})
    names = zipfile.ZipFile(source).namelist()
    victim = names[len(data) % len(names)]
    broken = _rezip(source, tmp_path / "broken.xlsx",
                    lambda name, part: data if name == victim else part)
    problems = Problems()
    extract = read_extract(broken, DAY, problems)
    assert (extract is None) == bool(problems.errors)


# --- the cache ------------------------------------------------------------------------


def _folder(tmp_path) -> Path:
    folder = tmp_path / "inputs" / "annex-a"
    workbook(folder / "annex-a-2020-11-30.xlsx", {
        "1": [["List 1: Contacts"], CONTACTS, contact("007"), contact("C2", when=None)],
        "Notes": [["About this extract"]]})
    csv_folder(folder / "annex-a-2020-12-31", {
        "cp": [CP, ["C1", "", "01/01/2020", "", "a", "", "", "0"],
               ["C1", "", "01/02/2020", "", "b", "", "", "1"]]})
    return folder


def _read_all(folder: Path, cache: bool = True):
    problems = Problems()
    return read_extracts(folder, problems, cache=cache), [str(p) for p in problems.items]


def test_the_cache_gives_the_same_extracts_and_problems_as_reading(tmp_path):
    folder = _folder(tmp_path)
    uncached = _read_all(folder, cache=False)
    assert not (folder / FOLDER).exists()
    first = _read_all(folder)
    entries = sorted((folder / FOLDER).glob("*.extract"))
    assert len(entries) == 2
    second = _read_all(folder)
    assert uncached == first == second
    assert len(uncached[0]) == 2 and len(uncached[1]) == 1  # the warning comes back too
    assert [p.name for p in sorted((folder / FOLDER).glob("*.extract"))] == [
        p.name for p in entries]
    assert (folder / FOLDER / ".gitignore").read_text().endswith("*\n")


def test_a_second_read_comes_from_the_cache(tmp_path, monkeypatch):
    from xlscore.annex_a import reading

    folder = _folder(tmp_path)
    first = _read_all(folder)
    monkeypatch.setattr(reading, "_sheets", lambda path: pytest.fail("read again"))
    assert _read_all(folder) == first


def test_a_changed_file_is_read_again_and_its_old_entry_goes(tmp_path):
    folder = _folder(tmp_path)
    _read_all(folder)
    before = {p.name for p in (folder / FOLDER).glob("*.extract")}
    with (folder / "annex-a-2020-12-31" / "cp.csv").open("a", encoding="utf-8") as out:
        out.write("C9,,01/03/2020,,a,,,0\n")
    extracts, _ = _read_all(folder)
    assert [p.child for p in extracts[1].protection] == ["C1", "C9"]
    after = {p.name for p in (folder / FOLDER).glob("*.extract")}
    assert len(after) == 2 and len(after & before) == 1


def test_a_changed_reader_reads_again(tmp_path, monkeypatch):
    from xlscore.annex_a import caching

    folder = _folder(tmp_path)
    _read_all(folder)
    before = {p.name for p in (folder / FOLDER).glob("*.extract")}
    monkeypatch.setattr(caching, "_fingerprint", [b"another reader"])
    _read_all(folder)
    after = {p.name for p in (folder / FOLDER).glob("*.extract")}
    assert len(after) == 2 and not before & after


def test_an_altered_or_foreign_entry_is_never_unpickled(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    expected = _read_all(folder, cache=False)
    _read_all(folder)
    for entry in (folder / FOLDER).glob("*.extract"):
        data = bytearray(entry.read_bytes())
        data[-5] ^= 0xFF
        entry.write_bytes(bytes(data))
    import pickle

    monkeypatch.setattr(pickle, "loads", lambda data: pytest.fail("unpickled"))
    assert _read_all(folder) == expected
    monkeypatch.undo()
    # Another user's key (a cache copied from elsewhere): read again, same extracts.
    monkeypatch.setenv("XLSCORE_CACHE_KEY", str(tmp_path / "another-key"))
    assert _read_all(folder) == expected


def test_an_extract_with_errors_is_not_kept(tmp_path):
    folder = tmp_path / "annex-a"
    workbook(folder / "annex-a-2020-12-31.xlsx", {"1": [CONTACTS, contact(when="31/31/2020")]})
    extracts, problems = _read_all(folder)
    assert extracts == [] and len(problems) == 1
    assert list((folder / FOLDER).glob("*.extract")) == []
    assert _read_all(folder) == (extracts, problems)


def test_without_a_key_there_is_no_cache(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("XLSCORE_CACHE_KEY", str(tmp_path / "not-a-folder" / "key"))
    assert _read_all(folder) == _read_all(folder, cache=False)
    assert not (folder / FOLDER).exists()


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    folder = _folder(tmp_path)
    expected = _read_all(folder, cache=False)
    (folder / FOLDER).write_text("a file where the cache folder would be")
    assert _read_all(folder) == expected


def test_rows_read_are_the_records_their_constructors_make(tmp_path):
    from xlscore.annex_a.records import Contact, ProtectionPlan

    extract, _ = read(workbook(tmp_path / "a.xlsx", {
        "1": [CONTACTS, contact("C1")],
        "7": [CP, ["C2", None, "01/01/2020", None, "b", None, None, 2]]}))
    assert extract.contacts == (Contact("C1", 2, date(2020, 11, 4), "a"),)
    assert extract.protection == (ProtectionPlan("C2", 2, date(2020, 1, 1), None, 2,
                                                 seen_alone=False),)
    assert hash(extract.contacts[0]) == hash(Contact("C1", 2, date(2020, 11, 4), "a"))
    with pytest.raises(AttributeError):
        extract.contacts[0].child = "C3"


def _crash_on_the_second(path, when, problems, shown):
    if "2020-12-31" in shown:
        os._exit(3)  # as a reader that crashes on a hostile file would end its process
    return read_extract(path, when, problems, shown)


def test_extracts_read_in_worker_processes_are_the_same(tmp_path, monkeypatch):
    from xlscore.annex_a import caching

    folder = _folder(tmp_path)
    expected = _read_all(folder, cache=False)
    monkeypatch.setattr(caching, "PARALLEL_FROM", 0)
    monkeypatch.setattr(caching.os, "cpu_count", lambda: 4)
    in_workers = Problems()
    assert (read_extracts(folder, in_workers, cache=False, workers=4),
            [str(p) for p in in_workers.items]) == expected
    in_workers = Problems()
    assert (read_extracts(folder, in_workers, workers=4),  # read in workers, kept by them
            [str(p) for p in in_workers.items]) == expected
    assert len(list((folder / FOLDER).glob("*.extract"))) == 2
    assert _read_all(folder) == expected  # from the cache


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_worker_that_dies_costs_its_extract_an_error_not_the_build(tmp_path, monkeypatch):
    from xlscore.annex_a import caching

    folder = _folder(tmp_path)
    monkeypatch.setattr(caching, "PARALLEL_FROM", 0)
    monkeypatch.setattr(caching.os, "cpu_count", lambda: 4)
    problems = Problems()
    found = find_extracts(folder, problems)
    extracts = caching.read_through(folder, found, problems, _crash_on_the_second, workers=2)
    assert [e.date for e in extracts] == [date(2020, 11, 30)]
    assert [(p.code, p.file) for p in problems.errors] == [
        ("annexa.unreadable", str(folder / "annex-a-2020-12-31"))]


# --- properties -------------------------------------------------------------------------

_STARTS = st.dates(min_value=date(2018, 1, 1), max_value=date(2020, 12, 31))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["C1", "C2", "007", "7"]), _STARTS), min_size=1,
                max_size=12))
def test_each_child_keeps_a_row_with_its_latest_start_whatever_the_order(tmp_path, rows):
    folder = csv_folder(tmp_path / "annex-a-2020-12-31", {"cla": [CLA, *[
        [child, "", start.strftime("%d/%m/%Y"), "C2", "", "", "0", "", "01/01/2020", "X"]
        for child, start in rows]]})
    extract, problems = read(folder)
    assert not problems.items
    latest: dict[str, date] = {}
    for child, start in rows:
        latest[child] = max(latest.get(child, start), start)
    assert {p.child: p.start for p in extract.in_care} == latest
    assert len(extract.in_care) + len(extract.notes) == len(rows)
    kept = {p.row for p in extract.in_care}
    assert all(n.row not in kept and n.reason.startswith("duplicate child") for n in extract.notes)


_CELL = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", " ", "a", "c) Child in need plan", "V3", "01/02/2020", "2020-02-30", "31/12/2099",
     "-1", "1e9", "NaN", "=1+1", "\x1b[31m", "\u202e", "0", "3.0"])).filter(
    lambda cell: "QX" not in cell)  # the IDs' mark: no other cell holds it


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_CELL, min_size=8, max_size=8), min_size=1, max_size=5),
       st.sampled_from([CIN, CP]))
def test_any_cells_end_in_an_extract_or_problems_naming_no_child(tmp_path, rows, header):
    rows = [[f"QX{n}", *row[1:]] for n, row in enumerate(rows)]
    folder = csv_folder(tmp_path / "annex-a-2020-12-31", {"list": [header, *rows]})
    problems = Problems()
    extract = read_extract(folder, DAY, problems)
    assert (extract is None) == bool(problems.errors)
    for problem in problems.items:
        assert "QX" not in str(problem)
        assert "\x1b" not in str(problem)


def test_the_figures_kept_are_for_those_very_extracts_and_rules(tmp_path):
    from xlscore.annex_a import caching

    folder = _folder(tmp_path)
    names = caching.entry_names(find_extracts(folder, Problems()))
    assert all(names)
    caching.remember(folder, names, "rules A", ("figures", 1))
    assert caching.recall(folder, names, "rules A") == ("figures", 1)
    assert caching.recall(folder, names, "rules B") is None  # a rule or parameter changed
    assert caching.recall(folder, names[:1], "rules A") is None  # an extract gone
    with (folder / "annex-a-2020-12-31" / "cp.csv").open("a", encoding="utf-8") as out:
        out.write("C9,,01/03/2020,,a,,,0\n")
    changed = caching.entry_names(find_extracts(folder, Problems()))
    assert changed[0] == names[0] and changed[1] != names[1]
    assert caching.recall(folder, changed, "rules A") is None  # an extract changed
    caching.remember(folder, changed, "rules A", ("figures", 2))
    assert [p.name.endswith(".figures") for p in (folder / FOLDER).iterdir()].count(True) == 1
    assert caching.recall(folder, changed, "rules A") == ("figures", 2)
    entry = next((folder / FOLDER).glob("*.figures"))
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert caching.recall(folder, changed, "rules A") is None  # altered: never unpickled


def test_sheets_parsed_alongside_leave_no_thread_behind(tmp_path, monkeypatch):
    """calamine parses each sheet in a thread while the one before is read: stopped after
    the first sheet, or failing in the thread, the thread is gone and the error is the
    reader's (a forked worker must never start beside a thread)."""
    import threading

    from xlscore.annex_a import reading

    path = workbook(tmp_path / "a.xlsx", {"1": [CONTACTS, contact("C1")],
                                          "3": [["List 3"]], "4": [["List 4"]]})
    before = threading.active_count()
    sheets = reading._sheets(path)
    assert next(sheets)[1] == "1"
    sheets.close()
    assert threading.active_count() == before
    extract, problems = read(path)
    assert extract is not None and threading.active_count() == before

    class Broken:
        @staticmethod
        def from_path(_):
            raise RuntimeError("calamine: a broken part")

    import python_calamine

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Broken)
    problems = Problems()
    assert read_extract(path, DAY, problems) is None
    assert [p.code for p in problems.errors] == ["annexa.unreadable"]
    assert "RuntimeError" in problems.errors[0].message
    assert threading.active_count() == before


def test_figures_kept_under_another_holidays_release_are_worked_out_again(tmp_path,
                                                                        monkeypatch):
    from xlscore.annex_a import caching

    folder = _folder(tmp_path)
    names = caching.entry_names(find_extracts(folder, Problems()))
    caching.remember(folder, names, "rules", ("figures", 1))
    assert caching.recall(folder, names, "rules") == ("figures", 1)
    monkeypatch.setattr(caching, "_holidays_version", lambda: "9999.1.1")
    assert caching.recall(folder, names, "rules") is None
