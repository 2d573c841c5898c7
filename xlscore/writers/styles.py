"""Fonts, fills, borders and number formats shared by every sheet."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xlscore.model import Colours, Rating, Unit

TEXT = "1F1F1F"  # near-black: at least 4.5:1 on every pastel fill
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SUBHEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="DDE4EE")
SECTION_FONT = Font(bold=True, size=12, color=TEXT)
TITLE_FONT = Font(bold=True, size=16, color="1F3864")
BOLD = Font(bold=True, color=TEXT)
PLAIN = Font(color=TEXT)
MUTED = Font(color="595959", italic=True)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right", vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTRE_TOP = Alignment(horizontal="center", vertical="top")
NA = "n/a"

NUMBER_FORMATS = {Unit.COUNT: "#,##0", Unit.PERCENT: "0.0%", Unit.RATE: "0.0",
                  Unit.NUMBER: "0.0"}


def fill(colours: Colours, rating: Rating | None) -> PatternFill | None:
    return PatternFill("solid", fgColor=colours.of(rating)) if rating else None


def text_on(background: str) -> str:
    """The text colour for a fill: near-black where it reaches 4.5:1 (WCAG AA), else the
    better of black and white (one of them always does)."""
    if contrast_ratio(TEXT, background) >= 4.5:
        return TEXT
    return max(("000000", "FFFFFF"), key=lambda ink: contrast_ratio(ink, background))


def rated(cell: Cell, colours: Colours, rating: Rating | None, bold: bool = False) -> None:
    """Fill a cell with its rating's colour and give it text readable on that fill."""
    if rating is None:
        return
    background = colours.of(rating)
    cell.fill = PatternFill("solid", fgColor=background)
    cell.font = Font(color=text_on(background), bold=bold)


def wrapped_height(texts_and_widths: list[tuple[str | None, float]], line_height: float = 15.0,
                   minimum_lines: int = 1) -> float:
    """A row height that shows all of its wrapped text: spreadsheet applications do not grow
    a row for wrapped text written by a program, so the writer sets it."""
    lines = minimum_lines
    for text, width in texts_and_widths:
        if not text:
            continue
        per_line = max(1, int(width * 1.15))
        needed = sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * line_height


def set_text(cell: Cell, text: str | None) -> None:
    """Text from inputs stays text: a leading '=' must never become a formula."""
    cell.value = text
    if isinstance(text, str) and text.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True


def set_number(cell: Cell, value: Decimal | None, unit: Unit) -> None:
    """A displayed value as a number with its unit's format (percent as a fraction); n/a text."""
    if value is None:
        cell.value = NA
    else:
        cell.value = float(value / 100) if unit is Unit.PERCENT else (
            int(value) if unit is Unit.COUNT else float(value))
        cell.number_format = NUMBER_FORMATS[unit]
    cell.alignment = RIGHT


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two hex colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground[-6:]), luminance(background[-6:])),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
