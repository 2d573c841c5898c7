"""The JSON Schema of measures.yaml (xlscore/measures.schema.json), which an analyst's editor
reads: it accepts every catalogue the examples and tests hold, and flags at the same place
what the reader (xlscore/catalogue.py) refuses, for the same reason."""

from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.small import CATALOGUE
from xlscore.catalogue import _Loader, parse_catalogue
from xlscore.initialise import SCHEMA, catalogue_for
from xlscore.problems import Problems

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resources.files("xlscore").joinpath(SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)  # yaml-language-server reads draft 7
    return jsonschema.Draft7Validator(schema)


def data(text: str) -> Any:
    """The catalogue as the reader's YAML loader sees it (YAML 1.2's plain values, as an
    editor's language server sees them: `2020-04` and `yes` stay text)."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def reader_codes(text: str) -> set[str]:
    problems = Problems()
    parse_catalogue(text, "measures.yaml", problems)
    return {p.code for p in problems.errors}


def schema_errors(validator, text: str) -> list:
    return list(validator.iter_errors(data(text)))


def edited(edits: list[tuple[str, str]]) -> str:
    text = CATALOGUE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


class _Filled(dict):
    def __missing__(self, key: str) -> str:
        return "London"  # the one template among the tests' catalogues fills a region


def catalogues_in_tests() -> list[tuple[str, str]]:
    """Every catalogue written out as text in the tests (a string holding `sections:`),
    that the reader accepts."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and "\nsections:" in node.value):
                continue
            text = node.value.format_map(_Filled()) if "{{" in node.value else node.value
            if not reader_codes(text):
                found.append((f"{path.name}:{node.lineno}", text))
    return found


# Catalogues the reader accepts that hold what the sample and tests/small.py do not.
VARIANTS = [
    ("targets by year, as text", [("target: 95, tolerance: 5",
                                   'target: {"2020/21": "95%", "2021/22": 96}, '
                                   'tolerance: {"2020/21": 5}')]),
    ("capitals and spaces in a unit, direction and period",
     [("name: Timely, unit: percent, period: flow", 'name: Timely, unit: " Percent", '
       "period: Flow"), ("direction: higher", "direction: HIGHER")]),
    ("a number for a name, quarter false",
     [("name: Contacts, unit: count, period: flow}",
       "name: 2020, unit: count, period: flow, quarter: false}")]),
    ("spc settings and a rebase", [("authority: Testshire", "authority: Testshire\n"
                                    "spc: {from: 2019-04, baseline: 12, min_points: 15, "
                                    "shift: 7, trend: 6}"),
                                   ("unit: count, period: flow}",
                                    "unit: count, period: flow, rebase: [2021-04]}")]),
    ("spc: true, colours, contact, code and an E-code",
     [("authority: Testshire", "authority: Testshire\nspc: true\n"
       "colours: {green: '#C6E9C9', red: 123456}\ncontact: performance@example.gov.uk\n"
       "code: E06000039")]),
    ("a DfE source, an SN model, a region, comparators and a negative number target",
     [("  columns: [SN, SE, ENG]", "  columns: [SN, SE, ENG]\n  sn: {model: 2025, "
       "average: Median}\n  region: inner london\n  comparators: {SE: 314}"),
      ("unit: count, period: flow}", "unit: count, period: flow, dfe: {file: c1.csv, "
       "column: n, where: {category: All, year: 2020}}}"),
      ("unit: number, period: flow}", "unit: number, period: flow, target: -2, "
       "direction: higher}")]),
    ("an empty population and no benchmarks", [('population:\n  "2020/21": 10000',
                                                "population: {}"),
                                               ('benchmarks:\n  period: "2019/20"\n'
                                                "  own: Testshire\n  rate_against: [SN, SE]\n"
                                                "  columns: [SN, SE, ENG]\n", "")]),
]


def every_catalogue() -> list:
    files = [ROOT / "measures.yaml", ROOT / "examples" / "inventedshire" / "measures.yaml",
             ROOT / "xlscore" / "standard_measures.yaml"]
    found = [*((str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files),
             ("xlscore init", catalogue_for("Bracknell Forest")),
             *catalogues_in_tests(), *((name, edited(edits)) for name, edits in VARIANTS)]
    return [pytest.param(text, id=where) for where, text in found]


def test_the_tests_hold_catalogues_to_check():
    assert len(catalogues_in_tests()) >= 4  # small.py, test_catalogue, test_calculator_years..


@pytest.mark.parametrize("text", every_catalogue())
def test_the_schema_accepts_every_catalogue_the_reader_accepts(validator, text):
    assert not reader_codes(text)
    assert [(list(e.absolute_path), e.message[:200]) for e in
            schema_errors(validator, text)] == []


def test_the_catalogue_init_writes_names_the_schema_installed_with_xlscore():
    first = catalogue_for("Bracknell Forest").splitlines()[0]
    prefix = "# yaml-language-server: $schema=file://"
    assert first.startswith(prefix)
    named = Path(first.removeprefix(prefix))
    assert named.name == SCHEMA and named.is_file()
    assert named.read_bytes() == resources.files("xlscore").joinpath(SCHEMA).read_bytes()


def test_the_schema_is_package_data():
    import tomllib
    from fnmatch import fnmatch

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["setuptools"]["package-data"]["xlscore"]
    assert any(fnmatch(SCHEMA, pattern) for pattern in shipped)
    assert any(name.startswith("jsonschema") for name in
               project["project"]["optional-dependencies"]["test"])


MEASURES = ("sections", 0, "measures")
TIMELY = (*MEASURES, 4)  # timely_pct in tests/small.py: percent, target 95, tolerance 5
CONTACTS = (*MEASURES, 0)  # a count, flow
CONTACTS_RATE = (*MEASURES, 1)

# (what is wrong, the edit to tests/small.py's catalogue, the reader's code, where the
# schema must say so: the path of the value or mapping it flags)
MISTAKES = [
    ("unknown top-level key", [("authority: Testshire", "authority: Testshire\ncolour: red")],
     "catalogue.unknown-key", ()),
    ("unknown measure key", [("target: 95, tolerance: 5", "target: 95, tolerence: 5")],
     "catalogue.unknown-key", TIMELY),
    ("bad unit", [("name: Timely, unit: percent", "name: Timely, unit: percentage")],
     "catalogue.bad-unit", (*TIMELY, "unit")),
    ("bad direction", [("tolerance: 5, direction: higher", "tolerance: 5, direction: up")],
     "catalogue.bad-direction", (*TIMELY, "direction")),
    ("target without direction", [("tolerance: 5, direction: higher", "tolerance: 5")],
     "catalogue.no-direction", TIMELY),
    ("target with an empty direction", [("tolerance: 5, direction: higher",
                                         "tolerance: 5, direction: null")],
     "catalogue.no-direction", (*TIMELY, "direction")),
    ("bad id", [("{id: timely_pct,", "{id: Timely-pct,")], "catalogue.bad-id",
     (*TIMELY, "id")),
    ("id not starting with a letter", [("{id: timely_pct,", "{id: 2timely,")],
     "catalogue.bad-id", (*TIMELY, "id")),
    ("tolerance without target", [("unit: count, period: flow}",
                                   "unit: count, period: flow, tolerance: 3}")],
     "catalogue.bad-target", CONTACTS),
    ("percentage target over 100", [("target: 95, tolerance: 5", "target: 105, tolerance: 5")],
     "catalogue.bad-target", (*TIMELY, "target")),
    ("negative count target", [("unit: count, period: flow}",
                                "unit: count, period: flow, target: -3, direction: lower}")],
     "catalogue.bad-target", (*CONTACTS, "target")),
    ("negative tolerance", [("target: 95, tolerance: 5", "target: 95, tolerance: -5")],
     "catalogue.bad-target", (*TIMELY, "tolerance")),
    ("target not a number", [("target: 95, tolerance: 5", "target: high, tolerance: 5")],
     "catalogue.bad-target", (*TIMELY, "target")),
    ("target of a year that is not one",
     [("target: 95, tolerance: 5", 'target: {"2020/22": 95}, tolerance: 5')],
     "catalogue.bad-year", (*TIMELY, "target")),
    ("rate with a period", [("unit: rate, rate_of: contacts}",
                             "unit: rate, rate_of: contacts, period: flow}")],
     "catalogue.bad-measure", CONTACTS_RATE),
    ("rate without rate_of", [("unit: rate, rate_of: contacts}", "unit: rate}")],
     "catalogue.bad-rate-of", CONTACTS_RATE),
    ("rate_of on a count", [("unit: count, period: flow}",
                             "unit: count, period: flow, rate_of: cla}")],
     "catalogue.bad-rate-of", CONTACTS),
    ("count without a period", [("unit: count, period: flow}", "unit: count}")],
     "catalogue.bad-period", CONTACTS),
    ("bad period", [("unit: count, period: flow}", "unit: count, period: monthly}")],
     "catalogue.bad-period", (*CONTACTS, "period")),
    ("quarter not true or false", [("unit: count, period: flow}",
                                    "unit: count, period: flow, quarter: sometimes}")],
     "catalogue.bad-measure", (*CONTACTS, "quarter")),
    ("measure without a name", [("{id: contacts, name: Contacts, ", "{id: contacts, ")],
     "catalogue.bad-measure", CONTACTS),
    ("name with a control character", [("name: Timely,", 'name: "Time\\x1bly",')],
     "catalogue.control-character", (*TIMELY, "name")),
    ("benchmark not local", [("unit: count, period: flow}",
                              "unit: count, period: flow, benchmark: national}")],
     "catalogue.bad-benchmark", (*CONTACTS, "benchmark")),
    ("classification too long", [("authority: Testshire",
                                  "authority: Testshire\nclassification: " + "x" * 61)],
     "catalogue.bad-classification", ("classification",)),
    ("pdf sheet that is none", [("authority: Testshire",
                                 "authority: Testshire\npdf: {sheets: [Scorcard]}")],
     "catalogue.bad-pdf", ("pdf", "sheets", 0)),
    ("column that is none", [("authority: Testshire",
                              "authority: Testshire\ncolumns: [year_to_date, rolling_12]")],
     "catalogue.bad-columns", ("columns", 1)),
    ("columns not a list", [("authority: Testshire",
                             "authority: Testshire\ncolumns: year_to_date")],
     "catalogue.bad-columns", ("columns",)),
    ("no authority", [("authority: Testshire\n", "")], "catalogue.no-authority", ()),
    ("population not whole", [('"2020/21": 10000', '"2020/21": 10000.5')],
     "catalogue.bad-population", ("population", "2020/21")),
    ("population not above 0", [('"2020/21": 10000', '"2020/21": 0')],
     "catalogue.bad-population", ("population", "2020/21")),
    ("population of a year that is not one", [('"2020/21": 10000', '"2020/22": 10000')],
     "catalogue.bad-year", ("population",)),
    ("baseline not a month", [("authority: Testshire", "authority: Testshire\nbaseline: 2020-13")],
     "catalogue.bad-month", ("baseline",)),
    ("section without measures", [("sections:\n", "sections:\n  - name: Empty\n")],
     "catalogue.bad-section", ("sections", 0)),
    ("no sections", [("sections:\n  - name: Front Door", "old:\n  - name: Front Door")],
     "catalogue.no-sections", ()),
    ("benchmarks without own", [("  own: Testshire\n", "")], "catalogue.bad-benchmarks",
     ("benchmarks",)),
    ("SN model xlscore does not ship", [("  columns: [SN, SE, ENG]",
                                         "  columns: [SN, SE, ENG]\n  sn: {model: 2019}")],
     "catalogue.bad-sn", ("benchmarks", "sn", "model")),
    ("region outside London", [("  columns: [SN, SE, ENG]",
                                "  columns: [SN, SE, ENG]\n  region: Yorkshire")],
     "catalogue.bad-region", ("benchmarks", "region")),
    ("colour not hex", [("authority: Testshire", "authority: Testshire\ncolours: {red: pink}")],
     "catalogue.bad-colour", ("colours", "red")),
    ("unknown colour", [("authority: Testshire",
                         "authority: Testshire\ncolours: {blue: 0000FF}")],
     "catalogue.bad-colour", ("colours",)),
    ("code not an LA code", [("authority: Testshire", "authority: Testshire\ncode: 87")],
     "catalogue.bad-code", ("code",)),
    ("blank contact", [("authority: Testshire", 'authority: Testshire\ncontact: " "')],
     "catalogue.bad-contact", ("contact",)),
    ("dfe unknown key", [("unit: count, period: flow}", "unit: count, period: flow, "
                          "dfe: {file: a, column: b, wher: {x: y}}}")],
     "catalogue.bad-dfe", (*CONTACTS, "dfe")),
    ("dfe without column", [("unit: count, period: flow}",
                             "unit: count, period: flow, dfe: {file: a}}")],
     "catalogue.bad-dfe", (*CONTACTS, "dfe")),
    ("spc unknown key", [("authority: Testshire", "authority: Testshire\nspc: {shfit: 6}")],
     "spc.unknown-key", ("spc",)),
    ("spc rule of one point", [("authority: Testshire", "authority: Testshire\nspc: {shift: 1}")],
     "spc.bad-number", ("spc",)),
    ("spc neither true nor a mapping", [("authority: Testshire",
                                         "authority: Testshire\nspc: always")],
     "spc.not-a-mapping", ("spc",)),
    ("rebase not a month", [("unit: count, period: flow}",
                             "unit: count, period: flow, rebase: [2021-13]}")],
     "spc.bad-rebase", (*CONTACTS, "rebase", 0)),
    ("rebase month twice", [("unit: count, period: flow}",
                             "unit: count, period: flow, rebase: [2021-04, 2021-04]}")],
     "spc.duplicate-rebase", (*CONTACTS, "rebase")),
]


def test_the_catalogue_the_mistakes_are_made_in_is_accepted_by_both(validator):
    assert not reader_codes(CATALOGUE) and not schema_errors(validator, CATALOGUE)


@pytest.mark.parametrize(("edits", "code", "place"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_the_schema_flags_what_the_reader_refuses_at_the_same_place(validator, edits, code,
                                                                      place):
    text = edited(edits)
    codes = reader_codes(text)
    assert code in codes, codes
    errors = schema_errors(validator, text)
    assert errors, "the schema accepts what the reader refuses"
    places = {tuple(e.absolute_path) for e in errors}
    assert place in places, places
    # and nothing else: the schema flags this mistake, not some other part of the file
    assert all(p[:len(place)] == place for p in places), places


def test_the_schema_knows_the_keys_the_reader_knows():
    # a key added to the reader (catalogue.py's _TOP_KEYS, _MEASURE_KEYS, ...) is one line
    # in the `properties` of its mapping in the schema; until then this fails
    from xlscore import catalogue

    schema = json.loads(resources.files("xlscore").joinpath(SCHEMA).read_text(encoding="utf-8"))
    places = schema["definitions"]
    spc = next(s for s in places["spc"]["anyOf"] if s.get("type") == "object")
    for mapping, keys in [(schema, catalogue._TOP_KEYS),
                          (places["measure"], catalogue._MEASURE_KEYS),
                          (spc, catalogue._SPC_KEYS), (places["dfe"], catalogue._DFE_KEYS),
                          (places["colours"], {"green", "amber", "red", "yellow"})]:
        assert set(mapping["properties"]) == keys
        assert mapping["additionalProperties"] is False
