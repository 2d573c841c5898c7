"""The domain: measures, their units, directions and targets, and the catalogue that holds them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from functools import cached_property

from xlscore.periods import FinancialYear, Month
from xlscore.records import record

SLUG_LIMIT = 60  # characters of the authority's name in a file name
TOO_LARGE = Decimal("1e15")  # no scorecard figure is this big; bigger cannot be rounded exactly
NA = "n/a"  # what a cell or a text says where there is no figure
_QUANTUM = {0: Decimal(1), 1: Decimal("0.1")}  # by decimals shown


class Unit(Enum):
    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"
    NUMBER = "number"

    @property
    def decimals(self) -> int:
        """Displayed precision: counts whole, everything else to one decimal place."""
        return 0 if self is Unit.COUNT else 1

    def shown(self, value: Decimal | None) -> str:
        """A displayed value as text, as the sheets format it (alt text, comments)."""
        if value is None:
            return NA
        if self is Unit.PERCENT:
            return f"{value:.1f}%"
        return f"{value:,.0f}" if self is Unit.COUNT else f"{value:,.1f}"

    def displayed(self, value: Decimal) -> Decimal:
        """The value as the scorecard shows it, rounded half up; every rating uses this."""
        return value.quantize(_QUANTUM[self.decimals], rounding=ROUND_HALF_UP)


class Direction(Enum):
    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str:
        return "↑ Higher is better" if self is Direction.HIGHER else "↓ Lower is better"

    def better(self, a: Decimal, b: Decimal) -> bool:
        """Is `a` strictly better than `b`?"""
        return a > b if self is Direction.HIGHER else a < b


class PeriodKind(Enum):
    FLOW = "flow"  # happens in the month: a quarter adds its months up
    SNAPSHOT = "snapshot"  # a state at month end: a quarter is its last month


class Travel(Enum):
    """How the current month compares with the previous one, in the measure's direction;
    the words the direction-of-travel cell says beside the direction."""

    IMPROVED = "Improved"
    WORSE = "Worse"
    NO_CHANGE = "No change"


class Rating(Enum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    YELLOW = "yellow"  # improved on last month; used only by the direction-of-travel cell


@record
class Target:
    value: Decimal
    tolerance: Decimal = Decimal(0)


@record
class DfeSource:
    """Where DfE publishes a measure's annual figure: `column` of the open-data file whose
    name starts with `file`, on the rows whose columns hold the values in `where`."""

    file: str
    column: str
    where: tuple[tuple[str, str], ...] = ()


@record
class NeighbourAverage:
    """How the statistical-neighbour column is worked out: which DfE model (None: the newest
    shipped) and the mean or median of the neighbours that have a figure."""

    model: int | None = None
    average: str = "mean"


@record
class AnnexARule:
    """The catalogue's `annex_a:` of a measure: the rule (`xlscore.annex_a.rules.RULES`)
    that works its figure out from the Annex A lists, and the parameters given to it."""

    rule: str
    parameters: tuple[tuple[str, int], ...] = ()
    words: str = field(default="", compare=False)  # the rule in words, for the Notes sheet


@record
class Measure:
    id: str
    name: str
    unit: Unit
    period: PeriodKind
    section: str
    definition: str | None = None
    quarter: bool = True
    targets: tuple[tuple[FinancialYear | None, Target], ...] = ()
    direction: Direction | None = None
    rate_of: str | None = None
    dfe: DfeSource | None = None  # where DfE publishes its annual figure (xlscore benchmarks)
    # Months where the process changed (SPC limits and rules restart there), oldest first.
    rebase: tuple[Month, ...] = ()
    local: bool = False  # `benchmark: local`: no comparator is published, none expected
    annex_a: AnnexARule | None = None  # worked out from inputs/annex-a/ (issue 15)

    @property
    def in_extract(self) -> bool:
        """Rates are derived from their count and never appear in an extract."""
        return self.unit is not Unit.RATE

    @property
    def has_target(self) -> bool:
        return bool(self.targets)

    @property
    def quarter_needs_parts(self) -> bool:
        """A flow percentage or number's quarter pools its months' numerators and
        denominators: given as a value alone, its Full quarter is n/a."""
        return (self.quarter and self.period is PeriodKind.FLOW
                and self.unit in (Unit.PERCENT, Unit.NUMBER))

    def target_for(self, year: FinancialYear) -> Target | None:
        """The target of that financial year; a target given without a year holds for all."""
        for target_year, target in self.targets:
            if target_year is None or target_year == year:
                return target
        return None


@record
class Section:
    name: str
    measures: tuple[Measure, ...]


@record
class BenchmarkSpec:
    period: str
    own: str
    rate_against: tuple[str, ...]
    columns: tuple[str, ...]
    sn: NeighbourAverage = NeighbourAverage()
    region: str | None = None  # London authorities: London | Inner London | Outer London
    # What a comparator column holds when its name does not say it: {"Kingston": "314"}
    comparators: tuple[tuple[str, str], ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.own, *[c for c in self.columns if c != self.own])


@record
class Colours:
    """Fill colours as hex RGB; pastel by default so the board can read the text on them."""

    green: str = "C6E9C9"
    amber: str = "FCE4B6"
    red: str = "F6C4C4"
    yellow: str = "FFF5A8"

    def of(self, rating: Rating) -> str:
        return getattr(self, rating.value)


# The sheets a reader needs in print; the Notes and the Data table are for the spreadsheet.
PDF_SHEETS = ("Cover", "Scorecard", "Summary", "Trend", "Charts", "Data quality")
PACK_SHEETS = ("Scorecard", "Cover", "Notes", "Summary", "Trend", "Benchmarks", "Charts",
               "Data quality", "Data")


class Column(Enum):
    """An opt-in column beside the month (`columns:`): a run of months ending with it, or
    the same month a year before."""

    YEAR_TO_DATE = "year_to_date"
    ROLLING_12_MONTHS = "rolling_12_months"
    SAME_MONTH_LAST_YEAR = "same_month_last_year"

    @property
    def heading(self) -> str:
        return self.value.replace("_", " ").capitalize()

    def months(self, month: Month) -> tuple[Month, ...]:
        """The months the column pools for `month`: April of its financial year to it, the
        twelve ending with it, or the one twelve months before."""
        if self is Column.YEAR_TO_DATE:
            return tuple(month.shift(-n) for n in range((month.month - 4) % 12, -1, -1))
        if self is Column.ROLLING_12_MONTHS:
            return tuple(month.shift(n) for n in range(-11, 1))
        return (month.shift(-12),)

    def label(self, month: Month) -> str:
        """The months the column holds beside `month`: `Apr-20 to Dec-20`, or `Dec-19`."""
        months = self.months(month)
        return (months[0].label if len(months) == 1
                else f"{months[0].label} to {months[-1].label}")


@record
class PdfSettings:
    """The catalogue's `pdf:` block: which sheets `--pdf` prints and on what paper (None:
    each sheet's own, A3 for the Scorecard and the Notes, A4 for the rest)."""

    sheets: tuple[str, ...] = PDF_SHEETS
    paper: str | None = None


@record
class SpcSettings:
    """The catalogue's `spc:` block: statistical process control for every measure."""

    start: Month | None = None  # `from`: the first month of every series
    baseline: int | None = None  # limits from the first N points of each segment, then held
    min_points: int = 15  # fewer points in a segment: no limits, no icons
    shift: int = 7  # points in a run on one side of the mean
    trend: int = 7  # points in a run each higher (or lower) than the one before


@record
class Catalogue:
    """The authority's measures by section, with population, baseline, benchmarks and
    colours: what `measures.yaml` holds, validated."""

    authority: str
    sections: tuple[Section, ...]
    population: dict[FinancialYear, int]
    title: str = "Children's Services Performance Scorecard"
    baseline: Month | None = None
    benchmarks: BenchmarkSpec | None = None
    colours: Colours = field(default_factory=Colours)
    source: str = "measures.yaml"
    contact: str | None = None  # who answers questions about the pack (cover sheet)
    # Where each top-level key and each measure id stands in `source`, so that a problem
    # found later (a population missing for a year in use) can point at its line.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    code: str | None = None  # DfE's code of the authority: LA number (871) or E06000039
    spc: SpcSettings | None = None  # None: no `spc:` block, the published layout only
    # A protective marking (OFFICIAL-SENSITIVE): every page's header and footer, the Cover,
    # the document properties.
    classification: str | None = None
    pdf: PdfSettings = field(default_factory=PdfSettings)
    columns: tuple[Column, ...] = ()  # `columns:`: opt-in figures beside the month

    def by_section(self, rows):
        """`rows` (anything with a `.measure`) grouped under their sections, in catalogue
        order: every sheet lists measures the same way."""
        return [(s.name, [r for r in rows if r.measure.section == s.name])
                for s in self.sections]

    @cached_property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for s in self.sections for m in s.measures)

    def measure(self, measure_id: str) -> Measure | None:
        return self._by_id.get(measure_id)

    @cached_property
    def _by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    @property
    def slug(self) -> str:
        return slug(self.authority)

    def population_for(self, year: FinancialYear) -> tuple[int, FinancialYear] | None:
        """The children aged 0-17 that a year's rates are per 10,000 of, and the year the
        figure is from: the year's own or, for the year after the latest one given, the
        latest one's (ONS publishes each estimate months after the financial year starts).
        None for any other year without a figure."""
        own = self.population.get(year)
        if own is not None:
            return own, year
        if not self.population:
            return None
        latest = max(self.population)
        if year.start == latest.start + 1:
            return self.population[latest], latest
        return None


def slug(name: str) -> str:
    """A name as part of a file name: letters, digits and hyphens only, so that an authority
    like "../../other/outputs/slough" or "Bath/North East Somerset" can never choose where a
    file is written; bounded so that the path stays within every system's limit."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    made = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:SLUG_LIMIT].strip("-")
    return made or "authority"
