"""Independent oracle: the fill colours that the published December 2020 numbers imply.

Works on the text of scorecard-2020-12.tsv only (it does not import xlscore) and writes
colours-2020-12.tsv beside it. Values are compared as displayed (the published 1-dp text)
with Decimal. Run: python tests/reference/make_colours_oracle.py
"""

from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
RATED = {"Baseline": 5, "Previous Month": 6, "Current Month": 7, "Full quarter": 8}
ANNUAL, SN, SE = 9, 10, 11
DIRECTION = {"↑ Higher is better": 1, "↓ Lower is better": -1}


def number(text: str) -> Decimal | None:
    """'92.3%', '67.9', '5 cases' -> Decimal; 'n/a' -> None."""
    text = text.strip()
    return None if text == "n/a" else Decimal(text.removesuffix("%").removesuffix(" cases"))


def rag(value: Decimal | None, target: Decimal, tolerance: Decimal, sign: int) -> str:
    if value is None:
        return ""
    margin = sign * (value - target)  # >= 0 when on or better than target
    return "green" if margin >= 0 else "amber" if margin >= -tolerance else "red"


def annual(own: Decimal | None, others: list[Decimal], sign: int) -> str:
    if own is None or not others:
        return ""
    if all(sign * (own - o) > 0 for o in others):
        return "green"
    return "red" if all(sign * (own - o) < 0 for o in others) else "amber"


def colours(cells: list[str]) -> list[str]:
    sign = DIRECTION.get(cells[4])
    if sign is None:
        return [""] * 6
    prev, cur = number(cells[6]), number(cells[7])
    travel = "yellow" if prev is not None and cur is not None and sign * (cur - prev) > 0 else ""
    target = number(cells[2])
    tolerance = number(cells[3]) or Decimal(0)
    rated = [
        rag(number(cells[i]), target, tolerance, sign) if target is not None else ""
        for i in RATED.values()
    ]
    others = [v for v in (number(cells[SN]), number(cells[SE])) if v is not None]
    return [travel, *rated, annual(number(cells[ANNUAL]), others, sign)]


def main() -> None:
    text = (HERE / "scorecard-2020-12.tsv").read_text(encoding="utf-8")
    out = ["\t".join(["measure", "Direction of travel", *RATED, "Annual return"])]
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) != 16 or cells[0] in ("", "Performance Measure") or not any(cells[1:]):
            continue  # legend, header (both copies) and section rows
        out.append("\t".join([cells[0], *colours(cells)]))
    (HERE / "colours-2020-12.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
