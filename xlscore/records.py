"""`@record`: a frozen dataclass whose equality, hash and repr are written once, here.

Python 3.11 compiles six methods from source text for each frozen dataclass as its module is
imported; for the thirty of a build that was about a tenth of `xlscore build`'s own time
(scripts/benchmark.py). A record lets dataclasses make only `__init__` and the frozen
guards, and shares the three methods below, which compare and show the same fields a
dataclass would. Everything else is a dataclass's: `fields`, `replace`, `field(...)`.
Classes that need ordering (`Month`) stay plain `@dataclass(frozen=True, order=True)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: T) -> T:
    made: Any = dataclass(frozen=True, eq=False, repr=False)(cls)
    made._compared = tuple(f.name for f in fields(made) if f.compare)
    made._shown = tuple(f.name for f in fields(made) if f.repr)
    made.__eq__ = _eq
    made.__hash__ = _hash
    made.__repr__ = _repr
    return made


def _values(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in self._compared])


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{self.__class__.__qualname__}({shown})"
