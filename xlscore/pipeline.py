"""The one-way flow: catalogue -> extracts -> calculator -> writers, with problems collected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xlscore.benchmarks import Benchmarks, read_benchmarks
from xlscore.calculator import Scorecard, build_scorecard
from xlscore.catalogue import load_catalogue
from xlscore.extracts import Facts, Inputs, check_month, discover, read_facts
from xlscore.model import Catalogue
from xlscore.periods import Month
from xlscore.problems import Problems
from xlscore.review import Review, review


@dataclass(frozen=True)
class Loaded:
    """Everything read from the user's files, already checked."""

    catalogue: Catalogue
    inputs: Inputs
    facts: Facts
    benchmarks: Benchmarks
    month: Month


def load(catalogue_path: Path, inputs_dir: Path, month: str | None,
         problems: Problems, today: date | None = None) -> Loaded:
    """Read and check the catalogue, every extract and the benchmarks; raise InputError with
    every problem found if any of them cannot be built from. `today` dates the build (a
    month after it is suspect)."""
    catalogue = load_catalogue(catalogue_path, problems)
    problems.raise_if_errors()  # extracts cannot be checked against a broken catalogue
    inputs = discover(inputs_dir, problems)
    facts = read_facts(inputs, catalogue, problems)
    benchmarks = read_benchmarks(inputs.benchmarks, catalogue, problems)
    if catalogue.benchmarks and inputs.benchmarks is None and inputs_dir.is_dir():
        problems.warning("no benchmarks file: the Annual return and benchmark columns show n/a; "
                         "add benchmarks.csv to show them", file=str(inputs_dir))
    chosen = _month(month, facts, inputs_dir, problems)
    if facts.months and chosen in facts.months:
        check_month(chosen, inputs, facts, problems, today or date.today())
    problems.raise_if_errors()
    return Loaded(catalogue, inputs, facts, benchmarks, chosen)


def _month(month: str | None, facts: Facts, inputs_dir: Path, problems: Problems) -> Month:
    if month is not None:
        try:
            chosen = Month.parse(month)
        except ValueError as exc:
            problems.error(f"--month: {exc}")
            return Month(1, 1)
        if chosen not in facts.months:
            problems.error(f"--month {chosen}: there is no extract for that month; add "
                           f"{chosen}.csv or .xlsx, or choose another month", file=str(inputs_dir))
        return chosen
    if not facts.months:
        problems.error("no monthly extract found: add one named YYYY-MM.csv or YYYY-MM.xlsx",
                       file=str(inputs_dir))
        return Month(1, 1)
    return max(facts.months)


def calculate(loaded: Loaded, problems: Problems) -> Scorecard:
    card = build_scorecard(loaded.catalogue, loaded.facts, loaded.benchmarks, loaded.month,
                           problems)
    problems.raise_if_errors()
    return card


@dataclass(frozen=True)
class Built:
    path: Path
    scorecard: Scorecard
    loaded: Loaded
    review: Review

    @property
    def quality_findings(self) -> int:
        """How many data-quality findings the workbook lists (its `Data quality` sheet)."""
        return len(self.review.findings)


def build(catalogue_path: Path, inputs_dir: Path, out_dir: Path, month: str | None,
          problems: Problems, today: date | None = None) -> Built:
    """Build the workbook. Nothing is written unless every check passed."""
    from xlscore.writers.workbook import build_workbook, save_atomically, workbook_name

    loaded = load(catalogue_path, inputs_dir, month, problems, today)
    card = calculate(loaded, problems)
    checked = review(card, loaded, problems)
    path = out_dir / workbook_name(card)
    save_atomically(build_workbook(card, checked, today or date.today()), path)
    return Built(path, card, loaded, checked)
