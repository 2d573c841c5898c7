"""`xlscore build` as a user runs it: the path on success; on bad input, every problem with
its file and line, exit 1, no traceback, and nothing in outputs/ created or changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from xlscore.cli import app

WORKBOOK = "slough-scorecard-2020-12.xlsx"


def invoke(project: Path, *args: str):
    return CliRunner().invoke(app, ["build", "--catalogue", str(project / "measures.yaml"),
                                    "--inputs", str(project / "inputs"),
                                    "--out", str(project / "outputs"), *args])


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlscore.cli", "build", *args], cwd=project,
                          capture_output=True, text=True, timeout=120, check=False)


def append(path: Path, *rows: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("".join(f"{row}\n" for row in rows))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def break_december(project: Path) -> None:
    """Lines 43-45 of the December extract: three different mistakes."""
    extract = project / "inputs" / "2020-12.csv"
    assert len(extract.read_text(encoding="utf-8").splitlines()) == 42
    append(extract, "contacts_rate,5,,,", "referrals,-3,,,", "typo_measure,1,,,")


def test_build_prints_the_path_and_writes_the_workbook(project):
    result = invoke(project)
    assert result.exit_code == 0, result.output
    path = project / "outputs" / WORKBOOK
    assert result.stdout.strip() == str(path)
    assert path.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in (project / "outputs").iterdir()) == [WORKBOOK]


def test_build_with_defaults_in_a_real_process(project):
    result = run(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(Path("outputs") / WORKBOOK)
    assert (project / "outputs" / WORKBOOK).is_file()
    assert "Traceback" not in result.stderr


def test_month_option_picks_an_earlier_month(project):
    result = invoke(project, "--month", "2020-11")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("slough-scorecard-2020-11.xlsx")


def test_bad_extract_fails_with_file_and_line_and_writes_nothing(project):
    (project / "outputs" / WORKBOOK).write_bytes(b"last month's workbook")
    before = snapshot(project / "outputs")
    break_december(project)
    result = run(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert "2020-12.csv:43" in result.stderr and "remove this row" in result.stderr
    assert snapshot(project / "outputs") == before


def test_several_problems_are_reported_in_one_run(project):
    break_december(project)
    append(project / "inputs" / "2020-11.csv", "contacts,lots,,,")
    result = invoke(project)
    assert result.exit_code == 1
    for where in ("2020-12.csv:43", "2020-12.csv:44", "2020-12.csv:45", "2020-11.csv:"):
        assert where in result.stderr
    assert "4 errors found; nothing was written" in result.stderr
    assert list((project / "outputs").iterdir()) == []


def test_month_without_an_extract(project):
    result = invoke(project, "--month", "2021-01")
    assert result.exit_code == 1
    assert "--month 2021-01: there is no extract for that month" in result.stderr
    assert list((project / "outputs").iterdir()) == []


def test_badly_written_month(project):
    result = invoke(project, "--month", "Dec-20")
    assert result.exit_code == 1
    assert "YYYY-MM" in result.stderr


def test_catalogue_error_names_the_catalogue_line(project):
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("        direction: higher\n", "", 1), encoding="utf-8")
    result = run(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "measures.yaml:" in result.stderr and "a target needs a direction" in result.stderr
    assert list((project / "outputs").iterdir()) == []


def test_missing_catalogue(project):
    result = invoke(project, "--catalogue", str(project / "nope.yaml"))
    assert result.exit_code == 1
    assert "catalogue not found" in result.stderr


def test_corrupt_workbook_extract(project):
    (project / "inputs" / "2020-12.csv").unlink()
    (project / "inputs" / "2020-12.xlsx").write_bytes(b"\x00\x01not a workbook" * 50)
    result = run(project)
    assert result.returncode == 1
    assert "2020-12.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_an_unwritable_output_is_an_error_not_a_traceback(project):
    (project / "outputs").rmdir()
    (project / "outputs").write_text("a file where the folder should be")
    result = run(project)
    assert result.returncode == 1
    assert "cannot write the workbook" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_do_not_stop_the_build(project):
    (project / "inputs" / "notes.csv").write_text("measure,value\n", encoding="utf-8")
    result = invoke(project)
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "notes.csv" in result.stderr


def test_a_failed_save_leaves_no_temporary_file(project):
    (project / "outputs" / WORKBOOK).mkdir()  # the rename onto it fails
    result = invoke(project)
    assert result.exit_code == 1
    assert "cannot write the workbook" in result.stderr
    assert [p.name for p in (project / "outputs").iterdir()] == [WORKBOOK]
