"""Reading DfE open-data files as published: markers, byte-order marks, quoted names with
commas, columns in any order; periods; the shipped neighbour models."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from xlscore.dfe.files import MARKERS, figure, find_file, read_dfe
from xlscore.dfe.geography import Register, region_named
from xlscore.dfe.neighbours import MODELS, model
from xlscore.dfe.period import financial_year, population_year, time_period
from xlscore.problems import Problems

DFE = ROOT / "tests" / "data" / "dfe"


@given(st.sampled_from(sorted(MARKERS)), st.sampled_from(["", " "]), st.booleans())
def test_a_marker_is_never_a_figure(marker, pad, upper):
    text = pad + (marker.upper() if upper else marker) + pad
    got = figure(text)
    assert got.value is None and got.marker == marker


@given(st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False))
def test_a_published_number_reads_as_written(value):
    got = figure(str(value))
    assert got.value == value and got.text == str(value) and got.marker == ""


def test_a_byte_order_mark_and_quoted_names_with_commas():
    problems = Problems()
    file = read_dfe(DFE / "cla_number_and_rate_per_10k_children.csv", problems)
    assert not problems.items
    assert list(file.frame.columns[:3]) == ["time_period", "time_identifier",
                                            "geographic_level"]  # no BOM in the first name
    names = set(file.frame["la_name"])
    assert "Kingston upon Hull, City of" in names
    row = file.frame[file.frame["la_name"] == "Kingston upon Hull, City of"].iloc[0]
    assert row["old_la_code"] == "810" and row["new_la_code"] == "E06000010"


def test_columns_in_any_order_find_the_same_authority():
    # la_name before new_la_code in the CLA files, after it in the children in need files
    register = Register(read_dfe(DFE / name, Problems()).frame for name in
                        ("cla_number_and_rate_per_10k_children.csv",
                         "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"))
    assert register.by_code["871"] == register.by_code["E06000039"]
    assert register.by_code["871"].name == "Slough"
    found, _ = register.find("slough")
    assert found.old == "871"
    found, candidates = register.find("Kingston")
    assert found is None and {a.old for a in candidates} == {"314", "810"}


def test_a_shared_service_row_is_found_by_either_authority():
    register = Register([read_dfe(DFE / "csww_indicators_2017_to_2025.csv", Problems()).frame])
    assert register.by_code["314"].name == register.by_code["318"].name == (
        "Kingston upon Thames / Richmond upon Thames")


def test_regions_by_name_or_heading():
    assert region_named("SE").codes == {"E12000008"}
    assert region_named("south east").name == "South East"
    assert region_named("Inner London").codes == {"E13000001"}
    assert region_named("Bexley") is None


def test_the_newest_release_when_several_files_match(tmp_path):
    for name in ("c1_x_2013_to_2024.csv", "c1_x_2013_to_2025.csv", "c1_xy.csv"):
        (tmp_path / name).write_text("time_period\n", encoding="utf-8")
    chosen, matches = find_file(tmp_path, "c1_x")
    assert chosen.name == "c1_x_2013_to_2025.csv" and len(matches) == 2


@pytest.mark.parametrize(("file", "period", "expected"), [
    ("c1_children_in_need_referrals_and_rereferrals", "2019/20", 2020),
    ("cla_number_and_rate_per_10k_children", "2020/21", 2021),
    ("csww_indicators", "2019/20", 2019),  # the position at 30 September 2019
])
def test_the_time_period_a_financial_year_means(file, period, expected):
    assert time_period(file, financial_year(period)) == expected


def test_the_population_of_a_financial_year_is_its_mid_year_estimate():
    assert population_year(financial_year("2019/20")) == 2019


@pytest.mark.parametrize("year", sorted(MODELS))
def test_every_shipped_model_has_ten_neighbours_for_slough(year):
    group = model(year).of("871")
    assert len(group) == 10 and all(n.code.isdigit() and n.band for n in group)
    assert all(n.band == n.band.strip() for n in group)  # 2025's trailing spaces gone
    assert len(model(year).groups) > 150


def test_the_default_model_is_the_newest():
    assert model().year == max(MODELS) == 2025
    assert [n.code for n in model(2021).of("871")][:3] == ["312", "313", "317"]
