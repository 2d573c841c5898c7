"""Text from the user's files on its way to a cell or a terminal.

A spreadsheet cell cannot hold most control characters (the workbook would not save), and
a terminal obeys them (ESC starts a command). Word's manual line break (vertical tab) is
the one that arrives by accident; it means a line break and becomes one. Any other is
refused where it is read, with its place, and shown escaped in messages.
"""

from __future__ import annotations

import re

# What XML 1.0 (and so a cell) cannot hold, and C1 controls (ESC sequences' other form).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_NAMES = {0x07: "bell", 0x08: "backspace", 0x1B: "escape", 0x00: "null", 0x7F: "delete"}


CELL_LIMIT = 32_767  # the most characters a spreadsheet cell holds

def line_breaks(text: str) -> str:
    """Word's manual line break and page break as the line break they stand for."""
    return text.translate(_LINE_BREAKS)


def control_character(text: str) -> str | None:
    """The first control character of `text` (after line_breaks) described for a user,
    e.g. "U+001B (escape)", or None when there is none."""
    found = CONTROL.search(line_breaks(text))
    if found is None:
        return None
    code = ord(found.group())
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def control_complaint(what: str, text: str) -> str | None:
    """The message for a control character in `what`, or None when there is none."""
    found = control_character(text)
    if found is None:
        return None
    return (f"{what} holds a control character, {found}, which a spreadsheet cell cannot "
            "hold: delete it (it is often pasted invisibly from another program)")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters shown as escapes (\\x1b)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def printable_name(name: str) -> str:
    """A file's name safe to print on one line: every control character escaped, line
    breaks and tabs included (`2020-12\\n.csv`)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", name)


def cell_safe(text: str) -> str:
    """Text a cell can hold: line breaks for Word's, other control characters dropped.

    The readers refuse control characters, so this only guards text xlscore makes itself.
    """
    return CONTROL.sub("", line_breaks(text))
