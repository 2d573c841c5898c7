"""A workbook is checked before calamine opens it.

calamine reads each part of the zip whole and gives a sheet one dense grid from its first
to its last cell: a zip bomb, or one cell at XFD1048576, would have it allocate gigabytes
(a Rust allocation failure ends the process; nothing can catch it). So every part is
decompressed here first, in bounded chunks, to check its real size, its compression ratio,
that it declares no DTD (no entities to expand), and how large a grid its cells need.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

MAX_PARTS = 10_000
MAX_UNPACKED = 1 << 30  # 1 GiB of XML in all: ~600,000 rows of 30 columns
MAX_RATIO = 200  # a zip bomb packs ~1,000:1; sheets of real data ~10:1
RATIO_FROM = 1 << 20  # parts smaller than 1 MiB may be as repetitive as they like
MAX_CELLS = 10_000_000  # the grid calamine would allocate for one sheet (~0.5 GB)
_CHUNK = 1 << 22
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Where calamine puts a cell: at its r="B7", else one column after the cell before it in its
# row; a row: at its r="7", else one row after the row before it. So the furthest place any
# r attribute names (whatever the element, the attribute's place or its spacing: a false
# match only widens the bound) plus every cell or row opened without r="..." first bounds
# the grid. The text is scanned with its tabs and line breaks made spaces.
_SPACES = bytes.maketrans(b"\t\n\r", b"   ")
_LETTERS = re.compile(rb""" r *= *["']\$?([A-Za-z]{2,4})""")  # past Z (one letter: cheap)
_NEAR_COLUMNS = 26
_DIGITS = re.compile(rb""" r *= *["']\$?[A-Za-z]{0,4}\$?([0-9]{1,9})""")
_FAR_ROWS = re.compile(rb""" r *= *["']\$?[A-Za-z]{0,4}\$?([0-9]{6,9})""")  # 100,000 on
_NEAR_ROWS = 99_999
_UNNAMED = re.compile(rb"""<(?:c|row)(?! r=")[ />]""")
_UNNAMED_PREFIXED = re.compile(rb""":(?:c|row)(?! r=")[ />]""")  # <x:c ...> as some write
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class Unsafe(Exception):
    """The workbook is not read: the message says why and what to do."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def check_workbook(path: Path) -> None:
    """Raise `Unsafe` unless every part of the workbook at `path` is safe to hand to
    calamine."""
    with path.open("rb") as handle:
        if handle.read(len(_OLE2)) == _OLE2:
            raise Unsafe("this workbook is password-protected (encrypted), or is an old .xls: "
                         "open it in Excel, remove the password and save it as .xlsx",
                         "encrypted")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise Unsafe(f"this workbook has {len(parts):,} parts; open it in Excel and "
                             "save it again", "too-large")
            declared = sum(part.file_size for part in parts)
            if declared > MAX_UNPACKED:
                raise Unsafe(_too_large(declared), "too-large")
            unpacked = 0
            for part in parts:
                if (part.file_size > RATIO_FROM
                        and part.file_size > MAX_RATIO * max(part.compress_size, 1)):
                    raise Unsafe(f"part {part.filename} of this workbook unpacks to "
                                 f"{part.file_size // max(part.compress_size, 1):,} times its "
                                 "packed size (a zip bomb?); open it in Excel and save it "
                                 "again", "zip-bomb")
                unpacked += _check_part(archive, part)
                if unpacked > MAX_UNPACKED:
                    raise Unsafe(_too_large(unpacked), "too-large")
    except zipfile.BadZipFile as exc:
        raise Unsafe(f"this is not an .xlsx workbook ({exc}); open it in Excel and save it "
                     "as .xlsx", "unreadable") from exc
    except (NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise Unsafe(f"this workbook cannot be unpacked ({type(exc).__name__}: {exc}); open "
                     "it in Excel and save it again as .xlsx", "unreadable") from exc


def _too_large(size: int) -> str:
    return (f"this workbook unpacks to {size / (1 << 20):,.0f} MB, more than the "
            f"{MAX_UNPACKED >> 20:,} MB an Annex A extract needs; save each list without "
            "blank rows and columns")


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """Decompress one part in chunks: its real size (the declared one may lie: zipfile stops
    there and the checksum fails), and, for a sheet, the grid calamine would make of it.

    Rows are first bounded by 99,999 unless a reference names a row past it, and columns by
    Z unless one names a column past it (searching for the rare long references is cheap,
    for every one costly); only a sheet those bounds do not clear is read again for its
    furthest row."""
    size = 0
    extent = [0, 0, 0, 0]  # furthest row past 99,999, column past Z, unnamed, a sheet
    for text in _texts(archive, part):
        size += len(text)
        if size > MAX_UNPACKED:
            raise Unsafe(_too_large(size), "too-large")
        _scan(part, text, extent)
    far, columns, unnamed, sheet = extent
    if not sheet:
        return size
    width = max(columns, _NEAR_COLUMNS) + unnamed
    height = max(far, _NEAR_ROWS) + unnamed
    if width * height > MAX_CELLS:
        rows = 0
        for text in _texts(archive, part):
            rows = max(rows, 0, *map(int, set(_DIGITS.findall(text))))
        height = rows + unnamed
        if width * height > MAX_CELLS:
            raise Unsafe(f"part {part.filename} of this workbook spans {height:,} rows and "
                         f"{width:,} columns (a stray value far below or to the right of the "
                         "data?); delete the empty rows and columns below and beside the "
                         "list, save it and try again", "too-large")
    return size


def _texts(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's text in chunks that end before an element's start, spaces made plain."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")  # an element cut by the read is scanned with the next
            if cut < 0 or len(text) - cut > 4096:
                cut = len(text)
            yield text[:cut].translate(_SPACES)
            tail = text[cut:]
    yield tail.translate(_SPACES)


def _scan(part: zipfile.ZipInfo, text: bytes, extent: list[int]) -> None:
    """Widen `extent` by what `text` holds; calamine reads cells only inside a sheetData."""
    if _DOCTYPE.search(text):
        raise Unsafe(f"part {part.filename} of this workbook declares a DTD (XML entities), "
                     "which a workbook Excel writes never does; open it in Excel and save it "
                     "again", "xml-entities")
    if b"sheetData" in text:
        extent[3] = 1
    far = _FAR_ROWS.findall(text)
    if far:
        extent[0] = max(extent[0], *map(int, set(far)))
    letters = set(_LETTERS.findall(text))
    if letters:
        extent[1] = max(extent[1], *map(_column_number, letters))
    extent[2] += len(_UNNAMED.findall(text))
    if b":" in text:
        extent[2] += len(_UNNAMED_PREFIXED.findall(text))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
