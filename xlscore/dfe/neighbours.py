"""DfE's statistical neighbour models, shipped with xlscore (see data/README.md).

Each model lists, for every authority by its LA number, ten neighbours with a closeness
band. The 2021 file names its columns SN1, SNP, SN2, SNP...; the 2025 file SN_1, SN_1P...:
a neighbour is any column named SN<n> or SN_<n>, its band the column after it.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

from xlscore.records import record

MODELS = {
    2021: "New_Statistical_Neighbour_Groupings_April_2021.csv",
    2025: "sn_model_2025_wide.csv",
}
NEWEST = max(MODELS)
_NEIGHBOUR = re.compile(r"^SN_?(\d+)$", re.IGNORECASE)


@record
class Neighbour:
    code: str  # LA number
    band: str  # Very Close, Close, Somewhat close, Not Close


@record
class Model:
    year: int
    file: str
    groups: dict[str, tuple[Neighbour, ...]]  # LA number -> its ten neighbours, closest first

    def of(self, code: str) -> tuple[Neighbour, ...] | None:
        return self.groups.get(code)


def parse_model(text: str, year: int, file: str) -> Model:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = [h.strip() for h in rows[0]]
    slots = sorted((int(m.group(1)), i) for i, h in enumerate(header)
                   if (m := _NEIGHBOUR.match(h)))
    groups = {}
    for row in rows[1:]:
        if not row or not row[0].strip():
            continue
        cells = [c.strip() for c in row] + [""] * len(header)
        groups[cells[0]] = tuple(Neighbour(cells[i], cells[i + 1]) for _, i in slots
                                 if cells[i])
    return Model(year, file, groups)


@cache
def model(year: int | None = None) -> Model:
    """The shipped model of `year` (default the newest)."""
    year = year or NEWEST
    name = MODELS[year]
    text = resources.files("xlscore.dfe").joinpath("data", name).read_text(encoding="utf-8-sig")
    return parse_model(text, year, name)
