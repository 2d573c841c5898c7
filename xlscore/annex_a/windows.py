"""Which extract gives which month, and the rows a rule looks up across every extract.

An extract dated X holds the six months ending on X: from (X + 1 day) - 6 months up to X.
A flow measure's month M is counted from the newest extract whose window holds all of M (a
later extract is later recording, so it wins); a snapshot measure's only from an extract
dated exactly on M's last day, since lists 6-9 say who was open on the extract date and
nothing about any other day. Rows a rule looks up (earlier referrals, earlier plans, the
referral that followed a contact) come from every extract: the same record, keyed as
liia-tools keys it, taken once, the newest extract's row winning.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Any, TypeVar

from xlscore.annex_a.auditing import auditing
from xlscore.annex_a.calendar import first_day, last_day, month_of
from xlscore.annex_a.records import (
    CarePeriod,
    Contact,
    Count,
    Enquiry,
    Extract,
    ProtectionPlan,
    Referral,
    Rule,
)
from xlscore.model import PeriodKind
from xlscore.periods import Month
from xlscore.records import record

Row = TypeVar("Row")
_DAY = timedelta(days=1)
_ROW = attrgetter("row")


def window(extract: Extract) -> tuple[date, date]:
    """The first and last day an extract holds: (X + 1 day) - 6 months .. X."""
    return extract.window_start, extract.date


def holds(extract: Extract, month: Month) -> bool:
    """The extract's window holds every day of the month."""
    return extract.window_start <= first_day(month) and last_day(month) <= extract.date


def _in_order(extracts: Iterable[Extract]) -> list[Extract]:
    """Oldest first; two extracts of one date in the order of their file names, so that the
    order the files were given in changes nothing."""
    return sorted(extracts, key=lambda e: (e.date, e.file))


def counting_extract(kind: PeriodKind, month: Month,
                     extracts: Sequence[Extract]) -> Extract | None:
    """The one extract whose rows are counted for the month: flow, the newest whose window
    holds all of M; snapshot, the one dated exactly on M's last day."""
    ordered = _in_order(extracts)
    if kind is PeriodKind.SNAPSHOT:
        end = last_day(month)
        dated = [e for e in ordered if e.date == end]
        return dated[-1] if dated else None
    holding = [e for e in ordered if holds(e, month)]
    return holding[-1] if holding else None


def months_given(extracts: Sequence[Extract]) -> list[Month]:
    """Months some extract gives: flow months a window holds whole, and months whose last
    day is an extract's date (their snapshot)."""
    months: set[Month] = set()
    for extract in extracts:
        start, end = window(extract)
        month = month_of(start)
        if first_day(month) < start:
            month = month.shift(1)
        while last_day(month) <= end:
            months.add(month)
            month = month.shift(1)
        if extract.date == last_day(month_of(extract.date)):
            months.add(month_of(extract.date))
    return sorted(months)


class History:
    """Rows looked up across every extract (each record once, the newest extract's row),
    grouped by child, and which days the extracts' windows cover between them.

    A plain class, not a record: it is an index, built once for a set of extracts and each
    list's part built the first time a rule asks for it.
    """

    __slots__ = ("extracts", "_covered", "_by_child")

    def __init__(self, extracts: Sequence[Extract]) -> None:
        self.extracts = tuple(_in_order(extracts))
        self._covered = _merged(window(e) for e in self.extracts)
        self._by_child: dict[str, dict[str, Any]] = {}

    def covers(self, first: date, last: date) -> bool:
        """The extracts' windows together cover every day from first to last."""
        if last < first:
            return True
        starts = [start for start, _ in self._covered]
        at = bisect_right(starts, first) - 1
        return at >= 0 and self._covered[at][1] >= last

    def contacts_of(self, child: str) -> Sequence[Contact]:
        """The child's contacts (List 1, keyed child + contact date + source), in date
        order, then by source."""
        return self._child("contacts", child, lambda e: e.contacts,
                           lambda r: None if r.contact is None else (r.contact, r.source),
                           lambda r: (r.contact, r.source or ""))

    def referrals_of(self, child: str) -> Sequence[Referral]:
        """The child's referrals (List 3, keyed child + referral date), in date order."""
        return self._child("referrals", child, lambda e: e.referrals,
                           lambda r: r.referral, lambda r: r.referral)

    def contact_keys(self, child: str) -> Sequence[tuple[date, str]]:
        """The child's contacts as their keys (date, source; a blank source ""), sorted: all
        a look-up of contacts needs, without building a row for each."""
        grouped = self._by_child.get("contact keys")
        if grouped is None:
            grouped = self._by_child["contact keys"] = _by_first(
                {(r.child, r.contact, r.source or "") for e in self.extracts
                 for r in e.contacts if r.contact is not None})
        return grouped.get(child, ())

    def referral_days(self, child: str) -> Sequence[date]:
        """The child's referral dates (each referral once), sorted."""
        grouped = self._by_child.get("referral days")
        if grouped is None:
            grouped = self._by_child["referral days"] = _by_first(
                {(r.child, r.referral) for e in self.extracts
                 for r in e.referrals if r.referral is not None})
        return grouped.get(child, ())

    def enquiries_of(self, child: str) -> Sequence[Enquiry]:
        """The child's S47 enquiries (List 5, keyed child + strategy discussion date)."""
        return self._child("enquiries", child, lambda e: e.enquiries,
                           lambda r: r.start, lambda r: r.start)

    def plans_of(self, child: str) -> Sequence[ProtectionPlan]:
        """The child's protection plans (List 7, keyed child + plan start), by start."""
        return self._child("plans", child, lambda e: e.protection,
                           lambda r: r.start, lambda r: r.start)

    def periods_of(self, child: str) -> Sequence[CarePeriod]:
        """The child's periods of care (List 8, keyed child + period start), by start."""
        return self._child("periods", child, lambda e: e.in_care,
                           lambda r: r.start, lambda r: r.start)

    def _child(self, name: str, child: str, rows: Callable[[Extract], Sequence[Row]],
               key: Callable[[Row], Hashable | None], order: Callable[[Row], Any]
               ) -> Sequence[Row]:
        grouped = self._by_child.get(name)
        if grouped is None:
            grouped = self._by_child[name] = _grouped(self.extracts, rows, key, order)
        return grouped.get(child, ())


def _grouped(extracts: Sequence[Extract], rows: Callable[[Extract], Sequence[Row]],
             key: Callable[[Row], Hashable | None], order: Callable[[Row], Any]
             ) -> dict[str, tuple[Row, ...]]:
    newest: dict[tuple[str, Hashable], Row] = {}
    for extract in extracts:  # oldest first: a newer extract's row replaces an older one's
        # within one extract, by row (the later row wins), whatever order the rows came in
        for row in sorted(rows(extract), key=_ROW):
            own = key(row)
            if own is not None:  # a record without its key date cannot be looked up
                newest[(row.child, own)] = row  # type: ignore[attr-defined]
    by_child: dict[str, list[Row]] = {}
    for (child, _), row in newest.items():
        by_child.setdefault(child, []).append(row)
    return {child: tuple(sorted(found, key=order)) for child, found in by_child.items()}


def _by_first(keys: set[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """(child, *key) tuples as each child's keys, sorted (a key of one value as the value):
    one set and one sort over every extract's rows, each row seen in up to six extracts."""
    grouped: dict[str, list[Any]] = {}
    last: str | None = None
    into: list[Any] = []
    for found in sorted(keys):
        if found[0] != last:
            last = found[0]
            into = grouped[found[0]] = []
        into.append(found[1] if len(found) == 2 else found[1:])
    return grouped


def _merged(windows: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Windows joined where they overlap or touch, in date order."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + _DAY:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_histories: dict[tuple[int, ...], tuple[Sequence[Extract], History]] = {}


def history_of(extracts: Sequence[Extract]) -> History:
    """One History per set of extracts: work_out is called for every rule and month of a
    build with the same extracts, and the look-ups are built once for them all. The last
    two sets are kept (and their extracts with them) until `forget()`."""
    key = tuple(sorted(id(e) for e in extracts))
    kept = _histories.get(key)
    if kept is None:
        if len(_histories) >= 2:
            del _histories[next(iter(_histories))]
        kept = _histories[key] = (tuple(extracts), History(extracts))  # holds ids alive
    return kept[1]


def forget() -> None:
    """Let go of the extracts the look-ups were kept for (personal data: a long-running
    process calls this once a build is done)."""
    _histories.clear()


@record
class Worked:
    """A rule worked out for a month: its count from the extract counted, or why none."""

    count: Count | None  # None: no extract gives this month for this measure
    extract: Extract | None  # the extract counted (its file is the Data sheet's Source file)
    why_not: str | None = None  # e.g. "no extract dated 2020-11-30 (month end)"


def work_out(rule: Rule, parameters: Mapping[str, int], month: Month,
             extracts: Sequence[Extract], audit: bool = False) -> Worked:
    """The rule for the month: the extract its kind says counts, every extract as history,
    the rule's defaults with the catalogue's parameters over them. The Count's outcomes are
    the rows excluded; with `audit`, every row considered (the audit file's rows)."""
    known = dict(rule.parameters)
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise ValueError(f"rule {rule.name} has no parameter {', '.join(unknown)}"
                         f" (it has {', '.join(known) or 'none'})")
    counting = counting_extract(rule.kind, month, extracts)
    if counting is None:
        if rule.kind is PeriodKind.SNAPSHOT:
            why = f"no extract dated {last_day(month).isoformat()} (month end)"
        else:
            why = f"no extract's six-month window holds the whole of {month}"
        return Worked(None, None, why)
    counted, *looked_up = rule.lists
    if not _has_list(counting, counted):
        return Worked(Count(0, na=f"List {counted} is not in {counting.file}"), counting)
    for number in looked_up:  # a look-up in a list no extract has would find nothing
        if not any(_has_list(e, number) for e in extracts):
            return Worked(Count(0, na=f"no extract has List {number}"), counting)
    known.update(parameters)
    with auditing(audit):
        count = rule.count(month, counting, history_of(extracts), **known)
    return Worked(count, counting)


_ROWS = {1: "contacts", 3: "referrals", 4: "assessments", 5: "enquiries",
         6: "children_in_need", 7: "protection", 8: "in_care", 9: "care_leavers"}


def _has_list(extract: Extract, number: int) -> bool:
    """The reader found the list (or rows of it were given directly)."""
    return number in extract.lists or bool(getattr(extract, _ROWS[number]))
