"""The one-way flow: catalogue -> extracts -> calculator -> review, with problems collected.

Sources may be files (the CLI) or objects already in memory (the Python API): each step takes
either and checks them by the same rules. Writing the workbook is the caller's last step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlscore.calculator import Scorecard, build_scorecard
from xlscore.catalogue import catalogue_from_dict, load_catalogue
from xlscore.extracts import Facts, check_month
from xlscore.model import Catalogue
from xlscore.periods import Month
from xlscore.problems import InputError, Problems
from xlscore.records import record
from xlscore.review import Review, review
from xlscore.revisions import PreviousPack
from xlscore.sources import BenchmarkSource, Extracts, Loaded

if TYPE_CHECKING:
    from xlscore.annex_a.build import AnnexA

CatalogueSource = Catalogue | Mapping[str, Any] | Path | str


def read_catalogue(source: CatalogueSource | None, problems: Problems) -> Catalogue | None:
    """A catalogue given as itself, a mapping (as `measures.yaml` would hold) or a path."""
    if source is None or isinstance(source, Catalogue):
        return source
    if isinstance(source, Mapping):
        return catalogue_from_dict(source, problems)
    return load_catalogue(Path(source), problems)


def load(catalogue: CatalogueSource | None, inputs: Path | str | Extracts, month: str | None,
         problems: Problems, benchmarks: BenchmarkSource | None = None,
         today: date | None = None) -> Loaded:
    """Read and check the catalogue, every extract and the benchmarks; raise InputError with
    every problem found if any of them cannot be built from.

    `benchmarks` None takes the benchmarks file of an extracts folder, if it has one.
    `today` dates the build (a month after it is suspect).
    """
    chosen_catalogue = read_catalogue(catalogue, problems)
    problems.raise_if_errors()  # extracts cannot be checked against a broken catalogue
    assert chosen_catalogue is not None
    extracts = inputs if isinstance(inputs, Extracts) else Extracts(folder=Path(inputs))
    try:
        found, facts = extracts.read(chosen_catalogue, problems)
    except OSError as exc:  # a folder that cannot be listed: a problem like any other
        problems.error(f"cannot read it ({exc.strerror or exc}); check its permissions",
                       file=exc.filename or extracts.where, code="input.cannot-read")
        raise InputError(problems) from exc
    annex_a = _annex_a(extracts, chosen_catalogue, facts, problems)
    if benchmarks is None:
        benchmarks = BenchmarkSource(path=found.benchmarks)
    read = benchmarks.read(chosen_catalogue, problems)
    if chosen_catalogue.benchmarks and read.file is None:
        folder = extracts.folder
        fix = ("add benchmarks.csv" if folder is not None
               else "pass benchmarks (xlscore.benchmarks_from_frame or _from_records)")
        if folder is None or folder.is_dir():
            problems.warning("no benchmarks file: the Annual return and benchmark columns show "
                             f"n/a; {fix} to show them", file=extracts.where,
                             code="benchmarks.none")
    chosen = _month(month, facts, extracts, problems)
    if chosen in facts.months:
        check_month(chosen, found, facts, problems, today or date.today())
    problems.raise_if_errors()
    return Loaded(chosen_catalogue, found, facts, read, chosen, annex_a)


def _annex_a(extracts: Extracts, catalogue: Catalogue, facts: Facts,
             problems: Problems) -> AnnexA | None:
    """The figures worked out from `inputs/annex-a/`, merged into `facts`; read only when
    the folder is there (a build without it imports none of it)."""
    if extracts.folder is None:
        return None
    folder = extracts.folder / "annex-a"
    if not folder.is_dir():
        return None
    from xlscore.annex_a.build import load as load_annex_a

    return load_annex_a(folder, catalogue, facts, problems)


def month_given(month: str | Month, problems: Problems) -> Month | None:
    """The month a user named (`--month YYYY-MM`), or None with the problem said."""
    if isinstance(month, Month):
        return month
    try:
        return Month.parse(month)
    except ValueError as exc:
        problems.error(f"--month: {exc}", code="month.not-a-month")
        return None


def _month(month: str | Month | None, facts: Facts, extracts: Extracts,
           problems: Problems) -> Month:
    where = extracts.where
    if month is not None:
        chosen = month_given(month, problems)
        if chosen is None:
            return Month(1, 1)
        if chosen not in facts.months:
            fix = (f"add {chosen}.csv or .xlsx" if extracts.folder is not None
                   else "add its rows")
            problems.error(f"--month {chosen}: there is no extract for that month; {fix}, "
                           "or choose another month", file=where, code="month.no-extract",
                           period=str(chosen))
        return chosen
    if not facts.months:
        problems.error("no monthly extract found: add one named YYYY-MM.csv or YYYY-MM.xlsx",
                       file=where, code="month.none")
        return Month(1, 1)
    return max(facts.months)


def calculate(loaded: Loaded, problems: Problems) -> Scorecard:
    card = build_scorecard(loaded.catalogue, loaded.facts, loaded.benchmarks, loaded.month,
                           problems)
    problems.raise_if_errors()
    return card


def prepare(catalogue: CatalogueSource | None, inputs: Path | str | Extracts,
            month: str | None, problems: Problems,
            benchmarks: BenchmarkSource | None = None,
            previous: Callable[[Scorecard], PreviousPack | None] | None = None,
            today: date | None = None, as_at: date | None = None,
            ) -> tuple[Loaded, Scorecard, Review]:
    """Everything a workbook shows, checked; raise InputError with every problem found.

    `previous` finds the last pack for the scorecard, so that its revisions are flagged;
    `as_at` is the date the figures stand at (default: the month's last day)."""
    loaded = load(catalogue, inputs, month, problems, benchmarks, today)
    card = replace(calculate(loaded, problems), as_at=as_at)
    pack = previous(card) if previous is not None else None
    return loaded, card, review(card, loaded, problems, pack)


@record
class Built:
    path: Path
    scorecard: Scorecard
    loaded: Loaded
    review: Review

    @property
    def revisions(self) -> int:
        """How many figures differ from the previous pack (listed on Data quality)."""
        return len(self.review.revisions)

    @property
    def quality_findings(self) -> int:
        """How many data-quality findings the workbook lists (its `Data quality` sheet)."""
        return len(self.review.findings)


def previous_pack(card: Scorecard, out_dir: Path | None, compare_with: Path | None,
                  problems: Problems) -> PreviousPack | None:
    """The pack to look for revisions in: `compare_with`, else the same authority's pack for
    the most recent earlier month in `out_dir`; None (with a warning if it cannot be used)."""
    from xlscore.previous import latest_before, read_pack

    path = compare_with
    if path is None and out_dir is not None:
        try:
            path = latest_before(out_dir, card.catalogue.slug, card.month)
        except OSError as exc:  # the folder cannot be listed: no revisions, not no build
            problems.warning(f"cannot check for revisions: cannot list the folder "
                             f"({exc.strerror or exc})", file=str(out_dir),
                             code="revisions.cannot-list")
            return None
    if path is None:
        return None
    pack = read_pack(path, problems)
    if pack is not None and pack.authority != card.catalogue.authority:
        problems.warning(f"cannot check for revisions: this pack is {pack.authority}'s, not "
                         f"{card.catalogue.authority}'s; give --compare-with the path of "
                         "your last pack", file=str(path), code="revisions.other-authority")
        return None
    if pack is not None and pack.month > card.month:
        problems.warning(f"cannot check for revisions: this is the {pack.month.label} pack, "
                         f"later than {card.month.label}, the month built; give "
                         "--compare-with the pack of an earlier month", file=str(path),
                         code="revisions.later-pack")
        return None
    return pack


def build(catalogue_path: Path, inputs_dir: Path, out_dir: Path, month: str | None,
          problems: Problems, today: date | None = None,
          compare_with: Path | None = None, as_at: date | None = None) -> Built:
    """Build the workbook from files. Nothing is written unless every check passed; the
    last pack in `out_dir` (or `compare_with`) is read for revisions."""
    from xlscore.writers.workbook import build_workbook, save_atomically, workbook_name

    loaded, card, checked = prepare(
        catalogue_path, inputs_dir, month, problems, today=today, as_at=as_at,
        previous=lambda card: previous_pack(card, out_dir, compare_with, problems))
    path = out_dir / workbook_name(card)
    save_atomically(build_workbook(card, checked, today or date.today()), path)
    return Built(path, card, loaded, checked)
