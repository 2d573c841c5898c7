"""`@record`: a dataclass made without compiling any code as its module is imported.

Python 3.11's dataclasses compile each generated method from source text as the class is
made: about 0.4 ms a class, 17 ms for the 44 classes of a build, two thirds of the time
importing xlscore took (scripts/benchmark.py). A record is a dataclass (`fields`,
`replace`, `field(...)` all work), frozen unless asked otherwise, whose equality, hash,
repr, ordering and frozen guards are written once, here, and compare and show the fields
a dataclass would. Its `__init__` is the one a dataclass would write, compiled the first
time the class is called, so a class a run never makes costs nothing. A method the class
defines itself (`Month.__hash__`) is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, frozen: bool = True, order: bool = False,
           slots: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = True, order: bool = False,
           slots: bool = False) -> Any:
    """`@record`, `@record(order=True)` (compared field by field, in order),
    `@record(frozen=False)` (its fields can be set; unhashable, as a dataclass) or
    `@record(slots=True)` (no `__dict__`: half the memory, for what a build makes a million
    of)."""

    def make(cls: Any) -> Any:
        if not cls.__doc__:  # dataclass would write one from a signature (0.4 ms a class)
            cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', ()))})"
        made: Any = dataclass(init=False, repr=False, eq=False)(cls)
        if slots:
            made = _slotted(made)
        own = cls.__dict__
        made._compared = tuple(f.name for f in fields(made) if f.compare)
        made._shown = tuple(f.name for f in fields(made) if f.repr)
        made.__init__ = _init_later(made, frozen)
        methods: dict[str, Any] = {"__eq__": _eq, "__repr__": _repr,
                                   "__hash__": _hash if frozen else None}
        if order:
            methods.update(__lt__=_lt, __le__=_le, __gt__=_gt, __ge__=_ge)
        if frozen:
            methods.update(__setattr__=_frozen, __delattr__=_frozen)
        for name, method in methods.items():
            if name not in own:
                setattr(made, name, method)
        return made

    return make if cls is None else make(cls)


def _slotted(cls: Any) -> Any:
    """The class again with `__slots__` for its fields, as dataclass(slots=True) makes it:
    the defaults stay in the fields, which `__init__` reads."""
    names = tuple(f.name for f in fields(cls))
    namespace = {key: value for key, value in cls.__dict__.items()
                 if key not in (*names, "__dict__", "__weakref__")}
    namespace["__slots__"] = names
    if "__reduce__" not in namespace and all(f.init and not f.kw_only for f in fields(cls)):
        # pickled as its constructor's arguments: a frozen record's slots cannot be set
        namespace["__reduce__"] = lambda self: (type(self), tuple(
            getattr(self, name) for name in names))
    return type(cls)(cls.__name__, cls.__bases__, namespace)


def _init_later(cls: Any, frozen: bool) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if cls.__init__ is __init__:  # the first call: compile it for every one after
            cls.__init__ = _init(cls, frozen)
        cls.__init__(self, *args, **kwargs)

    return __init__


def _init(cls: Any, frozen: bool) -> Callable[..., None]:
    """The `__init__` a dataclass writes: parameters in field order, keyword-only ones
    after a `*`, a default or a factory's value where none is given, `__post_init__` last."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields(cls):
        name, value = f.name, f.name
        if f.default is not MISSING:
            namespace[f"_default_{name}"] = f.default
            parameter = f"{name}=_default_{name}"
        elif f.default_factory is not MISSING:
            namespace[f"_factory_{name}"] = f.default_factory
            parameter = f"{name}=_FACTORY"
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        else:
            parameter = name
        if not f.init:
            value = f"_default_{name}" if f.default is not MISSING else f"_factory_{name}()"
        else:
            (keyword if f.kw_only else positional).append(parameter)
        body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    parameters = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    exec(f"def __init__({parameters}):\n " + "\n ".join(body or ["pass"]), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _values(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in self._compared])


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _lt(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) < _values(other)


def _le(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) <= _values(other)


def _gt(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) > _values(other)


def _ge(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) >= _values(other)


def _frozen(self: Any, name: str, *value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{self.__class__.__qualname__}({shown})"
