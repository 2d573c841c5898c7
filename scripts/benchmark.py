"""Time `xlscore build` for the sample and for a generated 1,000-measure x 36-month catalogue.

Not a test: run it by hand and copy the figures into docs/speed.md.

    python scripts/benchmark.py [--runs 15]

The yardstick is the time Python takes just to import the libraries a build uses
(openpyxl, yaml, typer): the sample's build should take at most 1.4 times that.
With the DfE downloads beside the project (../shared/dfe, or --dfe FOLDER) it also times
`xlscore benchmarks` over them for the sample (pandas' import included).

xlscore's own modules are compiled to bytecode first, as `pip install` does: without it
(an editable install with PYTHONDONTWRITEBYTECODE set) every run compiles them again, which
costs more than the whole build.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# As `xlscore build` runs: without numpy, which openpyxl would import (xlscore/__main__.py).
IMPORTS = "import sys; sys.modules['numpy'] = None; import openpyxl, yaml, typer"


def run(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (user + system) of one child process.
    CPU time varies less than wall time when other work shares the machine."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(commands: list[tuple[list[str], Path]],
            runs: int) -> tuple[list[tuple[float, float, float]], float, float]:
    """Median seconds, peak MB and median CPU seconds of each command, run in turn so that
    the machine's slower and faster moments fall on all of them alike; and, for the second
    command against the first, the median of each round's ratio and the ratio of their
    fastest runs (the least disturbed: steadier on a shared machine, whose speed drifts)."""
    for args, cwd in commands:
        run(args, cwd)  # warm the file cache
    results = [[run(args, cwd) for args, cwd in commands] for _ in range(runs)]
    return ([(statistics.median(r[i][0] for r in results), max(r[i][1] for r in results),
              statistics.median(r[i][2] for r in results)) for i in range(len(commands))],
            statistics.median(r[1][0] / r[0][0] for r in results),
            min(r[1][0] for r in results) / min(r[0][0] for r in results))


def generate(folder: Path, measures: int = 1000, months: int = 36, spc: bool = False) -> None:
    """A large invented authority: a tenth each of counts and rates, the rest percentages
    from numerators and denominators, half with targets; 36 monthly CSVs and benchmarks
    with one figure in twenty suppressed. `spc`: with statistical process control on."""
    rng = random.Random(20201231)
    lines = ["authority: Benchmark Borough", *(["spc: true"] if spc else []), "population:"]
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
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--dfe", type=Path, default=ROOT.parent / "shared" / "dfe")
    arguments = parser.parse_args()
    runs, dfe = arguments.runs, arguments.dfe
    compileall.compile_dir(ROOT / "xlscore", quiet=1)
    build = [sys.executable, "-m", "xlscore", "build", "--quiet"]  # as `xlscore` runs
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        generate(scratch)
        (scratch / "spc").mkdir()
        generate(scratch / "spc", spc=True)
        commands = [
            ([sys.executable, "-c", IMPORTS], ROOT),
            ([*build, "--catalogue", str(ROOT / "measures.yaml"), "--inputs",
              str(ROOT / "inputs"), "--out", str(scratch / "out")], ROOT),
            ([*build, "--out", str(scratch / "out")], scratch),
            ([*build, "--out", str(scratch / "out")], scratch / "spc"),
        ]
        if dfe.is_dir():  # into a copy: the sample's benchmarks.csv is its reference
            (scratch / "dfe-inputs").mkdir()
            commands += [([sys.executable, "-c", "import pandas"], ROOT),
                         ([sys.executable, "-m", "xlscore", "benchmarks", str(dfe),
                           "--force", "--quiet", "--catalogue", str(ROOT / "measures.yaml"),
                           "--inputs", str(scratch / "dfe-inputs")], ROOT),
                         ([sys.executable, "-m", "xlscore", "benchmarks", str(dfe),
                           "--period", "2023/24", "--years", "5",
                           "--force", "--quiet", "--catalogue", str(ROOT / "measures.yaml"),
                           "--inputs", str(scratch / "dfe-inputs")], ROOT)]
        results, round_ratio, fastest_ratio = measure(commands, runs)
    (imports, imports_mb, imports_cpu), (sample, sample_mb, sample_cpu), \
        (large, large_mb, large_cpu), (spc, spc_mb, spc_cpu) = results[:4]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {runs}"
          f"; load average {os.getloadavg()[0]:.1f}")
    print(f"import openpyxl, yaml, typer : {imports:.3f} s  {imports_mb:.0f} MB  "
          f"(CPU {imports_cpu:.3f} s)")
    print(f"build sample (48 measures)   : {sample:.3f} s  {sample_mb:.0f} MB  "
          f"(CPU {sample_cpu:.3f} s; {sample / imports:.2f}x the imports; target <= 1.4x)")
    print(f"  in CPU time: {sample_cpu / imports_cpu:.2f}x; the median of each round's ratio: "
          f"{round_ratio:.2f}x; the fastest runs: {fastest_ratio:.2f}x")
    print(f"build 1,000 x 36 months      : {large:.3f} s  {large_mb:.0f} MB  "
          f"(CPU {large_cpu:.3f} s; target < 2 s and < 200 MB)")
    print(f"  the same with spc: true    : {spc:.3f} s  {spc_mb:.0f} MB  "
          f"(CPU {spc_cpu:.3f} s; target < 2 s and < 200 MB)")
    if len(results) > 4:
        (pandas, pandas_mb, _), (bench, bench_mb, _), (five, five_mb, five_cpu) = results[4:]
        print(f"import pandas                : {pandas:.3f} s  {pandas_mb:.0f} MB")
        print(f"benchmarks, all DfE files    : {bench:.3f} s  {bench_mb:.0f} MB  "
              f"({len(list(dfe.glob('*.csv')))} files in {dfe})")
        print(f"  --period 2023/24 --years 5 : {five:.3f} s  {five_mb:.0f} MB  "
              f"(CPU {five_cpu:.3f} s; five years, every authority ranked; target < 3 s)")


if __name__ == "__main__":
    main()
