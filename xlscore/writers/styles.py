"""Fonts, fills, borders and number formats shared by every sheet."""

from __future__ import annotations

from copy import copy
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xlscore.model import NA, Colours, Rating, Unit
from xlscore.ratings import MARKERS
from xlscore.texts import CELL_LIMIT, cell_safe

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

NUMBER_FORMATS = {Unit.COUNT: "#,##0", Unit.PERCENT: "0.0%", Unit.RATE: "0.0",
                  Unit.NUMBER: "0.0"}


def number_format(unit: Unit, rating: Rating | None = None) -> str:
    """The unit's format, followed by the rating's marker (`0.0%" G"`) when it has one: the
    cell stays a number, and shows (and prints, and reads aloud) its rating as text."""
    marker = MARKERS.get(rating) if rating else None
    return f'{NUMBER_FORMATS[unit]}" {marker}"' if marker else NUMBER_FORMATS[unit]


@lru_cache
def solid(hex_colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=hex_colour)


@lru_cache
def ink(hex_colour: str, bold: bool = False) -> Font:
    """The font for text on a fill of that colour (see text_on)."""
    return Font(color=text_on(hex_colour), bold=bold)


def fill(colours: Colours, rating: Rating | None) -> PatternFill | None:
    return solid(colours.of(rating)) if rating else None


class Styler:
    """Gives cells a combination of styles by copying a style made once per workbook.

    openpyxl hashes every style object each time one is set on a cell; on a scorecard that
    was most of a build's time. Style objects here are shared constants (or cached), so
    their identity is the key.
    """

    def __init__(self) -> None:
        self._made: dict[tuple, tuple] = {}
        self.merged: dict[tuple, Any] = {}  # a merged cell's look, by border and edges

    @classmethod
    def of(cls, workbook: Any) -> Styler:
        """The workbook's one styler: a look made on one sheet is copied on every other
        (the styles a cell points at are the workbook's, shared by all its sheets)."""
        styler = getattr(workbook, "_xlscore_styler", None)
        if styler is None:
            styler = cls()
            workbook._xlscore_styler = styler
        return styler

    def apply(self, cell: Cell, *, font: Font | None = None, fill: PatternFill | None = None,
              border: Border | None = None, alignment: Alignment | None = None,
              number_format: str | None = None) -> None:
        key = (id(font), id(fill), id(border), id(alignment), number_format)
        made = self._made.get(key)
        # set_text's mark is the cell's own: kept, never shared with the cells copied after
        quoted = cell._style.quotePrefix if cell._style is not None else 0
        if made is not None:
            cell._style = copy(made[0])  # made without the mark
            if quoted:
                cell._style.quotePrefix = quoted
            return
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        look = copy(cell._style)
        look.quotePrefix = 0
        self._made[key] = (look, (font, fill, border, alignment))


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
    cell.fill = solid(background)
    cell.font = ink(background, bold)


def wrapped_height(texts_and_widths: list[tuple[str | None, float]], line_height: float = 15.0,
                   minimum_lines: int = 1) -> float:
    """A row height that shows all of its wrapped text: spreadsheet applications do not grow
    a row for wrapped text written by a program, so the writer sets it (up to the tallest
    row a spreadsheet allows)."""
    lines = minimum_lines
    for text, width in texts_and_widths:
        if text:
            lines = max(lines, wrapped_lines(str(text), max(1, int(width * 1.15))))
    return min(lines * line_height, MAX_ROW_HEIGHT)


MAX_ROW_HEIGHT = 409.0  # points: Excel's tallest row
_MAX_LINES = 1_000  # no row shows more; counting stops here, so any text costs the same


def wrapped_lines(text: str, per_line: int, limit: int = _MAX_LINES) -> int:
    """Lines `text` takes when wrapped at word boundaries, `per_line` characters a line;
    counted in one pass over the words, and no further than `limit`."""
    count = 0
    for paragraph in text.split("\n"):
        used = None  # characters on the current line; None before its first word
        count += 1
        for word in paragraph.split():
            if count > limit:
                return limit
            size = len(word)
            if size > per_line:  # a word longer than a line breaks anywhere
                if used is not None:
                    count += 1
                full, used = divmod(size, per_line)
                count += full - (0 if used else 1)
                used = used or per_line
            elif used is None:
                used = size
            elif used + 1 + size <= per_line:
                used += 1 + size
            else:
                count += 1
                used = size
    return min(count, limit)




def set_text(cell: Cell, text: str | None) -> None:
    """The one guard for text that xlscore writes into a cell, on every sheet.

    Text from the inputs stays text: a leading '=' never becomes a formula. A control
    character (which a cell cannot hold) is dropped, Word's line break kept as a line
    break, and text is cut to what a cell holds. The readers refuse such text with its
    place; this guard keeps a sheet writable whatever reaches it.
    """
    if not isinstance(text, str):
        cell.value = text
        return
    text = guarded(text)
    # Text, whatever it says ("#N/A" too), set as openpyxl's setter would once it has checked
    # what `guarded` has made sure of.
    cell._value, cell.data_type = text, "s"
    if text.startswith("="):
        cell.quotePrefix = True


def guarded(text: str) -> str:
    """Text a cell can hold: no control character (Word's line break a line break), no
    longer than a cell holds."""
    if not text.isprintable():  # most text is: no control character, no line break
        text = cell_safe(text)
    return text[:CELL_LIMIT]


def number(value: Decimal | int | None, unit: Unit) -> float | int | str:
    """A displayed value as the cell holds it: percent as a fraction, n/a as text."""
    if value is None:
        return NA
    if unit is Unit.PERCENT:
        return float(value / 100)
    return int(value) if unit is Unit.COUNT else float(value)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two hex colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground[-6:]), luminance(background[-6:])),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
