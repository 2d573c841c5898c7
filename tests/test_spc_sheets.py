"""SPC on the sheets, pinned against what the key says and against counts, not against the
functions that wrote them: the assurance colours, the Summary's total of special causes, and
the step in the chart's mean and limits at a rebase."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

import xlscore
from xlscore.periods import Month
from xlscore.spc import Kind

# The fills the key names, as a reader sees them: fixed here, not asked of the writer.
SAID = {"Blue": "8FCBF0", "Orange": "FAB428", "Grey": "C8C9C9", "Purple": "B7A6DB"}


@pytest.fixture(scope="module")
def invented(inventedshire):
    return inventedshire, load_workbook(inventedshire.path)


def fill(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def test_assurance_and_variation_cells_have_the_colour_the_key_gives_their_word(invented):
    _, book = invented
    sheet = book["Scorecard"]
    header = [c.value for c in sheet[9]]
    variation_column = header.index("Variation") + 1
    key: dict[str, str] = {}  # a word of the key -> its colour's name
    for row in range(4, 8):
        for column in (3, header.index("Commentary") + 1):
            text = sheet.cell(row, column).value or ""
            found = re.match(r"^(Blue|Orange|Grey|Purple) = ([A-Za-z ]+?)( \(|:)", text)
            if found:
                colour, word = found[1], found[2]
                key[word] = colour
                assert fill(sheet.cell(row, column)) == SAID[colour], text
    assert key["Consistently passes"] == "Blue" and key["Consistently fails"] == "Orange"
    assert key["Hit and miss"] == "Grey" and key["Improvement"] == "Blue"
    assert key["Concern"] == "Orange" and key["Common cause"] == "Grey"
    assert key["Neither"] == "Purple"
    seen = set()
    for row in range(11, sheet.max_row + 1):
        for column in (variation_column, variation_column + 1):
            text = sheet.cell(row, column).value
            word = text.split(" (")[0] if isinstance(text, str) else None
            if word in key:
                assert fill(sheet.cell(row, column)) == SAID[key[word]], (row, text)
                seen.add(word)
    assert {"Consistently passes", "Consistently fails", "Hit and miss", "Concern",
            "Improvement", "Neither", "Common cause"} <= seen


def test_the_summarys_special_causes_are_concern_plus_improvement_plus_neither(invented):
    built, book = invented
    spc = built.review.spc
    texts = [c.value for row in book["Summary"].iter_rows() for c in row
             if isinstance(c.value, str) and "show a special cause this month" in c.value]
    assert len(texts) == 1
    said = re.match(r"^(\d+) of (\d+) measures show a special cause this month: (\d+) concern, "
                    r"(\d+) improvement, (\d+) neither; (\d+) common cause; (\d+) n/a", texts[0])
    assert said, texts[0]
    special, measures, concern, improvement, neither, common, na = map(int, said.groups())
    assert (concern, improvement, neither) == tuple(
        len(spc.special_causes(kind)) for kind in (Kind.CONCERN, Kind.IMPROVEMENT, Kind.NEITHER))
    assert min(concern, improvement, neither) > 0  # the example has each kind
    assert special == concern + improvement + neither == 6
    assert special + common + na == measures == len(spc.analyses)


# At a rebase inside the chart's twelve months --------------------------------------------

BUILD = Month(2020, 11)  # the chart's months: Dec-19 to Nov-20
REBASE = Month(2020, 7)  # the eighth of them


@pytest.fixture(scope="module")
def rebased(tmp_path_factory):
    catalogue = {
        "authority": "Testshire", "population": {"2020/21": 10000},
        "spc": {"min_points": 5},
        "sections": [{"name": "Front Door", "measures": [
            {"id": "timely_pct", "name": "Timely", "unit": "percent", "period": "flow",
             "target": 60, "direction": "higher", "rebase": [str(REBASE)]}]}]}
    months = [Month(2019, 4).shift(i) for i in range(20)]  # Apr-19 to Nov-20
    records = [{"month": str(m), "measure": "timely_pct",
                "value": (49 if i % 2 else 51) + (20 if m >= REBASE else 0)}
               for i, m in enumerate(months)]
    card = xlscore.build(catalogue, xlscore.extracts_from_records(records), month=str(BUILD))
    path = card.to_xlsx(tmp_path_factory.mktemp("rebased"))
    return card, load_workbook(path)["Charts"]


def test_the_old_mean_and_limits_end_at_the_rebase_and_the_new_ones_start_there(rebased):
    card, sheet = rebased
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Timely"
               and sheet.cell(r, 2).value == "Figure")
    header = next(r for r in range(1, row) if sheet.cell(r, 1).value == "Performance Measure")
    months = [sheet.cell(header, c).value for c in range(3, 15)]
    assert (months[0], months[-1]) == ("Dec-19", "Nov-20")
    at = months.index("Jul-20")
    assert at == 7
    analysis = card.review.spc.of("timely_pct")
    old, new = analysis.points[0].limits, analysis.points[-1].limits
    assert round(old.mean) == 50 and round(new.mean) == 70  # a step of 20 points
    for offset, name, before, after in ((2, "Mean", old.mean, new.mean),
                                        (3, "Upper process limit", old.upper, new.upper),
                                        (4, "Lower process limit", old.lower, new.lower)):
        assert sheet.cell(row + offset, 2).value == name
        cells = [sheet.cell(row + offset, c).value for c in range(3, 15)]
        shown_before, shown_after = (float(round(v, 1)) / 100 for v in (before, after))
        want: list = [None] * 12
        want[0] = want[at - 1] = pytest.approx(shown_before)  # the old process ends ...
        want[at] = want[-1] = pytest.approx(shown_after)  # ... and the new one starts: a step
        assert cells == want, name


# A chart that starts at the first point of a run that began before the Trend's months ------

RUN_BUILD = Month(2020, 11)  # the Trend's months: Dec-19 to Nov-20
HISTORY = [Month(2017, 4).shift(i) for i in range(44)]  # Apr-17 to Nov-20; Dec-19 is [32]
RUNS = {  # measure -> (first index, last index, value) of a 9-point shift; else 51, 49, ...
    "early_pct": (30, 38, 53),  # Oct-19 to Jun-20: began two months before the Trend's
    "level_pct": (32, 40, 53),  # Dec-19 to Aug-20: began on its first month
    "over_pct": (23, 31, 47),  # Mar-19 to Nov-19, below the mean: over before it
    "plain_pct": None,
}
NAMES = {"early_pct": "Early", "level_pct": "Level", "over_pct": "Over", "plain_pct": "Plain"}


def build_runs(tmp_path_factory, runs: dict) -> tuple:
    """Four measures whose first 16 points (the limits' baseline) alternate 51, 49 around a
    mean of 50: 53 is above the mean and inside the near limit (53.5), 47 below."""
    catalogue = {
        "authority": "Testshire", "population": {"2020/21": 10000},
        "spc": {"baseline": 16},
        "sections": [{"name": "Front Door", "measures": [
            {"id": m, "name": NAMES[m], "unit": "percent", "period": "flow",
             "direction": "higher"} for m in runs]}]}
    records = []
    for measure, run in runs.items():
        for i, month in enumerate(HISTORY):
            value = 49 if i % 2 else 51
            if run and run[0] <= i <= run[1]:
                value = run[2]
            records.append({"month": str(month), "measure": measure, "value": value})
    card = xlscore.build(catalogue, xlscore.extracts_from_records(records),
                         month=str(RUN_BUILD))
    path = card.to_xlsx(tmp_path_factory.mktemp("runs"))
    return card, path, load_workbook(path)["Charts"]


def charts_of(path) -> dict[str, dict]:
    """Each chart of the Charts sheet by its title: title texts, month labels' formula, the
    series' names and formulas, and its frame's alternative text."""
    from tests.test_writers_sheets import NS as SHEETS_NS
    from tests.test_writers_sheets import sheet_charts

    ns = {**SHEETS_NS}
    found = {}
    with zipfile.ZipFile(path) as archive:
        drawing, parts = sheet_charts(archive)
        frames = {e.get("title"): e.get("descr") for e in ElementTree.fromstring(
            archive.read(drawing)).iter(f"{{{ns['xdr']}}}cNvPr")}
        for part in parts:
            xml = archive.read(part).decode()
            tree = ElementTree.fromstring(xml)
            title = [t.text for t in tree.find("c:chart/c:title", ns).iter(f"{{{ns['a']}}}t")]
            series = tree.findall(".//c:ser", ns)
            found[title[0]] = {
                "titles": title, "xml": xml, "descr": frames[title[0]],
                "labels": {s.find("c:cat/c:strRef/c:f", ns).text for s in series},
                "names": [s.find("c:tx//c:v", ns).text for s in series],
                "values": [s.find("c:val/c:numRef/c:f", ns).text for s in series]}
    return found


def blocks(sheet) -> dict[str, dict[str, tuple[int, list]]]:
    """The table under the charts: each measure's rows by series name (row, C onwards)."""
    header = next(r for r in range(1, sheet.max_row + 1)
                  if sheet.cell(r, 1).value == "Performance Measure")
    found: dict[str, dict[str, tuple[int, list]]] = {}
    name = None
    for row in range(header + 1, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            name = sheet.cell(row, 1).value
            found[name] = {}
        values = [sheet.cell(row, c).value for c in range(3, sheet.max_column + 1)]
        while values and values[-1] is None:
            values.pop()
        found[name][sheet.cell(row, 2).value] = (row, values)
    return found


def span(formula: str) -> tuple[str, str, int]:
    """'Charts'!$C$40:$P$40 -> ("C", "P", 40)."""
    first, last, row, row2 = re.fullmatch(r"'Charts'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)",
                                          formula).group(1, 3, 2, 4)
    assert row == row2
    return first, last, int(row)


@pytest.fixture(scope="module")
def early_run(tmp_path_factory):
    return build_runs(tmp_path_factory, RUNS)


@pytest.fixture(scope="module")
def no_early_run(tmp_path_factory):
    """The same, but Early's run begins on the Trend's first month, as Level's does."""
    return build_runs(tmp_path_factory, {**RUNS, "early_pct": RUNS["level_pct"]})


def test_a_run_that_began_two_months_earlier_starts_its_chart_two_months_earlier(early_run):
    card, path, sheet = early_run
    chart = charts_of(path)["Early"]
    table = blocks(sheet)["Early"]
    labels_row, labels = table["Month"]
    assert labels == [m.label for m in HISTORY[30:]]  # Oct-19 to Nov-20: 14 months
    assert chart["labels"] == {f"'Charts'!$C${labels_row}:$P${labels_row}"}
    assert chart["names"] == ["Figure", "Mean", "Upper process limit", "Lower process limit",
                              "Improvement", "Concern"]
    for name, formula in zip(chart["names"], chart["values"], strict=True):
        assert span(formula) == ("C", "P", table[name][0])  # its own rows, 14 columns
    figures = table["Figure"][1]
    assert figures == pytest.approx([0.53] * 9 + [0.49, 0.51] * 2 + [0.49])
    assert table["Improvement"][1] == pytest.approx([0.53] * 9)  # the whole run is marked
    assert "Concern" in table and table["Concern"][1] == []
    said = "From October 2019, where the run of 9 points above the mean began"
    assert chart["titles"] == ["Early", said]
    assert chart["descr"].startswith("XmR chart of Early, Oct-19 to Nov-20")
    assert f"{said}." in chart["descr"]
    assert "9 months are marked as a special cause" in chart["descr"]


def test_a_run_that_began_on_the_first_month_or_ended_before_it_leaves_the_chart_alone(
        early_run):
    card, path, sheet = early_run
    header = next(r for r in range(1, sheet.max_row + 1)
                  if sheet.cell(r, 1).value == "Performance Measure")
    assert [sheet.cell(header, c).value for c in range(3, 15)] == \
        [m.label for m in HISTORY[32:]]
    charts, table = charts_of(path), blocks(sheet)
    for name in ("Level", "Over", "Plain"):
        assert charts[name]["labels"] == {f"'Charts'!$C${header}:$N${header}"}
        assert charts[name]["titles"] == [name] and "From " not in charts[name]["descr"]
        assert "Month" not in table[name]
        for series, formula in zip(charts[name]["names"], charts[name]["values"], strict=True):
            assert span(formula) == ("C", "N", table[name][series][0])
    assert table["Level"]["Improvement"][1] == pytest.approx([0.53] * 9)
    assert card.review.spc.of("over_pct").runs[0].last == HISTORY[31]  # Nov-19: just before


def test_the_other_charts_and_their_figures_are_as_without_the_longer_chart(early_run,
                                                                             no_early_run):
    _, path, sheet = early_run
    _, plain_path, plain_sheet = no_early_run
    longer, shorter = charts_of(path), charts_of(plain_path)
    table, plain_table = blocks(sheet), blocks(plain_sheet)
    for name in ("Level", "Over", "Plain"):
        assert {s: v for s, (_, v) in table[name].items()} == \
            {s: v for s, (_, v) in plain_table[name].items()}
        assert re.sub(r"\$\d+", "", longer[name]["xml"]) == \
            re.sub(r"\$\d+", "", shorter[name]["xml"])  # the same but for the rows
        assert longer[name]["descr"] == shorter[name]["descr"]
    assert "Month" not in plain_table["Early"]
    top = next(r for r in range(1, sheet.max_row + 1)
               if sheet.cell(r, 1).value == "Figures plotted in the charts above")
    for row in range(1, top + 2):  # the title, the note aside, the grid and the header
        if row == 2:
            continue
        assert [c.value for c in sheet[row]][:17] == [c.value for c in plain_sheet[row]][:17]
    assert "A chart starts earlier" in sheet["A2"].value
    assert "A chart starts earlier" not in plain_sheet["A2"].value


def test_the_notes_say_a_chart_may_start_earlier(early_run):
    _, path, _ = early_run
    notes = load_workbook(path)["Notes"]
    texts = {row[0]: row[1] for row in notes.iter_rows(values_only=True) if row[0]}
    assert "starts at the run's first point" in texts["SPC: charts that start earlier"]
