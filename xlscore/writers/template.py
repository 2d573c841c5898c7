"""The layout of the blank monthly extract (`xlscore.template` decides month, place and rows).

Excel's own protection and data validation stop the usual slips (typing over an id, text
in a number cell, 340 for 34%) before the file ever reaches `xlscore check`.
"""

from __future__ import annotations

import xlscore.figures as figures
from xlscore.model import Catalogue, Measure, Unit
from xlscore.periods import Month
from xlscore.writers.styles import set_text

COLUMNS = ("measure", "name", "unit", "value", "numerator", "denominator", "note")
FILL_IN = ("value", "numerator", "denominator", "note")
WIDTHS = {"measure": 30, "name": 60, "unit": 10, "value": 12, "numerator": 12,
          "denominator": 13, "note": 50}
_HEADER_FILL = "1F3864"
# On the value cell of a measure whose quarter pools numerators and denominators.
PARTS_WANTED = ("Give numerator and denominator (the value is then worked out): the Full "
                "quarter adds up the months' numerators and denominators, and shows n/a for "
                "a month given as a value alone.")
_LOCKED_FILL = "EDEDED"


def template_workbook(catalogue: Catalogue, month: Month, measures: list[Measure]):
    """The template's workbook: `measures` to fill on the first sheet, then Instructions."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = month.label
    _write_data(sheet, measures)
    _write_instructions(workbook.create_sheet("Instructions"), catalogue, month)
    props = workbook.properties
    props.title = f"{catalogue.authority} monthly extract, {month.long_label}"
    props.creator = "xlscore"
    return workbook


def _write_data(sheet, measures: list[Measure]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter


    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    locked_fill = PatternFill("solid", fgColor=_LOCKED_FILL)
    for col, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    unlocked = Protection(locked=False)
    for row, measure in enumerate(measures, start=2):
        for col, text in enumerate((measure.id, measure.name, measure.unit.value), start=1):
            cell = sheet.cell(row=row, column=col)
            set_text(cell, text)
            cell.fill = locked_fill
        for name in FILL_IN:
            cell = sheet.cell(row=row, column=COLUMNS.index(name) + 1)
            if name in ("numerator", "denominator") and measure.unit is Unit.COUNT:
                cell.fill = locked_fill  # a count takes a value only
                continue
            cell.protection = unlocked
        if measure.quarter_needs_parts:
            cell = sheet.cell(row=row, column=COLUMNS.index("value") + 1)
            cell.comment = Comment(PARTS_WANTED, "xlscore")
    _add_validation(sheet, measures)
    sheet.freeze_panes = "D2"
    # Protected without a password: it guards against slips, not against the analyst.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


def _add_validation(sheet, measures: list[Measure]) -> None:
    """Excel's data validation from the per-unit figure rules (figures.py), the same rules
    the extract reader applies: a figure Excel lets through, xlscore accepts."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def validation(rule: figures.FigureRule) -> DataValidation:
        low, high = rule.minimum, rule.maximum
        if low is not None and high is not None:
            operator, formula1, formula2 = "between", str(low), str(high)
        elif low is not None:
            operator, formula1, formula2 = "greaterThanOrEqual", str(low), None
        else:  # any number: the widest range Excel takes
            operator, formula1, formula2 = "between", "-1E+15", "1E+15"
        made = DataValidation(type="whole" if rule.whole else "decimal", operator=operator,
                              formula1=formula1, formula2=formula2, allow_blank=True,
                              showErrorMessage=True, errorTitle="Not a valid figure",
                              error=f"{rule.described[0].upper()}{rule.described[1:]}. Leave "
                                    "it blank if the figure is not available.",
                              errorStyle="stop")
        sheet.add_data_validation(made)
        return made

    made: dict[figures.FigureRule, DataValidation] = {}

    def rule_for(rule: figures.FigureRule) -> DataValidation:
        if rule not in made:
            made[rule] = validation(rule)
        return made[rule]

    value_col = COLUMNS.index("value") + 1
    start, end = (get_column_letter(COLUMNS.index(c) + 1) for c in ("numerator", "denominator"))
    for row, measure in enumerate(measures, start=2):
        rule_for(figures.rule(measure.unit)).add(f"{get_column_letter(value_col)}{row}")
        if measure.unit is not Unit.COUNT:
            rule_for(figures.PART).add(f"{start}{row}:{end}{row}")


def _write_instructions(sheet, catalogue: Catalogue, month: Month) -> None:
    from openpyxl.styles import Alignment, Font


    lines = [
        f"{catalogue.authority}: monthly extract for {month.long_label}",
        "",
        "Fill in the first sheet, one row per measure. Do not rename the file "
        f"({month}.xlsx), the sheet's columns or the measure ids.",
        "value: the month's figure. Counts are whole numbers; percentages are in points "
        "(34.0 means 34%; a cell formatted as a percentage also works).",
        "numerator and denominator (percentages and numbers only): the counts the figure is "
        "worked out from. Give them where you can: the Full quarter of a flow measure "
        "needs them for each of its three months. With them, value may be left blank; if "
        "you give both, they must agree.",
        "note: optional commentary, shown on the scorecard.",
        "Leave a cell blank when the figure is not available: the scorecard shows n/a.",
        "Rates per 10,000 children are not listed: xlscore works them out from their "
        "count and the population in the catalogue.",
        "The grey cells are protected (Review > Unprotect Sheet, no password, if you "
        "really must change them).",
        "",
        "Then, from the folder holding measures.yaml:",
        "  xlscore check      (lists anything wrong, with the line to fix)",
        "  xlscore build --pdf",
    ]
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1)
        set_text(cell, text)  # the authority's name may start with "="
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
