"""The `xlscore` command (and `python -m xlscore`), started with the garbage collector off.

A run is short and makes many small objects (the libraries' classes and functions as they
are imported, then cells and styles) that all live until it ends: the cyclic collector
would only walk them again and again. Turning it off before anything is imported, rather
than once the command starts, saves a tenth of a sample build (scripts/benchmark.py).
"""

import gc
import sys

# Commands that never touch pandas. openpyxl imports numpy whenever it is installed (and
# pandas, a dependency of `xlscore benchmarks`, installs it): 0.05 s of every build, for
# cell types these commands never write.
WITHOUT_NUMPY = {"build", "check", "template", "measures", "init"}


def main() -> None:
    gc.disable()
    if len(sys.argv) > 1 and sys.argv[1] in WITHOUT_NUMPY and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails fast
    from xlscore.cli import main as run

    run()


if __name__ == "__main__":
    main()
