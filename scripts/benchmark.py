"""Time `xlscore build` for the sample and for a generated 1,000-measure x 36-month catalogue.

Not a test: run it by hand and copy the figures into the README.

    python scripts/benchmark.py [--runs 7]

The yardstick is the time Python takes just to import the libraries a build uses
(openpyxl, yaml, typer): the sample's build should take at most 1.3 times that.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import openpyxl, yaml, typer"


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(commands: list[tuple[list[str], Path]], runs: int) -> list[tuple[float, float]]:
    """Median seconds and peak MB of each command, run in turn so that the machine's
    slower and faster moments fall on all of them alike."""
    for args, cwd in commands:
        run(args, cwd)  # warm the file cache
    results = [[run(args, cwd) for args, cwd in commands] for _ in range(runs)]
    return [(statistics.median(r[i][0] for r in results), max(r[i][1] for r in results))
            for i in range(len(commands))]


def generate(folder: Path, measures: int = 1000, months: int = 36) -> None:
    """A large invented authority: a tenth each of counts and rates, the rest percentages
    from numerators and denominators, half with targets; 36 monthly CSVs and benchmarks
    with one figure in twenty suppressed."""
    rng = random.Random(20201231)
    lines = ["authority: Benchmark Borough", "population:"]
    lines += [f'  "{y}/{(y + 1) % 100:02d}": 50000' for y in range(2017, 2022)]
    lines += ["benchmarks:", '  period: "2019/20"', "  own: Benchmark Borough",
              "  rate_against: [SN, SE]", "  columns: [SN, SE, ENG]", "sections:"]
    ids = []
    for index in range(measures):
        if index % 100 == 0:
            lines += [f"  - name: Section {index // 100 + 1}", "    measures:"]
        mid = f"m{index:04d}"
        if index % 10 == 0:
            lines += [f"      - id: {mid}", f"        name: Count {index}",
                      "        unit: count", "        period: flow"]
        elif index % 10 == 1:
            lines += [f"      - id: {mid}", f"        name: Rate {index}",
                      "        unit: rate", f"        rate_of: m{index - 1:04d}"]
        else:
            lines += [f"      - id: {mid}", f"        name: Percentage {index}",
                      f"        definition: Proportion number {index}",
                      "        unit: percent", "        period: flow"]
            if index % 2:
                lines += ["        target: 80.0", "        tolerance: 5.0",
                          "        direction: higher"]
        ids.append((mid, index % 10))
    (folder / "measures.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs = folder / "inputs"
    inputs.mkdir()
    for offset in range(months):
        year, month = divmod(2018 * 12 + 3 + offset, 12)
        rows = ["measure,value,numerator,denominator,note"]
        for mid, kind in ids:
            if kind == 0:
                rows.append(f"{mid},{rng.randint(50, 900)},,,")
            elif kind != 1:
                denominator = rng.randint(20, 400)
                rows.append(f"{mid},,{rng.randint(0, denominator)},{denominator},")
        (inputs / f"{year}-{month + 1:02d}.csv").write_text("\n".join(rows) + "\n",
                                                          encoding="utf-8")
    bench = ["measure,period,Benchmark Borough,SN,SE,ENG"]
    bench += [",".join([mid, "2019/20", *(  # one figure in twenty suppressed, as the DfE does
        # an authority's own count is whole; the comparators are averages
        "c" if rng.random() < 0.05 else f"{rng.uniform(10, 90):.{0 if kind == column == 0 else 1}f}"
        for column in range(4))]) for mid, kind in ids]
    (inputs / "benchmarks.csv").write_text("\n".join(bench) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    build = [sys.executable, "-m", "xlscore.cli", "build", "--quiet"]
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        generate(scratch)
        (imports, imports_mb), (sample, sample_mb), (large, large_mb) = measure([
            ([sys.executable, "-c", IMPORTS], ROOT),
            ([*build, "--catalogue", str(ROOT / "measures.yaml"), "--inputs",
              str(ROOT / "inputs"), "--out", str(scratch / "out")], ROOT),
            ([*build, "--out", str(scratch / "out")], scratch),
        ], runs)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {runs}")
    print(f"import openpyxl, yaml, typer : {imports:.3f} s  {imports_mb:.0f} MB")
    print(f"build sample (48 measures)   : {sample:.3f} s  {sample_mb:.0f} MB  "
          f"({sample / imports:.2f}x the imports; target <= 1.3x)")
    print(f"build 1,000 x 36 months      : {large:.3f} s  {large_mb:.0f} MB  "
          "(target < 2 s and < 200 MB)")


if __name__ == "__main__":
    main()
