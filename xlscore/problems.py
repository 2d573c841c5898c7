"""Problems found in the user's files, collected as data and rendered once by the CLI.

Every check adds to a `Problems` list instead of raising, so that one run reports
everything that is wrong, not only the first thing.
"""

from __future__ import annotations

from dataclasses import field
from enum import Enum
from typing import Any

from xlscore.records import record
from xlscore.texts import printable, printable_name

# Sources that are not files (a pandas DataFrame, a list of records): their "line" is the
# row's index, and a problem says "DataFrame row 7" rather than "DataFrame:7".
IN_MEMORY = ("DataFrame", "records")

SHOWN_PER_KIND = 10  # problems of one kind in one file printed before "and N more"
STORED_PER_KIND = 1_000  # problems of one kind in one file kept; the rest only counted


class Severity(Enum):
    """An error stops a build; a warning is reported and the build goes on."""

    ERROR = "error"
    WARNING = "warning"


@record
class Problem:
    """One thing wrong: where it is (file, line, measure) and what to do about it.

    `code` is stable (``extract.not-a-number``): tools and tests match on it, never on the
    wording of `message`, which may be improved at any time. `period` is the month
    (``2020-12``) or financial year (``2020/21``) the problem is about, where it is about one.
    """

    message: str
    file: str | None = None
    line: int | None = None
    measure: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "input.invalid"
    period: str | None = None
    sheet: str | None = None  # in an .xlsx: the sheet and, where known, the cell (D9)
    cell: str | None = None

    @property
    def where(self) -> str:
        place = printable_name(self.file or "")
        if self.sheet is not None:
            # as Excel names a place: inputs/2023-10.xlsx, sheet Extract, cell D9
            place += f", sheet {printable_name(self.sheet)}"
            if self.cell is not None:
                return place + f", cell {self.cell}"
            return place + (f", row {self.line}" if self.line is not None else "")
        if self.line is not None:
            if place in IN_MEMORY:
                place += f" row {self.line}"
            else:
                place += f":{self.line}" if place else f"line {self.line}"
        return place

    def __str__(self) -> str:
        parts = [p for p in (self.where, f"measure '{self.measure}'" if self.measure else "") if p]
        prefix = ": ".join(parts)
        # Quoted input may hold terminal escapes (ESC [31m): shown, never obeyed.
        return printable(f"{prefix}: {self.message}" if prefix else self.message)

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain data (for `xlscore check --format json` and other tools)."""
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "file": self.file, "line": self.line, "measure": self.measure,
                "period": self.period, "sheet": self.sheet, "cell": self.cell}


@record(frozen=False)
class Problems:
    """An ordered collection of problems; errors stop a build, warnings do not.

    Past STORED_PER_KIND problems of one kind (file and code) only their number is kept:
    a file of a million bad lines is one mistake made a million times, not a million
    objects to hold.
    """

    items: list[Problem] = field(default_factory=list)
    _errors_added: int = field(default=0, repr=False)
    omitted: dict[tuple[str | None, str, Severity], int] = field(default_factory=dict,
                                                                 repr=False)
    _stored: dict[tuple[str | None, str, Severity], int] = field(default_factory=dict,
                                                                 repr=False)

    def error(self, message: str, **where: Any) -> None:
        """Add an error; `where` is file, line, measure, period and the problem's `code`."""
        self._add(Problem(message, **where))
        self._errors_added += 1

    def warning(self, message: str, **where: Any) -> None:
        self._add(Problem(message, severity=Severity.WARNING, **where))

    def _add(self, problem: Problem) -> None:
        kind = (problem.file, problem.code, problem.severity)
        stored = self._stored.get(kind, 0)
        if stored >= STORED_PER_KIND:
            self.omitted[kind] = self.omitted.get(kind, 0) + 1
            return
        self._stored[kind] = stored + 1
        self.items.append(problem)

    def add(self, problem: Problem) -> None:
        self._add(problem)
        if problem.severity is Severity.ERROR:
            self._errors_added += 1

    def extend(self, other: Problems) -> None:
        for problem in other.items:
            self._add(problem)
        for kind, count in other.omitted.items():
            self.omitted[kind] = self.omitted.get(kind, 0) + count
        self._errors_added += other.error_count

    @property
    def error_count(self) -> int:
        """How many errors were added; cheap enough to compare before and after each row."""
        return self._errors_added

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def rendered(self, limit: int = SHOWN_PER_KIND) -> list[str]:
        """Every problem as a line, errors first; past `limit` problems of one kind in one
        file, one line says how many more there are."""
        lines: list[str] = []
        for group in (self.errors, self.warnings):
            shown: dict[tuple[str | None, str, Severity], int] = {}
            for problem in group:
                kind = (problem.file, problem.code, problem.severity)
                shown[kind] = shown.get(kind, 0) + 1
                if shown[kind] <= limit:
                    lines.append(f"{problem.severity.value}: {problem}")
            for kind, count in shown.items():
                more = count + self.omitted.get(kind, 0) - limit
                if more > 0:
                    lines.append(printable(f"{kind[2].value}: "
                                           f"{printable_name(kind[0] or 'inputs')}: and "
                                           f"{more:,} more like it"))
        return lines

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self)


def cannot_write(what: str, exc: OSError, where: object) -> Problem:
    """The one message for a file that could not be written (full disk, no permission)."""
    return Problem(f"cannot write {what} ({exc.strerror or exc}); check that the folder is "
                   "writable and the file is not open in Excel", file=str(where),
                   code="output.cannot-write")


class XlscoreError(Exception):
    """The root of every error a user's files or settings can cause; catch this one."""


class ArgumentError(XlscoreError, TypeError):
    """A Python caller passed an argument of the wrong type (a number where a path or a list
    of dicts belongs); the message says what was expected. A TypeError too, as Python's own
    calls raise for a wrong type."""


class InputError(XlscoreError):
    """The user's files cannot be built from; carries every problem found (`.problems`,
    errors first), so that one run reports everything that is wrong."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"{len(problems.errors)} problem(s) in the inputs")

    @property
    def errors(self) -> list[Problem]:
        return self.problems.errors

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems.errors]
        return f"{len(lines)} problem(s) in the inputs:\n" + "\n".join(f"  {x}" for x in lines)


class OutputError(XlscoreError):
    """A file could not be written (a full disk, a folder that is not writable, a workbook
    open in Excel); the old file, if any, is untouched. `problem` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))
