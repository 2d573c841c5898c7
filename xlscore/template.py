"""The month's input template: which month it is for, where it goes, and writing it without
ever overwriting an extract. `writers/template.py` lays out the workbook; this decides.

The template is itself a valid extract (data on the first sheet, the extract's column
names), so a filled copy builds with no edits.
"""

from __future__ import annotations

from pathlib import Path

from xlscore.extracts import discover, read_facts
from xlscore.model import Catalogue, Measure
from xlscore.periods import Month
from xlscore.pipeline import month_given
from xlscore.problems import OutputError, Problems, cannot_write
from xlscore.records import record


@record
class Template:
    """A template written: where, for which month, and how many measures it asks for."""

    path: Path
    month: Month
    measures: int


def template_rows(catalogue: Catalogue) -> list[Measure]:
    """Rates are derived from their count and the population, so they are left out."""
    return [m for m in catalogue.measures if m.in_extract]


def write_template(catalogue: Catalogue, inputs_dir: Path, month: str | Month | None,
                   problems: Problems) -> Template:
    """Write `inputs/YYYY-MM.xlsx` for `month` (default: the month after the latest extract).

    Raises InputError (with `problems`) when there is no month to follow or the month
    already has an extract, OutputError when the file cannot be written.
    """
    try:
        chosen = next_month(inputs_dir, catalogue, month, problems)
        path = template_path(inputs_dir, chosen, problems) if chosen else None
    except OSError as exc:  # a folder that cannot be listed: a problem like any other
        problems.error(f"cannot read it ({exc.strerror or exc}); check its permissions",
                       file=exc.filename or str(inputs_dir), code="input.cannot-read")
    problems.raise_if_errors()
    assert chosen is not None and path is not None
    try:
        _write_new(path, _bytes(catalogue, chosen))
    except FileExistsError:
        problems.error("already exists: the template never overwrites an extract; fill in "
                       "that file, or delete it first", file=str(path), code="template.exists")
        problems.raise_if_errors()
    except OSError as exc:
        raise OutputError(cannot_write("the template", exc, path)) from exc
    return Template(path, chosen, len(template_rows(catalogue)))


def next_month(inputs_dir: Path, catalogue: Catalogue, month: str | Month | None,
               problems: Problems) -> Month | None:
    """`month` if given, else the month after the latest extract (history included)."""
    if month is not None:
        return month_given(month, problems)
    found = discover(inputs_dir, Problems())  # the template does not judge the extracts
    months = set(found.months)
    if found.history:
        months |= read_facts(found, catalogue, Problems()).months
    if not months:
        problems.error("no extract yet to follow: pass --month YYYY-MM for the first "
                       "template", file=str(inputs_dir), code="template.no-month")
        return None
    return max(months).shift(1)


def template_path(inputs_dir: Path, month: Month, problems: Problems) -> Path | None:
    """`inputs/YYYY-MM.xlsx`, unless that month already has an extract of either kind."""
    if not inputs_dir.is_dir():
        problems.error("the inputs folder does not exist: create it, or pass --inputs DIR",
                       file=str(inputs_dir), code="template.no-folder")
        return None
    existing = [p for p in sorted(inputs_dir.iterdir())
                if p.stem == str(month) and p.suffix.lower() in (".csv", ".xlsx")]
    if existing:
        problems.error(f"{month} already has an extract: the template never overwrites "
                       "one; fill in that file, or delete it first", file=str(existing[0]),
                       code="template.exists")
        return None
    return inputs_dir / f"{month}.xlsx"


def _bytes(catalogue: Catalogue, month: Month) -> bytes:
    """The template made wholly in memory: only finished bytes reach the disk."""
    from xlscore.writers.saving import workbook_bytes
    from xlscore.writers.template import template_workbook

    return workbook_bytes(template_workbook(catalogue, month, template_rows(catalogue)))


def _write_new(path: Path, content: bytes) -> None:
    """Exclusive create: an extract that already exists (even one that appeared while this
    ran) raises FileExistsError instead of being overwritten; a failed write, or SIGTERM,
    leaves nothing."""
    from xlscore.files import stopping_cleanly

    with stopping_cleanly():
        handle = open(path, "xb")  # noqa: SIM115 - closed below, where a failure is caught
        try:
            with handle:
                handle.write(content)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
