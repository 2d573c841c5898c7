"""The catalogue's keys for `xlscore benchmarks`: code, dfe mappings, benchmarks.sn,
.region and .comparators; each mistake a problem with its line and stable code."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from xlscore.catalogue import load_catalogue
from xlscore.model import DfeSource, NeighbourAverage
from xlscore.problems import Problems


def load(tmp_path, old: str, new: str):
    text = (ROOT / "measures.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = Problems()
    return load_catalogue(path, problems), problems


def test_the_sample_has_its_code_and_mappings():
    catalogue = load_catalogue(ROOT / "measures.yaml", Problems())
    assert catalogue.code == "871"
    assert catalogue.measure("re_referrals_pct").dfe == DfeSource(
        "c1_children_in_need_referrals_and_rereferrals", "rereferral_percent",
        (("category", "Referrals and Re-referrals"),))
    assert catalogue.measure("contacts").dfe is None
    spec = catalogue.benchmarks
    assert spec.sn == NeighbourAverage(2021, "mean") and spec.region is None
    assert spec.comparators == (("Kingston", "314"),)
    assert sum(m.dfe is not None for m in catalogue.measures) == 16


@pytest.mark.parametrize("code", ["E06000039", "'871'", "E09000004"])
def test_either_code_works(tmp_path, code):
    catalogue, problems = load(tmp_path, "code: 871", f"code: {code}")
    assert not problems.items and catalogue.code == code.strip("'")


@pytest.mark.parametrize(("old", "new", "code", "line"), [
    ("code: 871", "code: Slough", "catalogue.bad-code", 5),
    ("code: 871", "code: 8710", "catalogue.bad-code", 5),
    ("sn: {model: 2021, average: mean}", "sn: {model: 2019}", "catalogue.bad-sn", 12),
    ("sn: {model: 2021, average: mean}", "sn: {average: mode}", "catalogue.bad-sn", 12),
    ("sn: {model: 2021, average: mean}", "sn: 2021", "catalogue.bad-sn", 12),
    ("  comparators: {Kingston: 314}", "  region: Greater London", "catalogue.bad-region", 13),
    ("  comparators: {Kingston: 314}", "  comparators: [Kingston]",
     "catalogue.bad-comparators", 13),
    ("column: referral_count, ", "", "catalogue.bad-dfe", 49),
    ("column: referral_count, ", "column: referral_count, sheet: 1, ", "catalogue.bad-dfe", 49),
    ("where: {category: Children in Need}", "where: [Children in Need]", "catalogue.bad-dfe",
     None),
])
def test_each_mistake_has_its_code_and_line(tmp_path, old, new, code, line):
    _, problems = load(tmp_path, old, new)
    assert [p.code for p in problems.errors] == [code]
    if line is not None:
        assert problems.errors[0].line == line


def test_a_dfe_mapping_that_is_not_a_mapping(tmp_path):
    _, problems = load(tmp_path, "        dfe: {file: csww_indicators, column: caseload_fte}",
                       "        dfe: csww_indicators")
    assert [(p.code, p.measure) for p in problems.errors] == [("catalogue.bad-dfe",
                                                               "avg_caseload_sw")]


def test_london_region_choices(tmp_path):
    catalogue, problems = load(tmp_path, "  comparators: {Kingston: 314}",
                               "  region: inner london")
    assert not problems.items and catalogue.benchmarks.region == "Inner London"
