"""The Summary, Trend, Charts and Data quality sheets, read back from the saved workbook and
checked against the model they were written from."""

from __future__ import annotations

import posixpath
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from xlscore.model import Rating, Unit
from xlscore.pipeline import build
from xlscore.problems import Problems
from xlscore.quality import Check
from xlscore.writers.styles import contrast_ratio

SHEETS = ["Scorecard", "Cover", "Notes", "Summary", "Trend", "Benchmarks", "Charts",
          "Data quality", "Data"]
MONTHS = ["Jan-20", "Feb-20", "Mar-20", "Apr-20", "May-20", "Jun-20", "Jul-20", "Aug-20",
          "Sep-20", "Oct-20", "Nov-20", "Dec-20"]
NS = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}


def run(catalogue: Path, inputs: Path, out: Path):
    problems = Problems()
    built = build(catalogue, inputs, out, "2020-12", problems, today=date(2021, 1, 12))
    assert not problems.errors
    return built, load_workbook(built.path)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return run(ROOT / "measures.yaml", ROOT / "inputs", tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def gappy(tmp_path_factory):
    """The sample without November, and with a file the build does not use."""
    import shutil

    root = tmp_path_factory.mktemp("gappy")
    shutil.copy(ROOT / "measures.yaml", root / "measures.yaml")
    shutil.copytree(ROOT / "inputs", root / "inputs")
    (root / "inputs" / "2020-11.csv").unlink()
    (root / "inputs" / "Copy of 2020-12.csv").write_text("measure,value\n", encoding="utf-8")
    return run(root / "measures.yaml", root / "inputs", root / "outputs")


def rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def row_index(sheet, first_cell: str, start: int = 1) -> int:
    return next(r for r in range(start, sheet.max_row + 1)
                if sheet.cell(r, 1).value == first_cell)


def as_cell(value, unit: Unit):
    """What a displayed Decimal becomes in a cell."""
    if value is None:
        return "n/a"
    return pytest.approx(float(value) / 100) if unit is Unit.PERCENT else pytest.approx(
        float(value))


def test_sheets_in_order(sample):
    assert load_workbook(sample[0].path).sheetnames == SHEETS


# Summary ------------------------------------------------------------------------------------

def test_summary_counts_equal_the_scorecards_lines(sample):
    built, book = sample
    sheet = book["Summary"]
    head = row_index(sheet, "Section")
    header = [c.value for c in sheet[head]]
    assert header[:6] == ["Section", "Measures", "With a target", "Green (on target)",
                          "Amber (within tolerance)", "Red (off target)"]
    sections = built.scorecard.section_lines()
    everything = [line for _, lines in sections for line in lines]
    expected = [(name, lines) for name, lines in sections] + [("All sections", everything)]
    for offset, (name, lines) in enumerate(expected, start=1):
        got = [c.value for c in sheet[head + offset]][:6]
        ratings = [line.current.rating for line in lines]
        assert got == [name, len(lines), sum(1 for li in lines if li.target is not None),
                       ratings.count(Rating.GREEN), ratings.count(Rating.AMBER),
                       ratings.count(Rating.RED)]
    assert sheet.cell(head + len(expected), 1).font.b  # the overall row stands out


def test_summary_says_it_in_words(sample):
    built, book = sample
    text = " ".join(str(v) for row in rows(book["Summary"]) for v in row if v)
    green = sum(1 for line in built.scorecard.lines if line.current.rating is Rating.GREEN)
    with_target = sum(1 for line in built.scorecard.lines if line.target is not None)
    assert f"{green} of {with_target} measures with a target are Green" in text
    assert "9 of 24 measures with a target are Green" in text
    assert "13 are Red" in text and "improved on November 2020" in text


def test_summary_red_list_matches_the_scorecard(sample):
    built, book = sample
    sheet, colours = book["Summary"], built.loaded.catalogue.colours
    start = row_index(sheet, "Red this month (13)") + 2
    red = [line for line in built.scorecard.lines if line.current.rating is Rating.RED]
    runs = {r.line.measure.id: r.months_red for r in built.review.summary.red}
    for row, line in enumerate(red, start=start):
        assert sheet.cell(row, 1).value == line.measure.name
        assert sheet.cell(row, 3).value == as_cell(line.current.value, line.measure.unit)
        assert sheet.cell(row, 3).fill.fgColor.rgb[-6:] == colours.red
        assert sheet.cell(row, 4).value == as_cell(line.target.value, line.measure.unit)
        assert sheet.cell(row, 7).value == runs[line.measure.id]
    assert sheet.cell(start + len(red), 1).value is None  # and nothing else
    assert runs["assessments_45_days_pct"] == 3  # Oct, Nov, Dec 2020


def test_summary_movements(sample):
    _, book = sample
    sheet = book["Summary"]
    up = row_index(sheet, "Moved to Green from Red or Amber (2)") + 2
    down = row_index(sheet, "Fell from Green (3)") + 2
    assert {sheet.cell(up, 1).value, sheet.cell(up + 1, 1).value} == {
        "% of ended CP Plans that ended after 2+ years",
        "% of children subject to a CP Plan visited in the last 2 weeks (all ages)"}
    assert [sheet.cell(up + i, 6).value for i in range(2)] == ["Green", "Green"]
    assert sheet.cell(down, 1).value == "% of CIN visits within timescales"
    assert (sheet.cell(down, 4).value, sheet.cell(down, 6).value) == ("Green", "Amber")


# Trend --------------------------------------------------------------------------------------

def test_trend_has_twelve_labelled_months_and_the_target(sample):
    built, book = sample
    sheet = book["Trend"]
    header = [c.value for c in sheet[4]]
    assert header[4:] == MONTHS
    assert header[2] == "Target 2020/21"
    assert sheet.freeze_panes == "B5"
    colours = built.loaded.catalogue.colours
    for line in built.scorecard.lines:
        row = row_index(sheet, line.measure.name, 5)
        unit = line.measure.unit
        assert sheet.cell(row, 16).value == as_cell(line.current.value, unit)
        assert sheet.cell(row, 15).value == as_cell(line.previous.value, unit)
        assert sheet.cell(row, 13).value == "n/a"  # Sep-20: no extract
        assert sheet.cell(row, 3).value == (as_cell(line.target.value, unit)
                                            if line.target else "n/a")
        fill = sheet.cell(row, 16).fill
        if line.current.rating:
            assert fill.fgColor.rgb[-6:] == colours.of(line.current.rating)
        else:
            assert fill.fill_type is None
    pct = sheet.cell(row_index(sheet, "% of contacts leading to referral", 5), 16)
    assert pct.value == pytest.approx(0.34) and pct.number_format == "0.0%"


def test_trend_shows_na_for_a_missing_month(gappy):
    built, book = gappy
    sheet = book["Trend"]
    november = [c.value for c in sheet[4]].index("Nov-20") + 1
    values = [sheet.cell(row_index(sheet, line.measure.name, 5), november).value
              for line in built.scorecard.lines]
    assert values == ["n/a"] * 48
    december = [sheet.cell(row_index(sheet, line.measure.name, 5), november + 1).value
                for line in built.scorecard.lines]
    assert december.count("n/a") < 10


# Charts -------------------------------------------------------------------------------------

def sheet_charts(archive: zipfile.ZipFile, sheet: str = "Charts") -> tuple[str, list[str]]:
    """The drawing part of a sheet and its chart parts, by the package's relationships."""
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

    def targets(part: str) -> dict[str, str]:
        folder, name = part.rsplit("/", 1)
        tree = ElementTree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
        return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
                .lstrip("/") for r in tree}

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet_id = next(e.get(rel) for e in book.iter() if e.get("name") == sheet)
    part = targets("xl/workbook.xml")[sheet_id]
    drawing_part = next(t for t in targets(part).values() if "/drawings/" in t)
    return drawing_part, sorted(targets(drawing_part).values())


def drawing(path: Path, sheet: str = "Charts") -> tuple[list[dict], dict[str, str]]:
    """The chart frames' non-visual properties, and each chart file's title text."""
    with zipfile.ZipFile(path) as archive:
        name, chart_parts = sheet_charts(archive, sheet)
        tree = ElementTree.fromstring(archive.read(name))
        frames = [e.attrib for e in tree.iter(f"{{{NS['xdr']}}}cNvPr")]
        charts = {n: "".join(t.text or "" for t in ElementTree.fromstring(
            archive.read(n)).iter(f"{{{NS['a']}}}t")) for n in chart_parts}
    return frames, charts


def test_a_chart_per_measure_each_with_alt_text(sample):
    """Every measure has a chart, with or without a target (24 of the 48 have one)."""
    built, _ = sample
    measures = built.loaded.catalogue.measures
    frames, charts = drawing(built.path)
    assert len(frames) == len(charts) == len(measures) == 48
    assert sorted(charts.values()) == sorted(m.name for m in measures)
    by_title = {f["title"]: f["descr"] for f in frames}
    for measure in measures:
        descr = by_title[measure.name]
        assert descr.startswith(f"Line chart of {measure.name}, Jan-20 to Dec-20")
        assert ("the dashed line is the target" in descr) is measure.has_target
    assert "no target this year" in by_title["Referrals received"]
    assessed = by_title["% of assessments completed and authorised within 45 working days"]
    assert "latest figure (Dec-20) 84.6%, target 90.0%" in assessed and "Red" in assessed


def test_a_chart_copy_carries_its_own_title_and_rows_whatever_they_hold():
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference, Series

    from xlscore.writers.charts import ChartCopy, _template, _title
    from xlscore.writers.package import Frame

    sheet = Workbook().active
    chart = LineChart()
    chart.title = _title("first")
    for row in (5, 6):
        chart.series.append(Series(Reference(sheet, min_col=3, max_col=14, min_row=row)))
    frame = Frame(0, 4, 0, 1, 17, "alt", "title")
    copy = ChartCopy(_template(chart, 2), 'Referrals "re-referred" <12 months & more',
                     ("'Charts'!$C$40:$N$40", "'Charts'!$C$41:$N$41"), frame)
    tree = ElementTree.fromstring(copy.xml())
    chart_part = f"{{{NS['c']}}}chart"
    assert [t.text for t in tree.find(chart_part).iter(f"{{{NS['a']}}}t")] == [
        'Referrals "re-referred" <12 months & more']
    assert [f.text for f in tree.iter(f"{{{NS['c']}}}f")] == ["'Charts'!$C$40:$N$40",
                                                             "'Charts'!$C$41:$N$41"]
    with pytest.raises(ValueError, match="not as expected"):
        _template(chart, 3)  # a template must have a mark for every row


def test_charts_plot_the_trend_with_gaps_not_zeros(sample):
    built, book = sample
    sheet = book["Charts"]
    assert len(sheet._charts) == 48
    row = row_index(sheet, "% of assessments completed and authorised within 45 working days",
                    30)
    assert sheet.cell(row, 2).value == "Figure" and sheet.cell(row + 1, 2).value == "Target"
    plotted = [sheet.cell(row, column).value for column in range(3, 15)]
    assert plotted == [None, None, None, pytest.approx(0.59), None, None, None, None, None,
                       pytest.approx(0.771), pytest.approx(0.792), pytest.approx(0.846)]
    assert [sheet.cell(row + 1, c).value for c in range(3, 15)] == [pytest.approx(0.9)] * 12
    assert sheet.cell(row, 14).number_format == "0.0%"
    with zipfile.ZipFile(built.path) as archive:
        formulas = {f.text for n in archive.namelist() if n.startswith("xl/charts/chart")
                    for f in ElementTree.fromstring(archive.read(n)).iter(f"{{{NS['c']}}}f")}
    header = row_index(sheet, "Performance Measure")
    assert [c.value for c in sheet[header]][2:14] == MONTHS
    assert f"'Charts'!$C${row}:$N${row}" in formulas
    assert f"'Charts'!$C${row + 1}:$N${row + 1}" in formulas
    assert f"'Charts'!$C${header}:$N${header}" in formulas  # the month labels


# Data quality -------------------------------------------------------------------------------

def test_data_quality_lists_every_finding_with_file_and_line(gappy):
    built, book = gappy
    sheet = book["Data quality"]
    header = [c.value for c in sheet[5]]
    assert header == ["Check", "Month", "Measure", "File", "Line", "What to know"]
    body = [r for r in rows(sheet)[5:] if r[0]]
    assert len(body) == built.quality_findings == len(built.review.findings)
    assert f"{built.quality_findings} findings" in sheet["A3"].value
    missing = [r for r in body if r[0] == Check.MISSING_MONTH.value]
    assert "Nov-20" in [r[1] for r in missing]
    assert all(r[3] == str(built.loaded.inputs.benchmarks.parent) for r in missing)
    [stray] = [r for r in body if r[0] == Check.WARNING.value]
    assert stray[3].endswith("Copy of 2020-12.csv") and "not used" in stray[5]
    contacts = next(r for r in body if r[0] == Check.BENCHMARK_MISSING.value
                    and r[2] == "Contacts received and completed (contacts)")
    assert contacts[3].endswith("benchmarks.csv") and contacts[4] == 2


# Every sheet --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SHEETS[1:])
def test_readable_and_print_ready(sample, name):
    _, book = sample
    sheet = book[name]
    checked = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.fill.fill_type != "solid" or cell.value is None:
                continue
            ink = cell.font.color.rgb if cell.font.color is not None else "FF000000"
            assert contrast_ratio(str(ink), str(cell.fill.fgColor.rgb)) >= 4.5, cell.coordinate
            checked += 1
    assert checked > (1 if name == "Cover" else 5)  # the Cover's one filled row: its header
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.fitToWidth == 1
    assert setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "Page &P of &N" in sheet.oddFooter.right.text
    assert "December 2020" in sheet.oddHeader.center.text
    assert sheet.print_area


def test_wrapped_names_get_taller_rows(sample):
    _, book = sample
    sheet = book["Trend"]
    long = row_index(sheet, "% of children subject to a CP Plan visited in the last 2 weeks and "
                            "seen alone (aged 3+) at their latest or penultimate visit", 5)
    short = row_index(sheet, "Referrals received", 5)
    assert sheet.row_dimensions[long].height > sheet.row_dimensions[short].height


def test_a_catalogue_without_targets_says_so(project):
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines()
            if not line.strip().startswith(("target:", "tolerance:"))]
    catalogue.write_text("\n".join(kept) + "\n", encoding="utf-8")
    built, book = run(catalogue, project / "inputs", project / "outputs")
    assert not any(m.has_target for m in built.loaded.catalogue.measures)
    summary = " ".join(str(v) for row in rows(book["Summary"]) for v in row if v)
    assert "No measure has a target in December 2020" in summary
    assert "Red this month (0)" in summary and "None this month." in summary
    frames, charts = drawing(built.path)
    assert len(charts) == 48  # a chart for every measure all the same
    with zipfile.ZipFile(built.path) as archive:
        _, parts = sheet_charts(archive, "Charts")
        series = {n: [s.find("c:tx//c:v", NS).text for s in ElementTree.fromstring(
                      archive.read(n)).findall(".//c:ser", NS)] for n in parts}
    assert all(names == ["Figure"] for names in series.values())  # no Target in the legend


def test_each_chart_plots_its_own_rows_in_its_own_format(sample):
    built, book = sample
    sheet = book["Charts"]
    units = {m.name: m.unit for m in built.loaded.catalogue.measures}
    targeted = {m.name for m in built.loaded.catalogue.measures if m.has_target}
    table = row_index(sheet, "Performance Measure")
    with zipfile.ZipFile(built.path) as archive:
        charts = [ElementTree.fromstring(archive.read(n)) for n in sheet_charts(archive)[1]]
    formats = set()
    for chart in charts:
        title = "".join(t.text or "" for t in chart.find(f".//{{{NS['c']}}}title").iter(
            f"{{{NS['a']}}}t"))
        row = row_index(sheet, title, table)
        values = [f.text for f in chart.iter(f"{{{NS['c']}}}f")
                  if f.text and "$C$" in f.text and f.text != f"'Charts'!$C${table}:$N${table}"]
        assert values == [f"'Charts'!$C${row}:$N${row}", f"'Charts'!$C${row + 1}:$N${row + 1}"
                          ][:2 if title in targeted else 1]
        number_format = chart.find(f".//{{{NS['c']}}}valAx/{{{NS['c']}}}numFmt").get("formatCode")
        assert number_format == ("0%" if units[title] is Unit.PERCENT else "#,##0")
        formats.add(number_format)
    assert formats == {"0%", "#,##0"}


def test_a_population_carried_forward_is_on_data_quality_and_in_the_notes(project):
    """The sample with 2019/20's population only: 2020/21's rates use it, and say so."""
    from tests.conftest import edit

    edit(project / "measures.yaml", '"2020/21": 43112', '"2019/20": 43112')
    built, book = run(project / "measures.yaml", project / "inputs", project / "outputs")
    quality = [row for row in book["Data quality"].iter_rows(values_only=True)
               if any("uses the 2019/20 population" in str(c) for c in row)]
    assert len(quality) == 1  # once, though the Scorecard and the Trend both work it out
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(values_only=True)}
    assert "2020/21 uses the 2019/20 population until ONS publishes." in notes["Rates"]
    rate = next(li for li in built.scorecard.lines if li.measure.id == "contacts_rate")
    assert rate.current.value is not None
