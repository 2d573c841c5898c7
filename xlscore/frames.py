"""pandas in and out: a DataFrame as the table a CSV would give, a scorecard as a tidy frame.

The only module that imports pandas, and only when it is called: `xlscore build` never
pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlscore.sources import table_from_records
from xlscore.tabular import Table

if TYPE_CHECKING:
    import pandas as pd

    from xlscore.calculator import Scorecard
    from xlscore.trends import Trend

FRAME = "DataFrame"
COLUMNS = ("section", "measure", "name", "unit", "column", "period", "value", "rating",
           "target", "tolerance")


def table_from_frame(frame: pd.DataFrame) -> Table:
    """The frame's rows as a table of text cells, each row's line its index label (its
    position when the index is not whole numbers)."""
    records = [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]
    return table_from_records(records, name=FRAME, index=list(frame.index))


def scorecard_frame(card: Scorecard, trend: Trend) -> pd.DataFrame:
    """One row per measure and Scorecard column (Baseline ... benchmarks, and Direction of
    travel, whose rating is yellow when the month improved), then one per measure and Trend
    month (column "Trend"). Values are as displayed, as floats; NaN where n/a."""
    try:
        import pandas as pd
    except ImportError as exc:  # as pandas says of its own optional dependencies
        raise ImportError("Missing optional dependency 'pandas' for to_frame(); install it "
                          "with pip install 'xlscore[pandas]'") from exc

    spec = card.catalogue.benchmarks
    columns = [("Baseline", str(card.baseline_month)), ("Previous Month", str(card.previous_month)),
               ("Current Month", str(card.month)), ("Full quarter", str(card.quarter))]
    if spec is not None:
        columns.append(("Annual return", spec.period))
    rows: list[tuple[Any, ...]] = []
    for line in card.lines:
        figures = [line.baseline, line.previous, line.current, line.quarter]
        if spec is not None:
            figures.append(line.annual)
        named = list(zip(columns, figures, strict=True))
        if spec is not None:
            named += [((c, spec.period), f) for c, f in zip(spec.columns, line.comparators,
                                                             strict=True)]
        for (column, period), figure in named:
            rows.append(_row(line.measure, column, period, figure.value, figure.rating,
                             line.target))
        rows.append(_row(line.measure, "Direction of travel", str(card.month), None,
                         "yellow" if line.improved else None, line.target))
    for trend_line in trend.lines:
        for month, figure, target in zip(trend.months, trend_line.figures,
                                         trend_line.targets, strict=True):
            rows.append(_row(trend_line.measure, "Trend", str(month), figure.value,
                             figure.rating, target))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"value": "float64", "target": "float64", "tolerance": "float64"})


def _row(measure: Any, column: str, period: str, value: Any, rating: Any,
         target: Any) -> tuple[Any, ...]:
    rating_text = rating if isinstance(rating, str) or rating is None else rating.value
    return (measure.section, measure.id, measure.name, measure.unit.value, column, period,
            None if value is None else float(value), rating_text,
            None if target is None else float(target.value),
            None if target is None else float(target.tolerance))
