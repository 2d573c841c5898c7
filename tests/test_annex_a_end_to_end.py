"""From Annex A workbooks on disk to a pack, through the real `xlscore` command: the standard
catalogue's rules, the reader and the windows together; and not one child-level value (ID,
date of birth, postcode, worker, team) anywhere in the workbook, its comments or its
properties, nor in what the commands print. Only the audit, asked for by name, holds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.annex_a_files import (
    ASSESSMENTS,
    CIN,
    CLA,
    CONTACTS,
    CP,
    ENQUIRIES,
    LEAVERS,
    REFERRALS,
    workbook,
)
from tests.conftest import ROOT, edit

IDS = ("QZ-70001", "QZ-70002", "QZ-70003")
BIRTHS = (date(2009, 4, 17), date(2012, 8, 3), date(2001, 2, 11))
POSTCODES = ("QX9 4ZT", "QY8 3WV", "QW7 2UX")
TEAMS = ("Team Marigold Vale", "Team Cobalt Heath", "Team Saffron Moor")
WORKERS = ("Worker Ysolde Pettigrew", "Worker Anselm Quorrie", "Worker Brisk Tamsworth")


# Each child: ID, date of birth, placement postcode, team, worker.
CHILDREN = tuple(zip(IDS, BIRTHS, POSTCODES, TEAMS, WORKERS, strict=True))


def lists(day: date) -> dict[str, list[list[object]]]:
    """Every list the rules read, three children, one of them a care leaver; a title row
    above each header as the official template has."""
    month = day.replace(day=1)
    rows = {
        "List 1": [CONTACTS] + [[c, "a) Male", "a) WBRI", b, 8, month + timedelta(days=i),
                                 "q) 6: Police"] for i, (c, b, *_) in enumerate(CHILDREN)],
        "List 3": [REFERRALS] + [[c, "a) Male", "a) WBRI", b, 8, month + timedelta(days=i + 1),
                                  "q) 6: Police", "b) No", 0, t, w]
                                 for i, (c, b, _, t, w) in enumerate(CHILDREN)],
        "List 4": [ASSESSMENTS] + [[c, b, month - timedelta(days=30), month + timedelta(days=i)]
                                   for i, (c, b, *_) in enumerate(CHILDREN)],
        "List 5": [ENQUIRIES] + [[c, b, month + timedelta(days=2), month + timedelta(days=9)]
                                 for c, b, *_ in CHILDREN],
        "List 6": [CIN] + [[c, b, date(2019, 5, 1), day - timedelta(days=3), None,
                            "c) Child in need plan", t, w] for c, b, _, t, w in CHILDREN],
        "List 7": [CP] + [[c, b, date(2018, 6, 1), day - timedelta(days=5), "a) Yes",
                           date(2020, 9, 1), None, 1] for c, b, *_ in CHILDREN],
        "List 8": [CLA] + [[c, b, date(2017, 3, 1), "C2 Full care order", date(2020, 6, 1),
                            date(2020, 7, 1), 1, None, date(2017, 3, 1), p]
                           for c, b, p, *_ in CHILDREN],
        "List 9": [LEAVERS] + [[IDS[2], "a) Male", "a) WBRI", BIRTHS[2], 19, "b) No", "b) No",
                                TEAMS[2], WORKERS[2], "Advisor Hollis Brandywine",
                                "a) Relevant", day - timedelta(days=20), "a) Yes",
                                day - timedelta(days=2), "a) Independent living",
                                "a) Suitable", "F1 Full time higher education"]],
    }
    return {name: [[f"{name}: Annex A (invented)"], *sheet] for name, sheet in rows.items()}


def child_level() -> set[str]:
    values = {*IDS, *POSTCODES, *TEAMS, *WORKERS, "Advisor Hollis Brandywine"}
    for birth in BIRTHS:
        values |= {birth.isoformat(), f"{birth:%d/%m/%Y}", str((birth - date(1899, 12, 30)).days)}
    return values


@pytest.fixture(scope="module")
def authority(tmp_path_factory) -> Path:
    """`xlscore init`, a population, and two month-end Annex A workbooks."""
    base = tmp_path_factory.mktemp("annex-a-e2e")
    assert run(base, "init", "newtown", "--authority", "Newtown").returncode == 0
    folder = base / "newtown"
    edit(folder / "measures.yaml", "population: {}", 'population: {"2020/21": 40000}')
    for day in (date(2020, 11, 30), date(2020, 12, 31)):
        workbook(folder / "inputs" / "annex-a" / f"annex-a-{day}.xlsx", lists(day))
    return folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "xlscore", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_build_from_annex_a_shows_no_child_level_data(authority):
    result = run(authority, "build", "--month", "2020-12")
    assert result.returncode == 0, result.stderr
    path = authority / result.stdout.strip()
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name).decode("utf-8", "replace") for name in book.namelist()}
    assert "docProps/core.xml" in parts and any("sheet" in name for name in parts)
    data = "".join(parts.values())
    assert "annex-a-2020-12-31.xlsx" in data  # the Data sheet's Source file
    for name, text in [*parts.items(), ("stdout", result.stdout), ("stderr", result.stderr)]:
        for value in child_level():
            assert value not in text, f"{value!r} in {name}"


def test_annex_a_prints_the_figures_and_the_audit_holds_the_children(authority):
    result = run(authority, "annex-a", "--month", "2020-12", "--audit", "audit-2020-12.csv")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines()[1:]}
    assert rows["contacts"][2:5] == ["3", "-", "3"]
    assert rows["cin_plans"][2] == "3" and rows["cla"][2] == "3"
    assert rows["care_leavers"][2] == "1"
    assert rows["contacts"][5] == "inputs/annex-a/annex-a-2020-12-31.xlsx"
    assert "personal data" in result.stderr
    audit = (authority / "audit-2020-12.csv").read_text(encoding="utf-8")
    assert all(child in audit for child in IDS)  # the values searched for are real ones
    for value in child_level():
        assert value not in result.stdout + result.stderr
    assert not list((authority / "outputs").glob("*audit*"))


def test_check_reads_annex_a_and_speaks_json(authority):
    result = run(authority, "check", "--month", "2020-12", "--format", "json")
    report = json.loads(result.stdout)
    assert report["ok"], report
    assert report["month"] == "2020-12"
    for value in child_level():
        assert value not in result.stdout
    broken = authority / "inputs" / "annex-a" / "annex-a-2021-01-15"
    broken.mkdir()
    (broken / "List 1.csv").write_text(",".join(CONTACTS) + "\nQZ-70001,a,a,32/13/2012,8,"
                                       "02/01/2021,q\n", encoding="utf-8")
    try:
        failed = run(authority, "check", "--month", "2020-12", "--format", "json")
        report = json.loads(failed.stdout)
        assert not report["ok"] and failed.returncode == 1
        errors = [p for p in report["problems"] if p["severity"] == "error"]
        assert [(p["code"], p["file"], p["line"]) for p in errors] == [
            ("annexa.bad-value", "inputs/annex-a/annex-a-2021-01-15/List 1.csv", 2)]
        assert "QZ-70001" not in failed.stdout
        text = run(authority, "check", "--month", "2020-12")
        assert text.returncode == 1 and "annex-a-2021-01-15" in text.stderr
    finally:
        for part in broken.iterdir():
            part.unlink()
        broken.rmdir()
