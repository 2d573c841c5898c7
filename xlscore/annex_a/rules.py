"""The Annex A rules: one small pure function per standard measure, its definition written
once as its docstring, registered in `RULES` under the standard measure's id.

Every rule has one signature, `rule(month, counting, history, **parameters) -> Count`:
`counting` is the one extract whose rows are counted for the month (windows.work_out picks
it by the rule's kind), `history` the rows looked up across every extract. S and E are the
month's first and last days. A rule says what it did with each row it considered (numerator,
denominator only, or excluded and why) so that the audit and the Data quality sheet can show
it by row number, never by child; under `auditing(False)` (a build) only the rows excluded (all a
build needs, and far cheaper).
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from xlscore.annex_a.auditing import AUDIT
from xlscore.annex_a.calendar import (
    add_months,
    add_years,
    age_on,
    first_day,
    last_day,
    open_at,
    working_days,
)
from xlscore.annex_a.records import (
    CareLeaver,
    CarePeriod,
    CinEpisode,
    Count,
    Counted,
    Extract,
    ProtectionPlan,
    RowOutcome,
    Rule,
)
from xlscore.model import PeriodKind
from xlscore.periods import Month

if TYPE_CHECKING:
    from xlscore.annex_a.windows import History

FLOW, SNAPSHOT = PeriodKind.FLOW, PeriodKind.SNAPSHOT
SHORT_BREAKS = frozenset({"V3", "V4"})
IN_EDUCATION_OR_WORK = frozenset({"F1", "F2", "F3", "F4", "F5", "P1", "P2", "P3", "P4", "P5"})
_DAY = timedelta(days=1)


RULES: dict[str, Rule] = {}


def _rule(lists: tuple[int, ...], kind: PeriodKind, words: str,
          **parameters: int) -> Callable[[Callable[..., Count]], Callable[..., Count]]:
    """Register the function below under its own name (the standard measure's id)."""

    def register(count: Callable[..., Count]) -> Callable[..., Count]:
        RULES[count.__name__] = Rule(count.__name__, lists, kind, count,
                                     tuple(parameters.items()), " ".join(words.split()))
        return count

    return register


class _Tally:
    """The rows a rule considered, as it decides them; `count()` / `ratio()` make the Count.

    A build needs only the counts and the rows excluded (the Data quality sheet lists them);
    the outcome of every row counted is made only for the audit (`auditing`), since a
    build would otherwise make one for every row of every rule and month. One row's outcome
    (say, counted in a numerator) is the same object in every rule that says so, made once
    per extract (`_memo`)."""

    __slots__ = ("list", "numerator", "denominator", "outcomes", "audit", "_made")

    def __init__(self, list_no: int, counting: Extract) -> None:
        self.list = list_no
        self.numerator = self.denominator = 0
        self.outcomes: list[RowOutcome] = []
        self.audit = AUDIT.get()
        # each kind of outcome by the row's id (the extract, and so the row, is held by _memo)
        memo = _memo(counting)
        self._made: tuple[dict[Any, RowOutcome], ...] = tuple(
            memo.setdefault(("outcomes", list_no, kind), {}) for kind in range(3))

    def _add(self, row: Any, kind: int, reason: str = "") -> None:
        made = self._made[kind]
        key = (id(row), reason) if reason else id(row)
        outcome = made.get(key)
        if outcome is None:
            outcome = made[key] = RowOutcome(self.list, row.row, row.child, _COUNTED[kind],
                                             reason)
        self.outcomes.append(outcome)

    def counted(self, row: Any) -> None:
        self.numerator += 1
        self.denominator += 1
        if self.audit:
            self._add(row, 0)

    def all_counted(self, rows: Sequence[Any]) -> None:
        """Every one of the rows in the count (one loop: a count rule's whole work)."""
        self.numerator += len(rows)
        self.denominator += len(rows)
        if not self.audit:
            return
        made, number, outcomes = self._made[0], self.list, self.outcomes
        for row in rows:
            outcome = made.get(id(row))
            if outcome is None:
                outcome = made[id(row)] = RowOutcome(number, row.row, row.child,
                                                     Counted.NUMERATOR, "")
            outcomes.append(outcome)

    def decide(self, row: Any, counted: bool) -> None:
        """In the denominator; in the numerator too when `counted` (the hot path of every
        ratio rule, so written out)."""
        self.denominator += 1
        if counted:
            self.numerator += 1
        if not self.audit:
            return
        made = self._made[0 if counted else 1]
        outcome = made.get(id(row))
        if outcome is None:
            outcome = made[id(row)] = RowOutcome(self.list, row.row, row.child,
                                                 _COUNTED[0 if counted else 1], "")
        self.outcomes.append(outcome)

    def excluded(self, row: Any, reason: str) -> None:
        self._add(row, 2, reason)

    def _sorted(self) -> tuple[RowOutcome, ...]:
        self.outcomes.sort(key=_IN_ROW_ORDER)  # whatever order the rows came in
        return tuple(self.outcomes)

    def count(self, na: str | None = None) -> Count:
        return Count(self.numerator, None, na, self._sorted())

    def ratio(self, na: str | None = None) -> Count:
        return Count(self.numerator, self.denominator, na, self._sorted())


_COUNTED = (Counted.NUMERATOR, Counted.DENOMINATOR, Counted.EXCLUDED)
_IN_ROW_ORDER = attrgetter("list", "row")


# -- what the rules found in an extract, found once ---------------------------------------

_memos: dict[int, tuple[weakref.ref[Extract], dict[Any, Any]]] = {}


def _memo(counting: Extract) -> dict[Any, Any]:
    """What the rules have worked out about one extract already (its rows sorted into months,
    the plans open at E, the outcome of each row): a build asks every rule of every month of
    the same extracts. Kept as long as the extract lives, and forgotten with it."""
    kept = _memos.get(id(counting))
    if kept is None or kept[0]() is not counting:
        kept = _memos[id(counting)] = (weakref.ref(counting), {})
        weakref.finalize(counting, _memos.pop, id(counting), None)
    return kept[1]


_ByMonth = dict[tuple[int, int] | None, list[Any]]


def _by_month(counting: Extract, rows: Sequence[Any], field: str) -> _ByMonth:
    memo = _memo(counting)
    key = ("by month", id(rows), field)
    found = memo.get(key)
    if found is None:
        found = memo[key] = {}
        for row in rows:
            day = getattr(row, field)
            found.setdefault(None if day is None else (day.year, day.month), []).append(row)
    return found


def _dated_in(counting: Extract, rows: Sequence[Any], field: str, month: Month) -> list[Any]:
    """The rows whose `field` falls in the month (an extract's rows sorted into months once:
    a flow rule asks for every month the extract gives)."""
    return _by_month(counting, rows, field).get((month.year, month.month), [])


def _blank(counting: Extract, rows: Sequence[Any], field: str) -> list[Any]:
    """The rows without a date in `field` (a blank mandatory date: excluded and listed)."""
    return _by_month(counting, rows, field).get(None, [])


Row = TypeVar("Row")


def _filtered(tally: _Tally, counting: Extract, key: Hashable,
              sift: Callable[[], tuple[list[Row], list[tuple[Any, str]]]]) -> list[Row]:
    """The rows several rules start from (the plans open at E, ...), sifted once per extract
    and E; the rows sifted out for a reason are listed in the tally as excluded."""
    memo = _memo(counting)
    found = memo.get(key)
    if found is None:
        found = memo[key] = sift()
    kept, excluded = found
    for row, reason in excluded:
        tally.excluded(row, reason)
    return kept


_NO_BIRTH = "blank Date of Birth"
_ROW = attrgetter("row")


def _age(tally: _Tally, row: Any, day: date) -> int | None:
    if row.birth is None:
        tally.excluded(row, _NO_BIRTH)
        return None
    return age_on(row.birth, day)


def _dated_count(list_no: int, counting: Extract, rows: Sequence[Any], field: str,
                 month: Month, blank: str) -> Count:
    """A count rule's whole work: the rows dated in the month counted, those with the date
    blank excluded with the reason `blank`."""
    tally = _Tally(list_no, counting)
    tally.all_counted(_dated_in(counting, rows, field, month))
    for row in _blank(counting, rows, field):
        tally.excluded(row, blank)
    return tally.count()


# -- List 1: contacts ---------------------------------------------------------------------

@_rule((1,), FLOW, "Contacts (List 1 rows) with a Date of Contact in the month.")
def contacts(month: Month, counting: Extract, history: History) -> Count:
    """Contacts (rows of List 1) with Date of Contact in M; a blank date is excluded."""
    return _dated_count(1, counting, counting.contacts, "contact", month,
                        "blank Date of Contact")


@_rule((1, 3), FLOW, """Of the contacts received in the month (List 1), those followed by a
       referral of the same child (List 3, any extract) on the contact's day or up to
       `within` working days after it, each referral matched to that child's latest contact
       on or before it. An approximation: Annex A records no contact outcome.""", within=1)
def contacts_to_referral_pct(month: Month, counting: Extract, history: History,
                             within: int = 1) -> Count:
    """Numerator: contacts in M followed by a referral of the same child with referral date
    d, contact date <= d and WD(contact, d) <= `within`, each referral matched to at most one
    contact: that child's latest contact (from every extract) on or before d (same-day
    contacts from several sources: the last by source). Denominator: contacts in M."""
    tally = _Tally(1, counting)
    converted: dict[str, set[tuple[date, str]]] = {}
    for row in _dated_in(counting, counting.contacts, "contact", month):
        keys = converted.get(row.child)
        if keys is None:
            keys = converted[row.child] = _contacts_referred(row.child, history, within)
        tally.decide(row, (row.contact, row.source or "") in keys)
    for row in _blank(counting, counting.contacts, "contact"):
        tally.excluded(row, "blank Date of Contact")
    return tally.ratio()


def _contacts_referred(child: str, history: History, within: int) -> set[tuple[date, str]]:
    """The child's contacts (date, source) that a referral followed within the limit."""
    found: set[tuple[date, str]] = set()
    contacts_seen = history.contact_keys(child)
    for day in history.referral_days(child):
        at = bisect_right(contacts_seen, (day, "\uffff")) - 1  # the latest on or before d
        if at >= 0:
            latest = contacts_seen[at]
            if working_days(latest[0], day) <= within:
                found.add(latest)
    return found


# -- List 3: referrals --------------------------------------------------------------------

@_rule((3,), FLOW, "Referrals (List 3 rows) with a Date of referral in the month.")
def referrals(month: Month, counting: Extract, history: History) -> Count:
    """Referrals with Date of referral in M; a blank date is excluded."""
    return _dated_count(3, counting, counting.referrals, "referral", month,
                        "blank Date of referral")


@_rule((3,), FLOW, """Of the referrals received in the month (List 3), those whose child had
       another referral in the 12 months before (from 12 months before up to the day before),
       looked up in every extract. No figure unless the extracts between them cover every day
       from 12 months before the month's start to its end.""")
def re_referrals_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: referrals in M for which the same child has another referral dated from
    d - 12 months up to the day before d (every extract). Denominator: referrals in M.
    n/a when the extracts' windows do not cover every day from S - 12 months to E."""
    tally = _Tally(3, counting)
    for row in _dated_in(counting, counting.referrals, "referral", month):
        day = row.referral
        since = add_months(day, -12)
        tally.decide(row, any(since <= d < day for d in history.referral_days(row.child)))
    for row in _blank(counting, counting.referrals, "referral"):
        tally.excluded(row, "blank Date of referral")
    first, last = add_months(first_day(month), -12), last_day(month)
    na = None
    if not history.covers(first, last):
        na = (f"the extracts do not cover every day from {first.isoformat()} to "
              f"{last.isoformat()}: a re-referral looks back 12 months")
    return tally.ratio(na)


# -- List 4: assessments ------------------------------------------------------------------

@_rule((4,), FLOW, "Assessments (List 4 rows) with an authorisation date in the month.")
def assessments(month: Month, counting: Extract, history: History) -> Count:
    """Assessments with Continuous Assessment Date of Authorisation in M (whatever their
    start: an authorisation before the start is still an assessment authorised)."""
    tally = _Tally(4, counting)
    tally.all_counted(_dated_in(counting, counting.assessments, "authorised", month))
    return tally.count()


@_rule((4,), FLOW, """Of the assessments authorised in the month (List 4), those authorised
       within 45 working days of their start (Monday to Friday except England's bank
       holidays; the start day itself not counted). An authorisation before its start is left
       out and listed.""")
def assessments_45_days_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: WD(start, authorisation) <= 45. Denominator: assessments authorised in M,
    except those with a blank start or authorised before their start (excluded, listed)."""
    tally = _Tally(4, counting)
    for row in _dated_in(counting, counting.assessments, "authorised", month):
        if row.start is None:
            tally.excluded(row, "blank Continuous Assessment Start Date")
        elif row.authorised < row.start:
            tally.excluded(row, "authorisation before start")
        else:
            tally.decide(row, working_days(row.start, row.authorised) <= 45)
    return tally.ratio()


# -- List 5: S47 enquiries and ICPCs ------------------------------------------------------

_S47_START = "blank strategy discussion (Section 47 start) date"


@_rule((5,), FLOW, "Section 47 enquiries (List 5 rows) whose strategy discussion was in the month.")
def s47s(month: Month, counting: Extract, history: History) -> Count:
    """S47 enquiries with strategy discussion (start) date in M; a blank date is excluded."""
    return _dated_count(5, counting, counting.enquiries, "start", month, _S47_START)


@_rule((5, 7, 8), FLOW, """Of the Section 47 enquiries started in the month (List 5) whose
       child was not already on a child protection plan or looked after (other than short
       breaks, V3/V4) on the enquiry's start (Lists 7 and 8 of every extract), those with an
       initial child protection conference date. An ICPC before its enquiry's start is left
       out and listed.""")
def s47_to_icpc_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: of the denominator, those with an ICPC date. Denominator: S47s started in
    M where the child had no plan and no period of care (not V3/V4) with start < S47 date and
    end blank or >= S47 date (every extract). ICPC before the S47 start: excluded, listed."""
    tally = _Tally(5, counting)
    for row in _dated_in(counting, counting.enquiries, "start", month):
        day = row.start
        if row.icpc is not None and row.icpc < day:
            tally.excluded(row, "ICPC before the S47 start")
        elif any(_open_on(p.start, p.end, day) for p in history.plans_of(row.child)):
            tally.excluded(row, "already on a child protection plan")
        elif any(_open_on(c.start, c.ceased, day) and c.legal_status not in SHORT_BREAKS
                 for c in history.periods_of(row.child)):
            tally.excluded(row, "already looked after")
        else:
            tally.decide(row, row.icpc is not None)
    for row in _blank(counting, counting.enquiries, "start"):
        tally.excluded(row, _S47_START)
    return tally.ratio()


def _open_on(start: date | None, end: date | None, day: date) -> bool:
    """Started before the day and not ended before it (start < day, end blank or >= day)."""
    return start is not None and start < day and (end is None or end >= day)


@_rule((5,), FLOW, """Of the initial child protection conferences held in the month (List 5),
       those held within 15 working days of the strategy discussion that started the
       Section 47 enquiry (the start day itself not counted). An ICPC before its enquiry's
       start is left out and listed.""")
def icpc_15_days_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: ICPCs held in M with WD(S47 start, ICPC) <= 15. Denominator: ICPCs held in
    M (ICPC before the S47 start, or a blank start: excluded, listed)."""
    tally = _Tally(5, counting)
    for row in _dated_in(counting, counting.enquiries, "icpc", month):
        if row.start is None:
            tally.excluded(row, _S47_START)
        elif row.icpc < row.start:
            tally.excluded(row, "ICPC before the S47 start")
        else:
            tally.decide(row, working_days(row.start, row.icpc) <= 15)
    return tally.ratio()


# -- List 6: children in need -------------------------------------------------------------

def _cin_plans(counting: Extract, end: date) -> list[CinEpisode]:
    """Case Status c) Child in need plan, not closed by E (sifted once per extract)."""
    memo = _memo(counting)
    found = memo.get(("CIN plans", end))
    if found is None:
        found = memo[("CIN plans", end)] = [
            row for row in counting.children_in_need
            if row.status == "c" and (row.closed is None or row.closed > end)]
    return found


@_rule((6,), SNAPSHOT, """Children with Case Status "c) Child in need plan" (List 6) whose
       episode is not closed at the month's end.""")
def cin_plans(month: Month, counting: Extract, history: History) -> Count:
    """Case Status "c) Child in need plan" and CIN Closure Date blank or > E."""
    tally = _Tally(6, counting)
    tally.all_counted(_cin_plans(counting, last_day(month)))
    return tally.count()


@_rule((6,), SNAPSHOT, """Of the children on a child in need plan at the month's end
       (List 6), those whose CIN episode started 12 months or more before. An approximation:
       Annex A holds the episode's start, not the plan's.""")
def cin_over_12_months_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: CIN Start Date + 12 months <= E. Denominator: CIN plans (as `cin_plans`);
    a blank CIN Start Date is excluded, listed."""
    tally = _Tally(6, counting)
    end = last_day(month)
    for row in _cin_plans(counting, end):
        if row.start is None:
            tally.excluded(row, "blank CIN Start Date")
        else:
            tally.decide(row, add_months(row.start, 12) <= end)
    return tally.ratio()


@_rule((6,), SNAPSHOT, """Of the children on a child in need plan at the month's end
       (List 6), those last seen within `working_days` working days of the month's end.""",
       working_days=20)
def cin_visits_pct(month: Month, counting: Extract, history: History,
                   working_days: int = 20) -> Count:
    """Numerator: Date Child Was Last Seen <= E and WD(last seen, E) <= `working_days`.
    Denominator: CIN plans (as `cin_plans`); never seen counts as not seen in time."""
    limit = working_days
    tally = _Tally(6, counting)
    end = last_day(month)
    for row in _cin_plans(counting, end):
        seen = row.last_seen
        tally.decide(row, seen is not None and seen <= end and _wd(seen, end) <= limit)
    return tally.ratio()


_wd = working_days  # the name a parameter of cin_visits_pct hides


@_rule((6,), SNAPSHOT, """Children (List 6, each counted once) whose CIN episode had started
       by the month's end and was not closed by then.""")
def caseload(month: Month, counting: Extract, history: History) -> Count:
    """Distinct children with CIN Start Date <= E and CIN Closure Date blank or > E."""
    tally = _Tally(6, counting)
    end = last_day(month)
    seen: set[str] = set()
    for row in _open_children(tally, counting, end):
        if row.child in seen:
            tally.excluded(row, "child counted on another row")
        else:
            seen.add(row.child)
            tally.counted(row)
    return tally.count()


def _open_children(tally: _Tally, counting: Extract, end: date) -> list[CinEpisode]:
    """Episodes open at E, by row (a child on two rows is counted on the first); a blank
    CIN Start Date excluded, listed."""

    def sift() -> tuple[list[CinEpisode], list[tuple[Any, str]]]:
        kept, excluded = [], []
        for row in sorted(counting.children_in_need, key=_ROW):
            if row.start is None:
                excluded.append((row, "blank CIN Start Date"))
            elif open_at(row.start, row.closed, end):
                kept.append(row)
        return kept, excluded

    return _filtered(tally, counting, ("open children", end), sift)


@_rule((6,), SNAPSHOT, """The children open at the month's end (as the caseload) who have an
       allocated worker, divided by the number of different allocated workers they have.""")
def children_per_sw(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: the caseload's distinct children with an Allocated Worker. Denominator:
    distinct Allocated Workers among them. The figure is a number: numerator / denominator."""
    tally = _Tally(6, counting)
    end = last_day(month)
    children: set[str] = set()
    workers: set[str] = set()
    for row in _open_children(tally, counting, end):
        worker = (row.worker or "").strip()
        if not worker:
            tally.excluded(row, "no allocated worker")
        elif row.child in children:
            tally.excluded(row, "child counted on another row")
        else:
            children.add(row.child)
            workers.add(worker)
            tally.counted(row)
    return Count(len(children), len(workers), None, tally._sorted())


# -- List 7: child protection -------------------------------------------------------------

_CP_START = "blank Child Protection Plan Start Date"


def _open_plans(tally: _Tally, counting: Extract,
                end: date) -> list[tuple[ProtectionPlan, date]]:
    """Plans open at E (start <= E, end blank or > E), with their start; a blank start
    excluded, listed."""

    def sift() -> tuple[list[tuple[ProtectionPlan, date]], list[tuple[Any, str]]]:
        kept, excluded = [], []
        for row in counting.protection:
            if row.start is None:
                excluded.append((row, _CP_START))
            elif open_at(row.start, row.end, end):
                kept.append((row, row.start))
        return kept, excluded

    return _filtered(tally, counting, ("open plans", end), sift)


@_rule((7,), SNAPSHOT, "Child protection plans (List 7) open at the month's end.")
def cp_plans(month: Month, counting: Extract, history: History) -> Count:
    """Plans open at E: start <= E and end blank or > E."""
    tally = _Tally(7, counting)
    tally.all_counted([row for row, _ in _open_plans(tally, counting, last_day(month))])
    return tally.count()


@_rule((7,), FLOW, """Of the child protection plans started in the month (List 7), those
       whose Number of Previous Child Protection Plans is more than 0.""")
def cp_repeat_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: plans started in M with Number of Previous Child Protection Plans > 0.
    Denominator: plans started in M (a blank number excluded, listed)."""
    tally = _Tally(7, counting)
    for row in _dated_in(counting, counting.protection, "start", month):
        if row.previous_plans is None:
            tally.excluded(row, "blank Number of Previous Child Protection Plans")
        else:
            tally.decide(row, row.previous_plans > 0)
    for row in _blank(counting, counting.protection, "start"):
        tally.excluded(row, _CP_START)
    return tally.ratio()


@_rule((7,), FLOW, """Of the child protection plans started in the month (List 7), those
       whose child had an earlier plan (List 7 of every extract) that ended in the two years
       up to the new plan's start. No figure when a plan says it has previous plans, no
       earlier plan is found, and the extracts do not cover the two years before it.""")
def cp_repeat_2_years_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: plans started in M whose child has another List 7 plan (every extract)
    with an earlier start that ended on a day from start - 2 years up to start. Denominator:
    plans started in M. n/a when one of them has Number of Previous Child Protection Plans
    > 0, no such earlier plan is found, and the extracts' windows do not cover every day
    from its start - 2 years to the day before its start."""
    tally = _Tally(7, counting)
    gaps: list[int] = []
    for row in _dated_in(counting, counting.protection, "start", month):
        start = row.start
        since = add_years(start, -2)
        repeat = any(p.start is not None and p.start < start and p.end is not None
                     and since <= p.end <= start for p in history.plans_of(row.child))
        tally.decide(row, repeat)
        if (not repeat and row.previous_plans and row.previous_plans > 0
                and not history.covers(since, start - _DAY)):
            gaps.append(row.row)
    for row in _blank(counting, counting.protection, "start"):
        tally.excluded(row, _CP_START)
    na = None
    if gaps:
        na = (f"the extracts do not cover the two years before {len(gaps)} repeat plan(s) "
              f"(List 7 row {', '.join(map(str, sorted(gaps)))}) whose earlier plan was not "
              "found")
    return tally.ratio(na)


@_rule((7,), FLOW, """Of the child protection plans that ended in the month (List 7), those
       that had been open for 2 years or more (start + 2 years on or before the end).""")
def cp_ended_2_years_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: plans ended in M with start + 2 years <= end. Denominator: plans ended in
    M (a blank start excluded, listed)."""
    tally = _Tally(7, counting)
    for row in _dated_in(counting, counting.protection, "end", month):
        if row.start is None:
            tally.excluded(row, _CP_START)
        else:
            tally.decide(row, add_years(row.start, 2) <= row.end)
    return tally.ratio()


@_rule((7,), SNAPSHOT, """Of the child protection plans open at the month's end (List 7),
       those open for 2 years or more.""")
def cp_2_years_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: plans open at E with start + 2 years <= E. Denominator: plans open at E."""
    tally = _Tally(7, counting)
    end = last_day(month)
    for row, start in _open_plans(tally, counting, end):
        tally.decide(row, add_years(start, 2) <= end)
    return tally.ratio()


@_rule((7,), SNAPSHOT, """Of the child protection plans open at the month's end that started
       3 months or more before it (List 7), those whose next review conference is not
       overdue: due 3 months after the plan's start if no review has been held since the
       start, otherwise 6 months after the latest review. An approximation: Annex A holds
       only the latest review, so an earlier late review is not seen.""")
def rcpc_timescale_pct(month: Month, counting: Extract, history: History) -> Count:
    """Denominator: plans open at E with start + 3 months <= E. Numerator: of those, due >= E,
    where due = start + 3 months if there is no review on or after the start, else latest
    review + 6 months."""
    tally = _Tally(7, counting)
    end = last_day(month)
    for row, start in _open_plans(tally, counting, end):
        first_review = add_months(start, 3)
        if first_review > end:
            continue
        review = row.last_review
        due = first_review if review is None or review < start else add_months(review, 6)
        tally.decide(row, due >= end)
    return tally.ratio()


@_rule((7,), SNAPSHOT, """Of the child protection plans open at the month's end (List 7),
       those whose last statutory visit was on or before the month's end and no more than
       `days` calendar days before it.""", days=14)
def cp_visits_pct(month: Month, counting: Extract, history: History, days: int = 14) -> Count:
    """Numerator: a last statutory visit v <= E with E - v <= `days` calendar days.
    Denominator: plans open at E."""
    tally = _Tally(7, counting)
    end = last_day(month)
    for row, _ in _open_plans(tally, counting, end):
        tally.decide(row, _visited(row, end, days))
    return tally.ratio()


def _visited(row: ProtectionPlan, end: date, days: int) -> bool:
    visit = row.last_visit
    return visit is not None and visit <= end and (end - visit).days <= days


@_rule((7,), SNAPSHOT, """Of the children aged 3 or over at the month's end on a child
       protection plan open then (List 7), those whose last statutory visit was within `days`
       calendar days of the month's end and who were seen alone at it. An approximation:
       Annex A holds the latest visit only.""", days=14)
def cp_seen_alone_pct(month: Month, counting: Extract, history: History,
                      days: int = 14) -> Count:
    """Numerator: of the denominator, a last statutory visit v <= E with E - v <= `days` and
    seen alone at that visit. Denominator: plans open at E, child aged 3 or over at E (a
    blank date of birth excluded, listed)."""
    tally = _Tally(7, counting)
    end = last_day(month)
    for row, _ in _open_plans(tally, counting, end):
        age = _age(tally, row, end)
        if age is not None and age >= 3:
            tally.decide(row, _visited(row, end, days) and row.seen_alone is True)
    return tally.ratio()


# -- List 8: children in care -------------------------------------------------------------

_CLA_START = "blank Date Started to be Looked After"


def _looked_after(tally: _Tally, counting: Extract,
                  end: date) -> list[tuple[CarePeriod, date]]:
    """Periods open at E (start <= E, ceased blank or > E), legal status not V3 or V4, with
    their start; a blank start or short breaks excluded, listed."""

    def sift() -> tuple[list[tuple[CarePeriod, date]], list[tuple[Any, str]]]:
        kept, excluded = [], []
        for row in counting.in_care:
            if row.start is None:
                excluded.append((row, _CLA_START))
            elif open_at(row.start, row.ceased, end):
                if row.legal_status in SHORT_BREAKS:
                    excluded.append((row, "short breaks (V3/V4)"))
                else:
                    kept.append((row, row.start))
        return kept, excluded

    return _filtered(tally, counting, ("looked after", end), sift)


@_rule((8,), SNAPSHOT, """Children looked after at the month's end (List 8: started and not
       ceased by then), not counting short breaks (legal status V3 or V4).""")
def cla(month: Month, counting: Extract, history: History) -> Count:
    """Periods open at E (ceased blank or > E), legal status not V3 or V4 (short breaks)."""
    tally = _Tally(8, counting)
    tally.all_counted([row for row, _ in _looked_after(tally, counting, last_day(month))])
    return tally.count()


@_rule((8,), SNAPSHOT, """Of the children looked after at the month's end (as CLA), those
       looked after for 2 years or more.""")
def cla_2_years_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: start + 2 years <= E. Denominator: CLA."""
    tally = _Tally(8, counting)
    end = last_day(month)
    for row, start in _looked_after(tally, counting, end):
        tally.decide(row, add_years(start, 2) <= end)
    return tally.ratio()


@_rule((8,), SNAPSHOT, """Of the children looked after at the month's end (as CLA), those with
       3 or more placements in the last 12 months.""")
def cla_3_placements_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: Number of Placements in the Last 12 months >= 3. Denominator: CLA (a blank
    number excluded, listed)."""
    tally = _Tally(8, counting)
    for row, _ in _looked_after(tally, counting, last_day(month)):
        if row.placements is None:
            tally.excluded(row, "blank Number of Placements in the Last 12 months")
        else:
            tally.decide(row, row.placements >= 3)
    return tally.ratio()


@_rule((8,), SNAPSHOT, """Of the children looked after at the month's end aged under 16 and
       looked after for 2.5 years or more, those whose most recent placement started 2 years
       or more before the month's end. An approximation: Annex A holds the latest placement
       only, so a move back to an earlier placement counts as a new one.""")
def cla_stability_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: of the denominator, Start Date of Most Recent Placement + 2 years <= E.
    Denominator: CLA aged under 16 at E with start + 30 months <= E (a blank date of birth
    or placement start excluded, listed)."""
    tally = _Tally(8, counting)
    end = last_day(month)
    for row, start in _looked_after(tally, counting, end):
        if add_months(start, 30) > end:
            continue
        age = _age(tally, row, end)
        if age is None or age >= 16:
            continue
        if row.placement_start is None:
            tally.excluded(row, "blank Start Date of Most Recent Placement")
        else:
            tally.decide(row, add_years(row.placement_start, 2) <= end)
    return tally.ratio()


@_rule((8,), SNAPSHOT, """Of the children looked after at the month's end who had been looked
       after for 12 months or more, those whose last health assessment was in the 12 months
       up to the month's end (6 months for a child under 5).""")
def cla_health_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: of the denominator, last health assessment h <= E with h > E - 12 months
    (E - 6 months if aged under 5 at E). Denominator: CLA with start + 12 months <= E (a blank
    date of birth excluded, listed: the age decides the limit)."""
    tally = _Tally(8, counting)
    end = last_day(month)
    for row, start in _looked_after(tally, counting, end):
        if add_months(start, 12) > end:
            continue
        age = _age(tally, row, end)
        if age is not None:
            since = add_months(end, -6 if age < 5 else -12)
            health = row.last_health
            tally.decide(row, health is not None and since < health <= end)
    return tally.ratio()


@_rule((8,), SNAPSHOT, """Of the children looked after at the month's end who had been looked
       after for 12 months or more, those whose last dental check was in the 12 months up to
       the month's end.""")
def cla_dental_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: of the denominator, last dental check d <= E with d > E - 12 months (at
    every age). Denominator: CLA with start + 12 months <= E."""
    tally = _Tally(8, counting)
    end = last_day(month)
    since = add_months(end, -12)
    for row, start in _looked_after(tally, counting, end):
        if add_months(start, 12) <= end:
            dental = row.last_dental
            tally.decide(row, dental is not None and since < dental <= end)
    return tally.ratio()


# -- List 9: care leavers -----------------------------------------------------------------

def _care_leavers(tally: _Tally, counting: Extract, end: date) -> list[CareLeaver]:
    """Young people aged 19, 20 or 21 at E (a blank date of birth excluded, listed)."""

    def sift() -> tuple[list[CareLeaver], list[tuple[Any, str]]]:
        kept, excluded = [], []
        for row in counting.care_leavers:
            if row.birth is None:
                excluded.append((row, _NO_BIRTH))
            elif 19 <= age_on(row.birth, end) <= 21:
                kept.append(row)
        return kept, excluded

    return _filtered(tally, counting, ("care leavers", end), sift)


@_rule((9,), SNAPSHOT, "Care leavers (List 9) aged 19, 20 or 21 at the month's end.")
def care_leavers(month: Month, counting: Extract, history: History) -> Count:
    """Young people aged 19, 20 or 21 at E."""
    tally = _Tally(9, counting)
    tally.all_counted(_care_leavers(tally, counting, last_day(month)))
    return tally.count()


@_rule((9,), SNAPSHOT, """Of the care leavers aged 19 to 21 at the month's end, those in
       education, training or employment (activity F1 to F5 or P1 to P5).""")
def care_leavers_eet_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: activity F1-F5 or P1-P5. Denominator: care leavers aged 19-21 at E."""
    tally = _Tally(9, counting)
    for row in _care_leavers(tally, counting, last_day(month)):
        tally.decide(row, row.activity in IN_EDUCATION_OR_WORK)
    return tally.ratio()


@_rule((9,), SNAPSHOT, """Of the care leavers aged 19 to 21 at the month's end, those whose
       accommodation is "a) Suitable".""")
def care_leavers_accommodation_pct(month: Month, counting: Extract, history: History) -> Count:
    """Numerator: Suitability of Accommodation "a) Suitable". Denominator: care leavers aged
    19-21 at E."""
    tally = _Tally(9, counting)
    for row in _care_leavers(tally, counting, last_day(month)):
        tally.decide(row, row.accommodation == "a")
    return tally.ratio()


PATHWAY_REVIEW = "Latest Pathway Plan Review Date"


@_rule((9,), SNAPSHOT, """Of all care leavers (List 9), those whose latest pathway plan review
       was in the `months` months up to the month's end. No figure from an extract without
       the Latest Pathway Plan Review Date column (the 2019 template).""", months=6)
def pathway_plans_pct(month: Month, counting: Extract, history: History,
                      months: int = 6) -> Count:
    """Numerator: rows with a pathway plan review p <= E and p > E - `months`. Denominator:
    all rows. n/a when the column is absent (2019 template)."""
    tally = _Tally(9, counting)
    end = last_day(month)
    since = add_months(end, -months)
    for row in counting.care_leavers:
        review = row.pathway_review
        tally.decide(row, review is not None and since < review <= end)
    na = None
    if any(number == 9 and _is_pathway(column) for number, column in counting.absent):
        na = f"{counting.file} has no {PATHWAY_REVIEW} column (the 2019 template)"
    return tally.ratio(na)


def _is_pathway(column: str) -> bool:
    """The reader names an absent column by its header or by the field it fills."""
    return " ".join(column.split()).casefold() in {PATHWAY_REVIEW.casefold(), "pathway_review"}
