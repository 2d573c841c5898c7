"""Excel comments on figure cells: a revised figure says what it was and where it now comes
from, on every sheet that shows it."""

from __future__ import annotations

from openpyxl.cell import Cell
from openpyxl.comments import Comment

from xlscore.revisions import Revision

AUTHOR = "xlscore"
WIDTH, HEIGHT = 260, 80  # points: the message on three or four lines


def revised(cell: Cell, revision: Revision | None) -> None:
    """Give `cell` the revision's comment; nothing when the figure was not revised."""
    if revision is None:
        return
    comment = Comment(revision.message, AUTHOR, width=WIDTH, height=HEIGHT)
    cell.comment = comment
