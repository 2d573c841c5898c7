"""Monthly extracts (`YYYY-MM.csv|xlsx`, and `history.csv|xlsx` with a month column) -> facts.

All extracts become one tidy collection of facts, one per month and measure, each
remembering the file and line it came from so that any later problem can point at it.
"""

from __future__ import annotations

import gc
import re
from dataclasses import field
from datetime import date
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path

from xlscore import figures, names
from xlscore.files import not_a_file
from xlscore.model import Catalogue, Measure, Unit
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.records import record
from xlscore.tabular import Row, Table, header_checked, parse_number, read_table
from xlscore.texts import CELL_LIMIT, printable_name

_MONTH_NAME = re.compile(r"\d{4}-\d{2}")
_TABLE_SUFFIXES = (".csv", ".xlsx")


@record(slots=True)  # one for each of a million facts
class Source:
    file: str
    line: int | None = None  # None: a figure worked out from a whole file (Annex A)

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@record(slots=True)  # a million in a large history
class Fact:
    """One measure in one month: the value and, where given, what it was counted from."""

    month: Month
    measure: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    source: Source | None = None

    @property
    def zero_over_zero(self) -> bool:
        return self.denominator == 0 and self.numerator == 0


@record(frozen=False)
class Inputs:
    """What is in the inputs folder: extract files by month, the benchmarks file, the rest."""

    months: dict[Month, Path] = field(default_factory=dict)
    history: list[Path] = field(default_factory=list)
    benchmarks: Path | None = None

    def file_of(self, month: Month, fact: Fact | None) -> str | None:
        """Where a month's figures came from: its own extract, else the file (a history
        file, a DataFrame) of one of its facts."""
        path = self.months.get(month)
        if path is not None:
            return str(path)
        return fact.source.file if fact is not None and fact.source else None


@record(frozen=False)
class Facts:
    """Every fact read, by (month, measure id); the months that have an extract."""

    by_key: dict[tuple[Month, str], Fact] = field(default_factory=dict)
    months: set[Month] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)  # files with an error: judged no further
    # Months whose every percentage looked like a fraction (said once for the whole month).
    fraction_months: set[Month] = field(default_factory=set)

    def get(self, month: Month, measure_id: str) -> Fact | None:
        return self.by_key.get((month, measure_id))


def discover(folder: Path, problems: Problems) -> Inputs:
    """Sort the files in `folder`; warn about any table file that would not be used."""
    found = Inputs()
    if not folder.is_dir():
        problems.error("the inputs folder does not exist: create it and put the month's "
                       "extract (YYYY-MM.csv or .xlsx) in it, or pass --inputs DIR",
                       file=str(folder), code="extract.no-inputs-folder")
        return found
    for path in sorted(folder.iterdir()):
        name, stem, suffix = path.name, path.stem.lower(), path.suffix.lower()
        if name.startswith(("~$", ".")):
            continue
        if suffix in names.OTHER_SPREADSHEETS and (_MONTH_NAME.fullmatch(stem)
                                                   or names.meant(stem)):
            # Named as the month's extract: refused, never passed over (a build would go on
            # with the month before). Named like one: said, as any file not used is.
            say = problems.error if _MONTH_NAME.fullmatch(stem) else problems.warning
            say(f"not read: a {suffix} file; xlscore reads an extract from .csv or .xlsx (a "
                "percentage cell's format, which says 34% is 34, is only read from those). "
                f"Open it in Excel or LibreOffice and save it as {_suggested(stem)}.xlsx "
                "(Excel Workbook), then run again", file=str(path),
                code="extract.other-format")
            continue
        if suffix not in _TABLE_SUFFIXES:
            continue
        kind = not_a_file(path)
        if kind is not None:
            problems.error(f"{kind}, not a file: every input must be a file (a link only to "
                           "a file); put the file itself here, or move this out of the "
                           "folder", file=str(path), code="extract.not-a-file")
            continue
        if stem == "benchmarks":
            if found.benchmarks is not None:
                # the place names this file: the message names only the other, so that
                # no file is named twice in one line
                problems.error("a second benchmark file (the other is "
                               f"{printable_name(found.benchmarks.name)}); keep one",
                               file=str(path), code="extract.two-benchmark-files")
            found.benchmarks = path
        elif stem == "history":
            found.history.append(path)
        elif _MONTH_NAME.fullmatch(stem):  # never `2020-12\n`
            try:
                month = Month.parse(stem)
            except ValueError as exc:
                problems.warning(f"not used: {exc}", file=str(path), code="extract.not-used")
                continue
            if month in found.months:
                problems.error(f"a second extract for {month} (the other is "
                               f"{printable_name(found.months[month].name)}); keep one",
                               file=str(path), code="extract.two-for-a-month")
            found.months[month] = path
        else:
            guess = names.meant(stem)
            hint = f": did you mean {guess}{suffix}?" if guess else ""
            problems.warning("not used: an extract must be named YYYY-MM.csv or .xlsx "
                             f"(or benchmarks / history){hint} Rename it or move it out",
                             file=str(path), code="extract.not-used")
    _far_months(found, problems)
    return found


def _suggested(stem: str) -> str:
    guess = names.meant(stem) if not _MONTH_NAME.fullmatch(stem) else None
    return str(guess) if guess else stem


def _far_months(found: Inputs, problems: Problems) -> None:
    """A month more than a year after every other extract, where a slip of two digits of
    its year would bring it among them, is an error said before anything it would cause (a
    population missing for 2204/05): the build would otherwise take it as the latest."""
    for month, path in sorted(found.months.items()):
        others = [m for m in found.months if m != month]
        probable = names.slipped(month, others)
        if probable is not None:
            problems.error(f"{month} is more than a year after the other extracts (latest "
                           f"{max(others)}): is it {probable}? Rename it {probable}"
                           f"{path.suffix.lower()}", file=str(path),
                           code="extract.far-month", period=str(month))


def read_facts(inputs: Inputs, catalogue: Catalogue, problems: Problems) -> Facts:
    """Read every extract and history file into one set of facts, checking each row."""
    facts = Facts()
    files = [*((path, month) for month, path in sorted(inputs.months.items())),
             *((path, None) for path in inputs.history)]
    for path, month in files:
        if month is not None:
            facts.months.add(month)
        before = problems.error_count
        table = read_table(path, problems)
        if table is not None:
            _read_rows(table, catalogue, problems, facts, month)
        if problems.error_count > before:
            facts.refused.add(str(path))
    _fractions(inputs, catalogue, facts, problems)
    return facts


def read_table_facts(table: Table, catalogue: Catalogue, problems: Problems) -> Facts:
    """Facts from a table already in memory (a DataFrame, records) with a `month` column on
    every row: checked by the same rules, row by row, as a history file."""
    facts = Facts()
    if header_checked(table, problems):
        _read_rows(table, catalogue, problems, facts, None)
        _fractions(Inputs(), catalogue, facts, problems)
    return facts


def check_month(month: Month, inputs: Inputs, facts: Facts, problems: Problems,
                today: date) -> None:
    """The month built must hold figures, and should not lie in the future.

    An unfilled template is a valid extract whose every figure is blank: built, it gives a
    scorecard of n/a that looks finished. A file misnamed 2029-12.csv builds a month that
    has not happened.
    """
    given = [f for f in facts.by_key.values() if f.month == month]
    where = inputs.file_of(month, given[0] if given else None)
    if (where is not None and where not in facts.refused
            and not any(f.value is not None or f.zero_over_zero for f in given)):
        problems.error(f"every figure for {month} is blank (an unfilled template?): fill in "
                       "the month's figures and save the file, or build an earlier month "
                       "with --month YYYY-MM", file=where, code="extract.all-blank",
                       period=str(month))
    if month > Month(today.year, today.month):
        problems.warning(f"{month} is in the future (today is {today:%d %B %Y}): is the file "
                         "named for the right month?", file=where,
                         code="extract.future-month", period=str(month))


def _fractions(inputs: Inputs, catalogue: Catalogue, facts: Facts, problems: Problems) -> None:
    """A month whose every percentage is under 1.5 while the same measures are in points
    in other months was most likely given as fractions (0.964 for 96.4%)."""
    in_points: dict[Month, bool] = {}  # whether any percentage of the month is 1.5 or more
    percent = {m.id for m in catalogue.measures if m.unit is Unit.PERCENT}
    for (month, measure_id), fact in facts.by_key.items():
        if fact.value is not None and measure_id in percent:
            if not figures.looks_like_fraction(Unit.PERCENT, fact.value):
                in_points[month] = True
            elif month not in in_points:
                in_points[month] = False
    if all(in_points.values()):
        return  # no month to suspect: the usual case, found in one pass
    percents: dict[str, dict[Month, Decimal]] = {}
    for (month, measure_id), fact in facts.by_key.items():
        if fact.value is not None and measure_id in percent:
            percents.setdefault(measure_id, {})[month] = fact.value
    for month in sorted(m for m, points in in_points.items() if not points):
        shown = {mid: values[month] for mid, values in percents.items() if month in values}
        elsewhere = [v for mid in shown for m, v in percents[mid].items() if m != month]
        if not elsewhere or all(figures.looks_like_fraction(Unit.PERCENT, v)
                                for v in elsewhere):
            continue
        file = inputs.file_of(month, facts.by_key[(month, next(iter(shown)))])
        facts.fraction_months.add(month)
        problems.warning(f"every percentage for {month} is below 1.5 while other months "
                         "have them in points: were they given as fractions (0.964 for "
                         "96.4%)? Write percentages in points, or format the cells as "
                         "percentages", file=file, code="extract.percent-as-fraction")


def _read_rows(table: Table, catalogue: Catalogue, problems: Problems, facts: Facts,
               month: Month | None) -> None:
    file = table.file
    if "measure" not in table.columns:
        problems.error("no 'measure' column: the header row must name the columns measure, "
                       "value (or numerator, denominator) and optionally note", file=file,
                       code="extract.no-measure-column")
        return
    if month is None and "month" not in table.columns:
        problems.error("a history file needs a 'month' column (YYYY-MM) on every row",
                       file=file, code="extract.no-month-column")
        return
    if not {"value", "numerator", "denominator"} & set(table.columns):
        problems.error("no 'value' column (nor numerator and denominator): add the column "
                       "holding the figures", file=file, code="extract.no-value-column")
        return
    seen = _Seen(catalogue)
    last = None  # the month last added to facts.months: rows come a month at a time
    collecting = gc.isenabled()
    gc.disable()  # a million facts and no cycles among them: the collector would rescan them
    try:
        for row in table.rows:
            fact = _read_row(row, table, catalogue, problems, month, seen)
            if fact is None:
                continue
            first = facts.by_key.setdefault((fact.month, fact.measure), fact)
            if first is not fact:
                problems.error(f"given twice for {fact.month}: here and at "
                               f"{_other(first.source, table)}; keep one row",
                               **table.place(row.line, "measure"), measure=fact.measure,
                               code="extract.duplicate-row")
                continue
            if fact.month is not last:
                facts.months.add(fact.month)
                last = fact.month
    finally:
        if collecting:
            gc.enable()


def _other(source: Source | None, table: Table) -> str:
    """Another row's place, its file named only when it is another file (so that no file
    is named twice in one message)."""
    if source is None or source.file != table.file or source.line is None:
        return str(source)
    return f"{'row' if table.sheet else 'line'} {source.line}"


class _Seen:
    """Months and figures already read, by their text, so that a million rows (a history, a
    DataFrame) parse each distinct month once and check each distinct set of figures for a
    unit once; and share one object for each, which keeps the facts small. Only what read
    without a problem is remembered, and only so many."""

    LIMIT = 200_000

    def __init__(self, catalogue: Catalogue) -> None:
        # the measures an extract may give, each with its unit's name (as a key below)
        self.measures = {m.id: (m, m.unit.value) for m in catalogue.measures if m.in_extract}
        self.months: dict[str, Month] = {}
        self.figures: dict[tuple, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
        self.numbers: dict[tuple[str, str, Unit], Decimal | None] = {}

    def remember(self, store: dict, key: object, value: object) -> None:
        if len(store) < self.LIMIT:
            store[key] = value


def _read_row(row: Row, table: Table, catalogue: Catalogue, problems: Problems,
              month: Month | None, seen: _Seen) -> Fact | None:
    file = table.file
    cells = row.cells  # Row.get, without a call for each of a million rows
    measure_id = cells.get("measure", "")
    usable = seen.measures.get(measure_id)
    if usable is None:
        _unusable_measure(measure_id, catalogue.measure(measure_id) if measure_id else None,
                          catalogue, problems, table.place(row.line, "measure"))
        return None
    measure, unit = usable
    if month is None:
        text = cells.get("month", "")
        month = seen.months.get(text)
        if month is None:
            try:
                month = Month.parse(text)
            except ValueError as exc:
                problems.error(f"month: {exc}", code="extract.bad-month",
                               **table.place(row.line, "month"), measure=measure.id)
                return None
            seen.remember(seen.months, text, month)
    note = cells.get("note", "")
    if len(note) > CELL_LIMIT:
        problems.error(f"the note has {len(note):,} characters; a cell holds at most "
                       f"{CELL_LIMIT:,}: shorten it", code="extract.note-too-long",
                       **table.place(row.line, "note"), measure=measure.id)
        return None
    texts = cells.get("value", ""), cells.get("numerator", ""), cells.get("denominator", "")
    known = seen.figures.get((unit, texts))  # the checks below depend on no more
    if known is None:
        known = _figures(measure, texts, problems, table, row.line, seen)
        if known is None:
            return None
        seen.remember(seen.figures, (unit, texts), known)
    value, numerator, denominator = known
    return Fact(month, measure.id, value, numerator, denominator, note, Source(file, row.line))


def _unusable_measure(measure_id: str, measure: Measure | None, catalogue: Catalogue,
                      problems: Problems, where: dict) -> None:
    """The error for a row whose measure is missing, unknown, or a rate."""
    if not measure_id:
        problems.error("this row has no measure id: fill in the measure column or delete the row",
                       code="extract.no-measure-id", **where)
    elif measure is None:
        ids = [m.id for m in catalogue.measures]
        hint = get_close_matches(measure_id, ids, n=1) if len(measure_id) < 100 else []
        shown = measure_id if len(measure_id) <= 60 else measure_id[:60] + "..."
        problems.error(f"unknown measure id '{shown}': not in {catalogue.source}"
                       + (f"; did you mean '{hint[0]}'?" if hint else "; check the spelling"),
                       code="extract.unknown-measure", **where)
    else:
        problems.error(f"is a rate, derived from '{measure.rate_of}' and the population: "
                       "remove this row from the extract", code="extract.rate-given",
                       measure=measure.id, **where)


def _figures(measure: Measure, texts: tuple[str, str, str], problems: Problems,
             table: Table, line: int, seen: _Seen
             ) -> tuple[Decimal | None, Decimal | None, Decimal | None] | None:
    """The row's value, numerator and denominator, checked; None after an error. A problem
    of one figure is placed at its cell; of the figures together, at the value's cell."""
    before = problems.error_count
    where = {**table.place(line, "value" if "value" in table.columns else "numerator"),
             "measure": measure.id}
    numbers: list[Decimal | None] = []
    for text, column in zip(texts, ("value", "numerator", "denominator"), strict=True):
        key = (text, column, measure.unit)
        if not text:
            numbers.append(None)
        elif key in seen.numbers:
            numbers.append(seen.numbers[key])
        else:
            errors = problems.error_count
            numbers.append(_number(text, column, measure, problems,
                                   {**where, **table.place(line, column)}))
            if problems.error_count == errors:
                seen.remember(seen.numbers, key, numbers[-1])
    value, numerator, denominator = numbers
    if problems.error_count > before:
        return None
    value = _checked_value(measure, value, numerator, denominator, problems, where)
    if problems.error_count > before:
        return None
    return value, numerator, denominator


def _number(text: str, column: str, measure: Measure, problems: Problems,
            where: dict) -> Decimal | None:
    try:
        number = parse_number(text, percent_sign_allowed=column == "value"
                              and measure.unit is Unit.PERCENT)
    except ValueError as exc:
        problems.error(f"{column} {exc}: write a number, or n/a where the figure is not "
                       "available", code="extract.not-a-number", **where)
        return None
    if number is not None and column != "value":
        said = figures.PART.complaint(number)
        if said:
            problems.error(f"{column} {number} {said}", code="extract.invalid-figure", **where)
    return number


def _checked_value(measure: Measure, value: Decimal | None, numerator: Decimal | None,
                   denominator: Decimal | None, problems: Problems,
                   where: dict) -> Decimal | None:
    """The fact's value, from `value` or numerator/denominator; they must agree when both."""
    unit = measure.unit
    if (numerator is None) != (denominator is None):
        problems.error("give both numerator and denominator, or neither",
                       code="extract.half-a-ratio", **where)
        return None
    if numerator is not None and denominator is not None:
        said = figures.ratio_complaint(unit, numerator, denominator)
        if said:
            problems.error(said, code="extract.invalid-ratio", **where)
            return None
        if denominator == 0:
            if numerator != 0:
                problems.error(f"denominator is 0 but numerator is {numerator}",
                               code="extract.invalid-ratio", **where)
            elif value is not None and value != 0:
                problems.error(f"value {value} does not agree with numerator/denominator 0/0, "
                               "which is not available: leave value blank",
                               code="extract.disagreeing-value", **where)
            return None  # 0/0: not available, reported as data quality, not an error
        computed = numerator / denominator * (100 if unit is Unit.PERCENT else 1)
        if value is not None and unit.displayed(value) != unit.displayed(computed):
            problems.error(f"value {value} does not agree with numerator/denominator "
                           f"{numerator}/{denominator} = {unit.displayed(computed)}: "
                           "correct one of them, or leave value blank",
                           code="extract.disagreeing-value", **where)
            return None
        value = computed
    if value is None:
        return None
    said = figures.complaint(unit, value)
    if said:
        problems.error(f"value {value} {said}", code="extract.invalid-figure", **where)
        return None
    return value
