"""`xlscore annex-a` (figures without a pack, and the audit only where asked), `check` on
Annex A, and `init`'s .gitignore."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess

import pytest
from typer.testing import CliRunner

from tests.annex_a_helpers import CHILDREN, test_rules  # noqa: F401
from tests.test_annex_a_pack import annex_project  # noqa: F401
from xlscore.cli import app


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_annex_a_prints_each_months_figures_and_their_extract(annex_project):  # noqa: F811
    result = invoke("annex-a")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["month", "measure", "numerator", "denominator", "figure",
                                "extract", "why", "n/a"]
    rows = [line.split() for line in lines[1:]]
    assert ["2020-12", "seen", "2", "3", "66.7%", "inputs/annex-a/annex-a-2020-12-31.xlsx"] \
        in rows
    assert ["2020-11", "contacts", "2", "-", "2", "inputs/annex-a/annex-a-2020-12-31.xlsx"] \
        in rows
    october = next(line for line in lines if line.startswith("2020-10  seen"))
    assert october.split(None, 6)[2:] == ["-", "-", "n/a", "-",
                                          "no extract dated 2020-10-31 (month end)"]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # month by month
    assert {r[0] for r in rows} == {f"2020-{m:02d}" for m in range(6, 13)}
    assert "referrals" not in result.stdout  # no rule: not Annex A's
    for child in CHILDREN:
        assert child not in result.output
    assert list((annex_project / "outputs").iterdir()) == []
    assert "2 extracts read" in result.stderr


def test_annex_a_for_one_month(annex_project):  # noqa: F811
    result = invoke("annex-a", "--month", "2020-12")
    assert result.exit_code == 0, result.output
    assert {line.split()[0] for line in result.stdout.splitlines()[1:]} == {"2020-12"}
    wrong = invoke("annex-a", "--month", "2021-03")
    assert wrong.exit_code == 1
    assert "2021-03: no Annex A extract gives that month; they give 2020-06 to 2020-12" \
        in wrong.stderr


def test_the_audit_is_written_only_where_asked_with_a_warning(annex_project):  # noqa: F811
    result = invoke("annex-a", "--month", "2020-12", "--audit", "checks/audit-2020-12.csv")
    assert result.exit_code == 0, result.output
    path = annex_project / "checks" / "audit-2020-12.csv"
    assert "personal data" in result.stderr and "checks/audit-2020-12.csv" in result.stderr
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["measure", "month", "list", "row", "child", "counted", "reason",
                             "extract"]
    seen = {(r["row"], r["child"], r["counted"], r["reason"]) for r in rows
            if r["measure"] == "seen"}
    assert seen == {("2", CHILDREN[0], "numerator", ""), ("3", CHILDREN[1], "numerator", ""),
                    ("4", CHILDREN[2], "denominator", ""),
                    ("5", CHILDREN[2], "excluded", "blank Date Child Was Last Seen")}
    assert {r["month"] for r in rows} == {"2020-12"}
    assert list((annex_project / "outputs").iterdir()) == []


def test_annex_a_without_rules_or_folder_says_what_to_do(annex_project):  # noqa: F811
    shutil.rmtree(annex_project / "inputs" / "annex-a")
    result = invoke("annex-a")
    assert result.exit_code == 1
    assert "inputs/annex-a: no Annex A folder" in result.stderr
    text = (annex_project / "measures.yaml").read_text(encoding="utf-8")
    (annex_project / "measures.yaml").write_text(
        text.replace("        annex_a: t_contacts\n", "").replace(
            "        annex_a: {rule: t_seen_pct, days: 10}\n", ""), encoding="utf-8")
    result = invoke("annex-a")
    assert "has an annex_a: rule" in result.stderr


def test_check_reports_annex_a_with_the_same_codes_in_json(annex_project):  # noqa: F811
    text = invoke("check")
    assert text.exit_code == 0, text.output
    assert "List 6: 1 row (5) left out of this measure (Dec-20)" in text.stderr
    found = invoke("check", "--format", "json")
    report = json.loads(found.stdout)
    codes = {p["code"] for p in report["problems"]}
    assert {"quality.annex-a-excluded", "quality.annex-a-set-aside",
            "quality.annex-a-not-available"} <= codes
    (annex_project / "inputs" / "2020-12.csv").write_text("measure,value\ncontacts,5\n",
                                                          encoding="utf-8")
    broken = json.loads(invoke("check", "--format", "json").stdout)
    assert not broken["ok"]
    assert [p["code"] for p in broken["problems"] if p["severity"] == "error"] == [
        "annexa.disagrees"]
    for child in CHILDREN:
        assert child not in json.dumps(report) + json.dumps(broken)


def test_annex_a_folder_without_rules_is_a_warning_for_build(annex_project):  # noqa: F811
    text = (annex_project / "measures.yaml").read_text(encoding="utf-8")
    (annex_project / "measures.yaml").write_text(
        text.replace("        annex_a: t_contacts\n", "").replace(
            "        annex_a: {rule: t_seen_pct, days: 10}\n", ""), encoding="utf-8")
    result = json.loads(invoke("check", "--format", "json").stdout)
    assert "annexa.no-rules" in {p["code"] for p in result["problems"]}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_keeps_annex_a_extracts_and_audits_out_of_git(tmp_path):
    assert invoke("init", str(tmp_path / "new"), "--authority", "Newtown").exit_code == 0
    folder = tmp_path / "new"
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=folder).returncode == 0

    assert ignored("inputs/annex-a/annex-a-2021-03-31.xlsx")
    assert ignored("inputs/annex-a/annex-a-2021-03-31/List 1.csv")
    assert ignored("annex-a-audit-2021-03.csv") and ignored("checks/audit.csv")
    assert not ignored("measures.yaml") and not ignored("inputs/2021-03.csv")
    assert not ignored("outputs/newtown-scorecard-2021-03.xlsx")
    assert "annex_a: referrals" in (folder / "measures.yaml").read_text(encoding="utf-8")


def test_an_audit_that_cannot_be_written_is_an_error_without_a_traceback(annex_project):  # noqa: F811
    (annex_project / "taken").mkdir()
    result = invoke("annex-a", "--audit", "taken")
    assert result.exit_code == 1
    assert "taken: cannot write the audit" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""  # no figures printed as if all went well
