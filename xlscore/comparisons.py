"""How the authority compares over the years: what the Benchmarks sheet shows, worked out
from every year of benchmarks.csv (`xlscore benchmarks --years N` writes them).

One block per measure that DfE publishes (a `dfe` mapping, or a rate of a count that has
one) with more than one year in the file: each place's figure by year, the authority's
figure rated against that year's averages as the Annual return is, its rank and quartile in
England, and its course against England over the years.
"""

from __future__ import annotations

from enum import Enum

from xlscore import ratings
from xlscore.benchmarks import Benchmarks
from xlscore.calculator import Figure
from xlscore.model import Catalogue, Measure
from xlscore.ranking import Course, Quartile, Standing, against_england
from xlscore.records import record

NEIGHBOUR_WORDS = ("sn", "statistical neighbours", "neighbours", "stat neighbours")
ENGLAND_WORDS = ("eng", "england", "national")


class Role(Enum):
    """What a benchmark column is the figure of, as its name (or comparators) says."""

    OWN = "own"
    NEIGHBOURS = "neighbours"
    ENGLAND = "england"
    OTHER = "other"  # a region or a named authority


def role(column: str, own: str, comparators: dict[str, str]) -> Role:
    if column == own:
        return Role.OWN
    word = comparators.get(column, column).strip().casefold()
    if word in NEIGHBOUR_WORDS:
        return Role.NEIGHBOURS
    return Role.ENGLAND if word in ENGLAND_WORDS else Role.OTHER


@record
class PlaceRow:
    """One place's figures across the years (the authority's rated, each against that
    year's averages)."""

    column: str
    role: Role
    figures: tuple[Figure, ...]


@record
class Block:
    measure: Measure
    places: tuple[PlaceRow, ...]
    standings: tuple[Standing | None, ...]  # by year; None: not ranked
    course: Course | None  # against England; None: the measure has no direction
    source: str  # where DfE publishes it, in words, for the Notes

    def of(self, chosen: Role) -> PlaceRow | None:
        return next((p for p in self.places if p.role is chosen), None)


@record
class Comparison:
    periods: tuple[str, ...]  # every year across, oldest first
    blocks: tuple[Block, ...]  # catalogue order
    file: str | None

    @property
    def latest(self) -> str:
        return self.periods[-1]

    def in_quartile(self, band: Quartile) -> list[Measure]:
        """The measures in that quartile of England in the latest year."""
        return [b.measure for b in self.blocks
                if (s := b.standings[-1]) is not None and s.quartile is band]

    def section_blocks(self, catalogue: Catalogue) -> list[tuple[str, list[Block]]]:
        return [(name, blocks) for name, blocks in catalogue.by_section(self.blocks) if blocks]


def published(catalogue: Catalogue, measure: Measure) -> str | None:
    """Where DfE publishes the measure, in words; None for a measure it does not."""
    if measure.dfe is not None:
        where = "".join(f", {k} = {v}" for k, v in measure.dfe.where)
        return f"DfE file {measure.dfe.file}, column {measure.dfe.column}{where}"
    counted = catalogue.measure(measure.rate_of or "")
    if counted is not None and counted.dfe is not None:
        return (f"{published(catalogue, counted)} over the ONS mid-year estimate of children "
                "aged 0-17 x 10,000")
    return None


def compare(catalogue: Catalogue, benchmarks: Benchmarks) -> Comparison | None:
    """The Benchmarks sheet's blocks; None when no measure has more than one year."""
    spec = catalogue.benchmarks
    if spec is None:
        return None
    mapped = [(m, source) for m in catalogue.measures
              if (source := published(catalogue, m)) is not None
              and len(benchmarks.periods(m.id)) > 1]
    if not mapped:
        return None
    periods = tuple(sorted({p for m, _ in mapped for p in benchmarks.periods(m.id)}))
    comparators = dict(spec.comparators)
    blocks = []
    for measure, source in mapped:
        places = []
        for column in spec.sources:
            figures = []
            for period in periods:
                value = benchmarks.of_year(measure.id, period, column).value
                if value is None:
                    figures.append(Figure(None))
                    continue
                rating = None
                if column == spec.own and measure.direction is not None:
                    rating = ratings.against_averages(
                        value, [benchmarks.of_year(measure.id, period, c).value
                                for c in spec.rate_against], measure.direction, measure.unit)
                figures.append(Figure(measure.unit.displayed(value), rating))
            places.append(PlaceRow(column, role(column, spec.own, comparators),
                                   tuple(figures)))
        block = Block(measure, tuple(places),
                      tuple(benchmarks.standings.get((measure.id, p)) for p in periods),
                      None, source)
        blocks.append(_with_course(block))
    return Comparison(periods, tuple(blocks), benchmarks.file)


def _with_course(block: Block) -> Block:
    measure = block.measure
    own, england = block.of(Role.OWN), block.of(Role.ENGLAND)
    if measure.direction is None:
        return block
    if own is None or england is None:
        return Block(block.measure, block.places, block.standings, Course.NOT_AVAILABLE,
                     block.source)
    years = [(a.value, b.value) for a, b in zip(own.figures, england.figures, strict=True)]
    return Block(block.measure, block.places, block.standings,
                 against_england(years, measure.direction, measure.unit), block.source)
