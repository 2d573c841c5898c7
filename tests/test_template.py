"""The month's input template (xlscore/template.py and writers/template.py)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.small import CATALOGUE, small_catalogue, write_csv
from xlscore.periods import Month
from xlscore.problems import InputError, Problems
from xlscore.template import next_month, write_template


def test_text_in_the_template_never_becomes_a_formula(tmp_path):
    text = (CATALOGUE.replace("authority: Testshire", 'authority: "=HYPERLINK(1)"')
            .replace("name: Contacts,", 'name: "=1+1",'))
    catalogue = small_catalogue(tmp_path, text)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    written = write_template(catalogue, inputs, "2021-01", Problems())
    workbook = load_workbook(written.path)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert {c.value for c in cells} >= {"=1+1", "=HYPERLINK(1): monthly extract for "
                                                    "January 2021"}
    assert all(c.data_type == "s" for c in cells), [(c.coordinate, c.value) for c in cells]


def test_the_next_template_follows_a_history_month(tmp_path):
    catalogue = small_catalogue(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "2020-11.csv", "measure,value", "contacts,5")
    write_csv(inputs / "history.csv", "month,measure,value", "2020-12,contacts,7",
              "2020-10,contacts,6")
    assert next_month(inputs, catalogue, None, Problems()) == Month(2021, 1)
    written = write_template(catalogue, inputs, None, Problems())
    assert written.path == inputs / "2021-01.xlsx" and written.month == Month(2021, 1)


def test_the_template_never_overwrites_an_extract(tmp_path):
    catalogue = small_catalogue(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "2021-01.csv", "measure,value", "contacts,5")
    problems = Problems()
    with pytest.raises(InputError):
        write_template(catalogue, inputs, "2021-01", problems)
    assert [p.code for p in problems.errors] == ["template.exists"]
    assert sorted(p.name for p in inputs.iterdir()) == ["2021-01.csv"]


def test_the_template_asks_for_parts_where_the_quarter_pools_them(tmp_path):
    """timely_pct and days (flow percentage, flow number) pool; a count, a snapshot don't."""
    from xlscore.writers.template import PARTS_WANTED

    catalogue = small_catalogue(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    written = write_template(catalogue, inputs, "2021-01", Problems())
    sheet = load_workbook(written.path).worksheets[0]
    commented = {sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)
                 if sheet.cell(row, 4).comment is not None}
    assert commented == {"timely_pct", "days"}
    assert sheet.cell(2, 4).comment is None or PARTS_WANTED in sheet.cell(2, 4).comment.text
