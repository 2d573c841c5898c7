"""The INVENTED example printed by LibreOffice: the SPC words and marks are in the print, so
a special cause is visible on paper without colour."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from tests.conftest import ROOT
from tests.test_render import needs_office
from xlscore.pipeline import build
from xlscore.problems import Problems

EXAMPLE = ROOT / "examples" / "inventedshire"


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("spc-pdf")
    problems = Problems()
    built = build(EXAMPLE / "measures.yaml", EXAMPLE / "inputs", out, None, problems,
                  today=date(2021, 8, 9))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{out / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(built.path)],
        check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(out / (built.path.stem + ".pdf")), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@needs_office
def test_variation_and_assurance_print_on_every_scorecard_page(printed):
    scorecard = [p for p in printed if "Performance Measure" in p and "Definitions" in p]
    assert scorecard
    for page in scorecard:  # one page wide: the new columns did not spill over
        assert "Variation" in page and "Assurance" in page and "Commentary" in page
    first = scorecard[0]
    assert "Concern (low)" in first and "Neither (high)" in first
    assert "Grey = Common cause" in first and "Blue = Consistently passes" in first


@needs_office
def test_trend_marks_and_chart_legends_print(printed):
    text = "\n".join(printed)
    assert "(I)" in text and "(C)" in text  # Trend: special causes without colour
    charts = [p for p in printed if "Lower process limit" in p]
    assert charts and all("Improvement" in p and "Concern" in p for p in charts)
    assert "Special cause this month" in text
