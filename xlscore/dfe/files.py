"""DfE open-data CSVs exactly as the statistics service publishes them.

What they share: a byte-order mark on some, a common prefix of columns (`time_period`,
`time_identifier`, `geographic_level`, then the geography's codes and names, in varying
order), quoted names with commas, and markers in place of figures. Every cell is read as
the text it is (a code like 871 or a figure like 16.9 is never turned into a float), so
that what is written is what DfE published.
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from xlscore.problems import Problems
from xlscore.records import record

COMMON = ("time_period", "time_identifier", "geographic_level")
# What DfE writes where there is no figure, and what each means.
MARKERS = {
    "c": "suppressed",
    "x": "not available",
    "z": "not applicable",
    "k": "rounds to zero",
    "low": "low",
    "u": "low reliability",
    ":": "not available",
}
NATIONAL, REGIONAL, LOCAL = "National", "Regional", "Local authority"


@record
class Figure:
    """One cell: its value, or the marker standing in for it, and the CSV line it is on."""

    value: Decimal | None
    text: str  # as published: "2540", "16.9", "c"
    line: int | None = None

    @property
    def marker(self) -> str:
        return "" if self.value is not None else (self.text.lower() or "n/a")

    @property
    def why(self) -> str:
        return MARKERS.get(self.marker, "blank")


def figure(text: str, line: int | None = None) -> Figure:
    """A published cell as a Figure; markers and blanks have no value."""
    text = text.strip()
    if text.lower() in MARKERS or not text:
        return Figure(None, text.lower(), line)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Figure(None, text, line)
    return Figure(value if value.is_finite() else None, text, line)


@record(frozen=False)
class DfeFile:
    """One open-data file: every cell as stripped text; CSV line numbers kept."""

    path: Path
    frame: pd.DataFrame
    _periods: set[int] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    @property
    def periods(self) -> set[int]:
        if self._periods is None:
            self._periods = {int(p) for p in self.frame["time_period"].unique() if p.isdigit()}
        return self._periods

    def rows(self, time_period: int, where: tuple[tuple[str, str], ...]) -> pd.DataFrame:
        """The rows of one period whose `where` columns hold the given values."""
        mask = self.frame["time_period"] == str(time_period)
        for column, value in where:
            mask &= self.frame[column].str.casefold() == value.strip().casefold()
        return self.frame[mask]

    def values(self, column: str) -> list[str]:
        return sorted(v for v in self.frame[column].unique() if v)


def read_dfe(path: Path, problems: Problems) -> DfeFile | None:
    """The file, or None with a problem saying why it is not a DfE open-data file."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError,
            ValueError) as exc:
        problems.error(f"cannot be read as a DfE open-data CSV ({str(exc).strip()[:200]}); "
                       "use the CSV as downloaded", file=str(path), code="dfe.not-a-dfe-file")
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in COMMON if c not in frame.columns]
    if missing:
        problems.error(f"is not a DfE open-data file: it has no {', '.join(missing)} column "
                       f"(its columns: {', '.join(list(frame.columns)[:8])}...); use the CSV "
                       "as downloaded from the statistics service", file=str(path),
                       code="dfe.not-a-dfe-file")
        return None
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    frame["_line"] = range(2, len(frame) + 2)  # line 1 is the header
    return DfeFile(path, frame)


def find_file(folder: Path, name: str) -> tuple[Path | None, list[Path]]:
    """The CSV in `folder` named `name` or `name` plus a suffix (`c1_..._2013_to_2025`):
    the newest release when several match (the names sort by their years); all matches."""
    wanted = name.lower().removesuffix(".csv")
    matches = sorted(p for p in folder.glob("*.csv")
                     if p.stem.lower() == wanted or p.stem.lower().startswith(wanted + "_"))
    exact = [p for p in matches if p.stem.lower() == wanted]
    if exact:
        return exact[0], matches
    return (matches[-1] if matches else None), matches


class Folder:
    """The DfE files of one folder, each read once however many measures use it."""

    def __init__(self, path: Path, problems: Problems):
        self.path = path
        self.problems = problems
        self._files: dict[str, DfeFile | None] = {}

    def file(self, name: str, measure: str | None = None) -> DfeFile | None:
        if name in self._files:
            return self._files[name]
        path, matches = find_file(self.path, name)
        result = None
        if path is None:
            self.problems.error(f"no file named {name}*.csv in {self.path}: download it from "
                                "the statistics service into that folder, or correct "
                                "dfe.file in the catalogue", file=str(self.path),
                                measure=measure, code="dfe.missing-file")
        else:
            if len(matches) > 1:
                self.problems.warning(f"{len(matches)} files match {name}: using {path.name}, "
                                      "the newest release", file=str(self.path),
                                      code="dfe.several-files")
            result = read_dfe(path, self.problems)
        self._files[name] = result
        return result

    @property
    def read(self) -> list[DfeFile]:
        return [f for f in self._files.values() if f is not None]
