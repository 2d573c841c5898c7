"""How fast one Annex A extract is read: xlscore's reader (calamine), then from its cache,
against `pandas.read_excel(engine="openpyxl")` merely reading the same workbook.

    python scripts/annex_a_read_speed.py [--rows 100000] [--rounds 3] [--keep FOLDER]

The extract is synthetic (invented IDs and dates, every list of `xlscore.annex_a.lists` with
its declared columns), its rows shared between the lists as in a large authority's. The
full benchmark (36 extracts, a build) is annexa-example's `scripts/`; this one measures the
reader alone.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlscore.annex_a import codes  # noqa: E402
from xlscore.annex_a.lists import LISTS, Column, Kind  # noqa: E402
from xlscore.annex_a.reading import read_extract, read_extracts  # noqa: E402
from xlscore.problems import Problems  # noqa: E402

SHARE = {1: 0.42, 2: 0.04, 3: 0.12, 4: 0.13, 5: 0.04, 6: 0.14, 7: 0.03, 8: 0.05, 9: 0.025,
         10: 0.0025, 11: 0.0025}
DAY = date(2020, 12, 31)


def _value(column: Column, rng: random.Random, child: str) -> object:
    if column.field == "child" or column.header == "Individual adopter identifier":
        return child
    if column.kind is Kind.DATE:
        if column.field == "birth":
            return DAY - timedelta(days=rng.randrange(0, 21 * 365))
        if column.field in ("closed", "end", "ceased") and rng.random() < 0.7:
            return None
        return DAY - timedelta(days=rng.randrange(0, 700))
    if column.kind is Kind.INTEGER:
        return rng.randrange(0, 4)
    if column.kind is Kind.FLAG:
        return rng.choice(["a) Yes", "b) No"])
    category = column.category
    if isinstance(category, codes.Coded):
        code, text = rng.choice(category.codes)
        return f"{code}: {text}"
    if isinstance(category, codes.Source):
        letter, text, _ = rng.choice(category.lettered.options)
        return f"{letter}) {text}"
    if isinstance(category, codes.Lettered):
        letter, text, _ = rng.choice(category.options)
        return f"{letter}) {text}"
    return rng.choice(["a) Male", "b) Female", "Team A", "Worker 12", "a) WBRI"])


def make_extract(path: Path, rows: int, seed: int = 1) -> Path:
    """A workbook of about `rows` rows, one sheet per list under a title row."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    for spec in LISTS:
        sheet = book.create_sheet(f"List {spec.number}")
        sheet.append([f"List {spec.number}: {spec.title}"])
        sheet.append([c.header for c in spec.columns])
        for n in range(max(1, int(rows * SHARE[spec.number]))):
            child = f"C{n if spec.one_per_child else rng.randrange(rows // 3)}"
            sheet.append([_value(c, rng, child) for c in spec.columns])
    book.save(path)
    return path


def _timed(call, rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each round (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return wall, cpu


def _line(label: str, timed: tuple[list[float], list[float]]) -> str:
    wall, cpu = timed
    return (f"{label:<22} wall median {statistics.median(wall):6.2f} s (fastest "
            f"{min(wall):.2f}), CPU median {statistics.median(cpu):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make (or reuse) the extract in this folder")
    parser.add_argument("--no-pandas", action="store_true", help="skip the slow baseline")
    parser.add_argument("--copies", type=int, default=0,
                        help="also read this many copies of the extract one by one and in "
                             "worker processes (no cache)")
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="xlscore-annex-a-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XLSCORE_CACHE_KEY", str(folder / ".cache-key"))
    path = folder / f"annex-a-{DAY.isoformat()}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        make_extract(path, arguments.rows)
        print(f"made {path} ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - started:.0f} s")

    def ours() -> None:
        problems = Problems()
        extract = read_extract(path, DAY, problems)
        assert extract is not None, problems.rendered()

    def cached() -> None:
        problems = Problems()
        assert len(read_extracts(folder, problems)) == 1, problems.rendered()

    problems = Problems()
    extract = read_extract(path, DAY, problems)
    assert extract is not None, problems.rendered()
    counted = sum(len(getattr(extract, s.attribute)) for s in LISTS if s.attribute)
    print(f"rows read into records: {counted:,} (and lists 2, 10, 11 recognised)")
    del extract
    tracemalloc.start()
    extract = read_extract(path, DAY, Problems())
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    shutil.rmtree(folder / ".xlscore-cache", ignore_errors=True)
    read_extracts(folder, Problems())  # fills the cache
    tracemalloc.start()
    cached_extracts = read_extracts(folder, Problems())
    held_cached = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert cached_extracts == [extract]
    del extract, cached_extracts
    print(f"the extract in memory:  {held / 1e6:.1f} MB read, {held_cached / 1e6:.1f} MB from "
          "the cache")
    reader = _timed(ours, arguments.rounds)
    print(_line("xlscore reader:", reader))
    shutil.rmtree(folder / ".xlscore-cache", ignore_errors=True)
    cached()  # fills the cache
    print(_line("from the cache:", _timed(cached, arguments.rounds)))
    if arguments.copies:
        from xlscore.annex_a import caching

        copies = folder / "copies"
        copies.mkdir(exist_ok=True)
        for n in range(arguments.copies):
            copy = copies / f"annex-a-{(DAY - timedelta(days=31 * n)).isoformat()}.xlsx"
            if not copy.exists():
                shutil.copy(path, copy)
        caching.PARALLEL_FROM = 0
        for label, workers in (("one by one", 1), ("in workers", 4)):
            timed = _timed(lambda workers=workers: read_extracts(copies, Problems(), cache=False,
                                                                 workers=workers), 1)
            print(_line(f"{arguments.copies} extracts {label}:", timed) + " (CPU: this process)")
    if not arguments.no_pandas:
        import pandas

        baseline = _timed(lambda: pandas.read_excel(path, sheet_name=None, engine="openpyxl"),
                          1)
        print(_line("pandas.read_excel:", baseline) + " (openpyxl, one round)")
        print(f"xlscore's reader is {baseline[0][0] / statistics.median(reader[0]):.1f}x faster "
              f"(wall), {baseline[1][0] / statistics.median(reader[1]):.1f}x (CPU)")
    if not arguments.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
