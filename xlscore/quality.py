"""What a careful analyst checks before circulating the scorecard, each with where it came from.

Pure: reads what was loaded and the build's warnings; the Data quality sheet lays it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlscore.benchmarks import SUPPRESSED, Benchmarks
from xlscore.extracts import Fact, Facts, Inputs
from xlscore.model import Catalogue, Measure
from xlscore.periods import Month, Quarter
from xlscore.problems import Problem, Severity
from xlscore.records import record

if TYPE_CHECKING:
    from xlscore.revisions import Revision
    from xlscore.spc import Spc


class Check(Enum):
    """The kinds of finding, in the order the sheet lists them."""

    MISSING_MONTH = "Month missing"
    MISSING_MEASURE = "Measure missing from extract"
    ZERO_OVER_ZERO = "0/0 denominator"
    BENCHMARK_SUPPRESSED = "Benchmark suppressed"
    BENCHMARK_MISSING = "Benchmark not available"
    QUARTER_NOT_POOLED = "Full quarter not available"
    COLUMN_NOT_POOLED = "Year to date / rolling 12 months not available"
    REVISED = "Revised since the last pack"
    WARNING = "Warning"
    SPC_LEFT_OUT = "Left out of SPC series"
    ANNEX_A_NOT_AVAILABLE = "Annex A figure not available"
    ANNEX_A_EXCLUDED = "Annex A rows left out"
    ANNEX_A_SET_ASIDE = "Annex A rows set aside"


# Listed only when found (a pack without Annex A says nothing of them).
OPTIONAL = {Check.COLUMN_NOT_POOLED, Check.SPC_LEFT_OUT, Check.ANNEX_A_NOT_AVAILABLE,
            Check.ANNEX_A_EXCLUDED, Check.ANNEX_A_SET_ASIDE}


# The stable code of each kind of finding; a WARNING finding keeps its warning's own code.
CODES = {
    Check.MISSING_MONTH: "quality.missing-month",
    Check.MISSING_MEASURE: "quality.missing-measure",
    Check.ZERO_OVER_ZERO: "quality.zero-over-zero",
    Check.BENCHMARK_SUPPRESSED: "quality.benchmark-suppressed",
    Check.BENCHMARK_MISSING: "quality.benchmark-missing",
    Check.QUARTER_NOT_POOLED: "quality.quarter-not-pooled",
    Check.COLUMN_NOT_POOLED: "quality.column-not-pooled",
    Check.REVISED: "quality.revised",
    Check.SPC_LEFT_OUT: "quality.spc-left-out",
    Check.ANNEX_A_NOT_AVAILABLE: "quality.annex-a-not-available",
    Check.ANNEX_A_EXCLUDED: "quality.annex-a-excluded",
    Check.ANNEX_A_SET_ASIDE: "quality.annex-a-set-aside",
}


@record
class Finding:
    """One line of the Data quality sheet: a problem a build does not stop for."""

    check: Check
    message: str
    file: str | None = None
    line: int | None = None
    measure: str | None = None
    month: Month | None = None
    code: str = ""

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", CODES.get(self.check, "quality.warning"))

    def as_problem(self) -> Problem:
        """The finding as the warning `xlscore check` reports (the same kind of object as
        every other problem, with the same code)."""
        return Problem(self.message, self.file, self.line, self.measure, Severity.WARNING,
                       self.code, str(self.month) if self.month else None)


def find(catalogue: Catalogue, inputs: Inputs, facts: Facts, benchmarks: Benchmarks,
         months: Iterable[Month], warnings: Iterable[Problem],
         revisions: Iterable[Revision] = (), quarter: Quarter | None = None,
         month: Month | None = None) -> tuple[Finding, ...]:
    """Every finding for the months shown (the trend window) and the Full quarter, the
    revisions since the last pack, then the build's warnings: the order the sheet lists
    its checks in."""
    months = tuple(months)
    return (*missing_months(inputs, facts, months),
            *missing_measures(catalogue, inputs, facts, months),
            *zero_over_zero(catalogue, facts, months),
            *(quarter_not_pooled(catalogue, facts, quarter) if quarter else ()),
            *(columns_not_pooled(catalogue, facts, month) if month else ()),
            *benchmark_gaps(catalogue, benchmarks),
            *revised(revisions),
            *(Finding(Check.WARNING, p.message, p.file, p.line, p.measure, code=p.code)
              for p in warnings))


def revised(revisions: Iterable[Revision]) -> list[Finding]:
    """A figure that differs from the one the last pack showed, where it came from now."""
    return [Finding(Check.REVISED, r.message, r.source.file if r.source else None,
                    r.source.line if r.source else None, r.measure.id, r.month)
            for r in revisions]


def _folder(inputs: Inputs) -> str | None:
    paths = [*inputs.months.values(), *inputs.history, inputs.benchmarks]
    return next((str(p.parent) for p in paths if p is not None), None)


def missing_months(inputs: Inputs, facts: Facts, months: tuple[Month, ...]) -> list[Finding]:
    folder = _folder(inputs)
    return [Finding(Check.MISSING_MONTH,
                    f"no extract for {month.long_label}: its figures show n/a on the Trend and "
                    f"Charts; add {month}.csv (or .xlsx) to fill the gap",
                    file=folder, month=month)
            for month in months if month not in facts.months]


def _extract_files(inputs: Inputs, facts: Facts, months: tuple[Month, ...]
                   ) -> dict[Month, str | None]:
    """Where each month's rows were read: its extract, else the history files that gave
    its rows, each named once, never every history file."""
    given: dict[Month, dict[str, None]] = {}
    wanted = set(months) - set(inputs.months)
    if wanted:
        for (month, _), fact in facts.by_key.items():
            if month in wanted and fact.source is not None:
                given.setdefault(month, {})[fact.source.file] = None
    return {month: str(inputs.months[month]) if month in inputs.months
            else ", ".join(given.get(month, {})) or None for month in months}


def missing_measures(catalogue: Catalogue, inputs: Inputs, facts: Facts,
                     months: tuple[Month, ...]) -> list[Finding]:
    """Measures read from extracts (not derived rates) with no row in a month that has one."""
    files = _extract_files(inputs, facts, months)
    return [Finding(Check.MISSING_MEASURE,
                    f"no row for '{measure.id}' in the {month.long_label} extract: shown n/a; "
                    f"add a row (value n/a if it is truly not available)",
                    file=files[month], measure=measure.id, month=month)
            for month in months if month in facts.months
            for measure in catalogue.measures
            if measure.in_extract and facts.get(month, measure.id) is None]


def zero_over_zero(catalogue: Catalogue, facts: Facts,
                   months: tuple[Month, ...]) -> list[Finding]:
    found = []
    for month in months:
        for measure in catalogue.measures:
            fact = facts.get(month, measure.id)
            if fact is not None and fact.zero_over_zero:
                found.append(Finding(
                    Check.ZERO_OVER_ZERO,
                    f"numerator and denominator are both 0 in {month.long_label}: shown n/a "
                    "(nothing to measure that month)",
                    file=fact.source.file if fact.source else None,
                    line=fact.source.line if fact.source else None,
                    measure=measure.id, month=month))
    return found


def quarter_not_pooled(catalogue: Catalogue, facts: Facts, quarter: Quarter) -> list[Finding]:
    """A flow percentage or number given as a value alone in a month of the Full quarter:
    the quarter pools numerators and denominators, so it shows n/a without a word."""
    found = []
    for measure in catalogue.measures:
        alone = _given_alone(measure, facts, quarter.months)
        if alone:
            found.append(_not_pooled(Check.QUARTER_NOT_POOLED, measure, alone,
                                     f"the Full quarter ({quarter}) pools them, so it shows"))
    return found


def columns_not_pooled(catalogue: Catalogue, facts: Facts, month: Month) -> list[Finding]:
    """The same for the opt-in Year to date and Rolling 12 months beside `month` (`columns:`):
    they pool the months as the quarter does."""
    pooled = [c for c in catalogue.columns if len(c.months(month)) > 1]
    found = []
    for measure in catalogue.measures:
        spans = [(column, alone) for column in pooled
                 if (alone := _given_alone(measure, facts, column.months(month)))]
        if not spans:
            continue
        which = " and ".join(f"{c.heading} ({c.label(month)})" for c, _ in spans)
        said = (f"{which} pools them, so it shows" if len(spans) == 1
                else f"{which} pool them, so they show")
        months = {f.month: f for _, alone in spans for f in alone}
        found.append(_not_pooled(Check.COLUMN_NOT_POOLED, measure,
                                 [months[m] for m in sorted(months)], said))
    return found


def _given_alone(measure: Measure, facts: Facts, months: Iterable[Month]) -> list[Fact]:
    """The months' figures of a measure whose runs pool parts, given without them."""
    if not measure.quarter_needs_parts:
        return []
    return [f for m in months if (f := facts.get(m, measure.id)) is not None
            and f.value is not None and (f.numerator is None or f.denominator is None)]


def _not_pooled(check: Check, measure: Measure, alone: list[Fact], said: str) -> Finding:
    """The finding on figures given alone, at the latest one's place."""
    return Finding(check,
                   f"given as a value without numerator and denominator in "
                   f"{', '.join(f.month.label for f in alone)}: {said} n/a; give numerator "
                   "and denominator to fill it",
                   file=alone[-1].source.file if alone[-1].source else None,
                   line=alone[-1].source.line if alone[-1].source else None,
                   measure=measure.id, month=alone[-1].month)


def benchmark_gaps(catalogue: Catalogue, benchmarks: Benchmarks) -> list[Finding]:
    """Per measure, the benchmark columns that are suppressed, and those with no figure.
    Nothing when there are no benchmarks to read (the build warns about that once)."""
    spec = catalogue.benchmarks
    if spec is None or benchmarks.file is None:
        return []
    found = []
    for measure in catalogue.measures:
        if measure.local:  # nothing is published, nothing is missing
            continue
        cells = {column: benchmarks.get(measure.id, column) for column in spec.sources}
        source = next((b.source for b in cells.values() if b.source is not None), None)
        where: dict[str, Any] = {"file": source.file if source else benchmarks.file,
                                 "line": source.line if source else None,
                                 "measure": measure.id}
        if all(b.marker == "missing" for b in cells.values()):
            found.append(Finding(Check.BENCHMARK_MISSING,
                                 f"no row for {spec.period} in {Path(str(benchmarks.file)).name}: "
                                 "the Annual return and benchmarks show n/a", **where))
            continue
        suppressed = [f"{c} ({b.marker})" for c, b in cells.items() if b.marker in SUPPRESSED]
        if suppressed:
            found.append(Finding(Check.BENCHMARK_SUPPRESSED,
                                 f"suppressed in {spec.period}: {', '.join(suppressed)}; shown n/a",
                                 **where))
        absent = [c for c, b in cells.items() if b.value is None and b.marker not in SUPPRESSED]
        if absent:
            found.append(Finding(Check.BENCHMARK_MISSING,
                                 f"no figure for {spec.period}: {', '.join(absent)}; shown n/a",
                                 **where))
    return found


def left_out_of_spc(spc: Spc, facts: Facts) -> list[Finding]:
    """The months SPC series leave out (no figure): the moving range is taken across them,
    so a reader should know they are there. A month with no extract at all is one finding;
    other gaps one finding per measure, listing its months."""
    found: list[Finding] = []
    no_extract: set[Month] = set()
    for analysis in spc.analyses:
        no_extract.update(m for m in analysis.left_out if m not in facts.months)
    for month in sorted(no_extract):
        found.append(Finding(
            Check.SPC_LEFT_OUT,
            f"no extract for {month.long_label}: left out of every measure's SPC series; the "
            "limits and rules use the months either side", month=month))
    for analysis in spc.analyses:
        gaps = [m for m in analysis.left_out if m in facts.months]
        if not gaps:
            continue
        found.append(Finding(
            Check.SPC_LEFT_OUT,
            f"{len(gaps)} month{'s' if len(gaps) != 1 else ''} without a figure left out of "
            f"the SPC series: {', '.join(m.label for m in gaps)}; the limits and rules use the "
            "months either side",
            measure=analysis.measure.id, month=gaps[-1]))
    return found
