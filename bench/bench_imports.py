"""Benchmark of the carte scolaire import on hostile files: rows repeated by the thousand against the same
size of distinct streets.

    .venv/bin/python bench/run.py imports          # or: .venv/bin/python bench/bench_imports.py [MB ...]
    BENCH_ROOT=/path/to/older/checkout .venv/bin/python bench/bench_imports.py 1   # the same files, older code

Files of 1, 2 and 4 MB in the national format are generated on the fly from the real extract's first row
(``tests/data/carte-scolaire-colleges-35-extrait.csv``, ALLEE BEAUSOLEIL, every number, one collège):

* **repeated**: that row again and again, the collège alternating between two UAIs, so that every pair of
  rows overlaps (half duplicates, half shared sectors): n(n-1)/2 pairs;
* **distinct**: the same row with a different street name on each line (the baseline: no overlap).

Each file is imported as a dry run (``import_catchment(..., dry_run=True)``, what the admin's upload does
first) in a child process of its own on a fresh SQLite database, which reports its wall time and its peak
memory (``ru_maxrss``). Printed: both figures per file, the repeated/distinct ratio of each size, and the
4 MB/1 MB ratio of each kind. Target: repeated rows cost at most twice distinct streets at every size,
and 4 MB costs at most 6 times 1 MB (linear, with room for noise). Only the targets decide the exit status.
BENCH_QUICK=1: 1 and 2 MB (the size goal scales: 3 times).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import Goal, Row, detail, main, quick  # noqa: E402 (bench/ is on the path)

# The checkout to measure: this one, or another (BENCH_ROOT, e.g. the main branch) for before/after figures.
ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
NATIONAL = ROOT / "tests" / "data" / "carte-scolaire-colleges-35-extrait.csv"
SIZES_MB = (1, 2, 4)
SCHOOLS = ("0350044H", "0350916F")
TARGET_KIND_RATIO = 2.0
TARGET_SIZE_RATIO = 6.0

CHILD = """
import json, resource, sys, time
from pathlib import Path
import django
django.setup()
from mon_enfant.catchment.importers import import_catchment

data = Path(sys.argv[1]).read_bytes()
started = time.perf_counter()
report = import_catchment(data, create_communes=True, dry_run=True, filename="bench.csv")
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rows": report.rows_read,
    "pairs": report.duplicate_count + report.shared_sector_count + report.conflict_count,
}))
"""


def write_file(path, megabytes, kind):
    """A national-format file of about ``megabytes`` MB, its rows ``repeated`` or on ``distinct`` streets."""
    lines = NATIONAL.read_bytes().decode("utf-8-sig").split("\r\n")
    header, first = lines[0], lines[1].split(";")
    label_index = [name.lower() for name in header.split(";")].index("type_et_libelle")
    rne_index = [name.lower() for name in header.split(";")].index("code_rne")
    rows, size, index = [header], len(header), 0
    while size < megabytes * 1024 * 1024:
        cells = list(first)
        cells[rne_index] = SCHOOLS[index % 2]
        if kind == "distinct":
            cells[label_index] = f"{first[label_index]} {index}"
        row = ";".join(cells)
        rows.append(row)
        size += len(row) + 2
        index += 1
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))


def measure(folder, database, data_path):
    """Import one file in a child process on a copy of the freshly migrated database."""
    copy = folder / "run.sqlite3"
    shutil.copyfile(database, copy)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}", "DJANGO_DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "example_site.settings"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    output = subprocess.run([sys.executable, "-c", CHILD, str(data_path)], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(sizes=None):
    sizes = sizes or ((1, 2) if quick() else SIZES_MB)
    rows = []
    command = ".venv/bin/python bench/run.py imports"
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        database = folder / "migrated.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "0",
               "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "example_site.settings"),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        figures = {}
        for megabytes in sizes:
            for kind in ("distinct", "repeated"):
                path = folder / f"{kind}-{megabytes}.csv"
                write_file(path, megabytes, kind)
                result = figures[kind, megabytes] = measure(folder, database, path)
                detail(f"{megabytes} MB {kind:>8}: {result['rows']:,} rows, {result['pairs']:,} overlapping pairs, "
                       f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB")
            repeated, distinct = figures["repeated", megabytes], figures["distinct", megabytes]
            rows.append(Row("imports", f"carte scolaire dry run, {megabytes} MB of one row repeated",
                            repeated["seconds"], "s", baseline=distinct["seconds"],
                            baseline_name="same size, distinct streets", command=command,
                            goal=Goal("ratio", "<=", TARGET_KIND_RATIO)))
        if len(sizes) > 1:
            size_goal = TARGET_SIZE_RATIO * sizes[-1] / sizes[0] / 4
            for kind in ("distinct", "repeated"):
                rows.append(Row("imports", f"carte scolaire dry run, {sizes[-1]} MB {kind}",
                                figures[kind, sizes[-1]]["seconds"], "s", baseline=figures[kind, sizes[0]]["seconds"],
                                baseline_name=f"{sizes[0]} MB", command=command,
                                goal=Goal("ratio", "<=", size_goal)))
    for row in rows:
        detail(f"{row.measured}: {row.ratio:.2f} ({row.goal})")
    return rows


if __name__ == "__main__":
    run_sizes = tuple(int(size) for size in sys.argv[1:]) or None
    main(lambda: run(run_sizes))
