"""The rules for a valid figure, per unit, and every place that applies them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.small import small_catalogue
from xlscore import figures
from xlscore.model import Unit

D = Decimal


@pytest.mark.parametrize(("unit", "value", "valid"), [
    (Unit.COUNT, D(0), True), (Unit.COUNT, D(5), True), (Unit.COUNT, D("5.5"), False),
    (Unit.COUNT, D(-1), False),
    (Unit.PERCENT, D(0), True), (Unit.PERCENT, D(100), True), (Unit.PERCENT, D("100.1"), False),
    (Unit.PERCENT, D("-0.1"), False), (Unit.PERCENT, D("34.5"), True),
    (Unit.RATE, D("596.2"), True), (Unit.RATE, D(-1), False),
    (Unit.NUMBER, D("-3.5"), True), (Unit.NUMBER, D("18.2"), True),
])
def test_figure_rules_per_unit(unit, value, valid):
    assert (figures.complaint(unit, value) is None) is valid


def test_an_average_of_counts_need_not_be_whole():
    assert figures.complaint(Unit.COUNT, D("12.5"), averaged=True) is None
    assert figures.complaint(Unit.COUNT, D(-1), averaged=True) is not None


@pytest.mark.parametrize(("unit", "numerator", "denominator", "valid"), [
    (Unit.PERCENT, D(5), D(10), True), (Unit.PERCENT, D(11), D(10), False),
    (Unit.NUMBER, D(30), D(10), True), (Unit.NUMBER, D(-1), D(10), False),
    (Unit.COUNT, D(1), D(2), False),
])
def test_ratio_rules(unit, numerator, denominator, valid):
    assert (figures.ratio_complaint(unit, numerator, denominator) is None) is valid


def _excel_accepts(validation, value: Decimal) -> bool:
    """What Excel does with a typed number under a data validation rule."""
    if validation.type == "whole" and value != value.to_integral_value():
        return False
    low, high = D(validation.formula1), D(validation.formula2 or "Infinity")
    if validation.operator == "greaterThanOrEqual":
        return value >= low
    assert validation.operator == "between"
    return low <= value <= high


@pytest.mark.parametrize("value", ["-5", "-0.5", "0", "0.5", "5", "34.5", "100", "100.5",
                                   "250"])
def test_the_template_validates_as_the_reader_reads(tmp_path, value):
    """Excel's data validation in the template lets through exactly the figures the
    extract reader accepts, for every unit and for numerators and denominators."""
    from xlscore.periods import Month
    from xlscore.template import template_rows
    from xlscore.writers.template import COLUMNS, template_workbook

    catalogue = small_catalogue(tmp_path)
    sheet = template_workbook(catalogue, Month(2021, 1),
                              template_rows(catalogue)).worksheets[0]
    rules = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in cell_range.rows:
                for coordinate in row:
                    rules[coordinate] = validation
    number = D(value)
    for row_number, measure in enumerate((m for m in catalogue.measures if m.in_extract),
                                         start=2):
        value_cell = (row_number, COLUMNS.index("value") + 1)
        assert _excel_accepts(rules[value_cell], number) is (
            figures.complaint(measure.unit, number) is None), (measure.id, value)
        if measure.unit is not Unit.COUNT:
            part = (row_number, COLUMNS.index("numerator") + 1)
            assert _excel_accepts(rules[part], number) is (
                figures.PART.complaint(number) is None)
