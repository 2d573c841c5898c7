"""The benchmarks file: this authority's annual return and its comparators, per measure;
with earlier years and ranks (`xlscore benchmarks --years`), every year of it as well."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from decimal import Decimal
from pathlib import Path

from xlscore import figures
from xlscore.extracts import Source
from xlscore.model import BenchmarkSpec, Catalogue, Measure, Unit
from xlscore.periods import FinancialYear
from xlscore.problems import Problems
from xlscore.ranking import Quartile, Standing, quartile
from xlscore.records import record
from xlscore.regions import region_key
from xlscore.tabular import Row, Table, header_checked, normalise, parse_number, read_table

# Blank and the DfE's suppression and not-applicable markers.
STANDING = ("Rank", "Ranked", "Quartile")  # xlscore benchmarks' columns after the figures
SUPPRESSED = {"c", "x", "z", ":", "low", "u", "k"}  # k: DfE's "rounds to zero"


@record
class Benchmark:
    value: Decimal | None
    marker: str = ""  # what stood in the cell when there is no value: "", "n/a", "c", ...
    source: Source | None = None


@record(frozen=False)
class Benchmarks:
    """Values by (measure id, source column) for the catalogue's benchmark period."""

    values: dict[tuple[str, str], Benchmark] = field(default_factory=dict)
    file: str | None = None
    # Every period's figures by (measure id, period, source column), the benchmark period's
    # included, and the authority's rank in England by (measure id, period).
    years: dict[tuple[str, str, str], Benchmark] = field(default_factory=dict)
    standings: dict[tuple[str, str], Standing] = field(default_factory=dict)

    def get(self, measure_id: str, column: str) -> Benchmark:
        return self.values.get((measure_id, column), Benchmark(None, "missing"))

    def of_year(self, measure_id: str, period: str, column: str) -> Benchmark:
        return self.years.get((measure_id, period, column), Benchmark(None, "missing"))

    def periods(self, measure_id: str) -> list[str]:
        """The periods the file holds a row for this measure in, oldest first."""
        return sorted({p for m, p, _ in self.years if m == measure_id})


ENGLAND_COLUMNS = {"ENG", "ENGLAND"}


def comparator_kind(column: str, unit: Unit, spec: BenchmarkSpec) -> str:
    """What a benchmark column's figure is for a measure of `unit`: the statistical
    neighbours' mean or median; for England or a region, a total for a count (never an
    average: the South East's referrals are all its authorities' together), its rate for a
    rate and its average (percentage, number) otherwise; for a named authority, its own."""
    if column == spec.own:
        return "own figure"
    if column.upper() == "SN":
        return spec.sn.average
    if column.upper() in ENGLAND_COLUMNS or region_key(column) is not None:
        return {Unit.COUNT: "total", Unit.RATE: "rate"}.get(unit, "average")
    return "own figure"


def comparator_kinds(unit: Unit, spec: BenchmarkSpec) -> str:
    """`SN mean; SE, ENG total; Bexley, Kingston, Redbridge own figure`: a measure's
    comparator columns, grouped by what they hold, in column order."""
    groups: dict[str, list[str]] = {}
    for column in spec.columns:
        if column != spec.own:
            groups.setdefault(comparator_kind(column, unit, spec), []).append(column)
    return "; ".join(f"{', '.join(columns)} {kind}" for kind, columns in groups.items())


def read_benchmarks(path: Path | Table | None, catalogue: Catalogue,
                    problems: Problems) -> Benchmarks:
    """From a file, or from a table already in memory (a DataFrame, records)."""
    spec = catalogue.benchmarks
    result = Benchmarks(file=(path.file if isinstance(path, Table) else str(path)) if path
                        else None)
    if spec is None or path is None:
        return result
    table = path if isinstance(path, Table) else read_table(path, problems)
    if table is None or not header_checked(table, problems):
        return result
    wanted = {normalise(c): c for c in spec.sources}
    missing = [name for key, name in wanted.items() if key not in table.columns]
    for column in ("measure", "period"):
        if column not in table.columns:
            missing.insert(0, column)
    if missing:
        problems.error(f"missing column(s) {', '.join(missing)}: the header must be measure, "
                       f"period, {', '.join(spec.sources)}", file=table.file,
                       code="benchmark.missing-column")
        return result
    seen: dict[str, int] = {}
    periods: set[str] = set()
    lines: dict[tuple[str, str], int] = {}  # every period's rows: each given once
    for row in table.rows:
        where = {"file": table.file, "line": row.line}
        measure = catalogue.measure(row.get("measure"))
        if measure is None:
            problems.error(f"unknown measure id '{row.get('measure')[:60]}': not in "
                           f"{catalogue.source}", code="benchmark.unknown-measure", **where)
            continue
        period = row.get("period")
        periods.add(period)
        if period != spec.period:  # an earlier year: its figures for the Benchmarks sheet
            if (measure.id, period) in lines:
                problems.warning(f"given twice for {period[:20]} (also line "
                                 f"{lines[measure.id, period]}); keep one row (this one is "
                                 "left off the Benchmarks sheet)", measure=measure.id,
                                 code="benchmark.duplicate-row", **where)
                continue
            lines[measure.id, period] = row.line
            _year_row(result, row, measure, period, wanted, spec.own, table.file, problems)
            continue
        if measure.id in seen:
            problems.error(f"given twice for {spec.period} (also line {seen[measure.id]}); "
                           "keep one row", measure=measure.id, code="benchmark.duplicate-row",
                           **where)
            continue
        seen[measure.id] = row.line
        lines[measure.id, period] = row.line
        _standing(result, row, measure, period, table.file, problems.error)
        for key, column in wanted.items():
            text = row.get(key)
            if text.lower() in SUPPRESSED:
                result.values[(measure.id, column)] = Benchmark(None, text.lower(),
                                                                Source(table.file, row.line))
                continue
            try:
                value = parse_number(text, percent_sign_allowed=measure.unit is Unit.PERCENT)
            except ValueError as exc:
                problems.error(f"{column} {exc}: write a number, n/a, or a "
                               "DfE suppression marker (c, x, z, :, low, u)",
                               measure=measure.id, code="benchmark.not-a-number", **where)
                continue
            said = None if value is None else figures.complaint(measure.unit, value,
                                                                 averaged=column != spec.own)
            if said:
                problems.error(f"{column} {value} {said}", measure=measure.id,
                               code="benchmark.invalid-figure", **where)
                continue
            result.values[(measure.id, column)] = Benchmark(
                value, "" if value is not None else "n/a", Source(table.file, row.line))
        result.years.update({(measure.id, period, column): result.values[(measure.id, column)]
                             for column in wanted.values() if (measure.id, column)
                             in result.values})
    if table.rows and not seen:
        found = ", ".join(sorted(p for p in periods if p)) or "none"
        problems.warning(f"no row has period {spec.period} (the catalogue's benchmarks.period); "
                         f"periods found: {found}. Every benchmark shows n/a until they match",
                         file=table.file, code="benchmark.no-period")
    return result


def _year_row(result: Benchmarks, row: Row, measure: Measure, period: str,
              wanted: dict[str, str], own: str, file: str, problems: Problems) -> None:
    """Another year's row: its figures by the same rules as the benchmark period's. It is
    shown only on the Benchmarks sheet, so what is wrong in it is a warning and its cell
    n/a there: the Scorecard is still built."""
    where = {"file": file, "line": row.line}
    try:
        year = FinancialYear.parse(period)
    except ValueError as exc:
        problems.warning(f"period {exc}; the row is left off the Benchmarks sheet",
                         measure=measure.id, code="benchmark.bad-period", **where)
        return
    _standing(result, row, measure, str(year), file, problems.warning)
    for key, column in wanted.items():
        text = row.get(key)
        if text.lower() in SUPPRESSED:
            result.years[measure.id, period, column] = Benchmark(None, text.lower(),
                                                                 Source(file, row.line))
            continue
        try:
            value = parse_number(text, percent_sign_allowed=measure.unit is Unit.PERCENT)
        except ValueError as exc:
            problems.warning(f"{column} ({period}) {exc}: write a number, n/a, or a DfE "
                             "suppression marker (c, x, z, :, low, u); the Benchmarks sheet "
                             "shows n/a", measure=measure.id, code="benchmark.not-a-number",
                             **where)
            continue
        said = None if value is None else figures.complaint(measure.unit, value,
                                                             averaged=column != own)
        if said:
            problems.warning(f"{column} ({period}) {value} {said}; the Benchmarks sheet "
                             "shows n/a", measure=measure.id, code="benchmark.invalid-figure",
                             **where)
            continue
        result.years[measure.id, period, column] = Benchmark(
            value, "" if value is not None else "n/a", Source(file, row.line))


def _standing(result: Benchmarks, row: Row, measure: Measure, period: str, file: str,
              say: Callable[..., object]) -> None:
    """The Rank, Ranked and Quartile columns (`xlscore benchmarks` writes them): all three
    or none, a rank within the number ranked, and the quartile that rank falls in."""
    texts = [row.get(normalise(c)).strip() for c in STANDING]
    if not any(texts):
        return
    where = {"file": file, "line": row.line, "measure": measure.id}
    try:
        place, ranked = int(texts[0]), int(texts[1])
        band = Quartile(texts[2].upper())
    except ValueError:
        say(f"Rank '{texts[0][:20]}', Ranked '{texts[1][:20]}', Quartile "
                       f"'{texts[2][:20]}' ({period}): give a whole rank, the whole number "
                       "ranked and a quartile A to D, or leave all three blank",
                       code="benchmark.bad-rank", **where)
        return
    if not 1 <= place <= ranked:
        say(f"Rank {place} of {ranked} ({period}) is not a rank: it must be from 1 "
                       "to Ranked", code="benchmark.bad-rank", **where)
        return
    if quartile(place, ranked) is not band:
        say(f"Quartile {band.value} ({period}) does not fit rank {place} of "
                       f"{ranked}, which is in quartile {quartile(place, ranked).value}; "
                       "run xlscore benchmarks again rather than editing ranks",
                       code="benchmark.bad-rank", **where)
        return
    result.standings[measure.id, period] = Standing(place, ranked, band)
