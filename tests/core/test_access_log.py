"""Issue 10, finding 9: the lookup is a GET, so a server's access log would hold the address typed. The
example site's gunicorn configuration (``example_site/gunicorn.conf.py``, as docs/deploy.md tells a host)
logs the path without its query string: a real gunicorn, on loopback, serves a lookup and an API lookup
with an address; its access log lists both requests and no part of the address."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
ADDRESS = "17 rue du Secret-Bien-Gardé"
SECRETS = ["Secret", "Bien-Gard", "17+rue", "17%20rue"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start")


@contextlib.contextmanager
def gunicorn_serving(env, work):
    """The example site under gunicorn with ``example_site/gunicorn.conf.py``, one worker, on a free loopback
    port; yields its base URL. Its access log is ``work / "access.log"``."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "example_site/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(work / "access.log")],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_serving(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    pytest.importorskip("gunicorn")
    work = tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings", "DJANGO_DEBUG": "0",
           "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}", "PYTHONPATH": str(BASE_DIR)}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    with gunicorn_serving(env, work) as base:
        yield base, work / "access.log"

def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_access_log_holds_the_requests_but_not_the_address(gunicorn):
    from urllib.parse import urlencode

    base, access_log = gunicorn
    query = urlencode({"commune": "35288", "address": ADDRESS, "level": "elementaire"})
    statuses = [get(f"{base}/api/mon-enfant/v1/catchment?{query}"),
                get(f"{base}/api/mon-enfant/v1/streets?{urlencode({'commune': '35288', 'q': ADDRESS})}"),
                get(f"{base}/trouver-mon-ecole/?{query}")]
    assert statuses[:2] == [200, 200]
    time.sleep(0.5)  # gunicorn writes its access log line once the answer is sent
    log = access_log.read_text()
    assert "GET /api/mon-enfant/v1/catchment HTTP/1.1\" 200" in log
    assert "GET /api/mon-enfant/v1/streets HTTP/1.1\" 200" in log
    assert "/trouver-mon-ecole/" in log
    assert [secret for secret in SECRETS if secret in log] == []
    assert "?" not in log
