"""Structural snapshots of the sample workbook: each sheet as text, so that any change to the
look (a value, a number format, a fill, a merge, a width, a height, a print setting) shows
in a diff.

Regenerate after an intended change, then read the diff before committing:

    python -m tests.snapshot --update
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"
BUILT = date(2021, 1, 12)


def build_sample(folder: Path) -> Path:
    """Built from the project folder with relative paths, as `xlscore build` is run, so that
    the file names the sheets show do not depend on where the project is checked out."""
    import xlscore

    with contextlib.chdir(ROOT):
        scorecard = xlscore.build("measures.yaml", "inputs", month="2020-12")
    return scorecard.to_xlsx(folder / scorecard.file_name, built=BUILT)


def file_name(sheet_title: str) -> str:
    return "-".join(sheet_title.lower().split()) + ".txt"


def describe(sheet: Worksheet) -> str:
    """The sheet's structure as stable, diffable text."""
    lines = [f"sheet: {sheet.title}", f"dimensions: {sheet.dimensions}",
             f"freeze: {sheet.freeze_panes}", f"zoom: {sheet.sheet_view.zoomScale}",
             f"merged: {' '.join(sorted(str(r) for r in sheet.merged_cells.ranges))}",
             f"charts: {len(sheet._charts)}"]
    lines += _print_settings(sheet)
    widths = {k: v.width for k, v in sorted(sheet.column_dimensions.items()) if v.width}
    lines.append("column widths: " + " ".join(f"{k}={w:g}" for k, w in widths.items()))
    heights = {k: v.height for k, v in sorted(sheet.row_dimensions.items())
               if v.height is not None}
    lines.append("row heights: " + " ".join(f"{k}={h:g}" for k, h in heights.items()))
    lines.append("cells:")
    for row in sheet.iter_rows():
        for cell in row:
            text = _cell(cell)
            if text:
                lines.append(text)
    return "\n".join(lines) + "\n"


def _print_settings(sheet: Worksheet) -> list[str]:
    setup, margins = sheet.page_setup, sheet.page_margins
    fit = sheet.sheet_properties.pageSetUpPr
    return [
        f"page: {setup.orientation} paper={setup.paperSize} fitToWidth={setup.fitToWidth} "
        f"fitToHeight={setup.fitToHeight} fitToPage={fit.fitToPage if fit else None}",
        f"margins: left={margins.left} right={margins.right} top={margins.top} "
        f"bottom={margins.bottom} header={margins.header} footer={margins.footer}",
        f"print titles: {sheet.print_title_rows} area: {sheet.print_area}",
        f"header: {sheet.oddHeader.center.text!r}",
        f"footer: {sheet.oddFooter.left.text!r} | {sheet.oddFooter.right.text!r}",
        f"row breaks: {' '.join(str(b.id) for b in sheet.row_breaks.brk)}",
    ]


def _cell(cell) -> str:
    """One styled or filled cell: value, type, number format, fill, font, alignment."""
    parts = []
    if cell.value is not None:
        parts.append(repr(cell.value) + ("" if cell.data_type in ("s", "n") else
                                         f" type={cell.data_type}"))
    if cell.number_format != "General":
        parts.append(f"format={cell.number_format!r}")
    fill = cell.fill
    if fill is not None and fill.fill_type:
        parts.append(f"fill={_colour(fill.fgColor)}")
    font = cell.font
    colour = _colour(font.color) if font is not None else None
    if font is not None and (font.b or colour not in (None, "FF000000", "theme1")):
        parts.append(f"font={'bold ' if font.b else ''}{colour or ''}".strip())
    alignment = cell.alignment
    if alignment is not None and (alignment.wrap_text or alignment.horizontal):
        shown = [alignment.horizontal or "", "wrap" if alignment.wrap_text else ""]
        parts.append("align=" + " ".join(x for x in shown if x))
    if cell.quotePrefix:
        parts.append("quoted")
    return f"{cell.coordinate}: {' '.join(parts)}" if parts else ""


def _colour(colour) -> str | None:
    if colour is None:
        return None
    if colour.type == "rgb":
        return colour.rgb
    return f"{colour.type}{colour.value}"


def snapshots(workbook_path: Path) -> dict[str, str]:
    """File name -> text, for every sheet of the workbook, in order."""
    workbook = load_workbook(workbook_path)
    return {file_name(sheet.title): describe(sheet) for sheet in workbook.worksheets}


def update() -> list[Path]:
    SNAPSHOTS.mkdir(exist_ok=True)
    for old in SNAPSHOTS.glob("*.txt"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        texts = snapshots(build_sample(Path(folder)))
    written = []
    for name, text in texts.items():
        (SNAPSHOTS / name).write_text(text, encoding="utf-8")
        written.append(SNAPSHOTS / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="rewrite tests/snapshots/ from the sample build")
    if not parser.parse_args().update:
        parser.error("pass --update to rewrite the snapshots (the tests compare them)")
    for path in update():
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
