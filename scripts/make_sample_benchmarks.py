"""Write the sample's inputs/benchmarks.csv: five years of DfE benchmarks for Slough, with the
2019/20 rows the published scorecard's.

    python scripts/make_sample_benchmarks.py [--dfe ../shared/dfe]

It runs `xlscore benchmarks DFE --period 2019/20 --years 5` into a scratch folder, then keeps
the existing file's 2019/20 rows as they are (the published scorecard's benchmark columns, the
golden tests' reference; DfE has revised some of them since, see inputs/README.md). A 2019/20
row gets the run's Rank, Ranked and Quartile only where the run's figure for Slough is the
published one, so a rank is never shown beside a figure it was not worked out from. The
other years' rows are the run's, unchanged.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from xlscore.dfe import write_benchmarks
from xlscore.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
PERIOD, YEARS = "2019/20", 5
STANDING = ("Rank", "Ranked", "Quartile")


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dfe", type=Path, default=ROOT.parent / "shared" / "dfe")
    dfe = parser.parse_args().dfe
    target = ROOT / "inputs" / "benchmarks.csv"
    with open(target, encoding="utf-8") as handle:
        published = {(r["measure"], r["period"]): r for r in csv.DictReader(handle)
                     if r["period"] == PERIOD}
    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch)
        shutil.copy(target, inputs / "benchmarks.csv")
        problems = Problems()
        write_benchmarks(ROOT / "measures.yaml", inputs, dfe, PERIOD, True, problems, YEARS)
        with open(inputs / "benchmarks.csv", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = list(reader.fieldnames or []), list(reader)
    own = header[2]
    out = []
    # The published year first: its rows keep the lines they had (tests and the Data
    # quality sheet point at them); the earlier years follow, oldest first.
    rows.sort(key=lambda r: r["period"] != PERIOD)
    for row in rows:
        kept = published.get((row["measure"], row["period"]))
        if kept is not None:
            agrees = number(row[own]) is not None and number(row[own]) == number(kept[own])
            row = {**kept, **{c: row[c] if agrees else "" for c in STANDING}}
        out.append([row.get(c, "") for c in header])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *out])
    target.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{target}: {len(out)} rows, {PERIOD} kept from the published scorecard")


if __name__ == "__main__":
    main()
