"""`@record` behaves as `@dataclass(frozen=True)` does: equality, hash, repr, immutability."""

from __future__ import annotations

import dataclasses
from dataclasses import field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlscore.records import record


@record
class Pair:
    name: str
    value: int = 0
    note: str = field(default="", compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class Twin:
    name: str
    value: int = 0
    note: str = field(default="", compare=False, repr=False)


@given(st.text(), st.integers(), st.text(), st.text(), st.integers(), st.text())
def test_a_record_compares_hashes_and_shows_as_a_frozen_dataclass(a, b, c, d, e, f):
    left, right = Pair(a, b, c), Pair(d, e, f)
    twins = Twin(a, b, c), Twin(d, e, f)
    assert (left == right) == (twins[0] == twins[1])
    if left == right:
        assert hash(left) == hash(right)
    assert repr(left) == repr(twins[0]).replace("Twin", "Pair")


def test_a_record_is_frozen_and_a_dataclass():
    pair = Pair("a", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.value = 2  # type: ignore[misc]
    assert dataclasses.replace(pair, value=2) == Pair("a", 2)
    assert [f.name for f in dataclasses.fields(pair)] == ["name", "value", "note"]
    assert pair != Twin("a", 1)  # another class is never equal
    assert {Pair("a", 1, "x"), Pair("a", 1, "y")} == {Pair("a", 1)}
