"""Saving the workbook (writers/workbook.py): a failed save never damages last month's."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from openpyxl import Workbook

import xlscore
from tests.conftest import ROOT


def _disk_full_part_way(self, filename) -> None:
    """Write the first bytes of a workbook, then fail as a full disk does."""
    Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_save_failing_part_way_leaves_the_old_workbook_and_no_stray_file(tmp_path,
                                                                           monkeypatch):
    scorecard = xlscore.build(ROOT / "measures.yaml", ROOT / "inputs")
    target = tmp_path / scorecard.file_name
    target.write_bytes(b"last month's workbook")
    monkeypatch.setattr(Workbook, "save", _disk_full_part_way)
    with pytest.raises(xlscore.OutputError) as raised:
        scorecard.to_xlsx(target)
    assert raised.value.problem.code == "output.cannot-write"
    assert "No space left on device" in str(raised.value)
    assert target.read_bytes() == b"last month's workbook"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_the_cli_says_so_and_exits_1(project, monkeypatch):
    from tests.test_cli_commands import invoke

    target = project / "outputs" / "slough-scorecard-2020-12.xlsx"
    target.write_bytes(b"last month's workbook")
    monkeypatch.setattr(Workbook, "save", _disk_full_part_way)
    result = invoke(project, "build")
    assert result.exit_code == 1
    assert "cannot write the workbook (No space left on device)" in result.stderr
    assert target.read_bytes() == b"last month's workbook"
    assert [p.name for p in (project / "outputs").iterdir()] == [target.name]
