"""The one way xlscore opens an .xlsx it reads (extracts, benchmarks, an earlier pack), bounded.

An .xlsx is a zip: a few kilobytes can inflate to gigabytes (a "zip bomb", or a sheet
with a million styled blank rows). Every part's declared size is checked before anything
is inflated, and Python's zip reader never inflates a part past its declared size (it
stops there and the CRC check fails), so the declared sizes bound the memory and time of
every reader. Annex A's reader (python-calamine) calls `check_xlsx` before opening a file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from xlscore.files import open_regular

FILE_LIMIT = 200 * 2**20  # bytes on disk: the largest real extract or pack is a few MB
PART_LIMIT = 100 * 2**20  # bytes inflated, any one part (a sheet, the shared strings)
TOTAL_LIMIT = 500 * 2**20  # bytes inflated, every part together
PARTS_LIMIT = 10_000  # parts: a workbook has tens
RATIO_LIMIT = 100  # inflated / compressed: sheets compress 5-30 times, bombs 300-1,000
RATIO_FROM = 2**20  # the ratio is judged only for parts over a megabyte


class TooLarge(ValueError):
    """The workbook is larger than any xlscore reads, or built to inflate (the message
    says which part and how large); nothing was inflated."""


def check_xlsx(source: Path | IO[bytes]) -> None:
    """Raise TooLarge when the file, or its zip's declared sizes, are past the limits;
    only the zip's directory is read. Other damage is left to the reader that follows."""
    if isinstance(source, Path):
        with open_regular(source) as handle:
            check_xlsx(handle)
        return
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    if size > FILE_LIMIT:
        raise TooLarge(f"the file is {_mb(size)}, more than the {_mb(FILE_LIMIT)} xlscore "
                       "reads")
    with zipfile.ZipFile(source) as archive:
        check_archive(archive)
    source.seek(0)


def check_archive(archive: zipfile.ZipFile) -> None:
    """Raise TooLarge when a part of an open zip would inflate past the limits."""
    parts = archive.infolist()
    if len(parts) > PARTS_LIMIT:
        raise TooLarge(f"it holds {len(parts):,} parts; a workbook holds tens")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > PART_LIMIT:
            raise TooLarge(f"its part {part.filename[:60]} inflates to {_mb(part.file_size)}, "
                           f"more than the {_mb(PART_LIMIT)} xlscore reads")
        if (part.file_size > RATIO_FROM
                and part.file_size > RATIO_LIMIT * max(part.compress_size, 1)):
            raise TooLarge(f"its part {part.filename[:60]} inflates {_mb(part.compress_size)} "
                           f"to {_mb(part.file_size)}, as no spreadsheet does (a zip bomb?)")
    if total > TOTAL_LIMIT:
        raise TooLarge(f"its parts inflate to {_mb(total)}, more than the "
                       f"{_mb(TOTAL_LIMIT)} xlscore reads")


@contextmanager
def opened(path: Path) -> Iterator[zipfile.ZipFile]:
    """The workbook's zip, checked; only a regular file is opened (files.open_regular)."""
    with open_regular(path) as handle:
        check_xlsx(handle)
        with zipfile.ZipFile(handle) as archive:
            yield archive


@contextmanager
def workbook(path: Path, data_only: bool = False) -> Iterator[Any]:
    """openpyxl's read-only workbook of `path`, checked first and closed after."""
    from openpyxl import load_workbook  # heavy; only when an .xlsx is given

    with open_regular(path) as handle:
        check_xlsx(handle)
        book = load_workbook(handle, read_only=True, data_only=data_only)
        try:
            yield book
        finally:
            book.close()


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB" if size < 2**30 else f"{size / 2**30:,.1f} GB"
