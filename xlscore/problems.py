"""Problems found in the user's files, collected as data and rendered once by the CLI.

Every check adds to a `Problems` list instead of raising, so that one run reports
everything that is wrong, not only the first thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from xlscore.records import record

# Sources that are not files (a pandas DataFrame, a list of records): their "line" is the
# row's index, and a problem says "DataFrame row 7" rather than "DataFrame:7".
IN_MEMORY = ("DataFrame", "records")


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

    @property
    def where(self) -> str:
        place = self.file or ""
        if self.line is not None:
            if place in IN_MEMORY:
                place += f" row {self.line}"
            else:
                place += f":{self.line}" if place else f"line {self.line}"
        return place

    def __str__(self) -> str:
        parts = [p for p in (self.where, f"measure '{self.measure}'" if self.measure else "") if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain data (for `xlscore check --format json` and other tools)."""
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "file": self.file, "line": self.line, "measure": self.measure,
                "period": self.period}


@dataclass
class Problems:
    """An ordered collection of problems; errors stop a build, warnings do not."""

    items: list[Problem] = field(default_factory=list)
    _errors_added: int = field(default=0, repr=False)

    def error(self, message: str, **where: Any) -> None:
        """Add an error; `where` is file, line, measure, period and the problem's `code`."""
        self.items.append(Problem(message, **where))
        self._errors_added += 1

    def warning(self, message: str, **where: Any) -> None:
        self.items.append(Problem(message, severity=Severity.WARNING, **where))

    def add(self, problem: Problem) -> None:
        self.items.append(problem)
        if problem.severity is Severity.ERROR:
            self._errors_added += 1

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)
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
