"""England, its regions and its local authorities as the DfE files name and code them.

An authority is found by its LA number (871), its E-code (E06000039) or its name; a row
for a shared service carries both authorities' codes ("314 / 318"). London authorities'
rows carry Inner or Outer London as their region, while the Regional rows hold London as
well as Inner and Outer London: the catalogue's `benchmarks.region` chooses (default London).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from xlscore.dfe.files import LOCAL, NATIONAL, REGIONAL
from xlscore.records import record
from xlscore.regions import LONDON, REGIONS, region_key

ENGLAND_CODE = "E92000001"
REGION_NAMES = {code: name.title().replace(" The ", " the ").replace(" Of ", " of ")
                for name, code in REGIONS.items()}


@record
class Place:
    """England, a region or an authority: what one benchmark column is the figure of."""

    kind: str  # "england" | "region" | "authority"
    codes: frozenset[str]
    name: str

    @property
    def code(self) -> str:
        return sorted(self.codes, key=lambda c: (not c.isdigit(), c))[0]


ENGLAND = Place("england", frozenset({ENGLAND_CODE}), "England")


def region(code: str) -> Place:
    return Place("region", frozenset({code}), REGION_NAMES.get(code, code))


def region_named(word: str) -> Place | None:
    """A region by its name or the short name of a column heading (SE, NW, London)."""
    key = region_key(word)
    return region(REGIONS[key]) if key else None


@record
class Authority:
    name: str
    old: str  # the LA number, e.g. 871
    new: str  # the E-code, e.g. E06000039
    region_code: str

    @property
    def place(self) -> Place:
        return Place("authority", frozenset(_split(self.old) + _split(self.new)), self.name)

    @property
    def in_london(self) -> bool:
        return self.region_code in LONDON.values()

    def region(self, choice: str | None) -> Place:
        """Its region; for a London authority the choice of London, Inner or Outer London."""
        if self.in_london:
            return region(LONDON[(choice or "London").lower()])
        return region(self.region_code)


# Words around an authority's name that do not tell it apart: "London Borough of Bexley",
# "Slough Borough Council", "Bristol, City of", "County Durham".
_BEFORE = ("the", "london borough of", "royal borough of", "metropolitan borough of",
           "borough of", "city of", "county of", "council of the", "county")
_AFTER = ("metropolitan borough council", "borough council", "city council",
          "county council", "district council", "council", "city of", "county of", "city",
          "county", "ua", "la")


def _bare(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.casefold().replace("&", " and "))
    bare = " ".join(words.split())
    for before in _BEFORE:
        if bare.startswith(before + " "):
            bare = bare.removeprefix(before + " ")
    for after in _AFTER:
        if bare.endswith(" " + after):
            bare = bare.removesuffix(" " + after)
    return bare


def names_agree(named: str, published: str) -> bool:
    """Is the catalogue's `named` authority the one DfE's files call `published`? Allowing
    the usual shortenings: Kingston for Kingston upon Thames, & for and, St. for St, a
    shared service's row ("Kingston upon Thames / Richmond upon Thames") for either."""
    ours = _bare(named).split()
    if not ours:
        return False
    for part in published.split("/"):
        theirs = _bare(part).split()
        if theirs and (theirs[:len(ours)] == ours or ours[:len(theirs)] == theirs):
            return True
    return False


def _split(codes: str) -> list[str]:
    return [c.strip() for c in codes.split("/") if c.strip()]


class Register:
    """Every authority the files name, found by code or name."""

    def __init__(self, frames: Iterable[pd.DataFrame]):
        self.by_code: dict[str, Authority] = {}
        self.by_name: dict[str, Authority] = {}
        shared: list[tuple[str, str, str, str]] = []
        for frame in frames:
            if not {"old_la_code", "new_la_code", "la_name", "region_code"} <= set(frame.columns):
                continue
            local = frame[frame["geographic_level"] == LOCAL]
            local = local.sort_values("time_period", ascending=False, kind="stable")
            local = local.drop_duplicates(["old_la_code", "new_la_code", "la_name"])
            for old, new, name, code in zip(local["old_la_code"], local["new_la_code"],
                                            local["la_name"], local["region_code"], strict=True):
                if "/" in old:  # a shared service's row: its authorities, unless seen alone
                    shared.append((old, new, name, code))
                    continue
                authority = Authority(name, old, new, code)
                for key in (old, new):
                    if key:
                        self.by_code.setdefault(key.upper(), authority)
                self.by_name.setdefault(name.casefold(), authority)
        for old, new, name, code in shared:
            olds, news = _split(old), _split(new)
            for index, number in enumerate(olds):
                if number.upper() not in self.by_code:
                    one = Authority(name, number, news[index] if index < len(news) else "", code)
                    self.by_code[number.upper()] = one
                    if one.new:
                        self.by_code.setdefault(one.new.upper(), one)

    def find(self, word: str) -> tuple[Authority | None, list[Authority]]:
        """By code, exact name, or the start of a name; with the candidates when unsure."""
        key = word.strip()
        if key.upper() in self.by_code:
            return self.by_code[key.upper()], []
        folded = key.casefold()
        if folded in self.by_name:
            return self.by_name[folded], []
        starts = [a for n, a in sorted(self.by_name.items()) if n.startswith(folded + " ")
                  or n.startswith(folded + ",")]
        if len(starts) == 1:
            return starts[0], []
        return None, starts


class Index:
    """The rows of one slice of a file (a period, a category) by the place they are for."""

    def __init__(self, rows: pd.DataFrame):
        self.rows: dict[str, list[int]] = {}
        level = rows["geographic_level"].tolist()
        region_code = rows["region_code"].tolist() if "region_code" in rows else [""] * len(level)
        old = rows["old_la_code"].tolist() if "old_la_code" in rows else [""] * len(level)
        new = rows["new_la_code"].tolist() if "new_la_code" in rows else [""] * len(level)
        for position, kind in enumerate(level):
            if kind == NATIONAL:
                keys = [ENGLAND_CODE]
            elif kind == REGIONAL:
                keys = [region_code[position]]
            elif kind == LOCAL:
                keys = _split(old[position]) + _split(new[position])
            else:
                keys = []
            for key in keys:
                self.rows.setdefault(key.upper(), []).append(position)

    def positions(self, place: Place) -> list[int]:
        found: list[int] = []
        for code in place.codes:
            for position in self.rows.get(code.upper(), []):
                if position not in found:
                    found.append(position)
        return found
