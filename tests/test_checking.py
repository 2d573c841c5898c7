"""`xlscore check`'s own warnings (xlscore/checking.py), asserted on their codes."""

from __future__ import annotations

import xlscore
from tests.small import small_catalogue, write_csv


def codes(report, severity: str = "warning") -> list[tuple[str, str | None]]:
    return [(p.code, p.period) for p in report.problems if p.severity.value == severity]


def test_a_month_given_only_in_history_is_not_reported_missing(project):
    extract = project / "inputs" / "2020-11.csv"
    header, *rows = extract.read_text(encoding="utf-8").splitlines()
    (project / "inputs" / "history.csv").write_text(
        "\n".join([f"month,{header}", *(f"2020-11,{r}" for r in rows)]) + "\n",
        encoding="utf-8")
    extract.unlink()
    report = xlscore.check(project / "measures.yaml", project / "inputs")
    assert report.ok
    assert ("check.month-missing", "2020-11") not in codes(report)
    assert report.month == xlscore.Month(2020, 12)


def test_an_unfilled_template_is_an_error_and_blanks_a_warning(tmp_path):
    catalogue = small_catalogue(tmp_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_csv(inputs / "2020-11.csv", "measure,value", "contacts,5", "timely_pct,96")
    write_csv(inputs / "2020-12.csv", "measure,value,numerator,denominator",
              "contacts,,,", "timely_pct,,,", "days,,,")
    report = xlscore.check(catalogue, inputs)
    assert ("extract.all-blank", "2020-12") in codes(report, "error") and not report.ok
    write_csv(inputs / "2020-12.csv", "measure,value", "contacts,4", "timely_pct,")
    report = xlscore.check(catalogue, inputs)
    assert ("check.blank", "2020-12") in codes(report)
    assert ("extract.all-blank", "2020-12") not in codes(report, "error") and report.ok


def test_a_population_the_scorecard_needs_is_one_error_not_also_a_warning(project):
    """Matched on code and period, never on wording."""
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('"2020/21": 43112', '"2021/22": 43500'),
                         encoding="utf-8")
    report = xlscore.check(catalogue, project / "inputs")
    # The Scorecard needs 2020/21 for its rates: an error; a warning would say it twice.
    assert ("population.missing", "2020/21") in codes(report, "error")
    assert ("population.missing", "2020/21") not in codes(report)


def test_the_baseline_month_defaults_to_april_when_the_catalogue_names_none(project):
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    assert "baseline: 2020-04\n" in text
    catalogue.write_text(text.replace("baseline: 2020-04\n", ""), encoding="utf-8")
    (project / "inputs" / "2020-04.csv").unlink()
    report = xlscore.check(catalogue, project / "inputs")
    missing = [p for p in report.warnings if p.code == "check.month-missing"]
    assert [p.period for p in missing] == ["2020-04"]
    assert "Baseline" in missing[0].message


def test_a_missing_population_only_the_baseline_needs_is_a_warning(project):
    """The baseline (April 2019, named by the catalogue) has no extract, so no rate needs
    2019/20's population yet: not an error, but check says it is missing."""
    catalogue = project / "measures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("baseline: 2020-04", "baseline: 2019-04"),
                         encoding="utf-8")
    report = xlscore.check(catalogue, project / "inputs")
    assert report.ok
    assert ("population.missing", "2019/20") in codes(report)
