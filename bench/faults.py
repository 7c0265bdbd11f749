"""Faults: the example site in production (gunicorn with ``example_site/gunicorn.conf.py``,
``example_site.settings_production``, PostgreSQL with the demo, Redis) while what it depends on fails, then
comes back. Each scenario starts its own servers, loads them with two clients (one asks what needs no
database: a catchment lookup, the street autocomplete, a fee quote; the other what does: a page and the
schools API), breaks something for ``--outage`` seconds, repairs it, and checks:

``db-refused``   PostgreSQL refuses connections (a loopback proxy in front of it closes its port and resets
                 the open connections), then is back.
``db-stalled``   PostgreSQL does not answer (the proxy accepts and relays nothing), then is back.
                 For both: the answers that need no database stay 200; pages answer the 503 page
                 (``Retry-After``, French message), the API a JSON 503, never a 500, each within the
                 connect timeout (3 s) for a request begun during the outage; no gunicorn worker is
                 killed (``WORKER TIMEOUT``); the site answers again from the database within 5 s of its
                 return, by itself.
``redis-down``   The Redis holding the version stamps (one this script starts) is killed, then restarted:
                 every answer stays 200 (stamps read from the database), and Redis is used again after.
``geocoder``     The remote geocoder (a fake BAN service on loopback; ``MON_ENFANT_GEOCODER``) answers 500,
                 then too late: the lookups of a commune drawn as zones still answer from the local
                 address index (no 5xx), within the geocoder's timeout; then it answers again.

    .venv/bin/python bench/faults.py                    # every scenario, 10 s outages (make faults)
    .venv/bin/python bench/faults.py db-stalled --outage 3

Prints one table per scenario; exits 1 when a check fails, 2 when PostgreSQL or Redis is missing.
Environment: ``FAULTS_PORTS`` (default 8400-8499, the ports servers may take), ``FAULTS_REDIS_URL`` (the
shared Redis of the database scenarios, default redis://127.0.0.1:6379/4, flushed), ``FAULTS_POSTGRES``
(default postgres://postgres@127.0.0.1:5432). The demo database is built once into
``mon_enfant_faults_template`` (rebuilt when migrations or demo files change) and copied for each run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import harness
from harness import reachable

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("FAULTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/4")
PORTS = range(*(lambda first, last: (int(first), int(last) + 1))(*os.environ.get("FAULTS_PORTS", "8400-8499")
                                                                   .split("-")))
TEMPLATE_DATABASE = "mon_enfant_faults_template"
CONNECT_TIMEOUT = 3  # example_site.settings_production's default (DATABASE_CONNECT_TIMEOUT)
GEOCODER_TIMEOUT = 2  # mon_enfant.addresses.geocoding's default
RECOVERY_LIMIT = 5.0
WORKER_TIMEOUT = 30  # example_site/gunicorn.conf.py
SLACK = 2.0  # seconds allowed on top of a timeout on a loaded machine

COMMUNE = "35288"
QUOTE_BODY = {"commune": COMMUNE, "school_year": "2026-2027", "qf": "800"}
# A street whose maternelle rules stop at no. 39 (the demo's "au-delà du n° 39 : nous consulter"): past it,
# only the map zone the setup adds answers, from a geocoded point.
ZONE_ADDRESSES = [f"{number} rue de la Goëletrie" for number in range(41, 58, 2)]
ZONE_UAI = "0359903C"
# The demo's streets fit in this box (lon, lat): the zone covers it.
ZONE_BOX = (-2.06, 48.62, -1.96, 48.68)
ZONE_SEED = f"""
from mon_enfant.catchment.models import CatchmentZone, RulesetVersion
from mon_enfant.models import Commune
west, south, east, north = {ZONE_BOX!r}
CatchmentZone.objects.create(
    commune=Commune.objects.get(code_insee={COMMUNE!r}), level="maternelle", uai={ZONE_UAI!r},
    name="Zone de la carte (démonstration des pannes)",
    geometry={{"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                   [west, south]]]}})
RulesetVersion.bump()
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Ports, services -----------------------------------------------------------------------------------


def port_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


_taken = set()


def take_port():
    """A free port of ``FAULTS_PORTS``, never the same twice in a run."""
    for port in PORTS:
        if port not in _taken and port_free(port):
            _taken.add(port)
            return port
    raise SystemExit(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def postgres_address():
    parts = urlsplit(POSTGRES)
    return parts.hostname, parts.port or 5432


def redis_client(url):
    import redis

    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


# --- The demo database -------------------------------------------------------------------------------


def administer(*statements, fetch=False):
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        rows = None
        for statement in statements:
            cursor = connection.execute(statement)
            if fetch:
                rows = cursor.fetchall()
        return rows


def demo_fingerprint():
    """What the template database is made of: the migrations, the demo loader and its files, the zone."""
    digest = hashlib.sha256(ZONE_SEED.encode())
    paths = sorted([*ROOT.glob("mon_enfant/**/migrations/*.py"), *ROOT.glob("example_site/**/migrations/*.py"),
                    *ROOT.glob("example_site/fixtures/**/*"), *ROOT.glob("example_site/home/management/**/*.py")])
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manage(env, *args):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


@contextlib.contextmanager
def demo_database(env):
    """A database of its own for this run, copied from the template (built first when missing or stale)."""
    import psycopg

    name = f"mon_enfant_faults_{os.getpid()}"
    fingerprint = demo_fingerprint()
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as lock:
        # One run at a time builds or copies the template (make faults and the test may overlap).
        lock.execute("SELECT pg_advisory_lock(84000)")
        rows = administer(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                          f"WHERE datname = '{TEMPLATE_DATABASE}'", fetch=True)
        if not rows or rows[0][0] != fingerprint:
            log(f"Building {TEMPLATE_DATABASE} (migrate, load_demo, a map zone): a minute or two, once.")
            started = time.monotonic()
            administer(f'DROP DATABASE IF EXISTS "{TEMPLATE_DATABASE}"', f'CREATE DATABASE "{TEMPLATE_DATABASE}"')
            build_env = {**env, "DATABASE_URL": f"{POSTGRES}/{TEMPLATE_DATABASE}"}
            manage(build_env, "migrate", "--noinput", "-v0")
            manage(build_env, "load_demo", "-v0")
            manage(build_env, "shell", "-c", ZONE_SEED)
            administer(f"COMMENT ON DATABASE \"{TEMPLATE_DATABASE}\" IS '{fingerprint}'")
            log(f"Built in {time.monotonic() - started:.0f} s.")
        administer(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DATABASE}"')
        lock.execute("SELECT pg_advisory_unlock(84000)")
    try:
        yield name
    finally:
        administer(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def collected_static(env):
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        yield
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)


# --- The database's faults: a loopback proxy --------------------------------------------------------------


class DatabaseProxy:
    """Relays TCP connections from a loopback port to PostgreSQL, until told to fail:

    * :meth:`refuse`: the port is closed (a new connection is refused) and the open connections are reset,
      as a database server that went down;
    * :meth:`stall`: new connections are accepted and never answered, and nothing more is relayed on the
      open ones (held, not lost), as a database whose host froze;
    * :meth:`restore`: back to relaying; the connections held during a stall go on (their clients may
      have given up: PostgreSQL then reads their end).
    """

    def __init__(self, target, port):
        self.target, self.port = target, port
        self.lock = threading.Lock()
        self.flowing = threading.Event()
        self.flowing.set()
        self.open = set()
        self.held = []
        self.accepted_while_stalled = 0
        self.server = None
        self._listen()

    def _listen(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(128)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server):
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return
            if not self.flowing.is_set():
                with self.lock:
                    self.held.append(client)
                    self.accepted_while_stalled += 1
                continue
            self._relay(client)

    def _relay(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
        except OSError:
            client.close()
            return
        with self.lock:
            self.open.update((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            if not data:
                break
            self.flowing.wait()  # stalled: the data waits here, as in a frozen server's buffers
            try:
                sink.sendall(data)
            except OSError:
                break
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self.lock:
                self.open.discard(sock)

    def refuse(self):
        server, self.server = self.server, None
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_RDWR)
        server.close()
        with self.lock:
            victims = list(self.open)
        for sock in victims:  # a reset, as from a server that died
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                sock.close()

    def stall(self):
        self.flowing.clear()

    def restore(self):
        if self.server is None:
            self._listen()
        self.flowing.set()
        with self.lock:
            held, self.held = self.held, []
        for client in held:
            self._relay(client)

    def close(self):
        self.refuse()


# --- The site under gunicorn -----------------------------------------------------------------------------


@dataclass
class Server:
    base: str
    error_log: Path
    workers: int

    def log_text(self):
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""


@contextlib.contextmanager
def gunicorn(env, work):
    """The example site under gunicorn with ``example_site/gunicorn.conf.py`` (its workers and timeout)."""
    port = take_port()
    error_log = work / "gunicorn-error.log"
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ERROR_LOG": str(error_log),
           "GUNICORN_ACCESS_LOG": str(work / "gunicorn-access.log")}
    process = subprocess.Popen([PYTHON, "-m", "gunicorn", "-c", "example_site/gunicorn.conf.py"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn-stderr.log", "wb"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not reachable("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {work}")
            time.sleep(0.2)
        workers = int(env.get("GUNICORN_WORKERS", "2"))
        yield Server(base, error_log, workers)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Answer:
    kind: str
    started: float
    seconds: float
    status: int  # 0: no HTTP answer (connection refused, reset, client timeout)
    headers: dict = field(default_factory=dict)
    body: bytes = b""

    @property
    def ended(self):
        return self.started + self.seconds


def ask(base, kind, method, path, body=None, timeout=WORKER_TIMEOUT + 5):
    parts = urlsplit(base)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = {"Accept-Language": "fr"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        answer = Answer(kind, started, time.monotonic() - started, response.status,
                        {key.lower(): value for key, value in response.getheaders()}, data)
    except OSError as error:
        answer = Answer(kind, started, time.monotonic() - started, 0, body=repr(error).encode())
    finally:
        connection.close()
    return answer


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    path: str
    needs_database: bool
    body: dict | None = None


LOOKUP = Request("lookup", "GET", "/api/mon-enfant/v1/catchment?" + urlencode(
    {"commune": COMMUNE, "address": "2 rue de Metz", "level": "elementaire"}), False)
STREETS = Request("streets", "GET", "/api/mon-enfant/v1/streets?" + urlencode({"commune": COMMUNE, "q": "rue de Me"}),
                  False)
QUOTE = Request("quote", "POST", "/api/mon-enfant/v1/fees/quote", False, QUOTE_BODY)
PAGE = Request("page", "GET", "/trouver-mon-ecole/", True)
SCHOOLS_API = Request("schools api", "GET", f"/api/mon-enfant/v1/schools?commune={COMMUNE}", True)
DATABASE_FREE = [LOOKUP, STREETS, QUOTE]
NEEDING_DATABASE = [PAGE, SCHOOLS_API]
# The same, asked by a client that begins once the database is down: a request in flight when a database
# stalls waits for it (see database_scenario), these show what a newcomer gets.
NEWCOMERS = [Request("new page", "GET", PAGE.path, True), Request("new schools api", "GET", SCHOOLS_API.path, True)]


class Client(threading.Thread):
    """Asks ``next_request(turn)`` one at a time until stopped: each client holds at most one worker."""

    def __init__(self, base, next_request, pause=0.1):
        super().__init__(daemon=True)
        self.base, self.next_request, self.pause = base, next_request, pause
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        turn = 0
        while not self.stopping.is_set():
            request = self.next_request(turn)
            turn += 1
            self.answers.append(ask(self.base, request.kind, request.method, request.path, request.body))
            self.stopping.wait(self.pause)

    def stop(self):
        self.stopping.set()
        self.join(WORKER_TIMEOUT + 10)


def in_turn(requests):
    return lambda turn: requests[turn % len(requests)]


# --- Results ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    title: str
    answers: list = field(default_factory=list)
    kinds: dict = field(default_factory=dict)  # kind: needs the database
    recovery: dict = field(default_factory=dict)  # kind: seconds (None: never)
    notes: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def check(self, condition, failure):
        if not condition:
            self.failures.append(failure)
        return condition

    def table(self):
        by_kind = collections.defaultdict(list)
        for answer in self.answers:
            by_kind[answer.kind].append(answer)
        header = f"{'request':<16}{'needs DB':<10}{'requests':>9}{'errors':>8}  {'statuses':<26}{'max latency':>12}" \
                 f"{'recovery':>10}"
        lines = [f"== {self.name}: {self.title}", header, "-" * len(header)]
        for kind, needs_database in self.kinds.items():
            answers = by_kind.get(kind, [])
            statuses = collections.Counter(answer.status for answer in answers)
            text = " ".join(f"{status or 'none'}×{count}" for status, count in sorted(statuses.items()))
            errors = sum(count for status, count in statuses.items() if status == 0 or status >= 500 and status != 503)
            latency = max((answer.seconds for answer in answers), default=0)
            recovery = self.recovery.get(kind, "")
            recovery = "never" if recovery is None else (f"{recovery:.2f} s" if recovery != "" else "-")
            lines.append(f"{kind:<16}{'yes' if needs_database else 'no':<10}{len(answers):>9}{errors:>8}  {text:<26}"
                         f"{latency:>10.2f} s{recovery:>10}")
        lines += [f"   {note}" for note in self.notes]
        lines += [f"   FAILED: {failure}" for failure in self.failures]
        lines.append("   PASS" if not self.failures else f"   FAIL ({len(self.failures)})")
        return "\n".join(lines)


def recovery_after(answers, back, kinds):
    """Seconds from ``back`` to the first 200 of each kind after which that kind only answers 200."""
    times = {}
    for kind in kinds:
        mine = sorted((answer for answer in answers if answer.kind == kind and answer.ended >= back),
                      key=lambda answer: answer.started)
        first_of_good_run = None
        for answer in mine:
            if answer.status == 200:
                first_of_good_run = first_of_good_run or answer
            else:
                first_of_good_run = None
        times[kind] = None if first_of_good_run is None else max(0.0, first_of_good_run.ended - back)
    return times


def check_worker_health(outcome, server):
    text = server.log_text()
    killed = text.count("WORKER TIMEOUT")
    booted = text.count("Booting worker")
    outcome.notes.append(f"gunicorn: {booted} workers booted ({server.workers} at start), {killed} WORKER TIMEOUT")
    outcome.check(killed == 0, f"{killed} worker(s) killed by gunicorn's timeout")
    outcome.check(booted == server.workers, f"{booted - server.workers} worker(s) restarted")


def warm(outcome, server, requests):
    for request in requests:
        answer = ask(server.base, request.kind, request.method, request.path, request.body)
        if not outcome.check(answer.status == 200, f"{request.kind} answered {answer.status} before any fault"):
            log(answer.body[:500].decode(errors="replace"))


def run_clients(server, askers, timeline):
    """Runs one client per asker while ``timeline()`` (which performs the fault) runs; returns the answers."""
    clients = [Client(server.base, asker) for asker in askers]
    for client in clients:
        client.start()
    try:
        timeline()
    finally:
        for client in clients:
            client.stop()
    return [answer for client in clients for answer in client.answers]


# --- Scenarios -------------------------------------------------------------------------------------------


# The static files of this run, collected as a deployment does (docs/deploy.md): the production settings'
# manifest storage needs them to render any page.
STATIC_ROOT = Path(tempfile.gettempdir()) / f"mon_enfant_faults_static_{os.getpid()}"


def production_env():
    """The production settings over plain HTTP on loopback (harness.production_env), with this script's Redis
    and the default refresh delay and workers."""
    env = harness.production_env(STATIC_ROOT, REDIS_URL=REDIS_URL, DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT))
    for name in ("MON_ENFANT_REFRESH_SECONDS", "GUNICORN_WORKERS"):
        env.pop(name, None)
    return env


def database_scenario(name, fault, database, outage, work):
    """Three clients: one asks what needs no database, one what needs it (before, during and after the
    outage), one the same but only during the outage. A request in flight when the database stalls waits
    for it (nothing bounds a query already sent on the client's side: ``statement_timeout`` is the server's),
    so it holds its worker until the database is back; the newcomers show the 503s."""
    title = {"refuse": f"PostgreSQL refuses connections for {outage:g} s, then is back",
             "stall": f"PostgreSQL does not answer for {outage:g} s, then is back"}[fault]
    outcome = Outcome(name, title, kinds={r.kind: r.needs_database for r in DATABASE_FREE + NEEDING_DATABASE
                                          + NEWCOMERS})
    redis_client(REDIS_URL).flushdb()
    proxy = DatabaseProxy(postgres_address(), take_port())
    env = {**production_env(), "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{database}"}
    moments = {}
    newcomers = []
    try:
        with gunicorn(env, work) as server:
            warm(outcome, server, DATABASE_FREE + NEEDING_DATABASE)

            def timeline():
                time.sleep(2)
                moments["fault"] = time.monotonic()
                getattr(proxy, fault)()
                time.sleep(0.2)
                newcomer = Client(server.base, in_turn(NEWCOMERS))
                newcomer.start()
                time.sleep(outage - 0.2)
                moments["back"] = time.monotonic()
                proxy.restore()
                newcomer.stop()
                newcomers.extend(newcomer.answers)
                time.sleep(RECOVERY_LIMIT + 1)

            outcome.answers = run_clients(server, [in_turn(DATABASE_FREE), in_turn(NEEDING_DATABASE)], timeline)
            outcome.answers += newcomers
            time.sleep(0.5)  # gunicorn writes its log
            check_worker_health(outcome, server)
    finally:
        proxy.close()
    fault_at, back = moments["fault"], moments["back"]
    if fault == "stall":
        outcome.notes.append(f"connections accepted by the stalled database: {proxy.accepted_while_stalled}")
        outcome.check(proxy.accepted_while_stalled > 0, "no connection reached the stalled database")
    for answer in outcome.answers:
        label = f"{answer.kind} at +{answer.started - fault_at:.1f} s"
        if not outcome.kinds[answer.kind]:
            # Sync workers: one may be busy with a request waiting for its connect timeout.
            outcome.check(answer.status == 200, f"{label}: {answer.status} (needs no database)")
            outcome.check(answer.seconds < CONNECT_TIMEOUT + SLACK, f"{label}: {answer.seconds:.1f} s (needs no "
                          "database)")
            continue
        outcome.check(answer.status in (200, 503), f"{label}: {answer.status}")
        if fault_at + 0.1 < answer.started < back - 0.1:
            # Begun during the outage: an answer within the connect timeout, a 503 unless the database came
            # back while this request was still connecting (a stalled one is then answered).
            outcome.check(answer.seconds < CONNECT_TIMEOUT + SLACK, f"{label}: {answer.seconds:.1f} s")
            still_connecting = fault == "stall" and answer.started > back - CONNECT_TIMEOUT - 0.2
            outcome.check(answer.status == 503 or still_connecting, f"{label}: {answer.status} during the outage")
        elif answer.started <= fault_at + 0.1 < answer.ended:
            # In flight when the fault began: reset (503 at once) or held until the database is back.
            outcome.notes.append(f"in flight at the fault: {answer.kind}, {answer.status} after {answer.seconds:.2f} s")
            outcome.check(answer.seconds < min(outage + CONNECT_TIMEOUT + SLACK, WORKER_TIMEOUT - 5),
                          f"{label}: {answer.seconds:.1f} s")
        else:
            outcome.check(answer.seconds < CONNECT_TIMEOUT + SLACK, f"{label}: {answer.seconds:.1f} s")
    check_unavailable_answers(outcome)
    outcome.recovery = recovery_after(outcome.answers, back, [r.kind for r in NEEDING_DATABASE])
    for kind, seconds in outcome.recovery.items():
        outcome.check(seconds is not None and seconds <= RECOVERY_LIMIT,
                      f"{kind}: not answering from the database {RECOVERY_LIMIT:g} s after its return")
    return outcome


def check_unavailable_answers(outcome):
    """The 503s say what they should: the page in French with Retry-After, the API in JSON."""
    pages = [answer for answer in outcome.answers if answer.kind.endswith("page") and answer.status == 503]
    api = [answer for answer in outcome.answers if answer.kind.endswith("schools api") and answer.status == 503]
    outcome.check(pages or api, "no 503 seen: the outage did not show")
    for answer in pages:
        html = answer.body.decode(errors="replace")
        if not outcome.check("Service momentanément indisponible" in html and 'class="site-header"' in html
                             and answer.headers.get("retry-after"), "a 503 page without its text, layout or "
                             "Retry-After"):
            break
    for answer in api:
        try:
            detail = json.loads(answer.body)["detail"]
        except (ValueError, KeyError, TypeError):
            detail = ""
        if not outcome.check("réessayez dans quelques instants" in detail and answer.headers.get("retry-after"),
                             f"an API 503 without its JSON message: {answer.body[:200]!r}"):
            break
    if pages:
        retry_after = pages[0].headers.get("retry-after")
        outcome.notes.append(f"503 page: {len(pages[0].body)} bytes, Retry-After: {retry_after}")


@contextlib.contextmanager
def own_redis(port, work):
    """A Redis of this script's own (no persistence), on ``port``; yields a function restarting it."""
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is missing (apt-get install redis-server)")
    state = {}

    def start():
        state["process"] = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=open(work / "redis.log", "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not reachable("127.0.0.1", port):
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not start")
            time.sleep(0.05)

    def kill():
        state["process"].send_signal(signal.SIGKILL)
        state["process"].wait()

    start()
    try:
        yield start, kill
    finally:
        if state["process"].poll() is None:
            kill()


def redis_scenario(database, outage, work):
    outcome = Outcome("redis-down", f"the stamps' Redis is killed for {outage:g} s, then restarted",
                      kinds={r.kind: r.needs_database for r in DATABASE_FREE + NEEDING_DATABASE})
    port = take_port()
    url = f"redis://127.0.0.1:{port}/4"
    env = {**production_env(), "REDIS_URL": url, "DATABASE_URL": f"{POSTGRES}/{database}"}
    moments = {}
    with own_redis(port, work) as (start, kill), gunicorn(env, work) as server:
        warm(outcome, server, DATABASE_FREE + NEEDING_DATABASE)
        stamps = redis_client(url).keys("*mon_enfant:stamp:*")
        outcome.check(stamps, "no stamp in Redis before the fault: the scenario proves nothing")

        def timeline():
            time.sleep(2)
            moments["fault"] = time.monotonic()
            kill()
            time.sleep(outage)
            moments["back"] = time.monotonic()
            start()
            deadline = moments["back"] + RECOVERY_LIMIT + 1
            while time.monotonic() < deadline:
                if "used" not in moments and redis_client(url).keys("*mon_enfant:stamp:*"):
                    moments["used"] = time.monotonic()
                time.sleep(0.1)

        outcome.answers = run_clients(server, [in_turn(DATABASE_FREE), in_turn(NEEDING_DATABASE)], timeline)
        time.sleep(0.5)
        check_worker_health(outcome, server)
    for answer in outcome.answers:
        label = f"{answer.kind} at +{answer.started - moments['fault']:.1f} s"
        outcome.check(answer.status == 200, f"{label}: {answer.status}")
        outcome.check(answer.seconds < 1 + SLACK, f"{label}: {answer.seconds:.1f} s")
    used = moments.get("used")
    outcome.notes.append(f"stamps in Redis again {used - moments['back']:.2f} s after its restart" if used
                         else "stamps never written to Redis again")
    outcome.check(used is not None, f"Redis not used again within {RECOVERY_LIMIT + 1:g} s of its restart")
    during = [a for a in outcome.answers if moments["fault"] < a.started < moments["back"]]
    outcome.check(during, "no request during the outage")
    return outcome


class FakeGeocoder:
    """A BAN-like geocoding service on loopback (``/search?q=&citycode=``); ``mode``: ``ok`` (a point in
    the zone), ``error`` (HTTP 500) or ``timeout`` (answers after twice the geocoder's timeout)."""

    def __init__(self, port):
        self.mode = "ok"
        self.asked = collections.Counter()
        fake = self
        west, south, east, north = ZONE_BOX

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                mode = fake.mode
                fake.asked[mode] += 1
                if mode == "timeout":
                    time.sleep(GEOCODER_TIMEOUT * 2)
                if mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(b"Internal Server Error")
                    return
                point = [(west + east) / 2, (south + north) / 2]
                body = json.dumps({"type": "FeatureCollection", "features": [{
                    "type": "Feature", "geometry": {"type": "Point", "coordinates": point},
                    "properties": {"type": "housenumber", "score": 0.95, "citycode": COMMUNE}}]}).encode()
                with contextlib.suppress(OSError):
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def geocoder_scenario(database, outage, work):
    outcome = Outcome("geocoder", f"the remote geocoder answers 500 for {outage:g} s, then too late for "
                      f"{outage:g} s, then well", kinds={"zone lookup": False, "zone page": True, "lookup": False})
    fake = FakeGeocoder(take_port())
    settings_dir = work / "settings"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / "faults_geocoder_settings.py").write_text(
        "from example_site.settings_production import *  # noqa: F403\n"
        f"MON_ENFANT_GEOCODER = {{'backend': 'ban', 'scheme': 'http', 'domain': '127.0.0.1:{fake.httpd.server_port}', "
        f"'timeout': {GEOCODER_TIMEOUT}}}\n")
    redis_client(REDIS_URL).flushdb()
    env = {**production_env(), "DATABASE_URL": f"{POSTGRES}/{database}",
           "DJANGO_SETTINGS_MODULE": "faults_geocoder_settings", "PYTHONPATH": f"{ROOT}{os.pathsep}{settings_dir}"}
    def zone_request(turn):
        """Another address each turn (a remote answer, once given, is cached for its address), and a plain
        lookup every third turn."""
        if turn % 3 == 2:
            return LOOKUP
        query = urlencode({"commune": COMMUNE, "address": ZONE_ADDRESSES[turn % len(ZONE_ADDRESSES)],
                           "level": "maternelle"})
        if turn % 3 == 0:
            return Request("zone lookup", "GET", f"/api/mon-enfant/v1/catchment?{query}", False)
        return Request("zone page", "GET", f"/trouver-mon-ecole/?{query}", True)

    phases = []
    try:
        with gunicorn(env, work) as server:
            warm(outcome, server, [LOOKUP])

            def timeline():
                for mode, seconds in (("error", outage), ("timeout", outage), ("ok", RECOVERY_LIMIT)):
                    fake.mode = mode
                    phases.append((mode, time.monotonic()))
                    time.sleep(seconds)
                phases.append(("end", time.monotonic()))

            outcome.answers = run_clients(server, [zone_request], timeline)
            time.sleep(0.5)
            check_worker_health(outcome, server)
    finally:
        fake.close()
    starts = dict(phases)
    outcome.notes.append("geocoder asked: " + ", ".join(f"{mode} {count}" for mode, count in fake.asked.items()))
    for mode in ("error", "timeout", "ok"):
        outcome.check(fake.asked[mode] > 0, f"the geocoder was never asked while {mode}: the scenario proves nothing")
    for answer in outcome.answers:
        label = f"{answer.kind} at +{answer.started - starts['error']:.1f} s"
        outcome.check(answer.status == 200, f"{label}: {answer.status}")
        outcome.check(answer.seconds < GEOCODER_TIMEOUT + SLACK, f"{label}: {answer.seconds:.1f} s")
        if answer.kind != "zone lookup" or answer.status != 200:
            continue
        body = json.loads(answer.body)
        outcome.check(body["status"] == "found" and body["schools"][0]["uai"] == ZONE_UAI,
                      f"{label}: {body['status']} (the zone should answer)")
        failing = answer.ended < starts["ok"]
        outcome.check(bool(body["location_notice"]) == failing or answer.started < starts["ok"] < answer.ended,
                      f"{label}: location notice {body['location_notice']!r}")
    recovered = [a for a in outcome.answers if a.kind == "zone lookup" and a.started >= starts["ok"] and a.status == 200
                 and not json.loads(a.body)["location_notice"]]
    outcome.recovery["zone lookup"] = recovered[0].ended - starts["ok"] if recovered else None
    outcome.check(recovered, "the remote geocoder's answers never came back")
    return outcome


SCENARIOS = ["db-refused", "db-stalled", "redis-down", "geocoder"]


def run_scenario(name, database, outage):
    with tempfile.TemporaryDirectory(prefix=f"faults-{name}-") as folder:
        work = Path(folder)
        if name == "db-refused":
            outcome = database_scenario(name, "refuse", database, outage, work)
        elif name == "db-stalled":
            outcome = database_scenario(name, "stall", database, outage, work)
        elif name == "redis-down":
            outcome = redis_scenario(database, outage, work)
        else:
            outcome = geocoder_scenario(database, outage, work)
        if outcome.failures:
            stderr = (work / "gunicorn-stderr.log").read_text(errors="replace")[-3000:]
            outcome.notes.append("gunicorn's stderr (end):\n" + stderr)
        return outcome


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", metavar="scenario",
                        help=f"among {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--outage", type=float, default=10, help="seconds each fault lasts (default 10)")
    args = parser.parse_args(argv)
    names = args.scenarios or SCENARIOS
    if unknown := [name for name in names if name not in SCENARIOS]:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}: choose among {', '.join(SCENARIOS)}")
    host, port = postgres_address()
    redis_parts = urlsplit(REDIS_URL)
    if not reachable(host, port) or not reachable(redis_parts.hostname, redis_parts.port or 6379):
        print(f"faults: needs PostgreSQL ({POSTGRES}) and Redis ({REDIS_URL})", file=sys.stderr)
        return 2
    started = time.monotonic()
    failed = False
    with demo_database(production_env()) as database, collected_static(production_env()):
        for name in names:
            outcome = run_scenario(name, database, args.outage)
            print(outcome.table() + "\n", flush=True)
            failed = failed or bool(outcome.failures)
    print(f"{len(names)} scenario(s) in {time.monotonic() - started:.0f} s: {'FAIL' if failed else 'PASS'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
