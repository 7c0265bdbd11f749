"""What a rate limit costs (mon_enfant/ratelimit.py): the API's busiest operations with the limits off, on in the
local memory cache, and on in Redis (the production set-up), in the same run (only ratios mean something here).

    .venv/bin/python bench/run.py ratelimit       # or: .venv/bin/python bench/bench_ratelimit.py
    BENCH_REDIS_URL=redis://127.0.0.1:6379/12 ...   # the Redis database to count in (default: db 12; none: "")

A child process migrates a fresh SQLite database, loads the demo (``load_demo``) and serves, through Django's own
WSGI handler in that process (no server, no socket), ``/_ping``, a catchment lookup, a street search and a quote;
each configuration is applied with ``override_settings``, the requests interleaved round by round so that a slow
moment of the machine falls on every configuration alike. The rates are high enough never to refuse (every
request counts and is served). Printed: the median time per request of each operation in each configuration and
its ratio to the same operation with the limits off. No test asserts a time.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from results import Goal, Row, detail, main  # noqa: E402 (bench/ is on the path)

ROUNDS = 30
BATCH = 20
REQUESTS = {
    "/_ping": ("GET", "/_ping", None),
    "catchment lookup": ("GET", "/api/mon-enfant/v1/catchment?commune=35288&address=14+bis+rue+de+Trichet"
                                "&level=elementaire", None),
    "street autocomplete": ("GET", "/api/mon-enfant/v1/streets?commune=35288&q=34+rue+de+la", None),
    "fee quote (QF)": ("POST", "/api/mon-enfant/v1/fees/quote",
                       json.dumps({"commune": "35288", "school_year": "2026-2027", "qf": "1050"})),
}
EVERY_OPERATION = {name: "1000000/m" for name in ("catchment_lookup", "catchment_streets", "fees_quote")}


def child(redis_url):
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    from django.conf import settings

    cache_settings = {**settings.CACHES, "bench_locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                          "LOCATION": "bench-ratelimit"}}
    configurations = {"off": {}, "on, LocMemCache": {"MON_ENFANT_RATE_LIMITS": EVERY_OPERATION,
                                                     "MON_ENFANT_RATE_LIMIT_CACHE": "bench_locmem"}}
    if redis_url:
        cache_settings["bench_redis"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                         "LOCATION": redis_url,
                                         "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
        configurations["on, Redis"] = {"MON_ENFANT_RATE_LIMITS": EVERY_OPERATION,
                                       "MON_ENFANT_RATE_LIMIT_CACHE": "bench_redis"}
    override_settings(CACHES=cache_settings, MON_ENFANT_REFRESH_SECONDS=3600).enable()
    handler = WSGIHandler()

    def serve(method, path, body):
        path, _, query = path.partition("?")
        body = (body or "").encode()
        status = []
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
                   "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "192.0.2.1", "CONTENT_TYPE": "application/json",
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
                   "wsgi.errors": sys.stderr}
        result = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(result)
        result.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{method} {path} answered {status[0]}")

    times = {(config, name): [] for config in configurations for name in REQUESTS}
    for round_ in range(ROUNDS + 2):  # the first two rounds warm everything up
        for config, overrides in configurations.items():
            with override_settings(**overrides):
                for name, request in REQUESTS.items():
                    start = time.perf_counter()
                    for _ in range(BATCH):
                        serve(*request)
                    if round_ >= 2:
                        times[(config, name)].append((time.perf_counter() - start) / BATCH)
    figures = {f"{config}|{name}": statistics.median(values) * 1e6 for (config, name), values in times.items()}
    # The helper alone, limits off: what every limited request pays when the host sets no limit.
    import timeit

    from django.test import RequestFactory

    from mon_enfant import ratelimit

    request = RequestFactory().get("/")
    for config, overrides in configurations.items():
        number = 100_000 if config == "off" else 2_000
        with override_settings(**overrides):
            figures[f"helper|{config}"] = min(timeit.repeat(lambda: ratelimit.refusal(request, "catchment_lookup"),
                                                            number=number, repeat=5)) / number * 1e6
    if redis_url:
        caches["bench_redis"].clear()  # the counters of this run (BENCH_REDIS_URL: a database of the bench's own)
    print(json.dumps(figures))


def run():
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    if redis_url:
        try:
            import redis

            redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
        except Exception as exc:  # noqa: BLE001 - no Redis here: measure without it
            detail(f"  (no Redis at {redis_url}: {type(exc).__name__}; measured without it)")
            redis_url = ""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings", "PYTHONPATH": str(ROOT),
               "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        done = subprocess.run([sys.executable, __file__, "--child", redis_url], env=env, cwd=ROOT,
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the measuring process failed: {done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    helpers = {key.split("|")[1]: figures.pop(key) for key in list(figures) if key.startswith("helper|")}
    configs = list(dict.fromkeys(key.split("|")[0] for key in figures))
    detail(f"  {'operation':22}" + "".join(f"{config:>26}" for config in configs))
    for name in REQUESTS:
        values = [figures[f"{config}|{name}"] for config in configs]
        cells = [f"{value:8.0f} µs ({value / figures[f'off|{name}']:.2f}×)" for value in values]
        detail(f"  {name:22}" + "".join(f"{cell:>26}" for cell in cells))
    lookup = figures["off|catchment lookup"]
    # The goal: with no limit set, the helper every limited request passes through costs next to nothing.
    rows = [Row("ratelimit", f"the helper alone, limits {config} (per request)", helper, "µs", baseline=lookup,
                baseline_name="a lookup, limits off", goal=Goal("ratio", "<", 0.01) if config == "off" else None)
            for config, helper in helpers.items()]
    rows += [Row("ratelimit", f"{name}, limits {config}", figures[f"{config}|{name}"], "µs",
                 baseline=figures[f"off|{name}"], baseline_name="limits off")
             for name in REQUESTS if name != "/_ping" for config in configs if config != "off"]
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2] if len(sys.argv) > 2 else "")
    else:
        main(run)
