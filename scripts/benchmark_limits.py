"""Time and memory of what xlscore is sized for at its edges: a 1,000,000-row DataFrame through
the Python API, and workbooks that inflate to 3 GB refused.

Not a test: run it by hand and copy the figures into docs/speed.md ("Sizes and limits").

    python scripts/benchmark_limits.py [--rows 1000000] [--runs 3]

Each case runs in a child process; its wall and CPU seconds and peak resident memory are
read from the operating system. The DataFrame case also runs the same child without
calling xlscore, so that the frame's own memory (and pandas') can be told apart. CPU
seconds vary less than wall seconds when other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FRAME = """
import sys
import numpy as np
import pandas as pd
sys.path.insert(0, {scripts!r})
from benchmark import generate
from pathlib import Path
import xlscore

rows, folder, call = {rows}, Path({folder!r}), {call!r}
catalogue = xlscore.load_catalogue(folder / "measures.yaml")
ids = [m.id for m in catalogue.measures if m.in_extract]
counts = np.array([m.unit.value == "count" for m in catalogue.measures if m.in_extract])
months = -(-rows // len(ids))
labels = []
for offset in range(months):  # back from March 2021, the build month
    year, month = divmod(2021 * 12 + 2 - offset, 12)
    labels.append(f"{{year}}-{{month + 1:02d}}")
random = np.random.default_rng(20201231)
is_count = np.tile(counts, months)[:rows]
denominator = random.integers(20, 400, rows).astype(float)
frame = pd.DataFrame({{
    "month": np.repeat(np.array(labels, dtype=object), len(ids))[:rows],
    "measure": np.tile(np.array(ids, dtype=object), months)[:rows],
    "value": np.where(is_count, random.integers(50, 900, rows).astype(float), np.nan),
    "numerator": np.where(is_count, np.nan, np.floor(denominator * random.random(rows))),
    "denominator": np.where(is_count, np.nan, denominator),
}})
del is_count, denominator
if call == "build":
    scorecard = xlscore.build(catalogue, xlscore.extracts_from_frame(frame), month="2021-03")
    assert scorecard.months_read == months, scorecard.months_read
elif call == "check":
    report = xlscore.check(catalogue, xlscore.extracts_from_frame(frame), month="2021-03")
    assert report.ok, report.errors[:3]
"""

BOMB = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from xlscore.problems import Problems
from xlscore.previous import read_pack
from xlscore.tabular import read_table

problems = Problems()
path = Path({path!r})
read = read_pack if path.name.startswith("x-scorecard") else read_table
assert read(path, problems) is None and problems.items, problems.items
print(problems.items[0].message, file=sys.stderr)
"""


def run(code: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of `code` in a child Python."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed:\n{child.stderr.read().decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median(code: str, runs: int) -> tuple[float, float, float]:
    results = [run(code) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    from benchmark import generate

    from tests.bombs import workbook_parts, write_zip
    from tests.test_xlsx_bounds import sheet_bomb, strings_bomb

    assert workbook_parts and write_zip  # the bombs are made by the tests' own recipe
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        generate(folder, months=1)
        frame = {"scripts": str(ROOT / "scripts"), "rows": args.rows, "folder": str(folder)}
        alone = median(FRAME.format(**frame, call="none"), args.runs)
        for call in ("check", "build"):
            wall, cpu, peak = median(FRAME.format(**frame, call=call), args.runs)
            print(f"{call} of a {args.rows:,}-row DataFrame: {wall - alone[0]:.1f} s wall, "
                  f"{cpu - alone[1]:.1f} s CPU, peak {peak:.0f} MB (the frame and pandas "
                  f"alone: {alone[2]:.0f} MB)")
        for name, make in (("2021-01.xlsx", sheet_bomb), ("x-scorecard-2020-11.xlsx",
                                                          strings_bomb)):
            path = make(folder / name)
            wall, cpu, peak = median(BOMB.format(root=str(ROOT), path=str(path)), args.runs)
            what = "an extract whose sheet" if name[0] == "2" else "a pack whose shared strings"
            print(f"{what} inflates to 3 GB ({path.stat().st_size / 2**20:.0f} MB file): "
                  f"refused in {wall:.2f} s wall, {cpu:.2f} s CPU, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
