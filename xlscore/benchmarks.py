"""The benchmarks file: this authority's annual return and its comparators, per measure."""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from pathlib import Path

from xlscore import figures
from xlscore.extracts import Source
from xlscore.model import BenchmarkSpec, Catalogue, Unit
from xlscore.problems import Problems
from xlscore.records import record
from xlscore.regions import region_key
from xlscore.tabular import Table, header_checked, normalise, parse_number, read_table

# Blank and the DfE's suppression and not-applicable markers.
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

    def get(self, measure_id: str, column: str) -> Benchmark:
        return self.values.get((measure_id, column), Benchmark(None, "missing"))


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
    for row in table.rows:
        where = {"file": table.file, "line": row.line}
        measure = catalogue.measure(row.get("measure"))
        if measure is None:
            problems.error(f"unknown measure id '{row.get('measure')[:60]}': not in "
                           f"{catalogue.source}", code="benchmark.unknown-measure", **where)
            continue
        periods.add(row.get("period"))
        if row.get("period") != spec.period:
            continue  # other years may sit in the same file
        if measure.id in seen:
            problems.error(f"given twice for {spec.period} (also line {seen[measure.id]}); "
                           "keep one row", measure=measure.id, code="benchmark.duplicate-row",
                           **where)
            continue
        seen[measure.id] = row.line
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
    if table.rows and not seen:
        found = ", ".join(sorted(p for p in periods if p)) or "none"
        problems.warning(f"no row has period {spec.period} (the catalogue's benchmarks.period); "
                         f"periods found: {found}. Every benchmark shows n/a until they match",
                         file=table.file, code="benchmark.no-period")
    return result
