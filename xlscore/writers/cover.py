"""The `Cover` sheet: what the pack is, whose it is, how and when it was made, who to ask,
and a contents list linking to every sheet (the publication standard's cover and contents).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlscore.calculator import Scorecard
from xlscore.review import Review
from xlscore.version import __version__
from xlscore.writers import layout
from xlscore.writers import styles as st

SHEET = "Cover"
CONTENTS_TABLE = "Contents"
WIDTHS = [26, 110]
LINK_FONT = Font(color="0563C1", underline="single")
# What each sheet holds, for the contents list (a test checks every sheet a pack can have
# is here).
ABOUT_SHEETS = {
    "Scorecard": "The published scorecard: every measure against its target, last month, the "
                 "quarter, the annual return and the benchmarks. Start here.",
    "Cover": "This sheet: what the pack is, how it was made, who to ask.",
    "Notes": "How the figures and ratings are worked out, and every measure's definition.",
    "Summary": "How many measures are Green, Amber and Red, by section, in words and "
               "numbers; the measures Red this month; what moved.",
    "Trend": "Each measure over the last twelve months, each month rated against its "
             "own year's target.",
    "Benchmarks": "Five years of each measure beside its neighbours, the region and England, "
                  "with its rank and quartile.",
    "Charts": "A line chart of the twelve months for every measure, with its target where it "
              "has one.",
    "Data quality": "What to check before circulating: missing months and measures, "
                    "0/0, benchmark gaps, revisions since the last pack, warnings.",
    "Data": "Every figure in this workbook as one table (measure x month) to filter, "
            "pivot or load into Power BI.",
}


def write_cover(sheet: Worksheet, card: Scorecard, checked: Review, built: date,
                sheets: list[str]) -> None:
    """`sheets`: the workbook's sheet names in order, for the contents list."""
    catalogue = card.catalogue
    sheet.title = SHEET
    layout.title(sheet, f"{catalogue.authority} {catalogue.title}: {card.month.long_label}",
                 "About this workbook. The Scorecard (first sheet) is the pack itself.")
    facts = [
        *([("Protective marking", catalogue.classification)] if catalogue.classification
          else []),
        ("Authority", catalogue.authority),
        ("Month", card.month.long_label),
        ("Data as at", f"{card.data_as_at:%d %B %Y}: the date the figures stand at."),
        ("What this is", f"The monthly performance scorecard of {catalogue.authority}'s "
                         "children's services, for the leadership team and the public: each "
                         "measure's figure for the month against its target and tolerance, "
                         f"with the baseline ({card.baseline_month.long_label}), the previous "
                         f"month, the latest full quarter ({card.quarter})"
                         + "".join(f", the {c.heading.lower()}" for c in catalogue.columns)
                         + ", the annual return "
                         "and the benchmarks."),
        ("How it was made", f"Built on {built:%d %B %Y} by xlscore {__version__} from the "
                            f"catalogue {Path(catalogue.source).name} and the monthly extracts. "
                            "Every figure, colour and marker is computed from the extracts by "
                            "the rules on the Notes sheet; none is typed by hand."),
        *([("Statistical process control",
            "Each measure also has an XmR chart (the Charts sheet) and Variation and Assurance "
            "columns on the Scorecard: they say whether this month's figure is within the "
            "measure's usual month-to-month variation or a special cause worth acting on, and "
            "whether the target will be met reliably. The Notes sheet explains the words.")]
          if catalogue.spc is not None else []),
        ("Revisions", _revisions(checked)),
        ("Contact", catalogue.contact or "No contact given: add contact: to the catalogue "
                                         f"({Path(catalogue.source).name})."),
    ]
    row = 4
    for label, text in facts:
        st.set_text(sheet.cell(row, 1), label)
        sheet.cell(row, 1).font, sheet.cell(row, 1).alignment = st.BOLD, st.WRAP
        cell = sheet.cell(row, 2)
        st.set_text(cell, text)
        cell.alignment = st.WRAP
        layout.row_height(sheet, row, st.wrapped_height([(text, WIDTHS[1])]))
        row += 1
    row += 1
    layout.heading(sheet, row, "Contents")
    header = row + 1
    layout.header(sheet, header, ["Sheet", "What it holds"], height=20)
    for row, name in enumerate(sheets, start=header + 1):
        cell = sheet.cell(row, 1)
        st.set_text(cell, name)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{name}'!A1",
                                   tooltip=f"Go to the {name} sheet", display=name)
        cell.font, cell.alignment = LINK_FONT, st.WRAP
        about = ABOUT_SHEETS.get(name, "")
        st.set_text(sheet.cell(row, 2), about or None)
        sheet.cell(row, 2).alignment = st.WRAP
        layout.row_height(sheet, row, st.wrapped_height([(about, WIDTHS[1])]))
    table = Table(displayName=CONTENTS_TABLE, ref=f"A{header}:B{header + len(sheets)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    layout.widths(sheet, WIDTHS)
    layout.print_setup(sheet, card, built, area=f"A1:B{header + len(sheets)}")


def _revisions(checked: Review) -> str:
    previous = checked.previous
    if previous is None:
        return ("No earlier pack was found to compare with, so no figure is marked as revised "
                "(build with --compare-with to name one).")
    count = len(checked.revisions)
    if not count:
        return (f"Compared with the {previous.month.long_label} pack ({Path(previous.file).name})"
                ": no figure has changed.")
    return (f"Compared with the {previous.month.long_label} pack ({Path(previous.file).name}): "
            f"{count} figure{'s' if count != 1 else ''} revised since then, each with a comment "
            "on its cell and listed on the Data quality sheet.")
