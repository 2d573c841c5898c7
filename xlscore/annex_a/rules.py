"""The Annex A rules: one small pure function per standard measure, its definition written
once as its docstring, registered in `RULES` under the standard measure's id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xlscore.model import PeriodKind
from xlscore.records import record


@record
class Rule:
    """A rule as the catalogue names it (`annex_a: cp_2_years_pct`): which lists it reads,
    which extract counts (`kind`: flow from the newest extract holding the whole month,
    snapshot only from one dated on the month's last day), its parameters with their
    defaults, and its definition in words for the Notes sheet (approximation included)."""

    name: str
    lists: tuple[int, ...]
    kind: PeriodKind
    count: Callable[..., Any]
    parameters: tuple[tuple[str, int], ...] = ()
    words: str = ""


RULES: dict[str, Rule] = {}
