"""The `xlscore` command (and `python -m xlscore`), started with the garbage collector off.

A run is short and makes many small objects (the libraries' classes and functions as they
are imported, then cells and styles) that all live until it ends: the cyclic collector
would only walk them again and again. Turning it off before anything is imported, rather
than once the command starts, saves a tenth of a sample build (scripts/benchmark.py).
"""

import gc


def main() -> None:
    gc.disable()
    from xlscore.cli import main as run

    run()


if __name__ == "__main__":
    main()
