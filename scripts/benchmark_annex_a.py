"""Time `xlscore build` over the synthetic largest authority's Annex A extracts.

Not a test: run it by hand and copy the figures into docs/speed.md.

    python scripts/benchmark_annex_a.py [--folder DIR] [--scale 11] [--months 36]

The data is the INVENTED example's generator (examples/annex_a/make_extracts.py) at `--scale`
times a mid-size authority: about 100,000 rows in each of 36 month-end extracts. It is made
once into DIR (outside the repository, default /tmp/xlscore-annex-a-benchmark) and reused
while its stamp matches. Then, each in a fresh process:

- the first build (no cache beside the extracts): target <= 20 s;
- the second build (the cache beside the extracts: the last build's figures): target <= 3 s;
- a build with the rows cached but not the figures (a changed rule, next month's extract
  added): no target;
- the peak resident memory of either: target <= 1 GB;
- one extract read and worked out (every rule, every month that extract gives) against
  `pandas.read_excel(sheet_name=None, engine="openpyxl")` merely reading the same file:
  target at least 10 times faster.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "examples" / "annex_a" / "make_extracts.py"
DEFAULT = Path("/tmp/xlscore-annex-a-benchmark")
TARGETS = {"first": 20.0, "second": 3.0, "memory": 1024.0, "speedup": 10.0}

# One extract read and worked out, in a process of its own (what a build of one month does).
ONE = """
import sys, time
from datetime import date
from pathlib import Path
start = time.perf_counter()
from xlscore.annex_a import windows
from xlscore.annex_a.reading import read_extract
from xlscore.annex_a.rules import RULES
from xlscore.problems import Problems
path, when = Path(sys.argv[1]), date.fromisoformat(sys.argv[2])
problems = Problems()
extract = read_extract(path, when, problems)
assert extract is not None, problems.rendered()
read = time.perf_counter() - start
figures = 0
for month in windows.months_given([extract]):
    for rule in RULES.values():
        worked = windows.work_out(rule, dict(rule.parameters), month, [extract])
        figures += worked.count is not None
rows = sum(len(getattr(extract, name)) for name in ("contacts", "referrals", "assessments",
           "enquiries", "children_in_need", "protection", "in_care", "care_leavers"))
print(f"{read:.3f} {time.perf_counter() - start:.3f} {figures} {rows}")
"""

PANDAS = """
import sys, time
start = time.perf_counter()
import pandas
sheets = pandas.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
print(f"{time.perf_counter() - start:.3f} {sum(len(s) for s in sheets.values())}")
"""


def generator():
    spec = importlib.util.spec_from_file_location("annexford_make_extracts", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def prepare(folder: Path, scale: float, months: int, workers: int) -> tuple[Path, int]:
    """The project (catalogue, inputs/annex-a/, outputs/), made unless its stamp matches;
    and the rows the extracts hold."""
    make = generator()
    stamp = folder / "made.txt"
    wanted = f"scale={scale} months={months} seed={make.SEED}"  # delete DIR to make it anew
    inputs = folder / "inputs" / "annex-a"
    if not stamp.exists() or stamp.read_text().splitlines()[0] != wanted:
        shutil.rmtree(folder, ignore_errors=True)
        inputs.mkdir(parents=True)
        print(f"making {months} extracts at scale {scale} into {inputs} ...", flush=True)
        began = time.perf_counter()
        written = make.make(inputs, months=months, scale=scale, workers=workers)
        rows = sum(w.count for w in written)
        stamp.write_text(f"{wanted}\nrows={rows}\n")
        print(f"  made in {time.perf_counter() - began:.0f} s", flush=True)
    (folder / "measures.yaml").write_text(make.catalogue(), encoding="utf-8")
    (folder / "outputs").mkdir(exist_ok=True)
    rows = int(stamp.read_text().splitlines()[1].split("=")[1])
    return folder, rows


def timed(args: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, peak resident MB and CPU seconds of one child process (its own
    rusage, not the sum of every child), and what it printed."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=env, text=True)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(args)}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("--scale", type=float, default=11.0)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes writing the extracts the first time")
    parser.add_argument("--skip-pandas", action="store_true",
                        help="leave out the pandas yardstick (minutes on a large extract)")
    args = parser.parse_args()
    project, rows = prepare(args.folder, args.scale, args.months, args.workers)
    extracts = project / "inputs" / "annex-a"
    shutil.rmtree(extracts / ".xlscore-cache", ignore_errors=True)
    build = [sys.executable, "-m", "xlscore", "build", "--catalogue", "measures.yaml",
             "--inputs", "inputs", "--out", "outputs", "--quiet"]
    first = timed(build, project)
    second = timed(build, project)
    for kept in (extracts / ".xlscore-cache").glob("*.figures"):
        kept.unlink()  # as a changed rule or a new extract would: the rows still come cached
    reworked = timed(build, project)
    load = os.getloadavg()[0]

    files = sorted(p for p in extracts.iterdir() if p.suffix == ".xlsx")
    one = files[-1]
    when = one.stem.rsplit("annex-a-", 1)[1]
    _, _, read_cpu, said = timed([sys.executable, "-c", ONE, str(one), when], ROOT)
    read_only, worked_out, figures, one_rows = said.split()
    pandas_wall = pandas_rows = pandas_cpu = None
    if not args.skip_pandas:
        _, _, pandas_cpu, said = timed([sys.executable, "-c", PANDAS, str(one)], ROOT)
        pandas_wall, pandas_rows = float(said.split()[0]), int(said.split()[1])

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {load:.1f}")
    print(f"data: {len(list(extracts.glob('invented-annex-a-*')))} extracts, {rows:,} rows "
          f"({rows / args.months:,.0f} an extract; scale {args.scale:g}) in {extracts}")
    peak = max(first[1], second[1], reworked[1])
    print(f"first build (no cache)    : {first[0]:6.1f} s  {first[1]:5.0f} MB  "
          f"(CPU {first[2]:.1f} s; target <= {TARGETS['first']:.0f} s) "
          f"{verdict(first[0] <= TARGETS['first'])}")
    print(f"second build (cache)      : {second[0]:6.1f} s  {second[1]:5.0f} MB  "
          f"(CPU {second[2]:.1f} s; target <= {TARGETS['second']:.0f} s) "
          f"{verdict(second[0] <= TARGETS['second'])}")
    print(f"rows cached, figures not  : {reworked[0]:6.1f} s  {reworked[1]:5.0f} MB  "
          f"(CPU {reworked[2]:.1f} s; a changed rule, or next month's extract added)")
    print(f"peak memory               : {peak:6.0f} MB (target <= {TARGETS['memory']:.0f} MB) "
          f"{verdict(peak <= TARGETS['memory'])}")
    print(f"one extract ({one.name}, {int(one_rows):,} rows of lists 1-9): read "
          f"{float(read_only):.1f} s, read and worked out ({figures} figures) "
          f"{float(worked_out):.1f} s")
    if pandas_wall is not None and pandas_cpu is not None:
        speedup = pandas_wall / float(worked_out)
        print(f"pandas.read_excel(openpyxl) merely reading it: {pandas_wall:.1f} s "
              f"({pandas_rows:,} rows, every sheet): {speedup:.1f}x "
              f"(target >= {TARGETS['speedup']:.0f}x) {verdict(speedup >= TARGETS['speedup'])}")
        print(f"  in CPU time, each process whole (imports included): xlscore {read_cpu:.1f} s, "
              f"pandas {pandas_cpu:.1f} s: {pandas_cpu / read_cpu:.1f}x")


if __name__ == "__main__":
    main()
