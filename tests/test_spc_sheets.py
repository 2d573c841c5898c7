"""SPC on the sheets, pinned against what the key says and against counts, not against the
functions that wrote them: the assurance colours, the Summary's total of special causes, and
the step in the chart's mean and limits at a rebase."""

from __future__ import annotations

import re

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
