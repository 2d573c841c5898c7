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


def _headings(text: str, level: str = "## ") -> list[str]:
    """The headings of one level, outside code blocks (a YAML or Python comment is not one)."""
    found, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith(level):
            found.append(line[len(level):].strip())
    return found


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_the_readme_is_in_the_order_a_user_needs_it():
    """Issue 17 point 18: install, first build, the month, the files, the rules,
    troubleshooting, Windows, in that order; the speed figures and the design in docs/."""
    headings = _headings(README)
    order = ["Install", "First build", "The month, step by step", "The files", "The rules",
             "Troubleshooting", "Windows"]
    assert [h for h in headings if h in order] == order
    assert not [h for h in headings if "speed" in h.lower() or "design" in h.lower()]
    for page, heading in (("speed.md", "Building a pack"), ("design.md", "Data flows one way")):
        assert f"](docs/{page})" in README
        assert heading in _headings((ROOT / "docs" / page).read_text(encoding="utf-8"))


def test_the_readme_says_pandas_comes_with_xlscore():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("pandas") for d in project["dependencies"])
    install = _section("Install")
    assert "pandas included" in install
    assert "py -m venv .venv" in install and "pip install --user" in install
    assert "xlscore[pandas]" not in README


def test_every_link_in_the_readme_and_docs_leads_somewhere():
    """Relative links and pictures name files that exist (from docs/ a picture is `x.png`,
    from the README `docs/x.png`), and every #anchor names a heading of its page."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.is_file(), f"{page.name}: {target}"
            if anchor:
                headings = [_anchor(h) for level in ("# ", "## ", "### ", "#### ")
                            for h in _headings(linked.read_text(encoding="utf-8"), level)]
                assert anchor in headings, f"{page.name}: {target}"


def test_the_commands_the_readme_shows_are_the_commands_xlscore_has():
    """Every `xlscore COMMAND --option` in the README and docs/ is an option of that command
    (so a renamed option cannot leave the manual behind)."""
    import typer

    from xlscore.cli import app

    commands = typer.main.get_command(app).commands
    options = {name: {o for p in c.params for o in p.opts} for name, c in commands.items()}
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name, rest in re.findall(r"xlscore ([a-z][a-z-]*)\b([^`\n]*)", text):
            if name not in options:
                continue
            shown += 1
            used = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest))
            assert used <= options[name], f"{page.name}: xlscore {name}{rest}"
    assert shown > 20
