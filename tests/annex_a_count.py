"""An independent count of the Annex A figures, from the rows the example's generator wrote
(its `Written.lists`: plain values by canonical header), written from the issue's table of
definitions and NOT from xlscore.annex_a: the golden check compares the two, so a mistake
in the rules cannot hide in both. Plain Python, slow and literal on purpose."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays

Rows = list[dict[str, Any]]

START = {6: "CIN Start Date", 7: "Child Protection Plan Start Date",
         8: "Date Started to be Looked After"}
FLOW = {"contacts", "referrals", "re_referrals_pct", "assessments", "assessments_45_days_pct",
        "s47s", "icpc_15_days_pct", "cp_repeat_pct", "cp_ended_2_years_pct"}
EET = {"F1", "F2", "F3", "F4", "F5", "P1", "P2", "P3", "P4", "P5"}


def last_day(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))


def plus_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, last_day(year, month + 1).day))


def plus_years(day: date, years: int) -> date:
    return plus_months(day, 12 * years)  # 29 February + 1 year = 28 February


def age(birth: date, day: date) -> int:
    """Whole years; a 29 February birthday falls on 1 March in other years."""
    try:
        this_year = birth.replace(year=day.year)
    except ValueError:
        this_year = date(day.year, 3, 1)
    return day.year - birth.year - (day < this_year)


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def working_days(a: date, b: date) -> int:
    """Working days after a up to and including b (a same-day completion is 0)."""
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _bank_holidays(day.year):
            count += 1
    return count


class Extract:
    """One written extract as the reader should leave it: dates after the extract date
    blank, and in lists 6-9 one row per child (the latest start date kept)."""

    def __init__(self, written: Any) -> None:
        self.date: date = written.date
        self.start = plus_months(self.date + timedelta(days=1), -6)
        self.template: str = written.template
        self.lists: dict[int, Rows] = {}
        for number, rows in written.lists.items():
            cleaned = [{k: (None if isinstance(v, date) and v > self.date else v)
                        for k, v in row.items()} for row in rows]
            if number in (6, 7, 8, 9):
                kept: dict[str, dict[str, Any]] = {}
                for row in cleaned:
                    child = row["Child Unique ID"]
                    old = kept.get(child)
                    if old is None or (number != 9 and (row[START[number]] or date.min)
                                       > (old[START[number]] or date.min)):
                        kept[child] = row
                cleaned = list(kept.values())
            self.lists[number] = cleaned

    def holds(self, first: date, last: date) -> bool:
        return self.start <= first and last <= self.date


def history(extracts: Sequence[Extract], number: int, key: tuple[str, ...]) -> Rows:
    """Every extract's rows of one list, the same record taken once (the newest row wins)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for extract in sorted(extracts, key=lambda e: e.date):
        for row in extract.lists[number]:
            if all(row[k] is not None for k in key):
                found[tuple(row[k] for k in key)] = row
    return list(found.values())


def covered(extracts: Sequence[Extract], first: date, last: date) -> bool:
    day = first
    windows = sorted((e.start, e.date) for e in extracts)
    for start, end in windows:
        if start <= day <= end:
            day = end + timedelta(days=1)
        if day > last:
            return True
    return day > last


def counting(extracts: Sequence[Extract], measure: str, year: int, month: int) -> Extract | None:
    first, end = date(year, month, 1), last_day(year, month)
    if measure in FLOW:
        holding = [e for e in extracts if e.holds(first, end)]
        return max(holding, key=lambda e: e.date) if holding else None
    return next((e for e in extracts if e.date == end), None)


def expected(extracts: Sequence[Extract], measure: str, year: int, month: int
             ) -> tuple[int, int | None] | str | None:
    """(numerator, denominator) as the issue defines the measure; a string when it is n/a;
    None when no extract gives the month."""
    s, e = date(year, month, 1), last_day(year, month)
    x = counting(extracts, measure, year, month)
    if x is None:
        return None
    lists = x.lists

    def inside(day: date | None) -> bool:
        return day is not None and s <= day <= e

    def open_at(start: date | None, end: date | None) -> bool:
        return start is not None and start <= e and (end is None or end > e)

    if measure == "contacts":
        return sum(inside(r["Date of Contact"]) for r in lists[1]), None
    if measure == "referrals":
        return sum(inside(r["Date of referral"]) for r in lists[3]), None
    if measure == "re_referrals_pct":
        if not covered(extracts, plus_months(s, -12), e):
            return "history does not cover the 12 months before"
        earlier = history(extracts, 3, ("Child Unique ID", "Date of referral"))
        by_child: dict[str, list[date]] = {}
        for r in earlier:
            by_child.setdefault(r["Child Unique ID"], []).append(r["Date of referral"])
        month_rows = [r for r in lists[3] if inside(r["Date of referral"])]
        repeat = sum(any(plus_months(r["Date of referral"], -12) <= d < r["Date of referral"]
                         for d in by_child.get(r["Child Unique ID"], []))
                     for r in month_rows)
        return repeat, len(month_rows)
    if measure == "assessments":
        return sum(inside(r["Continuous Assessment Date of Authorisation"]) for r in lists[4]), None
    if measure == "assessments_45_days_pct":
        rows = [r for r in lists[4] if inside(r["Continuous Assessment Date of Authorisation"])
                and r["Continuous Assessment Start Date"] is not None
                and r["Continuous Assessment Start Date"]
                <= r["Continuous Assessment Date of Authorisation"]]
        quick = sum(working_days(r["Continuous Assessment Start Date"],
                                 r["Continuous Assessment Date of Authorisation"]) <= 45
                    for r in rows)
        return quick, len(rows)
    if measure == "s47s":
        return sum(inside(r["Strategy discussion initiating Section 47 Enquiry Start Date"])
                   for r in lists[5]), None
    if measure == "icpc_15_days_pct":
        start = "Strategy discussion initiating Section 47 Enquiry Start Date"
        icpc = "Date of Initial Child Protection Conference"
        rows = [r for r in lists[5] if inside(r[icpc]) and r[start] is not None
                and r[start] <= r[icpc]]
        return sum(working_days(r[start], r[icpc]) <= 15 for r in rows), len(rows)
    if measure == "cin_plans":
        return sum(r["Case Status"] == "c" and (r["CIN Closure Date"] is None
                                                 or r["CIN Closure Date"] > e)
                   for r in lists[6]), None
    if measure == "caseload":
        return len({r["Child Unique ID"] for r in lists[6]
                    if open_at(r["CIN Start Date"], r["CIN Closure Date"])}), None
    plan_open = [r for r in lists[7] if open_at(r["Child Protection Plan Start Date"],
                                                r["Child Protection Plan End Date"])]
    if measure == "cp_plans":
        return len(plan_open), None
    if measure == "cp_repeat_pct":
        started = [r for r in lists[7] if inside(r["Child Protection Plan Start Date"])]
        return (sum((r["Number of Previous Child Protection Plans"] or 0) > 0 for r in started),
                len(started))
    if measure == "cp_ended_2_years_pct":
        ended = [r for r in lists[7] if inside(r["Child Protection Plan End Date"])
                 and r["Child Protection Plan Start Date"] is not None]
        return (sum(plus_years(r["Child Protection Plan Start Date"], 2)
                    <= r["Child Protection Plan End Date"] for r in ended), len(ended))
    if measure == "cp_2_years_pct":
        return (sum(plus_years(r["Child Protection Plan Start Date"], 2) <= e for r in plan_open),
                len(plan_open))
    if measure == "cp_visits_pct":
        visited = sum(r["Date of the Last Statutory Visit"] is not None
                      and r["Date of the Last Statutory Visit"] <= e
                      and (e - r["Date of the Last Statutory Visit"]).days <= 14
                      for r in plan_open)
        return visited, len(plan_open)
    in_care = [r for r in lists[8] if open_at(r["Date Started to be Looked After"],
                                              r["Date Ceased to be Looked After"])
               and r["Child's Legal Status"] not in ("V3", "V4")]
    if measure == "cla":
        return len(in_care), None
    if measure == "cla_2_years_pct":
        return (sum(plus_years(r["Date Started to be Looked After"], 2) <= e for r in in_care),
                len(in_care))
    if measure == "cla_3_placements_pct":
        return (sum((r["Number of Placements in the Last 12 months"] or 0) >= 3 for r in in_care),
                len(in_care))
    if measure == "cla_health_pct":
        due = [r for r in in_care if plus_months(r["Date Started to be Looked After"], 12) <= e]
        fresh = 0
        for r in due:
            h = r["Date of Last Health Assessment"]
            months = 6 if r["Date of Birth"] is not None and age(r["Date of Birth"], e) < 5 else 12
            fresh += h is not None and h <= e and h > plus_months(e, -months)
        return fresh, len(due)
    leavers = [r for r in lists[9] if r["Date of Birth"] is not None
               and 19 <= age(r["Date of Birth"], e) <= 21]
    if measure == "care_leavers":
        return len(leavers), None
    if measure == "care_leavers_eet_pct":
        return sum(r["Activity Status"] in EET for r in leavers), len(leavers)
    if measure == "care_leavers_accommodation_pct":
        return sum(r["Suitability of Accommodation"] == "a" for r in leavers), len(leavers)
    if measure == "pathway_plans_pct":
        if x.template == "2019":
            return "no Latest Pathway Plan Review Date column (2019 template)"
        rows = lists[9]
        recent = sum(r["Latest Pathway Plan Review Date"] is not None
                     and plus_months(e, -6) < r["Latest Pathway Plan Review Date"] <= e
                     for r in rows)
        return recent, len(rows)
    raise KeyError(measure)


MEASURES = ("contacts", "referrals", "re_referrals_pct", "assessments",
            "assessments_45_days_pct", "s47s", "icpc_15_days_pct", "cin_plans", "caseload",
            "cp_plans", "cp_repeat_pct", "cp_ended_2_years_pct", "cp_2_years_pct",
            "cp_visits_pct", "cla", "cla_2_years_pct", "cla_3_placements_pct", "cla_health_pct",
            "care_leavers", "care_leavers_eet_pct", "care_leavers_accommodation_pct",
            "pathway_plans_pct")
