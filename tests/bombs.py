"""Zip bombs shaped like workbooks, made in milliseconds: one deflate block that inflates to
a megabyte, repeated (a full flush makes each block stand alone), so that a part declares
and truly inflates to gigabytes while the file stays a few megabytes."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CHUNK = 2**20


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


def write_zip(path: Path, parts: dict[str, bytes], bomb: str, head: bytes, unit: bytes,
              size: int) -> Path:
    """`parts` as a zip, plus the part `bomb`: `head` then `unit` repeated to about `size`
    bytes inflated (its CRC is not worked out: a reader that checks sizes first never gets
    there, and one that does not finds out too late)."""
    chunk = unit * (CHUNK // len(unit))
    times = max(1, (size - len(head)) // len(chunk))
    entries = [(name, _deflated(data) + b"\x03\x00", zlib.crc32(data), len(data))
               for name, data in parts.items()]
    body = _deflated(head) + _deflated(chunk) * times + b"\x03\x00"
    entries.append((bomb, body, 0, len(head) + times * len(chunk)))
    out, central = bytearray(), bytearray()
    for name, data, crc, inflated in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data),
                           inflated, len(encoded), 0) + encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                               len(data), inflated, len(encoded), 0, 0, 0, 0, 0,
                               offset) + encoded
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                                 len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def workbook_parts(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
