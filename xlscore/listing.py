"""`xlscore measures`: the catalogue as a plain-text table, to read or to grep.

Plain text (no box drawing) so that it pastes into an email and survives `cut`/`grep`.
"""

from __future__ import annotations

from decimal import Decimal

from xlscore.model import Catalogue, Measure

HEADERS = ("section", "id", "name", "unit", "period", "target", "tolerance", "direction")
GAP = "  "


def measure_row(measure: Measure) -> tuple[str, ...]:
    return (measure.section, measure.id, measure.name, measure.unit.value,
            measure.period.value, *_targets(measure),
            measure.direction.value if measure.direction else "-")


def _targets(measure: Measure) -> tuple[str, str]:
    """`95.0` for one target for all years, `2020/21: 95.0; 2021/22: 96.0` when by year."""
    if not measure.targets:
        return "-", "-"

    def join(values: list[tuple[object, Decimal]]) -> str:
        return "; ".join(str(v) if y is None else f"{y}: {v}" for y, v in values)

    return (join([(y, t.value) for y, t in measure.targets]),
            join([(y, t.tolerance) for y, t in measure.targets]))


def table(catalogue: Catalogue) -> str:
    """Columns padded to their widest cell; the last column is not padded."""
    rows = [HEADERS, *(measure_row(m) for m in catalogue.measures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append(GAP.join(cells).rstrip())
    return "\n".join(lines)
