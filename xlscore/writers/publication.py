"""What the publication standard asks of the workbook as a whole (the Analysis Function's
"Making spreadsheets accessible" checklist): document properties, the cursor in A1 of every
sheet, and the Scorecard first and active when the workbook opens."""

from __future__ import annotations

from xlscore.calculator import Scorecard
from xlscore.writers import layout
from xlscore.writers import styles as st
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
    marking = catalogue.classification
    if marking:
        props.category = marking
        props.contentStatus = marking
    as_at = f"Data as at {card.data_as_at:%d %B %Y}."
    for index, sheet in enumerate(workbook.worksheets):
        note = sheet["A2"].value
        if isinstance(note, str):  # every sheet's line under its title
            st.set_text(sheet["A2"], f"{note} {as_at}")
        if marking:
            layout.mark_pages(sheet, marking)
        view = sheet.sheet_view
        view.tabSelected = index == 0
        for selection in view.selection:
            selection.activeCell = "A1"
            selection.sqref = "A1"
    workbook.active = 0
