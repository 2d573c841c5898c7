"""The catalogue's `annex_a:`: a rule by name, its parameters, and its kind against the
measure's period; every mistake an error with its line."""

from __future__ import annotations

import pytest

from tests.annex_a_helpers import TEST_RULES, test_rules  # noqa: F401  (a fixture)
from tests.test_catalogue import HEAD, load
from xlscore.model import AnnexARule

pytestmark = pytest.mark.usefixtures("test_rules")


def measure(extra: str, period: str = "flow", unit: str = "count") -> str:
    return HEAD + (f"      - id: seen\n        name: Seen\n        unit: {unit}\n"
                   f"        period: {period}\n{extra}")  # annex_a: on line 15


def test_a_rule_by_name_and_with_parameters(tmp_path):
    catalogue, problems = load(tmp_path, measure("        annex_a: t_contacts\n"))
    assert not problems.items
    assert catalogue.measure("seen").annex_a == AnnexARule("t_contacts")
    assert catalogue.measure("contacts").annex_a is None

    catalogue, problems = load(tmp_path, measure(
        "        annex_a: {rule: t_seen_pct, days: 14}\n", "snapshot", "percent"))
    assert not problems.items
    assert catalogue.measure("seen").annex_a == AnnexARule("t_seen_pct", (("days", 14),))


def test_a_rule_without_its_parameters_takes_the_defaults(tmp_path):
    catalogue, _ = load(tmp_path, measure("        annex_a: t_seen_pct\n", "snapshot",
                                          "percent"))
    assert catalogue.measure("seen").annex_a.parameters == (("days", 20),)


@pytest.mark.parametrize(("extra", "period", "code", "line", "said"), [
    ("        annex_a: t_contact\n", "flow", "catalogue.unknown-annex-a-rule", 15,
     "did you mean 't_contacts'"),
    ("        annex_a:\n          rule: t_seen_pct\n          dayz: 3\n", "snapshot",
     "catalogue.unknown-annex-a-parameter", 17, "expected days"),
    ("        annex_a: {rule: t_contacts, days: 3}\n", "flow",
     "catalogue.unknown-annex-a-parameter", 15, "takes none"),
    ("        annex_a: {rule: t_seen_pct, days: soon}\n", "snapshot",
     "catalogue.bad-annex-a-parameter", 15, "whole number"),
    ("        annex_a: {rule: t_seen_pct, days: -1}\n", "snapshot",
     "catalogue.bad-annex-a-parameter", 15, "whole number"),
    ("        annex_a: t_seen_pct\n", "flow", "catalogue.annex-a-period", 15,
     "set period: snapshot"),
    ("        annex_a: t_contacts\n", "snapshot", "catalogue.annex-a-period", 15,
     "set period: flow"),
    ("        annex_a: [t_contacts]\n", "flow", "catalogue.bad-annex-a", 15, "name a rule"),
    ("        annex_a: {days: 3}\n", "flow", "catalogue.bad-annex-a", 15, "name a rule"),
])
def test_a_wrong_annex_a_is_an_error_at_its_line(tmp_path, extra, period, code, line, said):
    catalogue, problems = load(tmp_path, measure(extra, period))
    assert catalogue is not None and catalogue.measure("seen") is None
    assert [(p.code, p.line, p.measure) for p in problems.errors] == [(code, line, "seen")]
    assert said in problems.errors[0].message


def test_a_rate_takes_no_rule(tmp_path):
    text = HEAD + ("      - id: contacts_rate\n        name: Rate\n        unit: rate\n"
                   "        rate_of: contacts\n        annex_a: t_contacts\n")
    _, problems = load(tmp_path, text)
    assert [(p.code, p.line) for p in problems.errors] == [("catalogue.bad-annex-a", 15)]


def test_the_words_carry_the_parameters_given(tmp_path):
    catalogue, _ = load(tmp_path, measure("        annex_a: {rule: t_seen_pct, days: 7}\n",
                                          "snapshot", "percent"))
    assert catalogue.measure("seen").annex_a.words == (
        "Children in need seen within 7 days of the month end (approximation: the latest "
        "visit only).")


def test_every_standard_measure_with_a_rule_loads_with_it():
    from tests.conftest import ROOT
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    problems = Problems()
    standard = load_catalogue(ROOT / "xlscore" / "standard_measures.yaml", problems)
    assert not problems.items
    ruled = {m.id: m.annex_a for m in standard.measures if m.annex_a is not None}
    from xlscore.annex_a.rules import RULES

    assert set(ruled) == set(RULES) & {m.id for m in standard.measures}
    assert all(rule.rule == mid and rule.words for mid, rule in ruled.items())
    assert "contacts_1_day_pct" not in ruled and "cla_20_miles_pct" not in ruled


def test_the_readmes_rules_table_is_the_rules():
    from tests.conftest import ROOT
    from xlscore.annex_a.rules import RULES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## From Annex A lists\n"):]
    section = section[:section.index("\n## ")]
    rows = {line.split("|")[1].strip().strip("`"): [c.strip() for c in line.split("|")[2:-1]]
            for line in section.splitlines() if line.startswith("| `")}
    real = {name: rule for name, rule in RULES.items() if name not in TEST_RULES}
    assert set(rows) == set(real)
    for name, rule in real.items():
        lists, kind, parameters, words = rows[name]
        assert lists == ", ".join(map(str, rule.lists)) and kind == rule.kind.value, name
        assert parameters == ", ".join(f"`{k}` = {v}" for k, v in rule.parameters), name
        assert words.replace("\\|", "|") == rule.words, name
