"""The `xlscore` command. Problems found in the user's files are printed once, here."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from xlscore import __version__
from xlscore.problems import InputError, Problems

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build the monthly children's services performance scorecard workbook.")

CATALOGUE = typer.Option(Path("measures.yaml"), "--catalogue", help="The measure catalogue.")
INPUTS = typer.Option(Path("inputs"), "--inputs", help="Folder of monthly extracts.")
OUT = typer.Option(Path("outputs"), "--out", help="Folder the workbook is written to.")
MONTH = typer.Option(None, "--month", help="YYYY-MM; default: the latest extract.")
QUIET = typer.Option(False, "--quiet", "-q", help="Print only the path, errors and warnings.")


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
    for problem in problems.errors + problems.warnings:
        typer.echo(f"{problem.severity.value}: {problem}", err=True)


def fail(problems: Problems) -> None:
    report(problems)
    count = len(problems.errors)
    typer.echo(f"{count} error{'s' if count != 1 else ''} found; nothing was written. "
               "Fix them and run again.", err=True)
    raise typer.Exit(1)


@app.command()
def build(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, out: Path = OUT,
          month: str | None = MONTH, quiet: bool = QUIET) -> None:
    """Build the scorecard workbook for a month and print its path.

    Example: xlscore build --month 2020-12
    """
    from xlscore.pipeline import build as run_build

    problems = Problems()
    try:
        built = run_build(catalogue, inputs, out, month, problems)
    except InputError:
        fail(problems)
    except OSError as exc:
        problems.error(f"cannot write the workbook ({exc.strerror or exc}); check that the "
                       "folder is writable and the file is not open in Excel", file=str(out))
        fail(problems)
    report(problems)
    card = built.scorecard
    typer.echo(str(built.path))
    if not quiet:
        counts = {}
        for line in card.lines:
            if line.current.rating:
                counts[line.current.rating.value] = counts.get(line.current.rating.value, 0) + 1
        typer.echo(f"{card.month}: {len(card.lines)} measures, "
                   f"{counts.get('green', 0)} green, {counts.get('amber', 0)} amber, "
                   f"{counts.get('red', 0)} red against target this month; "
                   f"{len(problems.warnings)} warning(s).", err=True)


def main() -> None:
    app(prog_name="xlscore")


if __name__ == "__main__":
    sys.exit(main())
