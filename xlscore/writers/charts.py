"""The `Charts` sheet: a small line chart per measure, in a grid by section.

Each chart plots the twelve months and any target from a table of the figures below the
grid (blank where there is no figure, so the line shows a gap rather than a zero), and
carries alternative text saying the measure, the latest figure and its target.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart._chart import ChartBase
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from xlscore.calculator import Scorecard
from xlscore.model import Unit
from xlscore.trends import Trend, TrendLine
from xlscore.writers import layout
from xlscore.writers import styles as st
from xlscore.writers.package import Frame, xml_escaped

if TYPE_CHECKING:
    from xlscore.spc import Analysis, Spc

PER_ROW = 3  # charts across
# Column A is as wide as seven narrow columns, so the first chart takes it alone and the
# figures table below the charts has its measure names there; months sit in C to N.
NAME_WIDTH, COLUMN_WIDTH = 64.0, 9.0
CHART_SPANS = ((1, 2), (3, 10), (11, 18))  # first column, column after (1-based)
GRID_COLUMNS = 17
CHART_ROWS = 14  # grid rows a chart spans, a gap row included
ROW_HEIGHT = 15.0  # points
ANCHOR_OFFSET = 60_000  # EMU (about 1.7 mm) below the row's top: clear of a page break
# Points of sheet on one printed page: A3 landscape within layout's margins is 755 pt high
# and the grid is scaled to about 0.97 to fit the width, so about 778 pt; keep some spare.
PAGE_HEIGHT = 760.0
TITLE_HEIGHT, BAND_HEIGHT = 60.0, 20.0
SERIES_COLUMN, FIRST_MONTH_COLUMN = 2, 3
VALUE_COLOUR, TARGET_COLOUR, GRID_COLOUR = "1F3864", "C55A11", "E0E0E0"
LIMIT_COLOUR = "7F7F7F"  # mean and process limits
SERIES: tuple[str, ...] = ("Figure", "Target")
# An XmR chart (with an `spc:` block): the process limits and each kind of special cause as
# a series of its own, marker only, so that a special cause shows in print.
XMR_SERIES = ("Figure", "Target", "Mean", "Upper process limit", "Lower process limit",
              "Improvement", "Concern", "Neither")
# A measure with a direction has improvements and concerns, one without has "neither": each
# chart carries only the series it can have (a smaller chart part: faster to save).
DIRECTED = tuple(n for n in XMR_SERIES if n != "Neither")
UNDIRECTED = tuple(n for n in XMR_SERIES if n not in ("Improvement", "Concern"))
XMR_CHART_ROWS = 18  # taller: the legend has eight entries
# Where a chart's title text and series formulas are in the XML openpyxl makes (its chart
# elements carry no namespace: the root declares the chart namespace as the default).
TITLE_TEXT = "./chart/title//{http://schemas.openxmlformats.org/drawingml/2006/main}t"
VALUES = "./chart/plotArea/lineChart/ser/val/numRef/f"
LABELS = "./chart/plotArea/lineChart/ser/cat/strRef/f"
# in a chart's XML template: where each copy's title, subtitle, rows and month labels go
TITLE_MARK, SUBTITLE_MARK = "@xlscore:title@", "@xlscore:subtitle@"
ROW_MARK, LABELS_MARK = "@xlscore:row:{}@", "@xlscore:labels@"


class ChartCopy(ChartBase):
    """A chart saved as a copy of another chart's XML with its own title and rows, in its
    own frame with alternative text (package.drawing_xml).

    Making and serialising openpyxl's chart objects was most of the time of a build with
    many charts; these charts differ only in title, rows and number format, so one chart per
    number format is made by openpyxl, and the others are its XML with their title and rows
    put in (still one chart part each).
    """

    tagname = "lineChart"

    def __init__(self, template: str, title: str, rows: tuple[str, ...], frame: Frame,
                 labels: str | None = None, subtitle: str | None = None):
        # No ChartBase.__init__: nothing of an openpyxl chart is used but the path and id
        # that the workbook writer sets and reads (saving.py writes the part and its frame).
        self.template, self.text, self.rows, self.frame = template, title, rows, frame
        self.labels, self.subtitle = labels, subtitle

    def xml(self) -> bytes:
        text = self.template.replace(TITLE_MARK, xml_escaped(self.text))
        if self.subtitle is not None:
            text = text.replace(SUBTITLE_MARK, xml_escaped(self.subtitle))
        if self.labels is not None:
            text = text.replace(LABELS_MARK, xml_escaped(self.labels))
        for number, ref in enumerate(self.rows):
            text = text.replace(ROW_MARK.format(number), xml_escaped(ref))
        return text.encode()


def _template(chart: LineChart, rows: int, labels: bool = False) -> str:
    """The chart's XML with marks where each copy's title and rows (and, with `labels`, its
    month labels) go; a subtitle's mark is the prototype's own subtitle text."""
    tree = chart._write()
    titles, formulas = tree.findall(TITLE_TEXT), tree.findall(VALUES)
    if len(titles) not in (1, 2) or len(formulas) != rows:
        raise ValueError("the prototype chart's XML is not as expected")
    titles[0].text = TITLE_MARK
    for number, formula in enumerate(formulas):
        formula.text = ROW_MARK.format(number)
    for formula in tree.findall(LABELS) if labels else ():
        formula.text = LABELS_MARK
    return tostring(tree).decode()


def alt_text(line: TrendLine) -> str:
    measure, latest, target = line.measure, line.figures[-1], line.current_target
    first, last = line.months[0].label, line.months[-1].label
    goal = (f"target {measure.unit.shown(measure.unit.displayed(target.value))}"
            if target else "no target this year")
    rating = f", {latest.rating.value.title()}" if latest.rating else ""
    direction = f" ({measure.direction.label[2:].lower()})" if measure.direction else ""
    shown_months = sum(1 for f in line.figures if f.value is not None)
    return (f"Line chart of {measure.name}, {first} to {last}: latest figure ({last}) "
            f"{measure.unit.shown(latest.value)}, {goal}{direction}{rating}. "
            f"{shown_months} of {len(line.figures)} months have a figure"
            + ("; the dashed line is the target." if any(line.targets) else "."))


def xmr_alt_text(line: TrendLine, analysis: Analysis, note: str | None = None) -> str:
    """The line chart's alternative text, with the XmR chart's lines and its verdicts, and
    why it starts earlier than the others (`note`) where it does."""
    flagged = sum(1 for m in line.months if (p := analysis.point(m)) and p.signal)
    return (alt_text(line).replace("Line chart", "XmR chart", 1)
            + (f" {note}." if note else "")
            + " The solid grey line is the mean and the dashed grey lines the process limits; "
            f"{flagged} month{'s are' if flagged != 1 else ' is'} marked as a special cause. "
            f"Variation: {analysis.variation_text}. Assurance: {analysis.assurance_text}.")


def write_charts(sheet: Worksheet, card: Scorecard, trend: Trend, built: date,
                 spc: Spc | None = None) -> None:
    catalogue = card.catalogue
    sheet.title = "Charts"
    note = ("One chart per measure: the month's figure (solid line, gaps where there is "
            "none) and, where it has one, the target (dashed). The figures are in the table "
            "below the charts.")
    if spc is not None:
        note = ("XmR charts: figure (solid), target (dashed orange), mean (grey) and process "
                "limits (dashed grey) from every month since the first figure; special causes "
                "marked Improvement (blue circle), Concern (orange diamond), Neither (purple "
                "square). Figures in the table below.")
        if spc.longer:
            note += (" A chart starts earlier where a run of special causes began before "
                     "the others' first month; its subtitle says so.")
    layout.title(sheet, f"{catalogue.authority}: Charts, {trend.months[0].long_label} to "
                 f"{trend.months[-1].long_label}", note)
    layout.widths(sheet, [NAME_WIDTH] + [COLUMN_WIDTH] * (GRID_COLUMNS - 1))
    sections = trend.section_lines(catalogue)
    chart_rows = CHART_ROWS if spc is None else XMR_CHART_ROWS
    row, placed = _grid(sheet, [(name, lines) for name, lines in sections if lines],
                        chart_rows)
    if not placed:
        sheet.cell(4, 1, "No measure to chart.").font = st.MUTED
        layout.print_setup(sheet, card, built, paper="A3", area="A1:Q4")
        return

    # The figures the charts plot, two rows (figure, target) per measure.
    sheet.row_breaks.append(Break(id=row))
    layout.heading(sheet, row + 1, "Figures plotted in the charts above")
    header = row + 2
    layout.header(sheet, header, ["Performance Measure", "Series",
                                  *(m.label for m in trend.months)], height=20)
    data_row = header + 1
    # The plotted figures are many cells that nothing reads back: written as XML text.
    raw_rows = getattr(sheet.parent, "raw_rows", None)
    paint = layout.Painter(sheet, catalogue.colours,
                           raw_rows(sheet, GRID_COLUMNS) if raw_rows else None)
    templates: dict[tuple[str, tuple[str, ...], bool], str] = {}
    last_column = GRID_COLUMNS
    for line, top, (first, after) in placed:
        longer = spc.chart(line.measure.id) if spc is not None else None
        labels_row, subtitle = header, None
        if longer is not None:  # it starts earlier: its own row of month labels
            line, subtitle, labels_row = longer.line, longer.note, data_row
            _labels(paint, data_row, line)
            data_row += 1
        if spc is None:
            names = _plotted(SERIES, line)
            _figures(paint, data_row, line, named=longer is None)
            described = alt_text(line)
        else:
            names = _plotted(DIRECTED if line.measure.direction else UNDIRECTED, line)
            analysis = spc.of(line.measure.id)
            _xmr_figures(paint, data_row, line, analysis, names, named=longer is None)
            described = xmr_alt_text(line, analysis, subtitle)
        frame = Frame(first - 1, top - 1, ANCHOR_OFFSET, after - 1, top - 2 + chart_rows,
                      described, line.measure.name)
        kind = (_axis_format(line), names, subtitle is not None)
        if kind not in templates:
            chart = _chart(sheet, line, header, data_row, names,
                           SUBTITLE_MARK if subtitle is not None else None)
            if spc is not None:  # an XmR chart joins its points across a month left out
                chart.display_blanks = "span"
            templates[kind] = _template(chart, len(names), labels=True)
        end = FIRST_MONTH_COLUMN + len(line.months) - 1
        last_column = max(last_column, end)
        rows = tuple(str(Reference(sheet, min_col=FIRST_MONTH_COLUMN, max_col=end,
                                   min_row=data_row + offset)) for offset in range(len(names)))
        labels = str(Reference(sheet, min_col=FIRST_MONTH_COLUMN, max_col=end,
                               min_row=labels_row))
        sheet.add_chart(ChartCopy(templates[kind], line.measure.name, rows, frame, labels,
                                  subtitle))
        data_row += len(names)
    # A chart that starts earlier has more months than the grid is wide: its row is printed
    # whole (the page scales down a little) rather than cut.
    layout.print_setup(sheet, card, built, paper="A3",
                       area=f"A1:{get_column_letter(last_column)}{data_row - 1}")


def _grid(sheet: Worksheet, sections: list[tuple[str, list[TrendLine]]],
          chart_rows: int = CHART_ROWS) -> tuple[int, list[tuple[TrendLine, int, tuple[int, int]]]]:
    """A band per section, then its charts three across; a page break before a band or a row
    of charts that would not fit the page, so no chart is cut in two when printed.
    Returns the first row after the grid and where each chart goes (line, top row, columns)."""
    row, placed = 4, []
    used = TITLE_HEIGHT
    chart_height = chart_rows * ROW_HEIGHT
    for name, lines in sections:
        if used + BAND_HEIGHT + chart_height > PAGE_HEIGHT:
            sheet.row_breaks.append(Break(id=row - 1))
            used = 0
        layout.band(sheet, row, name, GRID_COLUMNS)
        used += BAND_HEIGHT
        row += 1
        for start in range(0, len(lines), PER_ROW):
            if used + chart_height > PAGE_HEIGHT:
                sheet.row_breaks.append(Break(id=row - 1))
                used = 0
            for line, span in zip(lines[start:start + PER_ROW], CHART_SPANS, strict=False):
                placed.append((line, row, span))
            for grid_row in range(row, row + chart_rows):
                layout.row_height(sheet, grid_row, ROW_HEIGHT)
            used += chart_height
            row += chart_rows
    return row, placed


def _plotted(names: tuple[str, ...], line: TrendLine) -> tuple[str, ...]:
    """The series a measure's chart draws: no Target where it has none in the window (its
    legend would name a line that is not there); a series of its own for each target after
    a change (a new financial year's), so that no line slopes from one target to the next."""
    if not any(line.targets):
        return tuple(n for n in names if n != "Target")
    steps = tuple(f"Target {n}" for n in range(2, len(_target_steps(line)) + 1))
    at = names.index("Target") + 1
    return (*names[:at], *steps, *names[at:])


def _target_steps(line: TrendLine) -> list[list]:
    """The targets of the window as rows, one per run of months with the same target, each
    blank outside its run: drawn as separate series they show a change as a step."""
    values = [t.value if t else None for t in line.targets]
    steps: list[list] = []
    last = None  # the last target given: an XmR chart spans a gap, so compare across it
    for i, value in enumerate(values):
        if value is None:
            continue
        if value != last:
            steps.append([None] * len(values))
        steps[-1][i] = last = value
    return steps


def _labels(paint: layout.Painter, row: int, line: TrendLine) -> None:
    """The measure's name and its own months' labels, for a chart that starts earlier than
    the table's header."""
    paint.text(row, 1, line.measure.name)
    paint.text(row, SERIES_COLUMN, "Month", font=st.BOLD, wrap=False)
    for column, month in enumerate(line.months, start=FIRST_MONTH_COLUMN):
        paint.text(row, column, month.label, font=st.BOLD, wrap=False)
    layout.row_height(paint.sheet, row, st.wrapped_height([(line.measure.name, NAME_WIDTH)]))


def _figures(paint: layout.Painter, row: int, line: TrendLine, named: bool = True) -> int:
    """The figure and (where the measure has one) the target of each month, blank (not n/a)
    where there is none, since a chart draws text as zero; the rows written. The measure's
    name beside them unless its month labels' row has it (`named` False)."""
    measure = line.measure
    if named:
        paint.text(row, 1, measure.name)
    else:
        paint.blank(row, 1)
    series = [("Figure", [f.value for f in line.figures])]
    for offset, targets in enumerate(_target_steps(line), start=1):
        paint.blank(row + offset, 1)
        series.append(("Target", targets))
    for offset, (name, values) in enumerate(series):
        paint.text(row + offset, SERIES_COLUMN, name, wrap=False)
        for column, value in enumerate(values, start=FIRST_MONTH_COLUMN):
            if value is None:
                paint.blank(row + offset, column)
            else:
                paint.number(row + offset, column, measure.unit.displayed(value), measure.unit)
    if named:
        layout.row_height(paint.sheet, row, st.wrapped_height([(measure.name, NAME_WIDTH)]))
    return len(series)


def _xmr_figures(paint: layout.Painter, row: int, line: TrendLine, analysis: Analysis,
                 names: tuple[str, ...], named: bool = True) -> None:
    """The two rows of `_figures`, then the mean and process limits and one row per kind of
    special cause. The limits are written at the first and last month of each segment only:
    the chart joins them (it spans blanks), which keeps a large workbook small and fast."""
    written = _figures(paint, row, line, named)
    unit = line.measure.unit
    months = line.months
    ends = {0, len(months) - 1}
    for i in range(1, len(months)):
        if analysis.segment_at(months[i]) != analysis.segment_at(months[i - 1]):
            ends |= {i - 1, i}
    rows: dict[str, list] = {name: [None] * len(months) for name in names[written:]}
    for i, month in enumerate(months):
        lim = analysis.limits_at(month) if i in ends else None
        if lim is not None:
            shown = lim.displayed(unit)
            rows["Mean"][i], rows["Upper process limit"][i], rows["Lower process limit"][i] = \
                shown.mean, shown.upper, shown.lower
        point = analysis.point(month)
        if point is not None and point.signal is not None:
            rows[point.signal.kind.value][i] = point.value
    for offset, (name, values) in enumerate(rows.items(), start=written):
        paint.text(row + offset, SERIES_COLUMN, name, wrap=False)
        for column, value in enumerate(values, start=FIRST_MONTH_COLUMN):
            if value is not None:
                paint.number(row + offset, column, value, unit)


def _chart(sheet: Worksheet, line: TrendLine, header: int, row: int,
           names: tuple[str, ...] = SERIES, subtitle: str | None = None) -> LineChart:
    first = FIRST_MONTH_COLUMN
    last = first + len(line.months) - 1
    chart = LineChart()
    chart.title = _title(line.measure.name, subtitle)
    chart.legend.position = "b"
    chart.display_blanks = "gap"
    for offset, name in enumerate(names):
        values = Reference(sheet, min_col=first, max_col=last, min_row=row + offset)
        series = Series(values, title=name)
        series.smooth = False
        series.graphicalProperties = _look(name)
        series.marker = _symbol(name)
        chart.series.append(series)
    # one legend entry "Target" for a target drawn in steps (a series per year)
    chart.legend.legendEntry = [LegendEntry(idx=i, delete=True)
                                for i, name in enumerate(names) if name.startswith("Target ")]
    return with_axes(chart, Reference(sheet, min_col=first, max_col=last, min_row=header),
                     _axis_format(line))


def with_axes(chart: LineChart, labels: Reference, number_format: str) -> LineChart:
    """The house's small-chart axes: the labels (text: a string reference) along the
    bottom, the values in `number_format` with light gridlines, both in small text."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    chart.x_axis.axPos = "b"
    chart.y_axis.number_format = number_format
    chart.y_axis.numFmt.sourceLinked = False
    chart.y_axis.majorGridlines.spPr = _gridlines()
    chart.x_axis.txPr = chart.y_axis.txPr = _small_text()
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _axis_format(line: TrendLine) -> str:
    return "0%" if line.measure.unit is Unit.PERCENT else "#,##0"


def _title(text: str, subtitle: str | None = None) -> Title:
    """The measure's name, small enough to fit a small chart; a subtitle below it in
    plain smaller text."""
    paragraphs = [Paragraph(pPr=ParagraphProperties(defRPr=_bold()),
                            r=[RegularTextRun(rPr=_bold(), t=text)])]
    if subtitle is not None:
        font = CharacterProperties(sz=800, b=False)
        paragraphs.append(Paragraph(pPr=ParagraphProperties(defRPr=font),
                                    r=[RegularTextRun(rPr=font, t=subtitle)]))
    return Title(tx=Text(rich=RichText(p=paragraphs)), overlay=False)


# Shared, never changed after they are made: one of each for every chart in the workbook.

@cache
def _bold() -> CharacterProperties:
    return CharacterProperties(sz=1000, b=True)


@cache
def _small_text() -> RichText:
    """Axis labels small enough that twelve months fit under a small chart."""
    font = CharacterProperties(sz=800)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)])


@cache
def _gridlines() -> GraphicalProperties:
    return GraphicalProperties(ln=LineProperties(solidFill=GRID_COLOUR))


@cache
def _look(name: str) -> GraphicalProperties:
    """Each series' line: the figure and target as before, the mean solid grey, the limits
    dashed grey, the special causes no line at all (markers only)."""
    if name == "Figure" or name.startswith("Target"):
        return _line(name != "Figure")
    if name == "Mean":
        return GraphicalProperties(ln=LineProperties(solidFill=LIMIT_COLOUR, w=12700))
    if name.endswith("limit"):
        return GraphicalProperties(ln=LineProperties(solidFill=LIMIT_COLOUR, w=12700,
                                                     prstDash="dash"))
    return GraphicalProperties(ln=LineProperties(noFill=True))


@cache
def _symbol(name: str) -> Marker:
    """Dots on the figure; a large marker of its own shape and colour on a special cause;
    none on the other lines."""
    if name == "Figure":
        return _marker()
    if name.startswith("Target "):  # a later year's target: a dash shows even one month
        return Marker(symbol="dash", size=7, spPr=GraphicalProperties(
            solidFill=TARGET_COLOUR, ln=LineProperties(solidFill=TARGET_COLOUR)))
    if name not in ("Improvement", "Concern", "Neither"):
        return Marker(symbol="none")
    # SPC's colours: imported only for an XmR chart (a build without SPC never loads it)
    from xlscore.writers.variation import CONCERN, IMPROVEMENT, NEITHER

    shapes = {"Improvement": ("circle", IMPROVEMENT), "Concern": ("diamond", CONCERN),
              "Neither": ("square", NEITHER)}
    symbol, colour = shapes[name]
    return Marker(symbol=symbol, size=9,
                  spPr=GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill="000000")))


@cache
def _line(target: bool) -> GraphicalProperties:
    """The figure a solid dark blue line; the target a dashed orange one."""
    colour = TARGET_COLOUR if target else VALUE_COLOUR
    return GraphicalProperties(ln=LineProperties(solidFill=colour, w=22000,
                                                 prstDash="dash" if target else None))


@cache
def _marker() -> Marker:
    """Dots on the figure, so that a month between two gaps still shows."""
    colour = VALUE_COLOUR
    return Marker(symbol="circle", size=5,
                  spPr=GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill=colour)))
