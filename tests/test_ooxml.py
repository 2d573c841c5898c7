"""Every kind of workbook xlscore writes is valid Office Open XML, as Excel would open it
without "We found a problem with some content": checked part by part against the ISO/IEC
29500 schemas by the shared validator (../shared/tools/ooxml/validate.py, beside the repo)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from xlscore.cli import app

VALIDATOR = Path(ROOT).parent / "shared/tools/ooxml/validate.py"

needs_validator = pytest.mark.skipif(
    not VALIDATOR.is_file(),
    reason=f"the OOXML validator is not here ({VALIDATOR}): it lives in the shared tools "
           "beside the repository, not in it")


def cli(project: Path, *args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--catalogue", str(project / "measures.yaml"),
                                      "--inputs", str(project / "inputs")])
    assert result.exit_code == 0, result.output


def validate(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(VALIDATOR), *map(str, paths)],
                          capture_output=True, text=True, timeout=300, check=False)


@needs_validator
def test_every_kind_of_workbook_xlscore_writes_is_valid(project, tmp_path):
    out = project / "outputs"
    # the template (protection, data validation)
    cli(project, "template", "--month", "2021-01")
    template = project / "inputs" / "2021-01.xlsx"
    template.rename(tmp_path / template.name)
    # November's pack, then December's with a revision: comments on three sheets
    cli(project, "build", "--month", "2020-11", "--out", str(out))
    extract = project / "inputs" / "2020-11.csv"
    extract.write_text(extract.read_text(encoding="utf-8").replace(
        "assessments_45_days_pct,79.2,248,313,", "assessments_45_days_pct,79.9,250,313,"),
        encoding="utf-8")
    cli(project, "build", "--out", str(out))
    # a catalogue without targets or benchmarks: no charts, no ratings, no benchmark columns
    catalogue = project / "measures.yaml"
    kept = [line for line in catalogue.read_text(encoding="utf-8").splitlines()
            if not line.strip().startswith(("target:", "tolerance:"))]
    bare = project / "bare"
    bare.mkdir()
    (bare / "measures.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (bare / "inputs").symlink_to(project / "inputs")
    cli(bare, "build", "--out", str(bare / "outputs"))
    packs = [out / "slough-scorecard-2020-11.xlsx", out / "slough-scorecard-2020-12.xlsx",
             bare / "outputs" / "slough-scorecard-2020-12.xlsx"]
    result = validate(tmp_path / template.name, *packs)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": VALID") == 4


@needs_validator
def test_the_validator_catches_a_broken_workbook(tmp_path, sample_workbook):
    """The check above can fail: a workbook with a damaged part does not pass."""
    import zipfile

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(sample_workbook) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"<sheets>", b"<sheets><bogus/>")
            target.writestr(item, data)
    assert validate(broken).returncode != 0
