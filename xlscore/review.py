"""What the Summary, Trend, Charts, Data and Data quality sheets show, calculated once per build."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from xlscore.calculator import Calculator, Scorecard
from xlscore.comparisons import Comparison, compare
from xlscore.dataset import Record, records
from xlscore.periods import Month
from xlscore.problems import Problems, Severity
from xlscore.quality import Finding, find, left_out_of_spc
from xlscore.records import record
from xlscore.revisions import PreviousPack, Revision, by_key, find_revisions
from xlscore.summary import Summary, summarise
from xlscore.trends import Trend, build_trend

if TYPE_CHECKING:
    from xlscore.sources import Loaded
    from xlscore.spc import Spc


@record
class Review:
    """What the Summary, Trend, Charts, Data and Data quality sheets show, calculated once."""

    summary: Summary
    trend: Trend
    findings: tuple[Finding, ...]
    records: tuple[Record, ...] = ()  # the Data sheet: every figure shown, by measure and month
    revisions: tuple[Revision, ...] = ()
    previous: PreviousPack | None = None  # the pack the revisions were looked for in
    spc: Spc | None = None  # only when the catalogue has an `spc:` block
    # The Benchmarks sheet: only when benchmarks.csv holds more than one year of a measure.
    comparison: Comparison | None = None

    @property
    def revised(self) -> dict[tuple[str, Month], Revision]:
        """Each revision by (measure id, month): the cells showing that figure carry it."""
        return by_key(self.revisions)


def review(card: Scorecard, loaded: Loaded, problems: Problems,
           previous: PreviousPack | None = None) -> Review:
    """The trend window, the month's summary, every figure as a record, the revisions since
    `previous` and the data-quality findings.

    The window may reach months the Scorecard never looks at: a rate there that cannot be
    computed (no population for that year) is a warning, not a reason to refuse the build.
    """
    side = Problems()
    calc = Calculator(loaded.catalogue, loaded.facts, side)
    trend = build_trend(card, calc)
    summary = summarise(card, calc)
    figures = records(card, calc, trend)
    settings = loaded.catalogue.spc
    spc = None
    if settings is not None:  # imported only when asked for: a build without SPC stays lean
        from xlscore.spc import build_spc

        spc = build_spc(card, calc, settings, trend.months)
    said = set(problems.items)  # the Scorecard's own calculator said some already
    problems.items.extend(dict.fromkeys(
        w for p in side.items if (w := replace(p, severity=Severity.WARNING)) not in said))
    revisions: tuple[Revision, ...] = ()
    if previous is not None:
        revisions = find_revisions(figures, previous)
    findings = find(loaded.catalogue, loaded.inputs, loaded.facts, loaded.benchmarks,
                    trend.months, problems.warnings, revisions, card.quarter, card.month)
    if spc is not None:
        findings = (*findings, *left_out_of_spc(spc, loaded.facts))
    if loaded.annex_a is not None:
        from xlscore.annex_a import findings as annex_a

        findings = (*annex_a.covered(findings, loaded.annex_a, loaded.inputs),
                    *annex_a.findings(loaded.annex_a, loaded.facts, {r.month for r in figures}))
    return Review(summary, trend, findings, figures, revisions, previous, spc,
                  compare(loaded.catalogue, loaded.benchmarks))
