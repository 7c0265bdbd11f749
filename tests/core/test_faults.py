"""The fault scenarios of ``bench/faults.py`` (``make faults``), shortened: the example site in production
(gunicorn, PostgreSQL with the demo, Redis) keeps answering when the Redis of its version stamps dies and
when the remote geocoder fails, and uses them again when they are back. Both database scenarios take
longer (``make faults`` runs them; tests/core/test_stalled_database.py keeps a short stalled one here).

Needs PostgreSQL (127.0.0.1:5432), Redis (database 9, flushed: MON_ENFANT_TEST_FAULTS_REDIS_URL) and ``redis-server``;
skipped without unless MON_ENFANT_REQUIRE_SERVICES=1.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_database_free_answers import redis_reachable, skip_or_fail
from tests.core.test_stalled_database import POSTGRES, postgres_reachable

# A Redis database of its own (flushed): make test runs test files side by side (pytest-xdist).
FAULTS_REDIS_URL = os.environ.get("MON_ENFANT_TEST_FAULTS_REDIS_URL", "redis://127.0.0.1:6379/9")

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.mark.once
def test_the_site_keeps_answering_when_redis_dies_or_the_geocoder_fails():
    pytest.importorskip("gunicorn")
    pytest.importorskip("psycopg")
    pytest.importorskip("redis")
    if not (postgres_reachable() and redis_reachable() and shutil.which("redis-server")):
        skip_or_fail("needs PostgreSQL at 127.0.0.1:5432, Redis and redis-server")
    env = {**os.environ, "FAULTS_REDIS_URL": FAULTS_REDIS_URL, "FAULTS_POSTGRES": POSTGRES}
    result = subprocess.run([sys.executable, "bench/faults.py", "redis-down", "geocoder", "--outage", "3"],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    for scenario in ("== redis-down:", "== geocoder:"):
        table = report.split(scenario, 1)[1].split("\n== ", 1)[0]
        assert "   PASS" in table and "FAILED" not in table, report
    assert "2 scenario(s)" in report and report.rstrip().endswith("PASS"), report
