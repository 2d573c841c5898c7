"""The README is the user's manual: its Python example runs, and its test command is the
one CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def test_the_use_from_python_example_runs(project):
    code = re.findall(r"```python\n(.*?)```", _section("Use from Python"), re.S)
    assert len(code) == 1
    result = subprocess.run([sys.executable, "-c", code[0]], cwd=project, capture_output=True,
                            text=True, timeout=120, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert (project / "outputs" / "slough-scorecard-2020-12.xlsx").is_file()
    assert "DataFrame row 1: measure 'referrals': value 'abc'" in result.stdout


def test_the_readme_test_command_is_what_ci_runs():
    command = re.search(r"```sh\n(python -m pip install[^\n]*pytest)\n```", README)
    assert command is not None
    assert command.group(1) in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mypy" in command.group(1) and "ruff check" in command.group(1)
