"""Open the built workbook in a real spreadsheet application (LibreOffice) and read the PDF
it prints, as a board member would see it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REFERENCE

needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are not installed (apt-get install -y "
           "libreoffice-calc-nogui poppler-utils); CI installs them",
)


@pytest.fixture(scope="module")
def pdf(sample_workbook, tmp_path_factory) -> Path:
    """The sample workbook printed to PDF by LibreOffice."""
    out = tmp_path_factory.mktemp("pdf")
    profile = out / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(sample_workbook)],
        check=True, capture_output=True, timeout=180,
    )
    path = out / (sample_workbook.stem + ".pdf")
    assert path.stat().st_size > 10_000
    return path


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    """The text of each printed page of the sample workbook."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def in_order(words: list[str], tokens: list[str]) -> bool:
    """Are `words` found in `tokens` in order (a wrapped cell interleaves its neighbours)?"""
    position = 0
    for word in words:
        try:
            position = tokens.index(word, position) + 1
        except ValueError:
            return False
    return True


@needs_office
def test_scorecard_prints_one_page_wide(pages):
    scorecard_pages = [p for p in pages if "Benchmarking (annual" in p]
    assert scorecard_pages
    for page in scorecard_pages:  # no column spilled onto a page of its own
        assert "Performance Measure" in page and "Commentary" in page
        assert "Redbridge" in page


@needs_office
def test_every_measure_name_is_in_the_printed_pdf(pages):
    # pdftotext joins a word wrapped at its hyphen ("19-" / "21)" -> "1921)"): compare unhyphenated
    tokens = " ".join(pages).replace("-", "").split()
    names = [line.split("\t")[0] for line in
             (REFERENCE / "scorecard-2020-12.tsv").read_text(encoding="utf-8").splitlines()
             if line.count("\t") > 10 and line.split("\t")[2]]
    assert len(set(names)) == 49  # 48 measures and the header row
    missing = [n for n in names if not in_order(n.replace("-", "").split(), tokens)]
    assert not missing


@needs_office
def test_the_key_prints_with_the_table(pages):
    first = next(p for p in pages if "Benchmarking (annual" in p)
    for word in ("Yellow (Improved) =", "Green (G after the figure) =",
                 "Amber (A after the figure) =", "Red (R after the figure) ="):
        assert word in " ".join(first.split())


# Readable without colour ---------------------------------------------------------------------

MARKER = re.compile(r'"\s([GAR])"$')
TRAVEL = ("Improved", "Worse", "No change")


def sheet_pages(pages: list[str], sheet: str) -> str:
    """The printed text of one sheet: pages whose page header names it (the Scorecard's
    header is the authority and month alone)."""
    if sheet == "Scorecard":
        return "\n".join(p for p in pages if "Benchmarking (annual" in p)
    return "\n".join(p for p in pages if f"Slough: {sheet}, December 2020" in p)


def markers_in_sheet(sheet) -> list[str]:
    """The marker of every rated figure, from its number format, row by row."""
    return [MARKER.search(c.number_format)[1] for row in sheet.iter_rows() for c in row
            if isinstance(c.value, int | float) and MARKER.search(c.number_format)]


@needs_office
@pytest.mark.parametrize("name", ["Scorecard", "Trend", "Summary"])
def test_the_pdf_text_holds_the_marker_of_every_rated_cell(pages, sample_workbook, name):
    from openpyxl import load_workbook

    expected = markers_in_sheet(load_workbook(sample_workbook)[name])
    assert set(expected) == {"G", "A", "R"}
    text = sheet_pages(pages, name)
    printed = re.findall(r"(?<![\w.,])\d[\d,]*(?:\.\d)?%? ([GAR])(?!\w)", text)
    # every rated figure prints its marker (a repeated print-title row holds no figures)
    assert sorted(printed) == sorted(expected)


@needs_office
def test_the_direction_of_travel_prints_in_words(pages, sample_workbook):
    from openpyxl import load_workbook

    sheet = load_workbook(sample_workbook)["Scorecard"]
    text = " ".join(sheet_pages(pages, "Scorecard").split())
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row
                     if isinstance(c.value, str))
    cells = " ".join(cells.split())
    for word in TRAVEL:
        assert text.count(word) == cells.count(word) > 1, word


def grey_page(pdf: Path, page: int, out: Path, resolution: int = 150) -> tuple[int, int, bytes]:
    """One page rendered in greyscale, as a black-and-white printer would: width, height and
    one byte a pixel."""
    stem = out / f"grey-{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(resolution), "-f", str(page), "-l",
                    str(page), "-singlefile", str(pdf), str(stem)], check=True, timeout=120)
    data = (out / f"grey-{page}.pgm").read_bytes()
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[fields.end():]


def words_with_boxes(pdf: Path, page: int) -> tuple[float, list[tuple[str, tuple]]]:
    """The page's width in points and each word with its box, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], check=True, capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html)[1])
    words = [(m[5], tuple(float(m[i]) for i in range(1, 5))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html)]
    return width, words


def luminance(grey: int) -> float:
    channel = grey / 255
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


@needs_office
def test_a_greyscale_print_still_tells_the_four_states_apart(pdf, tmp_path):
    """On the first Scorecard page printed in grey, each state (Green, Amber, Red, Yellow)
    shows its own word, dark on its fill: the difference no longer rests on the fill."""
    width, height, pixels = grey_page(pdf, 1, tmp_path)
    page_width, words = words_with_boxes(pdf, 1)
    scale = width / page_width
    number = re.compile(r"^\d[\d,]*(\.\d)?%?$")
    found: dict[str, float] = {}
    for (previous, _), (word, box) in zip(words, words[1:], strict=False):
        state = word if word in ("G", "A", "R") and number.match(previous) else (
            "Improved" if word == "Improved" else None)
        if state is None or state in found:
            continue
        x0, y0, x1, y1 = (round(v * scale) for v in box)
        region = [pixels[y * width + x] for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
        ink, paper = min(region), max(region)
        found[state] = (luminance(paper) + 0.05) / (luminance(ink) + 0.05)
    assert set(found) == {"G", "A", "R", "Improved"}
    for state, contrast in found.items():  # WCAG AA for text, in grey
        assert contrast >= 4.5, (state, contrast)


# The other sheets ----------------------------------------------------------------------------

@needs_office
@pytest.mark.parametrize(("sheet", "words"), [
    ("Cover", ["Contents", "What it holds", "How it was made", "Data quality"]),
    ("Notes", ["Topic", "Rule", "Rounding", "Definitions", "Measure id"]),
    ("Data", ["Authority", "Measure id", "Revised from", "contacts_1_day_pct", "2020-12"]),
])
def test_the_publication_sheets_print(pages, sheet, words):
    text = sheet_pages(pages, sheet)
    assert text, sheet
    for word in words:
        assert word in text, (sheet, word)


@needs_office
def test_the_scorecard_prints_on_one_a3_page(sample_workbook, tmp_path):
    """Its 48 measures, key and headers on the one page a director reads."""
    from xlscore.model import PdfSettings
    from xlscore.pdf import convert

    workbook = tmp_path / sample_workbook.name
    shutil.copy(sample_workbook, workbook)
    made = convert(workbook, settings=PdfSettings(("Scorecard",)))
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    text = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True).stdout
    assert "% of children's referrals with management oversight" in text  # the last row


@needs_office
def test_benchmarks_sheet_prints_its_ranks_quartiles_and_words(pages):
    """Printed, the Benchmarks sheet reads without colour: each rank, quartile letter with its
    meaning and the course against England are there as text."""
    printed = [p for p in pages if "Benchmarks, December 2020" in p]
    assert printed
    text = " ".join(" ".join(printed).split())
    assert "Slough: Benchmarks, 2015/16 to 2019/20" in text
    for words in ("64 of 150", "40 of 147", "Against England over the years",
                  "ahead and pulling away", "(top", "(bottom"):
        assert words in text, words
