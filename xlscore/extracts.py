"""Monthly extracts (`YYYY-MM.csv|xlsx`, and `history.csv|xlsx` with a month column) -> facts.

All extracts become one tidy collection of facts, one per month and measure, each
remembering the file and line it came from so that any later problem can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path

from xlscore.model import TOO_LARGE, Catalogue, Measure, Unit
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.tabular import Row, Table, read_table

NOT_AVAILABLE = {"", "n/a", "na", "#n/a"}
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_MONTH_NAME = re.compile(r"^\d{4}-\d{2}$")
_TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Source:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
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


@dataclass
class Inputs:
    """What is in the inputs folder: extract files by month, the benchmarks file, the rest."""

    months: dict[Month, Path] = field(default_factory=dict)
    history: list[Path] = field(default_factory=list)
    benchmarks: Path | None = None


@dataclass
class Facts:
    """Every fact read, by (month, measure id); the months that have an extract."""

    by_key: dict[tuple[Month, str], Fact] = field(default_factory=dict)
    months: set[Month] = field(default_factory=set)

    def get(self, month: Month, measure_id: str) -> Fact | None:
        return self.by_key.get((month, measure_id))


def discover(folder: Path, problems: Problems) -> Inputs:
    """Sort the files in `folder`; warn about any table file that would not be used."""
    found = Inputs()
    if not folder.is_dir():
        problems.error("the inputs folder does not exist: create it and put the month's "
                       "extract (YYYY-MM.csv or .xlsx) in it, or pass --inputs DIR",
                       file=str(folder))
        return found
    for path in sorted(folder.iterdir()):
        name, stem, suffix = path.name, path.stem.lower(), path.suffix.lower()
        if name.startswith(("~$", ".")) or suffix not in _TABLE_SUFFIXES or not path.is_file():
            continue
        if stem == "benchmarks":
            if found.benchmarks is not None:
                problems.error(f"two benchmark files ({found.benchmarks.name} and {name}); "
                               "keep one", file=str(path))
            found.benchmarks = path
        elif stem == "history":
            found.history.append(path)
        elif _MONTH_NAME.match(stem):
            try:
                month = Month.parse(stem)
            except ValueError as exc:
                problems.warning(f"not used: {exc}", file=str(path))
                continue
            if month in found.months:
                problems.error(f"two extracts for {month} ({found.months[month].name} and "
                               f"{name}); keep one", file=str(path))
            found.months[month] = path
        else:
            problems.warning("not used: an extract must be named YYYY-MM.csv or .xlsx "
                             "(or benchmarks / history); rename it or move it out", file=str(path))
    return found


def read_facts(inputs: Inputs, catalogue: Catalogue, problems: Problems) -> Facts:
    """Read every extract and history file into one set of facts, checking each row."""
    facts = Facts()
    for month, path in sorted(inputs.months.items()):
        facts.months.add(month)
        table = read_table(path, problems)
        if table is not None:
            _read_rows(table, catalogue, problems, facts, month)
    for path in inputs.history:
        table = read_table(path, problems)
        if table is not None:
            _read_rows(table, catalogue, problems, facts, None)
    return facts


def read_table_facts(table: Table, catalogue: Catalogue, problems: Problems) -> Facts:
    """Facts from a table already in memory (a DataFrame, records) with a `month` column on
    every row: checked by the same rules, row by row, as a history file."""
    facts = Facts()
    _read_rows(table, catalogue, problems, facts, None)
    return facts


def _read_rows(table: Table, catalogue: Catalogue, problems: Problems, facts: Facts,
               month: Month | None) -> None:
    if "measure" not in table.columns:
        problems.error("no 'measure' column: the header row must name the columns measure, "
                       "value (or numerator, denominator) and optionally note", file=table.file)
        return
    if month is None and "month" not in table.columns:
        problems.error("a history file needs a 'month' column (YYYY-MM) on every row",
                       file=table.file)
        return
    if not {"value", "numerator", "denominator"} & set(table.columns):
        problems.error("no 'value' column (nor numerator and denominator): add the column "
                       "holding the figures", file=table.file)
        return
    for row in table.rows:
        fact = _read_row(row, table.file, catalogue, problems, month)
        if fact is None:
            continue
        key = (fact.month, fact.measure)
        if key in facts.by_key:
            problems.error(f"given twice for {fact.month}: here and at "
                           f"{facts.by_key[key].source}; keep one row", file=table.file,
                           line=row.line, measure=fact.measure)
            continue
        facts.by_key[key] = fact
        facts.months.add(fact.month)


def _read_row(row: Row, file: str, catalogue: Catalogue, problems: Problems,
              month: Month | None) -> Fact | None:
    where = {"file": file, "line": row.line}
    measure_id = row.get("measure")
    if not measure_id:
        problems.error("this row has no measure id: fill in the measure column or delete the row",
                       **where)
        return None
    measure = catalogue.measure(measure_id)
    if measure is None:
        ids = [m.id for m in catalogue.measures]
        hint = get_close_matches(measure_id, ids, n=1)
        problems.error(f"unknown measure id '{measure_id}': not in {catalogue.source}"
                       + (f"; did you mean '{hint[0]}'?" if hint else "; check the spelling"),
                       **where)
        return None
    where["measure"] = measure.id
    if not measure.in_extract:
        problems.error(f"is a rate, derived from '{measure.rate_of}' and the population: "
                       "remove this row from the extract", **where)
        return None
    if month is None:
        try:
            month = Month.parse(row.get("month"))
        except ValueError as exc:
            problems.error(f"month: {exc}", **where)
            return None
    before = problems.error_count
    texts = row.get("value"), row.get("numerator"), row.get("denominator")
    value, numerator, denominator = [
        _number(text, column, measure, problems, where) if text else None
        for text, column in zip(texts, ("value", "numerator", "denominator"), strict=True)
    ]
    if problems.error_count > before:
        return None
    value = _checked_value(measure, value, numerator, denominator, problems, where)
    if problems.error_count > before:
        return None
    return Fact(month, measure.id, value, numerator, denominator, row.get("note"),
                Source(file, row.line))


def parse_number(text: str, percent_sign_allowed: bool) -> Decimal | None:
    """`1,234`, `34.0`, `34.0%` -> Decimal; blank or n/a -> None; anything else ValueError
    saying what is wrong with the text (quoted)."""
    cleaned = text.strip()
    if not cleaned or cleaned.lower() in NOT_AVAILABLE:
        return None
    if percent_sign_allowed and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(f"'{text.strip()}' is not a number")
    if abs(number) >= TOO_LARGE:
        raise ValueError(f"'{text.strip()}' is too large to be a figure")
    return number


def _number(text: str, column: str, measure: Measure, problems: Problems,
            where: dict) -> Decimal | None:
    try:
        number = parse_number(text, percent_sign_allowed=column == "value"
                              and measure.unit is Unit.PERCENT)
    except ValueError as exc:
        problems.error(f"{column} {exc}: write a number, or n/a where the figure is not "
                       "available", **where)
        return None
    if number is not None and number < 0 and (column != "value" or measure.unit is not Unit.NUMBER):
        problems.error(f"{column} {text} is negative: counts and percentages cannot be below 0",
                       **where)
    return number


def _checked_value(measure: Measure, value: Decimal | None, numerator: Decimal | None,
                   denominator: Decimal | None, problems: Problems,
                   where: dict) -> Decimal | None:
    """The fact's value, from `value` or numerator/denominator; they must agree when both."""
    unit = measure.unit
    if (numerator is None) != (denominator is None):
        problems.error("give both numerator and denominator, or neither", **where)
        return None
    if numerator is not None and denominator is not None:
        if unit is Unit.COUNT:
            problems.error("a count takes a value only: remove numerator and denominator",
                           **where)
            return None
        if unit is Unit.PERCENT and numerator > denominator:
            problems.error(f"numerator {numerator} is over its denominator {denominator}: "
                           "a percentage cannot pass 100%", **where)
            return None
        if denominator == 0:
            if numerator != 0:
                problems.error(f"denominator is 0 but numerator is {numerator}", **where)
            elif value is not None and value != 0:
                problems.error(f"value {value} does not agree with numerator/denominator 0/0, "
                               "which is not available: leave value blank", **where)
            return None  # 0/0: not available, reported as data quality, not an error
        computed = numerator / denominator * (100 if unit is Unit.PERCENT else 1)
        if value is not None and unit.displayed(value) != unit.displayed(computed):
            problems.error(f"value {value} does not agree with numerator/denominator "
                           f"{numerator}/{denominator} = {unit.displayed(computed)}: "
                           "correct one of them, or leave value blank", **where)
            return None
        value = computed
    if value is None:
        return None
    if unit is Unit.PERCENT and value > 100:
        problems.error(f"value {value} is over 100: percentages are in points (34.0 means 34%)",
                       **where)
        return None
    if unit is Unit.COUNT and value != value.to_integral_value():
        problems.error(f"value {value} is not a whole number: a count is whole", **where)
        return None
    return value
