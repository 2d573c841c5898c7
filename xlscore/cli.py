"""The `xlscore` command. Problems found in the user's files are printed once, here."""

from __future__ import annotations

import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from xlscore.problems import InputError, OutputError, Problem, Problems, cannot_write
from xlscore.version import __version__

if TYPE_CHECKING:
    from xlscore import api
    from xlscore.model import Catalogue, PdfSettings

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
COMPARE_WITH = typer.Option(None, "--compare-with", help="The earlier pack to flag revisions "
                            "against; default: the latest earlier month's in --out.")


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


AS_AT = typer.Option(None, "--as-at", help="YYYY-MM-DD: the date the figures stand at, on "
                     "the Cover and under every title; default: the month's last day.")
STRICT = typer.Option(False, "--strict", help="Treat every warning as an error (exit 1).")
FORMAT = typer.Option(Format.TEXT, "--format", help="text (for people) or json (for tools).")
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


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@app.command()
def build(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, out: Path = OUT,
          month: str | None = MONTH, pdf: bool = PDF, quiet: bool = QUIET,
          compare_with: Path | None = COMPARE_WITH, as_at: str | None = AS_AT) -> None:
    """Build the scorecard workbook for a month and print its path.

    Example: xlscore build --month 2020-12 --pdf --as-at 2021-01-04
    """
    from xlscore import api
    from xlscore.files import remove_leftovers

    try:
        scorecard = api.build(catalogue, inputs, month=month, compare_with=compare_with,
                              outputs=out, as_at=as_at)
        warnings = Problems(list(scorecard.warnings))
        remove_leftovers(out / scorecard.file_name, warnings)  # its PDF's too: the same stem
        path = scorecard.to_xlsx(out / scorecard.file_name)
    except InputError as exc:
        fail(exc.problems)
    except OutputError as exc:
        fail(_one(exc.problem))
    report(warnings)
    typer.echo(str(path))
    if not quiet:
        overall = scorecard.summary.overall
        typer.echo(f"{scorecard.month}: {plural(scorecard.months_read, 'month')} read, "
                   f"{plural(overall.measures, 'measure')}, {overall.green} green, "
                   f"{overall.amber} amber, {overall.red} red against target this month; "
                   f"{plural(len(warnings.warnings), 'warning')}; "
                   f"{plural(len(scorecard.findings), 'data-quality finding')}"
                   f"{_revised(scorecard)} (see the Data quality sheet).", err=True)
        spc = scorecard.review.spc
        if spc is not None:
            from xlscore.spc import Kind

            few = len(spc.too_few)
            if few == len(spc.analyses):
                typer.echo(f"SPC: n/a for every measure: fewer than {spc.settings.min_points} "
                           "months of figures; special causes show from then on.", err=True)
            else:
                typer.echo("special cause this month (SPC): " + ", ".join(
                    f"{len(spc.special_causes(kind))} {kind.value.lower()}" for kind in Kind)
                    + (f"; {plural(few, 'measure')} with too few months (n/a)" if few else "")
                    + " (see the Summary sheet).", err=True)
    if pdf:
        _pdf(path, scorecard.catalogue.pdf)


def _one(problem: Problem) -> Problems:
    problems = Problems()
    problems.add(problem)
    return problems


def _revised(scorecard: api.Scorecard) -> str:
    previous = scorecard.review.previous
    if previous is None:
        return ", no earlier pack to check for revisions"
    return (f", of which {plural(len(scorecard.review.revisions), 'revision')} since the "
            f"{previous.month.label} pack")


def _pdf(workbook: Path, settings: PdfSettings) -> None:
    """LibreOffice missing is a warning (the workbook is what matters); a failed
    conversion is an error, so that a scheduled run notices."""
    from xlscore.pdf import PdfError, SofficeMissing, convert

    try:
        typer.echo(str(convert(workbook, settings=settings)))
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
    from xlscore.template import write_template

    problems = Problems()
    loaded = _catalogue(catalogue, problems)
    try:
        written = write_template(loaded, inputs, month, problems)
    except InputError:
        fail(problems)
    except OutputError as exc:
        fail(_one(exc.problem))
    report(problems)
    typer.echo(str(written.path))
    if not quiet:
        typer.echo(f"{written.month}: template with {plural(written.measures, 'measure')} to "
                   "fill; then run xlscore check.", err=True)


@app.command()
def check(catalogue: Path = CATALOGUE, inputs: Path = INPUTS, month: str | None = MONTH,
          output_format: Format = FORMAT, strict: bool = STRICT, quiet: bool = QUIET) -> None:
    """Check the catalogue, every extract and the benchmarks; write nothing.

    Prints every error and warning with its file and line, and gaps in the months used.
    Exit code 0 when a build would succeed, 1 when it would not (with --strict, also when
    there is any warning). With --format json, prints {"ok", "month", "problems": [{code,
    severity, message, file, line, measure, period}]}.

    Example: xlscore check --month 2020-12 --strict
    """
    from xlscore import api

    found = api.check(catalogue, inputs, month=month)
    ok = found.ok and not (strict and found.warnings)
    if output_format is Format.JSON:
        import json

        typer.echo(json.dumps({"ok": ok, "month": str(found.month) if found.month else None,
                               "problems": found.as_dicts()}, indent=2))
        if not ok:
            raise typer.Exit(1)
        return
    problems = Problems()
    for problem in found.problems:
        problems.add(problem)
    if not found.ok or found.month is None:
        fail(problems, "a build would stop")
    if not ok:
        report(problems)
        typer.echo(f"--strict: {plural(len(found.warnings), 'warning')}, each counted as an "
                   "error; fix them, or check without --strict.", err=True)
        raise typer.Exit(1)
    report(problems)
    if not quiet:
        typer.echo(f"{found.month}: a build would succeed; "
                   f"{plural(found.months_read, 'month')} read, "
                   f"{plural(found.measures, 'measure')}, "
                   f"{plural(len(found.warnings), 'warning')}.")


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
        problems.error(str(exc), code=exc.code)
        fail(problems)
    except OSError as exc:
        problems.error(f"cannot create it ({exc.strerror or exc})", file=str(folder),
                       code="output.cannot-write")
        fail(problems)
    typer.echo(str(created.folder))
    if not quiet:
        typer.echo(f"Created {created.catalogue} for {authority.strip()}, inputs/ and "
                   f"outputs/. Next: fill in population in measures.yaml, then cd {folder} "
                   "&& xlscore template --month YYYY-MM.", err=True)


AUDIT = typer.Option(None, "--audit", help="Also write the child-level audit (which row "
                     "of which list counted where, with child IDs) to this CSV file. It holds "
                     "personal data.")
ANNEX_A_MONTH = typer.Option(None, "--month", help="YYYY-MM; default: every month the "
                             "extracts give.")


@app.command("annex-a")
def annex_a(catalogue: Path = CATALOGUE, inputs: Path = INPUTS,
            month: str | None = ANNEX_A_MONTH, audit: Path | None = AUDIT,
            quiet: bool = QUIET) -> None:
    """Print each Annex A figure (numerator, denominator, figure, extract) for every month
    the extracts in INPUTS/annex-a give; build no pack.

    Example: xlscore annex-a --month 2020-12 --audit annex-a-audit-2020-12.csv
    """
    from xlscore.annex_a import report as annex_report
    from xlscore.annex_a.build import FOLDER, read, ruled, work_out
    from xlscore.pipeline import month_given

    problems = Problems()
    loaded = _catalogue(catalogue, problems, "nothing to show")
    folder = inputs / FOLDER
    chosen = month_given(month, problems) if month is not None else None
    if not ruled(loaded):
        problems.error(f"no measure in {catalogue} has an annex_a: rule: add one (e.g. "
                       "annex_a: referrals) to the measures Annex A should give",
                       file=str(catalogue), code="annexa.no-rules")
    if not folder.is_dir():
        problems.error("no Annex A folder: put each month-end extract in it, its date in its "
                       "name (annex-a-2020-12-31.xlsx)", file=str(folder),
                       code="annexa.no-folder")
    if problems.errors:
        fail(problems, "nothing to show")
    extracts = read(folder, problems)
    if problems.errors:
        fail(problems, "nothing to show")
    annex = work_out(loaded, extracts, str(folder), chosen, audit=audit is not None)
    if chosen is not None and chosen not in annex.months:
        problems.error(f"--month {chosen}: no Annex A extract gives that month; they give "
                       + (f"{annex.months[0]} to {annex.months[-1]}" if annex.months
                          else "none"), file=str(folder), code="annexa.month-not-given",
                       period=str(chosen))
        fail(problems, "nothing to show")
    results = annex_report.chosen(annex, chosen)
    if audit is not None:
        try:
            written = annex_report.write_audit(results, audit)
        except OSError as exc:
            fail(_one(cannot_write("the audit", exc, audit)))
        problems.warning(f"holds personal data about children ({written:,} rows with child "
                         "IDs): keep it out of shared folders and email, and delete it when "
                         "you are done", file=str(audit), code="annexa.audit-written")
    report(problems)
    typer.echo(annex_report.table(results))
    if not quiet:
        typer.echo(f"{plural(len(annex.extracts), 'extract')} read from {folder}; "
                   f"{plural(len({r.month for r in results}), 'month')}, "
                   f"{plural(len(ruled(loaded)), 'measure')} with a rule.", err=True)


DFE_FOLDER = typer.Argument(..., help="The folder of DfE open-data CSVs, as downloaded.")
DFE_PERIOD = typer.Option(None, "--period", help="Financial year, e.g. 2019/20; default: "
                          "benchmarks.period.")
FORCE = typer.Option(False, "--force", help="Replace benchmarks.csv without keeping a "
                     "dated backup (benchmarks.YYYY-MM-DD.csv.bak).")
DFE_YEARS = typer.Option(1, "--years", help="How many reporting years, ending with the "
                         "period, to work out (each with its rank in England).")
ONS_FILE = typer.Argument(..., help="The ONS mid-year estimates CSV, as DfE publishes it.")
PRINT = typer.Option(False, "--print", help="Print the population block instead of writing it.")


@app.command()
def benchmarks(folder: Path = DFE_FOLDER, period: str | None = DFE_PERIOD, force: bool = FORCE,
               catalogue: Path = CATALOGUE, inputs: Path = INPUTS, quiet: bool = QUIET,
               years: int = DFE_YEARS) -> None:
    """Write inputs/benchmarks.csv from DfE's published files and print where each figure
    came from. The existing file is kept as benchmarks.YYYY-MM-DD.csv.bak (today's date).

    Example: xlscore benchmarks ~/Downloads/dfe --period 2023/24 --years 5
    """
    from xlscore.dfe import write_benchmarks

    problems = Problems()
    try:
        written = write_benchmarks(catalogue, inputs, folder, period, force, problems, years)
    except InputError:
        fail(problems)
    except OSError as exc:
        fail(_one(cannot_write("the benchmarks", exc, inputs / "benchmarks.csv")))
    report(problems)
    for line in [] if quiet else written.report():
        typer.echo(line, err=True)
    typer.echo(str(written.path))


@app.command()
def population(file: Path = ONS_FILE, print_only: bool = PRINT, catalogue: Path = CATALOGUE,
               quiet: bool = QUIET) -> None:
    """Set the catalogue's population (children aged 0-17 by financial year) from the ONS
    file, keeping the catalogue's comments and layout; or print the block with --print.

    Example: xlscore population ons_mid-year_population_estimates_2012_to_2024.csv
    """
    from xlscore.dfe import population_block, set_population

    problems = Problems()
    try:
        found = population_block(catalogue, file, problems)
        if not print_only:
            set_population(found, problems)
    except InputError:
        fail(problems)
    except OSError as exc:
        fail(_one(cannot_write("the catalogue", exc, catalogue)))
    report(problems)
    if print_only:
        typer.echo(found.block())
        return
    typer.echo(str(catalogue))
    if not quiet:
        changes = "; ".join(f"{y}: {b if b is not None else 'new'} -> {a}"
                            for y, b, a in found.changed) or "no change"
        typer.echo(f"{found.authority}: population for {plural(len(found.years), 'year')} "
                   f"from {found.source} ({changes}).", err=True)


def _catalogue(path: Path, problems: Problems, outcome: str = "nothing was written") -> Catalogue:
    """The catalogue, or exit 1 with every problem in it."""
    from xlscore import api

    try:
        return api.load_catalogue(path)
    except InputError as exc:
        problems.extend(exc.problems)
        fail(problems, outcome)


def _asked(argv: list[str]) -> typer.Typer:
    """The app with only the command named on the command line, when it names one: typer
    builds the parser of every command it holds before reading the first argument (2 ms of
    a 0.2 s build). `xlscore --help` and a mistyped command still see them all."""
    from copy import copy

    from typer.main import get_command_name

    named = [c for c in app.registered_commands if len(argv) > 1 and c.callback is not None
             and get_command_name(c.name or c.callback.__name__) == argv[1]]
    if len(named) != 1:
        return app
    asked = copy(app)
    asked.registered_commands = named
    return asked


def main() -> None:
    # A run is short and makes many small objects (cells, styles) that live until the end:
    # the cyclic garbage collector would only walk them again and again. Measured: a tenth
    # of a build's time (scripts/benchmark.py).
    gc.disable()
    from xlscore.files import Terminated

    try:
        _asked(sys.argv)(prog_name="xlscore", standalone_mode=True)
    except Terminated:  # SIGTERM while writing: the temporary file is gone; stop as told
        typer.echo("stopped (SIGTERM): nothing in the output folder was changed", err=True)
        sys.exit(143)
    finally:
        # Python's last collection at exit walks every object a build left (tens of
        # thousands of cells and styles), even with the collector disabled; frozen objects
        # are skipped (about 19 ms of a sample build). The `xlscore` command goes further
        # and exits without tearing down at all (__main__.py); this serves other callers.
        gc.freeze()


if __name__ == "__main__":
    main()
