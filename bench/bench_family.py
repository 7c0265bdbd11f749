"""Benchmark of "Mon enfant" (issue 15): the family's one answer against the separate tool pages it replaces,
rendered in the same run (only ratios mean something on these noisy machines).

    .venv/bin/python bench/run.py family          # or: .venv/bin/python bench/bench_family.py

A child process migrates a fresh SQLite database (``BENCH_DATABASE_URL`` for another one, e.g. a scratch
PostgreSQL database of your own), loads the demo (``load_demo``) and serves, through Django's own WSGI handler
in that process (no server, no socket: the page's own cost), for the demo family (14 bis rue de Trichet,
élémentaire):

* ``/mon-enfant/`` with the question (the answer: school, prices, menu, services nearby, deadlines, questions);
* the tool pages a family would otherwise open one by one: ``/trouver-mon-ecole/`` with the same question,
  ``/tarifs/``, ``/menus/`` for the school found, ``/carte/`` with the address, ``/questions/``.

Each page is warmed, then served ``ROUNDS`` times in turn (interleaved, so a slow moment of the machine falls on
every page alike); printed: the median time and the SQL queries of each page, the sum of the tool pages, and
the ratio answer / sum, and each page against a plain Wagtail page (the host's page type with an empty body,
the baseline of a page's own cost; BENCH_QUICK=1: 10 rounds). The family page does the tools' work once,
without their forms, grids and lists: the goal is a ratio under 1 (the answer costs less than opening the tools
it replaces). No test asserts a time.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import Goal, Row, detail, quick  # noqa: E402 (bench/ is on the path: run.py or this script's folder)

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 40
QUICK_ROUNDS = 10
# The plain Wagtail page (bench/harness.py), the baseline of a page's own cost.
PLAIN_PAGE = "/bench-page-vide/"
ADDRESS = "14+bis+rue+de+Trichet"
FAMILY = f"/mon-enfant/?address={ADDRESS}&level=elementaire"
TOOLS = [
    f"/trouver-mon-ecole/?address={ADDRESS}&level=elementaire",
    "/tarifs/",
    "/menus/?ecole={school}",
    f"/carte/?adresse={ADDRESS}",
    "/questions/",
]


def child():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    from django.core.handlers.wsgi import WSGIHandler

    from mon_enfant.models import School

    handler = WSGIHandler()

    def serve(path):
        path, _, query = path.partition("?")
        status = []
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
                   "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
                   "HTTP_HOST": "localhost", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
                   "wsgi.errors": sys.stderr}
        result = handler(environ, lambda line, headers, exc_info=None: status.append(line))
        body = b"".join(result)
        result.close()
        if not status[0].startswith("200"):
            raise SystemExit(f"{path} answered {status[0]}")
        return body

    from wagtail.models import Site

    from example_site.home.models import HomePage

    Site.objects.get(is_default_site=True).root_page.add_child(instance=HomePage(title="Page vide",
                                                                                 slug="bench-page-vide"))
    answer = serve(FAMILY).decode()
    school = next(uai for uai in School.objects.values_list("uai", flat=True) if f"Code UAI</dt><dd>{uai}" in answer)
    paths = [FAMILY, *(tool.format(school=school) for tool in TOOLS), PLAIN_PAGE]
    queries = {}
    for path in paths:
        serve(path)
        with CaptureQueriesContext(connection) as captured:
            serve(path)
        queries[path] = len(captured)
    times = {path: [] for path in paths}
    for _ in range(int(os.environ.get("BENCH_FAMILY_ROUNDS", ROUNDS))):
        for path in paths:
            start = time.perf_counter()
            serve(path)
            times[path].append(time.perf_counter() - start)
    print(json.dumps({path: {"ms": statistics.median(times[path]) * 1000, "queries": queries[path]}
                      for path in paths}))


def run():
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings", "PYTHONPATH": str(ROOT),
               "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3"),
               "BENCH_FAMILY_ROUNDS": str(QUICK_ROUNDS if quick() else ROUNDS)}
        done = subprocess.run([sys.executable, __file__, "--child"], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the child failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    family, *tools, plain = figures
    for path, figure in figures.items():
        detail(f"  {figure['ms']:8.1f} ms  {figure['queries']:3d} queries  {path}")
    total = sum(figures[path]["ms"] for path in tools)
    answer, plain_ms = figures[family]["ms"], figures[plain]["ms"]
    detail(f"  answer {answer:.1f} ms / tool pages {total:.1f} ms = {answer / total:.2f} (goal: < 1)")
    where = "in-process, demo, SQLite"
    return [
        Row("family", f"/mon-enfant/ answer ({where})", answer, "ms", baseline=total,
            baseline_name=f"the {len(tools)} tool pages it replaces", goal=Goal("ratio", "<", 1)),
        Row("family", f"/mon-enfant/ answer ({figures[family]['queries']} queries)", answer, "ms", baseline=plain_ms,
            baseline_name="plain Wagtail page"),
        *(Row("family", f"{path.split('?')[0]} page ({figures[path]['queries']} queries)", figures[path]["ms"], "ms",
              baseline=plain_ms, baseline_name="plain Wagtail page") for path in tools),
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        from results import main

        main(run)
