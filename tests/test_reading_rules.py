"""How a cell's text is read as a figure, through an extract: a decimal comma is never a
thousands separator, a percent sign only on a percentage's value, `#N/A` is n/a."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.small import small_catalogue, write_csv
from xlscore.extracts import Facts, discover, read_facts
from xlscore.periods import Month
from xlscore.problems import Problems

DEC = Month(2020, 12)
HEADER = "measure,value,numerator,denominator,note"


def read(tmp_path: Path, *lines: str) -> tuple[Facts, Problems]:
    catalogue = small_catalogue(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "2020-12.csv", HEADER, *lines)
    problems = Problems()
    return read_facts(discover(inputs, problems), catalogue, problems), problems


@pytest.mark.parametrize("line", ['contacts,"12,5",,,', 'days,"12,5",,,',
                                  'timely_pct,,"12,5",20,', 'contacts,"1,2345",,,'])
def test_a_decimal_comma_is_an_error_never_a_thousands_separator(tmp_path, line):
    facts, problems = read(tmp_path, line)
    assert [p.code for p in problems.errors] == ["extract.not-a-number"]
    assert "'12,5' is not a number" in problems.errors[0].message or "1,2345" in (
        problems.errors[0].message)
    assert not facts.by_key


def test_a_thousands_comma_is_read(tmp_path):
    facts, problems = read(tmp_path, 'contacts,"1,234",,,', 'days,"12,345.5",,,')
    assert not problems.items
    assert facts.get(DEC, "contacts").value == Decimal("1234")
    assert facts.get(DEC, "days").value == Decimal("12345.5")


@pytest.mark.parametrize("line", ["contacts,34%,,,", "days,34%,,,", "timely_pct,,34%,50,",
                                  "timely_pct,,17,50%,"])
def test_a_percent_sign_on_a_count_or_a_numerator_is_an_error(tmp_path, line):
    facts, problems = read(tmp_path, line)
    assert [p.code for p in problems.errors] == ["extract.not-a-number"]
    assert not facts.by_key


def test_a_percent_sign_on_a_percentages_value_is_read(tmp_path):
    facts, problems = read(tmp_path, "timely_pct,34%,,,", "visits_pct,34.5 %,,,")
    assert not problems.items
    assert facts.get(DEC, "timely_pct").value == Decimal("34")
    assert facts.get(DEC, "visits_pct").value == Decimal("34.5")


@pytest.mark.parametrize("text", ["#N/A", "#n/a", " #N/A "])
def test_hash_na_is_not_available(tmp_path, text):
    facts, problems = read(tmp_path, f"contacts,{text},,,", f"timely_pct,,{text},{text},")
    assert not problems.items
    assert facts.get(DEC, "contacts").value is None
    timely = facts.get(DEC, "timely_pct")
    assert (timely.value, timely.numerator, timely.denominator) == (None, None, None)


def test_text_read_once_is_judged_again_for_another_unit_or_column(tmp_path):
    """A million rows parse each distinct text once (extracts._Seen): what a percentage's
    value may hold, a count or a numerator may not, in whatever order the rows come."""
    catalogue = small_catalogue(tmp_path)
    history = write_csv(tmp_path / "history.csv", "month," + HEADER,
                        "2020-11,timely_pct,34%,,,", "2020-11,contacts,34%,,,",
                        "2020-11,visits_pct,,34%,50,", "2020-12,timely_pct,12.5,,,",
                        "2020-12,contacts,12.5,,,", "2020-12,visits_pct,,17,50,",
                        "2020-10,visits_pct,,17,50,")
    problems = Problems()
    from xlscore.extracts import Inputs

    facts = read_facts(Inputs(history=[history]), catalogue, problems)
    assert [(p.line, p.code) for p in problems.errors] == [
        (3, "extract.not-a-number"), (4, "extract.not-a-number"), (6, "extract.invalid-figure")]
    assert facts.get(Month(2020, 11), "timely_pct").value == Decimal("34")
    assert facts.get(Month(2020, 12), "visits_pct").value == Decimal("34")
    assert facts.get(Month(2020, 10), "visits_pct").source.line == 8
