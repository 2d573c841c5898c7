"""Whatever arrives in the inputs folder or the catalogue, the readers end in a result or an
XlscoreError (problems carried as data), never in another exception."""

from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s

from tests.small import CATALOGUE, small_catalogue
from xlscore.benchmarks import read_benchmarks
from xlscore.catalogue import load_catalogue
from xlscore.extracts import check_month, discover, read_facts
from xlscore.periods import Month
from xlscore.problems import Problems, XlscoreError

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
HEADER = "measure,value,numerator,denominator,note"
CATALOGUE_TEXT = CATALOGUE


def _catalogue():
    with tempfile.TemporaryDirectory(prefix="xlscore-untrusted-") as folder:
        return small_catalogue(Path(folder))


SMALL = _catalogue()


@contextmanager
def scratch():
    """A folder for one example, removed after it (hypothesis runs hundreds)."""
    with tempfile.TemporaryDirectory(prefix="xlscore-untrusted-") as folder:
        yield Path(folder)


def outcome(call):
    """Run `call`: a result, or an XlscoreError, is fine; anything else fails the test."""
    try:
        return call()
    except XlscoreError:
        return None


def read_folder(folder: Path) -> Problems:
    problems = Problems()

    def read():
        inputs = discover(folder, problems)
        facts = read_facts(inputs, SMALL, problems)
        read_benchmarks(inputs.benchmarks, SMALL, problems)
        for month in facts.months:
            check_month(month, inputs, facts, problems, today=date(2021, 1, 12))
        for problem in problems.items:
            assert "\x1b" not in str(problem)
        return facts

    outcome(read)
    return problems


def read_file(name: str, data: bytes) -> Problems:
    with scratch() as folder:
        (folder / name).write_bytes(data)
        return read_folder(folder)


@SETTINGS
@given(s.binary(max_size=2000), s.sampled_from(["2020-12.csv", "2020-12.xlsx",
                                                "history.csv", "benchmarks.csv"]))
def test_random_bytes_as_any_input_file(data, name):
    read_file(name, data)


@SETTINGS
@given(s.binary(max_size=400))
def test_random_bytes_inside_a_workbook(data):
    """A zip that is almost a workbook: one of its parts replaced by random bytes."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["contacts", 5])
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for index, name in enumerate(source.namelist()):
            part = source.read(name)
            target.writestr(name, data if index == len(data) % len(source.namelist())
                            else part)
    read_file("2020-12.xlsx", out.getvalue())


CELL = s.one_of(s.text(max_size=30),
                s.sampled_from(["contacts", "timely_pct", "cla", "caseload", "contacts_rate",
                                "n/a", "1,234", "34%", "1e400", "-0", "NaN", "=1+1",
                                "2020-12", "0/0", "\x0b", "\x1b[31m", "\u202e", "\ufeff"]))


@SETTINGS
@given(s.lists(s.lists(CELL, max_size=7), max_size=8),
       s.sampled_from(["2020-12.csv", "history.csv", "benchmarks.csv"]),
       s.booleans())
def test_random_unicode_in_a_csv(rows, name, with_header):
    header = ["measure,month,period,value,numerator,denominator,note,Testshire,SN,SE,ENG"]
    lines = (header if with_header else []) + [
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows]
    read_file(name, ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))


@SETTINGS
@given(s.lists(s.lists(s.one_of(CELL, s.integers(), s.floats(), s.booleans()), max_size=6),
               max_size=6))
def test_random_values_in_a_workbook(rows):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.active.append(HEADER.split(","))
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                            for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    read_file("2020-12.xlsx", buffer.getvalue())


# The places a scalar can stand in a catalogue; each is replaced in turn.
SLOTS = ["authority: Testshire", '"2020/21": 10000', 'period: "2019/20"', "own: Testshire",
         "rate_against: [SN, SE]", "- name: Front Door", "name: Contacts,", "unit: count,",
         "period: flow}", "rate_of: contacts}", "target: 95,", "tolerance: 5,",
         "direction: higher}", "name: Caseload,"]
TRICKY = ["yes", "no", "on", "~", "null", "0x1F", "0o17", ".inf", "-.inf", ".nan", "1e999",
          "2020-04-01", "2020-13", "[a, b]", "{a: 1}", "[[[[]]]]", "&x a", "*y", "!!binary aGk=",
          "!!python/object:os.system", '"\\x1b[31m"', '"\\v"', '"\\a"', "'=1+1'", "''", '""',
          "12:30:00", "1_000", "+5", "-5", "0", "true", "false", "|\n  block", ">-\n  folded",
          "%", "@x", "`x", "? a", "- a", "!x", "<<: {a: 1}", "[contacts]", "{}", "[]"]


def scalar():
    dumped = s.one_of(s.text(max_size=20), s.integers(), s.floats(), s.booleans(), s.none(),
                      s.lists(s.integers(), max_size=3)).map(
        lambda v: yaml.safe_dump(v, default_flow_style=True).strip().removesuffix("\n..."))
    return s.one_of(s.sampled_from(TRICKY), s.text(max_size=20), dumped)


@SETTINGS
@given(s.sampled_from(SLOTS), scalar())
def test_random_yaml_scalars_in_the_catalogue(slot, value):
    key, _, rest = slot.partition(":")
    tail = "}" if rest.endswith("}") else "," if rest.endswith(",") else ""
    text = CATALOGUE_TEXT.replace(slot, f"{key}: {value}{tail}", 1)
    if slot.startswith("- name"):
        text = CATALOGUE_TEXT.replace(slot, f"- name: {value}", 1)
    load_text(text)


@SETTINGS
@given(s.text(max_size=300))
def test_random_unicode_as_the_catalogue(text):
    load_text(text)


@SETTINGS
@given(s.binary(max_size=300))
def test_random_bytes_as_the_catalogue(data):
    with scratch() as folder:
        (folder / "measures.yaml").write_bytes(data)
        outcome(lambda: load_catalogue(folder / "measures.yaml", Problems()))


def load_text(text: str):
    with scratch() as folder:
        path = folder / "measures.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = Problems()
        catalogue = outcome(lambda: load_catalogue(path, problems))
        for problem in problems.items:
            assert problem.code.startswith("catalogue."), problem
            assert "\x1b" not in str(problem)
        if catalogue is not None and not problems.errors:
            from xlscore.listing import table

            _ = catalogue.slug, table(catalogue)
            (folder / "inputs").mkdir()
            (folder / "inputs" / "2020-12.csv").write_text(f"{HEADER}\ncontacts,5,,,\n",
                                                           encoding="utf-8")
            outcome(lambda: read_facts(discover(folder / "inputs", problems), catalogue,
                                       problems))
        return catalogue


def test_the_unchanged_catalogue_loads():
    assert load_text(CATALOGUE_TEXT) is not None
    assert Month(2020, 12)
