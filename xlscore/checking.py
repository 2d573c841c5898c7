"""`xlscore check`: everything a build would find, plus what a build would quietly show as n/a.

A build stops only on errors. The analyst also wants to hear, before sending the
scorecard, about the months it will read that have no extract, the measures the month's
extract leaves out, and the months that have no target for their financial year.
"""

from __future__ import annotations

from xlscore.model import Catalogue, Measure, Unit
from xlscore.periods import FinancialYear, Month, latest_full_quarter
from xlscore.pipeline import CatalogueSource, calculate, load, read_catalogue, review
from xlscore.problems import InputError, Problems
from xlscore.quality import Check, Finding
from xlscore.records import record
from xlscore.sources import BenchmarkSource, Extracts, Loaded


@record
class Checked:
    """What a build of `month` would read; None fields when the inputs cannot be built."""

    loaded: Loaded | None
    months_read: int


def check(catalogue: CatalogueSource, extracts: Extracts, month: str | None,
          problems: Problems, benchmarks: BenchmarkSource | None = None) -> Checked:
    """Collect every error and warning in `problems`; write nothing, raise nothing."""
    chosen = read_catalogue(catalogue, problems)
    try:
        loaded = load(chosen, extracts, month, problems, benchmarks)
    except InputError:
        if chosen is not None:
            _population_without_build(chosen, extracts, month, problems)
        return Checked(None, 0)
    try:
        card = calculate(loaded, problems)
    except InputError:  # its problems are collected; the checks below go on
        card = None
    if card is not None:
        _quality(review(card, loaded, problems).findings, problems)
    _gaps(loaded, extracts, problems)
    _blanks(loaded, extracts, problems)
    _targets(loaded, problems)
    _population_unused(loaded, problems)
    return Checked(loaded, len(loaded.facts.months))


def months_used(catalogue: Catalogue, month: Month) -> dict[Month, list[str]]:
    """The months a build of `month` reads, each with the columns it feeds."""
    quarter = latest_full_quarter(month)
    used: dict[Month, list[str]] = {}
    for each, column in ((catalogue.baseline or month.financial_year.april, "Baseline"),
                         *((m, f"Full quarter {quarter}") for m in quarter.months),
                         (month.shift(-1), "Previous Month"), (month, "Current Month")):
        used.setdefault(each, []).append(column)
    return dict(sorted(used.items()))


def _gaps(loaded: Loaded, extracts: Extracts, problems: Problems) -> None:
    for month, columns in months_used(loaded.catalogue, loaded.month).items():
        if month not in loaded.facts.months:
            shows = "; ".join("flow measures' Full quarter shows n/a" if c.startswith("Full")
                              else f"the {c} column shows n/a" for c in columns)
            fix = (f"add {month}.csv or .xlsx" if extracts.folder is not None
                   else f"add rows for {month}")
            problems.warning(f"no extract for {month} ({', '.join(columns)}): {shows}; "
                             f"{fix} to fill it", file=extracts.where,
                             code="check.month-missing", period=str(month))


_ASKED = (Check.MISSING_MEASURE, Check.ZERO_OVER_ZERO, Check.ANNEX_A_NOT_AVAILABLE,
          Check.ANNEX_A_EXCLUDED, Check.ANNEX_A_SET_ASIDE)


def _quality(findings: tuple[Finding, ...], problems: Problems) -> None:
    """The Data quality sheet's findings that ask for a fix in an extract: a measure with no
    row, a 0/0, and what the Annex A extracts left out (rows by number, months without a
    figure). Missing months are said by _gaps (with the columns they feed); benchmarks
    published as n/a or suppressed are as they should be, so they stay on the sheet only."""
    for finding in findings:
        if finding.check in _ASKED:
            problems.add(finding.as_problem())


def _blanks(loaded: Loaded, extracts: Extracts, problems: Problems) -> None:
    """A blank figure is legitimate (not available), but worth a word before circulating."""
    facts = [loaded.facts.get(loaded.month, m.id) for m in loaded.catalogue.measures]
    given = [f for f in facts if f is not None]
    blank = [f for f in given if f.value is None and not f.zero_over_zero]
    if not blank:
        return
    where = loaded.inputs.file_of(loaded.month, blank[0]) or extracts.where
    month = str(loaded.month)  # a month blank throughout is an error of the build's
    ids = ", ".join(f.measure for f in blank)
    problems.warning(f"{len(blank)} measure(s) blank in {loaded.month}, shown as n/a: {ids}",
                     file=where, code="check.blank", period=month)


def _targets(loaded: Loaded, problems: Problems) -> None:
    years = sorted({m.financial_year for m in months_used(loaded.catalogue, loaded.month)})
    for measure in loaded.catalogue.measures:
        if not measure.has_target:
            continue
        for year in years:
            if measure.target_for(year) is None:
                given = ", ".join(str(y) for y, _ in measure.targets)
                problems.warning(f"has a target for {given} but none for {year}: its "
                                 f"{year} months are not rated; add \"{year}\": <target> "
                                 "under its target", file=loaded.catalogue.source,
                                 measure=measure.id, code="check.no-target-for-year",
                                 period=str(year))


def _population_unused(loaded: Loaded, problems: Problems) -> None:
    """A missing population is an error only once a count needs it; say so earlier."""
    reported = {p.period for p in problems.errors if p.code == "population.missing"}
    catalogue = loaded.catalogue
    for year in _years_needing_population(catalogue, loaded.month):
        if str(year) not in reported:
            problems.warning(_no_population(catalogue, year) + "; until then its rates show n/a",
                             file=catalogue.source, line=catalogue.lines.get("population"),
                             code="population.missing", period=str(year))


def _population_without_build(catalogue: Catalogue, extracts: Extracts, month: str | None,
                              problems: Problems) -> None:
    """When the build stops early, still name the population it will need."""
    if not _rates(catalogue):
        return
    months = set(Month.each_parsed([month] if month else [])) or extracts.months_named()
    reported = {p.period for p in problems.errors if p.code == "population.missing"}
    if not months:
        if not catalogue.population:
            problems.error("no population for any year: rates per 10,000 ("
                           + ", ".join(m.id for m in _rates(catalogue)) + ") need the number "
                           "of children aged 0-17 for each financial year you build, e.g. "
                           'population: {"2021/22": 41000}', file=catalogue.source,
                           line=catalogue.lines.get("population"), code="population.none")
        return
    for year in _years_needing_population(catalogue, max(months)):
        if str(year) not in reported:
            problems.error(_no_population(catalogue, year), file=catalogue.source,
                           line=catalogue.lines.get("population"), code="population.missing",
                           period=str(year))


def _rates(catalogue: Catalogue) -> list[Measure]:
    return [m for m in catalogue.measures if m.unit is Unit.RATE]


def _years_needing_population(catalogue: Catalogue, month: Month) -> list[FinancialYear]:
    if not _rates(catalogue):
        return []
    years = {m.financial_year for m in months_used(catalogue, month)}
    return sorted(y for y in years if catalogue.population_for(y) is None)


def _no_population(catalogue: Catalogue, year: FinancialYear) -> str:
    rates = ", ".join(m.id for m in _rates(catalogue))
    return (f"no population for {year}: the rates per 10,000 ({rates}) need it; add "
            f'"{year}": <children aged 0-17> under population, or run xlscore population '
            "ONS_FILE")
