"""Golden check of the INVENTED Annex A example (Annexford): a small seeded set of month-end
extracts is generated, the pack is built from them, and the Data sheet's numerator and
denominator of each measure and month are compared with a count written in
`tests/annex_a_count.py` from the rows the generator wrote, not with xlscore.annex_a.rules."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from datetime import date, timedelta
from types import ModuleType

import pytest
from openpyxl import load_workbook

from tests import annex_a_count as count
from tests.conftest import ROOT
from xlscore.periods import Month
from xlscore.pipeline import build
from xlscore.problems import Problems

EXAMPLE = ROOT / "examples" / "annex_a"
FIRST = date(2022, 1, 31)  # 2022's Jubilee and State Funeral, 2023's Coronation
MONTHS = 16


def generator() -> ModuleType:
    """The example's generator, loaded from its file (examples/ is not a package)."""
    name = "annexford_make_extracts"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EXAMPLE / "make_extracts.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """Sixteen month-end extracts at a tenth of a mid-size authority (about 60 contacts a
    month), messy as the full example (CSV folders every fourth month, a 2019-template
    month, duplicates, blanks, text dates), built into a pack."""
    project = tmp_path_factory.mktemp("annexford")
    (project / "measures.yaml").write_text(generator().catalogue(), encoding="utf-8")
    written = generator().make(project / "inputs" / "annex-a", months=MONTHS, first=FIRST,
                               scale=0.1, seed=7, keep=True, csv_every=4, template_2019=9)
    (project / "outputs").mkdir()
    problems = Problems()
    made = build(project / "measures.yaml", project / "inputs", project / "outputs", None,
                 problems, today=date(2023, 5, 20))
    sheet = load_workbook(made.path, read_only=True)["Data"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[2])
    key = header.index("Measure id"), header.index("Month")
    data = {(r[key[0]], r[key[1]]): dict(zip(header, r, strict=True))
            for r in rows[3:] if r[0] is not None}
    return written, data, problems, made


def test_the_example_is_what_it_says(example):
    written, _, problems, _ = example
    assert [w.date for w in written][:3] == [date(2022, 1, 31), date(2022, 2, 28),
                                             date(2022, 3, 31)]
    assert {w.form for w in written} == {"xlsx", "csv"}
    assert [w.template for w in written].count("2019") == 1
    assert not problems.errors, problems.rendered()
    # every file is read: the only warnings are the Cover sheets, which match no list
    others = [p for p in problems.warnings if "Cover" not in p.message]
    assert not others, [p.message for p in others]
    # the mess the reader must see through is really there: children twice in lists 6-9,
    # blank mandatory dates in lists 1-5
    twice = sum(len(w.lists[n]) - len({r["Child Unique ID"] for r in w.lists[n]})
                for w in written for n in (6, 7, 8, 9))
    blank = sum(r["Date of Contact"] is None for w in written for r in w.lists[1])
    assert twice >= 5 and blank >= 1


def months_of(written) -> list[tuple[int, int]]:
    first = count.plus_months(written[0].date, -5)
    last = written[-1].date
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append((day.year, day.month))
        day = count.plus_months(day, 1)
    return months


@pytest.mark.parametrize("measure", count.MEASURES)
def test_figures_agree_with_an_independent_count(example, measure):
    """Every month the extracts give, as the build worked it out; and the twelve months the
    pack shows, as its Data sheet says them."""
    written, data, _, made = example
    extracts = [count.Extract(w) for w in written]
    compared = shown = na = 0
    for year, month in months_of(written):
        wanted = count.expected(extracts, measure, year, month)
        result = made.loaded.annex_a.result(measure, Month(year, month))
        worked = None if result is None else result.worked.count
        row = data.get((measure, f"{year}-{month:02d}"))
        shown += row is not None
        where = (measure, f"{year}-{month:02d}", wanted)
        if wanted is None:
            assert worked is None, where
            assert row is None or row["Value"] is None, where
            continue
        assert worked is not None, where
        if isinstance(wanted, str):
            na += 1
            assert worked.na is not None, (where, worked.numerator, worked.denominator)
            assert row is None or (row["Value"] is None and row["Numerator"] is None), where
            continue
        assert (worked.numerator, worked.denominator, worked.na) == (*wanted, None), where
        compared += 1
        if row is not None:
            got = ((row["Numerator"], row["Denominator"]) if wanted[1] is not None
                   else (row["Value"], None))
            assert got == wanted, (where, row)
    assert compared + na >= MONTHS and compared >= 9
    assert shown >= (9 if measure == "re_referrals_pct" else 12)
    if measure == "re_referrals_pct":
        assert na >= 3  # months whose 12 months before the extracts do not cover
    if measure == "pathway_plans_pct":
        assert na == 1  # the 2019-template month


def test_figures_are_not_all_zero(example):
    """A golden check is worth little if the counts are trivial: over the example's months
    every measure compared has a numerator above 0 and, for a percentage, below its
    denominator somewhere."""
    written, _, _, _ = example
    extracts = [count.Extract(w) for w in written]
    for measure in count.MEASURES:
        got = [count.expected(extracts, measure, year, month) for year, month in months_of(written)]
        figures = [g for g in got if isinstance(g, tuple)]
        assert any(n > 0 for n, _ in figures), measure
        assert all(d is None for _, d in figures) or any(0 < n < d for n, d in figures), measure


def test_no_child_level_value_of_the_example_in_the_pack(example):
    """No Child Unique ID, date of birth, worker, team, personal adviser or postcode of the
    example's extracts appears in any part of the built workbook (sheets, shared strings,
    comments, properties)."""
    written, _, _, made = example
    values: set[str] = set()
    for w in written:
        for rows in w.lists.values():
            for row in rows:
                values.add(row["Child Unique ID"])
                for header in ("Allocated Worker", "Allocated Team", "Allocated Personal Advisor",
                               "Placement postcode"):
                    if row.get(header):
                        values.add(row[header])
                birth = row["Date of Birth"]
                # a birthday on a month end is spelt like an extract's date, which the pack
                # names (its file, its window); those prove nothing either way
                if birth is not None and (birth + timedelta(days=1)).day != 1:
                    values |= {birth.isoformat(), f"{birth:%d/%m/%Y}"}
    assert len(values) > 1000
    with zipfile.ZipFile(made.path) as book:
        parts = {name: book.read(name).decode("utf-8", "replace") for name in book.namelist()}
    assert "docProps/core.xml" in parts and "xl/worksheets/sheet1.xml" in parts
    for name, text in parts.items():
        found = [v for v in values if v in text]
        assert not found, (name, found[:5])


def test_a_build_without_the_audits_outcomes_says_what_the_audit_build_says(example, tmp_path):
    """A build keeps only the rows excluded (the audit's other outcomes are made only for
    `annex-a --audit`): its figures and Data quality findings are those of a build with every
    outcome, and the audit file holds every row each rule considered, as a rule called on its
    own says them."""
    from xlscore.annex_a import report, windows
    from xlscore.annex_a.build import work_out
    from xlscore.annex_a.findings import findings
    from xlscore.annex_a.records import Counted
    from xlscore.annex_a.rules import RULES

    _, _, _, made = example
    built = made.loaded.annex_a  # the pack's build: no audit
    catalogue, facts = made.loaded.catalogue, made.loaded.facts
    audited = work_out(catalogue, built.extracts, built.folder, audit=True)
    assert [(r.measure.id, r.month) for r in audited.results] == \
        [(r.measure.id, r.month) for r in built.results]
    full = 0
    for plain, every in zip(built.results, audited.results, strict=True):
        a, b = plain.worked.count, every.worked.count
        assert (a is None) == (b is None), plain.month
        if a is None or b is None:
            continue
        assert (a.numerator, a.denominator, a.na) == (b.numerator, b.denominator, b.na)
        assert plain.worked.extract is every.worked.extract
        assert a.outcomes == tuple(o for o in b.outcomes if o.counted is Counted.EXCLUDED)
        if b.na is None:  # the audit names every row counted (children_per_sw's
            # denominator counts workers, not rows)
            numerators = sum(o.counted is Counted.NUMERATOR for o in b.outcomes)
            denominators = sum(o.counted is not Counted.EXCLUDED for o in b.outcomes)
            assert numerators == b.numerator, (plain.measure.id, plain.month)
            if b.denominator is not None and plain.measure.id != "children_per_sw":
                assert denominators == b.denominator, (plain.measure.id, plain.month)
            full += numerators > 0
    assert full > 100
    months = built.months
    assert findings(built, facts, months) == findings(audited, facts, months)
    assert any(f.check.name == "ANNEX_A_EXCLUDED" for f in findings(built, facts, months))
    # The audit file: as every rule called directly (with every outcome) says it.
    path = tmp_path / "audit.csv"
    written = report.write_audit(report.chosen(audited, None), path)
    direct = []
    for result in report.chosen(audited, None):
        assert result.measure.annex_a is not None
        rule = RULES[result.measure.annex_a.rule]
        extract = result.worked.extract
        if result.worked.count is None or extract is None or result.worked.count.na:
            direct.extend(result.worked.count.outcomes if result.worked.count else ())
            continue
        parameters = dict(rule.parameters) | dict(result.measure.annex_a.parameters)
        count = rule.count(result.month, extract, windows.History(built.extracts),
                           **parameters)
        direct.extend(count.outcomes)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert written == len(direct) == len(lines) - 1
    assert [line.split(",")[2:6] for line in lines[1:]] == \
        [[str(o.list), str(o.row), o.child, o.counted.value] for o in direct]


def _cells(path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_a_build_from_the_cache_is_the_same_workbook(example, tmp_path, monkeypatch):
    """The pack built again with the last build's figures kept beside the extracts (no row
    loaded), with only the rows kept, and with no cache at all: the same workbook, cell for
    cell; and the kept figures hold no child ID."""
    from xlscore.annex_a import build as annex_build
    from xlscore.annex_a.caching import FOLDER

    written, _, said, made = example
    project = made.path.parents[1]
    cache = project / "inputs" / "annex-a" / FOLDER
    kept = list(cache.glob("*.figures"))
    assert len(kept) == 1
    held = kept[0].read_bytes()
    children = {r["Child Unique ID"] for w in written for rows in w.lists.values() for r in rows}
    assert len(children) > 100
    assert not [c for c in children if c.encode() in held]
    expected = _cells(made.path)

    def again(name: str):
        problems = Problems()
        out = tmp_path / name
        out.mkdir()
        rebuilt = build(project / "measures.yaml", project / "inputs", out, None, problems,
                        today=date(2023, 5, 20))
        assert [str(p) for p in problems.items] == [str(p) for p in said.items]
        return rebuilt

    with monkeypatch.context() as patched:  # the figures kept: no extract is read
        patched.setattr(annex_build, "read", lambda *a, **k: pytest.fail("read again"))
        assert _cells(again("figures").path) == expected
    kept[0].unlink()
    assert _cells(again("rows").path) == expected
    assert len(list(cache.glob("*.figures"))) == 1  # kept again
    monkeypatch.setenv("XLSCORE_CACHE_KEY", str(tmp_path / "no-such-folder" / "x" / "key"))
    (tmp_path / "no-such-folder").write_text("a file: no key can be kept under it")
    assert _cells(again("none").path) == expected
