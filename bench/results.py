"""What a benchmark hands to ``bench/run.py``: rows of one table, each a figure measured side by side with its
baseline (measured in the same run: these machines are noisy, only ratios mean something), the goal it is held
to and the command that reproduces it. Nothing here measures or prints a benchmark's own details:
:func:`detail` prints them only when asked (``-v``/``BENCH_VERBOSE=1``).

Also the two switches every benchmark reads: :func:`quick` (``BENCH_QUICK=1``: shorter versions, for a fast look)
and :func:`verbose`.
"""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass

OPERATORS = {"<": operator.lt, "<=": operator.le, ">=": operator.ge, ">": operator.gt, "==": operator.eq}


def quick():
    """``BENCH_QUICK=1``: fewer seconds, rounds and rows; the goals stay, the figures are rougher."""
    return os.environ.get("BENCH_QUICK") == "1"


def verbose():
    return os.environ.get("BENCH_VERBOSE") == "1"


def detail(*args, **kwargs):
    """A benchmark's own detailed output (every figure it measured, not only its rows): printed with ``-v``."""
    if verbose():
        print(*args, **{"flush": True, **kwargs})


@dataclass(frozen=True)
class Goal:
    """What a row must reach: on its ``ratio`` (value / baseline) or on its ``value``, e.g. ``Goal("ratio",
    ">=", 0.7)`` for "at least 0.7 times the baseline's requests per second"."""

    on: str
    op: str
    limit: float

    def met(self, row: Row) -> bool | None:
        figure = row.ratio if self.on == "ratio" else row.value
        return None if figure is None else OPERATORS[self.op](figure, self.limit)

    def __str__(self):
        return f"{self.on} {self.op} {self.limit:g}"


@dataclass(frozen=True)
class Row:
    """One line of the table. ``ratio`` is ``value / baseline`` unless given (both in ``unit``); a row without a
    goal is for information."""

    bench: str  # the module's name without ``bench_`` ("api_http"): ``bench/run.py api_http`` runs it
    measured: str  # what is measured, and how much of it ("catchment lookup, SQLite")
    value: float
    unit: str  # "req/s", "ms", "s", "MB", "%"...
    baseline: float | None = None
    baseline_name: str = ""  # what the baseline is ("/_ping", "plain Wagtail page", "1 MB file")
    goal: Goal | None = None
    command: str = ""  # reproduces this line; default: ``.venv/bin/python bench/run.py <bench>``
    given_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.given_ratio is not None:
            return self.given_ratio
        return self.value / self.baseline if self.baseline else None

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return "info"
        return {True: "OK", False: "missed", None: "no figure"}[self.goal.met(self)]

    @property
    def reproduce(self) -> str:
        return self.command or f".venv/bin/python bench/run.py {self.bench}"


def number(value: float | None) -> str:
    if value is None:
        return ""
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}"


HEADER = ("benchmark", "what is measured", "value", "baseline", "ratio", "goal", "result", "command")


def cells(row: Row) -> tuple[str, ...]:
    baseline = f"{number(row.baseline)} {row.unit} ({row.baseline_name})" if row.baseline is not None else (
        row.baseline_name)
    return (row.bench, row.measured, f"{number(row.value)} {row.unit}", baseline,
            "" if row.ratio is None else f"{row.ratio:.2f}", str(row.goal or ""), row.verdict, row.reproduce)


def table(rows: list[Row], *, markdown: bool = False) -> str:
    """The rows as one table: aligned text for a terminal, or Markdown for docs/performance.md."""
    lines = [HEADER, *(cells(row) for row in rows)]
    if markdown:
        escape = lambda text: text.replace("|", "\\|")  # noqa: E731
        out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        out += ["| " + " | ".join(escape(cell) if index < 7 else f"`{cell}`" for index, cell in enumerate(line))
                + " |" for line in lines[1:]]
        return "\n".join(out)
    widths = [max(len(line[index]) for line in lines) for index in range(len(HEADER) - 1)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False))
                     + "  " + line[-1] for line in lines)


def all_met(rows: list[Row]) -> bool:
    """Every goal met (rows for information do not count)."""
    return all(row.verdict in ("OK", "info") for row in rows)


def main(run):
    """Run one benchmark alone (``python bench/bench_<name>.py``): its details as it goes, then its rows."""
    import sys

    os.environ.setdefault("BENCH_VERBOSE", "1")
    rows = run()
    print(table(rows))
    sys.exit(0 if all_met(rows) else 1)
