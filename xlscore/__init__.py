"""xlscore: the monthly children's services performance scorecard, built from extracts.

From Python::

    import xlscore

    catalogue = xlscore.load_catalogue("measures.yaml")        # or a dict
    report = xlscore.check(catalogue, "inputs")                # problems as data
    scorecard = xlscore.build(catalogue, "inputs", month="2020-12")
    scorecard.to_xlsx("outputs")                               # the workbook
    frame = scorecard.to_frame()                               # every figure, tidy

Extracts may also come from a pandas DataFrame (`extracts_from_frame`) or a list of dicts
(`extracts_from_records`); benchmarks likewise. Every error a user can cause is an
`XlscoreError`; `build` raises `InputError`, which carries every problem found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlscore.version import __version__ as __version__

__all__ = [
    "ArgumentError",
    "BenchmarkSource",
    "Catalogue",
    "Extracts",
    "Finding",
    "InputError",
    "Month",
    "OutputError",
    "Problem",
    "Report",
    "Scorecard",
    "Severity",
    "XlscoreError",
    "benchmarks_from_frame",
    "benchmarks_from_records",
    "build",
    "check",
    "extracts_from_frame",
    "extracts_from_records",
    "load_catalogue",
    "read_benchmarks",
    "read_extracts",
]

# Where each public name lives. They are imported on first use, so that `import xlscore`
# stays cheap for a module that only needs one part (the CLI's start-up time counts).
_HOMES = {
    "ArgumentError": "xlscore.problems",
    "BenchmarkSource": "xlscore.sources",
    "Extracts": "xlscore.sources",
    "Catalogue": "xlscore.model",
    "Month": "xlscore.periods",
    "Finding": "xlscore.quality",
    "InputError": "xlscore.problems",
    "OutputError": "xlscore.problems",
    "Problem": "xlscore.problems",
    "Severity": "xlscore.problems",
    "XlscoreError": "xlscore.problems",
}

if TYPE_CHECKING:
    from xlscore.api import (
        Report,
        Scorecard,
        benchmarks_from_frame,
        benchmarks_from_records,
        build,
        check,
        extracts_from_frame,
        extracts_from_records,
        load_catalogue,
        read_benchmarks,
        read_extracts,
    )
    from xlscore.model import Catalogue
    from xlscore.periods import Month
    from xlscore.problems import (
        ArgumentError,
        InputError,
        OutputError,
        Problem,
        Severity,
        XlscoreError,
    )
    from xlscore.quality import Finding
    from xlscore.sources import BenchmarkSource, Extracts


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'xlscore' has no attribute '{name}'")
    from importlib import import_module

    value = getattr(import_module(_HOMES.get(name, "xlscore.api")), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
