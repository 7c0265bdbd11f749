"""Quality of "Vouliez-vous dire… ?": hit@1 and hit@5 of the typo table (tests/catchment/data/typos.csv,
realistic mistakes typed on the demo's streets) against the demo carte scolaire, as ``load_demo`` loads it.

    .venv/bin/python bench/run.py suggestions        # or: .venv/bin/python bench/bench_suggestions.py

A row is a hit at k when the street meant is recognised, or among the first k suggestions of the lookup for
the row's level (see tests/catchment/suggestion_quality.py). Runs in a separate process on a fresh SQLite
database; the rows missed at 1 are listed with the rank the street got. Target: the floors that
tests/catchment/test_suggestion_quality.py asserts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import migrated_sqlite_env  # noqa: E402 (bench/ is on the path: run.py or this script's folder)
from results import Goal, Row, detail, main  # noqa: E402

CHILD = """
import json
from io import StringIO
import django
django.setup()
from django.core.management import call_command
from mon_enfant.catchment import services
from tests.catchment.suggestion_quality import hit_rates, read_typos

call_command("load_demo", stdout=StringIO(), stderr=StringIO())
hit1, hit5, misses = hit_rates(lambda commune, typed, level: services.lookup(commune, typed, level).result)
print(json.dumps({"rows": len(read_typos()), "hit1": hit1, "hit5": hit5,
                  "misses": [[typo.typed, typo.level, typo.expected, rank] for typo, rank in misses]}))
"""


def measure():
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = migrated_sqlite_env(folder, ROOT)
        output = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, check=True, capture_output=True,
                                text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run():
    from tests.catchment.suggestion_quality import HIT_AT_1_FLOOR, HIT_AT_5_FLOOR

    figures = measure()
    detail(f"typo table, {figures['rows']} rows on the demo: hit@1 {figures['hit1']:.1%}, hit@5 {figures['hit5']:.1%}")
    for typed, level, expected, rank in figures["misses"]:
        where = "not offered" if rank is None else f"rank {rank}"
        detail(f"    missed at 1: {typed!r} ({level}) -> {expected!r} {where}")
    table = f"typo table ({figures['rows']} rows) on the demo"
    return [Row("suggestions", f"hit@{k}, {table}", figures[f"hit{k}"] * 100, "%",
                goal=Goal("value", ">=", floor * 100)) for k, floor in ((1, HIT_AT_1_FLOOR), (5, HIT_AT_5_FLOOR))]


if __name__ == "__main__":
    main(run)
