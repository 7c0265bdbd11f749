"""The same comparisons as bench_api_http, counted in CPU instructions instead of
timed: each request is served in-process through Django's WSGI handler under callgrind (valgrind), which
counts the instructions executed, the same count on every run whatever else the machine is doing. These
machines are noisy (the HTTP ratios move by 0.05 to 0.10 from one run to the next); this one does not.

The ratio printed is ``instructions of /_ping / instructions of the request``: the share of the baseline's
throughput the request would reach if the server did nothing else. Behind gunicorn both also pay the
server's own work (sockets, HTTP parsing), which brings the HTTP ratio closer to 1, so this ratio is the
stricter of the two. It is printed against the issues' targets for information; the targets themselves
are the HTTP ones.

Needs valgrind (Debian package valgrind). About two minutes: Python's start-up under valgrind is slow.

    .venv/bin/python bench/run.py instructions

The table's ratio for these lines is the one above (/_ping's instructions over the request's), not value/baseline.
BENCH_QUICK=1: 50 requests of each kind instead of 200.
"""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import bench_api_http as http
from harness import PYTHON, ROOT, bench_database, manage
from results import Row, detail, main, quick

COUNT = 200
KINDS = [
    ("/_ping (baseline)", "GET", "/_ping", None, None),
    ("POST fees/quote (QF)", "POST", http.QUOTE, http.QF_BODY, http.TARGET_RATIO),
    ("POST fees/quote (household)", "POST", http.QUOTE, http.HOUSEHOLD_BODY, None),
    ("GET catchment (found)", "GET", http.LOOKUP, None, http.TARGET_RATIO),
    ("GET streets (autocomplete)", "GET", http.STREETS, None, None),
]


def count_instructions(env, specs, count=COUNT):
    """Instructions per request of each spec, in one callgrind run (one dump part per spec)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=_operator_call",
             "--dump-after=_operator_call", f"--callgrind-out-file={out}",
             PYTHON, str(ROOT / "bench" / "inprocess.py"), str(count), json.dumps(specs)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        totals = []
        for number in range(1, len(specs) + 1):
            text = Path(f"{out}.{number}").read_text()
            totals.append(int(re.search(r"^totals:\s+(\d+)", text, re.MULTILINE).group(1)) / count)
        return totals


def run():
    if not shutil.which("valgrind"):
        detail("valgrind is missing (apt-get install valgrind): skipped")
        return [Row("instructions", "skipped: valgrind is missing (apt-get install valgrind)", 0, "")]
    count = 50 if quick() else COUNT
    with bench_database() as env:
        manage("shell", "-c", http.SEED, env=env)
        totals = count_instructions(env, [[method, path, body] for _label, method, path, body, _target in KINDS],
                                    count)
    baseline = totals[0]
    rows = []
    for index, ((label, *_request, target), instructions) in enumerate(zip(KINDS, totals, strict=True)):
        ratio = baseline / instructions
        line = f"{label:30s} {instructions / 1000:8,.0f} k instructions/request  ratio {ratio:.3f}"
        if target is not None:
            line += f" (the HTTP target, {target:.2f}, {'is' if ratio >= target else 'is not'} met in-process too)"
        detail(line)
        if index:  # the first kind is /_ping itself
            # For information (the targets are the HTTP benches'): the share of /_ping's throughput, as there.
            rows.append(Row("instructions", f"{label}, in-process, /_ping instructions / its instructions",
                            instructions / 1000, "k instr.", baseline=baseline / 1000, baseline_name="/_ping",
                            given_ratio=ratio))
    return rows


if __name__ == "__main__":
    main(run)
