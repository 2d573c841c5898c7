"""What the Summary, Trend, Charts and Data quality sheets show, calculated once per build."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from xlscore.calculator import Calculator, Scorecard
from xlscore.problems import Problems, Severity
from xlscore.quality import Finding, find
from xlscore.records import record
from xlscore.summary import Summary, summarise
from xlscore.trends import Trend, build_trend

if TYPE_CHECKING:
    from xlscore.pipeline import Loaded


@record
class Review:
    """What the Summary, Trend, Charts and Data quality sheets show, calculated once."""

    summary: Summary
    trend: Trend
    findings: tuple[Finding, ...]


def review(card: Scorecard, loaded: Loaded, problems: Problems) -> Review:
    """The trend window, the month's summary and the data-quality findings.

    The window may reach months the Scorecard never looks at: a rate there that cannot be
    computed (no population for that year) is a warning, not a reason to refuse the build.
    """
    side = Problems()
    calc = Calculator(loaded.catalogue, loaded.facts, side)
    trend = build_trend(card, calc)
    summary = summarise(card, calc)
    problems.items.extend(replace(p, severity=Severity.WARNING) for p in side.items)
    findings = find(loaded.catalogue, loaded.inputs, loaded.facts, loaded.benchmarks,
                    trend.months, problems.warnings)
    return Review(summary, trend, findings)


