"""pandas in and out: a DataFrame as the table a CSV would give, a scorecard as a tidy frame.

The only module that imports pandas, and only when it is called: `xlscore build` never
pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from numbers import Integral
from typing import TYPE_CHECKING, Any, overload

from xlscore.problems import ArgumentError
from xlscore.sources import cell_text
from xlscore.tabular import Row, Table, normalise

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from xlscore.calculator import Line, Scorecard
    from xlscore.periods import Month
    from xlscore.spc import Spc
    from xlscore.trends import Trend

FRAME = "DataFrame"
COLUMNS = ("section", "measure", "name", "unit", "column", "period", "value", "rating",
           "target", "tolerance", "direction", "travel", "commentary", "variation",
           "assurance")


def table_from_frame(frame: pd.DataFrame) -> Table:
    """The frame's rows as a table of text cells, each row's line its index label (its
    position when the index is not whole numbers): the table `table_from_records` makes of
    `frame.to_dict("records")`, made column by column (each distinct value turned into
    text once) and its rows made as they are read, so a million rows stay small."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"expected a pandas DataFrame, not a {type(frame).__name__}")
    header = tuple(str(name) for name in frame.columns)
    columns = [(normalise(name), *_coded(frame.iloc[:, position]))
               for position, name in enumerate(header)]
    index = frame.index
    lines: Sequence[int]
    if isinstance(index, pd.RangeIndex):
        lines = range(index.start, index.stop, index.step)
    elif pd.api.types.is_integer_dtype(index.dtype):
        lines = [int(label) for label in index.tolist()]
    else:
        lines = [int(label) if isinstance(label, Integral) and not isinstance(label, bool)
                 else position for position, label in enumerate(index.tolist())]
    named = tuple(dict.fromkeys(name for name, _, _ in columns if name))
    return Table(FRAME, named, ColumnRows(lines, [c for c in columns if c[0]]), header)


class ColumnRows(Sequence[Row]):
    """A table's rows kept as columns (each distinct text once, and a code for each row)
    and made into `Row`s as they are read."""

    CHUNK = 65_536  # rows whose codes become Python ints at a time

    def __init__(self, lines: Sequence[int],
                 columns: list[tuple[str, list[str], np.ndarray]]):
        self._lines, self._columns = lines, columns

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Row(self._lines[index], {name: shown[codes[index]]
                                        for name, shown, codes in self._columns})

    def __iter__(self) -> Iterator[Row]:
        names = [name for name, _, _ in self._columns]
        for start in range(0, len(self), self.CHUNK):
            end = start + self.CHUNK
            cells = [[shown[code] for code in codes[start:end].tolist()]
                     for _, shown, codes in self._columns]
            for line, *row in zip(self._lines[start:end], *cells, strict=True):
                yield Row(line, dict(zip(names, row, strict=True)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                        strict=True))

    __hash__ = None  # type: ignore[assignment]


def _coded(column: pd.Series) -> tuple[list[str], np.ndarray]:
    """Each distinct cell as `cell_text` writes it, and each row's code into those texts."""
    import numpy as np
    import pandas as pd

    if column.dtype != object or pd.api.types.infer_dtype(column, skipna=False) == "string":
        # One kind of value (texts only, in an object column): equal values are the same
        # cell. An object column of mixed kinds is not, as 1 == 1.0 == True shows.
        codes, distinct = pd.factorize(column, use_na_sentinel=True)
        shown = [cell_text(value) for value in distinct] + [""]  # code -1, missing: the last
        return shown, codes.astype(np.int32)
    known: dict[tuple[type, Any], int] = {}
    shown, coded = [], []
    for value in column.tolist():
        kind = type(value)
        key = (kind, value) if kind is str or kind is int else None
        code = known.get(key) if key is not None else None
        if code is None:
            code = len(shown)
            shown.append(cell_text(value))
            if key is not None:
                known[key] = code
        coded.append(code)
    return shown, np.array(coded, dtype=np.int32)


def scorecard_frame(card: Scorecard, trend: Trend, spc: Spc | None = None) -> pd.DataFrame:
    """One row per measure and Scorecard column (Baseline ... benchmarks, and Direction of
    travel, whose rating is yellow when the month improved), then one per measure and Trend
    month (column "Trend"). Values are as displayed, as floats; NaN where n/a. Every row of a
    measure carries what the Scorecard says of it beside its figures: direction, the travel
    words (Improved, Worse, No change), the commentary and, with SPC, Variation and
    Assurance."""
    try:
        import pandas as pd
    except ImportError as exc:  # as pandas says of its own optional dependencies
        raise ImportError("Missing optional dependency 'pandas' for to_frame(); install it "
                          "with pip install 'xlscore[pandas]'") from exc

    spec = card.catalogue.benchmarks
    columns = [("Baseline", str(card.baseline_month)), ("Previous Month", str(card.previous_month)),
               ("Current Month", str(card.month)), ("Full quarter", str(card.quarter))]
    columns += [(c.heading, _run(c.months(card.month))) for c in card.catalogue.columns]
    if spec is not None:
        columns.append(("Annual return", spec.period))
    rows: list[tuple[Any, ...]] = []
    said = {line.measure.id: _said(line, spc) for line in card.lines}
    for line in card.lines:
        figures = [line.baseline, line.previous, line.current, line.quarter, *line.columns]
        if spec is not None:
            figures.append(line.annual)
        named = list(zip(columns, figures, strict=True))
        if spec is not None:
            named += [((c, spec.period), f) for c, f in zip(spec.columns, line.comparators,
                                                             strict=True)]
        for (column, period), figure in named:
            rows.append(_row(line.measure, column, period, figure.value, figure.rating,
                             line.target) + said[line.measure.id])
        rows.append(_row(line.measure, "Direction of travel", str(card.month), None,
                         "yellow" if line.improved else None, line.target)
                    + said[line.measure.id])
    for trend_line in trend.lines:
        for month, figure, target in zip(trend.months, trend_line.figures,
                                         trend_line.targets, strict=True):
            rows.append(_row(trend_line.measure, "Trend", str(month), figure.value,
                             figure.rating, target) + said[trend_line.measure.id])
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"value": "float64", "target": "float64", "tolerance": "float64"})


def _run(months: tuple[Month, ...]) -> str:
    return str(months[0]) if len(months) == 1 else f"{months[0]} to {months[-1]}"


def _said(line: Line, spc: Spc | None) -> tuple[str | None, ...]:
    """What the Scorecard says of a measure besides its figures, as text (None: nothing)."""
    analysis = spc.of(line.measure.id) if spc is not None else None
    return (line.measure.direction.value if line.measure.direction else None,
            line.travel.value if line.travel else None, line.note or None,
            analysis.variation_text if analysis else None,
            analysis.assurance_text if analysis else None)


def _row(measure: Any, column: str, period: str, value: Any, rating: Any,
         target: Any) -> tuple[Any, ...]:
    rating_text = rating if isinstance(rating, str) or rating is None else rating.value
    return (measure.section, measure.id, measure.name, measure.unit.value, column, period,
            None if value is None else float(value), rating_text,
            None if target is None else float(target.value),
            None if target is None else float(target.tolerance))
