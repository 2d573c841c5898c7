"""A tiny catalogue and helpers to write extracts, shared by the unit tests."""

from __future__ import annotations

from pathlib import Path

from xlscore.catalogue import load_catalogue
from xlscore.model import Catalogue
from xlscore.problems import Problems

CATALOGUE = """\
authority: Testshire
population:
  "2020/21": 10000
benchmarks:
  period: "2019/20"
  own: Testshire
  rate_against: [SN, SE]
  columns: [SN, SE, ENG]
sections:
  - name: Front Door
    measures:
      - {id: contacts, name: Contacts, unit: count, period: flow}
      - {id: contacts_rate, name: Contacts per 10000, unit: rate, rate_of: contacts}
      - {id: cla, name: Children looked after, unit: count, period: snapshot}
      - {id: cla_rate, name: CLA per 10000, unit: rate, rate_of: cla}
      - {id: timely_pct, name: Timely, unit: percent, period: flow,
         target: 95, tolerance: 5, direction: higher}
      - {id: visits_pct, name: Visited, unit: percent, period: snapshot,
         target: 90, direction: higher}
      - {id: caseload, name: Caseload, unit: number, period: snapshot,
         target: 18, tolerance: 2, direction: lower}
      - {id: days, name: Average days, unit: number, period: flow}
"""


def write_catalogue(folder: Path, text: str = CATALOGUE) -> Path:
    path = folder / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def small_catalogue(folder: Path, text: str = CATALOGUE) -> Catalogue:
    problems = Problems()
    catalogue = load_catalogue(write_catalogue(folder, text), problems)
    assert not problems.items, [str(p) for p in problems.items]
    return catalogue


def write_csv(path: Path, *lines: str, bom: bool = False, crlf: bool = False) -> Path:
    newline = "\r\n" if crlf else "\n"
    text = newline.join(lines) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path
