"""Signal or noise: statistical process control in the NHS "Making Data Count" style.

An XmR chart tells a leadership team whether this month's figure is a real change (a
special cause) or the usual wobble (common cause), and whether the target will be met
reliably or only by luck. Each rule is a small pure function over a sequence of displayed
values, as in NHSRplotthedots; which rule wins when several flag a point is stated once
(`classify`). Nothing here knows a cell: the writers lay out what `build_spc` returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from xlscore.model import NA, Direction, Measure, SpcSettings, Target, Unit
from xlscore.periods import Month
from xlscore.records import record
from xlscore.trends import TrendLine, trend_line, window

if TYPE_CHECKING:
    from xlscore.calculator import Calculator, Scorecard

SIGMA3 = Decimal("2.66")  # 3 / d2, d2 = 1.128 for moving ranges of two points


class Side(Enum):
    HIGH = "high"
    LOW = "low"


class Rule(Enum):
    BEYOND_LIMITS = "a point beyond a process limit"
    TWO_OF_THREE = "two of three points beyond a near limit"
    SHIFT = "a shift (a run on one side of the mean)"
    TREND = "a trend (a run each higher, or each lower, than the one before)"


# Rule precedence, stated once. A point that any rule flags is a special cause. With a
# direction, it is an improvement when a rule flags it on the better side (improvement wins
# over concern), else a concern. Without one it is "neither", on the side of the first rule
# in this order that flagged it.
PRECEDENCE = (Rule.BEYOND_LIMITS, Rule.TWO_OF_THREE, Rule.SHIFT, Rule.TREND)


class Kind(Enum):
    IMPROVEMENT = "Improvement"
    CONCERN = "Concern"
    NEITHER = "Neither"


class Variation(Enum):
    """The latest point's variation, in the words of the Making Data Count icons."""

    COMMON_CAUSE = "Common cause"
    IMPROVEMENT_HIGH = "Improvement (high)"
    IMPROVEMENT_LOW = "Improvement (low)"
    CONCERN_HIGH = "Concern (high)"
    CONCERN_LOW = "Concern (low)"
    NEITHER_HIGH = "Neither (high)"
    NEITHER_LOW = "Neither (low)"

    @classmethod
    def of(cls, signal: Signal | None) -> Variation:
        if signal is None:
            return cls.COMMON_CAUSE
        return cls(f"{signal.kind.value} ({signal.side.value})")

    @property
    def kind(self) -> Kind | None:
        """Improvement, Concern or Neither; None for common cause."""
        return None if self is Variation.COMMON_CAUSE else Kind(self.value.split(" ")[0])


class Assurance(Enum):
    """Will the target be met reliably? From where it lies against the process limits."""

    PASSES = "Consistently passes"
    FAILS = "Consistently fails"
    HIT_AND_MISS = "Hit and miss"
    NOT_APPLICABLE = NA


def explained(settings: SpcSettings) -> list[tuple[str, str]]:
    """SPC in plain English for the Notes sheet: what the chart is, what each word means,
    with an example."""
    variation, assurance = key_lines(settings)
    return [
        ("SPC: what it is", "Statistical process control separates the month-to-month noise "
         "every figure has from a change worth acting on. Each measure's XmR chart plots its "
         "monthly figures with their mean and process limits (the mean plus and minus 2.66 "
         "times the average moving range, about 3 sigma): a figure inside the limits is "
         "ordinary variation, however it compares with last month."),
        ("SPC: Variation", " ".join(text for _, text in variation) + "."),
        ("SPC: Assurance", " ".join(text for _, text in assurance) + "."),
        ("SPC: an example", f"Contacts of 520, 480, 510, 495... for {settings.min_points} "
         "months give a mean near 500 and limits near 400 and 600. A month of 560 is Common "
         "cause, though it is the highest yet: no action. A month of 640 is beyond the upper "
         f"limit: a special cause, worth asking what changed. So is a {settings.shift}th month "
         "in a row above the mean, even if each is inside the limits."),
        ("SPC: charts that start earlier", "Each chart shows the same twelve months as the "
         "Trend sheet, unless a run of special causes (a shift, a trend, or two of three "
         "points beyond a 2-sigma limit) began before its first month: then that chart "
         "starts at the run's first point, so that it shows why its points are marked. Its "
         "subtitle says so, for example 'From March 2019, where the run of 9 points above "
         "the mean began'."),
        ("SPC: too few months", f"Limits need at least {settings.min_points} monthly figures "
         "since the first one (or since a rebase, where the process changed). Until then "
         f"Variation and Assurance say n/a (fewer than {settings.min_points} months): not "
         "'all normal', only 'too soon to tell'."),
    ]


def key_lines(settings: SpcSettings) -> tuple[list[tuple[Kind | None, str]],
                                              list[tuple[Assurance, str]]]:
    """The key's words: a line for each kind of variation (None: common cause) and each
    assurance, as ratings.key_lines gives the colour key's."""
    rules = (f"a point beyond a process limit, {settings.shift} or more in a row on one side "
             f"of the mean, {settings.trend} or more in a row each rising or each falling, or "
             "2 of 3 beyond the same 2-sigma limit")
    variation = [
        (None, "Grey = Common cause (Variation): the latest month is within the usual "
         "variation of the measure's XmR chart: no special cause"),
        (Kind.IMPROVEMENT, f"Blue = Improvement (high or low): a special cause on the better "
         f"side: {rules}"),
        (Kind.CONCERN, "Orange = Concern (high or low): a special cause on the worse side"),
        (Kind.NEITHER, "Purple = Neither (high or low): a special cause on a measure without "
         "a direction"),
    ]
    assurance = [
        (Assurance.PASSES, "Blue = Consistently passes (Assurance): the target lies beyond "
         "the process limit on the passing side"),
        (Assurance.FAILS, "Orange = Consistently fails: the target lies beyond the process "
         "limit on the failing side"),
        (Assurance.HIT_AND_MISS, "Grey = Hit and miss: the target lies within the process "
         "limits, met some months and missed in others by chance"),
        (Assurance.NOT_APPLICABLE, f"n/a = no target or no direction; n/a (fewer than "
         f"{settings.min_points} months) = too few months since the first figure or the "
         "last rebase for limits"),
    ]
    return variation, assurance


Flags = tuple[Side | None, ...]


@record
class Limits:
    """Mean, process limits (3 sigma) and near limits (2 sigma) of an XmR chart."""

    mean: Decimal
    lower: Decimal
    upper: Decimal
    near_lower: Decimal
    near_upper: Decimal

    def displayed(self, unit: Unit) -> Limits:
        return Limits(*(unit.displayed(v) for v in (self.mean, self.lower, self.upper,
                                                    self.near_lower, self.near_upper)))


def moving_ranges(values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """|x_i - x_(i-1)| between consecutive points."""
    return tuple(abs(b - a) for a, b in zip(values, values[1:], strict=False))


def limits(values: Sequence[Decimal]) -> Limits:
    """mean +/- 2.66 x the average moving range; near limits at two thirds of that. No
    clamping: a percentage's limit may pass 0 or 100, as the arithmetic says."""
    if len(values) < 2:
        raise ValueError("limits need at least two points")
    mean = sum(values, Decimal(0)) / len(values)
    ranges = moving_ranges(values)
    amr = sum(ranges, Decimal(0)) / len(ranges)
    width, near = SIGMA3 * amr, 2 * SIGMA3 * amr / 3
    return Limits(mean, mean - width, mean + width, mean - near, mean + near)


# The four special-cause rules, each over one segment's points, each returning a side per
# point (None: not flagged by that rule).

def beyond_limits(values: Sequence[Decimal], lim: Limits) -> Flags:
    """Rule 1: a point strictly above the upper or below the lower process limit."""
    return tuple(Side.HIGH if v > lim.upper else Side.LOW if v < lim.lower else None
                 for v in values)


def two_of_three(values: Sequence[Decimal], lim: Limits) -> Flags:
    """Rule 4: two of any three consecutive points strictly beyond the same near limit
    (a point beyond the process limit is beyond the near limit too); those beyond it are
    flagged."""
    flags: list[Side | None] = [None] * len(values)
    for side, outside in ((Side.HIGH, [v > lim.near_upper for v in values]),
                          (Side.LOW, [v < lim.near_lower for v in values])):
        if sum(outside) < 2:  # the usual case: nothing to look for
            continue
        for start in range(len(values) - 2):
            if outside[start] + outside[start + 1] + outside[start + 2] >= 2:
                for i in range(start, start + 3):
                    if outside[i]:
                        flags[i] = side
    return tuple(flags)


Stretch = tuple[int, int, Side]  # a run's first index, the index after its last, its side


def _flags(count: int, stretches: Sequence[Stretch]) -> Flags:
    flags: list[Side | None] = [None] * count
    for start, end, side in stretches:
        flags[start:end] = [side] * (end - start)
    return tuple(flags)


def shift_runs(values: Sequence[Decimal], mean: Decimal, length: int) -> tuple[Stretch, ...]:
    """Rule 2's runs: `length` or more consecutive points all strictly above, or all strictly
    below, the mean; a point on the mean breaks the run."""
    sides = [Side.HIGH if v > mean else Side.LOW if v < mean else None for v in values]
    runs: list[Stretch] = []
    start = 0
    for end in range(1, len(values) + 1):
        if end < len(values) and sides[end] is not None and sides[end] is sides[start]:
            continue
        side = sides[start]
        if side is not None and end - start >= length:
            runs.append((start, end, side))
        start = end
    return tuple(runs)


def shift(values: Sequence[Decimal], mean: Decimal, length: int) -> Flags:
    """Rule 2: every point of a shift run (`shift_runs`) is flagged."""
    return _flags(len(values), shift_runs(values, mean, length))


def trend_runs(values: Sequence[Decimal], length: int, side: Side) -> tuple[Stretch, ...]:
    """Rule 3's runs: `length` or more consecutive points each strictly higher (`Side.HIGH`)
    or each strictly lower (`Side.LOW`) than the one before; an equal value breaks the run.
    One side at a time: the lowest point of a fall that turns into a rise belongs to both
    runs, and two rising runs split by an equal value are two runs, side by side."""
    runs: list[Stretch] = []
    start = 0
    for end in range(1, len(values) + 1):
        if end < len(values) and (values[end] > values[end - 1] if side is Side.HIGH
                                  else values[end] < values[end - 1]):
            continue
        if end - start >= length:
            runs.append((start, end, side))
        start = end
    return tuple(runs)


def trend(values: Sequence[Decimal], length: int, side: Side) -> Flags:
    """Rule 3: every point of a trend run (`trend_runs`) is flagged."""
    return _flags(len(values), trend_runs(values, length, side))


def two_of_three_runs(values: Sequence[Decimal], lim: Limits) -> tuple[Stretch, ...]:
    """Rule 4's runs: from the first to the last point flagged by overlapping windows of
    three (`two_of_three`), on one side; the points between may be unflagged."""
    runs: list[Stretch] = []
    for side, outside in ((Side.HIGH, [v > lim.near_upper for v in values]),
                          (Side.LOW, [v < lim.near_lower for v in values])):
        if sum(outside) < 2:
            continue
        chain: tuple[int, int] | None = None  # first and last flagged index
        for start in range(len(values) - 2):
            hits = [i for i in range(start, start + 3) if outside[i]]
            if len(hits) < 2:
                continue
            if chain is not None and hits[0] <= chain[1]:
                chain = (chain[0], max(chain[1], hits[-1]))
                continue
            if chain is not None:
                runs.append((chain[0], chain[1] + 1, side))
            chain = (hits[0], hits[-1])
        if chain is not None:
            runs.append((chain[0], chain[1] + 1, side))
    return tuple(sorted(runs, key=lambda r: r[0]))


@record
class Signal:
    """A special cause: improvement, concern or neither, on which side, by which rules."""

    kind: Kind
    side: Side
    rules: tuple[Rule, ...]


def classify(flags: Sequence[tuple[Rule, Side]], direction: Direction | None) -> Signal | None:
    """The one place where rules meet: see PRECEDENCE."""
    if not flags:
        return None
    ordered = sorted(flags, key=lambda f: PRECEDENCE.index(f[0]))
    rules = tuple(dict.fromkeys(rule for rule, _ in ordered))
    if direction is None:
        return Signal(Kind.NEITHER, ordered[0][1], rules)
    better = Side.HIGH if direction is Direction.HIGHER else Side.LOW
    if any(side is better for _, side in flags):
        return Signal(Kind.IMPROVEMENT, better, rules)
    worse = Side.LOW if better is Side.HIGH else Side.HIGH
    return Signal(Kind.CONCERN, worse, rules)


def judge(values: Sequence[Decimal], lim: Limits, settings: SpcSettings,
          direction: Direction | None) -> tuple[Signal | None, ...]:
    """Every rule over one segment's points, each point classified."""
    by_rule = (
        (Rule.BEYOND_LIMITS, beyond_limits(values, lim)),
        (Rule.TWO_OF_THREE, two_of_three(values, lim)),
        (Rule.SHIFT, shift(values, lim.mean, settings.shift)),
        (Rule.TREND, trend(values, settings.trend, Side.HIGH)),
        (Rule.TREND, trend(values, settings.trend, Side.LOW)),
    )
    return tuple(
        classify([(rule, side) for (rule, _), side in zip(by_rule, sides, strict=True) if side],
                 direction) if any(sides) else None
        for sides in zip(*(flags for _, flags in by_rule), strict=True))


def runs(values: Sequence[Decimal], lim: Limits, settings: SpcSettings,
         ) -> tuple[tuple[Rule, Stretch], ...]:
    """Every run the rules flag over one segment's points (the points `judge` flags): a
    point beyond a process limit is a run of one."""
    found = [(Rule.BEYOND_LIMITS, (i, i + 1, side))
             for i, side in enumerate(beyond_limits(values, lim)) if side]
    found += [(Rule.TWO_OF_THREE, run) for run in two_of_three_runs(values, lim)]
    found += [(Rule.SHIFT, run) for run in shift_runs(values, lim.mean, settings.shift)]
    found += [(Rule.TREND, run) for side in Side
              for run in trend_runs(values, settings.trend, side)]
    return tuple(found)


@record
class Run:
    """Points one rule flags together: a shift, a trend, two of three beyond a near limit, or
    a point beyond a process limit. A reader sees why a point is flagged only with the run's
    first point in view."""

    rule: Rule
    side: Side
    first: Month
    last: Month
    points: int  # points of the series from first to last (a month left out is none)

    @property
    def described(self) -> str:
        """The run in a few plain words, for a chart's subtitle."""
        high = self.side is Side.HIGH
        if self.rule is Rule.SHIFT:
            return f"the run of {self.points} points {'above' if high else 'below'} the mean"
        if self.rule is Rule.TREND:
            return f"the run of {self.points} {'rising' if high else 'falling'} points"
        if self.rule is Rule.TWO_OF_THREE:
            return f"the points beyond the {'upper' if high else 'lower'} 2-sigma limit"
        return f"the point {'above the upper' if high else 'below the lower'} process limit"


def assurance(lim: Limits | None, target: Target | None, direction: Direction | None,
              unit: Unit) -> Assurance:
    """Where the target lies against the process limits, all at displayed precision."""
    if lim is None or target is None or direction is None:
        return Assurance.NOT_APPLICABLE
    shown, goal = lim.displayed(unit), unit.displayed(target.value)
    if direction is Direction.LOWER:  # the mirror image of higher is better
        goal, shown = -goal, Limits(-shown.mean, -shown.upper, -shown.lower,
                                    -shown.near_upper, -shown.near_lower)
    if goal < shown.lower:
        return Assurance.PASSES
    if goal > shown.upper:
        return Assurance.FAILS
    return Assurance.HIT_AND_MISS


class Point(NamedTuple):
    """One month of a series. Immutable like the rest of the model; a NamedTuple because a
    large catalogue makes tens of thousands of them (a third of the time of a frozen
    dataclass)."""

    month: Month
    value: Decimal  # as displayed
    segment: int  # 0 for the first; each rebase month starts the next
    limits: Limits | None  # None: its segment has too few points
    signal: Signal | None


def segment_of(month: Month, rebase: Sequence[Month]) -> int:
    """How many rebase months are on or before `month`."""
    return sum(1 for start in rebase if start <= month)


def series(figures: Sequence[tuple[Month, Decimal | None]],
           ) -> tuple[tuple[tuple[Month, Decimal], ...], tuple[Month, ...]]:
    """The points (from the first month with a figure) and the months left out after it."""
    first = next((i for i, (_, v) in enumerate(figures) if v is not None), len(figures))
    kept = figures[first:]
    return (tuple((m, v) for m, v in kept if v is not None),
            tuple(m for m, v in kept if v is None))


@record
class Analysis:
    """One measure's XmR chart: its points judged, the latest variation and the assurance."""

    measure: Measure
    month: Month  # the build month
    points: tuple[Point, ...]
    left_out: tuple[Month, ...]
    variation: Variation | None
    assurance: Assurance | None
    reason: str | None = None  # why variation (and maybe assurance) is n/a
    too_few: bool = False  # too few months in the latest segment for limits
    runs: tuple[Run, ...] = ()  # every run the rules flag, oldest first

    @property
    def variation_text(self) -> str:
        return self.variation.value if self.variation else (self.reason or NA)

    @property
    def assurance_text(self) -> str:
        return self.assurance.value if self.assurance else (self.reason or NA)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points and self.points[-1].month == self.month else None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_month", {p.month: p for p in self.points})
        object.__setattr__(self, "_by_segment", {p.segment: p.limits for p in self.points})

    def point(self, month: Month) -> Point | None:
        return self._by_month.get(month)  # type: ignore[attr-defined]

    def limits_at(self, month: Month) -> Limits | None:
        """The limits of the segment `month` falls in (also for a month without a figure)."""
        return self._by_segment.get(self.segment_at(month))  # type: ignore[attr-defined]

    def segment_at(self, month: Month) -> int:
        if not self.measure.rebase:
            return 0
        return segment_of(month, [m for m in self.measure.rebase if m <= self.month])


def analyse(measure: Measure, figures: Sequence[tuple[Month, Decimal | None]], month: Month,
            target: Target | None, settings: SpcSettings) -> Analysis:
    """Judge a measure's series (displayed values, oldest first, ending with `month`)."""
    kept, left_out = series(figures)
    rebase = [m for m in measure.rebase if m <= month]
    groups: dict[int, list[tuple[Month, Decimal]]] = {0: list(kept)} if not rebase else {}
    for m, v in kept if rebase else ():
        groups.setdefault(segment_of(m, rebase), []).append((m, v))
    points: list[Point] = []
    flagged: list[Run] = []
    for index, group in sorted(groups.items()):
        values = [v for _, v in group]
        if len(values) < settings.min_points:
            points += [Point(m, v, index, None, None) for m, v in group]
            continue
        base = values[:settings.baseline] if settings.baseline else values
        lim = limits(base)
        signals = judge(values, lim, settings, measure.direction)
        points += [Point(m, v, index, lim, s) for (m, v), s in zip(group, signals, strict=True)]
        flagged += [Run(rule, side, group[start][0], group[end - 1][0], end - start)
                    for rule, (start, end, side) in runs(values, lim, settings)]
    found = tuple(sorted(flagged, key=lambda r: (r.first, PRECEDENCE.index(r.rule))))
    current = groups.get(segment_of(month, rebase), [])
    if len(current) < settings.min_points:
        few = f"n/a (fewer than {settings.min_points} months)"
        return Analysis(measure, month, tuple(points), left_out, None, None, few, True,
                        found)
    sure = assurance(points[-1].limits, target, measure.direction, measure.unit)
    if points[-1].month != month:
        return Analysis(measure, month, tuple(points), left_out, None, sure,
                        "n/a (no figure this month)", runs=found)
    return Analysis(measure, month, tuple(points), left_out, Variation.of(points[-1].signal),
                    sure, runs=found)


def reaching_run(analysis: Analysis, months: Sequence[Month]) -> Run | None:
    """The run that began before `months` (a chart's) and has a point among them, the
    earliest if several (a tie: the first rule in PRECEDENCE, then the longer run)."""
    if not months:
        return None
    reaching = [r for r in analysis.runs if r.first < months[0] <= r.last]
    return min(reaching, key=lambda r: (r.first, PRECEDENCE.index(r.rule), -r.points),
               default=None)


def chart_months(analysis: Analysis, months: Sequence[Month]) -> tuple[Month, ...]:
    """The months a measure's XmR chart plots: `months` (the Trend's), or from the first point
    of a run that began before them and reaches into them, so the chart shows why its
    points are flagged."""
    run = reaching_run(analysis, months)
    return tuple(months) if run is None else months_between(run.first, months[-1])


@record
class XmrChart:
    """A chart that starts before the Trend's months, at a run's first point: its months and
    the measure's figures and targets over them."""

    line: TrendLine
    run: Run

    @property
    def months(self) -> tuple[Month, ...]:
        return self.line.months

    @property
    def note(self) -> str:
        """The chart's subtitle: why it starts earlier than the others."""
        return f"From {self.run.first.long_label}, where {self.run.described} began"


@record
class SpcTally:
    """How many measures of a section stand in each variation and assurance state."""

    name: str
    variation: tuple[tuple[str, int], ...]  # every Variation word, then n/a
    assurance: tuple[tuple[str, int], ...]  # every Assurance word (n/a last)


VARIATION_COLUMNS = (*(v.value for v in Variation), NA)
ASSURANCE_COLUMNS = tuple(a.value for a in Assurance)


def tally(name: str, analyses: Sequence[Analysis]) -> SpcTally:
    variations = Counter(a.variation.value if a.variation else NA for a in analyses)
    assurances = Counter(a.assurance.value if a.assurance else NA for a in analyses)
    return SpcTally(name, tuple((w, variations[w]) for w in VARIATION_COLUMNS),
                    tuple((w, assurances[w]) for w in ASSURANCE_COLUMNS))


@record
class Spc:
    """Every measure's analysis, in catalogue order, and the section tallies."""

    settings: SpcSettings
    analyses: tuple[Analysis, ...]
    sections: tuple[SpcTally, ...]
    overall: SpcTally
    longer: tuple[XmrChart, ...] = ()  # charts that start before the Trend's months

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {a.measure.id: a for a in self.analyses})
        object.__setattr__(self, "_longer", {c.line.measure.id: c for c in self.longer})

    def chart(self, measure_id: str) -> XmrChart | None:
        """The measure's chart when it starts before the Trend's months, else None."""
        return self._longer.get(measure_id)  # type: ignore[attr-defined]

    def of(self, measure_id: str) -> Analysis:
        return self._by_id[measure_id]  # type: ignore[attr-defined]

    @property
    def too_few(self) -> tuple[Analysis, ...]:
        """Measures with too few months since their first figure (or rebase) for limits:
        their Variation and Assurance say n/a, which is not the same as "all normal"."""
        return tuple(a for a in self.analyses if a.too_few)

    def special_causes(self, kind: Kind) -> tuple[Analysis, ...]:
        """Measures whose latest point is a special cause of that kind."""
        return tuple(a for a in self.analyses if a.variation and a.variation.kind is kind)


def months_between(first: Month, last: Month) -> tuple[Month, ...]:
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return tuple(first.shift(i) for i in range(max(count, 0)))


def build_spc(card: Scorecard, calc: Calculator, settings: SpcSettings,
              shown: Sequence[Month] | None = None) -> Spc:
    """Every measure's series from the Calculator's displayed values, judged.

    `card` gives the build month and the catalogue (each measure's target is the build
    month's financial year's); `calc` gives each month's value; `shown` the months the
    charts plot (the Trend's), from which a chart starts earlier to show a run.
    """
    from xlscore.summary import OVERALL  # the Summary's name for all sections together

    catalogue, month = card.catalogue, card.month
    known = [m for m in calc.facts.months if m <= month]
    first = min(known) if known else month
    if settings.start is not None:
        first = settings.start
    months = months_between(first, month)
    analyses = []
    for measure in catalogue.measures:
        displayed = measure.unit.displayed
        values = calc.values(measure, months)
        figures = [(m, None if v is None else displayed(v))
                   for m, v in zip(months, values, strict=True)]
        analyses.append(analyse(measure, figures, month,
                                measure.target_for(month.financial_year), settings))
    analyses_t = tuple(analyses)
    by_id = {a.measure.id: a for a in analyses_t}
    sections = tuple(tally(s.name, [by_id[m.id] for m in s.measures])
                     for s in catalogue.sections)
    shown = window(month) if shown is None else shown
    longer = tuple(XmrChart(trend_line(a.measure, chart_months(a, shown), calc), run)
                   for a in analyses_t if (run := reaching_run(a, shown)) is not None)
    return Spc(settings, analyses_t, sections, tally(OVERALL, analyses_t), longer)
