"""The house's one-way flow, checked on the imports: no module imports another that imports
it back (however indirectly, however lazily), the rules for a figure sit in the model's
layer, writers import nothing above them, and pandas is imported only where a DataFrame
goes in or out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "xlscore"
ABOVE_THE_WRITERS = {"xlscore.pipeline", "xlscore.api", "xlscore.cli", "xlscore.checking",
                     "xlscore.template", "xlscore"}


MODEL_LAYER = {"xlscore.records", "xlscore.periods", "xlscore.model", "xlscore.figures"}
READERS = {"xlscore.catalogue", "xlscore.extracts", "xlscore.benchmarks",
           "xlscore.writers.template"}  # the readers and the template's data validation


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def xlscore_imports(name: str, modules: dict[str, Path] = MODULES) -> set[str]:
    """The xlscore modules `name` imports anywhere in its text: at the top, under
    TYPE_CHECKING, inside a function. `from xlscore import figures` imports the module
    figures; `from xlscore import Name` imports the package itself."""
    path = modules[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                parents = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parents, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of imports in `graph` (`a` imports `b` ... imports `a`), or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name in path:
            return [*path[path.index(name):], name]
        if name in done:
            return None
        path.append(name)
        for imported in sorted(graph.get(name, ())):
            cycle = visit(imported)
            if cycle:
                return cycle
        path.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        cycle = visit(name)
        if cycle:
            return cycle
    return None


def test_no_module_imports_one_that_imports_it_back():
    graph = {name: xlscore_imports(name) for name in MODULES}
    cycle = import_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_lazy_type_only_and_relative_cycles(tmp_path):
    package = tmp_path / "xlscore"
    (package / "writers").mkdir(parents=True)
    texts = {"__init__.py": "", "a.py": "def f():\n    from xlscore.b import g\n",
             "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from xlscore import a\n",
             "writers/__init__.py": "", "writers/c.py": "from . import d\n",
             "writers/d.py": "from .c import X\n", "e.py": "from xlscore import a\n"}
    modules = {}
    for relative, text in texts.items():
        (package / relative).write_text(text, encoding="utf-8")
        parts = Path(relative).with_suffix("").parts
        name = ".".join(("xlscore", *(parts[:-1] if parts[-1] == "__init__" else parts)))
        modules[name] = package / relative
    graph = {name: xlscore_imports(name, modules) for name in modules}
    assert graph["xlscore.a"] == {"xlscore.b"} and graph["xlscore.b"] == {"xlscore.a"}
    assert graph["xlscore.writers.c"] == {"xlscore.writers.d"}
    assert graph["xlscore.writers.d"] == {"xlscore.writers.c"}
    assert import_cycle(graph) == ["xlscore.a", "xlscore.b", "xlscore.a"]
    assert import_cycle({"xlscore.e": {"xlscore.a"}, "xlscore.a": set()}) is None


def test_the_rules_for_a_figure_sit_in_the_models_layer_below_every_reader():
    # figures.py says what a figure may be; every reader asks it, so it imports only the
    # model's layer, and nothing in that layer imports a reader or anything above
    assert xlscore_imports("xlscore.figures") <= MODEL_LAYER - {"xlscore.figures"}
    for name in MODEL_LAYER:
        assert xlscore_imports(name) <= MODEL_LAYER, name
    for reader in READERS:
        assert "xlscore.figures" in xlscore_imports(reader), reader


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
