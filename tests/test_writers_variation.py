"""SPC on the sheets, read back from the built INVENTED example and checked against the model
it was written from: Scorecard columns and key, XmR charts, Trend marks, Summary, Data
quality. The sample (no `spc:` block) keeps its published layout: see test_golden."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from xlscore.quality import Check
from xlscore.spc import Assurance, Kind, Variation
from xlscore.writers.styles import contrast_ratio
from xlscore.writers.variation import TINTS, assurance_colour, variation_colour

EXAMPLE = ROOT / "examples" / "inventedshire"
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}


@pytest.fixture(scope="module")
def invented(inventedshire):
    return inventedshire, load_workbook(inventedshire.path)


def find_row(sheet, text, start=1) -> int:
    return next(r for r in range(start, sheet.max_row + 1) if sheet.cell(r, 1).value == text)


def test_the_sample_without_spc_has_no_variation_columns(sample_workbook):
    sheet = load_workbook(sample_workbook)["Scorecard"]
    assert "Variation" not in [c.value for c in sheet[9]]


def test_scorecard_columns_hold_the_words_in_readable_colours(invented):
    built, book = invented
    sheet = book["Scorecard"]
    header = [c.value for c in sheet[9]]
    assert header[-3:] == ["Commentary", "Variation", "Assurance"]
    variation_column, assurance_column = len(header) - 1, len(header)
    assert sheet.cell(10, variation_column).value == "Latest month (Jul-21)"
    spc = built.review.spc
    for measure in built.loaded.catalogue.measures:
        row = find_row(sheet, measure.name, 11)
        analysis = spc.of(measure.id)
        cells = sheet.cell(row, variation_column), sheet.cell(row, assurance_column)
        assert (cells[0].value, cells[1].value) == (analysis.variation_text,
                                                    analysis.assurance_text)
        for cell, colour in ((cells[0], variation_colour(analysis.variation)),
                             (cells[1], assurance_colour(analysis.assurance))):
            fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else None
            assert fill == (TINTS[colour] if colour else None), measure.id
            if fill:
                assert contrast_ratio(cell.font.color.rgb[-6:], fill) >= 4.5


def test_colours_follow_making_data_count():
    assert TINTS[variation_colour(Variation.COMMON_CAUSE)] == "C8C9C9"  # grey
    assert variation_colour(Variation.IMPROVEMENT_LOW) == "289DE0"  # blue
    assert variation_colour(Variation.CONCERN_HIGH) == "FAB428"  # orange
    assert variation_colour(Variation.NEITHER_LOW) == "361475"  # purple
    assert assurance_colour(Assurance.NOT_APPLICABLE) is None
    assert variation_colour(None) is None


def test_scorecard_key_explains_each_state_in_a_line(invented):
    _, book = invented
    sheet = book["Scorecard"]
    header = [c.value for c in sheet[9]]
    commentary = header.index("Commentary") + 1
    variation = [sheet.cell(row, 3).value for row in range(4, 8)]
    assurance = [sheet.cell(row, commentary).value for row in range(4, 8)]
    for word, lines in (("Grey = Common cause", variation), ("Blue = Improvement", variation),
                        ("Orange = Concern", variation), ("Purple = Neither", variation),
                        ("Blue = Consistently passes", assurance),
                        ("Orange = Consistently fails", assurance),
                        ("Grey = Hit and miss", assurance), ("n/a = ", assurance)):
        assert sum(1 for line in lines if line.startswith(word)) == 1, word
    for row in range(4, 7):  # the key's colours are those of the cells it explains
        for column in (3, commentary):
            cell = sheet.cell(row, column)
            assert cell.fill.fill_type == "solid"
            assert contrast_ratio(cell.font.color.rgb[-6:], cell.fill.fgColor.rgb[-6:]) >= 4.5


def test_build_says_how_many_special_causes(tmp_path):
    from typer.testing import CliRunner

    from xlscore.cli import app

    result = CliRunner().invoke(app, ["build", "--catalogue", str(EXAMPLE / "measures.yaml"),
                                      "--inputs", str(EXAMPLE / "inputs"),
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "special cause this month (SPC): 2 improvement, 2 concern, 2 neither" in \
        result.output


def chart_files(path):
    with zipfile.ZipFile(path) as archive:
        charts = {n: ElementTree.fromstring(archive.read(n)) for n in archive.namelist()
                  if re.match(r"xl/charts/chart\d+\.xml$", n)}
        drawing = next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))
        frames = [e.attrib for e in ElementTree.fromstring(archive.read(drawing))
                  .iter(f"{{{NS['xdr']}}}cNvPr")]
    return charts, frames


def test_charts_are_xmr_charts_with_marker_only_special_causes(invented):
    built, book = invented
    charts, frames = chart_files(built.path)
    targeted = [m for m in built.loaded.catalogue.measures if m.has_target]
    assert len(charts) == len(built.loaded.catalogue.measures)  # a chart for every measure
    for tree in charts.values():
        series = tree.findall(".//c:ser", NS)
        names = [s.find("c:tx//c:v", NS).text for s in series]
        if "Target 2" in names:  # a change of target in the window: drawn as a step
            names.remove("Target 2")
            series = [s for s in series if s.find("c:tx//c:v", NS).text != "Target 2"]
        assert names in (["Figure", "Target", "Mean", "Upper process limit",
                          "Lower process limit", "Improvement", "Concern"],
                         ["Figure", "Mean", "Upper process limit", "Lower process limit",
                          "Neither"])  # a measure with a target has a direction
        for ser, name in zip(series, names, strict=True):
            line = ser.find("c:spPr/a:ln", NS)
            if name in ("Improvement", "Concern", "Neither"):
                assert line.find("a:noFill", NS) is not None
                assert ser.find("c:marker/c:symbol", NS).get("val") != "none"
            if name.endswith("limit"):
                assert line.find("a:prstDash", NS).get("val") == "dash"
    by_title = {f["title"]: f["descr"] for f in frames}
    for measure in targeted:
        analysis = built.review.spc.of(measure.id)
        assert by_title[measure.name].startswith(f"XmR chart of {measure.name}")
        assert f"Variation: {analysis.variation_text}." in by_title[measure.name]
        assert f"Assurance: {analysis.assurance_text}." in by_title[measure.name]


def test_chart_table_marks_the_special_causes_and_the_limits(invented):
    built, book = invented
    sheet = book["Charts"]
    name = "% of assessments completed and authorised within 45 working days"
    row = find_row(sheet, name, 30)
    assert [sheet.cell(row + i, 2).value for i in range(8)] == [
        "Figure", "Target", "Mean", "Upper process limit", "Lower process limit",
        "Improvement", "Concern", "Figure"]  # then the next measure
    analysis = built.review.spc.of("assessments_45_days_pct")
    concerns = [sheet.cell(row + 6, c).value for c in range(3, 15)]
    months = built.review.trend.months
    want = [float(p.value) / 100 if (p := analysis.point(m)) and p.signal
            and p.signal.kind is Kind.CONCERN else None for m in months]
    assert concerns == [pytest.approx(v) if v is not None else None for v in want]
    assert concerns[-1] is not None  # July 2021: two of three beyond the lower near limit
    lim = analysis.points[-1].limits
    assert sheet.cell(row + 3, 14).value == pytest.approx(float(round(lim.upper, 1)) / 100)


def test_trend_marks_special_causes_without_colour(invented):
    built, book = invented
    sheet = book["Trend"]
    row = find_row(sheet, "Average number of children allocated per social worker", 5)
    analysis = built.review.spc.of("children_per_sw")
    for column, month in enumerate(built.review.trend.months, start=5):
        point = analysis.point(month)
        fmt = sheet.cell(row, column).number_format
        if point and point.signal:
            assert fmt.endswith({Kind.IMPROVEMENT: '"(I)"', Kind.CONCERN: '"(C)"',
                                 Kind.NEITHER: '"(N)"'}[point.signal.kind])
        else:
            assert "(" not in fmt
    assert isinstance(sheet.cell(row, 16).value, float)  # still a number
    assert "(I) improvement, (C) concern" in sheet["A2"].value


def test_summary_lists_special_causes_and_counts_each_state(invented):
    built, book = invented
    sheet = book["Summary"]
    spc = built.review.spc
    start = find_row(sheet, "Special cause this month (July 2021, statistical process control)")
    concern_row = find_row(sheet, f"Concern this month ({len(spc.special_causes(Kind.CONCERN))})",
                           start)
    listed = []
    row = concern_row + 2
    while sheet.cell(row, 1).value:
        listed.append(sheet.cell(row, 1).value)
        row += 1
    assert listed == [a.measure.name for a in spc.special_causes(Kind.CONCERN)]
    assert listed  # the example has concerns
    find_row(sheet, f"Improvement this month ({len(spc.special_causes(Kind.IMPROVEMENT))})",
             start)
    table = find_row(sheet, "Variation by section", start) + 1
    assert [c.value for c in sheet[table]][:9] == ["Section", *[v.value for v in Variation],
                                                   "n/a"]
    overall = find_row(sheet, "All sections", table)
    counts = [sheet.cell(overall, c).value for c in range(2, 10)]
    assert sum(counts) == len(spc.analyses) == 48
    assert counts[0] == sum(1 for a in spc.analyses if a.variation is Variation.COMMON_CAUSE)
    table = find_row(sheet, "Assurance by section", overall) + 1
    assert [c.value for c in sheet[table]][:5] == ["Section", *[a.value for a in Assurance]]


def test_data_quality_lists_months_left_out_of_the_series(invented):
    _, book = invented
    sheet = book["Data quality"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    left_out = [r for r in rows if r[0] == Check.SPC_LEFT_OUT.value]
    assert [r[1] for r in left_out] == ["Aug-19", "Jun-20"]
    assert "no extract for August 2019" in left_out[0][5]
    assert left_out[1][2].endswith("(cla_dental_pct)") and "Apr-20, May-20, Jun-20" in \
        left_out[1][5]


def test_the_workbook_is_valid_ooxml(invented):
    built, _ = invented
    validator = "/work/shared/tools/ooxml/validate.py"
    import os

    if not os.path.exists(validator):
        pytest.skip("the OOXML validator is not on this machine")
    result = subprocess.run([sys.executable, validator, str(built.path)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_notes_and_cover_explain_spc_when_it_is_on(invented, sample_workbook):
    _, book = invented
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(values_only=True)}
    assert {"SPC: what it is", "SPC: Variation", "SPC: Assurance", "SPC: an example",
            "SPC: too few months"} <= set(notes)
    assert "Consistently passes" in notes["SPC: Assurance"]
    cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True)}
    assert "XmR chart" in cover["Statistical process control"]
    plain = load_workbook(sample_workbook)
    assert not any(str(row[0]).startswith("SPC") for row in
                   plain["Notes"].iter_rows(values_only=True))
    assert "Statistical process control" not in [
        row[0] for row in plain["Cover"].iter_rows(values_only=True)]


def test_build_says_when_every_measure_has_too_few_months_for_spc(tmp_path):
    """Fourteen months: SPC's n/a is said as too few months, never as 0 special causes."""
    import shutil

    from tests.conftest import edit

    shutil.copy(EXAMPLE / "measures.yaml", tmp_path / "measures.yaml")
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE / "inputs" / "history.csv", tmp_path / "inputs" / "history.csv")
    edit(tmp_path / "measures.yaml", "min_points: 15", "min_points: 99")
    result = subprocess.run([sys.executable, "-m", "xlscore.cli", "build", "--out",
                             str(tmp_path / "out")], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "SPC: n/a for every measure: fewer than 99 months" in result.stderr
    assert "special cause this month" not in result.stderr


def test_inventedshires_target_rise_in_april_is_drawn_as_a_step(invented):
    """Issue 17 point 11: contacts_1_day_pct's target rises 90 -> 95 in 2021/22; in a window
    that crosses April (August 2020 to July 2021) no plotted series joins the two targets,
    which a line chart would draw as a slope from March to April."""
    built, book = invented
    sheet = book["Charts"]
    name = built.loaded.catalogue.measure("contacts_1_day_pct").name
    header = find_row(sheet, "Performance Measure")
    top = find_row(sheet, name, start=header + 1)
    months = [sheet.cell(header, c).value for c in range(3, 15)]
    assert months[0].startswith("Aug") and months[-1].startswith("Jul")
    targets = []
    for row in range(top, top + 10):
        if sheet.cell(row, 2).value == "Target":
            targets.append([sheet.cell(row, c).value for c in range(3, 15)])
    assert [{v for v in row if v is not None} for row in targets] == [{0.9}, {0.95}]
    april = months.index(next(m for m in months if m.startswith("Apr")))
    assert targets[0][april - 1] == 0.9 and targets[0][april] is None
    assert targets[1][april - 1] is None and targets[1][april] == 0.95
