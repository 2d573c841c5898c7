"""The Benchmarks sheet against the benchmarks.csv it came from: every figure, rank,
quartile, rating letter and course against England worked out again here from the CSV with
the csv module, the Benchmarks table, the charts, the Summary's line and the Notes."""

from __future__ import annotations

import csv
import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import ROOT
from tests.test_writers_sheets import NS, drawing, sheet_charts
from xlscore.writers.styles import contrast_ratio

DFE = ROOT / "tests" / "data" / "dfe"
MEANINGS = {"A": "top quartile", "B": "second quartile", "C": "third quartile",
            "D": "bottom quartile"}


def catalogue(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def measures(path: Path) -> dict[str, dict]:
    return {m["id"]: m for s in catalogue(path)["sections"] for m in s["measures"]}


def csv_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return {(r["measure"], r["period"]): r for r in csv.DictReader(handle)}


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def blocks(sheet, periods: list[str]) -> dict[str, dict[str, list]]:
    """Each block's rows by their first cell, read off the sheet: {measure name: {label:
    [cells across the years]}}."""
    found: dict[str, dict[str, list]] = {}
    current = None
    for row in sheet.iter_rows(min_row=4):
        first = row[0].value
        if first == "Charts: the authority, its statistical neighbours and England":
            break
        if [c.value for c in row[1:1 + len(periods)]] == periods:
            current = found.setdefault(first, {})
        elif current is not None and first:
            current[first] = list(row[1:1 + len(periods)])
    return found


def better(a: Decimal, b: Decimal, direction: str) -> bool:
    return a > b if direction == "higher" else a < b


def rating_letter(own: Decimal, averages: list[Decimal | None], direction: str) -> str:
    """The Annual return's rule: G better than every average, R worse than every one."""
    known = [a for a in averages if a is not None]
    if all(better(own, a, direction) for a in known):
        return "G"
    if all(better(a, own, direction) for a in known):
        return "R"
    return "A"


def course(pairs: list[tuple[Decimal | None, Decimal | None]], direction: str) -> str:
    """Issue 16's words, written out again from the issue's text."""
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    if len(both) < 2:
        return "n/a"
    sign = 1 if direction == "higher" else -1
    first, last = ((a - b) * sign for a, b in (both[0], both[-1]))
    if last == 0:
        return "level with England"
    if first <= 0 < last:
        return "overtook England"
    if first >= 0 > last:
        return "fell behind England"
    if last > 0:
        return ("ahead and pulling away" if last > first else
                "ahead, gap closing" if last < first else "ahead, gap unchanged")
    return ("behind, closing the gap" if last > first else
            "behind, gap widening" if last < first else "behind, gap unchanged")


def shown(cell) -> Decimal | str:
    """A figure cell as the number it shows, in the unit's points."""
    if isinstance(cell.value, str):
        return cell.value
    value = Decimal(repr(cell.value))
    return (value * 100).quantize(Decimal("0.1")) if "%" in cell.number_format else value


def check_sheet(workbook: Path, catalogue_path: Path, benchmarks: Path) -> dict:
    """Every block's cells against the CSV; returns the CSV rows for further checks."""
    rows = csv_rows(benchmarks)
    spec = catalogue(catalogue_path)["benchmarks"]
    sources = [spec["own"], *[c for c in spec["columns"] if c != spec["own"]]]
    book = load_workbook(workbook)
    sheet = book["Benchmarks"]
    periods = sorted({p for _, p in rows})
    found = blocks(sheet, periods)
    by_id = measures(catalogue_path)
    mapped = [m for m in by_id.values() if m.get("dfe") or (
        m.get("rate_of") and by_id[m["rate_of"]].get("dfe"))]
    assert list(found) == [m["name"] for m in mapped]  # catalogue order, every one
    for measure in mapped:
        block = found[measure["name"]]
        direction = measure.get("direction")
        for column in sources:
            label = next(k for k in block if k == column or k.startswith(column + " ("))
            for period, cell in zip(periods, block[label], strict=True):
                text = rows[measure["id"], period][column]
                expected = number(text)
                assert shown(cell) == ("n/a" if expected is None else expected), \
                    (measure["id"], period, column)
                if column == spec["own"] and expected is not None and direction:
                    averages = [number(rows[measure["id"], period][c])
                                for c in spec["rate_against"]]
                    letter = rating_letter(expected, averages, direction) if any(
                        a is not None for a in averages) else None
                    assert (cell.number_format.endswith(f' {letter}"') if letter
                            else '"' not in cell.number_format), (measure["id"], period)
        ranks = block["Rank in England (1 = best)"]
        bands = block["Quartile in England"]
        for period, rank, band in zip(periods, ranks, bands, strict=True):
            row = rows[measure["id"], period]
            if row["Rank"]:
                assert rank.value == f"{row['Rank']} of {row['Ranked']}"
                assert band.value == f"{row['Quartile']} ({MEANINGS[row['Quartile']]})"
                assert contrast_ratio(band.font.color.rgb, band.fill.fgColor.rgb) >= 4.5
            else:
                assert rank.value == band.value == "n/a"
        words = block["Against England over the years"][0].value
        if direction:
            pairs = [(number(rows[measure["id"], p][spec["own"]]),
                      number(rows[measure["id"], p]["ENG"])) for p in periods]
            assert words == course(pairs, direction), measure["id"]
        else:
            assert words.startswith("n/a")
    return rows


def test_the_sample_sheet_shows_the_csv(sample_workbook):
    rows = check_sheet(sample_workbook, ROOT / "measures.yaml", ROOT / "inputs" / "benchmarks.csv")
    assert any(r["Rank"] for r in rows.values())  # the check above met ranks


def test_the_sheet_follows_the_trend_and_prints_one_page_wide(sample_workbook):
    book = load_workbook(sample_workbook)
    names = book.sheetnames
    assert names.index("Benchmarks") == names.index("Trend") + 1
    sheet = book["Benchmarks"]
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["A1"].value == "Slough: Benchmarks, 2015/16 to 2019/20"


def test_the_benchmarks_table_holds_every_figure_of_the_csv(sample_workbook):
    rows = csv_rows(ROOT / "inputs" / "benchmarks.csv")
    by_id = measures(ROOT / "measures.yaml")
    names = {m["name"]: m for m in by_id.values()}
    sheet = load_workbook(sample_workbook)["Benchmarks"]
    table = sheet.tables["Benchmarks"]
    cells = [[c.value for c in row] for row in sheet[table.ref]]
    assert cells[0] == ["Measure", "Year", "Place", "Figure", "Rank", "Ranked", "Quartile"]
    own = catalogue(ROOT / "measures.yaml")["benchmarks"]["own"]
    seen = set()
    for name, year, place, figure, rank, ranked, band in cells[1:]:
        measure = names[name]
        row = rows[measure["id"], year]
        expected = number(row[place])
        assert (None if figure is None else Decimal(repr(figure))) == expected
        if place == own and row["Rank"]:
            assert (rank, ranked, band) == (int(row["Rank"]), int(row["Ranked"]),
                                            row["Quartile"])
        else:
            assert rank is ranked is band is None
        seen.add((measure["id"], year, place))
    spec = catalogue(ROOT / "measures.yaml")["benchmarks"]
    shown_ids = {names[c[0]]["id"] for c in cells[1:]}
    assert seen == {(m, y, place) for (m, y) in rows if m in shown_ids
                    for place in (spec["own"], *spec["columns"])}  # every cell, once


def test_a_chart_per_measure_with_figures_each_with_alt_text(sample_workbook):
    frames, charts = drawing(sample_workbook, "Benchmarks")
    by_id = measures(ROOT / "measures.yaml")
    rows = csv_rows(ROOT / "inputs" / "benchmarks.csv")
    charted = [m for m in by_id.values() if (m.get("dfe") or (
        m.get("rate_of") and by_id[m["rate_of"]].get("dfe"))) and any(
        number(r["Slough"]) is not None or number(r["SN"]) is not None
        or (number(r["ENG"]) is not None and m["unit"] != "count")
        for (i, _), r in rows.items() if i == m["id"])]
    assert sorted(charts.values()) == sorted(m["name"] for m in charted)
    for frame in frames:
        assert frame["descr"].startswith(f"Line chart of {frame['title']}, 2015/16 to 2019/20")
        assert "Against England over the years" in frame["descr"]
    sheet = load_workbook(sample_workbook)["Benchmarks"]
    units = {m["name"]: m["unit"] for m in by_id.values()}
    with zipfile.ZipFile(sample_workbook) as archive:
        _, parts = sheet_charts(archive, "Benchmarks")
        for part in parts:
            chart = ElementTree.fromstring(archive.read(part))
            title = "".join(t.text or "" for t in chart.find(f".//{{{NS['c']}}}title").iter(
                f"{{{NS['a']}}}t"))
            series = [v.text for v in chart.iter(f"{{{NS['c']}}}v")]
            assert series == (["Slough", "SN"] if units[title] == "count"
                              else ["Slough", "SN", "ENG"])  # England's total would flatten
            values = [f.text for f in chart.iter(f"{{{NS['c']}}}f")][1::2]  # after each cat
            for name, ref in zip(series, values, strict=True):
                row = int(ref.split("$")[-1])
                assert ref == f"'Benchmarks'!$B${row}:$F${row}"
                assert sheet.cell(row, 1).value == f"{title}: {name}"


def test_notes_say_how_ranks_ties_and_quartiles_are_worked_out(sample_workbook):
    sheet = load_workbook(sample_workbook)["Notes"]
    rules = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=5) if r[0].value}
    assert "ceil(4r/n)" in rules["Quartiles"]
    assert "share the best rank" in rules["Ties"]
    assert "suppressed or missing is not ranked" in rules["Ranks"]
    text = rules["Benchmarks over the years"]
    assert "2015/16 to 2019/20" in text and "DfE revises earlier years" in text
    assert "c1_children_in_need_referrals_and_rereferrals, column rereferral_percent" in text


@pytest.fixture(scope="module")
def ranked_project(tmp_path_factory) -> tuple[Path, Path]:
    """The sample with two years from the cut-down files, every measure ranked it can be."""
    from tests.test_cli_commands import invoke

    root = tmp_path_factory.mktemp("ranked")
    shutil.copy(ROOT / "measures.yaml", root / "measures.yaml")
    shutil.copytree(ROOT / "inputs", root / "inputs")
    result = invoke(root, "benchmarks", str(DFE), "--period", "2020/21", "--years", "2",
                    "--force")
    assert result.exit_code == 0, result.output
    from xlscore.pipeline import build
    from xlscore.problems import Problems

    problems = Problems()
    built = build(root / "measures.yaml", root / "inputs", root / "outputs", "2020-12",
                  problems, today=date(2021, 1, 12))
    assert not problems.errors
    return root, built.path


def test_a_pack_ranked_on_two_years_shows_the_csv(ranked_project):
    root, workbook = ranked_project
    check_sheet(workbook, root / "measures.yaml", root / "inputs" / "benchmarks.csv")


def test_the_summary_counts_the_top_and_bottom_quartiles_and_names_the_bottom(ranked_project):
    root, workbook = ranked_project
    rows = csv_rows(root / "inputs" / "benchmarks.csv")
    by_id = measures(root / "measures.yaml")
    latest = max(p for _, p in rows)
    top = [m for (m, p), r in rows.items() if p == latest and r["Quartile"] == "A"]
    bottom = [m for (m, p), r in rows.items() if p == latest and r["Quartile"] == "D"]
    ranked = [m for (m, p), r in rows.items() if p == latest and r["Rank"]]
    assert bottom  # the check below names some
    sheet = load_workbook(workbook)["Summary"]
    line = next(c.value for c in sheet["A"] if c.value and "ranked in England" in str(c.value))
    names = "; ".join(by_id[m]["name"] for m in by_id if m in bottom)
    assert line == (f"{len(ranked)} measures ranked in England for {latest} (Benchmarks "
                    f"sheet): {len(top)} in the top quartile (A), {len(bottom)} in the "
                    f"bottom quartile (D): {names}.")


def test_one_year_of_benchmarks_makes_no_benchmarks_sheet(project):
    path = project / "inputs" / "benchmarks.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:1] + [t for t in lines[1:] if ",2019/20," in t]) + "\n",
                    encoding="utf-8")
    from xlscore.pipeline import build
    from xlscore.problems import Problems

    built = build(project / "measures.yaml", project / "inputs", project / "outputs",
                  "2020-12", Problems(), today=date(2021, 1, 12))
    book = load_workbook(built.path)
    assert "Benchmarks" not in book.sheetnames
    assert not any("ranked in England" in str(c.value) for c in book["Summary"]["A"])
    assert "Ranks" not in {r[0].value for r in book["Notes"].iter_rows()}
