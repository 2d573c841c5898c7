"""The publication standard (the Analysis Function's "Making spreadsheets accessible"
checklist, as aftables and gptables implement it), checked on the built workbook."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from xlscore.pipeline import build
from xlscore.problems import Problems


@pytest.fixture(scope="module")
def book(sample_workbook):
    return load_workbook(sample_workbook)


def test_the_scorecard_is_first_and_the_sheet_that_opens(book):
    assert book.sheetnames[0] == "Scorecard" and book.active.title == "Scorecard"
    assert [s.sheet_view.tabSelected for s in book] == [True] + [False] * (len(book.sheetnames)
                                                                          - 1)


def test_every_sheet_has_its_title_in_a1_the_cursor_in_a1_and_content(book):
    for sheet in book:
        assert isinstance(sheet["A1"].value, str) and "Slough" in sheet["A1"].value, sheet.title
        assert sheet["A1"].font.b, sheet.title
        for selection in sheet.sheet_view.selection:
            assert (selection.activeCell, selection.sqref) == ("A1", "A1"), sheet.title
        assert sheet.max_row > 3, sheet.title  # no blank sheet
    names = [name.lower() for name in book.sheetnames]
    assert len(set(names)) == len(names) and all(len(n) <= 31 for n in names)


def test_document_properties(book, sample_workbook):
    props = book.properties
    assert props.title == ("Slough Children's Services Performance Scorecard, December 2020")
    assert props.subject and props.language == "en-GB" and props.creator == "xlscore"
    with zipfile.ZipFile(sample_workbook) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert re.search(r"<Company>Slough</Company>", app)


def test_every_table_has_a_meaningful_name_and_string_headers(book):
    from openpyxl.utils import range_boundaries

    tables = {name: (sheet, sheet.tables[name]) for sheet in book for name in sheet.tables}
    assert set(tables) == {"Contents", "Rules", "Definitions", "Figures", "Benchmarks"}
    for name, (sheet, table) in tables.items():
        first_column, first_row, last_column, _ = range_boundaries(table.ref)
        header = [sheet.cell(first_row, c).value for c in range(first_column, last_column + 1)]
        assert all(isinstance(h, str) and h for h in header), name
        assert len(set(header)) == len(header), name


def test_the_cover_says_what_whose_when_and_links_to_every_sheet(book):
    cover = book["Cover"]
    facts = {r[0]: r[1] for r in cover.iter_rows(min_row=4, max_row=10, values_only=True)}
    assert facts["Authority"] == "Slough" and facts["Month"] == "December 2020"
    assert "Built on 12 January 2021 by xlscore" in facts["How it was made"]
    assert "No earlier pack" in facts["Revisions"]
    assert facts["Contact"]
    links = {c.value: c.hyperlink.location for row in cover.iter_rows() for c in row
             if c.hyperlink is not None}
    assert links == {name: f"'{name}'!A1" for name in book.sheetnames}
    for name in book.sheetnames:  # each link says where it goes and what the sheet holds
        assert next(c for row in cover.iter_rows() for c in row if c.value == name)
    rows = list(cover.iter_rows(values_only=True))
    about = {r[0]: r[1] for r in rows[rows.index(("Sheet", "What it holds")) + 1:] if r[0]}
    assert all(about.get(name) for name in book.sheetnames), about
    assert "for every measure, with its target where it has one" in about["Charts"]


def test_the_contact_comes_from_the_catalogue(project):
    catalogue = project / "measures.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "authority: Slough", "authority: Slough\ncontact: performance@example.org"),
        encoding="utf-8")
    built = build(catalogue, project / "inputs", project / "outputs", None, Problems())
    cover = load_workbook(built.path)["Cover"]
    assert any(r[:2] == ("Contact", "performance@example.org")
               for r in cover.iter_rows(values_only=True))


def test_the_notes_hold_every_definition_and_the_rules(book, sample_workbook):
    from tests.conftest import ROOT
    from xlscore.catalogue import load_catalogue

    catalogue = load_catalogue(ROOT / "measures.yaml", Problems())
    notes = book["Notes"]
    rows = list(notes.iter_rows(values_only=True))
    rules = {r[0]: r[1] for r in rows[4:] if r[0] and r[1]}
    for topic in ("Ratings by colour and marker", "Markers", "Direction of travel", "Rounding",
                  "Quarters", "Rates", "Benchmarks", "Revisions"):
        assert topic in rules, topic
    assert "2019/20" in rules["Benchmarks"] and "SN: average of the statistical" in \
        rules["Benchmarks"]
    assert "2020/21: 43,112" in rules["Rates"] and "rounded half up" in rules["Rounding"]
    definitions = {r[8]: r for r in rows if r[8] in {m.id for m in catalogue.measures}}
    assert len(definitions) == 48
    for measure in catalogue.measures:
        row = definitions[measure.id]
        assert row[0] == measure.name
        if measure.definition:
            assert row[1] == measure.definition


def test_a_protective_marking_and_the_as_at_date_reach_every_page(project):
    """classification: on every sheet's header and footer, the Cover and the properties;
    --as-at under every title and on the Cover; the month's last day without it."""
    from datetime import date

    from openpyxl import load_workbook

    from tests.conftest import edit
    from xlscore import api

    plain = api.build(project / "measures.yaml", project / "inputs")
    path = plain.to_xlsx(project / "outputs")
    book = load_workbook(path)
    assert all(s["A2"].value.endswith("Data as at 31 December 2020.") for s in book)
    assert all(not s.oddHeader.left.text for s in book)  # no marking unless one is given
    edit(project / "measures.yaml", "authority: Slough\n",
         "authority: Slough\nclassification: OFFICIAL-SENSITIVE\n")
    marked = api.build(project / "measures.yaml", project / "inputs", as_at=date(2021, 1, 4))
    book = load_workbook(marked.to_xlsx(project / "outputs"))
    for sheet in book:
        assert sheet.oddHeader.left.text == "OFFICIAL-SENSITIVE", sheet.title
        assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE", sheet.title
        assert sheet["A2"].value.endswith("Data as at 04 January 2021."), sheet.title
    cover = {r[0]: r[1] for r in book["Cover"].iter_rows(values_only=True) if r[0]}
    assert cover["Protective marking"] == "OFFICIAL-SENSITIVE"
    assert cover["Data as at"].startswith("04 January 2021")
    assert book.properties.category == "OFFICIAL-SENSITIVE"


@pytest.mark.parametrize("marking", ['""', "x" * 61, "[a, b]"])
def test_a_classification_is_a_short_text(tmp_path, marking):
    from tests.small import CATALOGUE
    from xlscore.catalogue import load_catalogue

    (tmp_path / "m.yaml").write_text(CATALOGUE.replace(
        "authority: Testshire", f"authority: Testshire\nclassification: {marking}"),
        encoding="utf-8")
    problems = Problems()
    load_catalogue(tmp_path / "m.yaml", problems)
    assert [p.code for p in problems.errors] == ["catalogue.bad-classification"]


def test_as_at_must_be_a_date(project):
    from xlscore import api
    from xlscore.problems import InputError

    with pytest.raises(InputError) as raised:
        api.build(project / "measures.yaml", project / "inputs", as_at="2021-13-04")
    assert [p.code for p in raised.value.errors] == ["build.as-at-not-a-date"]
