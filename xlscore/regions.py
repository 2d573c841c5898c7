"""England's regions as DfE names them, and the short names analysts head columns with.

Plain data without pandas: the pack's Notes use it to say what a region column holds, and
the DfE readers (xlscore.dfe.geography) to find a region's rows."""

from __future__ import annotations

LONDON = {"london": "E12000007", "inner london": "E13000001", "outer london": "E13000002"}
REGIONS = {
    "north east": "E12000001", "north west": "E12000002",
    "yorkshire and the humber": "E12000003", "east midlands": "E12000004",
    "west midlands": "E12000005", "east of england": "E12000006", "south east": "E12000008",
    "south west": "E12000009", **LONDON,
}
# The short names analysts head their columns with.
ABBREVIATIONS = {
    "ne": "north east", "nw": "north west", "yh": "yorkshire and the humber",
    "yorkshire": "yorkshire and the humber", "em": "east midlands", "wm": "west midlands",
    "ee": "east of england", "east": "east of england", "eoe": "east of england",
    "se": "south east", "sw": "south west", "ldn": "london", "inner": "inner london",
    "outer": "outer london", "il": "inner london", "ol": "outer london",
}


def region_key(word: str) -> str | None:
    """The region a column heading or name stands for (`SE`, `South East`), lower case;
    None when it names no region."""
    key = " ".join(word.lower().split())
    key = ABBREVIATIONS.get(key, key)
    return key if key in REGIONS else None
