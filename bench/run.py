"""Run every benchmark of ``bench/`` and print ONE table: each line a figure, the baseline measured beside it in
the same run, their ratio, the goal, OK or missed, and the command that reproduces the line.

    make bench                                   # every benchmark (.venv/bin/python bench/run.py)
    make bench BENCH_ARGS="api_http family -v"   # some of them (names matched as substrings), with their details
    BENCH_QUICK=1 make bench                     # shorter versions (fewer seconds, rounds and rows): a fast look
    .venv/bin/python bench/run.py --markdown     # the table in Markdown, for docs/performance.md
    BENCH_QUICK=0 make bench                     # the département-scale benchmark at full size, not 1/20

Options: ``-v``/``--verbose`` (each benchmark's own detailed output as it runs, also ``BENCH_VERBOSE=1``),
``--quick`` (same as ``BENCH_QUICK=1``), ``--markdown``. The exit status is 1 when a goal is missed.

The baselines: the trivial JSON view ``/_ping`` of the same server (HTTP benchmarks), a plain Wagtail page (the
host's page type with an empty body) rendered by the same process, or the smaller size of the same workload
(imports: linear in their rows). Each benchmark measures its own, alternating rounds so that drift hits both.

Protocol of a benchmark, for a new one (``bench/bench_<name>.py``)::

    from results import Goal, Row, detail, quick

    def run() -> list[Row]:
        seconds = 1 if quick() else 5             # BENCH_QUICK=1: a shorter version
        ...measure the figure and its baseline in the same run...
        detail(f"every figure measured: ...")     # printed with -v only
        return [Row("name", "what is measured", value, "ms", baseline=..., baseline_name="/_ping",
                    goal=Goal("ratio", "<=", 1.5))]

``bench/`` is on ``sys.path`` (``harness`` for gunicorn/wrk/databases, ``results``). A module may also be run
alone (``python bench/bench_<name>.py``): end it with ``results.main(run)``.
"""

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from results import Row, all_met, table  # noqa: E402


def rows_of(name):
    """The rows of one module; a failure is a missed line, so that the other benchmarks still run."""
    bench = name.removeprefix("bench_")
    try:
        result = importlib.import_module(name).run()
    except Exception as error:  # noqa: BLE001 (one failing benchmark must not hide the others' figures)
        traceback.print_exc()
        return [Row(bench, f"FAILED: {type(error).__name__}: {str(error)[:80]}", 0, "", given_ratio=None,
                    goal=_FAILED)]
    return result


def machine():
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{platform.node()}: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("names", nargs="*", help="only the benchmarks whose name contains one of these")
    parser.add_argument("-v", "--verbose", action="store_true", help="each benchmark's own detailed output")
    parser.add_argument("--quick", action="store_true", help="shorter versions (BENCH_QUICK=1)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    args = parser.parse_args(argv)
    if args.verbose:
        os.environ["BENCH_VERBOSE"] = "1"
    if args.quick:
        os.environ["BENCH_QUICK"] = "1"
    modules = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if args.names:
        modules = [m for m in modules if any(name in m for name in args.names)]
    started, rows = time.perf_counter(), []
    before = machine()
    for name in modules:
        print(f"== {name}", file=sys.stderr, flush=True)
        module_started = time.perf_counter()
        rows += rows_of(name)
        print(f"   {time.perf_counter() - module_started:.0f} s", file=sys.stderr, flush=True)
    quick = " (BENCH_QUICK=1)" if os.environ.get("BENCH_QUICK") == "1" else ""
    print(f"\nmake bench{quick}, {time.strftime('%Y-%m-%d %H:%M %Z')}, {time.perf_counter() - started:.0f} s")
    print(f"before: {before}\nafter:  {machine()}\n")
    print(table(rows, markdown=args.markdown))
    ok = all_met(rows)
    print(f"\n{sum(row.verdict == 'OK' for row in rows)} goal(s) met, "
          f"{sum(row.verdict not in ('OK', 'info') for row in rows)} missed, "
          f"{sum(row.verdict == 'info' for row in rows)} line(s) for information")
    return 0 if ok else 1


class _Fixed:
    """The goal of a line that is not a measure: a benchmark that failed."""

    def __init__(self, met):
        self._met = met

    def met(self, row):
        return self._met if row.value else False

    def __str__(self):
        return "runs"


_FAILED = _Fixed(False)

if __name__ == "__main__":
    sys.exit(main())
