"""Files written into outputs/ so that nothing already there is lost and nothing stray is left;
inputs opened only when they are files.

A file is written beside its target under a temporary name and renamed over it: a failure
at any point (a full disk, a rename refused, the process told to stop) leaves last
month's file as it was and removes the temporary one.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from xlscore.problems import Problems


class Terminated(BaseException):
    """The process was told to stop (SIGTERM) while writing; raised so cleanup runs."""


@contextmanager
def stopping_cleanly() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated (as Ctrl-C raises KeyboardInterrupt), so
    that every `finally` and `except BaseException` on the way out runs; the CLI then
    exits with the status of a terminated process (143)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def shared_permissions(path: Path) -> None:
    """mkstemp makes a file readable by its owner only; what goes in outputs/ is shared."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def replace_atomically(path: Path, write: Callable[[Path], object],
                       problems: Problems | None = None) -> None:
    """Call `write(temporary)` beside `path`, then rename the temporary file onto `path`;
    first remove what an earlier, killed run left (said in `problems` when given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path, problems)
    with stopping_cleanly():
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp",
                                        dir=path.parent)
        os.close(handle)
        temporary = Path(name)
        try:
            write(temporary)
            shared_permissions(temporary)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def write_bytes_atomically(path: Path, data: bytes, problems: Problems | None = None) -> None:
    """`data` as the new content of `path`, all or nothing."""
    replace_atomically(path, lambda temporary: temporary.write_bytes(data), problems)


# A process killed outright (SIGKILL, a power cut) runs no cleanup: its temporary file stays.
# Only files of replace_atomically's own naming (mkstemp's eight characters), and only once
# an hour old, so that a run still writing beside this one is never disturbed.
LEFTOVER_AGE = 3600  # seconds
_MKSTEMP = "[a-z0-9_]{8}"


def remove_leftovers(path: Path, problems: Problems | None = None,
                     now: float | None = None) -> list[Path]:
    """Remove the temporary files an earlier run writing `path` left beside it, over an
    hour old; say so in `problems` (a warning naming each) and return them."""
    pattern = re.compile(rf"\.{re.escape(path.stem)}-{_MKSTEMP}\.tmp")
    moment = time.time() if now is None else now
    removed = []
    try:
        beside = list(path.parent.iterdir())
    except OSError:
        return []
    for leftover in beside:
        if not pattern.fullmatch(leftover.name):
            continue
        try:
            status = leftover.lstat()  # a link is not ours: left alone
            if not stat.S_ISREG(status.st_mode) or moment - status.st_mtime < LEFTOVER_AGE:
                continue
            leftover.unlink()
        except OSError:
            continue
        removed.append(leftover)
        if problems is not None:
            problems.warning(f"removed a temporary file left beside {path.name} by an earlier "
                             "run that was stopped before it finished",
                             file=str(leftover), code="output.leftover-removed")
    return removed


# Reading --------------------------------------------------------------------------------------
# A name in inputs/ may be a named pipe (reading it waits for a writer forever), a device
# (/dev/zero never ends), a folder, or a link to one of them or to nothing. Only a regular
# file, or a link that leads to one, is ever opened as an input.

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"))


class NotAFile(OSError):
    """Something named like an input that is not a regular file; the message says what."""


def not_a_file(path: Path) -> str | None:
    """What `path` is when it is not a regular file (or a link to one), else None."""
    try:
        mode = os.stat(path).st_mode  # follows links
    except FileNotFoundError:
        return "a link to nothing" if os.path.islink(path) else "not there"
    except OSError as exc:
        return f"not readable ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = next((said for test, said in _KINDS if test(mode)), "not a regular file")
    return f"a link to {kind}" if os.path.islink(path) else kind


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, only if it is a regular file: opened without waiting
    (a named pipe would block), then judged by what was opened, not by its name."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        said = not_a_file(path)
        if said is not None and said != "not there":
            raise NotAFile(f"{said}, not a file") from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotAFile(f"{not_a_file(path) or 'not a regular file'}, not a file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")
