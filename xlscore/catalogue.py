"""Read `measures.yaml` into a validated `Catalogue`, reporting every mistake with its line."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml

from xlscore.model import (
    TOO_LARGE,
    BenchmarkSpec,
    Catalogue,
    Colours,
    Direction,
    Measure,
    PeriodKind,
    Section,
    Target,
    Unit,
)
from xlscore.periods import FinancialYear, Month
from xlscore.problems import Problems

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")
_MEASURE_KEYS = {"id", "name", "definition", "unit", "period", "quarter", "target",
                 "tolerance", "direction", "rate_of"}
_TOP_KEYS = {"authority", "title", "population", "baseline", "benchmarks", "sections", "colours"}


class _Map(dict):
    """A YAML mapping that remembers the line it started on, and the line of each key."""

    line: int = 0
    key_lines: dict[str, int] = {}  # replaced per mapping by the loader; never mutated


# libyaml's parser where PyYAML has it: several times faster on a large catalogue.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node, deep=False):
        mapping = _Map(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.value in mapping.key_lines:  # YAML would silently keep only the last one
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key.value}' is given twice here (first at line "
                    f"{mapping.key_lines[key.value]}); keep one", key.start_mark)
            mapping.key_lines[key.value] = key.start_mark.line + 1
        return mapping


# Keep `2020-04-01` and `yes` as the text the user wrote; the catalogue validates them itself.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp",)]
    for k, v in _SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def load_catalogue(path: Path, problems: Problems) -> Catalogue | None:
    """The catalogue, or None with `problems` saying why it cannot be used."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.error("catalogue not found: create it (see README) or pass --catalogue FILE",
                       file=name)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(f"cannot read the catalogue ({exc}); save it as UTF-8 text", file=name)
        return None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        fix = ("" if isinstance(exc, yaml.constructor.ConstructorError)
               else "; fix the indentation or quoting there")
        problems.error(f"YAML syntax error: {reason}{fix}", file=name,
                       line=mark.line + 1 if mark else None)
        return None
    return _Parser(name, problems).catalogue(data)


def catalogue_from_dict(data: Any, problems: Problems, source: str = "dict") -> Catalogue | None:
    """The catalogue from a mapping shaped like `measures.yaml`, checked by the same rules;
    problems name `source` and the measure (a dict has no lines)."""
    return _Parser(source, problems).catalogue(_as_map(data))


def _as_map(data: Any) -> Any:
    """Plain dicts and lists as the YAML loader makes them (mappings without lines)."""
    if isinstance(data, dict):
        mapping = _Map({key: _as_map(value) for key, value in data.items()})
        mapping.line, mapping.key_lines = None, {}  # type: ignore[assignment]
        return mapping
    if isinstance(data, list | tuple):
        return [_as_map(item) for item in data]
    return data


class _Parser:
    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems
        self.lines: dict[str, int] = {}

    def error(self, message: str, node: Any = None, measure: str | None = None,
              key: Any = None) -> None:
        """Report at the line of `key` in mapping `node`, else at the line `node` starts on."""
        line = getattr(node, "line", None)
        if key is not None:
            line = getattr(node, "key_lines", {}).get(str(key), line)
        self.problems.error(message, file=self.file, line=line, measure=measure)

    def catalogue(self, data: Any) -> Catalogue | None:
        if not isinstance(data, dict):
            self.error("the catalogue must be a YAML mapping with authority, population and "
                       "sections (see README)")
            return None
        for key in sorted(set(data) - _TOP_KEYS, key=str):
            self.error(f"unknown key '{key}'{_did_you_mean(key, _TOP_KEYS)}; expected one of "
                       f"{', '.join(sorted(_TOP_KEYS))}", data, key=key)
        authority = data.get("authority")
        if not isinstance(authority, str) or not authority.strip():
            self.error("'authority' is required: the authority's name, e.g. authority: Slough",
                       data)
            authority = ""
        title = data.get("title", "Children's Services Performance Scorecard")
        sections = self.resolve_rates(self.sections(data.get("sections"), data))
        return Catalogue(
            authority=authority.strip(),
            title=str(title).strip(),
            sections=sections,
            population=self.population(data.get("population"), data),
            baseline=self.baseline(data.get("baseline"), data),
            benchmarks=self.benchmarks(data.get("benchmarks"), data),
            colours=self.colours(data.get("colours"), data),
            source=self.file,
            lines={**{str(k): v for k, v in getattr(data, 'key_lines', {}).items()}, **self.lines},
        )

    def population(self, raw: Any, parent: Any) -> dict[FinancialYear, int]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.error('population must map financial years to children aged 0-17, '
                       'e.g. "2020/21": 43112', parent, key="population")
            return {}
        result = {}
        for year, count in raw.items():
            try:
                fy = FinancialYear.parse(str(year))
            except ValueError as exc:
                self.error(f"population: {exc}", raw, key=year)
                continue
            if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
                self.error(f"population for {fy} must be a whole number of children above 0, "
                           f"not '{count}'", raw, key=year)
                continue
            result[fy] = count
        return result

    def baseline(self, raw: Any, parent: Any) -> Month | None:
        if raw is None:
            return None
        try:
            return Month.parse(str(raw))
        except ValueError as exc:
            self.error(f"baseline: {exc}", parent, key="baseline")
            return None

    def benchmarks(self, raw: Any, parent: Any) -> BenchmarkSpec | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.error("benchmarks must be a mapping with period, own, rate_against, columns",
                       parent, key="benchmarks")
            return None
        period, own = raw.get("period"), raw.get("own")
        columns = self.names(raw.get("columns", []), "benchmarks.columns", raw)
        rate_against = self.names(raw.get("rate_against", []), "benchmarks.rate_against", raw)
        if not period or not own:
            self.error("benchmarks needs 'period' (e.g. \"2019/20\") and 'own' (the column "
                       "holding this authority's annual return)", raw)
            return None
        for name in rate_against:
            if name not in columns:
                self.error(f"benchmarks.rate_against names '{name}', which is not in "
                           "benchmarks.columns; add it there", raw)
        return BenchmarkSpec(str(period), str(own), rate_against, columns)

    def names(self, raw: Any, what: str, parent: Any) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(x, str | int) for x in raw):
            self.error(f"{what} must be a list of column names, e.g. [SN, SE]", parent,
                       key=what.rsplit(".", 1)[-1])
            return ()
        return tuple(str(x) for x in raw)

    def colours(self, raw: Any, parent: Any) -> Colours:
        if raw is None:
            return Colours()
        if not isinstance(raw, dict):
            self.error("colours must map green, amber, red, yellow to hex, e.g. green: C6E9C9",
                       parent, key="colours")
            return Colours()
        chosen = {}
        for key, value in raw.items():
            if key not in ("green", "amber", "red", "yellow"):
                self.error(f"colours: unknown colour '{key}'; use green, amber, red, yellow", raw,
                           key=key)
            elif not _HEX.match(str(value)):
                self.error(f"colours.{key}: '{value}' is not a hex colour like C6E9C9", raw,
                           key=key)
            else:
                chosen[key] = str(value).lstrip("#").upper()
        return Colours(**chosen)

    def sections(self, raw: Any, parent: Any) -> tuple[Section, ...]:
        if not isinstance(raw, list) or not raw:
            self.error("'sections' is required: a list of {name, measures}", parent,
                       key="sections")
            return ()
        sections: list[Section] = []
        seen: dict[str, int] = {}
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                node, key = (item, None) if isinstance(item, dict) else (parent, "sections")
                self.error("each section needs a 'name' and a list of 'measures'", node, key=key)
                continue
            entries = item.get("measures")
            if not isinstance(entries, list) or not entries:
                self.error(f"section '{item['name']}' has no measures: give it a list of "
                           "measures, each with id, name, unit", item)
                entries = []
            measures = []
            for entry in entries:
                measure = self.measure(entry, item)
                if measure is None:
                    continue
                if measure.id in seen:
                    self.error(f"duplicate id '{measure.id}' (first at line {seen[measure.id]}); "
                               "give each measure its own id", entry, measure.id)
                    continue
                seen[measure.id] = self.lines[measure.id] = entry.line
                measures.append(measure)
            sections.append(Section(item["name"], tuple(measures)))
        return tuple(sections)

    def measure(self, raw: Any, parent: Any) -> Measure | None:
        section = parent["name"]
        if not isinstance(raw, dict):
            self.error(f"section '{section}': each measure must be a mapping with id, name, unit "
                       f"(found '{raw}')", parent, key="measures")
            return None
        mid = str(raw.get("id", "")).strip()
        before = self.problems.error_count

        def bad(message: str, key: str | None = None) -> None:
            self.error(message, raw, mid or None, key)

        if not _ID.match(mid):
            bad(f"id '{mid}' must be lower-case letters, digits and _, starting with a letter")
        for key in sorted(set(raw) - _MEASURE_KEYS, key=str):
            bad(f"unknown key '{key}'{_did_you_mean(key, _MEASURE_KEYS)}; expected one of "
                f"{', '.join(sorted(_MEASURE_KEYS))}", key)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            bad("'name' is required")
        unit = self.choice(Unit, raw.get("unit"), "unit", bad)
        direction = None
        if raw.get("direction") is not None:
            direction = self.choice(Direction, raw.get("direction"), "direction", bad)
        period = PeriodKind.FLOW
        if unit is Unit.RATE:
            if raw.get("period") is not None:
                bad("a rate takes its period from its count: remove 'period'")
            if not raw.get("rate_of"):
                bad("a rate needs 'rate_of': the id of the count it is per 10,000 children of")
        else:
            if raw.get("rate_of") is not None:
                bad("'rate_of' is only for unit: rate")
            period = self.choice(PeriodKind, raw.get("period"), "period", bad)
        quarter = raw.get("quarter", True)
        if not isinstance(quarter, bool):
            bad(f"quarter must be true or false, not '{quarter}'")
        targets = self.targets(raw, unit, bad)
        if targets and direction is None:
            bad("a target needs a direction: add direction: higher or direction: lower")
        if self.problems.error_count > before:
            return None
        definition = raw.get("definition")
        return Measure(
            id=mid, name=str(name).strip(), unit=unit, period=period, section=section,
            definition=str(definition).strip() if definition not in (None, "") else None,
            quarter=quarter, targets=targets, direction=direction,
            rate_of=raw.get("rate_of"),
        )

    @staticmethod
    def choice(enum, value, key, bad):
        options = " | ".join(e.value for e in enum)
        try:
            return enum(str(value).strip().lower())
        except ValueError:
            bad(f"{key} '{value}' is not one of {options}" if value is not None
                else f"'{key}' is required: {options}")
            return None

    def targets(self, raw: dict, unit: Unit | None, bad) -> tuple:
        target, tolerance = raw.get("target"), raw.get("tolerance", 0)
        if target is None:
            if raw.get("tolerance") is not None:
                bad("a tolerance without a target: add a target or remove the tolerance")
            return ()
        targets = self.by_year(target, "target", bad)
        tolerances = self.by_year(tolerance, "tolerance", bad)
        result = []
        for year, value in targets.items():
            tol = tolerances.get(year, tolerances.get(None, Decimal(0)))
            if tol < 0:
                bad(f"tolerance {tol} cannot be negative")
            if unit is Unit.PERCENT and not 0 <= value <= 100:
                bad(f"target {value} is a percentage: write it in points between 0 and 100")
            result.append((year, Target(value, tol)))
        for year in tolerances:
            if year is not None and year not in targets and None not in targets:
                bad(f"tolerance for {year} has no target for that year")
        return tuple(result)

    @staticmethod
    def by_year(raw: Any, key: str, bad) -> dict[FinancialYear | None, Decimal]:
        items = raw.items() if isinstance(raw, dict) else [(None, raw)]
        result = {}
        for year, value in items:
            try:
                fy = None if year is None else FinancialYear.parse(str(year))
                if isinstance(value, bool):
                    raise InvalidOperation
                number = Decimal(str(value).strip().rstrip("%").strip())
                if not number.is_finite() or abs(number) >= TOO_LARGE:
                    raise InvalidOperation
                result[fy] = number
            except ValueError as exc:
                bad(f"{key}: {exc}")
            except InvalidOperation:
                bad(f"{key} '{value}' is not a number; write e.g. {key}: 95.0 "
                    f'or {key}: {{"2020/21": 95.0}}')
        return result

    def resolve_rates(self, sections: tuple[Section, ...]) -> tuple[Section, ...]:
        """A rate follows its count's period; it must name a count."""
        counts = {m.id: m for s in sections for m in s.measures if m.unit is Unit.COUNT}

        def resolve(measure: Measure) -> Measure:
            if measure.unit is not Unit.RATE:
                return measure
            base = counts.get(measure.rate_of or "")
            if base is None:
                self.problems.error(
                    f"rate_of '{measure.rate_of}' names no count measure in the catalogue; "
                    "give the id of a measure with unit: count",
                    file=self.file, line=self.lines.get(measure.id), measure=measure.id)
                return measure
            return replace(measure, period=base.period)

        return tuple(Section(s.name, tuple(map(resolve, s.measures))) for s in sections)


def _did_you_mean(key: Any, known: set[str]) -> str:
    close = get_close_matches(str(key), sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
