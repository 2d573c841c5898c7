"""What the publication standard asks of the workbook as a whole (the Analysis Function's
"Making spreadsheets accessible" checklist): document properties, the cursor in A1 of every
sheet, and the Scorecard first and active when the workbook opens."""

from __future__ import annotations

from xlscore.calculator import Scorecard
from xlscore.writers.saving import PackWorkbook

LANGUAGE = "en-GB"


def finish(workbook: PackWorkbook, card: Scorecard) -> None:
    """Properties, the cursor in A1 everywhere, the first sheet the one that opens."""
    catalogue = card.catalogue
    props = workbook.properties
    props.title = f"{catalogue.authority} {catalogue.title}, {card.month.long_label}"
    props.subject = "Children's services monthly performance scorecard"
    props.creator = "xlscore"
    props.language = LANGUAGE
    props.keywords = "children's services; performance; scorecard; " + catalogue.authority
    props.description = (f"Monthly performance scorecard of {catalogue.authority}'s children's "
                         f"services for {card.month.long_label}, built by xlscore.")
    workbook.company = catalogue.authority
    for index, sheet in enumerate(workbook.worksheets):
        view = sheet.sheet_view
        view.tabSelected = index == 0
        for selection in view.selection:
            selection.activeCell = "A1"
            selection.sqref = "A1"
    workbook.active = 0
