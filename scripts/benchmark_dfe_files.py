"""Time and peak memory of `xlscore population` on DfE/ONS files that are not what they
should be: a FIFO, /dev/zero, a file with no line break, a 10-million-row file, files at and
over the row limit, and the real largest file. Each must end quickly with an error, never
hang or grow without bound.

Not a test: run it by hand and copy the figures into docs/speed.md (they need a few GB of
free disk for the 10-million-row file, written to a temporary folder and removed).

    python scripts/benchmark_dfe_files.py [--dfe ../shared/dfe]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # seconds: longer is a hang
ROW = ("2019,Calendar year,Local authority,E92000001,England,E12000008,South East,{n},"
       "E0{n:07d},Somewhere {n},Children aged 0 to 17 years,43479\n")
HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,"
          "region_code,region_name,old_la_code,new_la_code,la_name,age_group,"
          "population_estimate\n")


def run(args: list[str]) -> tuple[float, float, int | None, str]:
    """Wall seconds, peak resident MB, exit code (None: killed after TIMEOUT) and the last
    line of what it said."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > TIMEOUT:
            child.send_signal(signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            status = None
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    said = child.stderr.read().decode(errors="replace").strip().splitlines()
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, code, (said[0] if said else "")[:110]


def rows_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        block = 100_000
        for first in range(0, rows, block):
            out.write("".join(ROW.format(n=n) for n in range(first, min(first + block, rows))))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dfe", type=Path, default=ROOT.parent / "shared" / "dfe")
    dfe = parser.parse_args().dfe
    population = [sys.executable, "-m", "xlscore", "population", "--print", "--catalogue",
                  str(ROOT / "measures.yaml")]
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        cases: list[tuple[str, Path]] = []
        real = sorted(dfe.glob("ons_mid-year*.csv")) if dfe.is_dir() else []
        largest = max(dfe.glob("*.csv"), key=lambda p: p.stat().st_size) if real else None
        if real:
            cases.append(("the real ONS file", real[0]))
        if largest:
            cases.append((f"the largest real file ({largest.stat().st_size / 2**20:.1f} MB)",
                          largest))
        os.mkfifo(scratch / "fifo.csv")
        cases.append(("a FIFO", scratch / "fifo.csv"))
        (scratch / "zero.csv").symlink_to("/dev/zero")
        cases.append(("a link to /dev/zero", scratch / "zero.csv"))
        endless = scratch / "one-line.csv"
        with endless.open("wb") as out:
            out.write(HEADER.encode())
            for _ in range(400):  # a megabyte at a time: this process stays small, and
                out.write(b"9" * 2**20)  # a child's peak memory counts what it forked from
        cases.append(("400 MB with no line break", endless))
        cases.append(("500,000 rows (the row limit)",
                      rows_file(scratch / "half.csv", 500_000)))
        cases.append(("500,001 rows", rows_file(scratch / "half1.csv", 500_001)))
        cases.append(("10,000,000 rows", rows_file(scratch / "ten-million.csv", 10_000_000)))
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
              f"xlscore population --print FILE, one run each")
        baseline = run([sys.executable, "-c", "import pandas"])
        print(f"{'import pandas':34}: {baseline[0]:6.2f} s {baseline[1]:6.0f} MB")
        for name, path in cases:
            size = path.stat().st_size if path.is_file() else 0
            seconds, peak, code, said = run([*population, str(path)])
            shown = "hung, killed" if code is None else f"exit {code}"
            print(f"{name:34}: {seconds:6.2f} s {peak:6.0f} MB  {shown}"
                  + (f", {size / 2**20:.0f} MB" if size > 2**20 else "")
                  + f"\n{'':36}{said.replace(str(scratch), 'TMP')}")


if __name__ == "__main__":
    main()
