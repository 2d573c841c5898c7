"""Files written into outputs/ so that nothing already there is lost and nothing stray is left.

A file is written beside its target under a temporary name and renamed over it: a failure
at any point (a full disk, a rename refused, the process told to stop) leaves last
month's file as it was and removes the temporary one.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


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


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write(temporary)` beside `path`, then rename the temporary file onto `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
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


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`data` as the new content of `path`, all or nothing."""
    replace_atomically(path, lambda temporary: temporary.write_bytes(data))
