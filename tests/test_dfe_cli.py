"""`xlscore benchmarks` as the analyst runs it, and the promise that a build never pays
for pandas."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.test_cli_commands import invoke, run

DFE = ROOT / "tests" / "data" / "dfe"


def BACKUP() -> str:  # noqa: N802 - a name, as a constant would be
    """Today's backup's name (benchmarks.YYYY-MM-DD.csv.bak)."""
    from datetime import date

    return f"benchmarks.{date.today():%Y-%m-%d}.csv.bak"


def test_benchmarks_prints_each_measure_with_its_file_and_line(project):
    result = invoke(project, "benchmarks", str(DFE), "--period", "2019/20")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "inputs/benchmarks.csv"
    report = result.stderr
    assert "referrals: c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv " \
           "[referral_count, category = Referrals and Re-referrals; time_period 2020: the " \
           "year ending 31 March 2020]: Slough 2540 (line " in report
    assert "SN 4374 (mean of 10 of 10 neighbours)" in report
    assert "time_period 2019: the position at 30 September 2019" in report
    assert "Suppressed or missing" in report and "cp_2_years_pct Slough: c, suppressed" in report
    assert f"kept as inputs/{BACKUP()}" in report
    assert (project / "inputs" / BACKUP()).is_file()
    built = invoke(project, "build", "--quiet")  # the build reads what was written
    assert built.exit_code == 0, built.output


def test_benchmarks_bad_input_exits_1_without_a_traceback(project):
    before = (project / "inputs" / "benchmarks.csv").read_bytes()
    result = run(project, "benchmarks", str(DFE), "--period", "2031/32")
    assert result.returncode == 1
    assert "2031/32 is in none of the files" in result.stderr
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr
    assert (project / "inputs" / "benchmarks.csv").read_bytes() == before
    for _ in range(3):  # never refused for an earlier run's backup
        assert invoke(project, "benchmarks", str(DFE), "--quiet").exit_code == 0
    assert len(list((project / "inputs").glob("benchmarks.*.csv.bak"))) == 3
    assert invoke(project, "benchmarks", str(DFE), "--force", "--quiet").exit_code == 0


def test_build_never_imports_pandas(project):
    code = ("import sys\n"
            "from xlscore.cli import app\n"
            "try:\n"
            "    app(['build', '--quiet'], prog_name='xlscore')\n"
            "except SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            "assert 'pandas' not in sys.modules, 'a build imported pandas'\n"
            "import xlscore.dfe\n"
            "assert 'pandas' in sys.modules  # the check above can fail\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def test_init_writes_the_dfe_mappings_and_no_sample_code(tmp_path):
    from xlscore.catalogue import load_catalogue
    from xlscore.problems import Problems

    assert run(tmp_path, "init", "bracknell", "--authority", "Bracknell Forest").returncode == 0
    catalogue = load_catalogue(tmp_path / "bracknell" / "measures.yaml", Problems())
    sample = load_catalogue(ROOT / "measures.yaml", Problems())
    assert catalogue.code is None
    assert {m.id: m.dfe for m in catalogue.measures} == {m.id: m.dfe for m in sample.measures}
    assert catalogue.benchmarks.sn.model == 2025  # the newest model for a new authority


def test_an_unreadable_existing_file_is_a_warning_and_stays_in_the_backup(project):
    existing = project / "inputs" / "benchmarks.csv"
    existing.write_text('measure,period\n"' + "x" * 200_000 + '",2019/20\n', encoding="utf-8")
    before = existing.read_bytes()
    result = run(project, "benchmarks", str(DFE), "--period", "2019/20")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "cannot be read" in result.stderr
    assert (project / "inputs" / BACKUP()).read_bytes() == before
    assert not list((project / "inputs").glob(".*.tmp"))
