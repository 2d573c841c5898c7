"""What the publication standard asks of the workbook as a whole (the Analysis Function's
"Making spreadsheets accessible" checklist): document properties, the cursor in A1 of every
sheet, and the Scorecard first and active when the workbook opens."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.writer.excel import ExcelWriter

from xlscore.calculator import Scorecard

LANGUAGE = "en-GB"
APP_PART = "docProps/app.xml"


class PackWorkbook(Workbook):
    """A workbook that also writes its company into the extended properties
    (docProps/app.xml): openpyxl always writes that part with its defaults."""

    company: str | None = None

    def save(self, filename) -> None:
        from zipfile import ZIP_DEFLATED, ZipFile

        with ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self, _Archive(archive, self.company)).save()


class _Archive:
    """The zip archive openpyxl writes to, with the extended properties replaced."""

    def __init__(self, archive, company: str | None):
        self._archive, self._company = archive, company

    def writestr(self, name, data, *args, **kw):
        if name == APP_PART and self._company:
            from openpyxl.xml.functions import Element, tostring

            # openpyxl serialises only Application and AppVersion; Company comes first in
            # the schema's sequence.
            tree = ExtendedProperties().to_tree()
            company = Element("Company")
            company.text = self._company
            tree.insert(0, company)
            data = tostring(tree)
        return self._archive.writestr(name, data, *args, **kw)

    def __getattr__(self, name):
        return getattr(self._archive, name)


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
