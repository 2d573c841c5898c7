"""Every command as the analyst runs it: through typer's CliRunner (fast, in-process) and
through a real subprocess (the installed entry point, its exit codes and its streams), in a
copy of the sample project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, edit
from xlscore.cli import app

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FILLERS = {"count": 10, "percent": 50.0, "number": 3.5}


def invoke(project: Path, *args: str):
    """The command in-process, run from `project` as an analyst would."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)


def run(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command as a real process: `python -m xlscore.cli ...`."""
    return subprocess.run([sys.executable, "-m", "xlscore.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, check=False)


def fill(path: Path) -> int:
    """Fill every value cell of a template as an analyst would in Excel."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    rows = 0
    for row in sheet.iter_rows(min_row=2):
        row[3].value = FILLERS[row[2].value]
        rows += 1
    workbook.save(path)
    return rows



# --- template ---------------------------------------------------------------------------

def test_template_then_fill_then_build(project):
    from openpyxl import load_workbook

    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    result = invoke(project, "template")
    assert result.exit_code == 0, result.output
    path = project / "inputs" / "2021-01.xlsx"  # the month after the latest extract
    assert result.stdout.strip() == str(Path("inputs") / "2021-01.xlsx")
    assert "41 measures to fill" in result.stderr

    workbook = load_workbook(path)
    assert workbook.sheetnames[1] == "Instructions"  # data first: extracts read sheet 1
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("measure", "name", "unit", "value", "numerator", "denominator", "note")
    catalogue = load_catalogue(project / "measures.yaml", Problems())
    assert [r[0] for r in rows[1:]] == [m.id for m in catalogue.measures if m.in_extract]
    assert "contacts_rate" not in {r[0] for r in rows}
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and sheet["B2"].protection.locked
    assert not sheet["D2"].protection.locked and not sheet["G2"].protection.locked
    assert sheet["E2"].protection.locked  # a count (contacts) takes no numerator
    assert not sheet["E3"].protection.locked  # a percentage may
    rules = {(v.type, v.operator, v.formula1, v.formula2): str(v.sqref)
             for v in sheet.data_validations.dataValidation}
    assert "D3" in rules[("decimal", "between", "0", "100")].split()
    assert "D2" in rules[("whole", "greaterThanOrEqual", "0", None)].split()
    assert all(v.showErrorMessage and v.error for v in sheet.data_validations.dataValidation)

    assert fill(path) == 41
    result = invoke(project, "check")
    assert result.exit_code == 0, result.output
    assert "blank" not in result.stderr
    result = invoke(project, "build")
    assert result.exit_code == 0, result.output
    assert (project / "outputs" / "slough-scorecard-2021-01.xlsx").is_file()


def test_template_refuses_to_overwrite_an_extract(project):
    first = run(project, "template", "--month", "2021-01")
    assert first.returncode == 0, first.stderr
    path = project / "inputs" / "2021-01.xlsx"
    before = path.read_bytes()
    again = run(project, "template", "--month", "2021-01")
    assert again.returncode == 1
    assert "already has an extract" in again.stderr and "2021-01.xlsx" in again.stderr
    assert path.read_bytes() == before
    csv = run(project, "template", "--month", "2020-12")
    assert csv.returncode == 1 and "2020-12.csv" in csv.stderr
    assert not (project / "inputs" / "2020-12.xlsx").exists()
    assert "Traceback" not in again.stderr + csv.stderr


def test_template_needs_a_month_when_there_is_no_extract(project):
    for path in (project / "inputs").glob("20*.csv"):
        path.unlink()
    result = invoke(project, "template")
    assert result.exit_code == 1 and "--month" in result.stderr
    assert invoke(project, "template", "--month", "2021-13").exit_code == 1
    assert invoke(project, "template", "--month", "2021-04", "--quiet").exit_code == 0


# --- check ------------------------------------------------------------------------------

def test_check_passes_on_the_sample_and_writes_nothing(project):
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert "2020-12: a build would succeed" in result.stdout
    assert "4 months read, 48 measures" in result.stdout
    assert list((project / "outputs").iterdir()) == []
    assert run(project, "check", "--quiet").stdout == ""


def test_check_fails_on_bad_data_naming_file_and_line(project):
    extract = project / "inputs" / "2020-12.csv"
    edit(extract, "contacts,783,,,", "contacts,lots,,,")
    edit(extract, "contacts_1_day_pct,96.4,,,", "contacts_1_day_pct,140,,,")
    for result in (run(project, "check"), invoke(project, "check")):
        assert getattr(result, "returncode", getattr(result, "exit_code", None)) == 1
        assert "2020-12.csv:2" in result.stderr and "'lots' is not a number" in result.stderr
        assert "2020-12.csv:4" in result.stderr and "over 100" in result.stderr
        assert "a build would stop" in result.stderr
        assert "Traceback" not in result.stderr


def test_check_warns_about_gaps_and_missing_measures(project):
    (project / "inputs" / "2020-10.csv").unlink()
    edit(project / "inputs" / "2020-12.csv", "referrals,272,,,\n", "")
    result = invoke(project, "check")
    assert result.exit_code == 0, result.output
    assert "no extract for 2020-10 (Full quarter 2020/21 Q3)" in result.stderr
    assert ("2020-12.csv: measure 'referrals': no row for 'referrals' in the December 2020 "
            "extract") in result.stderr


def test_check_month_without_extract_and_usage_errors(project):
    result = invoke(project, "check", "--month", "2021-03")
    assert result.exit_code == 1 and "no extract for that month" in result.stderr
    assert invoke(project, "check", "--bogus").exit_code == 2


# --- measures ---------------------------------------------------------------------------

def test_measures_lists_every_id_aligned(project):
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    edit(project / "measures.yaml", "target: 95.0\n        tolerance: 5.0",
         'target: {"2020/21": 95.0, "2021/22": 96.0}\n        tolerance: 5.0')
    result = run(project, "measures")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["section", "id", "name", "unit", "period", "target",
                                "tolerance", "direction"]
    ids = [m.id for m in load_catalogue(project / "measures.yaml", Problems()).measures]
    assert len(ids) == 48 and len(lines) == 49
    column = lines[0].index(" id ") + 1
    assert [line[column:].split()[0] for line in lines[1:]] == ids
    day = next(line for line in lines if " contacts_1_day_pct " in line)
    assert "2020/21: 95.0; 2021/22: 96.0" in day and day.endswith("higher")
    assert "48 measures in 5 sections" in result.stderr


def test_measures_reports_a_broken_catalogue(project):
    edit(project / "measures.yaml", "direction: higher", "direction: upwards")
    result = invoke(project, "measures")
    assert result.exit_code == 1
    assert "measures.yaml:" in result.stderr and "upwards" in result.stderr


# --- init -------------------------------------------------------------------------------

def test_standard_catalogue_is_the_samples():

    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    sample = load_catalogue(ROOT / "measures.yaml", Problems())
    standard = load_catalogue(ROOT / "xlscore" / "standard_measures.yaml", Problems())
    assert [s.name for s in standard.sections] == [s.name for s in sample.sections]
    # The sample's benchmark columns hold the published scorecard's figures for every
    # measure; a new authority's catalogue marks those DfE never publishes as local, and says
    # how Annex A gives each measure it can (the sample has no Annex A lists).
    assert [replace(m, local=False, annex_a=None) for m in standard.measures] == list(
        sample.measures)
    local = {m.id for m in standard.measures if m.local}
    assert len(local) == 29 and not any(m.dfe for m in standard.measures if m.local)
    assert {"contacts", "icpc_15_days_pct", "supervision_pct"} <= local
    assert not local & {"referrals", "referrals_rate", "cla_rate", "cp_plans"}
    assert sum(m.annex_a is not None for m in standard.measures) == 32


def test_init_then_check_flags_population(tmp_path):
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    result = run(tmp_path, "init", "bracknell", "--authority", "Bracknell Forest")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "bracknell"
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "README.md", "inputs",
                                                        "measures.yaml", "outputs"]
    assert "xlscore template" in (folder / "README.md").read_text(encoding="utf-8")
    problems = Problems()
    catalogue = load_catalogue(folder / "measures.yaml", problems)
    assert not problems.errors
    assert catalogue.authority == "Bracknell Forest" and catalogue.population == {}
    assert catalogue.benchmarks.own == "Bracknell Forest" and catalogue.baseline is None
    assert len(catalogue.measures) == 48
    # The new authority's own, not Slough's: no comparator authorities, the latest period
    # in DfE's files, every rate defined in words, no sample's local words.
    spec = catalogue.benchmarks
    assert spec.columns == ("SN", "ENG") and spec.comparators == ()
    assert spec.period == "2024/25"
    rates = [m for m in catalogue.measures if m.unit.value == "rate"]
    assert rates and all(m.definition for m in rates)
    assert catalogue.measure("contacts_rate").definition == (
        "Contacts received and completed per 10,000 children aged 0-17")
    text = (folder / "measures.yaml").read_text(encoding="utf-8")
    assert "SCST" not in text and "Slough" not in text and "Kingston" not in text

    empty = run(folder, "check")
    assert empty.returncode == 1
    assert "measures.yaml:6: no population for any year" in empty.stderr
    assert run(folder, "template", "--month", "2021-04").returncode == 0
    fill(folder / "inputs" / "2021-04.xlsx")
    filled = run(folder, "check")
    assert filled.returncode == 1
    assert "no figure for 2021/22" in filled.stderr and "population" in filled.stderr

    edit(folder / "measures.yaml", "population: {}", 'population: {"2021/22": 41000, '
                                                     '"2020/21": 40900}')
    assert run(folder, "check").returncode == 0
    assert run(folder, "build", "--quiet").returncode == 0
    assert (folder / "outputs" / "bracknell-forest-scorecard-2021-04.xlsx").is_file()


def test_init_refuses_an_existing_catalogue(project):
    before = (project / "measures.yaml").read_bytes()
    result = invoke(project, "init", ".", "--authority", "Elsewhere")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert (project / "measures.yaml").read_bytes() == before
    assert invoke(project, "init", "x").exit_code == 2  # --authority is required
    assert invoke(project, "init", "y", "--authority", "  ").exit_code == 1
    escape = invoke(project, "init", "z", "--authority", "Slough\x1b[2J")
    assert escape.exit_code == 1 and "U+001B" in escape.stderr and "\x1b" not in escape.stderr
    assert not (project / "z").exists()


# --- build --pdf ------------------------------------------------------------------------

@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                    reason="LibreOffice (soffice) is not installed")
def test_build_pdf_beside_the_workbook(project):
    result = run(project, "build", "--pdf")
    assert result.returncode == 0, result.stderr
    workbook = project / "outputs" / "slough-scorecard-2020-12.xlsx"
    pdf = workbook.with_suffix(".pdf")
    assert result.stdout.split() == [str(Path("outputs") / workbook.name),
                                     str(Path("outputs") / pdf.name)]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert {p.name for p in (project / "outputs").iterdir()} == {workbook.name, pdf.name}


def test_build_pdf_without_libreoffice_still_writes_the_workbook(project, tmp_path):
    empty = tmp_path / "no-soffice"
    empty.mkdir()
    result = run(project, "build", "--pdf", env={"PATH": str(empty)})
    assert result.returncode == 0, result.stderr
    assert "apt-get install -y libreoffice-calc-nogui" in result.stderr
    assert (project / "outputs" / "slough-scorecard-2020-12.xlsx").is_file()
    assert not (project / "outputs" / "slough-scorecard-2020-12.pdf").exists()


def test_build_pdf_when_libreoffice_fails(project, tmp_path):
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    soffice = fake / "soffice"
    soffice.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    soffice.chmod(0o755)
    result = run(project, "build", "--pdf", env={"PATH": str(fake)})
    assert result.returncode == 1
    assert "source file could not be loaded" in result.stderr
    assert "The workbook was written" in result.stderr and "Traceback" not in result.stderr
    assert (project / "outputs" / "slough-scorecard-2020-12.xlsx").is_file()


# --- targets by financial year ----------------------------------------------------------

def test_each_month_is_rated_against_its_own_years_target(project):
    from xlscore.model import Rating
    from xlscore.pipeline import calculate, load
    from xlscore.problems import Problems

    catalogue = project / "measures.yaml"
    edit(catalogue, "target: 95.0\n        tolerance: 5.0",
         'target: {"2020/21": 95.0, "2021/22": 99.0}\n'
         '        tolerance: {"2020/21": 5.0, "2021/22": 1.0}')
    edit(catalogue, "target: 22.0", 'target: {"2020/21": 22.0}')
    edit(catalogue, '"2020/21": 43112', '"2020/21": 43112\n  "2021/22": 43500')
    shutil.copy(project / "inputs" / "2020-12.csv", project / "inputs" / "2021-04.csv")
    problems = Problems()
    loaded = load(catalogue, project / "inputs", "2021-04", problems)
    line = next(x for x in calculate(loaded, problems).lines
                if x.measure.id == "contacts_1_day_pct")
    assert line.target.value == 99 and line.target.tolerance == 1  # the current month's
    assert line.current.rating is Rating.RED  # 96.4 against 2021/22's 99 (tolerance 1)
    assert line.baseline.rating is Rating.AMBER  # Apr-20 92.3 against 2020/21's 95 (5)

    result = invoke(project, "check", "--month", "2021-04")
    assert result.exit_code == 0, result.output
    assert ("measure 're_referrals_pct': has a target for 2020/21 but none for 2021/22"
            in result.stderr)
    assert "contacts_1_day_pct': has a target" not in result.stderr
    assert "no extract for 2021-03 (Full quarter 2020/21 Q4, Previous Month)" in result.stderr


# --- history back-fill ------------------------------------------------------------------

def _history_from(project: Path, month: str) -> Path:
    """Move a monthly extract into history.csv, with its month on every row."""
    extract = project / "inputs" / f"{month}.csv"
    header, *rows = extract.read_text(encoding="utf-8").splitlines()
    history = project / "inputs" / "history.csv"
    history.write_text("\n".join([f"month,{header}", *(f"{month},{r}" for r in rows)]) + "\n",
                       encoding="utf-8")
    extract.unlink()
    return history


def test_history_file_back_fills_months(project, tmp_path):
    from openpyxl import load_workbook

    assert run(project, "build", "--out", str(tmp_path / "before")).returncode == 0
    _history_from(project, "2020-10")
    result = run(project, "build", "--out", str(tmp_path / "after"))
    assert result.returncode == 0, result.stderr
    assert "4 months read" in result.stderr
    name = "slough-scorecard-2020-12.xlsx"
    before = load_workbook(tmp_path / "before" / name)["Scorecard"]
    after = load_workbook(tmp_path / "after" / name)["Scorecard"]
    assert [[c.value for c in r] for r in before.iter_rows()] == \
        [[c.value for c in r] for r in after.iter_rows()]


def test_history_duplicates_name_both_places(project):
    history = _history_from(project, "2020-10")
    with history.open("a", encoding="utf-8") as handle:
        handle.write("2020-12,contacts,783,,,\n")  # also in 2020-12.csv, line 2
        handle.write("2020-10,referrals,319,,,\n")  # also earlier in history.csv
    rows = len(history.read_text(encoding="utf-8").splitlines())
    result = invoke(project, "check")
    assert result.exit_code == 1
    first = str(Path("inputs") / "2020-12.csv")
    assert f"history.csv:{rows - 1}: measure 'contacts': given twice for 2020-12: here and " \
           f"at {first}:2" in result.stderr
    assert f"history.csv:{rows}: measure 'referrals': given twice for 2020-10: here and at " \
           "line 5; keep one row" in result.stderr  # history.csv named once
    assert invoke(project, "build").exit_code == 1
    assert list((project / "outputs").iterdir()) == []


# --- every command ----------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "template", "check", "measures", "init",
                                     "annex-a"])
def test_help_has_an_example(project, command):
    result = invoke(project, command, "--help")
    assert result.exit_code == 0
    assert f"Example: xlscore {command}" in result.stdout
    assert "--quiet" in result.stdout


def test_version_and_no_arguments(project):
    from xlscore import __version__

    result = run(project, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"xlscore {__version__}"
    assert run(project).returncode in (0, 2)  # usage shown
    assert run(project, "nonsense").returncode == 2


def test_only_the_command_asked_for_is_made_and_every_other_stays_listed(project):
    """typer makes the parser of every command it holds before it reads any argument; the
    command line's own command is the only one given to it (cli._asked)."""
    from xlscore.cli import _asked

    every = {c.callback.__name__ for c in app.registered_commands}
    assert len(every) == 8
    assert [c.callback.__name__ for c in _asked(["xlscore", "check", "-q"]).registered_commands
            ] == ["check"]
    for argv in (["xlscore"], ["xlscore", "--help"], ["xlscore", "nonsense"]):
        assert _asked(argv) is app
    assert {c.callback.__name__ for c in app.registered_commands} == every  # left whole
    listed = run(project, "--help").stdout
    assert all(name.replace("_", "-") in listed for name in every)
    mistyped = run(project, "biuld")
    assert mistyped.returncode == 2 and "Did you mean 'build'" in mistyped.stderr
