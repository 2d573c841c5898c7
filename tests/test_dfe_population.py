"""`xlscore population`: the ONS estimates by financial year, written into the catalogue
without touching anything else in it."""

from __future__ import annotations

import difflib

import pytest

from tests.conftest import ROOT
from tests.test_cli_commands import invoke
from xlscore.dfe import population_block, set_population
from xlscore.problems import InputError, Problems

ONS = ROOT / "tests" / "data" / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv"


def test_mid_year_estimates_by_the_financial_year_they_fall_in(project):
    found = population_block(project / "measures.yaml", ONS, Problems())
    # mid-2019 (time_period 2019) is inside 2019/20, the estimate DfE's 2019/20 rates use
    assert found.years == {"2019/20": 43479, "2020/21": 43900, "2021/22": 43737}
    assert found.changed == (("2019/20", None, 43479), ("2020/21", 43112, 43900),
                             ("2021/22", None, 43737))
    assert found.block().splitlines()[1:] == ['  "2019/20": 43479', '  "2020/21": 43900',
                                              '  "2021/22": 43737']


def test_only_the_population_lines_change(project):
    before = (project / "measures.yaml").read_text(encoding="utf-8")
    set_population(population_block(project / "measures.yaml", ONS, Problems()))
    after = (project / "measures.yaml").read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert sorted(changed) == sorted(['-   "2020/21": 43112', '+   "2019/20": 43479',
                                      '+   "2020/21": 43900', '+   "2021/22": 43737'])
    assert "# DfE LA number (or E06000039), for xlscore benchmarks" in after  # comments kept


def test_an_empty_flow_population_becomes_a_block(project):
    path = project / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('population:\n  "2020/21": 43112\n',
                                 "# fill in before the first build\npopulation: {}\n"),
                    encoding="utf-8")
    set_population(population_block(path, ONS, Problems()))
    after = path.read_text(encoding="utf-8")
    assert ('# fill in before the first build\npopulation:\n  "2019/20": 43479\n'
            '  "2020/21": 43900\n  "2021/22": 43737\ncode: 871') in after


@pytest.mark.parametrize(("edit", "file", "code"), [
    (("code: 871", "code: 999"), ONS, "dfe.unknown-authority"),
    (("code: 871", ""), ONS, "dfe.no-code"),
    (None, ONS.with_name("b1_children_in_need_2013_to_2025.csv"), "dfe.unknown-column"),
    (None, ROOT / "README.md", "dfe.not-a-dfe-file"),
    (None, ROOT / "inputs" / "2020-12.csv", "dfe.not-a-dfe-file"),
])
def test_bad_input_changes_nothing(project, edit, file, code):
    path = project / "measures.yaml"
    if edit:
        path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    before = path.read_bytes()
    problems = Problems()
    with pytest.raises(InputError):
        population_block(path, file, problems)
    assert code in {p.code for p in problems.errors}
    result = invoke(project, "population", str(file))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_the_command_prints_or_writes(project):
    before = (project / "measures.yaml").read_bytes()
    printed = invoke(project, "population", str(ONS), "--print")
    assert printed.exit_code == 0, printed.output
    assert '  "2019/20": 43479' in printed.stdout
    assert (project / "measures.yaml").read_bytes() == before
    written = invoke(project, "population", str(ONS))
    assert written.exit_code == 0, written.output
    assert "2020/21: 43112 -> 43900" in written.stderr
    assert '"2019/20": 43479' in (project / "measures.yaml").read_text(encoding="utf-8")
    assert invoke(project, "check").exit_code == 0
