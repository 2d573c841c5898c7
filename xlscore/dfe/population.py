"""ONS mid-year estimates of children aged 0 to 17: the population behind every rate.

The estimate at 30 June of a year lies inside the financial year starting that April:
`time_period` 2019 (mid-2019) is the population of 2019/20 (see period.py). `xlscore
population` writes them into the catalogue through ruamel.yaml, which keeps the user's
comments, quotes and layout; PyYAML would drop them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from xlscore.catalogue import load_catalogue
from xlscore.dfe.files import MARKERS, DfeFile, Figure, figure, read_dfe
from xlscore.dfe.geography import Authority, Index, Place, Register, names_agree
from xlscore.dfe.period import label_of_population_year
from xlscore.files import replace_atomically
from xlscore.model import Catalogue
from xlscore.problems import Problems
from xlscore.records import record

_WHOLE = re.compile(r"\d+|\d{1,3}(,\d{3})+")  # 43479 or 43,479
FILE = "ons_mid-year_population_estimates"
COLUMN = "population_estimate"
AGE_GROUP = "Children aged 0 to 17 years"


class Estimates:
    """The children's population of every place and year one ONS file holds. A place with
    two rows for a year, or a cell that is not a positive whole number, is an error of the
    file (added to `problems` once, when the place is first looked up), never a figure."""

    def __init__(self, file: DfeFile, problems: Problems):
        self.file = file
        self.problems = problems
        frame = file.frame
        frame = frame[frame["age_group"].str.casefold() == AGE_GROUP.casefold()]
        self.frame = frame
        self._index: dict[int, tuple[Index, list[str], list[int]]] = {}
        self._said: set[tuple[int, Place]] = set()

    @staticmethod
    def check(file: DfeFile, problems: Problems) -> bool:
        if not (file.has(COLUMN) and file.has("age_group")):
            problems.error(f"has no {COLUMN} and age_group columns: it is not the ONS "
                           f"mid-year population file ({FILE}...csv)", file=str(file.path),
                           code="dfe.unknown-column")
            return False
        return True

    @property
    def periods(self) -> list[int]:
        return sorted({int(p) for p in self.frame["time_period"] if p.isdigit()})

    def of(self, place: Place, time_period: int) -> Figure | None:
        """The estimate (a marker has no value), or None: no row, or a row not to trust."""
        if time_period not in self._index:
            rows = self.frame[self.frame["time_period"] == str(time_period)]
            self._index[time_period] = (Index(rows), rows[COLUMN].tolist(),
                                        rows["_line"].tolist())
        index, values, lines = self._index[time_period]
        found = index.positions(place)
        if not found:
            return None
        first = figure(values[found[0]], lines[found[0]])
        fresh = (time_period, place) not in self._said
        self._said.add((time_period, place))
        if len(found) > 1:
            if fresh:
                said = " and ".join(f"line {lines[i]} ({values[i] or 'blank'})"
                                    for i in found[:3])
                self.problems.error(f"has {len(found)} rows for {place.name} mid-"
                                    f"{time_period}: {said}; keep one (use the file as "
                                    "downloaded)", file=str(self.file.path),
                                    line=lines[found[1]], code="population.duplicate")
            return None
        if first.value is None and (first.marker in MARKERS or not first.text):
            return first  # published without a figure: a gap, not a mistake
        if not _WHOLE.fullmatch(first.text) or first.value is None or first.value <= 0:
            if fresh:
                self.problems.error(f"population of {place.name} mid-{time_period} is "
                                    f"'{first.text[:40]}', not a positive whole number of "
                                    "children: use the file as downloaded",
                                    file=str(self.file.path), line=first.line,
                                    code="population.not-a-count")
            return None
        return first


@record
class PopulationSet:
    """What `xlscore population` found, and what it changed in the catalogue."""

    catalogue: Path
    authority: str
    years: dict[str, int]  # "2019/20" -> children aged 0 to 17, oldest first
    changed: tuple[tuple[str, int | None, int], ...]  # year, before (None: new), after
    source: str

    def block(self) -> str:
        lines = [f"population:  # children aged 0-17, ONS mid-year estimates ({self.source})"]
        lines += [f'  "{year}": {count}' for year, count in self.years.items()]
        return "\n".join(lines)


def catalogue_with_code(catalogue_path: Path, problems: Problems) -> Catalogue:
    """The catalogue, which DfE's and ONS's files are read for; raises InputError if it
    cannot be read, and says so (without raising) if it names no authority `code`."""
    catalogue = load_catalogue(catalogue_path, problems)
    problems.raise_if_errors()
    assert catalogue is not None  # no errors, so a catalogue
    if not catalogue.code:
        problems.error("the catalogue has no 'code': add the authority's DfE code, e.g. "
                       "code: 871 or code: E06000039", file=str(catalogue_path),
                       code="dfe.no-code")
    return catalogue


def population_block(catalogue_path: Path, ons_file: Path, problems: Problems) -> PopulationSet:
    """The authority's population by financial year from the ONS file; raises InputError."""
    catalogue = catalogue_with_code(catalogue_path, problems)
    file = read_dfe(ons_file, problems)
    problems.raise_if_errors()
    assert file is not None
    if not Estimates.check(file, problems):
        problems.raise_if_errors()
    estimates = Estimates(file, problems)
    authority = find_authority(catalogue, Register([file.frame]), problems, file.name)
    problems.raise_if_errors()
    years = {}
    for period in estimates.periods:
        found = estimates.of(authority.place, period)
        if found is not None and found.value is not None:
            years[label_of_population_year(period)] = int(found.value)
        elif found is not None:
            problems.warning(f"has no figure for {authority.name} mid-{period} ({found.why}, "
                             f"line {found.line}): {label_of_population_year(period)} is left "
                             "out", file=str(ons_file), code="population.not-published")
    problems.raise_if_errors()
    if not years:
        problems.error(f"has no figure for {authority.name} ({catalogue.code})",
                       file=str(ons_file), code="dfe.no-figure")
        problems.raise_if_errors()
    before = {str(k): v for k, v in catalogue.population.items()}
    changed = tuple((year, before.get(year), count) for year, count in years.items()
                    if before.get(year) != count)
    return PopulationSet(catalogue_path, authority.name, years, changed, ons_file.name)


def find_authority(catalogue: Catalogue, register: Register, problems: Problems,
                   where: str) -> Authority:
    """The authority the catalogue's `code` names in the files, which must be the
    catalogue's `authority` (a code copied from a neighbour would give their figures)."""
    code = catalogue.code
    authority = register.by_code.get(str(code).upper()) if code else None
    if authority is None and code:
        problems.error(f"code '{code}' is not a local authority in {where}: give its LA "
                       "number (e.g. 871) or E-code (e.g. E06000039) as DfE publishes it",
                       file=where, code="dfe.unknown-authority")
    elif authority is not None and not authority.name:
        authority = replace(authority, name=catalogue.authority)  # never printed as blank
    elif authority is not None and not names_agree(catalogue.authority, authority.name):
        problems.error(f"code '{code}' is {authority.name} in {where}, but the catalogue's "
                       f"authority is {catalogue.authority}: give {catalogue.authority}'s own "
                       "LA number or E-code as code", file=catalogue.source,
                       code="dfe.other-authority")
    return authority  # type: ignore[return-value]  # None only with an error added


def set_population(found: PopulationSet, problems: Problems | None = None) -> None:
    """Write the years into the catalogue, keeping every comment and the layout (and say in
    `problems` what an earlier, killed run left beside it and was removed)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never wrap a long definition
    yaml.indent(mapping=2, sequence=4, offset=2)
    path = found.catalogue
    data = yaml.load(path.read_text(encoding="utf-8-sig"))
    population = data.get("population")
    if not isinstance(population, CommentedMap) or population.fa.flow_style():
        fresh = CommentedMap()
        fresh.update(population or {})
        if "population" in data:
            data["population"] = fresh
        else:
            data.insert(list(data).index("authority") + 1 if "authority" in data else 0,
                        "population", fresh)
        population = fresh
    keys = {str(k): k for k in population}
    for year, count in found.years.items():
        if year in keys:
            population[keys[year]] = count
            continue
        later = [i for i, k in enumerate(population) if str(k) > year]
        position = later[0] if later else len(population)
        population.insert(position, DoubleQuotedScalarString(year), count)
    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8") as out:
            yaml.dump(data, out)

    replace_atomically(path, write, problems)  # comments and layout kept; all or nothing

