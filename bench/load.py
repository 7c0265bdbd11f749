"""Load: two gunicorn instances of the example site in production (``example_site/settings_production.py``,
``example_site/gunicorn.conf.py``) on two loopback ports, sharing one PostgreSQL database (migrated, the demo
loaded) and one Redis, under a mixed parents' workload, while the webmaster re-imports the sectorisation and a
fee grid on the first instance's host.

The workload: ``--users`` simulated parents (half on each instance, as behind a load balancer), each asking one
public page or API operation after another (a random pause of ``--think`` seconds on average in between) for
``--duration`` seconds: every public page of the demo (the home page, the school directory and a school's
page, *Trouver mon école* with an address, the fee simulation GET and POST with its CSRF token, the menus, the
services map, the FAQ and a procedure guide, the agenda, the family page GET and its QF POST, the API
documentation) and every operation of the API (lookup, street autocomplete, quote, grids, menus and their
exports, places GeoJSON, FAQ, agenda and calendars, schools, the OpenAPI document). Besides, one prober per
instance asks the catchment lookup and the fee quote every 100 ms, to time when each instance takes new data.

At 15 % of the run the webmaster imports a changed version of the demo's files with the package's commands,
side by side (``import_catchment``: 2 rue de Metz moves from the Corsaires élémentaire to the Rocher;
``import_fees``: the 2026-2027 school meal for a QF of 800 goes from 2.85 € to 3.05 €), at 55 % (or once the
first imports are done) the demo's own files again. A change is committed when its version stamp changes in
Redis (polled every 20 ms). The load goes on past ``--duration`` while an import runs, and 5 s after the last.

Checks (exit 1 when one fails): no error (an HTTP status other than the one expected, a connection error, a
client timeout); every lookup and quote answer (the API's, the *Trouver mon école* page's, the posted fee
simulation's and the family page's with a QF) is the old or the new data, never something
else, never the new data before its commit; on each instance, no request begun more than
``MON_ENFANT_REFRESH_SECONDS`` (+0.25 s) after a commit is answered from the old data (a worker serves a
request after it begins, however long it waited in the queue: such an answer means a process kept its old data
past the delay); the lag, from the commit to the first new answer, is reported; no gunicorn worker killed or
restarted.

    .venv/bin/python bench/load.py                          # make load: 60 s, 50 users
    .venv/bin/python bench/load.py --duration 15 --users 20

Environment: ``LOAD_REDIS_URL`` (default redis://127.0.0.1:6379/13, flushed), ``LOAD_POSTGRES_DB`` (the
PostgreSQL database on 127.0.0.1:5432, dropped and recreated; default mon_enfant_load). Exits 2 when PostgreSQL
or Redis is missing. Bounded by ``--timeout`` (default: the duration + 600 s); the servers are stopped on exit,
Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import platform
import random
import re
import signal
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from harness import PYTHON, ROOT, bench_database, gunicorn, manage, reachable
from harness import production_env as harness_production_env

REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")
POSTGRES_DB = os.environ.get("LOAD_POSTGRES_DB", "mon_enfant_load")
FIXTURES = ROOT / "example_site" / "fixtures" / "saint-malo"
COMMUNE = "35288"
YEAR = "2026-2027"
PROBE_PERIOD = 0.1
# Seconds of load after the last import, to see both instances take its data.
FOLLOW = 5
STAMP_POLL = 0.02
# Allowed on top of the refresh delay: the poller sees a commit up to STAMP_POLL late, timers are coarse.
STALE_SLACK = 0.25

# --- The two versions of the data ------------------------------------------------------------------------

LOOKUP_QUERY = {"commune": COMMUNE, "address": "2 rue de Metz", "level": "elementaire"}
QUOTE_QF = "800"
CATCHMENT_FILE = "sectorisation-ecoles-saint-malo.csv"
FEES_FILE = f"tarifs-{YEAR}.csv"
# (demo line, changed line): one line of each file.
CATCHMENT_CHANGE = ("35288;elementaire;RUE DE METZ;tous;;;;;0359902B;",
                    "35288;elementaire;RUE DE METZ;tous;;;;;0359904D;")
FEES_CHANGE = (f"35288;{YEAR};Restauration scolaire;repas;resident;tranches;650;900;2,85;1,43;",
               f"35288;{YEAR};Restauration scolaire;repas;resident;tranches;650;900;3,05;1,53;")
# What each version answers: the lookup's school (API: its UAI; page: its name), the quote's meal price.
VERSIONS = {
    "catchment": {"demo": "0359902B", "changed": "0359904D"},
    "catchment page": {"demo": "École élémentaire publique des Corsaires",
                       "changed": "École élémentaire publique du Rocher"},
    "fees": {"demo": "2.85", "changed": "3.05"},
    "fees page": {"demo": "2,85", "changed": "3,05"},
}


def changed_files(folder):
    """The demo's two files with one line changed each, written into ``folder`` (same names)."""
    paths = {}
    for name, (old, new) in ((CATCHMENT_FILE, CATCHMENT_CHANGE), (FEES_FILE, FEES_CHANGE)):
        text = (FIXTURES / name).read_text(encoding="utf-8-sig")
        if text.count(old) != 1:
            raise SystemExit(f"load: {name} no longer holds the line this script changes: {old}")
        paths[name] = Path(folder) / name
        paths[name].write_text(text.replace(old, new), encoding="utf-8")
    return paths


# --- Results ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    endpoint: str
    instance: str
    started: float
    ended: float
    status: int  # 0: no HTTP answer
    error: str = ""
    data: str = ""  # "catchment" or "fees" when the answer shows that data
    version: str = ""  # "demo", "changed" or "unexpected"
    route: tuple = ()  # (method, path without the query): how gunicorn's access log names it

    @property
    def seconds(self):
        return self.ended - self.started


def version_of(kind, value):
    for version, expected in VERSIONS[kind].items():
        if value == expected:
            return version
    return "unexpected"


def page_version(kind, text):
    found = [version for version, marker in VERSIONS[kind].items() if marker in text]
    return found[0] if len(found) == 1 else "unexpected"


def lookup_version(body):
    schools = body.get("schools") or [{}]
    return version_of("catchment", schools[0].get("uai")) if body.get("status") == "found" else "unexpected"


def quote_version(body):
    prices = [quote.get("unit_price") for quote in body.get("quotes", [])
              if quote.get("service") == "restauration-scolaire"]
    return version_of("fees", prices[0] if prices else None)


def family_answer_version(html):
    """The family page's answer with a QF: its prices table gives the school meal once."""
    meals = set(re.findall(r"([\d,]+)\xa0€</strong> par repas", html))
    return version_of("fees page", meals.pop()) if len(meals) == 1 else "unexpected"


def fee_page_version(html):
    region = re.search(r'<div class="mon-enfant-fees__result".*?</div>', html, re.S)
    if not region:
        return "unexpected"
    meal = re.search(r"([\d,]+)\xa0€</strong> par repas", region.group(0))
    return version_of("fees page", meal.group(1) if meal else None)


# --- The workload ----------------------------------------------------------------------------------------


class Client:
    """One instance's HTTP client (aiohttp); records every answer."""

    def __init__(self, name, base, answers, timeout):
        import aiohttp

        self.name, self.base, self.answers = name, base, answers
        # No cookie jar: each POST sends the CSRF cookie its own GET received (the production cookie is Secure,
        # which a jar would not send over http://).
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=timeout), headers={"Accept-Language": "fr"})

    async def close(self):
        await self.session.close()

    async def fetch(self, endpoint, method, path, *, data=None, json=None, headers=None, check=None, expect=200):
        """Asks, records the answer; returns (text, response headers) or (None, None) on an error."""
        import aiohttp

        started = time.monotonic()
        answer = Answer(endpoint, self.name, started, started, 0, route=(method, urlsplit(path).path))
        text = response_headers = None
        try:
            async with self.session.request(method, self.base + path, data=data, json=json, headers=headers,
                                            allow_redirects=False) as response:
                text = await response.text(errors="replace")
                answer.status, response_headers = response.status, response.headers
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            answer.error = f"{type(error).__name__}: {error}"[:200]
        answer.ended = time.monotonic()
        if answer.status and answer.status != expect:
            answer.error = f"HTTP {answer.status} (expected {expect}): {text[:200]!r}"
        if check and not answer.error:
            answer.data, answer.version = check(text)
        self.answers.append(answer)
        return (text, response_headers) if not answer.error else (None, None)


def csrf(text, headers):
    """The token of the page's form and the cookie to send with it."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text or "")
    cookie = next((value.split(";", 1)[0] for value in (headers or {}).getall("Set-Cookie", [])
                   if value.startswith("csrftoken=")), None)
    return (token.group(1), cookie) if token and cookie else (None, None)


def json_check(kind, reader):
    import json

    def check(text):
        try:
            return kind, reader(json.loads(text))
        except (ValueError, AttributeError, TypeError):
            return kind, "unexpected"
    return check


API = "/api/mon-enfant/v1"
LOOKUP_PATH = f"{API}/catchment?" + urlencode(LOOKUP_QUERY)
QUOTE_BODY = {"commune": COMMUNE, "school_year": YEAR, "qf": QUOTE_QF}
FAMILY_QUESTION = {"address": "14 bis rue de Trichet", "level": "elementaire"}
SCHOOL = "0359902B"


async def lookup_api(client, endpoint="catchment API"):
    await client.fetch(endpoint, "GET", LOOKUP_PATH, check=json_check("catchment", lookup_version))


async def quote_api(client, endpoint="fee quote API"):
    await client.fetch(endpoint, "POST", f"{API}/fees/quote", json=QUOTE_BODY, check=json_check("fees", quote_version))


async def fee_page(client):
    text, headers = await client.fetch("fee page GET", "GET", "/tarifs/")
    token, cookie = csrf(text, headers)
    if text is None:
        return
    fields = {"qf_source": "known", "school_year": YEAR, "resident": "oui", "child_rank": "1", "couple": "oui",
              "children": "1", "disabled_children": "0", "qf": QUOTE_QF}
    data = {"csrfmiddlewaretoken": token or "", "mon_enfant_fees": "tarifs",
            **{f"tarifs-{name}": value for name, value in fields.items()}}
    await client.fetch("fee page POST (CSRF)", "POST", "/tarifs/", data=data, headers={"Cookie": cookie or ""},
                       check=lambda html: ("fees", fee_page_version(html)))


async def family_page(client):
    text, headers = await client.fetch("family page GET", "GET", "/mon-enfant/?" + urlencode(FAMILY_QUESTION))
    token, cookie = csrf(text, headers)
    if text is None:
        return
    data = {"csrfmiddlewaretoken": token or "", "mon_enfant_guichet": "", **FAMILY_QUESTION, "school_year": YEAR,
            "school": "", "quotient_familial": QUOTE_QF}
    await client.fetch("family page QF POST (CSRF)", "POST", "/mon-enfant/", data=data,
                       headers={"Cookie": cookie or ""}, check=lambda html: ("fees", family_answer_version(html)))


def get(endpoint, path, check=None):
    async def action(client):
        await client.fetch(endpoint, "GET", path, check=check)
    return action


def actions(ids):
    """(weight, action): what a parent does next, the lookup, the autocomplete and the quote most often."""
    today = time.strftime("%Y-%m-%d")
    return [
        (3, get("home page", "/")),
        (1, get("school directory", "/ecoles/")),
        (1, get("school page", f"/ecoles/{SCHOOL}/")),
        (3, get("catchment page", "/trouver-mon-ecole/?" + urlencode(LOOKUP_QUERY),
                check=lambda html: ("catchment", page_version("catchment page", html)))),
        (4, lookup_api),
        (4, get("street autocomplete API", f"{API}/streets?" + urlencode({"commune": COMMUNE, "q": "rue de me"}))),
        (2, fee_page),
        (4, quote_api),
        (1, get("fee grids API", f"{API}/fees/grids?commune={COMMUNE}")),
        (2, get("menus page", f"/menus/?ecole={SCHOOL}")),
        (2, get("menus API", f"{API}/menus?school={SCHOOL}")),
        (1, get("menus.ics", f"{API}/menus.ics?school={SCHOOL}")),
        (1, get("menus.csv", f"{API}/menus.csv?" + urlencode({"commune": COMMUNE, "from": today, "to": today}))),
        (2, get("places map page", "/carte/")),
        (2, get("places GeoJSON", f"{API}/places.geojson?commune={COMMUNE}")),
        (2, get("FAQ page", "/questions/")),
        (1, get("FAQ API", f"{API}/faq?commune={COMMUNE}")),
        (1, get("procedure guide page", ids["guide_path"])),
        (1, get("procedure guide .ics", f"{API}/faq/guides/{ids['guide']}.ics")),
        (2, get("agenda page", "/agenda/")),
        (1, get("agenda API", f"{API}/agenda?commune={COMMUNE}")),
        (1, get("agenda.ics", f"{API}/agenda.ics?commune={COMMUNE}")),
        (1, get("event .ics", f"{API}/agenda/events/{ids['event']}.ics")),
        (1, get("schools API", f"{API}/schools?commune={COMMUNE}")),
        (2, family_page),
        (1, get("API docs page", f"{API}/docs")),
        (1, get("OpenAPI document", f"{API}/openapi.json")),
    ]


def discover_ids(base):
    """The demo's ids the workload needs: a procedure guide (its page and calendar) and an agenda event."""
    def read(path):
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read().decode()

    guides = re.findall(r'href="(/demarches/[^"/]+/)"', read("/demarches/"))
    guide_path = guides[0]
    guide = re.search(r"/faq/guides/(\d+)\.ics", read(guide_path)).group(1)
    event = re.search(r"/agenda/events/(\d+)\.ics", read("/agenda/")).group(1)
    return {"guide_path": guide_path, "guide": guide, "event": event}


async def parent(client, choices, stop, think, rng):
    weights = [weight for weight, _ in choices]
    while not stop.is_set():
        action = rng.choices(choices, weights)[0][1]
        await action(client)
        if think:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), rng.uniform(0, 2 * think))


async def prober(client, stop):
    while not stop.is_set():
        await lookup_api(client, "catchment API (prober)")
        await quote_api(client, "fee quote API (prober)")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), PROBE_PERIOD)


# --- The webmaster's imports, and when they commit --------------------------------------------------------


@dataclass
class Import:
    data: str  # "catchment" or "fees"
    version: str  # the version imported
    previous: str
    started: float
    ended: float = 0.0
    committed: float | None = None  # the stamp changed in Redis
    returncode: int | None = None
    output: str = ""


async def poll_stamps(redis_url, stop, changes):
    """Records (time, data, value) each time a version stamp changes in the shared cache."""
    import redis.asyncio as aioredis

    connection = aioredis.Redis.from_url(redis_url)
    last = {}
    try:
        while not stop.is_set():
            for key in await connection.keys("*mon_enfant:stamp:*"):
                value = await connection.get(key)
                data = key.decode().rsplit(":", 1)[1]
                if value is not None and last.get(data) not in (None, value):
                    changes.append((time.monotonic(), data))
                if value is not None:
                    last[data] = value
            await asyncio.sleep(STAMP_POLL)
    finally:
        await connection.aclose()


async def run_import(env, data, version, previous, path, imports):
    command = {"catchment": "import_catchment", "fees": "import_fees"}[data]
    record = Import(data, version, previous, time.monotonic())
    imports.append(record)
    process = await asyncio.create_subprocess_exec(
        PYTHON, "manage.py", command, str(path), "--commune", COMMUNE, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        output, _ = await process.communicate()
    except asyncio.CancelledError:  # Ctrl-C, SIGTERM or the hard timeout: no import left running
        process.kill()
        await process.wait()
        raise
    record.ended, record.returncode = time.monotonic(), process.returncode
    record.output = output.decode(errors="replace")[-2000:]


async def webmaster(env, timeline, imports, changed):
    """Runs each change at its moment (``timeline``: [(seconds from now, version)], each not before the previous
    one is done): the sectorisation and the fee grid imported side by side, as two commands."""
    begun = time.monotonic()
    current = "demo"
    for at, version in timeline:
        await asyncio.sleep(max(0.0, begun + at - time.monotonic()))
        paths = {name: changed[name] if version == "changed" else FIXTURES / name for name in changed}
        await asyncio.gather(run_import(env, "catchment", version, current, paths[CATCHMENT_FILE], imports),
                             run_import(env, "fees", version, current, paths[FEES_FILE], imports))
        current = version


async def run_load(bases, ids, args, env, changed):
    answers, imports, changes = [], [], []
    load_samples = []
    stop = asyncio.Event()
    clients = [Client(name, base, answers, args.request_timeout) for name, base in bases.items()]
    choices = actions(ids)
    rng = random.Random(args.seed)
    tasks = [asyncio.create_task(parent(clients[user % len(clients)], choices, stop, args.think,
                                        random.Random(rng.random())))
             for user in range(args.users)]
    tasks += [asyncio.create_task(prober(client, stop)) for client in clients]
    tasks.append(asyncio.create_task(poll_stamps(REDIS_URL, stop, changes)))
    timeline = [(args.duration * 0.15, "changed"), (args.duration * 0.55, "demo")]
    started = time.monotonic()
    admin = asyncio.create_task(webmaster(env, timeline, imports, changed))
    try:
        # The load goes on for the duration, and while an import runs, and FOLLOW seconds after the last one.
        while (time.monotonic() - started < args.duration or not admin.done()
               or time.monotonic() - max(record.ended for record in imports) < FOLLOW):
            load_samples.append(os.getloadavg()[0])
            await asyncio.sleep(1)
        await admin
    finally:
        stop.set()
        ended = time.monotonic()
        admin.cancel()
        await asyncio.gather(admin, *tasks, return_exceptions=True)
        for client in clients:
            await client.close()
    load_samples.append(os.getloadavg()[0])
    return answers, imports, changes, load_samples, ended - started


# --- Checks and report -----------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def attach_commits(imports, changes):
    for record in imports:
        seen = [moment for moment, data in changes if data == record.data and record.started <= moment]
        record.committed = min(seen) if seen else None


def check_consistency(answers, imports, refresh, failures):
    """Rows of the consistency table; appends to ``failures``."""
    rows = []
    checked = [answer for answer in answers if answer.data]
    for answer in checked:
        if answer.version == "unexpected":
            failures.append(f"{answer.endpoint} on {answer.instance}: an answer from neither version of the data")
    firsts = {data: min((r.started for r in imports if r.data == data), default=float("inf"))
              for data in ("catchment", "fees")}
    for answer in checked:
        if answer.version == "changed" and answer.ended < firsts[answer.data]:
            failures.append(f"{answer.endpoint} on {answer.instance}: changed data before any import")
    for index, record in enumerate(imports):
        if record.returncode != 0:
            failures.append(f"{record.data} import ({record.version}) failed:\n{record.output}")
            continue
        if record.committed is None:
            failures.append(f"{record.data} import ({record.version}): its stamp never changed in Redis")
            continue
        following = [r.started for r in imports[index + 1:] if r.data == record.data]
        window_end = min(following, default=float("inf"))
        mine = [a for a in checked if a.data == record.data and record.started <= a.started < window_end]
        for instance in sorted({a.instance for a in answers}):
            here = [a for a in mine if a.instance == instance]
            new = [a for a in here if a.version == record.version]
            old = [a for a in here if a.version == record.previous]
            stale = [a for a in old if a.started > record.committed + refresh + STALE_SLACK]
            early = [a for a in new if a.ended < record.committed - 0.1]
            first_new = min((a.ended for a in new), default=None)
            last_old = max((a.started for a in old), default=None)
            lag = None if first_new is None else first_new - record.committed
            rows.append((f"{record.data}: {record.previous} → {record.version}", instance, len(here), lag,
                         None if last_old is None else last_old - record.committed, len(stale)))
            if first_new is None:
                failures.append(f"{record.data} → {record.version}: instance {instance} never answered the new data")
            if stale:
                failures.append(f"{record.data} → {record.version}: instance {instance} answered the old data to "
                                f"{len(stale)} request(s) begun more than {refresh:g} s after the commit")
            if early:
                failures.append(f"{record.data} → {record.version}: instance {instance} answered the new data "
                                "before the commit")
    return rows


ACCESS_LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+)')


def server_times(access_logs):
    """Milliseconds gunicorn took per (method, path), from its access logs (their ``%(D)s``, microseconds):
    the time a worker spent on a request, without the wait in the listen queue that the client sees."""
    times = collections.defaultdict(list)
    for path in access_logs:
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            match = ACCESS_LINE.search(line)
            if match:
                times[match.group(1), match.group(2)].append(int(match.group(4)) / 1000)
    return times


def endpoint_table(answers, server):
    by_endpoint = collections.defaultdict(list)
    for answer in answers:
        by_endpoint[answer.endpoint].append(answer)
    lines = ["| endpoint | requests (A/B) | errors | p50 ms | p95 ms | p99 ms | max ms | server p50 / p99 ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    totals = []
    # The pages, then the API operations, then the probers.
    for endpoint, mine in sorted(by_endpoint.items(), key=lambda item: ("prober" in item[0], "API" in item[0]
                                                                         or "." in item[0], item[0].lower())):
        times = [a.seconds * 1000 for a in mine]
        totals += times
        per = collections.Counter(a.instance for a in mine)
        errors = sum(1 for a in mine if a.error)
        worked = server.get(mine[0].route)
        worked = f"{percentile(worked, .5):.0f} / {percentile(worked, .99):.0f}" if worked else "-"
        lines.append(f"| {endpoint} | {len(mine)} ({per['A']}/{per['B']}) | {errors} | {percentile(times, .5):.0f} | "
                     f"{percentile(times, .95):.0f} | {percentile(times, .99):.0f} | {max(times):.0f} | {worked} |")
    if totals:
        errors = sum(1 for a in answers if a.error)
        worked = [ms for values in server.values() for ms in values]
        worked = f"{percentile(worked, .5):.0f} / {percentile(worked, .99):.0f}" if worked else "-"
        lines.append(f"| **all** | {len(answers)} | {errors} | {percentile(totals, .5):.0f} | "
                     f"{percentile(totals, .95):.0f} | {percentile(totals, .99):.0f} | {max(totals):.0f} | {worked} |")
    return lines


def consistency_table(rows, imports):
    lines = ["| change | instance | answers checked | lag: commit → first new answer | last old answer begun | "
             "stale |", "|---|---|---:|---:|---:|---:|"]
    for change, instance, count, lag, last_old, stale in rows:
        lag_text = "never" if lag is None else f"{lag:.2f} s"
        old_text = "-" if last_old is None else f"{last_old:+.2f} s"
        lines.append(f"| {change} | {instance} | {count} | {lag_text} | {old_text} | {stale} |")
    for record in imports:
        if record.committed is not None:
            lines.append(f"  {record.data} → {record.version}: `manage.py import_"
                         f"{'catchment' if record.data == 'catchment' else 'fees'}` ran "
                         f"{record.ended - record.started:.1f} s, committed {record.committed - record.started:.1f} s "
                         "after it started")
    return lines


def worker_health(logs, workers, failures):
    notes = []
    for name, path in logs.items():
        text = path.read_text(errors="replace") if path.exists() else ""
        killed, booted = text.count("WORKER TIMEOUT"), text.count("Booting worker")
        notes.append(f"instance {name}: {booted} workers booted ({workers} at start), {killed} WORKER TIMEOUT")
        if killed or booted != workers:
            failures.append(f"instance {name}: {killed} worker(s) killed, {booted - workers} restarted")
    return notes


# --- Main ------------------------------------------------------------------------------------------------


class HardTimeout(Exception):
    pass


def production_env(env, work, name, refresh):
    # Static files collected once into work/static (main), for WhiteNoise's manifest.
    return harness_production_env(work / "static", base=env, REDIS_URL=REDIS_URL,
                                  MON_ENFANT_REFRESH_SECONDS=str(refresh),
                                  GUNICORN_ACCESS_LOG=str(work / f"access-{name}.log"),
                                  GUNICORN_ERROR_LOG=str(work / f"error-{name}.log"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent parents (default 50)")
    parser.add_argument("--think", type=float, default=0.5,
                        help="mean pause of a parent between two requests, seconds (default 0.5; 0: none)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance (default 2)")
    parser.add_argument("--refresh", type=float, default=1.0, help="MON_ENFANT_REFRESH_SECONDS (default 1)")
    parser.add_argument("--request-timeout", type=float, default=30, help="client timeout per request (default 30)")
    parser.add_argument("--timeout", type=float, default=None, help="hard limit of the whole run, seconds "
                        "(default: the duration + 600)")
    parser.add_argument("--database", default=POSTGRES_DB, help=f"PostgreSQL database (default {POSTGRES_DB})")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    try:
        import aiohttp  # noqa: F401
        import redis
    except ImportError as error:
        print(f"load: {error.name} is missing (pip install -e '.[dev]')", file=sys.stderr)
        return 2
    redis_parts = urlsplit(REDIS_URL)
    if not reachable("127.0.0.1", 5432) or not reachable(redis_parts.hostname, redis_parts.port or 6379):
        print(f"load: needs PostgreSQL (127.0.0.1:5432) and Redis ({REDIS_URL})", file=sys.stderr)
        return 2

    def on_alarm(signum, frame):
        raise HardTimeout()

    def on_term(signum, frame):
        raise SystemExit(143)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, on_term)
    signal.alarm(int(args.timeout or args.duration + 600))
    started = time.monotonic()
    redis.Redis.from_url(REDIS_URL).flushdb()
    failures, notes = [], []
    try:
        with contextlib.ExitStack() as stack:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
            changed = changed_files(work)
            print(f"Database {args.database}: migrate, load_demo…", file=sys.stderr, flush=True)
            env = stack.enter_context(bench_database("postgres", postgres_db=args.database))
            manage("collectstatic", "--noinput", "-v0", env=production_env(env, work, "A", args.refresh))
            bases = {}
            for name in ("A", "B"):
                server_env = production_env(env, work, name, args.refresh)
                bases[name] = stack.enter_context(gunicorn(
                    server_env, workers=args.workers, config="example_site/gunicorn.conf.py", start_timeout=90,
                    stderr=open(work / f"stderr-{name}.log", "wb")))
            admin_env = production_env(env, work, "A", args.refresh)
            ids = discover_ids(bases["A"])
            print(f"Servers A {bases['A']}, B {bases['B']}; {args.users} users for {args.duration:g} s…",
                  file=sys.stderr, flush=True)
            answers, imports, changes, load_samples, seconds = asyncio.run(
                run_load(bases, ids, args, admin_env, changed))
            time.sleep(0.5)  # gunicorn writes its logs
            notes += worker_health({name: work / f"error-{name}.log" for name in bases}, args.workers, failures)
            server = server_times([work / f"access-{name}.log" for name in bases])
    except HardTimeout:
        print(f"load: FAIL, stopped by the hard timeout after {time.monotonic() - started:.0f} s", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("load: interrupted; servers stopped, database dropped", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)
    attach_commits(imports, changes)
    errors = [a for a in answers if a.error]
    for answer in errors[:10]:
        failures.append(f"{answer.endpoint} on {answer.instance}: {answer.error}")
    if len(errors) > 10:
        failures.append(f"… and {len(errors) - 10} more errors")
    rows = check_consistency(answers, imports, args.refresh, failures)
    print(f"\n## Load: {args.users} users, {seconds:.0f} s, 2 gunicorn instances × {args.workers} workers, "
          f"PostgreSQL + Redis, MON_ENFANT_REFRESH_SECONDS={args.refresh:g}\n")
    print("\n".join(endpoint_table(answers, server)))
    print(f"\n{len(answers)} requests in {seconds:.1f} s: {len(answers) / seconds:.0f} req/s; errors: {len(errors)}. "
          "Times in ms as the parents saw them; server: a worker's own time (gunicorn's access log), the rest is "
          "the wait for a free worker.\n")
    print("\n".join(consistency_table(rows, imports)))
    print()
    print(f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
          f"load average (1 min) during the run: mean {sum(load_samples) / len(load_samples):.1f}, "
          f"max {max(load_samples):.1f}")
    for note in notes:
        print(note)
    for failure in failures:
        print(f"FAILED: {failure}")
    print(f"Load test in {time.monotonic() - started:.0f} s: {'FAIL' if failures else 'PASS'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
