"""measures.yaml -> Catalogue: the sample loads, and every mistake is reported with its line."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import ROOT
from xlscore.catalogue import load_catalogue
from xlscore.model import Direction, PeriodKind, Target, Unit
from xlscore.periods import FinancialYear, Month
from xlscore.problems import Problems

HEAD = """\
authority: Testshire
population:
  "2020/21": 10000
sections:
  - name: Front Door
    measures:
      - id: contacts
        name: Contacts
        unit: count
        period: flow
"""  # the next measure starts on line 11


def load(tmp_path: Path, text: str):
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_catalogue(path, problems), problems


def load_with(tmp_path: Path, measures: str):
    """The small catalogue above with more measures (YAML list items) appended."""
    return load(tmp_path, HEAD + textwrap.indent(textwrap.dedent(measures), " " * 6))


def only_error(problems: Problems) -> str:
    assert len(problems.errors) == 1, [str(p) for p in problems.items]
    return str(problems.errors[0])


def test_the_sample_catalogue_loads():
    problems = Problems()
    catalogue = load_catalogue(ROOT / "measures.yaml", problems)
    assert not problems.items
    assert len(catalogue.measures) == 48
    assert len(catalogue.sections) == 5
    assert catalogue.authority == "Slough"
    assert catalogue.population == {FinancialYear(2020): 43112}
    assert catalogue.baseline == Month(2020, 4)
    assert catalogue.benchmarks.rate_against == ("SN", "SE")
    assert catalogue.slug == "slough"


def test_sample_rates_take_their_counts_period():
    catalogue = load_catalogue(ROOT / "measures.yaml", Problems())
    rates = [m for m in catalogue.measures if m.unit is Unit.RATE]
    assert rates
    for rate in rates:
        assert rate.period is catalogue.measure(rate.rate_of).period


def test_a_small_catalogue_loads_with_defaults(tmp_path):
    catalogue, problems = load(tmp_path, HEAD)
    assert not problems.items
    contacts = catalogue.measure("contacts")
    assert contacts.period is PeriodKind.FLOW and contacts.quarter is True
    assert contacts.targets == () and contacts.direction is None
    assert catalogue.baseline is None and catalogue.benchmarks is None
    assert catalogue.title == "Children's Services Performance Scorecard"


def test_yaml_syntax_error_names_the_line(tmp_path):
    _, problems = load(tmp_path, HEAD + "      - id: x\n        name: [unclosed\n")
    message = only_error(problems)
    assert "measures.yaml:13" in message and "YAML syntax error" in message


def test_bad_indentation_is_a_syntax_error(tmp_path):
    _, problems = load(tmp_path, HEAD + "     unit: count\n")
    assert "measures.yaml:11: YAML syntax error" in only_error(problems)


def test_a_key_given_twice_is_an_error_not_silently_the_last(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: pct
          name: x
          unit: percent
          period: flow
          target: 95
          direction: higher
          target: 90
        """)
    message = only_error(problems)
    assert "measures.yaml:17" in message and "'target' is given twice" in message
    assert "line 15" in message


def test_duplicate_id_names_both_lines(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: contacts
          name: Contacts again
          unit: count
          period: flow
        """)
    message = only_error(problems)
    assert "measures.yaml:11" in message and "line 7" in message
    assert "duplicate id 'contacts'" in message


@pytest.mark.parametrize("bad_id", ["Contacts", "1st", "con-tacts", "'con tacts'", "''"])
def test_bad_id(tmp_path, bad_id):
    _, problems = load_with(tmp_path, f"""\
        - id: {bad_id}
          name: x
          unit: count
          period: flow
        """)
    message = only_error(problems)
    assert "measures.yaml:11" in message and "lower-case letters, digits and _" in message


def test_misspelt_key_is_reported_at_its_line_with_a_suggestion(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: pct
          name: x
          unit: percent
          period: flow
          tolerence: 5
        """)
    message = only_error(problems)
    assert "measures.yaml:15" in message and "unknown key 'tolerence'" in message
    assert "did you mean 'tolerance'" in message


def test_misspelt_top_level_key(tmp_path):
    _, problems = load(tmp_path, HEAD + "baseilne: 2020-04\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message and "did you mean 'baseline'" in message


def test_target_without_direction(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: pct
          name: x
          unit: percent
          period: flow
          target: 95
        """)
    message = only_error(problems)
    assert "measures.yaml:11" in message and "measure 'pct'" in message
    assert "add direction: higher or direction: lower" in message


def test_rate_of_naming_no_count(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: pct
          name: x
          unit: percent
          period: flow
        - id: pct_rate
          name: x
          unit: rate
          rate_of: pct
        """)
    message = only_error(problems)
    assert "measures.yaml:15" in message and "rate_of 'pct' names no count measure" in message


def test_rate_without_rate_of(tmp_path):
    _, problems = load_with(tmp_path, "- {id: r, name: x, unit: rate}\n")
    assert "a rate needs 'rate_of'" in only_error(problems)


def test_rate_with_a_period(tmp_path):
    _, problems = load_with(tmp_path, """\
        - id: contacts_rate
          name: x
          unit: rate
          period: snapshot
          rate_of: contacts
        """)
    message = only_error(problems)
    assert "measures.yaml:14" in message and "remove 'period'" in message  # its key


def test_rate_of_on_a_count(tmp_path):
    _, problems = load_with(tmp_path, "- {id: c2, name: x, unit: count, period: flow, "
                                      "rate_of: contacts}\n")
    assert "'rate_of' is only for unit: rate" in only_error(problems)


def test_unknown_unit_lists_the_units(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: percentage, period: flow}\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message
    assert "unit 'percentage' is not one of count | percent | rate | number" in message


def test_missing_period(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: count}\n")
    assert "'period' is required: flow | snapshot" in only_error(problems)


def test_percent_target_over_100(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: percent, period: flow, "
                                      "target: 105, direction: higher}\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message and "between 0 and 100" in message


def test_negative_tolerance(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: percent, period: flow, "
                                      "target: 95, tolerance: -5, direction: higher}\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message and "tolerance -5 cannot be negative" in message


def test_tolerance_without_target(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: percent, period: flow, "
                                      "tolerance: 5}\n")
    assert "a tolerance without a target" in only_error(problems)


@pytest.mark.parametrize("target", ["high", ".nan", ".inf", "1e999", "true"])
def test_non_numeric_target(tmp_path, target):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: number, period: flow, "
                                      f"target: {target}, direction: higher}}\n")
    assert "is not a number" in only_error(problems)


def test_missing_authority(tmp_path):
    _, problems = load(tmp_path, HEAD.replace("authority: Testshire\n", "title: T\n"))
    message = only_error(problems)
    assert "measures.yaml:1" in message and "'authority' is required" in message


def test_bad_baseline_is_reported_at_its_own_line(tmp_path):
    _, problems = load(tmp_path, HEAD + "baseline: 2020-13\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message and "YYYY-MM" in message


def test_bad_population_is_reported_at_its_year(tmp_path):
    text = HEAD.replace('  "2020/21": 10000\n', '  "2020/21": 10000\n  "2021": 5\n')
    _, problems = load(tmp_path, text)
    message = only_error(problems)
    assert "measures.yaml:4" in message and "2020/21" in message


def test_a_measure_that_is_not_a_mapping_is_reported_at_its_section(tmp_path):
    _, problems = load(tmp_path, HEAD + "      - referrals\n")
    message = only_error(problems)
    assert "measures.yaml:6" in message and "found 'referrals'" in message


def test_a_section_without_a_list_of_measures(tmp_path):
    _, problems = load(tmp_path, HEAD + "  - name: Empty\n    measures: contacts\n")
    message = only_error(problems)
    assert "measures.yaml:11" in message and "section 'Empty' has no measures" in message


def test_empty_catalogue(tmp_path):
    _, problems = load(tmp_path, "")
    assert "must be a YAML mapping" in only_error(problems)


def test_missing_catalogue_file(tmp_path):
    problems = Problems()
    assert load_catalogue(tmp_path / "nope.yaml", problems) is None
    assert "catalogue not found" in only_error(problems)


def test_several_errors_in_one_file_are_all_reported(tmp_path):
    text = HEAD.replace("authority: Testshire\n", "") + textwrap.indent(textwrap.dedent("""\
        - id: contacts
          name: again
          unit: count
          period: flow
        - id: Bad
          name: x
          unit: count
          period: flow
        - id: pct
          name: x
          unit: percent
          period: flow
          target: 150
        """), " " * 6)
    _, problems = load(tmp_path, text)
    messages = "\n".join(str(p) for p in problems.errors)
    assert len(problems.errors) == 5, messages
    for expected in ("'authority' is required", "duplicate id 'contacts'", "id 'Bad'",
                     "between 0 and 100", "a target needs a direction"):
        assert expected in messages


def test_targets_by_year(tmp_path):
    catalogue, problems = load_with(tmp_path, """\
        - id: pct
          name: x
          unit: percent
          period: flow
          target: {"2019/20": 90, "2020/21": 95.5}
          tolerance: {"2020/21": 2}
          direction: lower
        """)
    assert not problems.items
    pct = catalogue.measure("pct")
    assert pct.direction is Direction.LOWER
    assert pct.target_for(FinancialYear(2019)) == Target(Decimal(90), Decimal(0))
    assert pct.target_for(FinancialYear(2020)) == Target(Decimal("95.5"), Decimal(2))
    assert pct.target_for(FinancialYear(2021)) is None


def test_a_target_without_a_year_holds_for_every_year(tmp_path):
    catalogue, _ = load_with(tmp_path, "- {id: p, name: x, unit: percent, period: flow, "
                                       "target: '95%', tolerance: 5, direction: higher}\n")
    target = Target(Decimal(95), Decimal(5))
    assert catalogue.measure("p").target_for(FinancialYear(2030)) == target


def test_target_for_a_bad_year(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: percent, period: flow, "
                                      "target: {'2020': 95}, direction: higher}\n")
    assert "target: '2020' is not a financial year" in only_error(problems)


def test_contact_is_optional_text(tmp_path):
    from tests.small import CATALOGUE, small_catalogue, write_catalogue

    assert small_catalogue(tmp_path).contact is None
    with_contact = CATALOGUE.replace("authority: Testshire",
                                     "authority: Testshire\ncontact: performance@example.org")
    assert small_catalogue(tmp_path, with_contact).contact == "performance@example.org"
    problems = Problems()
    load_catalogue(write_catalogue(tmp_path, CATALOGUE.replace(
        "authority: Testshire", "authority: Testshire\ncontact: [a, b]")), problems)
    [problem] = problems.errors
    assert problem.code == "catalogue.bad-contact" and problem.line == 2


def codes(problems: Problems) -> list[str]:
    return [p.code for p in problems.items]


def test_an_alias_bomb_is_refused_at_its_line(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    text = HEAD + "\n".join(["bomb:"] + [f"  {line}" for line in lines]) + "\n"
    catalogue, problems = load(tmp_path, text)
    assert catalogue is None
    assert codes(problems) == ["catalogue.alias-expansion"]
    assert problems.errors[0].line == 20  # a8, the largest block that aliases repeat


def test_a_few_aliases_are_fine(tmp_path):
    text = HEAD.replace("unit: count\n", "unit: &u count\n") + \
        "      - {id: cla, name: CLA, unit: *u, period: snapshot}\n"
    catalogue, problems = load(tmp_path, text)
    assert not problems.items and catalogue.measure("cla").unit is Unit.COUNT


@pytest.mark.parametrize(("key", "value", "code"), [
    ("rate_of", "[contacts]", "catalogue.bad-rate-of"),
    ("rate_of", "{a: contacts}", "catalogue.bad-rate-of"),
    ("name", "[a, b]", "catalogue.not-text"),
    ("definition", "{a: 1}", "catalogue.not-text"),
    ("unit", "[rate]", "catalogue.bad-unit"),
    ("id", "[x]", "catalogue.bad-id"),
])
def test_every_key_checks_its_type(tmp_path, key, value, code):
    fields = {"id": "r", "name": "Rate", "unit": "rate", "rate_of": "contacts"}
    fields[key] = value
    entry = "- {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}\n"
    catalogue, problems = load_with(tmp_path, entry)
    assert code in codes(problems)
    assert all(p.line == 11 for p in problems.errors)


@pytest.mark.parametrize("top", ["authority: [a]", "title: {a: 1}", "baseline: [2020-04]",
                                 "benchmarks: {period: [1], own: x}", "colours: {green: [1]}",
                                 "population: {2020/21: [1]}"])
def test_every_top_level_key_checks_its_type(tmp_path, top):
    text = HEAD.replace("authority: Testshire\n", "") + (
        "" if top.startswith("authority") else "authority: Testshire\n") + top + "\n"
    text = text.replace('population:\n  "2020/21": 10000\n', "") if "population" in top \
        else text
    catalogue, problems = load(tmp_path, text)
    assert problems.errors and all(p.code.startswith("catalogue.") for p in problems.errors)


def test_target_yes_is_quoted_back_as_written(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: number, period: flow, "
                                      "target: yes, direction: higher}\n")
    assert codes(problems) == ["catalogue.bad-target"]
    assert "'yes'" in problems.errors[0].message and "True" not in problems.errors[0].message


def test_quarter_on_is_not_a_boolean(tmp_path):
    _, problems = load_with(tmp_path, "- {id: p, name: x, unit: number, period: flow, "
                                      "quarter: on}\n")
    assert "'on'" in only_error(problems)


@pytest.mark.parametrize("where", ["authority", "name", "section"])
def test_a_control_character_is_refused_with_its_line(tmp_path, where):
    text = {"authority": HEAD.replace("Testshire", '"Test\\x1b[31mshire"'),
            "name": HEAD.replace("name: Contacts", 'name: "Con\\atacts"'),
            "section": HEAD.replace("name: Front Door", 'name: "Front\\x07Door"')}[where]
    _, problems = load(tmp_path, text)
    assert codes(problems) == ["catalogue.control-character"]
    assert problems.errors[0].line == {"authority": 1, "name": 8, "section": 5}[where]
    assert "\x1b" not in str(problems.errors[0]) and "\x07" not in str(problems.errors[0])


def test_a_word_line_break_in_a_definition_becomes_a_line_break(tmp_path):
    catalogue, problems = load(tmp_path, HEAD + '        definition: "first\\vsecond"\n')
    assert not problems.items
    assert catalogue.measure("contacts").definition == "first\nsecond"


def test_a_negative_count_target_follows_the_unit_rules(tmp_path):
    _, problems = load_with(tmp_path, "- {id: c, name: x, unit: count, period: flow, "
                                      "target: -5, direction: lower}\n")
    assert codes(problems) == ["catalogue.bad-target"]


@pytest.mark.parametrize("year", ["0000-01", "9999-12"])
def test_a_month_of_no_scorecard_is_refused(tmp_path, year):
    _, problems = load(tmp_path, HEAD + f"baseline: {year}\n")
    assert codes(problems) == ["catalogue.bad-month"]
    assert "-1/00" not in str(problems.errors[0])


def test_a_definition_longer_than_a_cell_holds(tmp_path):
    _, problems = load(tmp_path, HEAD + "        definition: " + "x" * 40_000 + "\n")
    assert codes(problems) == ["catalogue.too-long"] and problems.errors[0].line == 11


PLAIN_AND_NOT = [
    "a: 1\nb: [1, 2.5, .inf, -3e2, 0x1F, 0o17, ~, null, true, yes, 'x', \"y\\n\"]\n"
    "c: {d: {e: [f, {g: h}]}}\n'1': !!str 5\nempty:\nlist:\n  - 2020-04-01\n  - on\n",
    "just text",
    "- 1\n- - 2\n  - x: y\n",
    "base: {a: 1}\nmerged:\n  <<: {a: 2, b: 3}\n  c: 4\n",  # a merge key: PyYAML's way
    "!!map {a: 1}\n",
    "a: !!set {x, y}\n",  # a tagged collection: PyYAML's way
    "? [1, 2]\n: x\n",  # a key that is not a scalar: PyYAML's way (and its error)
    "a: !custom 1\n",  # an unknown tag: PyYAML's error
]


@pytest.mark.parametrize("text", PLAIN_AND_NOT)
def test_a_plain_catalogue_is_read_as_pyyaml_reads_it(text):
    """The one-walk reading of a plain document (catalogue._Loader._plain) gives what
    PyYAML's constructor gives, lines included, and leaves the rest to it."""
    import yaml

    from xlscore.catalogue import _Loader

    def read(plain: bool):
        loader = _Loader(text)
        loader.aliases_possible = not plain  # with aliases, only PyYAML's way is taken
        try:
            return loader.get_single_data()
        except yaml.YAMLError as exc:
            return type(exc), str(exc)
        finally:
            loader.dispose()

    def lines(value):
        if isinstance(value, dict):
            return (getattr(value, "line", None), getattr(value, "key_lines", None),
                    {k: lines(v) for k, v in value.items()})
        if isinstance(value, list):
            return [lines(v) for v in value]
        return None

    ours, theirs = read(plain=True), read(plain=False)
    assert ours == theirs
    assert type(ours) is type(theirs) and lines(ours) == lines(theirs)


@pytest.mark.parametrize("extra", [
    "benchmark: national",
    "benchmark: local, dfe: {file: b1_children_in_need, column: x}",
])
def test_benchmark_local_is_the_only_word_and_excludes_a_dfe_mapping(tmp_path, extra):
    catalogue, problems = load_with(tmp_path, f"""\
        - {{id: visits, name: Visits, unit: count, period: flow, {extra}}}
        """)
    assert [(p.code, p.line, p.measure) for p in problems.errors] == [
        ("catalogue.bad-benchmark", 11, "visits")]


def test_benchmark_local_is_read(tmp_path):
    catalogue, problems = load_with(tmp_path, """\
        - {id: visits, name: Visits, unit: count, period: flow, benchmark: local}
        """)
    assert not problems.items
    assert catalogue.measure("visits").local and not catalogue.measure("contacts").local
