"""Annex A extracts and the catalogue's rules -> facts for the calculator.

Each measure with an `annex_a:` rule is worked out for every month the extracts give
(`windows.months_given`), through `windows.work_out` only: which extract counts and what it
looks up is decided there, once. The figures become `Fact`s like a hand-kept extract's, so
the calculator, the sheets and the revision check treat them alike; a figure both sources
give must agree as displayed. Rows stay here: what leaves is counts, row numbers and the
extract's file name, never a child (the audit, asked for by name, is the one exception).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlscore.annex_a import windows
from xlscore.annex_a.records import Extract
from xlscore.annex_a.rules import RULES
from xlscore.annex_a.windows import Worked
from xlscore.extracts import Fact, Facts, Source
from xlscore.model import Catalogue, Measure, Unit
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.records import record

FOLDER = "annex-a"  # inside the inputs folder


@record
class Result:
    """A measure's month as its rule worked it out."""

    measure: Measure
    month: Month
    worked: Worked


@record
class AnnexA:
    """What the Annex A extracts gave: the extracts read, the months they give, and each
    measure's month as its rule worked it out (rows included: for the audit only)."""

    folder: str
    extracts: tuple[Extract, ...]
    months: tuple[Month, ...]
    results: tuple[Result, ...]

    def result(self, measure_id: str, month: Month) -> Result | None:
        return next((r for r in self.results
                     if r.month == month and r.measure.id == measure_id), None)


def ruled(catalogue: Catalogue) -> list[Measure]:
    """The measures worked out from Annex A."""
    return [m for m in catalogue.measures if m.annex_a is not None]


def work_out(catalogue: Catalogue, extracts: Sequence[Extract], folder: str = "",
             only: Month | None = None, audit: bool = False) -> AnnexA:
    """Every measure with a rule, for every month the extracts give (or `only` that one);
    with `audit`, each Count's outcomes hold every row considered, not only those excluded."""
    extracts = tuple(sorted(extracts, key=lambda e: e.date))
    months = tuple(sorted(windows.months_given(extracts)))
    results = []
    try:
        for measure in ruled(catalogue):
            assert measure.annex_a is not None
            rule = RULES[measure.annex_a.rule]
            parameters = dict(measure.annex_a.parameters)
            for month in months:
                if only is None or month == only:
                    results.append(Result(measure, month,
                                          windows.work_out(rule, parameters, month, extracts,
                                                           audit)))
    finally:
        windows.forget()  # the look-ups hold every child's rows: none outlives the build
    return AnnexA(folder, extracts, months, tuple(results))


def fact(result: Result, problems: Problems) -> Fact | None:
    """The figure as a fact: a count's value is its count; a percentage's, numerator over
    denominator in points (0/0 is n/a); n/a is a blank fact. None when no extract gives
    the month for this measure, or the rule gives another kind of figure than the unit."""
    count, extract = result.worked.count, result.worked.extract
    if count is None or extract is None:
        return None
    measure, month = result.measure, result.month
    source = Source(extract.file)
    if count.na is not None:
        return Fact(month, measure.id, None, source=source)
    if (count.denominator is not None) == (measure.unit is Unit.COUNT):
        gives = "a count" if count.denominator is None else "a numerator over a denominator"
        problems.error(f"annex_a: rule '{measure.annex_a.rule if measure.annex_a else ''}' "
                       f"gives {gives}, but the measure's unit is {measure.unit.value}: "
                       "choose the rule that gives its unit", measure=measure.id,
                       code="annexa.wrong-unit", period=str(month))
        return None
    if count.denominator is None:
        return Fact(month, measure.id, Decimal(count.numerator), source=source)
    numerator, denominator = Decimal(count.numerator), Decimal(count.denominator)
    value = None
    if denominator:
        value = numerator / denominator * (100 if measure.unit is Unit.PERCENT else 1)
    return Fact(month, measure.id, value, numerator, denominator, source=source)


def merge(annex: AnnexA, catalogue: Catalogue, facts: Facts, problems: Problems) -> None:
    """Add Annex A's facts to the hand-kept extracts' (in place).

    Where both give a figure for a measure and month they must agree as displayed; when
    they do the Annex A fact is kept (its numerator and denominator are the rule's) with
    the hand-kept note. A blank hand-kept figure gives way to Annex A's; an Annex A n/a
    gives way to a hand-kept figure (the Data quality sheet says why Annex A had none).
    Months Annex A gives are months with data.
    """
    reported = set()
    for result in annex.results:
        made = fact(result, problems)
        if made is None:
            continue
        key = (made.month, made.measure)
        kept = facts.by_key.get(key)
        if kept is None or not _given(kept):
            facts.by_key[key] = made if kept is None else _noted(made, kept)
            continue
        if made.value is None and not made.zero_over_zero:
            continue  # Annex A cannot work it out; the hand-kept figure stands
        unit = result.measure.unit
        shown = [None if f.value is None else unit.displayed(f.value) for f in (made, kept)]
        if shown[0] == shown[1]:
            facts.by_key[key] = _noted(made, kept)
            continue
        if key in reported:
            continue
        reported.add(key)
        where = kept.source
        problems.error(
            f"{made.month}: {unit.shown(shown[1])} here, but "
            f"{unit.shown(shown[0])} from Annex A ({made.source.file if made.source else ''}, "
            f"rule '{result.measure.annex_a.rule if result.measure.annex_a else ''}'): the "
            "two sources disagree; correct this figure, or remove its row to use Annex A's",
            file=where.file if where else None, line=where.line if where else None,
            measure=made.measure, code="annexa.disagrees", period=str(made.month))
    facts.months.update(annex.months)


def _given(fact: Fact) -> bool:
    return fact.value is not None or fact.zero_over_zero


def _noted(made: Fact, kept: Fact) -> Fact:
    if not kept.note:
        return made
    return Fact(made.month, made.measure, made.value, made.numerator, made.denominator,
                kept.note, made.source)


def load(folder: Path, catalogue: Catalogue, facts: Facts, problems: Problems) -> AnnexA | None:
    """Read `folder`'s extracts, work every rule out and merge the figures into `facts`.

    None when the catalogue has no rule (a warning if the folder holds extracts)."""
    if not ruled(catalogue):
        if any(p for p in folder.iterdir() if not p.name.startswith((".", "~$"))):
            problems.warning(f"{folder} holds Annex A extracts but no measure in "
                             f"{catalogue.source} has an annex_a: rule, so they are not used; "
                             "add annex_a: to the measures they should give (see README)",
                             file=str(folder), code="annexa.no-rules")
        return None
    annex = _worked(folder, catalogue, problems)
    merge(annex, catalogue, facts, problems)
    return annex


def _worked(folder: Path, catalogue: Catalogue, problems: Problems) -> AnnexA:
    """Every rule worked out from the folder's extracts; the last build's figures when
    neither an extract nor a rule has changed since (the same figures, without loading a
    row: `caching.recall`)."""
    from xlscore.annex_a import caching
    from xlscore.annex_a.reading import find_extracts

    finding = Problems()  # said again by `read` when the figures are worked out
    names = caching.entry_names(find_extracts(folder, finding))
    recipe = repr([(m.id, m.unit.value, m.annex_a.rule if m.annex_a else "",
                    sorted(m.annex_a.parameters if m.annex_a else ()))
                   for m in ruled(catalogue)])
    kept = _recalled(caching.recall(folder, names, recipe), catalogue, str(folder))
    if kept is not None:
        annex, said = kept
        problems.extend(finding)
        for problem in said:
            problems.add(problem)
        return annex
    # An extract with an error is left out by the reader; the others are still worked out,
    # so that the error is not followed by others it caused (a month said to be missing).
    reading = Problems()
    extracts = read(folder, reading, names)
    annex = work_out(catalogue, extracts, str(folder))
    if not reading.errors and not reading.omitted:
        caching.remember(folder, names, recipe, _without_rows(annex, reading))
    problems.extend(reading)
    return annex


def _without_rows(annex: AnnexA, reading: Problems) -> tuple[Any, ...]:
    """What a build needs of `annex` again: each figure by measure id, each extract without
    its rows, each excluded row without its child, and what reading them said."""
    bare = {e.file: replace(e, contacts=(), referrals=(), assessments=(), enquiries=(),
                            children_in_need=(), protection=(), in_care=(), care_leavers=())
            for e in annex.extracts}
    results = tuple(
        (r.measure.id, r.month, replace(
            r.worked, extract=None if r.worked.extract is None else bare[r.worked.extract.file],
            count=None if r.worked.count is None else replace(
                r.worked.count, outcomes=tuple(replace(o, child="")
                                               for o in r.worked.count.outcomes))))
        for r in annex.results)
    return (_KEPT, tuple(bare.values()), annex.months, results, tuple(reading.items))


def _recalled(kept: Any, catalogue: Catalogue, folder: str) -> tuple[AnnexA, list] | None:
    """`_without_rows`'s figures bound to this catalogue's measures again; None unless they
    are that, for this catalogue's very measures."""
    if not (isinstance(kept, tuple) and len(kept) == 5 and kept[0] == _KEPT):
        return None
    _, extracts, months, results, said = kept
    measures = {m.id: m for m in ruled(catalogue)}
    if {measure_id for measure_id, _, _ in results} - set(measures):
        return None
    return AnnexA(folder, extracts, months,
                  tuple(Result(measures[measure_id], month, worked)
                        for measure_id, month, worked in results)), list(said)


_KEPT = "annex-a figures 1"


def read(folder: Path, problems: Problems,
         names: Sequence[str | None] | None = None) -> list[Extract]:
    """Every extract in the folder, read (annexa-read's reader); `names`, their cache
    entries' names when known (each file is hashed once)."""
    from xlscore.annex_a.reading import read_extracts

    return list(read_extracts(folder, problems, names=names))
