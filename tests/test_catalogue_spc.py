"""The catalogue's `spc:` block and each measure's `rebase:`, validated with their lines."""

from __future__ import annotations

import pytest

from tests.test_catalogue import HEAD, load
from xlscore.model import SpcSettings
from xlscore.periods import Month


def test_without_spc_there_is_none(tmp_path):
    catalogue, problems = load(tmp_path, HEAD)
    assert catalogue.spc is None and not problems.items


def test_spc_true_takes_the_defaults(tmp_path):
    catalogue, problems = load(tmp_path, HEAD + "spc: true\n")
    assert catalogue.spc == SpcSettings(None, None, 15, 7, 7)
    assert not problems.items


def test_spc_settings(tmp_path):
    text = HEAD + "spc:\n  from: 2018-04\n  baseline: 12\n  min_points: 12\n  shift: 8\n" \
                  "  trend: 6\n"
    catalogue, problems = load(tmp_path, text)
    assert not problems.items
    assert catalogue.spc == SpcSettings(Month(2018, 4), 12, 12, 8, 6)


@pytest.mark.parametrize(("block", "code", "line"), [
    ("spc: yes please\n", "spc.not-a-mapping", 11),
    ("spc:\n  shfit: 7\n", "spc.unknown-key", 12),
    ("spc:\n  from: April 2018\n", "spc.bad-month", 12),
    ("spc:\n  min_points: 1\n", "spc.bad-number", 12),
    ("spc:\n  trend: seven\n", "spc.bad-number", 12),
    ("spc:\n  baseline: true\n", "spc.bad-number", 12),
])
def test_spc_mistakes_name_their_line(tmp_path, block, code, line):
    _, problems = load(tmp_path, HEAD + block)
    [problem] = problems.errors
    assert (problem.code, problem.line) == (code, line)


def test_rebase_months_are_read_and_sorted(tmp_path):
    text = HEAD + "        rebase: [2021-04, 2019-10]\nspc: true\n"
    catalogue, problems = load(tmp_path, text)
    assert not problems.items
    assert catalogue.measure("contacts").rebase == (Month(2019, 10), Month(2021, 4))


@pytest.mark.parametrize(("rebase", "code"), [
    ("2021-13", "spc.bad-rebase"),
    ("[2021-4]", "spc.bad-rebase"),
    ("[]", "spc.bad-rebase"),
    ("[2021-04, 2021-04]", "spc.duplicate-rebase"),
])
def test_rebase_mistakes(tmp_path, rebase, code):
    _, problems = load(tmp_path, HEAD + f"        rebase: {rebase}\nspc: true\n")
    [problem] = problems.errors
    assert (problem.code, problem.line, problem.measure) == (code, 11, "contacts")


def test_rebase_without_spc_is_a_warning(tmp_path):
    catalogue, problems = load(tmp_path, HEAD + "        rebase: [2021-04]\n")
    assert catalogue is not None and not problems.errors
    [warning] = problems.warnings
    assert (warning.code, warning.line) == ("spc.rebase-without-spc", 7)


@pytest.mark.parametrize("block", ["spc: false\n", "spc:\n"])
def test_spc_false_or_empty_is_off(tmp_path, block):
    catalogue, problems = load(tmp_path, HEAD + block)
    assert catalogue.spc is None and not problems.items


def test_spc_empty_mapping_takes_the_defaults(tmp_path):
    catalogue, problems = load(tmp_path, HEAD + "spc: {}\n")
    assert catalogue.spc == SpcSettings() and not problems.items
