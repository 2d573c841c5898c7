"""Cut the real DfE and ONS files down to the rows the tests need: tests/data/dfe/.

    python scripts/make_dfe_test_data.py /work/shared/dfe

Keeps each file's lines byte for byte (byte-order mark, quoting, markers, column order)
for: England; the South East, London, Inner and Outer London; Slough (871), its neighbours
in both statistical neighbour models, the sample's named comparators (Bexley 303, Kingston
upon Thames 314, Redbridge 317), Richmond upon Thames (318, which shares Kingston's
workforce row) and Kingston upon Hull (810, whose name also starts "Kingston"); the years
2019 to 2021. The statistical neighbour files are not copied: they ship with the package.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from xlscore.dfe.neighbours import model

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "dfe"
YEARS = {"2019", "2020", "2021"}
REGIONS = {"E12000008", "E12000007", "E13000001", "E13000002"}
NAMED = {"871", "303", "314", "317", "318", "810"}


def authorities() -> set[str]:
    codes = set(NAMED)
    for year in (2021, 2025):
        codes |= {n.code for n in model(year).of("871")}
    return codes


def wanted(row: dict[str, str], codes: set[str]) -> bool:
    if row["time_period"] not in YEARS:
        return False
    level = row["geographic_level"]
    if level == "National":
        return True
    if level == "Regional":
        return row["region_code"] in REGIONS
    return bool(codes & {c.strip() for c in row.get("old_la_code", "").split("/")})


def cut(source: Path, codes: set[str]) -> int:
    raw = source.read_bytes().decode("utf-8").splitlines(keepends=True)
    header = next(csv.reader([raw[0].lstrip("\ufeff")]))
    kept = [raw[0]]
    for line in raw[1:]:
        row = dict(zip(header, next(csv.reader([line])), strict=False))
        if wanted(row, codes):
            kept.append(line)
    (OUT / source.name).write_bytes("".join(kept).encode("utf-8"))
    return len(kept) - 1


def main(folder: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    codes = authorities()
    for source in sorted(folder.glob("*.csv")):
        if source.name in {"New_Statistical_Neighbour_Groupings_April_2021.csv",
                           "sn_model_2025_wide.csv"}:
            continue
        print(f"{source.name}: {cut(source, codes)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/dfe"))
