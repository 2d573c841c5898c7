"""Open the built workbook in a real spreadsheet application (LibreOffice) and read the PDF
it prints, as a board member would see it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import REFERENCE

needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are not installed (apt-get install -y "
           "libreoffice-calc-nogui poppler-utils); CI installs them",
)


@pytest.fixture(scope="module")
def pages(sample_workbook, tmp_path_factory) -> list[str]:
    """The text of each printed page of the sample workbook."""
    out = tmp_path_factory.mktemp("pdf")
    profile = out / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(sample_workbook)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = out / (sample_workbook.stem + ".pdf")
    assert pdf.stat().st_size > 10_000
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
    for word in ("Yellow =", "Green =", "Amber =", "Red ="):
        assert word in first
