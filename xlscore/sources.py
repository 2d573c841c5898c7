"""Where the figures come from: a folder of extract files, or a table already in memory.

A DataFrame or a list of records becomes the same `tabular.Table` of text cells that a CSV
becomes, so that every row is checked by the same rules and gets the same messages (its
"line" is the row's index). Reading is lazy for a folder: the files are read, and their
problems collected, when a check or a build asks for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlscore.benchmarks import Benchmarks, read_benchmarks
from xlscore.extracts import Facts, Inputs, discover, read_facts, read_table_facts
from xlscore.model import Catalogue
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.records import record
from xlscore.suspects import suspects
from xlscore.tabular import Row, Table, normalise

if TYPE_CHECKING:
    from xlscore.annex_a.build import AnnexA


@record
class Extracts:
    """The monthly figures: a folder of `YYYY-MM.csv|xlsx` (and history, benchmarks), or one
    table with a `month` column on every row. Make one with `xlscore.read_extracts`,
    `xlscore.extracts_from_frame` or `xlscore.extracts_from_records`."""

    folder: Path | None = None
    table: Table | None = None

    @property
    def where(self) -> str:
        """The name problems about the whole source point at."""
        if self.folder is not None:
            return str(self.folder)
        assert self.table is not None
        return self.table.file

    def read(self, catalogue: Catalogue, problems: Problems) -> tuple[Inputs, Facts]:
        """Every figure given, checked row by row and then against its own history."""
        if self.table is not None:
            inputs, facts = Inputs(), read_table_facts(self.table, catalogue, problems)
        else:
            assert self.folder is not None
            inputs = discover(self.folder, problems)
            facts = read_facts(inputs, catalogue, problems)
        for suspect in suspects(catalogue, facts, facts.fraction_months):
            source = suspect.fact.source
            problems.warning(suspect.message, file=source.file if source else self.where,
                             line=source.line if source else None,
                             measure=suspect.fact.measure, code=suspect.code,
                             period=str(suspect.fact.month))
        return inputs, facts

    def months_named(self) -> set[Month]:
        """The months the source names, without checking a figure (for a build that stopped
        before its facts could be read)."""
        texts: Iterable[str]
        if self.table is not None:
            texts = (row.get("month") for row in self.table.rows)
        elif self.folder is not None and self.folder.is_dir():
            try:
                texts = [path.stem for path in self.folder.iterdir()
                         if path.stem == path.stem.strip()]  # `2020-12\n` is no month
            except OSError:  # already reported by the read that stopped the build
                texts = ()
        else:
            texts = ()
        return set(Month.each_parsed(texts))


@record
class BenchmarkSource:
    """The benchmarks: a file (`benchmarks.csv|xlsx`) or a table in memory; `path` None and
    `table` None means there are none."""

    path: Path | None = None
    table: Table | None = None

    def read(self, catalogue: Catalogue, problems: Problems) -> Benchmarks:
        return read_benchmarks(self.table if self.table is not None else self.path, catalogue,
                               problems)


def table_from_records(records: Iterable[Mapping[str, Any]], name: str = "records",
                       index: Iterable[Any] | None = None) -> Table:
    """Records (one mapping a row) as the table a CSV with those columns would give.

    Each row's line is its index (its position, unless `index` gives the labels).
    """
    rows = list(records)
    labels = list(index) if index is not None else list(range(len(rows)))
    header: dict[str, None] = {}  # the names as given, in order
    for each in rows:
        for key in each:
            header.setdefault(str(key), None)
    columns = {normalise(key): None for key in header}
    table_rows = []
    for position, (label, each) in enumerate(zip(labels, rows, strict=True)):
        line = label if isinstance(label, Integral) and not isinstance(label, bool) else position
        cells = {normalise(key): cell_text(value) for key, value in each.items()}
        table_rows.append(Row(int(line), {k: v for k, v in cells.items() if k}))
    return Table(name, tuple(c for c in columns if c), tuple(table_rows), tuple(header))


def cell_text(value: Any) -> str:
    """A value as the text a CSV cell would hold: numbers exactly as given (0.1 is "0.1"),
    a date or period as its month `YYYY-MM`, missing values (None, NaN, NA) blank."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, Real) and value != value:  # NaN, numpy's included
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if type(value).__name__ == "Period":  # pandas.Period
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Real):
        number = Decimal(repr(float(value)))
        if not number.is_finite():
            return str(value)
        plain = format(number.normalize(), "f")
        return plain if len(plain) <= 30 else str(number)  # 3e-115, not 115 zeros
    return str(value).strip()


@record
class Loaded:
    """Everything read from the user's files, already checked."""

    catalogue: Catalogue
    inputs: Inputs
    facts: Facts
    benchmarks: Benchmarks
    month: Month
    annex_a: AnnexA | None = None  # what inputs/annex-a/ gave, when a measure has a rule
