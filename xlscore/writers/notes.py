"""The `Notes` sheet: how every figure and rating is worked out, and every measure's
definition, so that a reader outside the council can check any cell of the pack."""

from __future__ import annotations

from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.benchmarks import comparator_kind, comparator_kinds
from xlscore.calculator import Scorecard, carried_forward
from xlscore.model import BenchmarkSpec, Measure, PeriodKind, Unit
from xlscore.ratings import MARKERS, key_lines
from xlscore.writers import layout
from xlscore.writers import styles as st

SHEET = "Notes"
RULES_TABLE, DEFINITIONS_TABLE = "Rules", "Definitions"
RULE_HEADINGS = ["Topic", "Rule"]
# The two tables share columns A and B: topic / measure, then rule / definition.
DEFINITION_HEADINGS = ["Measure", "Definition", "Unit", "Period", "Target", "Tolerance",
                       "Direction", "Section", "Measure id"]
COMPARATORS = "Comparators"  # what each benchmark column holds for the measure
LOCAL = "local measure: no comparator is published"
WIDTHS = [46, 90, 9, 10, 9, 10, 10, 22, 30, 34]
KNOWN_SOURCES = {"SN": "average of the statistical neighbours",
                 "SE": "South East region", "ENG": "England"}


def _years(card: Scorecard) -> list:
    """The financial years whose figures the pack shows (the trend's twelve months)."""
    return sorted({card.month.shift(-back).financial_year for back in range(12)})


def _areas(spec: BenchmarkSpec) -> list[str]:
    """The columns of regions and England (a count's are totals)."""
    return [c for c in spec.columns if comparator_kind(c, Unit.COUNT, spec) == "total"]


def rules(card: Scorecard) -> list[tuple[str, str]]:
    """The rules, in words: the same as the README's and the Scorecard key's."""
    catalogue = card.catalogue
    colour_rules = [text for _, text in key_lines(catalogue.benchmarks, catalogue.columns)]
    found = [
        ("Ratings by colour and marker", " ".join(colour_rules[1:])),
        ("Markers", "Each rated figure shows its rating as a letter after it ("
         + ", ".join(f"{m} {r.value.title()}" for r, m in MARKERS.items())
         + "), so that it reads without colour: in a black-and-white print or to a screen "
         "reader. The cell still holds the number."),
        ("Direction of travel", colour_rules[0]),
        ("Targets by year", "Each month is rated against the target of its own financial year "
         "(April to March)."),
        ("Rounding", "Counts are shown whole, everything else to one decimal place, rounded "
         "half up. Every rating compares the figures as shown, so 95.0% is never Amber "
         "against a 95.0% target."),
        ("Quarters", f"Full quarter: the latest complete financial quarter ending on or before "
         f"the month ({card.quarter}; Q1 is April to June, Q4 January to March). A flow count "
         "adds its three months; a snapshot takes its last month; a flow percentage or "
         "number pools the numerators and denominators. A missing month makes a flow "
         "quarter n/a."),
        *_column_rules(card),
        ("Rates", "A rate is the count divided by the number of children aged 0-17 in that "
         "month's financial year, times 10,000 ("
         + "; ".join(f"{year}: {count:,}" for year, count in sorted(
             catalogue.population.items(), key=lambda item: str(item[0]))) + ")."
         + "".join(f" {carried_forward(year, population[1])}." for year in _years(card)
                   if (population := catalogue.population_for(year)) is not None
                   and population[1] != year)),
        ("Baseline", f"The Baseline column is {card.baseline_month.long_label}."),
        ("Not available", "n/a: no figure (no extract that month, not available, a 0/0 "
         "denominator, or a suppressed benchmark). On the Data sheet the value is blank."),
        ("Revisions", "A figure that differs from the one the previous month's pack showed "
         "for the same month carries a comment saying what it was, and is listed on the "
         "Data quality sheet."),
    ]
    if any(m.annex_a is not None for m in catalogue.measures):
        found.append(("Annex A", "A measure whose definition names an Annex A rule is worked "
                      "out from the Annex A extracts (Ofsted's child-level lists): a flow "
                      "measure from the newest extract whose six months hold the whole month, "
                      "a snapshot only from an extract dated on the month's last day. The Data "
                      "sheet's Source file names the extract; the rows each rule left out are "
                      "counted on the Data quality sheet by row number. No child-level data is "
                      "in this workbook."))
    if catalogue.spc is not None:  # imported only then: a build without SPC stays lean
        from xlscore.spc import explained

        found += explained(catalogue.spc)
    spec = catalogue.benchmarks
    if spec is not None:
        sources = [f"{spec.own}: {catalogue.authority}'s own annual return"]
        sources += [f"{c}: {KNOWN_SOURCES.get(c, 'comparator authority')}"
                    for c in spec.columns if c != spec.own]
        found.append(("Benchmarks", f"Annual return and benchmarks for {spec.period} "
                      f"(annual, quarterly or as at 31 March). Sources: {'; '.join(sources)}. "
                      f"For a count, {' and '.join(_areas(spec))} are totals, not averages; "
                      "for a rate, their rate; otherwise their average. The Definitions "
                      "table says which, per measure (Comparators). "
                      f"The annual return is rated against {'/'.join(spec.rate_against)}."))
    return found


def write_notes(sheet: Worksheet, card: Scorecard, built: date,
                more: tuple[tuple[str, str], ...] = ()) -> None:
    """`more`: rules of sheets made only sometimes (the Benchmarks sheet's)."""
    catalogue = card.catalogue
    sheet.title = SHEET
    layout.title(sheet, f"{catalogue.authority}: Notes, {card.month.long_label}",
                 f"Table '{RULES_TABLE}': how the figures and ratings are worked out. "
                 f"Table '{DEFINITIONS_TABLE}' below it: every measure's definition.")
    row = 4
    layout.header(sheet, row, RULE_HEADINGS, height=20)
    for topic, text in (*rules(card), *more):
        row += 1
        st.set_text(sheet.cell(row, 1), topic)
        cell = sheet.cell(row, 2)
        st.set_text(cell, text)
        for column in (1, 2):
            sheet.cell(row, column).alignment = st.WRAP
        layout.row_height(sheet, row, st.wrapped_height([(text, WIDTHS[1])]))
    _table(sheet, RULES_TABLE, f"A4:B{row}")

    row += 2
    layout.heading(sheet, row, "Definitions")
    header = row + 1
    headings = [f"Target {card.month.financial_year}" if h == "Target" else h
                for h in DEFINITION_HEADINGS]
    spec = catalogue.benchmarks
    if spec is not None:
        headings.append(COMPARATORS)
    last = get_column_letter(len(headings))
    layout.header(sheet, header, headings, height=20)
    styler = st.Styler()  # one style per look, copied: a large catalogue has many rows
    for row, measure in enumerate(catalogue.measures, start=header + 1):
        _definition(sheet, styler, row, card, measure)
        if spec is not None:
            cell = sheet.cell(row, len(headings))
            styler.apply(cell, alignment=st.WRAP)
            st.set_text(cell, LOCAL if measure.local else comparator_kinds(measure.unit, spec))
    _table(sheet, DEFINITIONS_TABLE, f"A{header}:{last}{row}")
    layout.widths(sheet, WIDTHS)
    layout.print_setup(sheet, card, built, paper="A3", area=f"A1:{last}{row}")


def _definition(sheet: Worksheet, styler: st.Styler, row: int, card: Scorecard,
                measure: Measure) -> None:
    target = measure.target_for(card.month.financial_year)
    unit = measure.unit
    if unit is Unit.RATE:
        definition = (measure.definition or f"Rate per 10,000 children aged 0-17 of "
                      f"'{measure.rate_of}'")
    else:
        definition = measure.definition or "-"
    if measure.annex_a is not None:
        rule = (f"Worked out from the Annex A lists (rule {measure.annex_a.rule}): "
                f"{measure.annex_a.words}")
        definition = rule if definition == "-" else f"{definition}\n{rule}"
    period = "flow" if measure.period is PeriodKind.FLOW else "snapshot"
    texts = {1: measure.name, 2: definition, 3: unit.value, 4: period,
             7: measure.direction.value if measure.direction else None, 8: measure.section,
             9: measure.id}
    for column, text in texts.items():
        cell = sheet.cell(row, column)
        styler.apply(cell, alignment=st.WRAP)
        st.set_text(cell, text)
    if target is not None:
        for column, value in ((5, target.value), (6, target.tolerance)):
            cell = sheet.cell(row, column, st.number(unit.displayed(value), unit))
            styler.apply(cell, alignment=st.RIGHT, number_format=st.NUMBER_FORMATS[unit])
    layout.row_height(sheet, row, st.wrapped_height(
        [(measure.name, WIDTHS[0]), (definition, WIDTHS[1]), (measure.section, WIDTHS[7])]))


def _table(sheet: Worksheet, name: str, ref: str) -> None:
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)


def _column_rules(card: Scorecard) -> list[tuple[str, str]]:
    """What the catalogue's opt-in `columns:` hold, when it asks for any."""
    if not card.catalogue.columns:
        return []
    return [("Comparable figures", "; ".join(
        f"{column.heading}: {column.label(card.month)}"
        for column in card.catalogue.columns) + ". Worked out as the Full quarter is (a flow "
        "count adds its months, a flow percentage or number pools numerators and "
        "denominators, a snapshot takes its last month, a rate is worked out from its "
        "count) and rated against the target of the year of its last month; a missing "
        "month makes it n/a, and so does a measure with quarter: false for a run of "
        "months.")]
