"""Each sheet of the sample workbook against its structural snapshot in tests/snapshots/.

A failure shows the diff. If the change is intended, regenerate with
`python -m tests.snapshot --update` and commit the snapshots with the change.
"""

from __future__ import annotations

import difflib

import pytest

from tests.snapshot import SNAPSHOTS, build_sample, snapshots


@pytest.fixture(scope="module")
def current(tmp_path_factory) -> dict[str, str]:
    return snapshots(build_sample(tmp_path_factory.mktemp("snapshot")))


def test_every_sheet_has_a_snapshot_and_every_snapshot_a_sheet(current):
    assert sorted(current) == sorted(p.name for p in SNAPSHOTS.glob("*.txt")), (
        "sheets added or removed: run python -m tests.snapshot --update")


@pytest.mark.parametrize("name", sorted(p.name for p in SNAPSHOTS.glob("*.txt")))
def test_sheet_matches_its_snapshot(current, name):
    expected = (SNAPSHOTS / name).read_text(encoding="utf-8")
    actual = current.get(name, "")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/snapshots/{name}", "sample build", n=1))
        pytest.fail(f"{name} changed; if intended, run python -m tests.snapshot --update\n"
                    + diff[:6000], pytrace=False)
