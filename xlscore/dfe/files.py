"""DfE open-data CSVs exactly as the statistics service publishes them.

What they share: a byte-order mark on some, a common prefix of columns (`time_period`,
`time_identifier`, `geographic_level`, then the geography's codes and names, in varying
order), quoted names with commas, and markers in place of figures. Every cell is read as
the text it is (a code like 871 or a figure like 16.9 is never turned into a float), so
that what is written is what DfE published.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from xlscore.model import TOO_LARGE
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
LIMIT = 500 * 2**20  # bytes: the largest file DfE or ONS publishes is 3 MB
CHUNK = 2**20  # bytes read at a time
LINE = 2**20  # characters in a line: DfE's longest rows have a few hundred
ROWS = 500_000  # rows of a file: the largest DfE publishes has 20,040


@record
class Figure:
    """One cell: its value, or the marker standing in for it, and the CSV line it is on."""

    value: Decimal | None
    text: str  # as published: "2540", "16.9", "c"
    line: int | None = None
    too_large: bool = False  # a number no scorecard figure can be (1e308): never a value

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
    if value.is_finite() and abs(value) >= TOO_LARGE:
        return Figure(None, text, line, too_large=True)
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


def read_dfe(path: Path, problems: Problems, limit: int | None = None) -> DfeFile | None:
    """The file, or None with a problem saying why it is not a DfE open-data file. Only a
    regular file is opened (a FIFO or a device could block or never end), it is read in
    chunks up to `limit` bytes, and a file that does not parse row for row is refused whole:
    a stray quote would otherwise swallow the rows after it without a word."""
    try:
        with _open_regular(path, LIMIT if limit is None else limit) as raw:
            text = io.TextIOWrapper(io.BufferedReader(raw, CHUNK), encoding="utf-8-sig",
                                    newline="")
            rows = _Rows(_lines(text))
            frame = pd.read_csv(rows, header=None, names=list(range(rows.width)), dtype=str,
                                keep_default_na=False, engine="c", skip_blank_lines=False)
    except _Refused as refused:
        problems.error(refused.message, file=str(path), line=refused.line, code=refused.code)
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.error(f"cannot be read as a DfE open-data CSV ({str(exc).strip()[:200]}); "
                       "use the CSV as downloaded", file=str(path), code="dfe.not-a-dfe-file")
        return None
    if len(frame) != len(rows.lines):  # never: each row was checked before pandas saw it
        problems.error("cannot be read as a DfE open-data CSV; use the CSV as downloaded",
                       file=str(path), code="dfe.malformed-csv")
        return None
    frame.columns = rows.header
    if rows.spaced:
        for column in frame.columns:
            frame[column] = frame[column].str.strip()
    frame["_line"] = rows.lines
    return DfeFile(path, frame)


class _Refused(Exception):
    """Why a file is not read: a problem's message, code and line."""

    def __init__(self, message: str, code: str, line: int | None = None):
        super().__init__(message)
        self.message, self.code, self.line = message, code, line


class _Bounded(io.RawIOBase):
    """A file descriptor read to at most `limit` bytes: a file that grows while it is read
    is stopped at the limit as surely as one that was too big to begin with."""

    def __init__(self, descriptor: int, limit: int):
        self.descriptor, self.limit, self.taken = descriptor, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        got = os.read(self.descriptor, min(len(buffer), CHUNK))
        self.taken += len(got)
        if self.taken > self.limit:
            raise _Refused(_too_big(self.limit), "dfe.too-big")
        buffer[:len(got)] = got
        return len(got)

    def close(self) -> None:
        if not self.closed:
            os.close(self.descriptor)
        super().close()


def _too_big(limit: int) -> str:
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
    return (f"is larger than {size}, which no DfE or ONS open-data file is (the largest is "
            "3 MB): use the CSV as downloaded, not another file under its name")


def _open_regular(path: Path, limit: int) -> _Bounded:
    """Opened without waiting (a FIFO would block until a writer came) and kept only if it
    is a regular file no larger than `limit`."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = ("a folder" if stat.S_ISDIR(status.st_mode) else "a pipe (FIFO)"
                    if stat.S_ISFIFO(status.st_mode) else "a device or socket")
            raise _Refused(f"is {kind}, not a file: give the CSV as downloaded", "dfe.not-a-file")
        if status.st_size > limit:
            raise _Refused(_too_big(limit), "dfe.too-big")
    except BaseException:
        os.close(descriptor)
        raise
    return _Bounded(descriptor, limit)


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """The file's lines, none longer than LINE: a file with no line break is not read
    whole into memory before the CSV reader sees it."""
    number = 0
    while line := text.readline(LINE + 1):
        number += 1
        if len(line) > LINE:
            raise _Refused(_malformed(number, f"the line is longer than {LINE:,} characters, "
                                      "which no row of a DfE file is"), "dfe.malformed-csv",
                           number)
        yield line


def _spaced(line: str) -> bool:
    """Might a cell of this unquoted line start or end with white space? (A regular
    expression would cost a DfE file's reading twice over.)"""
    return (", " in line or " ," in line or line[0] == " " or line[-1] == " "
            or not line.isprintable() or not line.isascii())


class _Rows(io.TextIOBase):
    """The file's rows for pandas to read, each checked first: as many fields as the header,
    every quoted field closed on the line it opened on. Blank lines are left out, and each
    row's line number is kept; the first line that is not one whole row raises _Refused."""

    def __init__(self, lines: Iterator[str]):
        self.source = lines
        self.lines: list[int] = []
        self.spaced = False  # a cell has spaces around it: strip every cell
        self.number = 1
        first = next(lines, None)
        if first is None:
            raise _Refused("is empty: use the CSV as downloaded", "dfe.not-a-dfe-file")
        header = self._cells(first, None)
        if header is None:
            raise _Refused(_malformed(1, "it is blank"), "dfe.malformed-csv", 1)
        self.header = [c.strip() for c in header]
        _check_header(self.header)
        self.width = len(header)

    def _cells(self, line: str, width: int | None) -> list[str] | None:
        """The line's cells (None for a blank line) if it is one whole row."""
        bare = line.rstrip("\r\n")
        if not bare.strip():
            return None
        if '"' in bare:
            try:
                cells = next(csv.reader([bare], strict=True))
            except csv.Error as exc:
                raise _Refused(_malformed(self.number, f"a quote does not open and close a "
                                          f"whole field on this line ({exc}; a stray quote?)"),
                               "dfe.malformed-csv", self.number) from None
            self.spaced = self.spaced or any(c != c.strip() for c in cells)
        else:
            cells = bare.split(",")
            self.spaced = self.spaced or _spaced(bare)
        if width is not None and len(cells) != width:
            raise _Refused(_malformed(self.number, f"it has {len(cells)} fields where the "
                                      f"header has {width}"), "dfe.malformed-csv", self.number)
        return cells

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        size = -1 if size is None else size
        out: list[str] = []
        taken = 0
        for line in self.source:
            self.number += 1
            if self._cells(line, self.width) is None:
                continue
            if len(self.lines) == ROWS:
                raise _Refused(f"has more than {ROWS:,} rows, which no DfE or ONS open-data "
                               "file has (the largest has 20,040): use the CSV as downloaded",
                               "dfe.too-big", self.number)
            self.lines.append(self.number)
            out.append(line if line.endswith(("\n", "\r")) else line + "\n")
            taken += len(line)
            if 0 < size <= taken:
                break
        return "".join(out)


def _check_header(columns: list[str]) -> None:
    missing = [c for c in COMMON if c not in columns]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if missing or twice:
        what = (f"it has no {', '.join(missing)} column" if missing
                else f"it names the column {', '.join(twice)} twice")
        raise _Refused(f"is not a DfE open-data file: {what} (its columns: "
                       f"{', '.join(columns[:8])[:200]}...); use the CSV as downloaded from the "
                       "statistics service", "dfe.not-a-dfe-file", 1)


def _malformed(line: int, why: str) -> str:
    return (f"does not parse as a CSV at line {line}: {why}. No figure is taken from the "
            "file: use it as downloaded, or mend that line")


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
