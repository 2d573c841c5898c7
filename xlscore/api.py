"""xlscore from Python: the calls the `xlscore` command is made of.

Every source (a folder of files, a pandas DataFrame, a list of records) is checked by the
same rules and gives the same problems; `check` returns them as data and never raises,
`build` returns a frozen `Scorecard` or raises one `InputError` carrying them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlscore import calculator
from xlscore.calculator import Line
from xlscore.model import Catalogue
from xlscore.periods import Month
from xlscore.pipeline import read_catalogue
from xlscore.problems import (
    ArgumentError,
    OutputError,
    Problem,
    Problems,
    Severity,
    cannot_write,
)
from xlscore.quality import Finding
from xlscore.records import record
from xlscore.review import Review
from xlscore.sources import BenchmarkSource, Extracts, table_from_records
from xlscore.summary import Summary
from xlscore.trends import Trend

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | os.PathLike[str]
CatalogueLike = Catalogue | Mapping[str, Any] | PathLike
ExtractsLike = Extracts | PathLike
MonthLike = str | Month | None


def load_catalogue(source: CatalogueLike) -> Catalogue:
    """The measure catalogue from a YAML file's path, or from a dict shaped like it.

    Raises InputError with every problem found (each with its line, or its measure).

    >>> catalogue = load_catalogue({"authority": "Testshire", "sections": [{"name": "A",
    ...     "measures": [{"id": "contacts", "name": "Contacts", "unit": "count",
    ...                   "period": "flow"}]}]})
    >>> [m.id for m in catalogue.measures]
    ['contacts']
    """
    problems = Problems()
    catalogue = read_catalogue(_catalogue_source(source, "load_catalogue"), problems)
    problems.raise_if_errors()
    assert catalogue is not None
    return catalogue


def read_extracts(folder: PathLike) -> Extracts:
    """The monthly extracts in a folder (`YYYY-MM.csv|xlsx`, `history.csv|xlsx`, and
    `benchmarks.csv|xlsx` beside them). Read and checked when a check or build needs them."""
    return Extracts(folder=_path(folder, "read_extracts", "the inputs folder"))


def extracts_from_frame(frame: pd.DataFrame) -> Extracts:
    """Extracts from a pandas DataFrame: one row per month and measure, with the columns of
    an extract (`measure`, `value`, `numerator`, `denominator`, `note`) plus `month`
    (`YYYY-MM`, a date or a monthly Period). Problems name the row by the frame's index."""
    from xlscore.frames import table_from_frame

    return Extracts(table=table_from_frame(frame))


def extracts_from_records(records: Iterable[Mapping[str, Any]]) -> Extracts:
    """Extracts from records (a list of dicts), keyed like a DataFrame's columns; problems
    name the record by its position in the list."""
    return Extracts(table=table_from_records(_records(records, "extracts_from_records")))


def read_benchmarks(path: PathLike) -> BenchmarkSource:
    """Benchmarks from a file (`measure`, `period`, then one column per source)."""
    return BenchmarkSource(path=_path(path, "read_benchmarks", "the benchmarks file"))


def benchmarks_from_frame(frame: pd.DataFrame) -> BenchmarkSource:
    """Benchmarks from a DataFrame with the benchmark file's columns."""
    from xlscore.frames import table_from_frame

    return BenchmarkSource(table=table_from_frame(frame))


def benchmarks_from_records(records: Iterable[Mapping[str, Any]]) -> BenchmarkSource:
    """Benchmarks from records (a list of dicts) with the benchmark file's columns."""
    return BenchmarkSource(table=table_from_records(_records(records,
                                                             "benchmarks_from_records")))


@record
class Report:
    """What `check` found: every error and warning, as data.

    `ok` is True when a build would succeed (warnings do not stop a build).
    """

    problems: tuple[Problem, ...]
    month: Month | None = None
    months_read: int = 0
    measures: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dicts(self) -> list[dict[str, Any]]:
        """Errors then warnings, each as `Problem.as_dict` gives it."""
        return [p.as_dict() for p in (*self.errors, *self.warnings)]


def check(catalogue: CatalogueLike, extracts: ExtractsLike,
          benchmarks: BenchmarkSource | PathLike | None = None,
          month: MonthLike = None) -> Report:
    """Everything a build would find, and what it would quietly show as n/a; writes nothing
    and never raises for a problem in the inputs.

    `month` (`YYYY-MM`) defaults to the latest month the extracts hold; `benchmarks` to the
    benchmarks file of an extracts folder.
    """
    from xlscore.checking import check as run_check

    problems = Problems()
    try:
        sources = (_catalogue_source(catalogue, "check"), _extracts(extracts, "check"),
                   _month(month, "check"), _benchmarks(benchmarks, "check"))
    except ArgumentError as exc:  # check never raises: a wrong argument is a problem too
        problems.error(str(exc), code="api.wrong-argument")
        return Report(tuple(problems.items))
    checked = run_check(sources[0], sources[1], sources[2], problems, sources[3])
    loaded = checked.loaded
    return Report(tuple(problems.items), loaded.month if loaded else None,
                  checked.months_read, len(loaded.catalogue.measures) if loaded else 0)


@record
class Scorecard:
    """A month's scorecard, calculated and checked: what every sheet of the workbook shows.

    `lines` are the Scorecard sheet's rows (figures as displayed, each with its rating);
    `summary` and `trend` the Summary and Trend sheets'; `findings` the Data quality
    sheet's; `warnings` what the build found that did not stop it; `review` all that the
    other sheets show (the Data sheet's records, revisions since the last pack, SPC).
    """

    catalogue: Catalogue
    month: Month
    lines: tuple[Line, ...]
    summary: Summary
    trend: Trend
    findings: tuple[Finding, ...]
    warnings: tuple[Problem, ...]
    months_read: int
    card: calculator.Scorecard = field(repr=False)
    review: Review = field(repr=False)

    @property
    def file_name(self) -> str:
        """The workbook's usual name: `<authority>-scorecard-YYYY-MM.xlsx`."""
        from xlscore.writers.workbook import workbook_name

        return workbook_name(self.card)

    def to_xlsx(self, path: PathLike, built: date | None = None) -> Path:
        """Write the workbook to `path` (a file, or a folder to write `file_name` into) and
        return the file's path.

        Atomic: the workbook is written beside `path` and renamed, so a failed save (a full
        disk) leaves any old workbook intact and no stray file. Raises OutputError.
        `built` is the date printed on it (default today).
        """
        from xlscore.writers.workbook import build_workbook, save_atomically

        target = _path(path, "to_xlsx", "path (a file or a folder)")
        if target.suffix.lower() != ".xlsx" and target.is_dir():  # a folder: its usual name
            target = target / self.file_name
        try:
            save_atomically(build_workbook(self.card, self.review, built or date.today()),
                            target)
        except OSError as exc:
            raise OutputError(cannot_write("the workbook", exc, target)) from exc
        return target

    def to_frame(self) -> pd.DataFrame:
        """Every figure and rating as a tidy pandas DataFrame: one row per measure and column
        of the Scorecard sheet, then one per measure and month of the Trend sheet."""
        from xlscore.frames import scorecard_frame

        return scorecard_frame(self.card, self.trend)


def build(catalogue: CatalogueLike, extracts: ExtractsLike,
          benchmarks: BenchmarkSource | PathLike | None = None,
          month: MonthLike = None, compare_with: PathLike | None = None,
          outputs: PathLike | None = None, as_at: date | str | None = None) -> Scorecard:
    """The month's scorecard; raises InputError carrying every problem found.

    Revisions are flagged against the pack `compare_with`, else against the same
    authority's latest earlier pack in the folder `outputs`; a pack that cannot be read is a
    warning. Nothing is written: call `to_xlsx` on the result for the workbook. `as_at`
    (`YYYY-MM-DD`) is the date the figures stand at, default the month's last day.
    """
    from xlscore.pipeline import prepare, previous_pack

    problems = Problems()
    stands_at = _as_at(as_at, problems)
    earlier = (_path(compare_with, "build", "compare_with (a pack)")
               if compare_with is not None else None)
    folder = _path(outputs, "build", "outputs (a folder)") if outputs is not None else None

    loaded, card, review = prepare(
        _catalogue_source(catalogue, "build"), _extracts(extracts, "build"),
        _month(month, "build"), problems, _benchmarks(benchmarks, "build"),
        lambda card: previous_pack(card, folder, earlier, problems), as_at=stands_at)
    return Scorecard(card.catalogue, card.month, card.lines, review.summary, review.trend,
                     review.findings, tuple(problems.warnings), len(loaded.facts.months), card,
                     review)


def _as_at(given: date | str | None, problems: Problems) -> date | None:
    """`--as-at` as a date; a text that is not one is an error (raised with the others)."""
    if given is None or isinstance(given, date):
        return given
    try:
        return date.fromisoformat(str(given).strip())
    except ValueError:
        problems.error(f"--as-at '{given}' is not a date: write it as YYYY-MM-DD, e.g. "
                       "2021-01-04", code="build.as-at-not-a-date")
        problems.raise_if_errors()
        return None


def _catalogue_source(source: CatalogueLike,
                      call: str) -> Catalogue | Mapping[str, Any] | Path:
    if isinstance(source, Catalogue | Mapping):
        return source
    return _path(source, call, "the catalogue (a Catalogue, a dict or the path of "
                 "measures.yaml)")


def _extracts(extracts: ExtractsLike, call: str) -> Extracts:
    if isinstance(extracts, Extracts):
        return extracts
    return Extracts(folder=_path(extracts, call, "extracts (an Extracts, or the path of the "
                                 "inputs folder)"))


def _benchmarks(benchmarks: BenchmarkSource | PathLike | None,
                call: str) -> BenchmarkSource | None:
    if benchmarks is None or isinstance(benchmarks, BenchmarkSource):
        return benchmarks
    return BenchmarkSource(path=_path(benchmarks, call, "benchmarks (a BenchmarkSource, the "
                                      "path of a benchmarks file, or None)"))


def _month(month: MonthLike, call: str) -> str | None:
    if month is not None and not isinstance(month, str | Month):
        raise ArgumentError(f"{call}: month must be 'YYYY-MM', a Month or None, not "
                            f"{_kind(month)}")
    return None if month is None else str(month)


def _path(value: object, call: str, what: str) -> Path:
    """`value` as a path, or ArgumentError saying what `call` expected."""
    if not isinstance(value, str | os.PathLike) or isinstance(value, bytes):
        raise ArgumentError(f"{call}: {what} must be a path (a str or a pathlib.Path), not "
                            f"{_kind(value)}")
    path = os.fspath(value)
    if not isinstance(path, str):
        raise ArgumentError(f"{call}: {what} must be a path given as text, not bytes")
    return Path(path)


def _records(records: object, call: str) -> list[Mapping[str, Any]]:
    """`records` as a list of mappings, or ArgumentError naming the first that is not one."""
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ArgumentError(f"{call}: records must be a list of dicts (one a row), not "
                            f"{_kind(records)}")
    rows = list(records)
    for position, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ArgumentError(f"{call}: records must be a list of dicts (one a row); record "
                                f"{position} is {_kind(row)}")
    return rows


def _kind(value: object) -> str:
    """What a wrong argument was, for a message: its type, and the value when short."""
    shown = repr(value)
    return (f"{type(value).__name__} {shown}" if len(shown) <= 30 and value is not None
            else "None" if value is None else f"a {type(value).__name__}")
