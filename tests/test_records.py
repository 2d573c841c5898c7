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


@record(order=True)
class Span:
    start: int
    end: int = 0
    label: str = field(default="", compare=False)


@dataclasses.dataclass(frozen=True, order=True)
class SpanTwin:
    start: int
    end: int = 0
    label: str = field(default="", compare=False)


@given(st.integers(), st.integers(), st.integers(), st.integers())
def test_an_ordered_record_sorts_as_an_ordered_dataclass(a, b, c, d):
    left, right, twins = Span(a, b), Span(c, d), (SpanTwin(a, b), SpanTwin(c, d))
    assert (left < right, left <= right, left > right, left >= right) == (
        twins[0] < twins[1], twins[0] <= twins[1], twins[0] > twins[1], twins[0] >= twins[1])


def test_an_ordered_record_refuses_to_compare_with_another_class():
    with pytest.raises(TypeError):
        assert Span(1) < SpanTwin(2)  # type: ignore[operator]


@record(frozen=False)
class Tally:
    name: str
    seen: list[int] = field(default_factory=list)
    hidden: int = field(default=7, init=False)
    kind: str = field(default="count", kw_only=True)
    checked: bool = False

    def __post_init__(self) -> None:
        self.checked = True


def test_a_record_is_initialised_as_a_dataclass_would_be():
    first, second = Tally("a"), Tally("b", [1], kind="rate")
    assert first.seen == [] and first.seen is not Tally("c").seen  # a fresh list each time
    assert (second.seen, second.kind, first.kind) == ([1], "rate", "count")
    assert first.hidden == 7 and first.checked  # init=False default; __post_init__ ran
    with pytest.raises(TypeError):
        Tally("a", [], False, "rate")  # type: ignore[misc]  # `kind` is keyword-only
    with pytest.raises(TypeError):
        Tally("a", hidden=3)  # type: ignore[call-arg]  # not a parameter
    with pytest.raises(TypeError):
        Pair()  # type: ignore[call-arg]  # a field without a default is required
    with pytest.raises(TypeError, match="multiple values"):
        Pair("a", name="b")  # type: ignore[misc]
    assert Pair(value=2, name="x") == Pair("x", 2) == Pair("x", 2, "")


def test_a_mutable_record_can_change_and_is_not_hashable():
    tally = Tally("a")
    tally.seen.append(1)
    tally.name = "b"
    assert tally == Tally("b", [1])
    with pytest.raises(TypeError):
        hash(tally)


def test_a_frozen_record_refuses_deletion_and_keeps_its_own_methods():
    pair = Pair("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        del pair.name

    @record
    class Keyed:
        key: int

        def __hash__(self) -> int:
            return 42

    assert hash(Keyed(1)) == 42 and Keyed(1) == Keyed(1) and Keyed(1) != Keyed(2)


@record(slots=True)
class SlottedPair:
    name: str
    value: int = 0
    note: str = field(default="", compare=False, repr=False)

    @property
    def doubled(self) -> int:
        return self.value * 2


@given(st.text(), st.integers(), st.text(), st.text(), st.integers(), st.text())
def test_a_slotted_record_behaves_as_a_record_without_a_dict(a, b, c, d, e, f):
    left, right, plain = SlottedPair(a, b, c), SlottedPair(d, e, f), Pair(a, b, c)
    assert (left == right) == (Pair(a, b, c) == Pair(d, e, f))
    if left == right:
        assert hash(left) == hash(right)
    assert repr(left) == repr(plain).replace("Pair", "SlottedPair")
    assert not hasattr(left, "__dict__") and SlottedPair.__slots__ == ("name", "value", "note")
    assert dataclasses.replace(left, value=b + 1).doubled == 2 * (b + 1)
    assert SlottedPair(a).value == 0 and SlottedPair(a).note == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        left.value = 3  # type: ignore[misc]


@given(st.text(), st.integers(), st.text())
def test_a_frozen_slotted_record_pickles_as_its_constructors_arguments(a, b, c):
    """Its slots cannot be set after it is made, so it is made again from its fields (an
    Annex A row sent back from a worker process)."""
    import pickle

    made = SlottedPair(a, b, c)
    again = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert (again, again.note, type(again)) == (made, c, SlottedPair)
