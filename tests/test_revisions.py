"""Revisions: a figure for a month that this pack shows differently from the previous pack is
found, commented on every cell that shows it, listed on Data quality and counted by the build;
an earlier pack that cannot be read is a warning, never a failed build."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from openpyxl import load_workbook
from typer.testing import CliRunner

from xlscore.cli import app
from xlscore.dataset import Record
from xlscore.extracts import Source
from xlscore.model import Measure, PeriodKind, Unit
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.problems import Problems
from xlscore.quality import Check
from xlscore.revisions import PackFigure, PreviousPack, by_key, find_revisions

D = Decimal
NOV, DEC = Month(2020, 11), Month(2020, 12)
PCT = Measure("timely_pct", "Timely", Unit.PERCENT, PeriodKind.FLOW, "Front Door")
COUNT = Measure("contacts", "Contacts", Unit.COUNT, PeriodKind.FLOW, "Front Door")
NOVEMBER_PACK = "slough-scorecard-2020-11.xlsx"
DECEMBER_PACK = "slough-scorecard-2020-12.xlsx"
# Line 8 of the November extract; the published 79.2% becomes 79.9% when it is re-run.
PUBLISHED, RERUN = "assessments_45_days_pct,79.2,248,313,", "assessments_45_days_pct,79.9,250,313,"


def record(measure: Measure, month: Month, value: str | None, line: int = 7) -> Record:
    return Record(measure, month, None if value is None else D(value), None, None, None, None,
                  None, Source("inputs/2020-11.csv", line))


def pack(*figures: tuple[str, Month, str, str | None]) -> PreviousPack:
    return PreviousPack("outputs/x-scorecard-2020-11.xlsx", "X", NOV,
                        {(m, month): PackFigure(unit, None if v is None else D(v))
                         for m, month, unit, v in figures})


# The comparison, pure ------------------------------------------------------------------------

def test_a_figure_that_differs_as_displayed_is_a_revision_with_its_message():
    records = (record(PCT, NOV, "80.1"), record(COUNT, NOV, "897"))
    previous = pack(("timely_pct", NOV, "percent", "79.2"), ("contacts", NOV, "count", "897"))
    [revision] = find_revisions(records, previous)
    assert (revision.measure, revision.month) == (PCT, NOV)
    assert (revision.before, revision.after) == (D("79.2"), D("80.1"))
    assert revision.message == ("Revised: 79.2% in the Nov-20 pack, now 80.1%, "
                                "inputs/2020-11.csv line 7")


def test_the_same_figure_as_displayed_is_no_revision():
    # 79.24 was shown as 79.2; a float read back from the previous pack is no revision either
    previous = pack(("timely_pct", NOV, "percent", "79.24"), ("contacts", NOV, "count", "897.0"))
    assert find_revisions((record(PCT, NOV, "79.2"), record(COUNT, NOV, "897")), previous) == ()


def test_a_figure_appearing_or_vanishing_is_a_revision():
    previous = pack(("timely_pct", NOV, "percent", None), ("contacts", NOV, "count", "897"))
    found = find_revisions((record(PCT, NOV, "80.1"), record(COUNT, NOV, None)), previous)
    assert [(r.before, r.after) for r in found] == [(None, D("80.1")), (D(897), None)]
    assert found[0].message.startswith("Revised: n/a in the Nov-20 pack, now 80.1%")
    assert "897 in the Nov-20 pack, now n/a" in found[1].message


def test_months_or_measures_only_one_pack_shows_and_changed_units_are_not_revisions():
    previous = pack(("timely_pct", Month(2019, 12), "percent", "50.0"),
                    ("contacts", NOV, "percent", "12.0"))
    records = (record(PCT, NOV, "80.1"), record(PCT, DEC, "81.0"), record(COUNT, NOV, "897"))
    assert find_revisions(records, previous) == ()


def test_a_revision_is_found_by_the_key_of_the_record_it_revises():
    # the sheets (Scorecard, Trend, Data) look a figure's revision up by its record's key
    records = (record(PCT, NOV, "80.1"), record(COUNT, NOV, "897"))
    revisions = find_revisions(records, pack(("timely_pct", NOV, "percent", "79.2")))
    found = by_key(revisions)
    assert found.get(records[0].key) == revisions[0] and records[1].key not in found


@settings(deadline=None)
@given(before=hs.integers(0, 10_000), after=hs.integers(0, 10_000),
       unit=hs.sampled_from([Unit.PERCENT, Unit.RATE, Unit.NUMBER]))
def test_a_revision_exactly_when_the_tenths_differ(before, after, unit):
    measure = Measure("m", "M", unit, PeriodKind.FLOW, "S")
    old, new = D(before) / 100, unit.displayed(D(after) / 100)
    found = find_revisions((record(measure, NOV, str(new)),),
                           pack(("m", NOV, unit.value, str(old))))
    assert bool(found) == (unit.displayed(old) != new)


def test_shown_formats_as_the_sheets_do():
    assert Unit.COUNT.shown(D("1234")) == "1,234"
    assert Unit.PERCENT.shown(D("79.2")) == "79.2%"
    assert Unit.RATE.shown(D("1234.5")) == "1,234.5"
    assert Unit.COUNT.shown(None) == "n/a"


# December after November, through the build -------------------------------------------------

def build_cli(project: Path, *args: str):
    return CliRunner().invoke(app, ["build", "--catalogue", str(project / "measures.yaml"),
                                    "--inputs", str(project / "inputs"),
                                    "--out", str(project / "outputs"), *args])


def rerun_november(project: Path) -> None:
    extract = project / "inputs" / "2020-11.csv"
    text = extract.read_text(encoding="utf-8")
    assert text.splitlines()[7] == PUBLISHED
    extract.write_text(text.replace(PUBLISHED, RERUN), encoding="utf-8")


@pytest.fixture(scope="module")
def december(tmp_path_factory):
    """November's pack built, November's extract re-run with one changed figure, then
    December built beside it."""
    from tests.conftest import ROOT

    project = tmp_path_factory.mktemp("revised")
    shutil.copy(ROOT / "measures.yaml", project / "measures.yaml")
    shutil.copytree(ROOT / "inputs", project / "inputs")
    assert build_cli(project, "--month", "2020-11").exit_code == 0
    rerun_november(project)
    result = build_cli(project)
    assert result.exit_code == 0, result.output
    return project, result, load_workbook(project / "outputs" / DECEMBER_PACK)


def test_the_revision_is_found_and_counted_in_the_summary_line(december):
    _, result, _ = december
    assert "1 revision since the Nov-20 pack" in result.stderr


MESSAGE = "Revised: 79.2% in the Nov-20 pack, now 79.9%"


def test_every_cell_showing_the_revised_figure_carries_the_comment(december):
    project, _, book = december
    commented = [(sheet.title, cell.value, cell.comment.text) for sheet in book
                 for row in sheet.iter_rows() for cell in row if cell.comment]
    assert [(title, value) for title, value, _ in commented] == [
        ("Scorecard", pytest.approx(0.799)), ("Trend", pytest.approx(0.799)),
        ("Data", pytest.approx(79.9))]
    source = str(project / "inputs" / "2020-11.csv")
    for _, _, text in commented:
        assert text == f"{MESSAGE}, {source} line 8"


def test_the_revision_is_listed_on_data_quality_and_the_data_sheet(december):
    _, _, book = december
    listed = [r for r in book["Data quality"].iter_rows(values_only=True)
              if r[0] == Check.REVISED.value]
    assert len(listed) == 1
    assert listed[0][1] == "Nov-20" and listed[0][4] == 8 and listed[0][5].startswith(MESSAGE)
    data = book["Data"]
    header = [c.value for c in data[3]]
    rows = [dict(zip(header, r, strict=True)) for r in data.iter_rows(min_row=4,
                                                                       values_only=True)]
    revised = [r for r in rows if r["Revised from"] is not None]
    assert [(r["Measure id"], r["Month"], r["Value"], r["Revised from"]) for r in revised] == [
        ("assessments_45_days_pct", "2020-11", pytest.approx(79.9), pytest.approx(79.2))]
    cover = " ".join(str(v) for r in book["Cover"].iter_rows(values_only=True) for v in r if v)
    assert "1 figure revised" in cover and NOVEMBER_PACK in cover


def test_unchanged_extracts_find_no_revision(project):
    assert build_cli(project, "--month", "2020-11").exit_code == 0
    result = build_cli(project)
    assert "0 revisions since the Nov-20 pack" in result.stderr
    book = load_workbook(project / "outputs" / DECEMBER_PACK)
    assert not any(c.comment for s in book for row in s.iter_rows() for c in row)


def test_without_an_earlier_pack_the_summary_says_so(project):
    result = build_cli(project)
    assert result.exit_code == 0 and "no earlier pack to check for revisions" in result.stderr


def test_compare_with_names_another_pack(project, tmp_path):
    elsewhere = tmp_path / "archive"
    assert build_cli(project, "--month", "2020-11", "--out", str(elsewhere)).exit_code == 0
    rerun_november(project)
    result = build_cli(project, "--compare-with", str(elsewhere / NOVEMBER_PACK))
    assert result.exit_code == 0 and "1 revision since the Nov-20 pack" in result.stderr


@pytest.mark.parametrize(("damage", "code"), [
    (lambda p: p.write_bytes(b"PK\x03\x04 not really a workbook"), "revisions.unreadable-pack"),
    (lambda p: p.write_bytes(p.read_bytes()[:5000]), "revisions.unreadable-pack"),
    (lambda p: p.write_text("", encoding="utf-8"), "revisions.unreadable-pack"),
])
def test_a_damaged_earlier_pack_is_a_warning_and_the_build_succeeds(project, damage, code):
    problems = Problems()
    november = build(project / "measures.yaml", project / "inputs", project / "outputs",
                     "2020-11", problems, today=date(2020, 12, 10)).path
    damage(november)
    result = build_cli(project)
    assert result.exit_code == 0, result.output
    assert (project / "outputs" / DECEMBER_PACK).is_file()
    assert "warning:" in result.stderr and "cannot check for revisions" in result.stderr
    problems = Problems()
    built = build(project / "measures.yaml", project / "inputs", project / "outputs", None,
                  problems)
    assert [p.code for p in problems.warnings] == [code]
    assert built.review.previous is None and built.revisions == 0


def test_a_pack_of_another_authority_is_not_compared(project):
    assert build_cli(project, "--month", "2020-11").exit_code == 0
    november = project / "outputs" / NOVEMBER_PACK
    catalogue = project / "measures.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "authority: Slough", "authority: Slough Borough"), encoding="utf-8")
    problems = Problems()
    built = build(catalogue, project / "inputs", project / "outputs", None, problems,
                  compare_with=november)
    assert [p.code for p in problems.warnings] == ["revisions.other-authority"]
    assert built.review.previous is None
