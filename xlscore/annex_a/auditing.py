"""Whether the rules say what they did with every row they considered (the audit), or only
with the rows they excluded (all a build needs: the Data quality sheet lists them).

A context variable rather than a parameter, so that every rule keeps its one signature
`rule(month, counting, history, **parameters)`; `windows.work_out(..., audit=...)` sets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A rule called on its own says everything; windows.work_out only the exclusions unless
# asked for the audit.
AUDIT: ContextVar[bool] = ContextVar("annex_a_audit", default=True)


@contextmanager
def auditing(audit: bool) -> Iterator[None]:
    """Within it, a rule's Count holds an outcome for every row it considered when `audit`,
    else only for the rows it excluded."""
    token = AUDIT.set(audit)
    try:
        yield
    finally:
        AUDIT.reset(token)
