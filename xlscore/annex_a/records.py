"""The typed rows of the Annex A lists the rules use, and what a rule says about them.

Every row remembers where it stands (`row`: the sheet row or CSV line a user would look at)
so that an exclusion can be reported by place, never by child. `child` is the Child Unique ID
as given, trimmed: text, so that `007` and `7` stay two children. A date the reader could not
use (blank, or after the extract date) is None: a rule that needs it excludes the row.
Categories are kept as their code: lettered ones as the lower-case letter (`c` for
"c) Child in need plan"), coded ones as the upper-case code (`V3`, `F4`, `U1`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from datetime import date as _date
from enum import Enum
from typing import Any

from xlscore.model import PeriodKind
from xlscore.records import record


@record(slots=True)
class Contact:  # List 1
    child: str
    row: int
    contact: date | None  # Date of Contact
    source: str | None = None  # Contact Source, its letter
    birth: date | None = None


@record(slots=True)
class Referral:  # List 3
    child: str
    row: int
    referral: date | None  # Date of referral
    birth: date | None = None


@record(slots=True)
class Assessment:  # List 4
    child: str
    row: int
    start: date | None  # Continuous Assessment Start Date
    authorised: date | None  # Continuous Assessment Date of Authorisation
    birth: date | None = None


@record(slots=True)
class Enquiry:  # List 5
    child: str
    row: int
    start: date | None  # Strategy discussion initiating Section 47 Enquiry Start Date
    icpc: date | None  # Date of Initial Child Protection Conference
    birth: date | None = None


@record(slots=True)
class CinEpisode:  # List 6: one row per child, the most recent episode of need
    child: str
    row: int
    start: date | None  # CIN Start Date
    closed: date | None  # CIN Closure Date
    status: str | None  # Case Status letter: a LAC, b CP plan, c CIN plan, d assessment, e closed
    last_seen: date | None = None  # Date Child Was Last Seen
    worker: str | None = None  # Allocated Worker (never shown; only counted)
    birth: date | None = None


@record(slots=True)
class ProtectionPlan:  # List 7: one row per child, the most recent plan
    child: str
    row: int
    start: date | None  # Child Protection Plan Start Date
    end: date | None  # Child Protection Plan End Date
    previous_plans: int | None = None  # Number of Previous Child Protection Plans
    last_visit: date | None = None  # Date of the Last Statutory Visit
    seen_alone: bool | None = None  # Was the Child Seen Alone? (at that visit)
    last_review: date | None = None  # Date of latest review conference
    birth: date | None = None


@record(slots=True)
class CarePeriod:  # List 8: one row per child, the most recent period of care
    child: str
    row: int
    start: date | None  # Date Started to be Looked After
    ceased: date | None  # Date Ceased to be Looked After
    legal_status: str | None  # Child's Legal Status code (C2, V3, ...)
    placements: int | None = None  # Number of Placements in the Last 12 months
    placement_start: date | None = None  # Start Date of Most Recent Placement
    last_health: date | None = None  # Date of Last Health Assessment
    last_dental: date | None = None  # Date of Last Dental Check
    birth: date | None = None


@record(slots=True)
class CareLeaver:  # List 9: one row per young person
    child: str
    row: int
    birth: date | None
    activity: str | None = None  # Activity Status code (F1..F5, P1..P5, G4..G6)
    accommodation: str | None = None  # Suitability of Accommodation letter: a suitable
    pathway_review: date | None = None  # Latest Pathway Plan Review Date (absent in 2019)


class ListNo(int, Enum):
    """The lists the rules read (2, 10 and 11 are recognised and not used)."""

    CONTACTS = 1
    REFERRALS = 3
    ASSESSMENTS = 4
    ENQUIRIES = 5
    CHILDREN_IN_NEED = 6
    PROTECTION = 7
    IN_CARE = 8
    CARE_LEAVERS = 9


@record
class RowNote:
    """A row the reader set aside or changed, and why (counted on the Data quality sheet)."""

    list: int
    row: int
    reason: str  # e.g. "blank Date of Contact", "duplicate child: the row with the latest
    #              start date was kept", "date after the extract date: CIN Closure Date"
    sheet: str | None = None


@record
class Extract:
    """One month-end Annex A extract: its date (from its name), its file, and its rows."""

    date: date
    file: str  # as the user named it (inputs/annex-a/annex-a-2020-12-31.xlsx)
    contacts: tuple[Contact, ...] = ()
    referrals: tuple[Referral, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    enquiries: tuple[Enquiry, ...] = ()
    children_in_need: tuple[CinEpisode, ...] = ()
    protection: tuple[ProtectionPlan, ...] = ()
    in_care: tuple[CarePeriod, ...] = ()
    care_leavers: tuple[CareLeaver, ...] = ()
    lists: frozenset[int] = frozenset()  # the lists found in the file
    # Optional columns absent from the file, by list (List 9's pathway plan review in the
    # 2019 template): a rule that needs one gives n/a rather than 0.
    absent: frozenset[tuple[int, str]] = frozenset()
    notes: tuple[RowNote, ...] = ()

    @property
    def window_start(self) -> _date:  # `date` is a field's name in this class
        """First day of the six months ending on the extract date: (X + 1 day) - 6 months."""
        from xlscore.annex_a.calendar import add_months

        return add_months(self.date + timedelta(days=1), -6)


class Counted(Enum):
    """A row's part in one figure (the audit's column)."""

    NUMERATOR = "numerator"  # counted in the numerator (and so in the denominator)
    DENOMINATOR = "denominator"  # in the denominator only
    EXCLUDED = "excluded"  # considered and left out, with a reason


@record
class RowOutcome:
    list: int
    row: int
    child: str  # for the audit only: never reaches a workbook, log or message
    counted: Counted
    reason: str = ""


@record
class Count:
    """What a rule found for one month: a count (denominator None) or a numerator over a
    denominator; `na` says why there is no figure (the Data quality sheet shows it)."""

    numerator: int
    denominator: int | None = None
    na: str | None = None
    outcomes: tuple[RowOutcome, ...] = ()


@record
class Rule:
    """A rule as the catalogue names it (`annex_a: cp_2_years_pct`): which lists it reads,
    which extract counts (`kind`: flow from the newest extract holding the whole month,
    snapshot only from one dated on the month's last day), its parameters with their
    defaults, and its definition in words for the Notes sheet (approximation included)."""

    name: str
    lists: tuple[int, ...]
    kind: PeriodKind
    count: Callable[..., Any]
    parameters: tuple[tuple[str, int], ...] = ()
    words: str = ""
