"""Problems found in the user's files, collected as data and rendered once by the CLI.

Every check adds to a `Problems` list instead of raising, so that one run reports
everything that is wrong, not only the first thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from xlscore.texts import printable

SHOWN_PER_KIND = 10  # problems of one kind in one file printed before "and N more"
STORED_PER_KIND = 1_000  # problems of one kind in one file kept; the rest only counted


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where it is (file, line, measure) and what to do about it.

    `code` is stable (``extract.not-a-number``): tools and tests match on it, never on the
    wording of `message`, which may be improved at any time.
    """

    message: str
    file: str | None = None
    line: int | None = None
    measure: str | None = None
    severity: Severity = Severity.ERROR
    code: str = "input.invalid"

    @property
    def where(self) -> str:
        place = self.file or ""
        if self.line is not None:
            place += f":{self.line}" if place else f"line {self.line}"
        return place

    def __str__(self) -> str:
        parts = [p for p in (self.where, f"measure '{self.measure}'" if self.measure else "") if p]
        prefix = ": ".join(parts)
        # Quoted input may hold terminal escapes (ESC [31m): shown, never obeyed.
        return printable(f"{prefix}: {self.message}" if prefix else self.message)


@dataclass
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

    def error(self, message: str, **where) -> None:
        """Add an error; `where` is file, line, measure and the problem's `code`."""
        self._add(Problem(message, **where))
        self._errors_added += 1

    def warning(self, message: str, **where) -> None:
        self._add(Problem(message, severity=Severity.WARNING, **where))

    def _add(self, problem: Problem) -> None:
        kind = (problem.file, problem.code, problem.severity)
        stored = self._stored.get(kind, 0)
        if stored >= STORED_PER_KIND:
            self.omitted[kind] = self.omitted.get(kind, 0) + 1
            return
        self._stored[kind] = stored + 1
        self.items.append(problem)

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
                    lines.append(printable(f"{kind[2].value}: {kind[0] or 'inputs'}: and "
                                           f"{more:,} more like it"))
        return lines

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self)


class XlscoreError(Exception):
    """The root of every error a user's files or settings can cause; catch this one."""


class InputError(XlscoreError):
    """The user's files cannot be built from; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"{len(problems.errors)} problem(s) in the inputs")
