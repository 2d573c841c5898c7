"""Writing into outputs/: the old file survives any failure, and no temporary file is left."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from xlscore.files import replace_atomically, write_bytes_atomically


def test_a_write_replaces_the_file_whole(tmp_path):
    target = tmp_path / "card.xlsx"
    target.write_bytes(b"last month")
    write_bytes_atomically(target, b"this month")
    assert target.read_bytes() == b"this month"
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"),
                                     KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path, failure):
    target = tmp_path / "card.xlsx"
    target.write_bytes(b"last month")

    def write(temporary):
        temporary.write_bytes(b"half a workb")
        raise failure

    with pytest.raises(type(failure)):
        replace_atomically(target, write)
    assert target.read_bytes() == b"last month"
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]


@pytest.mark.parametrize(("command", "written"), [
    ("build", "outputs"), ("template", "inputs/2021-01.xlsx")])
def test_a_full_disk_during_a_save_is_one_clear_error(project, command, written):
    """The disk fills while the workbook is written: the CLI says so once, without the
    'Exception ignored in ZipFile.__del__' a half-written zip used to add."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from xlscore.cli import main
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))  # the disk is full
        sys.argv = ["xlscore", "{command}"]
        main()
    """)
    (project / "outputs" / "slough-scorecard-2020-12.xlsx").write_bytes(b"last month")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "cannot write the" in result.stderr and written in result.stderr
    assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_sigterm_during_a_save_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "card.xlsx"
    target.write_bytes(b"last month")
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from xlscore.files import Terminated, replace_atomically
        def slow(temporary):
            temporary.write_bytes(b"half")
            print("writing", flush=True)
            time.sleep(30)
        try:
            replace_atomically(Path({str(target)!r}), slow)
        except Terminated:
            sys.exit(143)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]
    assert target.read_bytes() == b"last month"


def test_a_failed_pdf_move_leaves_no_temporary_file(tmp_path, monkeypatch):
    import shutil as real_shutil

    from openpyxl import Workbook

    from xlscore import pdf

    workbook = tmp_path / "card.xlsx"
    Workbook().save(workbook)

    def fake_run(command, **kwargs):
        outdir = command[command.index("--outdir") + 1]
        (tmp_path.__class__(outdir) / "card.pdf").write_bytes(b"%PDF")
        return subprocess.CompletedProcess(command, 0, "", "")

    def failing_move(source, destination):
        real_shutil.copyfile(source, destination)
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf.subprocess, "run", fake_run)
    monkeypatch.setattr(pdf.shutil, "move", failing_move)
    with pytest.raises(OSError):
        pdf.convert(workbook)
    assert [p.name for p in tmp_path.iterdir()] == ["card.xlsx"]
