"""Write INVENTED Annex A extracts for Annexford, an invented authority.

    python examples/annex_a/make_extracts.py                 # 36 month-end extracts, mid-size
    python examples/annex_a/make_extracts.py --scale 12 --folder /tmp/annexford-large

Nothing here is any real authority's data or any real child's. The extracts come from
invented children's journeys (contact -> referral -> assessment -> S47 -> ICPC -> CP plan ->
care -> leaving care) simulated day by day at a mid-size authority's rates (about 600
contacts a month at scale 1), seeded so that every run writes the same files. Each month-end
extract holds what Ofsted's Annex A guidance asks for: lists 1-5 the six months up to the
extract date, lists 6-8 the children open at that date plus those closed in the six months
before (one row per child, the most recent episode, plan or period of care), list 9 the
current care leavers. They are written as messily as real exports are: title rows above the
headers, header variants (case, spacing, curly apostrophes, `Date of Referral`), text dates
beside Excel date cells, blank mandatory dates, duplicate children in lists 6-9, a
date after the extract date, one month on the 2019 template (List 9 without Personal
Advisor, Pathway Plan Review Date and Latest Date of Contact), some months as a folder of
CSVs, and a Cover sheet that matches no list.

`make(folder, ...)` returns what it wrote (`Written`: the extract's date, its path and, when
asked, every list's rows as plain values) so that a test can count the figures itself.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import shutil
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
AUTHORITY = "Annexford"
FIRST = date(2021, 1, 31)  # the first month-end extract
MONTHS = 36  # January 2021 to December 2023
SEED = 20231231
WARM_UP = 30  # months simulated before the first extract's window
CONTACTS_A_MONTH = 600  # at scale 1
FAR = date(9999, 12, 31)

# ---------------------------------------------------------------------------------------------
# Categories as Annex A writes them: lettered ("a) Male") and coded ("C2 Full care order").

GENDER = ["a) Male", "b) Female", "c) Not stated/recorded", "d) Neither"]
ETHNICITY = ["a) WBRI", "b) WIRI", "c) WIRT", "d) WOTH", "e) WROM", "f) MWBC", "g) MWBA",
             "h) MWAS", "i) MOTH", "j) AIND", "k) APKN", "l) ABAN", "m) AOTH", "n) BCRB",
             "o) BAFR", "p) BOTH", "q) CHNE", "r) OOTH", "s) REFU", "s) NOBT"]
SOURCE = ["a) 1A: Individual", "b) 1B: Individual", "c) 1C: Individual", "d) 1D: Individual",
          "e) 2A: Schools", "f) 2B: Education services", "g) 3A: Health services",
          "h) 3B: Health services", "i) 3C: Health services", "j) 3D: Health services",
          "k) 3E: Health services", "l) 3F: Health services", "m) 4: Housing",
          "n) 5A: LA services", "o) 5B: LA services", "p) 5C: LA services", "q) 6: Police",
          "r) 7: Other legal agency", "s) 8: Other", "t) 9: Anonymous", "u) 10: Unknown"]
SOURCE_WEIGHTS = [6, 2, 1, 2, 14, 3, 4, 3, 2, 2, 4, 3, 2, 3, 3, 2, 30, 3, 8, 2, 1]
YES_NO = ["a) Yes", "b) No"]
YES_NO_UNKNOWN = ["a) Yes", "b) No", "c) Unknown"]
NEED = ["N0 Not stated", "N1 Abuse or neglect", "N2 Child's disability",
        "N3 Parental disability or illness", "N4 Family in acute stress",
        "N5 Family dysfunction", "N6 Socially unacceptable behaviour", "N7 Low income",
        "N8 Absent parenting", "N9 Cases other than children in need"]
NEED_WEIGHTS = [1, 55, 8, 4, 9, 15, 4, 1, 2, 1]
CLOSURE = {"RC1": "Adopted", "RC2": "Died", "RC3": "Child arrangements order",
           "RC4": "Special guardianship order",
           "RC5": "Transferred to services of another local authority",
           "RC6": "Transferred to adult social care services",
           "RC7": "Services ceased for any other reason, including child no longer in need",
           "RC8": "Case closed after assessment, no further action",
           "RC9": "Case closed after assessment, referred to early help"}
CASE_STATUS = {"a": "Looked after child", "b": "Child Protection plan",
               "c": "Child in need plan", "d": "Open assessment", "e": "Closed episode"}
ABUSE = ["a) Neglect", "b) Physical abuse", "c) Sexual abuse", "d) Emotional abuse",
         "e) Multiple/not recommended"]
ABUSE_WEIGHTS = [48, 8, 4, 36, 4]
LEGAL = {"C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order",
         "E1": "Placement order granted", "V2": "Single period of accommodation under section 20",
         "V3": "Short breaks, episodes recorded", "V4": "Short breaks, agreements recorded",
         "L1": "Police protection", "L2": "Emergency protection order",
         "L3": "Child assessment order", "J1": "Remanded to local authority accommodation",
         "J2": "Detained under PACE", "J3": "Youth rehabilitation order"}
PERMANENCE = ["a) Return to family", "b) Adoption", "c) SGO/CAO",
              "d) Supported living in the community", "e) Long-term residential placement",
              "f) Long-term fostering", "g) other"]
CEASED = {"E11": "Adopted - application unopposed", "E12": "Adopted - consent dispensed",
          "E2": "Died", "E3": "Care taken by another LA",
          "E4A": "Returned home to live with parents or relatives - part of planning",
          "E4B": "Returned home to live with parents or relatives - not part of planning",
          "E45": "Special guardianship order - former carer relative/friend",
          "E47": "Special guardianship order - relative/friend",
          "E5": "Moved into independent living - supported",
          "E6": "Moved into independent living - no support",
          "E8": "Care ceased for any other reason",
          "E17": "Aged 18+ and remained with current carers"}
PLACEMENT = {"U1": "Foster placement - relative - long term", "U3": "Foster placement - relative",
             "U4": "Foster placement - long term", "U6": "Foster placement - other",
             "A5": "Placed for adoption - order - foster", "P1": "Placed with parents",
             "H5": "Semi-independent living", "K2": "Children's home",
             "R1": "Residential care home",
             "S1": "Residential school", "Z1": "Other placement"}
PLACEMENT_WEIGHTS = [8, 6, 20, 30, 3, 6, 7, 12, 2, 2, 4]
PROVIDER = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]
ELIGIBILITY = ["a) Relevant child", "b) Former relevant child", "c) Qualifying care leaver",
               "d) Eligible child"]
IN_TOUCH = ["a) Yes", "b) No", "c) Died", "d) Refu", "e) NREQ", "f) Rhom"]
ACCOMMODATION = {"B": "Parents/relatives", "C": "Community home/residential care",
                 "D": "Semi-independent, transitional accommodation",
                 "E": "Supported lodgings", "K": "Ordinary lodgings", "U": "Independent living",
                 "X": "In custody", "Z": "With former foster carers", "S": "No fixed abode"}
SUITABILITY = ["a) Suitable", "b) Unsuitable"]
ACTIVITY = {"F1": "Full time in higher education", "P1": "Part time in higher education",
            "F2": "Full time in education other than higher",
            "P2": "Part time in education other than higher",
            "F3": "Full time in training or employment",
            "P3": "Part time in training or employment",
            "F4": "Full time apprenticeship", "P4": "Part time apprenticeship",
            "F5": "Full time in training or employment (not apprenticeship)",
            "P5": "Part time in training or employment (not apprenticeship)",
            "G4": "Not in education, employment or training - illness or disability",
            "G5": "Not in education, employment or training - other",
            "G6": "Not in education, employment or training - pregnancy or parenting"}
ACTIVITY_WEIGHTS = [7, 1, 14, 3, 6, 3, 6, 1, 10, 3, 8, 30, 8]
ACTIVITY_2019 = {"F4": "F3", "F5": "F3", "P4": "P3", "P5": "P3"}  # codes the 2019 template lacks
EET = frozenset({"F1", "F2", "F3", "F4", "F5", "P1", "P2", "P3", "P4", "P5"})


def letter(text: str) -> str:
    """The code of a lettered category ("c) Child in need plan" -> "c")."""
    return text.split(")", 1)[0].strip().lower()


# ---------------------------------------------------------------------------------------------
# Calendar

def month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's last (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return min(day.replace(year=year, month=month + 1, day=1) + timedelta(days=day.day - 1),
               month_end(year, month + 1))


def birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return date(birth.year + years, 3, 1)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def month_ends(first: date, count: int) -> list[date]:
    index = first.year * 12 + first.month - 1
    return [month_end(*divmod(index + i, 12)[:1], divmod(index + i, 12)[1] + 1)
            for i in range(count)]


def window_start(extract: date) -> date:
    """(X + 1 day) - 6 months: the first day Ofsted's six months before the extract hold."""
    return add_months(extract + timedelta(days=1), -6)


class WorkingDays:
    """Monday to Friday except England's bank holidays, for timing the journeys."""

    def __init__(self, first: int, last: int) -> None:
        self.off = set(holidays.country_holidays("GB", subdiv="ENG", years=range(first, last + 1)))

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.off

    def add(self, day: date, count: int) -> date:
        """The day `count` working days after `day` (0: the same day)."""
        while count > 0:
            day += timedelta(days=1)
            if self.working(day):
                count -= 1
        return day


# ---------------------------------------------------------------------------------------------
# The journeys

@dataclass(eq=False, slots=True)
class Child:
    id: str
    gender: str
    ethnicity: str
    birth: date
    disability: str
    free_from: date = date.min  # no new referral while an episode of need is open
    prior_plans: int = 0  # plans before the records began (another authority)
    referrals: list[date] = field(default_factory=list)
    enquiries: list[date] = field(default_factory=list)
    icpcs: list[date] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Contact:
    child: Child
    day: date
    source: str


@dataclass(eq=False, slots=True)
class Referral:
    child: Child
    day: date
    source: str
    nfa: bool
    team: str
    worker: str


@dataclass(eq=False, slots=True)
class Assessment:
    child: Child
    start: date
    authorised: date
    seen: str
    support: bool
    team: str
    worker: str


@dataclass(eq=False, slots=True)
class Enquiry:
    child: Child
    start: date
    icpc: date | None
    plan: bool
    team: str
    worker: str


@dataclass(eq=False, slots=True)
class Episode:
    child: Child
    start: date
    closed: date | None
    reason: str
    need: str
    team: str
    worker: str
    assessment: Assessment | None = None


@dataclass(eq=False, slots=True)
class Plan:
    child: Child
    start: date
    end: date | None
    initial: str
    latest: str
    previous: int
    reviews: list[date]
    team: str
    worker: str


@dataclass(eq=False, slots=True)
class Period:
    child: Child
    start: date
    ceased: date | None
    reason: str
    legal: str
    need: str
    moves: list[date]  # placement starts, the first on the period's start
    uasc: bool
    postcode: str
    placement: str
    provider: str
    team: str
    worker: str


@dataclass(eq=False, slots=True)
class Leaver:
    child: Child
    start: date  # 18th birthday
    end: date  # no longer a care leaver from this day
    eligibility: str
    team: str
    worker: str
    adviser: str


@dataclass
class World:
    contacts: list[Contact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    leavers: list[Leaver] = field(default_factory=list)
    early_help: list[tuple[Child, date, date | None]] = field(default_factory=list)


class Simulation:
    """Invented children's journeys at `scale` times a mid-size authority's rates."""

    def __init__(self, rng: random.Random, scale: float, first: date, last: date) -> None:
        self.rng, self.scale, self.first, self.last = rng, scale, first, last
        self.days = WorkingDays(first.year - 20, last.year + 30)
        self.world = World()
        self.children: list[Child] = []
        self.recent: list[Child] = []  # children a contact may be about again
        self.again: list[tuple[date, Child]] = []  # contacts to come about a closed case
        workers = max(8, round(75 * scale))
        self.workers = [f"Invented Worker {k:04d}" for k in range(1, workers + 1)]
        advisers = max(3, round(6 * scale))
        self.advisers = [f"Invented Adviser {k:03d}" for k in range(1, advisers + 1)]
        self.teams = ["Front Door (invented)", "Assessment North (invented)",
                      "Assessment South (invented)", "Child Protection (invented)",
                      "Children in Care (invented)", "Leaving Care (invented)"]

    # -- people --------------------------------------------------------------------------
    def child(self, birth: date) -> Child:
        rng = self.rng
        made = Child(id=f"INV{len(self.children) + 1:07d}",
                     gender=rng.choices(GENDER, [49, 49, 1.5, 0.5])[0],
                     ethnicity=rng.choices(ETHNICITY, [60] + [2] * 19)[0],
                     birth=birth, disability=rng.choices(YES_NO_UNKNOWN, [8, 88, 4])[0])
        self.children.append(made)
        return made

    def birth_for(self, day: date, low: int = 0, high: int = 17) -> date:
        ages = list(range(low, high + 1))
        weights = [14 if a == 0 else 7 if a < 5 else 5 if a < 12 else 7 for a in ages]
        age = self.rng.choices(ages, weights)[0]
        return day - timedelta(days=age * 365 + self.rng.randrange(365))

    def worker(self) -> str:
        return self.rng.choice(self.workers)

    # -- the month by month flow ---------------------------------------------------------
    def run(self) -> World:
        self.stock()
        year, month = self.first.year, self.first.month
        while date(year, month, 1) <= self.last:
            self.month(year, month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        w = self.world
        for items, key in ((w.referrals, "day"), (w.assessments, "start"), (w.enquiries, "start"),
                           (w.episodes, "start"), (w.plans, "start"), (w.periods, "start"),
                           (w.leavers, "start")):
            items.sort(key=lambda item, key=key: getattr(item, key))  # type: ignore[attr-defined]
        return w

    def month(self, year: int, month: int) -> None:
        rng = self.rng
        season = 1.0 + 0.12 * math.cos((month - 3) * math.pi / 6)  # busier in spring
        expected = CONTACTS_A_MONTH * self.scale * season
        count = max(0, round(rng.gauss(expected, math.sqrt(expected))))
        days = [date(year, month, d) for d in range(1, month_end(year, month).day + 1)]
        weights = [1.0 if self.days.working(d) else 0.12 for d in days]
        first, last = days[0], days[-1]
        again = [(day, child) for day, child in self.again if first <= day <= last]
        self.again = [(day, child) for day, child in self.again if day > last]
        drawn: list[tuple[date, Child | None]] = [(d, None) for d in
                                                  rng.choices(days, weights, k=count)]
        for day, known in sorted(drawn + again, key=lambda pair: pair[0]):
            if day > self.last:
                continue
            if known is not None:
                child = known
            elif self.recent and rng.random() < 0.28:
                child = rng.choice(self.recent)
            else:
                child = self.child(self.birth_for(day))
                roll = rng.random()  # plans before the records began, or elsewhere
                child.prior_plans = 2 if roll < 0.03 else 1 if roll < 0.15 else 0
                self.recent.append(child)
                if len(self.recent) > 4000 * self.scale:
                    self.recent = self.recent[len(self.recent) // 4:]
            if age_on(child.birth, day) >= 18:
                continue
            source = rng.choices(SOURCE, SOURCE_WEIGHTS)[0]
            self.world.contacts.append(Contact(child, day, source))
            if day >= child.free_from and rng.random() < (0.6 if known else 0.32):
                later = rng.choices((0, 1, 2, 3), (72, 18, 6, 4))[0]
                self.journey(child, self.days.add(day, later), source)
            elif rng.random() < 0.04:
                end = day + timedelta(days=rng.randrange(20, 120))
                self.world.early_help.append((child, day, end if end <= self.last else None))

    def journey(self, child: Child, day: date, source: str) -> None:
        """A referral and what follows it: the episode of need is closed when the last of its
        assessment, plan or period of care is over."""
        rng, days, world = self.rng, self.days, self.world
        if day > self.last:
            return
        team, worker = rng.choice(self.teams[:3]), self.worker()
        nfa = rng.random() < 0.06
        world.referrals.append(Referral(child, day, source, nfa, team, worker))
        child.referrals.append(day)
        episode = Episode(child, day, None, "", rng.choices(NEED, NEED_WEIGHTS)[0], team, worker)
        world.episodes.append(episode)
        if nfa:
            episode.closed, episode.reason = day, "RC8"
            child.free_from = day + timedelta(days=1)
            return
        start = days.add(day, rng.choices((0, 1, 2, 3), (60, 25, 10, 5))[0])
        took = rng.randint(8, 45) if rng.random() < 0.86 else rng.randint(46, 80)
        authorised = days.add(start, took)
        if rng.random() < 0.004:  # recorded the wrong way round
            authorised = start - timedelta(days=rng.randint(1, 6))
        support = rng.random() < 0.58
        seen = rng.choices(YES_NO_UNKNOWN, (95, 3, 2))[0]
        assessment = Assessment(child, start, authorised, seen, support, team, worker)
        world.assessments.append(assessment)
        episode.assessment = assessment
        closed: date | None = max(start, authorised)
        reason = rng.choices(("RC8", "RC9"), (60, 40))[0]
        plan: Plan | None = None
        if rng.random() < 0.30:
            s47 = days.add(day, rng.choices((0, 1, 2, 4), (50, 25, 15, 10))[0])
            icpc = None
            if rng.random() < 0.40:
                icpc = days.add(s47, rng.randint(4, 15) if rng.random() < 0.8
                                else rng.randint(16, 30))
                if rng.random() < 0.003:
                    icpc = s47 - timedelta(days=rng.randint(1, 5))  # recorded wrongly
            on_plan = icpc is not None and rng.random() < 0.88 and self.free_of_plan(child, icpc)
            world.enquiries.append(Enquiry(child, s47, icpc, on_plan, rng.choice(self.teams[:4]),
                                           self.worker()))
            child.enquiries.append(s47)
            if icpc is not None:
                child.icpcs.append(icpc)
            if on_plan and icpc is not None and icpc <= self.last:
                plan = self.plan(child, icpc)
                closed, reason = self.after_plan(child, plan)
        if plan is None and support:
            teen = age_on(child.birth, day) >= 13
            if rng.random() < (0.12 if teen else 0.06) and self.free_of_care(child, start):
                period = self.period(child, max(start, authorised), from_plan=False)
                closed, reason = period.ceased, "RC7"
            else:
                closed = max(start, authorised) + timedelta(days=rng.randint(30, 400))
                reason = rng.choices(("RC7", "RC3", "RC4", "RC5"), (85, 5, 3, 7))[0]
        if closed is not None and closed > self.last:
            closed = None
        episode.closed = closed
        episode.reason = reason if closed else ""
        if closed is not None and rng.random() < 0.35:  # the family comes back
            self.again.append((closed + timedelta(days=rng.randint(7, 400)), child))
        child.free_from = (closed + timedelta(days=1)) if closed else FAR

    def free_of_plan(self, child: Child, day: date) -> bool:
        return all(p.end is not None and p.end < day for p in child.plans)

    def free_of_care(self, child: Child, day: date) -> bool:
        return (all(p.ceased is not None and p.ceased < day for p in child.periods)
                and age_on(child.birth, day) < 17)

    def plan(self, child: Child, start: date, elapsed: int = 0) -> Plan:
        rng = self.rng
        length = (elapsed + int(rng.lognormvariate(math.log(150), 0.7)) if elapsed
                  else rng.randint(700, 1000) if rng.random() < 0.04  # the long-running few
                  else int(rng.lognormvariate(math.log(270), 0.55)))
        end: date | None = start + timedelta(days=length)
        if age_on(child.birth, start) >= 17:
            end = min(end, birthday(child.birth, 18) - timedelta(days=1))  # type: ignore[type-var]
        reviews, due = [], add_months(start, 3)
        while end is not None and due <= min(end, self.last):
            held = (due - timedelta(days=rng.randint(0, 9)) if rng.random() < 0.93
                    else due + timedelta(days=rng.randint(8, 45)))
            if held >= end or held > self.last:
                break
            reviews.append(held)
            due = add_months(held, 6)
        initial = rng.choices(ABUSE, ABUSE_WEIGHTS)[0]
        made = Plan(child, start, end if end is not None and end <= self.last else None,
                    initial,
                    initial if rng.random() < 0.85 else rng.choices(ABUSE, ABUSE_WEIGHTS)[0],
                    len(child.plans) + child.prior_plans, reviews, "Child Protection (invented)",
                    self.worker())
        child.plans.append(made)
        self.world.plans.append(made)
        return made

    def after_plan(self, child: Child, plan: Plan) -> tuple[date | None, str]:
        rng = self.rng
        if plan.end is None:
            return None, ""
        if rng.random() < 0.18 and self.free_of_care(child, plan.end):
            period = self.period(child, plan.end, from_plan=True)
            return period.ceased, "RC7"
        if rng.random() < 0.6:
            return plan.end + timedelta(days=rng.randint(30, 270)), "RC7"
        return plan.end, "RC7"

    def period(self, child: Child, start: date, from_plan: bool, elapsed: int = 0) -> Period:
        rng = self.rng
        if from_plan:
            legal = rng.choices(("C1", "C2", "V2", "L2"), (55, 15, 25, 5))[0]
        else:
            legal = rng.choices(("V2", "C1", "C2", "E1", "J1", "L1", "V3", "V4"),
                                (42, 18, 18, 6, 4, 4, 5, 3))[0]
        age = age_on(child.birth, start)
        median = 300 if legal in ("V3", "V4", "J1", "L1") else 700 if age < 5 else 520
        eighteen = birthday(child.birth, 18)
        length = elapsed + int(rng.lognormvariate(math.log(median), 0.8))
        if age >= 12 and rng.random() < 0.7:
            length = (eighteen - start).days  # stays until 18
        ceased: date | None = start + timedelta(days=length)
        if ceased is not None and ceased >= eighteen:
            ceased = eighteen
            reason = rng.choices(("E17", "E5", "E6", "E8"), (25, 45, 10, 20))[0]
        elif age < 5:
            reason = rng.choices(("E11", "E12", "E45", "E47", "E4A"), (25, 8, 15, 12, 40))[0]
        else:
            reason = rng.choices(("E4A", "E4B", "E45", "E3", "E8", "E2"), (55, 15, 12, 8, 9, 1))[0]
        stable = rng.random() < 0.85
        moves, move = [start], start
        while True:
            gap = rng.expovariate(1 / (3000 if stable else 200))
            move = move + timedelta(days=max(1, int(gap)))
            if move > min(ceased or FAR, self.last):
                break
            moves.append(move)
        made = Period(child, start, ceased if ceased is not None and ceased <= self.last else None,
                      reason, legal, rng.choices(NEED, NEED_WEIGHTS)[0], moves,
                      rng.random() < (0.3 if age >= 14 else 0.01),
                      f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}"
                      f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                      rng.choices(list(PLACEMENT), PLACEMENT_WEIGHTS)[0],
                      rng.choices(PROVIDER, (2, 55, 5, 2, 30, 6))[0],
                      "Children in Care (invented)", self.worker())
        child.periods.append(made)
        self.world.periods.append(made)
        if made.ceased == eighteen and eighteen - start >= timedelta(weeks=13):
            self.leaver(child, eighteen)
        return made

    def leaver(self, child: Child, start: date) -> None:
        rng = self.rng
        until = birthday(child.birth, 22 if rng.random() < 0.8 else 25)
        self.world.leavers.append(Leaver(
            child, start, until, rng.choices(ELIGIBILITY, (5, 88, 5, 2))[0],
            "Leaving Care (invented)", self.worker(), rng.choice(self.advisers)))

    def stock(self) -> None:
        """The children already known when the simulation starts, so that the first
        extracts' plans, periods of care and care leavers look like a going concern."""
        rng, t0, scale = self.rng, self.first, self.scale
        for _ in range(round(330 * scale)):
            age = rng.choices(range(18), [3] * 5 + [3.6] * 5 + [6.5] * 6 + [14, 14])[0]
            child = self.child(t0 - timedelta(days=age * 365 + rng.randrange(365)))
            back = rng.randint(0, min(age * 365 + 1, 8 * 365))
            start = t0 - timedelta(days=back)
            child.free_from = FAR
            period = self.period(child, start, from_plan=rng.random() < 0.5, elapsed=back)
            self.world.episodes.append(Episode(child, start - timedelta(days=rng.randint(10, 90)),
                                               period.ceased, "RC7" if period.ceased else "",
                                               rng.choices(NEED, NEED_WEIGHTS)[0],
                                               period.team, period.worker))
            child.free_from = (period.ceased + timedelta(days=1)) if period.ceased else FAR
        for _ in range(round(260 * scale)):
            child = self.child(self.birth_for(t0, 0, 16))
            child.prior_plans = 1 if rng.random() < 0.2 else 0
            back = rng.randint(0, 700)
            start = t0 - timedelta(days=back)
            plan = self.plan(child, start, elapsed=back)
            closed, reason = self.after_plan(child, plan)
            self.world.episodes.append(Episode(child, start - timedelta(days=rng.randint(15, 60)),
                                               closed, reason, "N1 Abuse or neglect",
                                               plan.team, plan.worker))
            child.free_from = (closed + timedelta(days=1)) if closed else FAR
        for _ in range(round(500 * scale)):
            child = self.child(self.birth_for(t0, 0, 16))
            start = t0 - timedelta(days=rng.randint(0, 500))
            closed: date | None = t0 + timedelta(days=rng.randint(0, 400))
            if closed is not None and closed > self.last:
                closed = None
            self.world.episodes.append(Episode(child, start, closed, "RC7" if closed else "",
                                               rng.choices(NEED, NEED_WEIGHTS)[0],
                                               rng.choice(self.teams[1:3]), self.worker()))
            child.free_from = (closed + timedelta(days=1)) if closed else FAR
        for _ in range(round(140 * scale)):
            age = rng.randint(18, 21)
            child = self.child(t0 - timedelta(days=age * 365 + rng.randrange(365)))
            child.free_from = FAR
            self.leaver(child, birthday(child.birth, 18))


# ---------------------------------------------------------------------------------------------
# The lists: canonical headers (as /work/shared/annex-a/README.md gives them) and kinds

COMMON = [("Child Unique ID", "id"), ("Gender", "lettered"), ("Ethnicity", "lettered"),
          ("Date of Birth", "date"), ("Age of Child (Years)", "int")]
DISABILITY = ("Does the Child have a Disability", "lettered")
TEAM = [("Allocated Team", "text"), ("Allocated Worker", "text")]

COLUMNS: dict[int, list[tuple[str, str]]] = {
    1: COMMON + [("Date of Contact", "date"), ("Contact Source", "lettered")],
    2: COMMON + [("Assessment start date", "date"), ("Assessment completion date", "date"),
                 ("Organisation completing assessment", "text")],
    3: COMMON + [("Date of referral", "date"), ("Referral Source", "lettered"),
                 ("Referral NFA?", "lettered"), ("Number of Referrals in Last 12 Months", "int")]
    + TEAM,
    4: COMMON + [DISABILITY, ("Continuous Assessment Start Date", "date"),
                 ("Child Seen During Continuous Assessment", "lettered"),
                 ("Continuous Assessment Date of Authorisation", "date"),
                 ("Was the child assessed as requiring LA children's social care support?",
                  "lettered")] + TEAM,
    5: COMMON + [DISABILITY,
                 ("Strategy discussion initiating Section 47 Enquiry Start Date", "date"),
                 ("Was an Initial Child Protection Conference deemed unnecessary?", "lettered"),
                 ("Date of Initial Child Protection Conference", "date"),
                 ("Did the Initial Child Protection Conference Result in a Child Protection Plan",
                  "lettered"),
                 ("Number of Section 47 Enquiries in the last 12 months", "int"),
                 ("Number of ICPCs in the last 12 months", "int")] + TEAM,
    6: COMMON + [DISABILITY, ("CIN Start Date", "date"), ("Primary Need Code", "coded"),
                 ("Date Child Was Last Seen", "date"), ("CIN Closure Date", "date"),
                 ("Reason for Closure", "coded"), ("Case Status", "lettered")] + TEAM,
    7: COMMON + [DISABILITY, ("Child Protection Plan Start Date", "date"),
                 ("Initial Category of Abuse", "lettered"),
                 ("Latest Category of Abuse", "lettered"),
                 ("Date of the Last Statutory Visit", "date"),
                 ("Was the Child Seen Alone?", "lettered"),
                 ("Date of latest review conference", "date"),
                 ("Child Protection Plan End Date", "date"),
                 ("Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                  "Six Months (Y/N)", "lettered"),
                 ("Number of Previous Child Protection Plans", "int")] + TEAM,
    8: COMMON + [("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                  "lettered"), DISABILITY,
                 ("Date Started to be Looked After", "date"), ("Child's Category of Need", "coded"),
                 ("Is this a second or subsequent period of being a Looked After Child within the "
                  "last 12 months (Y/N)", "lettered"),
                 ("Start date of current legal status", "date"), ("Child's Legal Status", "coded"),
                 ("Date of Latest Statutory Review", "date"),
                 ("Date of Last Social Work Visit", "date"),
                 ("What is the permanence plan for this child?", "lettered"),
                 ("Date of Last IRO Visit / Contact to the Child", "date"),
                 ("Date of Last Health Assessment", "date"), ("Date of Last Dental Check", "date"),
                 ("Number of Placements in the Last 12 months", "int"),
                 ("Date Ceased to be Looked After", "date"),
                 ("Reason Ceased to be Looked After", "coded"),
                 ("Start Date of Most Recent Placement", "date"), ("Placement Type", "coded"),
                 ("Placement Provider", "coded"), ("Placement postcode", "text"),
                 ("URN of Placement", "text"), ("Placement Location", "lettered"),
                 ("LA of Placement", "text"),
                 ("Number of Episodes the Child has been 'Missing' from their Placement in the "
                  "last 12 months", "int"),
                 ("Number of Episodes the Child has been 'Absent' from their Placement in the "
                  "last 12 months", "int"),
                 ("Was the child offered a Return Interview after their last missing episode "
                  "(Y/N)?", "lettered"),
                 ("Did the child accept a Return Interview after their last missing episode (Y/N)?",
                  "lettered")] + TEAM,
    9: COMMON + [("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                  "lettered"), DISABILITY] + TEAM
    + [("Allocated Personal Advisor", "text"), ("Eligibility Category", "lettered"),
       ("Latest Pathway Plan Review Date", "date"), ("LA in Touch", "lettered"),
       ("Latest Date of Contact", "date"), ("Type of Accommodation", "coded"),
       ("Suitability of Accommodation", "lettered"), ("Activity Status", "coded")],
    10: [("Child Unique ID", "id"), ("Family identifier", "text"), ("Gender", "lettered"),
         ("Ethnicity", "lettered"), ("Date of Birth", "date"), ("Age of Child (Years)", "int"),
         DISABILITY, ("Date the Child Entered Care", "date"),
         ("Date of Decision that Child Should be Placed for Adoption", "date"),
         ("Date of Placement Order", "date"),
         ("Date of Matching Child and Prospective Adopters", "date"),
         ("Date Placed for Adoption", "date"), ("Date of Adoption Order", "date"),
         ("Date of Decision that Child Should No Longer be Placed for Adoption", "date"),
         ("Reason Why Child No Longer Placed for Adoption", "coded"),
         ("Date the child was placed for fostering in FFA or concurrent planning placement",
          "date")],
    11: [("Individual adopter identifier", "text"), ("Family identifier", "text"),
         ("Gender", "lettered"), ("Ethnicity", "lettered"), ("Disability", "lettered"),
         ("Is the (prospective) adopter fostering for adoption?", "text"),
         ("Date enquiry received", "date"), ("Date Stage 1 started", "date"),
         ("Date Stage 1 ended", "date"), ("Date Stage 2 started", "date"),
         ("Date Stage 2 ended", "date"), ("Date application submitted", "date"),
         ("Date application approved", "date"), ("Date adopter matched with child(ren)", "date"),
         ("Date child/children placed with adopter(s)", "date"), ("No. of children placed", "int"),
         ("Date of Adoption Order", "date"), ("Date of leaving adoption process", "date"),
         ("Reason for leaving adoption process", "text")],
}
TITLES = {1: "Contacts", 2: "Early Help", 3: "Referral", 4: "Assessments",
          5: "Section 47 enquiries and Initial Child Protection Conferences",
          6: "Children in Need", 7: "Child protection", 8: "Children in care",
          9: "Care leavers", 10: "Adoption", 11: "Adopters"}
ABSENT_2019 = ("Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
               "Allocated Personal Advisor", "Latest Pathway Plan Review Date",
               "Latest Date of Contact")
ONE_ROW_PER_CHILD = (6, 7, 8, 9)


@dataclass
class Written:
    """One extract as written: its date, its path, which template, and (when kept) each list's
    rows as plain values by canonical header: dates as `date` (None when blank), categories as
    their code ("c", "V3", "F1"), counts as int. Duplicate rows are there as written."""

    date: date
    path: Path
    form: str  # "xlsx" or "csv"
    template: str  # "2019" or "later"
    lists: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    count: int = 0  # rows written, every list


def code_of(kind: str, value: Any) -> Any:
    """The plain value a test counts with: a lettered category's letter, a coded one's code."""
    if value is None or value == "":
        return None
    if kind == "lettered":
        return letter(value)
    if kind == "coded":
        return str(value).split(" ", 1)[0]
    return value


class Extraction:
    """The lists of one extract dated `day`, as Ofsted's guidance scopes them."""

    def __init__(self, world: World, day: date, rng: random.Random, template: str) -> None:
        self.world, self.day, self.rng, self.template = world, day, rng, template
        self.start = window_start(day)

    def person(self, child: Child) -> list[Any]:
        return [child.id, child.gender, child.ethnicity, child.birth,
                max(0, age_on(child.birth, self.day))]

    def shown(self, day: date | None) -> date | None:
        """A date as known at the extract date (what had not happened yet is blank)."""
        return day if day is not None and day <= self.day else None

    def between(self, items: Sequence[Any], key: str, first: date, last: date) -> Iterable[Any]:
        keys = [getattr(item, key) for item in items]
        return items[bisect_left(keys, first):bisect_right(keys, last)]

    def contacts(self) -> list[list[Any]]:
        keys = [c.day for c in self.world.contacts]
        chosen = self.world.contacts[bisect_left(keys, self.start):bisect_right(keys, self.day)]
        return [self.person(c.child) + [c.day, c.source] for c in chosen]

    def early_help(self) -> list[list[Any]]:
        return [self.person(child) + [start, self.shown(end), "Invented Family Hub"]
                for child, start, end in self.world.early_help
                if self.start <= start <= self.day]

    def referrals(self) -> list[list[Any]]:
        out = []
        for r in self.between(self.world.referrals, "day", self.start, self.day):
            recent = sum(1 for d in r.child.referrals if add_months(r.day, -12) < d <= r.day)
            out.append(self.person(r.child) + [r.day, r.source, YES_NO[0 if r.nfa else 1],
                                               recent, r.team, r.worker])
        return out

    def assessments(self) -> list[list[Any]]:
        out = []
        for a in self.between(self.world.assessments, "start", date.min, self.day):
            if a.start < self.start and a.authorised < self.start:
                continue
            done = self.shown(a.authorised)
            needs = (YES_NO[0] if a.support else YES_NO[1]) if done else None
            out.append(self.person(a.child) + [a.child.disability, a.start, a.seen, done, needs,
                                               a.team, a.worker])
        return out

    def enquiries(self) -> list[list[Any]]:
        out = []
        for e in self.between(self.world.enquiries, "start", add_months(self.start, -3), self.day):
            if e.start < self.start and (e.icpc is None or e.icpc < self.start):
                continue
            icpc = self.shown(e.icpc)
            decided = e.start + timedelta(days=10) <= self.day
            unnecessary = YES_NO[1] if icpc else (YES_NO[0] if decided and e.icpc is None else None)
            result = (YES_NO[0] if e.plan else YES_NO[1]) if icpc else None
            year_ago = add_months(e.start, -12)
            s47s = sum(1 for d in e.child.enquiries if year_ago < d <= e.start)
            icpcs = sum(1 for d in e.child.icpcs if year_ago < d <= min(e.start, self.day))
            out.append(self.person(e.child) + [e.child.disability, e.start, unnecessary, icpc,
                                               result, s47s, icpcs, e.team, e.worker])
        return out

    def latest(self, items: Sequence[Any], ended: str) -> list[Any]:
        """Per child the most recent item started by the extract date, if it is open then or
        ended in the six months before."""
        by_child: dict[int, Any] = {}
        for item in self.between(items, "start", date.min, self.day):
            by_child[id(item.child)] = item
        return [item for item in by_child.values()
                if getattr(item, ended) is None or getattr(item, ended) >= self.start]

    def status(self, episode: Episode) -> str:
        child, day = episode.child, self.day
        closed = self.shown(episode.closed)
        if closed is not None:
            return "e) Closed episode"
        if any(p.start <= day and (p.ceased is None or p.ceased > day) for p in child.periods):
            return "a) Looked after child"
        if any(p.start <= day and (p.end is None or p.end > day) for p in child.plans):
            return "b) Child Protection plan"
        a = episode.assessment
        if a is not None and a.start <= day < a.authorised:
            return "d) Open assessment"
        return "c) Child in need plan"

    def children_in_need(self) -> list[list[Any]]:
        rng, out = self.rng, []
        for e in self.latest(self.world.episodes, "closed"):
            if e.assessment is None and e.closed == e.start:
                continue  # referral only: not a child in need
            closed = self.shown(e.closed)
            until = closed or self.day
            seen = until - timedelta(days=rng.randint(0, 26) if rng.random() < 0.88
                                     else rng.randint(29, 75))
            seen_at = max(seen, e.start) if rng.random() < 0.97 else None
            status = self.status(e)
            out.append(self.person(e.child) + [
                e.child.disability, e.start, e.need, seen_at, closed,
                f"{e.reason} {CLOSURE[e.reason]}" if closed and e.reason else None,
                f"{status}", e.team, e.worker])
        return out

    def protection(self) -> list[list[Any]]:
        rng, out = self.rng, []
        for p in self.latest(self.world.plans, "end"):
            end = self.shown(p.end)
            until = end or self.day
            gap = rng.randint(0, 14) if rng.random() < 0.9 else rng.randint(15, 45)
            visit: date | None = until - timedelta(days=gap)
            if visit is not None and visit < p.start:
                visit = None if rng.random() < 0.5 else p.start
            if visit is not None and rng.random() < 0.002:
                visit = visit.replace(year=visit.year + 1)  # a typing slip: a date to come
            age = age_on(p.child.birth, until)
            alone = (rng.choices(YES_NO_UNKNOWN, (80, 16, 4))[0] if age >= 3
                     else rng.choices(YES_NO_UNKNOWN, (5, 90, 5))[0]) if visit else None
            reviews = [r for r in p.reviews if r <= self.day]
            epo = YES_NO[0] if rng.random() < 0.03 else YES_NO[1]
            out.append(self.person(p.child) + [
                p.child.disability, p.start, p.initial, p.latest, visit, alone,
                reviews[-1] if reviews else None, end, epo, p.previous, p.team, p.worker])
        return out

    def in_care(self) -> list[list[Any]]:
        rng, out = self.rng, []
        for p in self.latest(self.world.periods, "ceased"):
            ceased = self.shown(p.ceased)
            until = ceased or self.day
            moves = [m for m in p.moves if m <= until]
            year_ago = add_months(until, -12)
            placements = sum(1 for m in moves if m > year_ago) + (1 if moves[0] <= year_ago else 0)
            age = age_on(p.child.birth, until)
            months = 6 if age < 5 else 12
            health = (until - timedelta(days=rng.randint(0, 30 * months - 5))
                      if rng.random() < 0.9 else until - timedelta(days=rng.randint(370, 500)))
            dental = (until - timedelta(days=rng.randint(0, 360)) if rng.random() < 0.72
                      else until - timedelta(days=rng.randint(370, 600)))
            health_at = health if health >= p.start or rng.random() < 0.5 else None
            dental_at = dental if dental >= p.start or rng.random() < 0.5 else None
            second = YES_NO[0] if any(
                q is not p and q.ceased is not None and add_months(p.start, -12) <= q.ceased
                for q in p.child.periods) else YES_NO[1]
            review = max(p.start, until - timedelta(days=rng.randint(0, 170)))
            visit = max(p.start, until - timedelta(days=rng.randint(0, 40)))
            iro = max(p.start, until - timedelta(days=rng.randint(0, 120)))
            missing = rng.choices((0, 1, 2, 5), (85, 8, 4, 3))[0]
            offered = rng.choices(YES_NO_UNKNOWN, (85, 10, 5))[0] if missing else None
            accepted = rng.choices(YES_NO_UNKNOWN, (60, 35, 5))[0] if offered == "a) Yes" else None
            placement = (p.placement if age < 16 or p.placement != "A5" else "U4")
            out.append(self.person(p.child) + [
                YES_NO[0] if p.uasc else YES_NO[1], p.child.disability, p.start,
                p.need, second, p.start, f"{p.legal} {LEGAL[p.legal]}"
                if rng.random() < 0.5 else p.legal,
                review, visit, rng.choice(PERMANENCE), iro, health_at, dental_at, placements,
                ceased, f"{p.reason} {CEASED[p.reason]}" if ceased else None, moves[-1],
                f"{placement} {PLACEMENT[placement]}", p.provider, p.postcode,
                f"SC{rng.randint(100000, 999999)}" if placement == "K2" else None,
                "a) In" if rng.random() < 0.7 else "b) Out",
                AUTHORITY if rng.random() < 0.7 else "Neighbourshire (invented)", missing,
                rng.choices((0, 1, 2), (90, 7, 3))[0], offered, accepted, p.team, p.worker])
        return out

    def care_leavers(self) -> list[list[Any]]:
        rng, out = self.rng, []
        for leaver in self.between(self.world.leavers, "start", date.min, self.day):
            if leaver.end <= self.day:
                continue
            activity = rng.choices(list(ACTIVITY), ACTIVITY_WEIGHTS)[0]
            if self.template == "2019":
                activity = ACTIVITY_2019.get(activity, activity)
            review = (self.day - timedelta(days=rng.randint(0, 180)) if rng.random() < 0.82
                      else self.day - timedelta(days=rng.randint(190, 400)))
            in_touch = rng.choices(IN_TOUCH, (88, 6, 0.2, 2, 3, 0.8))[0]
            accommodation = rng.choices(list(ACCOMMODATION), (12, 3, 25, 8, 4, 30, 2, 14, 2))[0]
            suitable = SUITABILITY[1 if accommodation in ("X", "S") or rng.random() < 0.06 else 0]
            out.append(self.person(leaver.child) + [
                YES_NO[0] if any(p.uasc for p in leaver.child.periods) else YES_NO[1],
                leaver.child.disability, leaver.team, leaver.worker, leaver.adviser,
                leaver.eligibility, max(leaver.start, review) if rng.random() < 0.97 else None,
                in_touch, self.day - timedelta(days=rng.randint(0, 60)),
                f"{accommodation} {ACCOMMODATION[accommodation]}" if rng.random() < 0.93 else None,
                suitable if rng.random() < 0.95 else None,
                f"{activity} {ACTIVITY[activity]}" if rng.random() < 0.6 else activity])
        return out

    def adoption(self) -> list[list[Any]]:
        out = []
        for p in self.latest(self.world.periods, "ceased"):
            if age_on(p.child.birth, p.start) >= 5 or p.reason not in ("E11", "E12"):
                continue
            decision = p.start + timedelta(days=180)
            if decision > self.day:
                continue
            order = self.shown(p.ceased)
            out.append([p.child.id, f"FAM-{p.child.id}", p.child.gender, p.child.ethnicity,
                        p.child.birth, age_on(p.child.birth, self.day), p.child.disability,
                        p.start, decision, self.shown(decision + timedelta(days=90)), None,
                        self.shown(decision + timedelta(days=200)), order, None, None, None])
        return out

    def adopters(self, count: int) -> list[list[Any]]:
        rng, out = self.rng, []
        for k in range(count):
            enquiry = self.day - timedelta(days=rng.randint(0, 360))
            stage1 = enquiry + timedelta(days=30)
            out.append([f"ADOPTER-INV-{self.day:%Y%m}-{k:03d}", f"FAMILY-INV-{k:03d}",
                        rng.choice(GENDER[:2]), rng.choice(ETHNICITY[:4]), YES_NO[1], "No",
                        enquiry, self.shown(stage1), self.shown(stage1 + timedelta(days=60)),
                        self.shown(stage1 + timedelta(days=61)),
                        self.shown(stage1 + timedelta(days=180)),
                        self.shown(stage1 + timedelta(days=70)),
                        self.shown(stage1 + timedelta(days=200)),
                        None, None, None, None, None, None])
        return out

    def lists(self, adopters: int) -> dict[int, list[list[Any]]]:
        return {1: self.contacts(), 2: self.early_help(), 3: self.referrals(),
                4: self.assessments(), 5: self.enquiries(), 6: self.children_in_need(),
                7: self.protection(), 8: self.in_care(), 9: self.care_leavers(),
                10: self.adoption(), 11: self.adopters(adopters)}


# ---------------------------------------------------------------------------------------------
# Mess: what real exports do to the same rows

MANDATORY_DATES = {1: "Date of Contact", 3: "Date of referral",
                   4: "Continuous Assessment Start Date",
                   5: "Strategy discussion initiating Section 47 Enquiry Start Date"}
START = {6: "CIN Start Date", 7: "Child Protection Plan Start Date",
         8: "Date Started to be Looked After"}
END = {6: "CIN Closure Date", 7: "Child Protection Plan End Date",
       8: "Date Ceased to be Looked After"}


def header_variant(header: str, rng: random.Random) -> str:
    if header == "Date of referral" and rng.random() < 0.5:
        return "Date of Referral"
    if "'" in header and rng.random() < 0.6:
        return header.replace("'", "\u2019")  # a curly apostrophe, as Word and Excel type it
    roll = rng.random()
    if roll < 0.08:
        return header.upper()
    if roll < 0.16:
        return header.lower()
    if roll < 0.24:
        return header.replace(" ", "  ", 1)
    if roll < 0.30:
        return f" {header} "
    return header


def messy(lists: dict[int, list[list[Any]]], rng: random.Random) -> None:
    """Blank a few mandatory dates and repeat a few children in lists 6-9 (an older episode,
    plan or period the export failed to drop, or the same row twice)."""
    for number, header in MANDATORY_DATES.items():
        at = [name for name, _ in COLUMNS[number]].index(header)
        for row in lists[number]:
            if rng.random() < 0.002:
                row[at] = None
    for number in ONE_ROW_PER_CHILD:
        rows = lists[number]
        extra = []
        for row in rows:
            if rng.random() >= 0.01:
                continue
            copy = list(row)
            if number in START and rng.random() < 0.8:
                names = [name for name, _ in COLUMNS[number]]
                start, end = names.index(START[number]), names.index(END[number])
                if row[start] is not None:
                    copy[start] = row[start] - timedelta(days=rng.randint(200, 900))
                    copy[end] = row[start] - timedelta(days=rng.randint(1, 150))
                    if number == 6:
                        copy[names.index("Case Status")] = "e) Closed episode"
                        copy[names.index("Reason for Closure")] = "RC7 " + CLOSURE["RC7"]
            extra.append(copy)
        for copy in extra:
            rows.insert(rng.randrange(len(rows) + 1), copy)


class Style:
    """How one extract shows its values: chosen once per extract (real exports are
    consistent within a file and differ between systems and months)."""

    def __init__(self, rng: random.Random, form: str) -> None:
        self.rng, self.form = rng, form
        self.title = rng.choices(("title", "title+blank", "none"), (70, 15, 15))[0]
        if form == "csv":
            self.title = rng.choices(("title", "none"), (30, 70))[0]
        self.text_dates = rng.random() < 0.5  # some date columns exported as text
        self.date_format = rng.choice(("%d/%m/%Y", "%d/%m/%Y", "day/month")) \
            if form == "xlsx" else rng.choice(("%d/%m/%Y", "%Y-%m-%d"))
        self.columns: dict[str, Callable[[Any], Any]] = {}

    def text_date(self, day: date) -> str:
        if self.date_format == "day/month":
            return f"{day.day}/{day.month}/{day.year}"
        return day.strftime(self.date_format)

    def renderer(self, kind: str, header: str) -> Callable[[Any], Any]:
        rng = self.rng
        if kind == "date":
            as_text = self.form == "csv" or (self.text_dates and rng.random() < 0.35)
            if as_text:
                return lambda v: "" if v is None else self.text_date(v)
            # mostly Excel date cells, with the odd row typed in as text beside them
            return lambda v: (None if v is None else
                              self.text_date(v) if rng.random() < 0.03 else v)
        if kind == "lettered":
            choice = rng.choices(("full", "letter", "bracket", "text", "upper"),
                                 (70, 10, 5, 10, 5))[0]
            if header in ("Contact Source", "Referral Source", "Ethnicity", "Gender"):
                choice = "full" if choice == "text" else choice
            if choice == "full":
                return lambda v: v
            if choice == "letter":
                return lambda v: None if v is None else letter(v)
            if choice == "bracket":
                return lambda v: None if v is None else f"{letter(v)})"
            if choice == "text":
                return lambda v: None if v is None else v.split(")", 1)[1].strip()
            return lambda v: None if v is None else v.upper()
        if kind == "coded":
            roll = rng.random()
            if roll < 0.3:  # the code alone
                return lambda v: None if v is None else str(v).split(" ", 1)[0]
            if roll < 0.5:  # "C2: Full care order", as some systems write it
                return lambda v: None if v is None else str(v).replace(" ", ": ", 1)
            return lambda v: v
        if kind == "int" and self.form == "xlsx" and rng.random() < 0.1:
            return lambda v: None if v is None else str(v)  # numbers stored as text
        return lambda v: v

    def render(self, number: int, rows: list[list[Any]], headers: list[str]) -> Iterable[list[Any]]:
        renderers = [self.renderer(kind, name) for name, kind in COLUMNS[number]
                     if name in headers]
        keep = [i for i, (name, _) in enumerate(COLUMNS[number]) if name in headers]
        everything = len(keep) == len(COLUMNS[number])
        for row in rows:
            values = row if everything else [row[i] for i in keep]
            yield [render(value) for render, value in zip(renderers, values, strict=True)]


def canonical(number: int, rows: list[list[Any]], headers: list[str]) -> list[dict[str, Any]]:
    kinds = dict(COLUMNS[number])
    at = {name: i for i, (name, _) in enumerate(COLUMNS[number])}
    return [{name: code_of(kinds[name], row[at[name]]) for name in headers} for row in rows]


def write_xlsx(path: Path, lists: dict[int, list[list[Any]]], headers: dict[int, list[str]],
               shown: dict[int, list[str]], style: Style, order: list[int],
               names: dict[int, str]) -> None:
    workbook = Workbook(write_only=True)
    cover = workbook.create_sheet("Cover")
    for line in (f"{AUTHORITY}: INVENTED Annex A extract", "",
                 "Every row in this workbook is invented by examples/annex_a/make_extracts.py.",
                 f"{AUTHORITY} is not a real authority; no child here exists."):
        cover.append([line])
    for number in order:
        sheet = workbook.create_sheet(names[number])
        if style.title != "none":
            sheet.append([f"List {number}: {TITLES[number]}"])
        if style.title == "title+blank":
            sheet.append([])
        sheet.append(shown[number])
        for row in style.render(number, lists[number], headers[number]):
            sheet.append(row)
    workbook.save(path)


def write_csvs(folder: Path, lists: dict[int, list[list[Any]]], headers: dict[int, list[str]],
               shown: dict[int, list[str]], style: Style) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in (1, 2, 3, 4, 5, 6, 7, 8, 9):  # only CSVs: anything else is warned about
        name = f"List {number} - {TITLES[number]} (INVENTED).csv"
        with open(folder / name, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            if style.title == "title":
                writer.writerow([f"List {number}: {TITLES[number]}"])
            writer.writerow(shown[number])
            for row in style.render(number, lists[number], headers[number]):
                writer.writerow(["" if v is None else v for v in row])


SHEET_NAMES = [
    {n: f"List {n}" for n in range(1, 12)},
    {n: f"L{n} {TITLES[n][:20]}" for n in range(1, 12)},
    {n: f"Sheet{n}" for n in range(1, 12)},
]


_JOB: dict[str, Any] = {}  # what every writer needs, shared with forked workers


def make(folder: Path, months: int = MONTHS, first: date = FIRST, scale: float = 1.0,
         seed: int = SEED, keep: bool = False, csv_every: int = 8, template_2019: int = 2,
         mess: bool = True, only: Callable[[int], bool] | None = None,
         workers: int = 1) -> list[Written]:
    """Simulate the journeys and write one extract per month end into `folder` (emptied of
    earlier extracts first). `only(index)` says which extracts to write (all by default);
    `workers` > 1 writes them in that many forked processes (the same files)."""
    rng = random.Random(seed)
    ends = month_ends(first, months)
    simulation = Simulation(rng, scale, add_months(window_start(ends[0]), -WARM_UP), ends[-1])
    world = simulation.run()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("invented-annex-a-*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    _JOB.update(world=world, ends=ends, folder=folder, seed=seed, keep=keep, scale=scale,
                csv_every=csv_every, template_2019=template_2019, mess=mess)
    jobs = [index for index in range(len(ends)) if only is None or only(index)]
    try:
        if workers > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return pool.map(_write, jobs, chunksize=1)
        return [_write(index) for index in jobs]
    finally:
        _JOB.clear()


def _write(index: int) -> Written:
    job = _JOB
    day, seed, mess, scale = job["ends"][index], job["seed"], job["mess"], job["scale"]
    folder, csv_every = job["folder"], job["csv_every"]
    rows_rng = random.Random(f"{seed}-{day}")
    template = "2019" if index == job["template_2019"] else "later"
    lists = Extraction(job["world"], day, rows_rng, template).lists(max(2, round(8 * scale)))
    headers = {n: [name for name, _ in COLUMNS[n]
                   if not (n == 9 and template == "2019" and name in ABSENT_2019)]
               for n in COLUMNS}
    if mess:
        messy(lists, rows_rng)
    form = "csv" if csv_every and index % csv_every == csv_every - 3 else "xlsx"
    style = Style(rows_rng, form)
    shown = {n: [header_variant(h, rows_rng) if mess else h for h in headers[n]]
             for n in COLUMNS}
    stem = f"invented-annex-a-{day.isoformat()}"
    if form == "csv":
        path = folder / stem
        write_csvs(path, lists, headers, shown, style)
    else:
        path = folder / f"{stem}.xlsx"
        order = list(range(1, 12))
        if index % 5 == 4:
            rows_rng.shuffle(order)  # lists are found by their headers, not their place
        write_xlsx(path, lists, headers, shown, style, order,
                   SHEET_NAMES[index % len(SHEET_NAMES)])
    item = Written(day, path, form, template)
    if job["keep"]:
        item.lists = {n: canonical(n, lists[n], headers[n]) for n in range(1, 10)}
    item.count = sum(len(rows) for rows in lists.values())
    return item


NOT_FROM_ANNEX_A = ("contacts_1_day_pct", "cla_20_miles_pct", "cla_seen_alone_pct",
                    "iha_timescale_pct", "avg_caseload_sw", "supervision", "supervision_pct",
                    "oversight", "oversight_pct")
POPULATION = {"2020/21": 46200, "2021/22": 46500, "2022/23": 46900, "2023/24": 47100}


def catalogue() -> str:
    """The standard catalogue for Annexford: every measure Annex A can give takes its rule
    (`annex_a: <its id>`); the measures it cannot give (no hand-kept extract here) are left out."""
    import yaml

    from xlscore.initialise import standard_catalogue

    data = yaml.safe_load(standard_catalogue())
    data["authority"] = f"{AUTHORITY} (INVENTED)"
    data["title"] = "Children's Services Performance Scorecard (INVENTED Annex A extracts)"
    data["population"] = POPULATION
    for key in ("baseline", "benchmarks", "code"):  # no real authority's code or neighbours
        data.pop(key, None)
    for section in data["sections"]:
        section["measures"] = [m for m in section["measures"] if m["id"] not in NOT_FROM_ANNEX_A]
        for measure in section["measures"]:
            if "rate_of" not in measure:
                measure["annex_a"] = measure["id"]
            measure.pop("dfe", None)
    header = (f"# INVENTED: {AUTHORITY} is not a real authority. Its figures are worked out by\n"
              "# xlscore from invented Annex A extracts (examples/annex_a/make_extracts.py).\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=HERE / "inputs" / "annex-a",
                        help="where to write the extracts (default: the example's inputs)")
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="times a mid-size authority's rates (11: 100,000 rows an extract)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, default=1, help="processes writing extracts")
    parser.add_argument("--catalogue", action="store_true",
                        help="also write the example's measures.yaml (needs xlscore importable)")
    args = parser.parse_args()
    if args.catalogue:
        (HERE / "measures.yaml").write_text(catalogue(), encoding="utf-8")
    written = make(args.folder, months=args.months, scale=args.scale, seed=args.seed,
                   workers=args.workers)
    for item in written:
        print(f"{item.path}  ({item.count:,} rows)")


if __name__ == "__main__":
    main()
