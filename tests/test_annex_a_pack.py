"""A pack from Annex A extracts and a hand-kept extract together: the Data sheet's parts and
source, the Data quality sheet's rows by number, the Notes' rule in words, and no child-level
data anywhere in the file."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.annex_a_helpers import CHILDREN, WORKER, test_rules  # noqa: F401
from tests.test_annex_a_build import extracts
from tests.test_ooxml import needs_validator, validate
from xlscore.annex_a import build as annex_build
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.problems import InputError, Problems

CATALOGUE = """\
authority: Testshire
population:
  "2020/21": 10000
sections:
  - name: Front Door
    measures:
      - id: contacts
        name: Contacts
        unit: count
        period: flow
        annex_a: t_contacts
      - id: contacts_rate
        name: Contacts per 10,000
        unit: rate
        rate_of: contacts
      - id: referrals
        name: Referrals
        unit: count
        period: flow
      - id: seen
        name: Children in need seen
        definition: Children in need seen recently
        unit: percent
        period: snapshot
        target: 80
        direction: higher
        annex_a: {rule: t_seen_pct, days: 10}
"""


@pytest.fixture
def annex_project(tmp_path, monkeypatch, test_rules):  # noqa: F811
    (tmp_path / "measures.yaml").write_text(CATALOGUE, encoding="utf-8")
    inputs = tmp_path / "inputs"
    (inputs / "annex-a").mkdir(parents=True)
    for made in extracts():
        (tmp_path / made.file).write_bytes(b"")  # read by the stand-in below
    (inputs / "2020-12.csv").write_text("measure,value,note\nreferrals,12,\n"
                                        "contacts,,front door busy\n", encoding="utf-8")
    (tmp_path / "outputs").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(annex_build, "read", lambda folder, problems, names=None: extracts())
    return tmp_path


def built(project: Path):
    problems = Problems()
    made = build(Path("measures.yaml"), Path("inputs"), Path("outputs"), None, problems,
                 today=date(2021, 1, 12))
    return made, problems


def rows(sheet):
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_the_pack_mixes_annex_a_and_hand_kept_figures(annex_project):
    made, problems = built(annex_project)
    assert str(made.loaded.month) == "2020-12"
    book = load_workbook(made.path)
    data = rows(book["Data"])
    header = data[2]
    table = {(r[header.index("Measure id")], r[header.index("Month")]):
             dict(zip(header, r, strict=True))
             for r in data[3:]}
    seen = table[("seen", "2020-12")]
    assert (seen["Value"], seen["Numerator"], seen["Denominator"]) == (66.7, 2, 3)
    assert seen["Source file"] == "inputs/annex-a/annex-a-2020-12-31.xlsx"
    assert seen["Source line"] is None
    assert table[("seen", "2020-11")]["Source file"].endswith("annex-a-2020-11-30.xlsx")
    assert table[("contacts", "2020-11")]["Value"] == 2  # December's extract recounts it
    assert table[("contacts_rate", "2020-12")]["Numerator"] == 1
    referrals = table[("referrals", "2020-12")]
    assert (referrals["Value"], referrals["Source file"], referrals["Source line"]) == (
        12, "inputs/2020-12.csv", 2)
    assert made.scorecard.lines[0].note == "front door busy"  # the hand-kept note stays

    quality = rows(book["Data quality"])
    said = [(r[0], r[1], r[3], r[5]) for r in quality[5:]]
    assert ("Annex A rows left out", "Dec-20", "inputs/annex-a/annex-a-2020-12-31.xlsx",
            "List 6: 1 row (5) left out of this measure (Dec-20): blank Date Child Was Last "
            "Seen") in said
    assert ("Annex A figure not available", "Oct-20", "inputs/annex-a",
            "no extract dated 2020-10-31 (month end): shown n/a") in said
    assert any(r[0] == "Annex A rows set aside" and "2 rows (3, 9): duplicate child" in r[3]
               for r in said)
    assert not any(r[0] == "Measure missing from extract" and r[1] == "Oct-20" and
                   "'seen'" in r[3] for r in said)

    notes = {r[-1]: r for r in rows(book["Notes"])
             if r and r[-1] in ("seen", "referrals", "contacts")}
    assert notes["seen"][1] == ("Children in need seen recently\nWorked out from the Annex A "
                                "lists (rule t_seen_pct): Children in need seen within 10 days "
                                "of the month end (approximation: the latest visit only).")
    assert notes["referrals"][1] == "-"
    assert notes["contacts"][1] == ("Worked out from the Annex A lists (rule t_contacts): "
                                    "Contacts (List 1) with Date of Contact in the month.")
    assert any(r[0] == "Annex A" for r in rows(book["Notes"]))


def test_months_only_annex_a_gives_are_months_with_data(annex_project):
    (annex_project / "inputs" / "2020-12.csv").unlink()
    made, _ = built(annex_project)
    assert made.loaded.facts.months == {Month(2020, m) for m in range(6, 13)}
    assert str(made.loaded.month) == "2020-12"


def test_a_disagreement_stops_the_build_naming_both_sources(annex_project):
    (annex_project / "inputs" / "2020-12.csv").write_text(
        "measure,value\nreferrals,12\ncontacts,3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        built(annex_project)
    [error] = caught.value.errors
    assert error.code == "annexa.disagrees" and error.line == 3
    assert "inputs/annex-a/annex-a-2020-12-31.xlsx" in str(error)
    assert list((annex_project / "outputs").iterdir()) == []


def child_level_values() -> set[str]:
    """Every child ID, date of birth and worker of the extracts, as a pack could spell them."""
    found: set[str] = set()
    for made in extracts():
        for row in (*made.contacts, *made.children_in_need):
            found.add(row.child)
            if getattr(row, "worker", None):
                found.add(row.worker)
            if row.birth is not None:
                found |= {row.birth.isoformat(), f"{row.birth:%d/%m/%Y}",
                          str((row.birth - date(1899, 12, 30)).days)}
    return found


def every_part(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name).decode("utf-8", "replace") for name in book.namelist()}


def test_no_child_level_data_anywhere_in_the_pack(annex_project):
    made, _ = built(annex_project)
    parts = every_part(made.path)
    assert "docProps/core.xml" in parts
    values = child_level_values()
    assert set(CHILDREN) <= values and WORKER in values
    for name, text in parts.items():
        for value in values:
            assert value not in text, f"{value!r} in {name}"


@needs_validator
def test_the_pack_is_valid_office_open_xml(annex_project):
    made, _ = built(annex_project)
    result = validate(made.path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_late_recording_in_a_later_extract_is_a_revision(annex_project, monkeypatch):
    """November's pack counts November from November's extract; December's recounts it from
    December's, where a contact recorded late appears: a revision against the last pack."""
    monkeypatch.setattr(annex_build, "read", lambda folder, problems, names=None: [
        e for e in extracts() if Path(e.file).exists()])
    december = Path("inputs/annex-a/annex-a-2020-12-31.xlsx")
    december.rename("december.xlsx")
    (annex_project / "inputs" / "2020-12.csv").unlink()
    problems = Problems()
    build(Path("measures.yaml"), Path("inputs"), Path("outputs"), "2020-11", problems,
          today=date(2020, 12, 8))
    Path("december.xlsx").rename(december)
    made, problems = built(annex_project)
    revised = {(r.measure.id, str(r.month)): r for r in made.review.revisions}
    assert set(revised) == {("contacts", "2020-11"), ("contacts_rate", "2020-11")}
    assert revised[("contacts", "2020-11")].message == (
        "Revised: 1 in the Nov-20 pack, now 2, inputs/annex-a/annex-a-2020-12-31.xlsx")


def test_the_figures_kept_are_worked_out_again_when_a_rules_parameter_changes(
        annex_project, monkeypatch):
    calls = []
    monkeypatch.setattr(annex_build, "read",
                        lambda folder, problems, names=None: calls.append(1) or extracts())
    first, _ = built(annex_project)
    built(annex_project)
    assert len(calls) == 1  # nothing changed: the figures kept
    catalogue = annex_project / "measures.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "annex_a: {rule: t_seen_pct, days: 10}", "annex_a: {rule: t_seen_pct, days: 40}"),
        encoding="utf-8")
    again, _ = built(annex_project)
    assert len(calls) == 2
    seen = again.loaded.annex_a.result("seen", Month(2020, 12)).worked.count
    assert seen != first.loaded.annex_a.result("seen", Month(2020, 12)).worked.count
