"""The `xlscore` command (and `python -m xlscore`), started with the garbage collector off
and ended without tearing the interpreter down.

A run is short and makes many small objects (the libraries' classes and functions as they
are imported, then cells and styles) that all live until it ends: the cyclic collector
would only walk them again and again. Turning it off before anything is imported, rather
than once the command starts, saves a tenth of a sample build (scripts/benchmark.py).
When the command is done (its files written and closed, its output flushed), the process
exits at once: freeing those objects one by one took 5 ms of a 0.2 s build, for nothing.
"""

import gc
import os
import sys
from contextlib import suppress

# Commands that never touch pandas. openpyxl imports numpy whenever it is installed (and
# pandas, a dependency of `xlscore benchmarks`, installs it): 0.05 s of every build, for
# cell types these commands never write.
WITHOUT_NUMPY = {"build", "check", "template", "measures", "init"}


def run() -> int:
    """Run the command in `sys.argv`; its exit status."""
    gc.disable()
    if len(sys.argv) > 1 and sys.argv[1] in WITHOUT_NUMPY and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails fast
    from xlscore.cli import main as command

    try:
        command()
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)  # as Python does for sys.exit("message")
        return 1
    return 0


def main() -> None:
    status = run()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`xlscore build | head`)
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
