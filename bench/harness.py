"""Benchmark harness: serve the example site with gunicorn (2 workers) on loopback and load it with wrk,
always side by side with a baseline measured in the same run (these machines are noisy, so only
ratios mean something).

Used by the bench_*.py modules; `make bench` (bench/run.py) runs them all.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# The checkout to serve: this one, or another (BENCH_ROOT) to measure an older version in the same run.
ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parent.parent)
PYTHON = sys.executable
# The PostgreSQL database the benches drop and recreate: name your own (BENCH_POSTGRES_DB) when several people
# bench on one server, or the runs destroy each other's data.
POSTGRES_DB = os.environ.get("BENCH_POSTGRES_DB", "mon_enfant_bench")
POSTGRES_URL = f"postgres://postgres@127.0.0.1:5432/{POSTGRES_DB}"


# The plain Wagtail page, a baseline: the host's page type with an empty body, under the default site's root,
# rendered by the same server or process as the pages measured against it.
PLAIN_PAGE = "/bench-page-vide/"
PLAIN_PAGE_SEED = (
    "from wagtail.models import Site\n"
    "from example_site.home.models import HomePage\n"
    "root = Site.objects.get(is_default_site=True).root_page\n"
    "root.add_child(instance=HomePage(title='Page vide', slug='bench-page-vide'))\n"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(host, port):
    """Whether something listens at host:port (PostgreSQL, Redis) within a second."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


# 50 characters or more, not all alike: what `check --deploy` asks of a secret key.
PRODUCTION_SECRET_KEY = "bench-and-tests-production-secret-key-not-secret-5f0c9a27d1e84b36"


def production_env(static_root=None, base=None, **environ):
    """The environment of a process on the example site's production settings (``settings_production``), over
    plain HTTP on loopback: a secret key and host of the benches' and tests' own, no redirect to HTTPS, the
    production defaults (no DEBUG, no persistent connections), static files collected into ``static_root``
    (the manifest storage renders no page without them: ``manage("collectstatic", ...)`` first). ``base``: the
    environment to start from (``os.environ``); ``environ`` adds or overrides variables."""
    env = {**(os.environ if base is None else base), "DJANGO_SETTINGS_MODULE": "example_site.settings_production",
           "PYTHONPATH": str(ROOT), "DJANGO_SECRET_KEY": PRODUCTION_SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "0"}
    # DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests' switch (Playwright), which `check --deploy` refuses.
    for name in ("DJANGO_DEBUG", "DJANGO_INSECURE_COOKIES", "DJANGO_STATIC_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE",
                 "CONN_MAX_AGE"):
        env.pop(name, None)
    if static_root is not None:
        env["DJANGO_STATIC_ROOT"] = str(static_root)
    return {**env, **environ}


def migrated_sqlite_env(folder, root=ROOT):
    """The environment of a child process on a fresh, migrated SQLite database in ``folder``, for the benches
    that run Django code in process (no server)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "example_site.settings"),
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")])),
    }
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True)
    return env


@contextlib.contextmanager
def bench_database(database="sqlite", extra_env=None, postgres_db=None):
    """A fresh database (SQLite in a temporary folder, or PostgreSQL on 127.0.0.1: ``postgres_db``, default
    ``POSTGRES_DB``, dropped and recreated) with the demo loaded.
    The server keeps its database connections (CONN_MAX_AGE=60, the production setting)."""
    name = postgres_db or POSTGRES_DB
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3" if database == "sqlite" else \
            f"postgres://postgres@127.0.0.1:5432/{name}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "PYTHONPATH": str(ROOT),
               "DJANGO_SETTINGS_MODULE": "example_site.settings", "CONN_MAX_AGE": "60", **(extra_env or {})}
        if database != "sqlite":
            _recreate_postgres_database(name)
        try:
            manage("migrate", "--noinput", env=env)
            manage("load_demo", env=env)
            yield env
        finally:
            if database != "sqlite":
                subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
                               check=False)


def _recreate_postgres_database(name=POSTGRES_DB):
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


@contextlib.contextmanager
def gunicorn(env, workers=2, config=None, start_timeout=10, stderr=None):
    """The example site under gunicorn on a free loopback port; yields its base URL. With ``config`` (a path
    from ROOT, as ``example_site/gunicorn.conf.py``) gunicorn reads that file, given the port and the number
    of workers by ``GUNICORN_BIND`` and ``GUNICORN_WORKERS``."""
    port = free_port()
    if config:
        args = ["-c", config]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    else:
        args = ["example_site.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen([PYTHON, "-m", "gunicorn", *args], cwd=ROOT, env=env, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                urllib.request.urlopen(base + "/_ping", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(url, *, seconds=5, connections=8, method="GET", body=None, headers=None):
    """Requests per second that wrk (1 thread: the other core serves) gets from a URL; non-2xx fails."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    script = None
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if method != "GET" or body or headers:
        lines = [f'wrk.method = "{method}"']
        if body is not None:
            lines.append(f"wrk.body = [==[{body}]==]")
        for key, value in (headers or {}).items():
            lines.append(f'wrk.headers["{key}"] = "{value}"')
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write("\n".join(lines) + "\n")
        script.close()
        args += ["-s", script.name]
    try:
        output = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def compare(base_url, baseline_path, target, *, rounds=3, seconds=4, **target_kwargs):
    """Alternate baseline and target runs (so drift hits both), return (baseline_rps, target_rps, ratio)
    using the best round of each."""
    wrk(base_url + baseline_path, seconds=1)  # warm both workers
    wrk(base_url + target, seconds=1, **target_kwargs)
    baseline, measured = [], []
    for _ in range(rounds):
        baseline.append(wrk(base_url + baseline_path, seconds=seconds))
        measured.append(wrk(base_url + target, seconds=seconds, **target_kwargs))
    best_baseline, best_target = max(baseline), max(measured)
    return best_baseline, best_target, best_target / best_baseline
