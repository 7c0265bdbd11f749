"""The load test of ``bench/load.py`` (``make load``), shortened: two gunicorn instances of the example site in
production sharing PostgreSQL and Redis, 20 parents for 15 s over every public page and API operation, while
the sectorisation and a fee grid are re-imported twice. No error, every lookup and quote from the old or the new
data, and both instances on the new data once the refresh delay has passed. No time is asserted: the machine
may be busy.

Needs PostgreSQL (127.0.0.1:5432) and Redis (``LOAD_REDIS_URL``, default db 13, flushed); skipped without
unless MON_ENFANT_REQUIRE_SERVICES=1.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_database_free_answers import skip_or_fail
from tests.core.test_stalled_database import postgres_reachable

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.once
def test_two_instances_under_load_answer_without_error_and_follow_a_reimport():
    for module in ("aiohttp", "gunicorn", "psycopg", "redis"):
        pytest.importorskip(module)
    if not (postgres_reachable() and redis_reachable()):
        skip_or_fail(f"needs PostgreSQL at 127.0.0.1:5432 and Redis at {REDIS_URL}")
    env = {**os.environ, "LOAD_REDIS_URL": REDIS_URL}
    process = subprocess.Popen(
        [sys.executable, "bench/load.py", "--duration", "15", "--users", "20", "--timeout", "500",
         "--database", f"mon_enfant_load_test_{os.getpid()}"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        report, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)  # the script stops its servers
        report, _ = process.communicate(timeout=60)
        pytest.fail(f"the load test did not end:\n{report}")
    assert process.returncode == 0, report
    assert "errors: 0" in report and "FAILED" not in report and report.rstrip().endswith("PASS"), report
    consistency = [line for line in report.splitlines() if line.startswith(("| catchment:", "| fees:"))]
    # Two changes (demo → changed → demo) of two kinds of data, seen on two instances, none stale.
    assert len(consistency) == 8, report
    for line in consistency:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[3] != "never" and cells[5] == "0", line
