"""Shared fixtures: the sample project, and a copy of it that a test may break."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).parent / "reference"


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory) -> Path:
    """The December 2020 sample, built once for every test that only reads it."""
    from xlscore.pipeline import build
    from xlscore.problems import Problems

    out = tmp_path_factory.mktemp("outputs")
    problems = Problems()
    built = build(ROOT / "measures.yaml", ROOT / "inputs", out, "2020-12", problems,
                    today=date(2021, 1, 12))
    assert not problems.errors
    return built.path


@pytest.fixture(scope="session")
def inventedshire(tmp_path_factory):
    """The invented example authority (statistical process control on), built once."""
    from xlscore.pipeline import build
    from xlscore.problems import Problems

    example = ROOT / "examples" / "inventedshire"
    problems = Problems()
    built = build(example / "measures.yaml", example / "inputs",
                  tmp_path_factory.mktemp("inventedshire"), None, problems,
                  today=date(2021, 8, 9))
    assert not problems.errors
    return built


@pytest.fixture
def project(tmp_path) -> Path:
    """A writable copy of the sample catalogue and inputs, with an empty outputs folder."""
    shutil.copy(ROOT / "measures.yaml", tmp_path / "measures.yaml")
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    (tmp_path / "outputs").mkdir()
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one `old` in a file of a copied project (it must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
