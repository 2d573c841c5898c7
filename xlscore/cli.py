"""The `xlscore` command. Problems found in the user's files are printed once, here."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import NoReturn

import typer

from xlscore import __version__
from xlscore.problems import InputError, Problems

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build the monthly children's services performance scorecard workbook.")

CATALOGUE = typer.Option(Path("measures.yaml"), "--catalogue", help="The measure catalogue.")
INPUTS = typer.Option(Path("inputs"), "--inputs", help="Folder of monthly extracts.")
OUT = typer.Option(Path("outputs"), "--out", help="Folder the workbook is written to.")
MONTH = typer.Option(None, "--month", help="YYYY-MM; default: the latest extract.")
NEXT_MONTH = typer.Option(None, "--month", help="YYYY-MM; default: the month after the "
                         "latest extract.")
FOLDER = typer.Argument(..., help="The folder to create (or fill).")
AUTHORITY = typer.Option(..., "--authority", help="The authority's name, as shown on the "
                         "scorecard.")
PDF = typer.Option(False, "--pdf", help="Also write the PDF beside the workbook (needs "
                   "LibreOffice).")
QUIET = typer.Option(False, "--quiet", "-q", help="No summary line: print only the result, errors "
                     "and warnings.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xlscore {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Build the monthly children's services performance scorecard workbook."""


def report(problems: Problems) -> None:
    """Print every problem, errors first, each with where it is and what to do."""
    for line in problems.rendered():
        typer.echo(line, err=True)


def fail(problems: Problems, outcome: str = "nothing was written") -> NoReturn:
    report(problems)
    count = problems.error_count
    typer.echo(f"{count} error{'s' if count != 1 else ''} found; {outcome}. "
               "Fix them and run again.", err=True)
    raise typer.Exit(1)


def cannot_write(problems: Problems, what: str, exc: OSError, where: Path) -> NoReturn:
    problems.error(f"cannot write {what} ({exc.strerror or exc}); check that the folder is "
                   "writable and the file is not open in Excel", file=str(where))
    fail(problems)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@app.command()
def build(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, out: Path = OUT,
          month: str | None = MONTH, pdf: bool = PDF, quiet: bool = QUIET) -> None:
    """Build the scorecard workbook for a month and print its path.

    Example: xlscore build --month 2020-12 --pdf
    """
    from xlscore.pipeline import build as run_build

    problems = Problems()
    try:
        built = run_build(catalogue, inputs, out, month, problems)
    except InputError:
        fail(problems)
    except OSError as exc:
        cannot_write(problems, "the workbook", exc, out)
    report(problems)
    card = built.scorecard
    typer.echo(str(built.path))
    if not quiet:
        overall = built.review.summary.overall
        typer.echo(f"{card.month}: {plural(len(built.loaded.facts.months), 'month')} read, "
                   f"{plural(overall.measures, 'measure')}, {overall.green} green, "
                   f"{overall.amber} amber, {overall.red} red against target this month; "
                   f"{plural(len(problems.warnings), 'warning')}; "
                   f"{plural(built.quality_findings, 'data-quality finding')} "
                   "(see the Data quality sheet).", err=True)
    if pdf:
        _pdf(built.path)


def _pdf(workbook: Path) -> None:
    """LibreOffice missing is a warning (the workbook is what matters); a failed
    conversion is an error, so that a scheduled run notices."""
    from xlscore.pdf import PdfError, SofficeMissing, convert

    try:
        typer.echo(str(convert(workbook)))
    except SofficeMissing as exc:
        typer.echo(f"warning: {exc}", err=True)
    except (PdfError, OSError) as exc:
        reason = exc if isinstance(exc, PdfError) else f"cannot write the PDF ({exc})"
        typer.echo(f"error: {reason}. The workbook was written; only the PDF is missing.",
                   err=True)
        raise typer.Exit(1) from None


@app.command()
def template(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, month: str | None = NEXT_MONTH,
             quiet: bool = QUIET) -> None:
    """Write a blank extract to fill, inputs/YYYY-MM.xlsx, and print its path.

    One row per measure an extract carries; never overwrites an existing extract.

    Example: xlscore template --month 2021-01
    """
    from xlscore.monthly import next_month, template_path
    from xlscore.writers.template import write_template

    problems = Problems()
    loaded = _catalogue(catalogue, problems)
    chosen = next_month(inputs, loaded, month, problems)
    path = template_path(inputs, chosen, problems) if chosen else None
    if path is None or problems.errors:
        fail(problems)
    try:
        count = write_template(loaded, chosen, path)
    except FileExistsError:
        problems.error("already exists: the template never overwrites an extract; fill in "
                       "that file, or delete it first", file=str(path))
        fail(problems)
    except OSError as exc:
        cannot_write(problems, "the template", exc, path)
    report(problems)
    typer.echo(str(path))
    if not quiet:
        typer.echo(f"{chosen}: template with {plural(count, 'measure')} to fill; then run "
                   "xlscore check.", err=True)


@app.command()
def check(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, month: str | None = MONTH,
          quiet: bool = QUIET) -> None:
    """Check the catalogue, every extract and the benchmarks; write nothing.

    Prints every error and warning with its file and line, and gaps in the months used.
    Exit code 0 when a build would succeed, 1 when it would not.

    Example: xlscore check --month 2020-12
    """
    from xlscore.checking import check as run_check

    problems = Problems()
    checked = run_check(catalogue, inputs, month, problems)
    if problems.errors or checked.loaded is None:
        fail(problems, "a build would stop")
    report(problems)
    if not quiet:
        loaded = checked.loaded
        typer.echo(f"{loaded.month}: a build would succeed; "
                   f"{plural(checked.months_read, 'month')} read, "
                   f"{plural(len(loaded.catalogue.measures), 'measure')}, "
                   f"{plural(len(problems.warnings), 'warning')}.")


@app.command()
def measures(catalogue: Path = CATALOGUE, quiet: bool = QUIET) -> None:
    """Print the catalogue as an aligned plain-text table.

    Columns: section, id, name, unit, period, target, tolerance, direction.
    Targets set by financial year show as 2020/21: 95.0; 2021/22: 96.0.

    Example: xlscore measures | grep percent
    """
    from xlscore.listing import table

    problems = Problems()
    loaded = _catalogue(catalogue, problems, "nothing to list")
    report(problems)
    typer.echo(table(loaded))
    if not quiet:
        typer.echo(f"{plural(len(loaded.measures), 'measure')} in "
                   f"{plural(len(loaded.sections), 'section')} ({catalogue}).", err=True)


@app.command()
def init(folder: Path = FOLDER, authority: str = AUTHORITY, quiet: bool = QUIET) -> None:
    """Start a new authority's folder from the standard catalogue.

    Writes FOLDER/measures.yaml: the sample's measures under the new name, population to fill.
    Adds empty inputs/ and outputs/ and a README.md of the monthly steps.
    Refuses if FOLDER/measures.yaml exists.

    Example: xlscore init bracknell --authority "Bracknell Forest"
    """
    from xlscore.initialise import InitError, initialise

    problems = Problems()
    try:
        created = initialise(folder, authority)
    except InitError as exc:
        problems.error(str(exc))
        fail(problems)
    except OSError as exc:
        problems.error(f"cannot create it ({exc.strerror or exc})", file=str(folder))
        fail(problems)
    typer.echo(str(created.folder))
    if not quiet:
        typer.echo(f"Created {created.catalogue} for {authority.strip()}, inputs/ and "
                   f"outputs/. Next: fill in population in measures.yaml, then cd {folder} "
                   "&& xlscore template --month YYYY-MM.", err=True)


def _catalogue(path: Path, problems: Problems, outcome: str = "nothing was written"):
    """The catalogue, or exit 1 with every problem in it."""
    from xlscore.catalogue import load_catalogue

    catalogue = load_catalogue(path, problems)
    if catalogue is None or problems.errors:
        fail(problems, outcome)
    return catalogue


def main() -> None:
    # A run is short and makes many small objects (cells, styles) that live until the end:
    # the cyclic garbage collector would only walk them again and again. Measured: a tenth
    # of a build's time (scripts/benchmark.py).
    gc.disable()
    from xlscore.files import Terminated

    try:
        app(prog_name="xlscore")
    except Terminated:  # SIGTERM while writing: the temporary file is gone; stop as told
        typer.echo("stopped (SIGTERM): nothing in the output folder was changed", err=True)
        sys.exit(143)


if __name__ == "__main__":
    sys.exit(main())
