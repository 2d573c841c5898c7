"""Small Annex A extracts written for the tests: a workbook or a folder of CSVs from rows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from xlscore.annex_a.reading import read_extract
from xlscore.problems import Problems

CONTACTS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
            "Date of Contact", "Contact Source"]
REFERRALS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
             "Date of referral", "Referral Source", "Referral NFA?",
             "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]
ASSESSMENTS = ["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
               "Continuous Assessment Date of Authorisation"]
ENQUIRIES = ["Child Unique ID", "Date of Birth",
             "Strategy discussion initiating Section 47 Enquiry Start Date",
             "Date of Initial Child Protection Conference"]
CIN = ["Child Unique ID", "Date of Birth", "CIN Start Date", "Date Child Was Last Seen",
       "CIN Closure Date", "Case Status", "Allocated Team", "Allocated Worker"]
CP = ["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date",
      "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
      "Date of latest review conference", "Child Protection Plan End Date",
      "Number of Previous Child Protection Plans"]
CLA = ["Child Unique ID", "Date of Birth", "Date Started to be Looked After",
       "Child's Legal Status", "Date of Last Health Assessment", "Date of Last Dental Check",
       "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
       "Start Date of Most Recent Placement", "Placement postcode"]
LEAVERS_2019 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                "Age of Child (Years)", "Does the Child have a Disability", "Allocated Team",
                "Allocated Worker", "Eligibility Category", "LA in Touch",
                "Type of Accommodation", "Suitability of Accommodation", "Activity Status"]
LEAVERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
           "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
           "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
           "Allocated Personal Advisor", "Eligibility Category",
           "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
           "Type of Accommodation", "Suitability of Accommodation", "Activity Status"]
EARLY_HELP = ["Child Unique ID", "Assessment start date", "Assessment completion date",
              "Organisation completing assessment"]
ADOPTION = ["Child Unique ID", "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption"]
ADOPTERS = ["Individual adopter identifier", "Date enquiry received"]

DAY = date(2020, 12, 31)


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx with one sheet per entry: each a list of rows (title rows included)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def csv_folder(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (path / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def read(path: Path, day: date = DAY):
    problems = Problems()
    return read_extract(path, day, problems), problems


def codes(problems: Problems) -> list[str]:
    return [p.code for p in problems.items]
