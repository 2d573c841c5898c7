"""The house's one-way flow, checked on the imports: writers import nothing above them, and
pandas is imported only where a DataFrame goes in or out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "xlscore"
ABOVE_THE_WRITERS = {"xlscore.pipeline", "xlscore.api", "xlscore.cli", "xlscore.checking",
                     "xlscore.template", "xlscore"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "writers").glob("*.py")),
                         ids=lambda p: p.name)
def test_writers_import_nothing_above_them(path):
    assert not imports(path) & ABOVE_THE_WRITERS


def test_only_the_frames_module_and_the_dfe_readers_import_pandas():
    users = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if any(
        name == "pandas" or name.startswith("pandas.") for name in imports(p))}
    others = {u for u in users if not u.startswith("dfe/")}
    assert others <= {"frames.py", "api.py"}  # api.py: for type hints only
    text = (PACKAGE / "api.py").read_text(encoding="utf-8")
    assert "if TYPE_CHECKING:\n    import pandas as pd" in text
