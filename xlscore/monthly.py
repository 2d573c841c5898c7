"""Which month the next template is for, and where it goes, without touching any extract."""

from __future__ import annotations

from pathlib import Path

from xlscore.extracts import discover, read_facts
from xlscore.model import Catalogue
from xlscore.periods import Month
from xlscore.problems import Problems


def next_month(inputs_dir: Path, catalogue: Catalogue, month: str | None,
               problems: Problems) -> Month | None:
    """`--month` if given, else the month after the latest extract (history included)."""
    if month is not None:
        try:
            return Month.parse(month)
        except ValueError as exc:
            problems.error(f"--month: {exc}")
            return None
    found = discover(inputs_dir, Problems())  # the template does not judge the extracts
    months = set(found.months)
    if found.history:
        months |= read_facts(found, catalogue, Problems()).months
    if not months:
        problems.error("no extract yet to follow: pass --month YYYY-MM for the first "
                       "template", file=str(inputs_dir))
        return None
    return max(months).shift(1)


def template_path(inputs_dir: Path, month: Month, problems: Problems) -> Path | None:
    """`inputs/YYYY-MM.xlsx`, unless that month already has an extract of either kind."""
    if not inputs_dir.is_dir():
        problems.error("the inputs folder does not exist: create it, or pass --inputs DIR",
                       file=str(inputs_dir))
        return None
    existing = [p for p in sorted(inputs_dir.iterdir())
                if p.stem == str(month) and p.suffix.lower() in (".csv", ".xlsx")]
    if existing:
        problems.error(f"{month} already has an extract: the template never overwrites "
                       "one; fill in that file, or delete it first", file=str(existing[0]))
        return None
    return inputs_dir / f"{month}.xlsx"
