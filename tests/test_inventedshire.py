"""Golden check of the INVENTED example authority: its Scorecard's Variation and Assurance
columns against an oracle written here from the published rules (the issue's text and the
Making Data Count guidance), with exact fractions, judging only the latest point. It does not
use xlscore.spc, so a mistake there cannot hide in both."""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import ROOT
from xlscore.pipeline import build
from xlscore.problems import Problems

EXAMPLE = ROOT / "examples" / "inventedshire"
BUILD_MONTH = "2021-07"
MIN_POINTS, SHIFT, TREND = 15, 7, 7


def shown(value: Fraction, decimals: int) -> Fraction:
    """Rounded half up, away from zero (as the scorecard shows a figure)."""
    if value < 0:
        return -shown(-value, decimals)
    scale = 10 ** decimals
    return Fraction(int(value * scale + Fraction(1, 2)), scale)


def financial_year(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    start = year if mon >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def series_of(spec: dict, rows: dict, population: dict) -> list[tuple[str, Fraction]]:
    """The displayed monthly figures, oldest first, months without one left out."""
    decimals = 0 if spec["unit"] == "count" else 1
    points = []
    for month in sorted({m for m, _ in rows}):
        if spec["unit"] == "rate":
            raw = rows.get((month, spec["rate_of"]))
            value = (None if raw is None else
                     Fraction(raw) / population[financial_year(month)] * 10000)
        else:
            raw = rows.get((month, spec["id"]))
            value = None if raw is None else Fraction(raw)
        if value is not None:
            points.append((month, shown(value, decimals)))
    return points


def latest_verdict(spec: dict, points: list[tuple[str, Fraction]], target) -> tuple[str, str]:
    rebase = [m for m in spec.get("rebase", []) if m <= BUILD_MONTH]
    start = max(rebase, default="0000-00")
    segment = [v for m, v in points if m >= start]
    if len(segment) < MIN_POINTS:
        return ("n/a (fewer than 15 months)",) * 2
    n = len(segment)
    mean = sum(segment) / n
    amr = sum(abs(segment[i] - segment[i - 1]) for i in range(1, n)) / (n - 1)
    width = Fraction(266, 100) * amr
    upper, lower = mean + width, mean - width
    near_upper, near_lower = mean + width * 2 / 3, mean - width * 2 / 3
    x = segment[-1]

    def run(test) -> int:  # consecutive points ending with the latest that pass `test(i)`
        length = 0
        while length < n and test(n - 1 - length):
            length += 1
        return length

    sides = []  # in the order of precedence: process limit, two of three, shift, trend
    if x > upper:
        sides.append("high")
    if x < lower:
        sides.append("low")
    last3 = segment[-3:]
    if x > near_upper and sum(v > near_upper for v in last3) >= 2:
        sides.append("high")
    if x < near_lower and sum(v < near_lower for v in last3) >= 2:
        sides.append("low")
    if run(lambda i: segment[i] > mean) >= SHIFT:
        sides.append("high")
    if run(lambda i: segment[i] < mean) >= SHIFT:
        sides.append("low")
    if run(lambda i: i > 0 and segment[i] > segment[i - 1]) + 1 >= TREND:
        sides.append("high")
    if run(lambda i: i > 0 and segment[i] < segment[i - 1]) + 1 >= TREND:
        sides.append("low")

    direction = spec.get("direction")
    if not sides:
        variation = "Common cause"
    elif direction is None:
        variation = f"Neither ({sides[0]})"
    else:
        better = "high" if direction == "higher" else "low"
        worse = "low" if better == "high" else "high"
        variation = (f"Improvement ({better})" if better in sides else f"Concern ({worse})")
    if points[-1][0] != BUILD_MONTH:
        variation = "n/a (no figure this month)"

    if target is None or direction is None:
        return variation, "n/a"
    decimals = 0 if spec["unit"] == "count" else 1
    low, high = shown(lower, decimals), shown(upper, decimals)
    goal = shown(Fraction(str(target)), decimals)
    if direction == "higher":
        assurance = ("Consistently passes" if goal < low else "Consistently fails"
                     if goal > high else "Hit and miss")
    else:
        assurance = ("Consistently passes" if goal > high else "Consistently fails"
                     if goal < low else "Hit and miss")
    return variation, assurance


def target_of(spec: dict):
    target = spec.get("target")
    if isinstance(target, dict):
        return target.get(financial_year(BUILD_MONTH))
    return target


def expected() -> dict[str, tuple[str, str]]:
    catalogue = yaml.safe_load((EXAMPLE / "measures.yaml").read_text(encoding="utf-8"))
    assert catalogue["spc"] == {"from": "2018-04", "min_points": MIN_POINTS, "shift": SHIFT,
                                "trend": TREND}
    population = {str(k): v for k, v in catalogue["population"].items()}
    rows = {}
    with open(EXAMPLE / "inputs" / "history.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["value"] not in ("", "n/a"):
                rows[(row["month"], row["measure"])] = row["value"]
    result = {}
    for section in catalogue["sections"]:
        for spec in section["measures"]:
            points = series_of(spec, rows, population)
            result[spec["name"]] = latest_verdict(spec, points, target_of(spec))
    return result


@pytest.fixture(scope="module")
def scorecard(inventedshire):
    sheet = load_workbook(inventedshire.path)["Scorecard"]
    header = [c.value for c in sheet[9]]
    assert header[-2:] == ["Variation", "Assurance"]
    return {row[0]: (row[-2], row[-1]) for row in sheet.iter_rows(min_row=11, values_only=True)
            if row[0] and row[-1] is not None}


def test_variation_and_assurance_match_the_published_rules(scorecard):
    want = expected()
    assert scorecard == want


def test_the_example_shows_every_kind_of_verdict(scorecard):
    """The invented data was made to show each state; a change of data must keep them."""
    variations = {v for v, _ in scorecard.values()}
    assurances = {a for _, a in scorecard.values()}
    assert {"Common cause", "Improvement (high)", "Improvement (low)", "Concern (low)",
            "Neither (high)", "n/a (fewer than 15 months)"} <= variations
    assert {"Consistently passes", "Consistently fails", "Hit and miss", "n/a"} <= assurances


def test_the_example_is_labelled_invented():
    text = (EXAMPLE / "measures.yaml").read_text(encoding="utf-8")
    assert text.startswith("# INVENTED")
    assert "INVENTED" in yaml.safe_load(text)["title"]
    assert "INVENTED" in (EXAMPLE / "README.md").read_text(encoding="utf-8")


def test_the_generator_is_seeded_and_reproduces_the_committed_data(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make", ROOT / "examples" /
                                                  "make_inventedshire.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    monkeypatch.setattr(make, "FOLDER", tmp_path)
    make.main()
    for name in ("measures.yaml", "inputs/history.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name


def test_every_rule_fires_somewhere_in_the_example(tmp_path):
    from xlscore.spc import Rule

    problems = Problems()
    built = build(EXAMPLE / "measures.yaml", EXAMPLE / "inputs", tmp_path, None, problems)
    rules = {rule for a in built.review.spc.analyses for p in a.points if p.signal
             for rule in p.signal.rules}
    assert rules == set(Rule)
