"""`xlscore benchmarks`: the catalogue's benchmark columns, worked out from DfE's files.

For each measure with a `dfe` mapping: its figure for this authority (the Annual return
column), each named authority, the region and England, read from the row of the file
that matches the period and the mapping's `where`; the statistical-neighbour column is the
mean (or median) of the neighbours that have a figure. A rate whose count comes from DfE
is the count over the ONS population of the same place and year x 10,000, the way the
scorecard works out its own rates. Measures DfE does not publish keep the row the
existing benchmarks.csv has for them (a local figure), or n/a.

With `years` above one, each of the reporting years ending with the period is worked out
the same way, a row per measure and year. Each measure with a direction is ranked among
every authority with a figure that year (ranking.rank) into the Rank, Ranked and Quartile
columns.
"""

from __future__ import annotations

import csv
import io
import shutil
import statistics
from dataclasses import replace
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path

from xlscore.dfe import neighbours
from xlscore.dfe.files import LOCAL, MARKERS, DfeFile, Figure, Folder, figure
from xlscore.dfe.geography import ENGLAND, Authority, Index, Place, Register, region_named
from xlscore.dfe.period import financial_year, meaning, population_year, time_period
from xlscore.dfe.population import FILE as ONS_FILE
from xlscore.dfe.population import Estimates, catalogue_with_code, find_authority
from xlscore.files import write_bytes_atomically
from xlscore.model import BenchmarkSpec, Catalogue, DfeSource, Measure, Unit
from xlscore.periods import FinancialYear
from xlscore.problems import Problems
from xlscore.ranking import Standing, rank
from xlscore.records import record
from xlscore.tabular import normalise

NEIGHBOURS = ("sn", "statistical neighbours", "neighbours", "stat neighbours")
NATIONAL = ("eng", "england", "national")
NOT_AVAILABLE = "n/a"
MAX_YEARS = 20  # more than DfE's files hold
STANDING = ("Rank", "Ranked", "Quartile")  # the columns after the benchmark columns


@record
class Column:
    """One benchmark column: the place it is the figure of, or the neighbours (None)."""

    name: str
    place: Place | None
    label: str


@record
class Cell:
    column: str
    text: str  # what is written: "2540", "16.9", "c", "n/a"
    note: str  # where it came from, or why there is no figure
    gap: bool = False  # suppressed or missing: listed at the end of the report


@record
class MeasureLine:
    """One measure of the report: where its figures came from, and each column's cell."""

    measure: str
    source: str
    cells: tuple[Cell, ...]
    from_dfe: bool = True
    absent: str = ""  # why every cell is n/a: the file does not hold the period
    period: str = ""  # the reporting year, "2019/20"
    standing: Standing | None = None  # the authority's rank in England that year
    unranked: str = ""  # why it has no rank: no direction, no figure, ...

    @property
    def rank_text(self) -> str:
        if self.standing is None:
            return ""
        return f"rank {self.standing.text}, quartile {self.standing.quartile.value}"


@record
class BenchmarksWritten:
    path: Path
    backup: Path | None
    period: str
    authority: str
    columns: tuple[Column, ...]
    lines: tuple[MeasureLine, ...]
    shown: str = ""  # the period the build shows: the catalogue's benchmarks.period
    years: tuple[str, ...] = ()  # every reporting year written, oldest first

    def report(self) -> list[str]:
        """What was written, measure by measure (and year), then every gap, the ranks and
        what could not be ranked."""
        several = len(self.years) > 1
        when = f"{self.years[0]} to {self.years[-1]}" if several else self.period
        out = [f"{when} benchmarks for {self.authority}: "
               + "; ".join(f"{c.name} = {c.label}" for c in self.columns)]
        for line in self.lines:
            name = f"{line.measure} {line.period}" if several else line.measure
            cells = ", ".join(f"{c.column} {c.text}" + (f" ({c.note})" if c.note else "")
                              for c in line.cells)
            ranked = f"; {line.rank_text}" if line.standing else ""
            if not line.from_dfe:
                out.append(f"  {name}: {line.source}")
            elif line.absent:
                out.append(f"  {name}: {line.source}: all n/a, {line.absent}")
            else:
                out.append(f"  {name}: {line.source}: {cells}{ranked}")
        gaps = [f"  {line.measure}{' ' + line.period if several else ''} {c.column}: "
                f"{c.text}, {c.note}" for line in self.lines
                if line.from_dfe and not line.absent for c in line.cells if c.gap]
        gaps += [f"  {line.measure}{' ' + line.period if several else ''}: every column n/a, "
                 f"{line.absent}" for line in self.lines if line.absent]
        out += self._ranks()
        if gaps:
            out.append(f"Suppressed or missing ({len(gaps)}):")
            out += gaps
        kept = list(dict.fromkeys(line.measure for line in self.lines if not line.from_dfe))
        if kept:
            out.append(f"Not published by DfE, kept from the existing file or n/a "
                       f"({len(kept)}): {', '.join(kept)}")
        if self.backup:
            out.append(f"The previous file is kept as {self.backup}.")
        if self.shown and self.shown != self.period:
            out.append(f"Note: the build shows benchmarks.period {self.shown}; set it to "
                       f"\"{self.period}\" in the catalogue to show these.")
        return out

    def _ranks(self) -> list[str]:
        """Per measure, its rank, the number ranked and its quartile in each year; then
        each measure and year that has no rank, and why."""
        by_measure: dict[str, list[str]] = {}
        for line in self.lines:
            if line.standing is not None:
                by_measure.setdefault(line.measure, []).append(
                    f"{line.period} {line.standing.text} ({line.standing.quartile.value})")
        out = []
        if by_measure:
            out.append(f"Rank in England (1 = best; quartile A best to D worst) "
                       f"({len(by_measure)} measures):")
            out += [f"  {measure}: {'; '.join(ranks)}" for measure, ranks in by_measure.items()]
        unranked: dict[tuple[str, str], list[str]] = {}
        for line in self.lines:
            if line.from_dfe and line.unranked:
                unranked.setdefault((line.measure, line.unranked), []).append(line.period)
        if unranked:
            out.append(f"Not ranked ({len(unranked)}):")
            order = list(dict.fromkeys(line.measure for line in self.lines))
            out += [f"  {measure} {', '.join(years)}: {why}" for (measure, why), years
                    in sorted(unranked.items(), key=lambda item: order.index(item[0][0]))]
        return out


@record(frozen=False)
class _Got:
    figure: Figure | None
    note: str


class _Published:
    """A measure's figures as one column of a DfE file publishes them."""

    def __init__(self, file: DfeFile, source: DfeSource, year: FinancialYear):
        self.file = file
        self.source = source
        self.year = year
        self.period = time_period(file.name, year)
        rows = file.rows(self.period, source.where)
        self.index = Index(rows)
        self.values = rows[source.column].tolist()
        self.lines = rows["_line"].tolist()
        self.levels = rows["geographic_level"].tolist()
        self.codes = (rows["old_la_code"].tolist() if "old_la_code" in rows
                      else [""] * len(self.levels))
        self.ambiguous: list[str] = []
        self.not_figures: list[str] = []  # text that is neither a number nor a marker
        self.too_large: list[Figure] = []  # numbers no figure can be (1e308)

    @property
    def has_period(self) -> bool:
        return self.period in self.file.periods

    def describe(self) -> str:
        where = "".join(f", {k} = {v}" for k, v in self.source.where)
        when = meaning(self.file.name, self.year)
        return f"{self.file.name} [{self.source.column}{where}; {when}]"

    def get(self, place: Place) -> _Got:
        found = self.index.positions(place)
        if not found:
            return _Got(None, f"no row for {place.name} in time_period {self.period}")
        if len({self.values[i] for i in found}) > 1:
            self.ambiguous.append(place.name)
        first = found[0]
        got = figure(self.values[first], self.lines[first])
        if got.value is None and got.marker not in MARKERS and got.text:
            if got.too_large:
                self.too_large.append(got)
            else:
                self.not_figures.append(f"'{got.text}' (line {got.line})")
        note = f"line {got.line}" if got.value is not None else f"{got.why}, line {got.line}"
        return _Got(got, note)

    def authorities(self) -> dict[str, Decimal | None]:
        """Every local-authority row's figure by its LA code(s): what a rank is among."""
        return {code: figure(value).value for code, value, level
                in zip(self.codes, self.values, self.levels, strict=True) if level == LOCAL}


class _Rate:
    """A rate per 10,000 children worked out from a published count and the ONS estimate."""

    def __init__(self, count: _Published, estimates: Estimates, year: FinancialYear):
        self.count = count
        self.estimates = estimates
        self.period = population_year(year)

    def describe(self) -> str:
        return (f"{self.count.source.column} of {self.count.describe()} / ONS children aged "
                f"0-17 mid-{self.period} ({self.estimates.file.name}) x 10,000")

    def get(self, place: Place) -> _Got:
        count = self.count.get(place)
        if count.figure is None or count.figure.value is None:
            return count
        people = self.estimates.of(place, self.period)
        if people is None or people.value is None or people.value <= 0:
            return _Got(None, f"no ONS population for {place.name} mid-{self.period}")
        rate = count.figure.value / people.value * 10000
        shown = Unit.RATE.displayed(rate)
        return _Got(Figure(shown, str(shown)),
                    f"{count.figure.text} / {people.text} x 10,000: count line "
                    f"{count.figure.line}, population line {people.line}")

    def authorities(self) -> dict[str, Decimal | None]:
        """Every authority's rate, worked out as this authority's is (count over its own
        ONS population x 10,000), by its LA code(s)."""
        rates = {}
        for code in self.count.authorities():
            got = self.get(Place("authority", frozenset(c.strip() for c in code.split("/")),
                                 code))
            rates[code] = got.figure.value if got.figure is not None else None
        return rates


def write_benchmarks(catalogue_path: Path, inputs: Path, folder: Path, period: str | None,
                     force: bool, problems: Problems, years: int = 1) -> BenchmarksWritten:
    """Work out and write inputs/benchmarks.csv for the `years` reporting years ending with
    `period`; raise InputError with every problem found (then nothing is written)."""
    catalogue = catalogue_with_code(catalogue_path, problems)
    spec = catalogue.benchmarks
    if spec is None:
        problems.error("the catalogue has no benchmarks section: add benchmarks with period, "
                       "own and columns (see README)", file=str(catalogue_path),
                       code="dfe.no-benchmarks")
    label = period or (spec.period if spec else "")
    try:
        year = financial_year(label)
    except ValueError as exc:
        problems.error(f"--period: {exc}", code="dfe.bad-period")
    if not folder.is_dir():
        problems.error("is not a folder: give the folder holding the DfE files as downloaded",
                       file=str(folder), code="dfe.no-folder")
    if not 1 <= years <= MAX_YEARS:
        problems.error(f"--years {years}: give a number of reporting years from 1 to "
                       f"{MAX_YEARS}", code="dfe.bad-years")
    problems.raise_if_errors()
    assert spec is not None
    label = str(year)
    files = Folder(folder, problems)
    sources = _sources(catalogue, files, year, problems)
    problems.raise_if_errors()
    # The earlier years' mappings are the same, already checked: their problems said once.
    earlier = [(FinancialYear(year.start - back), _sources(catalogue, files,
                FinancialYear(year.start - back), Problems())) for back in range(years - 1, 0, -1)]
    register = Register(f.frame for f in files.read)
    authority = find_authority(catalogue, register, problems,
                               ", ".join(f.name for f in files.read) or str(folder))
    problems.raise_if_errors()
    columns = _columns(spec, authority, register, catalogue, problems)
    group = _neighbours(spec, authority, register, columns, catalogue, problems)
    model = neighbours.model(spec.sn.model).year
    columns = tuple(c if c.place is not None else replace(
        c, label=f"{spec.sn.average} of DfE's {model} statistical neighbours: "
        f"{', '.join(p.name for p in group)}") for c in columns)
    every_year = [*earlier, (year, sources)]
    if earlier:
        _check_years(every_year, folder, problems)
    else:
        _check_periods(sources, folder, label, problems)
    problems.raise_if_errors()
    lines = []
    for when, of_year in every_year:
        lines += _year_lines(catalogue, of_year, columns, group, spec, authority, str(when))
    for measure_id, published in [(m, s) for _, y in every_year for m, s in y.items()]:
        if isinstance(published, _Rate):
            continue  # its count's own measure reports it
        if published.ambiguous:
            problems.error(f"dfe.where matches more than one row for "
                           f"{', '.join(sorted(set(published.ambiguous)))} in time_period "
                           f"{published.period}: add the column that tells them apart to "
                           "where", file=str(published.file.path), measure=measure_id,
                           code="dfe.ambiguous-row")
        if published.not_figures:
            problems.error(f"column {published.source.column} holds text, not figures: "
                           f"{', '.join(published.not_figures[:3])}; map a column of figures",
                           file=str(published.file.path), measure=measure_id,
                           code="dfe.not-a-figure")
        if published.too_large:
            said = ", ".join(f"{f.text[:40]} (line {f.line})" for f in published.too_large[:3])
            problems.error(f"column {published.source.column} holds numbers too large to be a "
                           f"figure: {said}; use the file as downloaded",
                           file=str(published.file.path),
                           measure=measure_id, line=published.too_large[0].line,
                           code="dfe.too-large")
    problems.raise_if_errors()
    target = inputs / "benchmarks.csv"
    labels = tuple(str(when) for when, _ in every_year)
    backup = _write(target, spec, labels, lines, force, problems)
    return BenchmarksWritten(target, backup, label, f"{authority.name} ({catalogue.code})",
                             columns, tuple(lines), spec.period, labels)


def _year_lines(catalogue: Catalogue, sources: dict[str, _Published | _Rate],
                columns: tuple[Column, ...], group: tuple[Place, ...], spec: BenchmarkSpec,
                authority: Authority, label: str) -> list[MeasureLine]:
    """One reporting year: each measure's cells, and its rank in England."""
    lines = []
    for measure in catalogue.measures:
        source = sources.get(measure.id)
        if source is None:
            lines.append(MeasureLine(measure.id, "not published by DfE (no dfe mapping)", (),
                                     from_dfe=False, period=label))
            continue
        line = replace(_line(measure, source, columns, group, spec), period=label)
        lines.append(_ranked(line, measure, source, authority))
    return lines


def _ranked(line: MeasureLine, measure: Measure, source: _Published | _Rate,
            authority: Authority) -> MeasureLine:
    """The line with the authority's rank among every authority with a figure that year,
    or why it has none."""
    if measure.direction is None:
        return replace(line, unranked="no direction in the catalogue, so no rank")
    if line.absent:
        return replace(line, unranked=line.absent)
    figures = source.authorities()
    own = next((code for code in figures
                if {c.strip() for c in code.split("/")} & authority.place.codes), None)
    if own is None or figures[own] is None:
        return replace(line, unranked=f"{authority.name} has no figure (suppressed or "
                       "missing), so it is not ranked")
    return replace(line, standing=rank(figures, measure.direction, measure.unit)[own])


def _sources(catalogue: Catalogue, files: Folder, year: FinancialYear,
             problems: Problems) -> dict[str, _Published | _Rate]:
    """Each mapped measure's source, every mapping checked against its file's columns."""
    published: dict[str, _Published] = {}
    for measure in catalogue.measures:
        if measure.dfe is None:
            continue
        file = files.file(measure.dfe.file, measure.id)
        if file is None or not _mapping_fits(measure, file, problems):
            continue
        published[measure.id] = _Published(file, measure.dfe, year)
    sources: dict[str, _Published | _Rate] = dict(published)
    rates = [m for m in catalogue.measures if m.unit is Unit.RATE and m.dfe is None
             and m.rate_of is not None and m.rate_of in published]
    if rates:
        ons = files.file(ONS_FILE, rates[0].id)
        if ons is not None and Estimates.check(ons, problems):
            estimates = Estimates(ons, problems)
            for measure in rates:
                sources[measure.id] = _Rate(published[str(measure.rate_of)], estimates, year)
    return {m.id: sources[m.id] for m in catalogue.measures if m.id in sources}


def _mapping_fits(measure: Measure, file: DfeFile, problems: Problems) -> bool:
    mapping = measure.dfe
    assert mapping is not None
    fits = True
    for column in (mapping.column, *(k for k, _ in mapping.where)):
        if not file.has(column):
            close = get_close_matches(column, list(file.frame.columns), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.error(f"has no column '{column}'{hint}: correct the measure's dfe "
                           "mapping in the catalogue", file=str(file.path), measure=measure.id,
                           code="dfe.unknown-column")
            fits = False
    for column, value in mapping.where:
        if fits and not (file.frame[column].str.casefold() == value.casefold()).any():
            values = file.values(column)
            close = get_close_matches(value, values, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "it holds " + "; ".join(
                values[:6])
            problems.error(f"no row has {column} = '{value}' ({hint}): correct dfe.where in "
                           "the catalogue", file=str(file.path), measure=measure.id,
                           code="dfe.unknown-value")
            fits = False
    return fits


def _columns(spec: BenchmarkSpec, authority: Authority, register: Register,
             catalogue: Catalogue, problems: Problems) -> tuple[Column, ...]:
    """What each benchmark column holds: named by the column, or by benchmarks.comparators."""
    chosen = dict(spec.comparators)
    for name in chosen:
        if name not in spec.sources:
            problems.warning(f"benchmarks.comparators names '{name}', which is not a benchmark "
                             "column", file=catalogue.source, code="dfe.unused-comparator")
    if spec.region and not authority.in_london:
        problems.warning(f"benchmarks.region is for London authorities; {authority.name} is "
                         "not one, so its own region is used", file=catalogue.source,
                         code="dfe.region-not-london")
    columns = []
    for name in spec.sources:
        word = chosen.get(name, name)
        if name == spec.own and name not in chosen:
            columns.append(Column(name, authority.place,
                                  f"{authority.name} {authority.old} (Annual return)"))
            continue
        folded = word.strip().casefold()
        if folded in NEIGHBOURS:
            columns.append(Column(name, None, "statistical neighbours"))
        elif folded in NATIONAL:
            columns.append(Column(name, ENGLAND, "England"))
        elif folded == "region" or region_named(word) is not None:
            place = authority.region(spec.region) if folded == "region" else region_named(word)
            assert place is not None
            columns.append(Column(name, place, f"{place.name} (region)"))
        else:
            found, candidates = register.find(word)
            if found is not None:
                columns.append(Column(name, found.place, f"{found.name} {found.old}"))
            elif candidates:
                names = "; ".join(f"{a.name} ({a.old})" for a in candidates)
                problems.error(f"benchmark column '{name}' could be any of {names}: say which "
                               f"with benchmarks.comparators: {{{name}: CODE}}",
                               file=catalogue.source, code="dfe.ambiguous-authority")
            else:
                problems.error(f"benchmark column '{name}' is not SN, England, a region or an "
                               "authority the DfE files name: rename it, or say what it holds "
                               f"with benchmarks.comparators: {{{name}: CODE}}",
                               file=catalogue.source, code="dfe.unknown-authority")
    return tuple(columns)


def _neighbours(spec: BenchmarkSpec, authority: Authority, register: Register,
                columns: tuple[Column, ...], catalogue: Catalogue,
                problems: Problems) -> tuple[Place, ...]:
    if all(c.place is not None for c in columns):
        return ()
    model = neighbours.model(spec.sn.model)
    group = model.of(authority.old)
    if group is None:
        problems.error(f"{authority.name} ({authority.old}) is not in DfE's {model.year} "
                       "statistical neighbour model: choose the other model with "
                       "benchmarks.sn.model", file=catalogue.source, code="dfe.not-in-sn-model")
        return ()
    places = []
    for neighbour in group:
        found = register.by_code.get(neighbour.code)
        places.append(found.place if found else Place("authority", frozenset({neighbour.code}),
                                                      neighbour.code))
    return tuple(places)


def _span(periods: set[int]) -> str:
    held = sorted(periods)
    return f"{held[0]}" if len(held) == 1 else f"{held[0]} to {held[-1]}"


def _check_periods(sources: dict[str, _Published | _Rate], folder: Path, label: str,
                   problems: Problems) -> None:
    """A period in none of the files is a mistake; in some of them, a gap to report."""
    if not sources:
        problems.error("no measure of the catalogue has a dfe mapping: add them (xlscore init "
                       "writes them for the standard measures)", file=str(folder),
                       code="dfe.no-mappings")
        return
    published = {m: (s.count if isinstance(s, _Rate) else s) for m, s in sources.items()}
    if not any(p.has_period for p in published.values()):
        held = {y for p in published.values() for y in p.file.periods}
        problems.error(f"{label} is in none of the files: they hold time_period "
                       f"{_span(held)}; choose a period with --period",
                       file=str(folder), code="dfe.period-not-in-file")
        return
    for measure_id, source in published.items():
        if not source.has_period:
            problems.warning(f"has no time_period {source.period} (it holds "
                             f"{_span(source.file.periods)}): {label} is n/a for this measure",
                             file=str(source.file.path), measure=measure_id,
                             code="dfe.period-missing")


def _check_years(every_year: list[tuple[FinancialYear, dict[str, _Published | _Rate]]],
                 folder: Path, problems: Problems) -> None:
    """Each year as _check_periods checks one; a measure's missing years in one warning."""
    missing: dict[str, list[tuple[FinancialYear, _Published]]] = {}
    for when, sources in every_year:
        if not sources:
            _check_periods(sources, folder, str(when), problems)
            return
        published = {m: (s.count if isinstance(s, _Rate) else s) for m, s in sources.items()}
        if not any(p.has_period for p in published.values()):
            _check_periods(sources, folder, str(when), problems)
            continue
        for measure_id, source in published.items():
            if not source.has_period:
                missing.setdefault(measure_id, []).append((when, source))
    for measure_id, gaps in missing.items():
        file = gaps[0][1].file
        periods = ", ".join(str(s.period) for _, s in gaps)
        years = ", ".join(str(w) for w, _ in gaps)
        problems.warning(f"has no time_period {periods} (it holds {_span(file.periods)}): "
                         f"{years} {'is' if len(gaps) == 1 else 'are'} n/a for this measure",
                         file=str(file.path), measure=measure_id, code="dfe.period-missing")


def _line(measure: Measure, source: _Published | _Rate, columns: tuple[Column, ...],
          group: tuple[Place, ...], spec: BenchmarkSpec) -> MeasureLine:
    published = source.count if isinstance(source, _Rate) else source
    if not published.has_period:
        return MeasureLine(measure.id, source.describe(),
                           tuple(Cell(c.name, NOT_AVAILABLE, "", True) for c in columns),
                           absent=f"{published.file.name} has no time_period "
                           f"{published.period} (it holds {_span(published.file.periods)})")
    cells = []
    for column in columns:
        if column.place is not None:
            got = source.get(column.place)
            cells.append(_cell(column.name, got))
            continue
        values = [g.figure.value for g in map(source.get, group)
                  if g.figure is not None and g.figure.value is not None]
        if not values:
            cells.append(Cell(column.name, NOT_AVAILABLE, "no neighbour has a figure", True))
            continue
        average = (statistics.median(values) if spec.sn.average == "median"
                   else sum(values, Decimal(0)) / len(values))
        shown = measure.unit.displayed(Decimal(average))
        cells.append(Cell(column.name, str(shown), f"{spec.sn.average} of {len(values)} of "
                          f"{len(group)} neighbours"))
    return MeasureLine(measure.id, source.describe(), tuple(cells))


def _cell(column: str, got: _Got) -> Cell:
    if got.figure is None:
        return Cell(column, NOT_AVAILABLE, got.note, True)
    if got.figure.value is None:
        return Cell(column, got.figure.marker, got.note, True)
    return Cell(column, got.figure.text, got.note)


def _write(target: Path, spec: BenchmarkSpec, labels: tuple[str, ...],
           lines: list[MeasureLine], force: bool, problems: Problems) -> Path | None:
    """Write through a temporary file; keep the previous file as .bak unless --force."""
    backup = target.with_name(target.name + ".bak")
    if not target.parent.is_dir():
        problems.error("is not a folder: create it, or pass --inputs FOLDER",
                       file=str(target.parent), code="dfe.no-inputs")
    if target.with_suffix(".xlsx").exists():
        problems.error("exists: xlscore benchmarks writes benchmarks.csv; move the .xlsx away "
                       "so that the build reads one benchmarks file",
                       file=str(target.with_suffix(".xlsx")), code="dfe.xlsx-benchmarks")
    if target.exists() and not force and backup.exists():
        problems.error(f"exists, and so does {backup.name} from an earlier run: nothing was "
                       "overwritten. Move one of them away, or pass --force to replace "
                       "benchmarks.csv without a backup", file=str(target),
                       code="dfe.would-overwrite")
    problems.raise_if_errors()
    header = ["measure", "period", *spec.sources, *STANDING]
    kept_before, kept_these = _existing(target, spec, set(labels), problems)
    rows = list(kept_before)
    for line in lines:
        if line.from_dfe:
            texts = {c.column: c.text for c in line.cells}
            rows.append([line.measure, line.period, *(texts[s] for s in spec.sources),
                         *_standing(line.standing)])
        else:
            rows.append(kept_these.get((line.measure, line.period))
                        or [line.measure, line.period, *([NOT_AVAILABLE] * len(spec.sources)),
                            "", "", ""])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    if target.exists() and not force:
        shutil.copy2(target, backup)  # kept before anything is replaced
    write_bytes_atomically(target, buffer.getvalue().encode("utf-8"))
    return backup if backup.exists() and not force else None


def _standing(standing: Standing | None) -> list[str]:
    if standing is None:
        return ["", "", ""]
    return [str(standing.rank), str(standing.ranked), standing.quartile.value]


def _existing(target: Path, spec: BenchmarkSpec, labels: set[str], problems: Problems
              ) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """The rows of other periods, and the rows of the periods written by (measure, period),
    of the existing file; a rank it holds is kept with its row."""
    if not target.exists():
        return [], {}
    try:
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        problems.warning("cannot be read: its rows are not kept (the backup holds them)",
                         file=str(target), code="dfe.unreadable-benchmarks")
        return [], {}
    if not rows:
        return [], {}
    head = [normalise(h) for h in rows[0]]
    if "measure" not in head or "period" not in head:
        return [], {}
    wanted = ["measure", "period", *(normalise(s) for s in spec.sources)]
    ranks = [normalise(s) for s in STANDING]
    others, these = [], {}
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(head, row, strict=False))
        picked = [cells.get(k, "") or NOT_AVAILABLE for k in wanted]
        picked += [cells.get(k, "").strip() for k in ranks]
        if picked[1].strip() in labels:
            these[picked[0].strip(), picked[1].strip()] = picked
        else:
            others.append(picked)
    return others, these
