"""Read `measures.yaml` into a validated `Catalogue`, reporting every mistake with its line."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml

from xlscore import figures
from xlscore.model import (
    PACK_SHEETS,
    TOO_LARGE,
    AnnexARule,
    BenchmarkSpec,
    Catalogue,
    Colours,
    Column,
    DfeSource,
    Direction,
    Measure,
    NeighbourAverage,
    PdfSettings,
    PeriodKind,
    Section,
    SpcSettings,
    Target,
    Unit,
)
from xlscore.periods import FinancialYear, Month
from xlscore.problems import Problems
from xlscore.texts import CELL_LIMIT, control_complaint, line_breaks

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")
_MEASURE_KEYS = {"id", "name", "definition", "unit", "period", "quarter", "target",
                 "tolerance", "direction", "rate_of"} | {"dfe", "rebase", "benchmark", "annex_a"}
CLASSIFICATION_LIMIT = 60  # a protective marking, not a paragraph: it heads every page
_TOP_KEYS = {"authority", "title", "population", "baseline", "benchmarks", "sections",
             "colours"} | {"code", "contact", "spc", "classification",
                                                 "pdf"} | {"columns"}
_SPC_KEYS = {"from", "baseline", "min_points", "shift", "trend"}
# DfE's codes of a local authority: the old three-digit LA number or the ONS E-code.
_LA_CODE = re.compile(r"^(\d{3}|E(06|07|08|09|10)\d{6})$")
_DFE_KEYS = {"file", "column", "where"}
_DESCRIBING = ("time_period", "time_identifier", "geographic_level")  # DfE's row labels
_SN_MODELS = (2021, 2025)  # the models shipped in xlscore/dfe/data
_LONDON = ("London", "Inner London", "Outer London")
# Aliases may repeat a block; past this many items once expanded they are an attack (a
# "billion laughs" catalogue of 15 KB expands to billions), not a catalogue.
EXPANDED_LIMIT = 1_000_000
_SCALARS = (str, int, float, Decimal)


class _Map(dict):
    """A YAML mapping that remembers the line it started on, and the line of each key."""

    line: int = 0
    key_lines: dict[str, int] = {}  # replaced per mapping by the loader; never mutated


# libyaml's parser where PyYAML has it: several times faster on a large catalogue.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    aliases_possible = True  # set per load: False when the text has no `*`

    def construct_mapping(self, node, deep=False):
        mapping = _Map(super().construct_mapping(node, deep=deep))
        mapping.line, mapping.key_lines = node.start_mark.line + 1, _key_lines(node)
        return mapping

    def get_single_data(self):
        """The document, once its aliases are known not to expand beyond EXPANDED_LIMIT."""
        node = self.get_single_node()
        if node is None:
            return None
        if self.aliases_possible:
            _refuse_alias_bombs(node)
            return self.construct_document(node)
        try:
            return self._plain(node)
        except _Unusual:  # PyYAML's own way, for anything beyond plain maps, lists and values
            return self.construct_document(node)

    def _plain(self, node: yaml.Node) -> Any:
        """A document of plain mappings, sequences and scalars (a catalogue without anchors
        or tags), built in one walk: PyYAML's constructor keeps books for what this does
        not have, and took two thirds of reading the sample's catalogue."""
        if node.__class__ is yaml.ScalarNode:
            make = self.yaml_constructors.get(node.tag)
            if make is None:
                raise _Unusual
            return make(self, node)
        if node.__class__ is yaml.SequenceNode and node.tag == _SEQUENCE:
            return [self._plain(item) for item in node.value]
        if node.__class__ is not yaml.MappingNode or node.tag != _MAPPING:
            raise _Unusual
        mapping = _Map()
        mapping.line, mapping.key_lines = node.start_mark.line + 1, _key_lines(node)
        for key, value in node.value:
            if key.__class__ is not yaml.ScalarNode:  # (a merge key `<<` has no maker)
                raise _Unusual
            mapping[self._plain(key)] = self._plain(value)
        return mapping


class _Unusual(Exception):
    """A document with more than plain YAML in it."""


_MAPPING, _SEQUENCE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _key_lines(node: yaml.MappingNode) -> dict[str, int]:
    """The line of each key of a mapping; a key given twice is an error (YAML would
    silently keep only the last one)."""
    lines: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value in lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{key.value}' is given twice here (first at line "
                f"{lines[key.value]}); keep one", key.start_mark)
        lines[key.value] = key.start_mark.line + 1
    return lines


class _AliasBomb(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _refuse_alias_bombs(root: yaml.Node) -> None:
    """Count the items the document has once its aliases are expanded, without expanding
    them: each node's size is worked out once and shared by every alias to it."""
    sizes: dict[int, int] = {}
    shared: dict[int, yaml.Node] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = ([part for pair in node.value for part in pair]
                    if isinstance(node, yaml.MappingNode)
                    else node.value if isinstance(node, yaml.SequenceNode) else [])
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            continue
        if id(node) in sizes:
            shared[id(node)] = node
            continue
        sizes[id(node)] = 0  # being counted: an alias back to it (a loop) adds nothing
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    if sizes[id(root)] > EXPANDED_LIMIT:
        worst = max(shared.values(), key=lambda n: sizes[id(n)], default=root)
        raise _AliasBomb(worst.start_mark.line + 1)


# Keep `2020-04-01` and `yes` as the text the user wrote; the catalogue validates them itself.
# Only true and false are booleans: `target: yes` is quoted back as written, not as True.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"
        and not (tag == "tag:yaml.org,2002:bool" and k not in "tTfF")]
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
                       file=name, code="catalogue.not-found")
        return None
    except UnicodeDecodeError as exc:
        encoding = ("UTF-16" if exc.object[:2] in (b"\xff\xfe", b"\xfe\xff")
                    else "not UTF-8")
        problems.error(f"the catalogue is {encoding} text: save it as UTF-8", file=name,
                       line=exc.object[:exc.start].count(b"\n") + 1,
                       code="catalogue.not-utf8")
        return None
    except OSError as exc:
        problems.error(f"cannot read the catalogue ({exc.strerror or exc})", file=name,
                       code="catalogue.unreadable")
        return None
    return parse_catalogue(text, name, problems)


def parse_catalogue(text: str, name: str, problems: Problems) -> Catalogue | None:
    """The catalogue in YAML `text` (from the file `name`), or None with `problems`."""
    try:
        loader = _Loader(text)
        loader.aliases_possible = "*" in text
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _AliasBomb as exc:
        problems.error(f"the aliases (*name) of the block anchored here expand the catalogue "
                       f"beyond {EXPANDED_LIMIT:,} items: write the values out instead",
                       file=name, line=exc.line, code="catalogue.alias-expansion")
        return None
    except RecursionError:
        problems.error("the catalogue is nested too deeply to be a catalogue", file=name,
                       code="catalogue.too-deep")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        fix = ("" if isinstance(exc, yaml.constructor.ConstructorError)
               else "; fix the indentation or quoting there")
        problems.error(f"YAML syntax error: {reason}{fix}", file=name,
                       line=mark.line + 1 if mark else None, code="catalogue.yaml-syntax")
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


def _describes_a_row(column: str, where: dict) -> bool:
    """A DfE column that tells rows apart (the period, the geography's codes and names, a
    `where` column) rather than holding a figure: time_period would give 2020 as a figure."""
    name = column.strip().casefold()
    return (name in _DESCRIBING or name.endswith(("_code", "_name"))
            or name in {str(k).strip().casefold() for k in where})


class _Parser:
    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems
        self.lines: dict[str, int] = {}

    def error(self, message: str, node: Any = None, measure: str | None = None,
              key: Any = None, code: str = "catalogue.invalid") -> None:
        """Report at the line of `key` in mapping `node`, else at the line `node` starts on."""
        line = getattr(node, "line", None)
        if key is not None:
            line = getattr(node, "key_lines", {}).get(str(key), line)
        self.problems.error(message, file=self.file, line=line, measure=measure, code=code)

    def text(self, value: Any, what: str, node: Any, key: str | None,
             measure: str | None = None) -> str | None:
        """A name or definition as text: a number is taken as written, a list or mapping
        is refused, and so is a control character (Word's line break becomes a line break)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, _SCALARS):
            self.error(f"{what} must be text, not {_shown(value)}", node, measure, key,
                       code="catalogue.not-text")
            return None
        text = line_breaks(str(value)).strip()
        said = control_complaint(what, text)
        if said:
            self.error(said, node, measure, key, code="catalogue.control-character")
            return None
        if len(text) > CELL_LIMIT:
            self.error(f"{what} has {len(text):,} characters; a cell holds at most "
                       f"{CELL_LIMIT:,}: shorten it", node, measure, key,
                       code="catalogue.too-long")
            return None
        return text

    def catalogue(self, data: Any) -> Catalogue | None:
        if not isinstance(data, dict):
            self.error("the catalogue must be a YAML mapping with authority, population and "
                       "sections (see README)", code="catalogue.not-a-mapping")
            return None
        for key in sorted(set(data) - _TOP_KEYS, key=str):
            self.error(f"unknown key {_shown(key)}{_did_you_mean(key, _TOP_KEYS)}; expected "
                       f"one of {', '.join(sorted(_TOP_KEYS))}", data, key=key,
                       code="catalogue.unknown-key")
        before = self.problems.error_count
        authority = self.text(data.get("authority"), "authority", data, "authority")
        if not authority and self.problems.error_count == before:
            self.error("'authority' is required: the authority's name, e.g. authority: Slough",
                       data, code="catalogue.no-authority")
        authority = authority or ""
        title = self.text(data.get("title", "Children's Services Performance Scorecard"),
                          "title", data, "title") or ""
        contact = data.get("contact")
        if contact is not None and (not isinstance(contact, str) or not contact.strip()):
            self.error("contact must be text: who answers questions about the pack, e.g. "
                       "contact: performance@slough.gov.uk", data, key="contact",
                       code="catalogue.bad-contact")
            contact = None
        contact = self.text(contact, "contact", data, "contact")
        classification = self.classification(data)
        sections = self.resolve_rates(self.sections(data.get("sections"), data))
        return Catalogue(
            authority=authority,
            title=title,
            sections=sections,
            population=self.population(data.get("population"), data),
            baseline=self.baseline(data.get("baseline"), data),
            benchmarks=self.benchmarks(data.get("benchmarks"), data),
            colours=self.colours(data.get("colours"), data),
            source=self.file,
            contact=contact.strip() if contact else None,
            lines={**{str(k): v for k, v in getattr(data, 'key_lines', {}).items()}, **self.lines},
            code=self.code(data.get("code"), data),
            spc=self.spc(data, sections),
            classification=classification,
            pdf=self.pdf(data),
            columns=self.columns(data),
        )

    def columns(self, data: Any) -> tuple[Column, ...]:
        """`columns: [year_to_date, rolling_12_months, same_month_last_year]`: opt-in
        figures beside the month, in the order given."""
        raw = data.get("columns")
        if raw is None:
            return ()
        known = {c.value for c in Column}
        expected = ", ".join(c.value for c in Column)
        if not isinstance(raw, list):
            self.error(f"columns must be a list, some of {expected}; not {_shown(raw)}", data,
                       key="columns", code="catalogue.bad-columns")
            return ()
        chosen = []
        for name in raw:
            if str(name) not in known:
                self.error(f"columns: unknown column {_shown(name)}"
                           f"{_did_you_mean(name, known)}; expected some of {expected}", data,
                           key="columns", code="catalogue.bad-columns")
            elif Column(name) not in chosen:
                chosen.append(Column(name))
        return tuple(chosen)

    def classification(self, data: dict) -> str | None:
        """`classification: OFFICIAL-SENSITIVE`: a short marking, printed on every page."""
        raw = data.get("classification")
        if raw is None:
            return None
        text = self.text(raw, "classification", data, "classification") if isinstance(
            raw, str) else None
        if not text or not text.strip() or len(text) > CLASSIFICATION_LIMIT:
            self.error(f"classification must be a short marking (at most "
                       f"{CLASSIFICATION_LIMIT} characters), e.g. classification: "
                       "OFFICIAL-SENSITIVE", data, key="classification",
                       code="catalogue.bad-classification")
            return None
        return " ".join(text.split())

    def population(self, raw: Any, parent: Any) -> dict[FinancialYear, int]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.error('population must map financial years to children aged 0-17, '
                       'e.g. "2020/21": 43112', parent, key="population",
                       code="catalogue.bad-population")
            return {}
        result = {}
        for year, count in raw.items():
            try:
                fy = FinancialYear.parse(str(year))
            except ValueError as exc:
                self.error(f"population: {exc}", raw, key=year, code="catalogue.bad-year")
                continue
            if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
                self.error(f"population for {fy} must be a whole number of children above 0, "
                           f"not {_shown(count)}", raw, key=year,
                           code="catalogue.bad-population")
                continue
            result[fy] = count
        return result

    def baseline(self, raw: Any, parent: Any) -> Month | None:
        if raw is None:
            return None
        try:
            if not isinstance(raw, str):
                raise ValueError(f"{_shown(raw)} is not a month: write it as YYYY-MM, "
                                 "e.g. 2020-04")
            return Month.parse(raw)
        except ValueError as exc:
            self.error(f"baseline: {exc}", parent, key="baseline", code="catalogue.bad-month")
            return None

    def benchmarks(self, raw: Any, parent: Any) -> BenchmarkSpec | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.error("benchmarks must be a mapping with period, own, rate_against, columns",
                       parent, key="benchmarks", code="catalogue.bad-benchmarks")
            return None
        period = self.text(raw.get("period"), "benchmarks.period", raw, "period")
        own = self.text(raw.get("own"), "benchmarks.own", raw, "own")
        columns = self.names(raw.get("columns", []), "benchmarks.columns", raw)
        rate_against = self.names(raw.get("rate_against", []), "benchmarks.rate_against", raw)
        if not period or not own:
            self.error("benchmarks needs 'period' (e.g. \"2019/20\") and 'own' (the column "
                       "holding this authority's annual return)", raw,
                       code="catalogue.bad-benchmarks")
            return None
        for name in rate_against:
            if name not in columns:
                self.error(f"benchmarks.rate_against names '{name}', which is not in "
                           "benchmarks.columns; add it there", raw, key="rate_against",
                           code="catalogue.bad-benchmarks")
        return BenchmarkSpec(period, own, rate_against, columns,
                             *self.benchmark_sources(raw))

    def names(self, raw: Any, what: str, parent: Any) -> tuple[str, ...]:
        key = what.rsplit(".", 1)[-1]
        if not isinstance(raw, list) or not all(isinstance(x, str | int) and
                                                not isinstance(x, bool) for x in raw):
            self.error(f"{what} must be a list of column names, e.g. [SN, SE]", parent,
                       key=key, code="catalogue.bad-benchmarks")
            return ()
        names = [self.text(x, what, parent, key) for x in raw]
        return tuple(n for n in names if n)

    def colours(self, raw: Any, parent: Any) -> Colours:
        if raw is None:
            return Colours()
        if not isinstance(raw, dict):
            self.error("colours must map green, amber, red, yellow to hex, e.g. green: C6E9C9",
                       parent, key="colours", code="catalogue.bad-colour")
            return Colours()
        chosen = {}
        for key, value in raw.items():
            if key not in ("green", "amber", "red", "yellow"):
                self.error(f"colours: unknown colour {_shown(key)}; use green, amber, red, "
                           "yellow", raw, key=key, code="catalogue.bad-colour")
            elif not isinstance(value, str | int) or not _HEX.match(str(value)):
                self.error(f"colours.{key}: {_shown(value)} is not a hex colour like C6E9C9",
                           raw, key=key, code="catalogue.bad-colour")
            else:
                chosen[key] = str(value).lstrip("#").upper()
        return Colours(**chosen)

    def sections(self, raw: Any, parent: Any) -> tuple[Section, ...]:
        if not isinstance(raw, list) or not raw:
            self.error("'sections' is required: a list of {name, measures}", parent,
                       key="sections", code="catalogue.no-sections")
            return ()
        sections: list[Section] = []
        seen: dict[str, int] = {}
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("name"), _SCALARS):
                node, key = (item, None) if isinstance(item, dict) else (parent, "sections")
                self.error("each section needs a 'name' and a list of 'measures'", node, key=key,
                           code="catalogue.bad-section")
                continue
            name = self.text(item["name"], "the section's name", item, "name")
            if not name:
                continue
            entries = item.get("measures")
            if not isinstance(entries, list) or not entries:
                self.error(f"section '{name}' has no measures: give it a list of "
                           "measures, each with id, name, unit", item,
                           code="catalogue.bad-section")
                entries = []
            measures = []
            for entry in entries:
                measure = self.measure(entry, item, name)
                if measure is None:
                    continue
                if measure.id in seen:
                    first = seen[measure.id]
                    self.error(f"duplicate id '{measure.id}'"
                               + (f" (first at line {first})" if first is not None else "")
                               + "; give each measure its own id", entry, measure.id,
                               code="catalogue.duplicate-id")
                    continue
                seen[measure.id] = self.lines[measure.id] = entry.line
                measures.append(measure)
            sections.append(Section(name, tuple(measures)))
        return tuple(sections)

    def measure(self, raw: Any, parent: Any, section: str) -> Measure | None:
        if not isinstance(raw, dict):
            self.error(f"section '{section}': each measure must be a mapping with id, name, unit "
                       f"(found {_shown(raw)})", parent, key="measures",
                       code="catalogue.bad-measure")
            return None
        raw_id = raw.get("id", "")
        mid = str(raw_id).strip() if isinstance(raw_id, _SCALARS) else ""
        before = self.problems.error_count

        def bad(message: str, key: str | None = None, code: str = "catalogue.bad-measure"):
            self.error(message, raw, mid or None, key, code=code)

        if not _ID.match(mid):
            bad(f"id {_shown(raw_id)} must be lower-case letters, digits and _, starting with "
                "a letter", "id", code="catalogue.bad-id")
            mid = ""
        for key in sorted(set(raw) - _MEASURE_KEYS, key=str):
            bad(f"unknown key {_shown(key)}{_did_you_mean(key, _MEASURE_KEYS)}; expected one "
                f"of {', '.join(sorted(_MEASURE_KEYS))}", key, code="catalogue.unknown-key")
        name = self.text(raw.get("name"), "name", raw, "name", mid or None)
        if not name and self.problems.error_count == before:
            bad("'name' is required", "name")
        definition = self.text(raw.get("definition"), "definition", raw, "definition",
                               mid or None)
        unit = self.choice(Unit, raw.get("unit"), "unit", bad)
        direction = None
        if raw.get("direction") is not None:
            direction = self.choice(Direction, raw.get("direction"), "direction", bad)
        period = PeriodKind.FLOW
        rate_of = raw.get("rate_of")
        if rate_of is not None and not isinstance(rate_of, str):
            bad(f"rate_of must be the id of one count measure, not {_shown(rate_of)}",
                "rate_of", code="catalogue.bad-rate-of")
            rate_of = None
        elif unit is Unit.RATE:
            if raw.get("period") is not None:
                bad("a rate takes its period from its count: remove 'period'", "period")
            if not rate_of:
                bad("a rate needs 'rate_of': the id of the count it is per 10,000 children of",
                    code="catalogue.bad-rate-of")
        else:
            if rate_of is not None:
                bad("'rate_of' is only for unit: rate", "rate_of", code="catalogue.bad-rate-of")
            period = self.choice(PeriodKind, raw.get("period"), "period", bad)
        quarter = raw.get("quarter", True)
        if not isinstance(quarter, bool):
            bad(f"quarter must be true or false, not {_shown(quarter)}", "quarter")
        targets = self.targets(raw, unit, bad)
        rebase = self.rebase(raw, mid)
        local = raw.get("benchmark") is not None
        if local and raw.get("benchmark") != "local":
            bad(f"benchmark must be 'local' (no comparator is published for this measure), not "
                f"{_shown(raw.get('benchmark'))}", "benchmark", code="catalogue.bad-benchmark")
        elif local and raw.get("dfe") is not None:
            bad("benchmark: local says DfE publishes no comparator, but dfe: maps one; keep "
                "one of them", "benchmark", code="catalogue.bad-benchmark")
        annex_a = self.annex_a(raw, mid, unit, period)
        if targets and direction is None:
            bad("a target needs a direction: add direction: higher or direction: lower",
                code="catalogue.no-direction")
        if self.problems.error_count > before or name is None:
            return None
        dfe = self.dfe(raw, mid)  # a broken mapping is reported; the measure still builds
        return Measure(
            id=mid, name=name, unit=unit, period=period, section=section,
            definition=definition or None, quarter=quarter, targets=targets,
            direction=direction, rate_of=rate_of, dfe=dfe, rebase=rebase, local=local,
            annex_a=annex_a,
        )

    def annex_a(self, raw: dict, mid: str, unit: Unit | None,
                period: PeriodKind | None) -> AnnexARule | None:
        """`annex_a: RULE` or `annex_a: {rule: RULE, <parameter>: <value>}`: the rule must
        exist, take the parameters given, and count the way the measure's period says."""
        spec = raw.get("annex_a")
        if spec is None:
            return None
        node: Any = raw
        key: str | None = "annex_a"
        given: dict = {}
        name: Any = spec
        if isinstance(spec, dict):
            node, key = spec, "rule"
            name, given = spec.get("rule"), {k: v for k, v in spec.items() if k != "rule"}
        if not isinstance(name, str) or not name.strip():
            self.error("annex_a must name a rule, e.g. annex_a: referrals or annex_a: "
                       "{rule: cin_visits_pct, working_days: 20}", node, mid or None, key,
                       code="catalogue.bad-annex-a")
            return None
        from xlscore.annex_a.rules import RULES

        rule = RULES.get(name.strip())
        if rule is None:
            self.error(f"annex_a: unknown rule {_shown(name)}{_did_you_mean(name, set(RULES))}; "
                       "the rules are listed in the README (From Annex A lists)", node,
                       mid or None, key, code="catalogue.unknown-annex-a-rule")
            return None
        if unit is Unit.RATE:
            self.error("a rate is worked out from its count: put annex_a on the count it is "
                       "per 10,000 children of", raw, mid or None, "annex_a",
                       code="catalogue.bad-annex-a")
            return None
        chosen = dict(rule.parameters)
        before = self.problems.error_count
        for parameter, value in given.items():
            if parameter not in chosen:
                expected = (f"expected {', '.join(chosen)}" if chosen
                            else f"rule '{rule.name}' takes none")
                self.error(f"annex_a: unknown parameter {_shown(parameter)}"
                           f"{_did_you_mean(parameter, set(chosen))}; {expected}", node,
                           mid or None, parameter, code="catalogue.unknown-annex-a-parameter")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.error(f"annex_a: {parameter} must be a whole number, 0 or more, not "
                           f"{_shown(value)}", node, mid or None, parameter,
                           code="catalogue.bad-annex-a-parameter")
            else:
                chosen[parameter] = value
        if period is not None and rule.kind is not period:
            self.error(f"annex_a: rule '{rule.name}' is a {rule.kind.value} (counted "
                       + ("in the month" if rule.kind is PeriodKind.FLOW else "at month end")
                       + f") but the measure's period is {period.value}: set period: "
                       f"{rule.kind.value} or choose another rule", raw, mid or None,
                       "annex_a", code="catalogue.annex-a-period")
        if self.problems.error_count > before:
            return None
        return AnnexARule(rule.name, tuple(chosen.items()), _words(rule.words, chosen,
                                                                  dict(rule.parameters)))

    def code(self, raw: Any, parent: Any) -> str | None:
        """The authority's DfE code: `code: 871` or `code: E06000039`."""
        if raw is None:
            return None
        text = str(raw).strip()
        if not _LA_CODE.match(text):
            self.error(f"code '{raw}' is not a local authority code: give the three-digit LA "
                       "number (code: 871) or the E-code (code: E06000039)", parent, None, "code",
                       code="catalogue.bad-code")
            return None
        return text

    def dfe(self, raw: dict, mid: str) -> DfeSource | None:
        """Where DfE publishes the measure: {file, column, where: {column: value}}."""
        spec = raw.get("dfe")
        if spec is None:
            return None
        example = ("e.g. dfe: {file: c1_children_in_need_referrals_and_rereferrals, "
                   "column: referral_count, where: {category: Referrals and Re-referrals}}")
        if not isinstance(spec, dict):
            self.error(f"dfe must be a mapping with file, column and where, {example}",
                       raw, mid, "dfe", code="catalogue.bad-dfe")
            return None
        before = self.problems.error_count
        for key in sorted(set(spec) - _DFE_KEYS, key=str):
            self.error(f"dfe: unknown key '{key}'{_did_you_mean(key, _DFE_KEYS)}; expected "
                       "file, column, where", spec, mid, key, code="catalogue.bad-dfe")
        for key in ("file", "column"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                self.error(f"dfe needs '{key}': {example}",
                           spec, mid, None, code="catalogue.bad-dfe")
        where = spec.get("where", {})
        if not isinstance(where, dict) or not all(
                isinstance(v, str | int | float) and not isinstance(v, bool)
                for v in where.values()):
            self.error("dfe.where must map column names to the value they hold on the rows "
                       "wanted, e.g. where: {category: Referrals and Re-referrals}",
                       spec, mid, "where", code="catalogue.bad-dfe")
            where = {}
        column = spec.get("column")
        if isinstance(column, str) and _describes_a_row(column, where):
            self.error(f"dfe.column '{column.strip()}' says which row it is (the period, the "
                       "place or a where column), not a figure: map the column that holds "
                       "the measure's figures", spec, mid, "column",
                       code="dfe.not-a-figure-column")
        if self.problems.error_count > before:
            return None
        return DfeSource(spec["file"].strip().removesuffix(".csv"), spec["column"].strip(),
                         tuple((str(k), str(v)) for k, v in where.items()))

    def benchmark_sources(self, raw: dict) -> tuple[NeighbourAverage, str | None,
                                                    tuple[tuple[str, str], ...]]:
        """benchmarks.sn, .region and .comparators: how `xlscore benchmarks` fills the columns."""
        sn = raw.get("sn") or {}
        average = NeighbourAverage()
        if not isinstance(sn, dict):
            self.error("benchmarks.sn must be a mapping, e.g. sn: {model: 2021, average: mean}",
                       raw, None, "sn", code="catalogue.bad-sn")
        else:
            model, how = sn.get("model"), str(sn.get("average", "mean")).strip().lower()
            if model is not None and model not in _SN_MODELS:
                self.error(f"benchmarks.sn.model '{model}' is not a DfE statistical neighbour "
                           f"model xlscore ships: use {' or '.join(map(str, _SN_MODELS))}",
                           sn, None, "model", code="catalogue.bad-sn")
                model = None
            if how not in ("mean", "median"):
                self.error(f"benchmarks.sn.average '{how}' is not mean or median",
                           sn, None, "average", code="catalogue.bad-sn")
                how = "mean"
            for key in sorted(set(sn) - {"model", "average"}, key=str):
                self.error(f"benchmarks.sn: unknown key '{key}'; expected model, average",
                           sn, None, key, code="catalogue.bad-sn")
            average = NeighbourAverage(model, how)
        region = raw.get("region")
        if region is not None:
            chosen = [r for r in _LONDON if r.lower() == str(region).strip().lower()]
            if not chosen:
                self.error(f"benchmarks.region '{region}' is not one of {', '.join(_LONDON)} "
                           "(only London authorities choose their region)", raw, None, "region",
                           code="catalogue.bad-region")
            region = chosen[0] if chosen else None
        comparators = raw.get("comparators") or {}
        if not isinstance(comparators, dict):
            self.error("benchmarks.comparators must map a column to what it holds, e.g. "
                       "comparators: {Kingston: 314}", raw, None, "comparators",
                       code="catalogue.bad-comparators")
            comparators = {}
        return average, region, tuple((str(k), str(v).strip()) for k, v in comparators.items())

    def rebase(self, raw: dict, mid: str) -> tuple[Month, ...]:
        """`rebase: [YYYY-MM, ...]`: months where the measure's process changed."""
        value = raw.get("rebase")
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.error(f"rebase must be a list of months, e.g. rebase: [2021-04], not '{value}'",
                       raw, mid or None, "rebase", code="spc.bad-rebase")
            return ()
        months: list[Month] = []
        for item in value:
            try:
                month = Month.parse(str(item))
            except ValueError as exc:
                self.error(f"rebase: {exc}", raw, mid or None, "rebase", code="spc.bad-rebase")
                continue
            if month in months:
                self.error(f"rebase: {month} is given twice; keep one", raw, mid or None,
                           "rebase", code="spc.duplicate-rebase")
                continue
            months.append(month)
        return tuple(sorted(months))

    def pdf(self, data: Any) -> PdfSettings:
        """`pdf: {sheets: [Cover, Scorecard, ...], paper: A3 | A4}`: what --pdf prints."""
        raw = data.get("pdf")
        if raw is None:
            return PdfSettings()
        if not isinstance(raw, dict):
            self.error("pdf must be a mapping, e.g. pdf: {sheets: [Cover, Scorecard], paper: "
                       f"A4}}; not {_shown(raw)}", data, key="pdf", code="catalogue.bad-pdf")
            return PdfSettings()
        for key in sorted(set(raw) - {"sheets", "paper"}, key=str):
            self.error(f"pdf: unknown key {_shown(key)}{_did_you_mean(key, {'sheets', 'paper'})}"
                       "; expected sheets or paper", raw, key=key, code="catalogue.bad-pdf")
        chosen: dict[str, Any] = {}
        sheets = raw.get("sheets")
        if sheets is not None:
            if not isinstance(sheets, list) or not sheets:
                self.error("pdf.sheets must be a list of sheet names, e.g. [Cover, Scorecard]",
                           raw, key="sheets", code="catalogue.bad-pdf")
            else:
                known = set(PACK_SHEETS)
                unknown = [s for s in sheets if s not in known]
                for name in unknown:
                    self.error(f"pdf.sheets: no sheet is called {_shown(name)}"
                               f"{_did_you_mean(name, known)}; the sheets are "
                               f"{', '.join(PACK_SHEETS)}", raw, key="sheets",
                               code="catalogue.bad-pdf")
                if not unknown:
                    chosen["sheets"] = tuple(dict.fromkeys(sheets))
        paper = raw.get("paper")
        if paper is not None:
            if str(paper).strip().upper() not in ("A3", "A4"):
                self.error(f"pdf.paper must be A3 or A4, not {_shown(paper)}", raw, key="paper",
                           code="catalogue.bad-pdf")
            else:
                chosen["paper"] = str(paper).strip().upper()
        return PdfSettings(**chosen)

    def spc(self, data: Any, sections: tuple[Section, ...]) -> SpcSettings | None:
        """`spc: true`, or `spc: {from, baseline, min_points, shift, trend}`."""
        raw = data.get("spc")
        if raw is None or raw is False:
            for measure in (m for s in sections for m in s.measures if m.rebase):
                self.problems.warning(
                    "rebase is ignored without an spc: block at the top; add spc: true",
                    file=self.file, line=self.lines.get(measure.id), measure=measure.id,
                    code="spc.rebase-without-spc")
            return None
        if raw is True:
            return SpcSettings()
        if not isinstance(raw, dict):
            self.error(f"spc must be true, or a mapping with {', '.join(sorted(_SPC_KEYS))}; "
                       f"not '{raw}'", data, key="spc", code="spc.not-a-mapping")
            return None
        for key in sorted(set(raw) - _SPC_KEYS, key=str):
            self.error(f"spc: unknown key '{key}'{_did_you_mean(key, _SPC_KEYS)}; expected one "
                       f"of {', '.join(sorted(_SPC_KEYS))}", raw, key=key, code="spc.unknown-key")
        chosen: dict[str, Any] = {}
        if raw.get("from") is not None:
            try:
                chosen["start"] = Month.parse(str(raw["from"]))
            except ValueError as exc:
                self.error(f"spc.from: {exc}", raw, key="from", code="spc.bad-month")
        for key in ("baseline", "min_points", "shift", "trend"):
            value = raw.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                self.error(f"spc.{key} must be a whole number of points, at least 2, not "
                           f"'{value}'", raw, key=key, code="spc.bad-number")
                continue
            chosen[key] = value
        return SpcSettings(**chosen)

    @staticmethod
    def choice(enum, value, key, bad):
        options = " | ".join(e.value for e in enum)
        try:
            if not isinstance(value, str):
                raise ValueError
            return enum(value.strip().lower())
        except ValueError:
            bad(f"{key} {_shown(value)} is not one of {options}" if value is not None
                else f"'{key}' is required: {options}", key, code=f"catalogue.bad-{key}")
            return None

    def targets(self, raw: dict, unit: Unit | None, bad) -> tuple:
        target, tolerance = raw.get("target"), raw.get("tolerance", 0)
        if target is None:
            if raw.get("tolerance") is not None:
                bad("a tolerance without a target: add a target or remove the tolerance",
                    "tolerance", code="catalogue.bad-target")
            return ()
        targets = self.by_year(target, "target", bad)
        tolerances = self.by_year(tolerance, "tolerance", bad)
        result = []
        for year, value in targets.items():
            tol = tolerances.get(year, tolerances.get(None, Decimal(0)))
            if tol < 0:
                bad(f"tolerance {tol} cannot be negative", "tolerance",
                    code="catalogue.bad-target")
            said = figures.complaint(unit, value, averaged=True) if unit else None
            if said:
                bad(f"target {value} {said}", "target", code="catalogue.bad-target")
            result.append((year, Target(value, tol)))
        for year in tolerances:
            if year is not None and year not in targets and None not in targets:
                bad(f"tolerance for {year} has no target for that year", "tolerance",
                    code="catalogue.bad-target")
        return tuple(result)

    @staticmethod
    def by_year(raw: Any, key: str, bad) -> dict[FinancialYear | None, Decimal]:
        items = raw.items() if isinstance(raw, dict) else [(None, raw)]
        result = {}
        for year, value in items:
            try:
                fy = None if year is None else FinancialYear.parse(str(year))
                if isinstance(value, bool) or not isinstance(value, _SCALARS):
                    raise InvalidOperation
                written = str(value).strip()
                if len(written) > 100:
                    raise InvalidOperation
                number = Decimal(written.rstrip("%").strip())
                if not number.is_finite() or abs(number) >= TOO_LARGE:
                    raise InvalidOperation
                result[fy] = number
            except ValueError as exc:
                bad(f"{key}: {exc}", key, code="catalogue.bad-year")
            except InvalidOperation:
                bad(f"{key} {_shown(value)} is not a number; write e.g. {key}: 95.0 "
                    f'or {key}: {{"2020/21": 95.0}}', key, code="catalogue.bad-target")
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
                    file=self.file, line=self.lines.get(measure.id), measure=measure.id,
                    code="catalogue.unknown-rate-of")
                return measure
            return replace(measure, period=base.period)

        return tuple(Section(s.name, tuple(map(resolve, s.measures))) for s in sections)


def _words(words: str, chosen: dict[str, int], defaults: dict[str, int]) -> str:
    """A rule's words with its parameters' values in place of their names (`days`); a
    parameter changed from its default that the words do not name is said after them."""
    unnamed = [f"{name} = {value}" for name, value in chosen.items()
               if value != defaults.get(name) and f"`{name}`" not in words]
    for name, value in chosen.items():
        words = words.replace(f"`{name}`", str(value))
    return words + (f" (with {', '.join(unnamed)})" if unnamed else "")


def _shown(value: Any, limit: int = 60) -> str:
    """A value quoted back as the user wrote it: true/false in YAML's words, a list or a
    mapping named rather than printed (an alias may make it enormous)."""
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"'{text[:limit]}...'" if len(text) > limit else f"'{text}'"


def _did_you_mean(key: Any, known: set[str]) -> str:
    close = get_close_matches(str(key), sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
