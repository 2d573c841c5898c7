"""A run killed outright (SIGKILL) leaves its temporary file; a later run writing the same
file removes those of xlscore's own naming that are over an hour old, and says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.test_cli_commands import invoke
from xlscore.files import LEFTOVER_AGE, remove_leftovers
from xlscore.problems import Problems

ONS = ROOT / "tests" / "data" / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv"
HOURS = 3600


def aged(path: Path, seconds: float) -> Path:
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)
    return path


def killed_while_writing(target: Path) -> Path:
    """What `xlscore population` killed with SIGKILL mid-write leaves: run the writer in a
    child, kill it while its temporary file is open, and return that file."""
    script = ("import sys, time\nfrom pathlib import Path\n"
              "from xlscore.files import replace_atomically\n"
              "def write(t):\n    t.write_text('half'); print(t, flush=True); time.sleep(600)\n"
              f"replace_atomically(Path({str(target)!r}), write)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    left = Path(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert left.is_file() and left.parent == target.parent
    return left


def test_population_removes_what_a_killed_run_left_and_says_so(project):
    catalogue = project / "measures.yaml"
    left = aged(killed_while_writing(catalogue), 2 * HOURS)
    assert left.name.startswith(".measures-") and left.name.endswith(".tmp")
    result = invoke(project, "population", str(ONS))
    assert result.exit_code == 0, result.output
    assert not left.exists()
    assert (f"warning: {left.name}: removed a temporary file left beside measures.yaml by an "
            "earlier run") in result.stderr


def test_a_recent_temporary_file_may_be_another_run_still_writing(project):
    left = aged(killed_while_writing(project / "measures.yaml"), LEFTOVER_AGE - 600)
    result = invoke(project, "population", str(ONS))
    assert result.exit_code == 0 and left.is_file() and "removed" not in result.stderr


def test_only_files_of_its_own_naming_beside_the_target_are_removed(tmp_path):
    target = tmp_path / "measures.yaml"
    ours = [tmp_path / ".measures-abc_1234.tmp", tmp_path / ".measures-zzzzzzzz.tmp"]
    others = [tmp_path / ".measures-abc.tmp", tmp_path / ".other-abcdefgh.tmp",
              tmp_path / "measures-abcdefgh.tmp", tmp_path / ".measures-abcdefgh.tmp.keep",
              tmp_path / ".measures-ABCDEFGH.tmp"]
    for path in ours + others:
        path.write_text("x")
        aged(path, 3 * HOURS)
    link = tmp_path / ".measures-linklink.tmp"
    link.symlink_to(tmp_path / ".measures-abc.tmp")
    aged(link, 3 * HOURS)
    problems = Problems()
    assert sorted(remove_leftovers(target, problems)) == sorted(ours)
    assert all(not p.exists() for p in ours) and all(p.exists() for p in others)
    assert link.is_symlink()
    assert [p.code for p in problems.warnings] == ["output.leftover-removed"] * 2
    assert {p.file for p in problems.warnings} == {str(p) for p in ours}


def test_the_build_removes_what_a_killed_build_left_beside_the_workbook(project):
    outputs = project / "outputs"
    left = outputs / ".slough-scorecard-2020-12-k1ll3d_x.tmp"
    left.write_bytes(b"PK half a workbook")
    aged(left, 2 * HOURS)
    result = invoke(project, "build", "--month", "2020-12")
    assert result.exit_code == 0, result.output
    assert not left.exists() and (outputs / "slough-scorecard-2020-12.xlsx").is_file()
    assert f"warning: outputs/{left.name}: removed a temporary file" in result.stderr
    assert "; 1 warning;" in result.stderr
