"""Problems found in the user's files, collected as data and rendered once by the CLI.

Every check adds to a `Problems` list instead of raising, so that one run reports
everything that is wrong, not only the first thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class Problems:
    """An ordered collection of problems; errors stop a build, warnings do not."""

    items: list[Problem] = field(default_factory=list)
    _errors_added: int = field(default=0, repr=False)

    def error(self, message: str, **where) -> None:
        """Add an error; `where` is file, line, measure and the problem's `code`."""
        self.items.append(Problem(message, **where))
        self._errors_added += 1

    def warning(self, message: str, **where) -> None:
        self.items.append(Problem(message, severity=Severity.WARNING, **where))

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


class XlscoreError(Exception):
    """The root of every error a user's files or settings can cause; catch this one."""


class InputError(XlscoreError):
    """The user's files cannot be built from; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"{len(problems.errors)} problem(s) in the inputs")
