"""What the Data quality sheet says about the Annex A extracts: the rows each rule left out
and why, the rows the reader set aside, and the months a rule could give no figure for.

By count and row number, per extract and list: never a child.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from xlscore.annex_a.build import AnnexA
from xlscore.annex_a.records import Counted, Extract
from xlscore.extracts import Facts, Inputs
from xlscore.periods import Month
from xlscore.quality import Check, Finding

ROWS_SHOWN = 20  # row numbers listed in one finding before "and N more"
_ROW_SAID = re.compile(r" \(rows? [\d, ]+\)")  # a row named inside a reason


def findings(annex: AnnexA, facts: Facts, months: Iterable[Month]) -> list[Finding]:
    """For the months the pack shows: figures Annex A could not give (and no hand-kept
    extract gave), rows each rule excluded, then the rows the reader set aside in each
    extract counted for those months."""
    shown = set(months)
    results = [r for r in annex.results if r.month in shown]
    found = [*_not_available(annex, facts, results)]
    counted: dict[str, Extract] = {}
    # By extract, measure, list and reason: a row a rule leaves out of every month it
    # counts (a blank date) is one finding, not one a month.
    excluded: dict[tuple[str, str, int, str], tuple[set[int], set[Month]]] = {}
    for result in results:
        count, extract = result.worked.count, result.worked.extract
        if count is None or extract is None:
            continue
        counted.setdefault(extract.file, extract)
        for outcome in count.outcomes:
            if outcome.counted is Counted.EXCLUDED:
                rows, months_of = excluded.setdefault(
                    (extract.file, result.measure.id, outcome.list, outcome.reason),
                    (set(), set()))
                rows.add(outcome.row)
                months_of.add(result.month)
    # The same rows left out of several measures for the same reason (a blank Date of
    # Contact: contacts and contacts leading to referral) are one finding naming them.
    alike: dict[tuple[str, int, str, frozenset[int], frozenset[Month]], list[str]] = {}
    for (file, measure, number, reason), (rows, months_of) in excluded.items():
        alike.setdefault((file, number, reason, frozenset(rows), frozenset(months_of)),
                         []).append(measure)
    for (file, number, reason, same_rows, same_months), measures in alike.items():
        which = ("this measure" if len(measures) == 1
                 else f"{len(measures)} measures ({', '.join(measures)})")
        found.append(Finding(Check.ANNEX_A_EXCLUDED,
                             f"List {number}: {rows_said(list(same_rows))} left out of {which} "
                             f"({months_said(set(same_months))}): "
                             f"{reason or 'no reason given'}",
                             file=file, measure=measures[0] if len(measures) == 1 else None,
                             month=max(same_months)))
    for extract in sorted(counted.values(), key=lambda e: e.date):
        found.extend(set_aside(extract))
    return found


def months_said(months: set[Month]) -> str:
    """`Dec-20`, `Jul-20 to Dec-20` (every month between), or `Jul-20, Sep-20`."""
    ordered = sorted(months)
    if len(ordered) == 1:
        return ordered[0].label
    if ordered[-1] == ordered[0].shift(len(ordered) - 1):
        return f"{ordered[0].label} to {ordered[-1].label}"
    return ", ".join(m.label for m in ordered)


def covered(found: Iterable[Finding], annex: AnnexA, inputs: Inputs) -> list[Finding]:
    """The other checks' findings, seen with Annex A: a measure with a rule missing from a
    month Annex A gives is said by `findings` (with why); one without a rule missing from a
    month only Annex A gives has no hand-kept extract to add a row to yet."""
    ruled = {r.measure.id for r in annex.results}
    given = set(annex.months)
    kept = []
    for finding in found:
        month = finding.month
        if finding.check is Check.MISSING_MEASURE and month in given:
            if finding.measure in ruled:
                continue
            if month is not None and month not in inputs.months:
                finding = replace(finding, message=(
                    f"no figure for '{finding.measure}' in {month.long_label}: it has no "
                    "annex_a: rule and only the Annex A extracts give that month; shown n/a; "
                    f"add {month}.csv (or a row in history.csv) with it"))
        kept.append(finding)
    return kept


def set_aside(extract: Extract) -> list[Finding]:
    """The reader's notes on one extract, by list and reason."""
    by_reason: dict[tuple[int, str, str], list[int]] = {}
    for note in extract.notes:
        reason = _ROW_SAID.sub("", note.reason)  # "(row 1386) was kept": one finding for all
        by_reason.setdefault((note.list, note.sheet or "", reason), []).append(note.row)
    month = Month(extract.date.year, extract.date.month)
    return [Finding(Check.ANNEX_A_SET_ASIDE,
                    f"List {number}{f' (sheet {sheet!r})' if sheet else ''}: "
                    f"{rows_said(rows)}: {reason}", file=extract.file, month=month)
            for (number, sheet, reason), rows in sorted(by_reason.items())]


def _not_available(annex: AnnexA, facts: Facts, results: list) -> list[Finding]:
    """One finding per month and reason, naming the measures it leaves n/a; none where a
    hand-kept extract gave the figure instead."""
    gaps: dict[tuple[Month, str, str], list[str]] = {}
    for result in results:
        count = result.worked.count
        why = result.worked.why_not if count is None else count.na
        if why is None and count is None:
            why = "no Annex A extract gives this month for this measure"
        if why is None:
            continue
        fact = facts.get(result.month, result.measure.id)
        if fact is not None and fact.value is not None:
            continue
        extract = result.worked.extract
        file = extract.file if extract is not None else annex.folder
        gaps.setdefault((result.month, why, file), []).append(result.measure.id)
    found = []
    for (month, why, file), ids in sorted(gaps.items(), key=lambda item: item[0][0]):
        which = "" if len(ids) == 1 else f" for {len(ids)} measures ({', '.join(ids)})"
        found.append(Finding(Check.ANNEX_A_NOT_AVAILABLE, f"{why}: shown n/a{which}",
                             file=file, measure=ids[0] if len(ids) == 1 else None,
                             month=month))
    return found


def rows_said(rows: list[int]) -> str:
    """`3 rows (12, 40, 41)`; past ROWS_SHOWN, the first ones and how many more."""
    rows = sorted(rows)
    listed = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
    more = f" and {len(rows) - ROWS_SHOWN:,} more" if len(rows) > ROWS_SHOWN else ""
    noun = "row" if len(rows) == 1 else "rows"
    return f"{len(rows):,} {noun} ({listed}{more})"
