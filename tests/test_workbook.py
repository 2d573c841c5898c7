"""Saving the workbook (writers/workbook.py): a failed save never damages last month's."""

from __future__ import annotations

import errno
import zipfile

import pytest

import xlscore
from tests.conftest import ROOT


def _disk_full_part_way(monkeypatch) -> None:
    """The first parts of the workbook reach the disk, then it is full."""
    written = []
    writestr = zipfile.ZipFile.writestr

    def fill_up(self, name, data, *args, **kwargs):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(name)
        return writestr(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fill_up)


def test_a_save_failing_part_way_leaves_the_old_workbook_and_no_stray_file(tmp_path,
                                                                           monkeypatch):
    scorecard = xlscore.build(ROOT / "measures.yaml", ROOT / "inputs")
    target = tmp_path / scorecard.file_name
    target.write_bytes(b"last month's workbook")
    _disk_full_part_way(monkeypatch)
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
    _disk_full_part_way(monkeypatch)
    result = invoke(project, "build")
    assert result.exit_code == 1
    assert "cannot write the workbook (No space left on device)" in result.stderr
    assert target.read_bytes() == b"last month's workbook"
    assert [p.name for p in (project / "outputs").iterdir()] == [target.name]
