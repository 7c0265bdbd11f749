"""Shared version stamps: how every process learns that the catchment rules or the fee grids changed.

Each feature keeps compiled data per process (the catchment index, the compiled fee grids) and a one-row
stamp table that every write bumps in its own transaction: the database is the truth. Comparing that
stamp on every request keeps every process exact ("answers from the new rules on its next request"),
but a database round trip costs more than the lookup it guards: on the two-core benchmark machine, one
indexed query alone takes 20 % (SQLite) to 45 % (PostgreSQL on loopback) of a trivial view's throughput.

So a host may set ``MON_ENFANT_STAMP_DIR``: a directory shared by every process of the site on one host
(gunicorn workers, management commands, cron jobs). After each bump *commits*, the writing process
copies the new value into ``<dir>/<key>.stamp``; readers map that small file into memory and compare
bytes (no system call), and only when it changed do they read the database stamp. Why this stays exact:
a reader notes the file first and the database second; every commit is followed by a write of its own,
unique value, so any commit the reader's database read missed changes the file again afterwards.
A site served by several hosts without a shared directory must leave the setting unset (the default):
the stamp is then read from the database on each request, as before.

The database read itself is compiled once by the ORM (the backend's quoting stays right) and then only
executed: building and compiling the query was ~80 % of it. It still goes through Django's cursor
wrapper, so ``assertNumQueries`` counts it.
"""

from __future__ import annotations

import mmap
import os
import threading
import time
from pathlib import Path

from django.db import connections, router, transaction

from .conf import get_setting

_compiled = {}
MIRROR_SIZE = 64


def read_stamp(model, field, key, default):
    """The ``field`` value of the ``model`` row whose ``key`` is ``key``, or ``default`` when absent."""
    alias = router.db_for_read(model)
    cache_key = (model._meta.label, field, key, alias)
    compiled = _compiled.get(cache_key)
    if compiled is None:
        queryset = model._default_manager.using(alias).filter(key=key).values_list(field)[:1]
        compiled = _compiled[cache_key] = queryset.query.get_compiler(alias).as_sql()
    sql, params = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return default if row is None or row[0] is None else row[0]


class _Mirror:
    """``<MON_ENFANT_STAMP_DIR>/<key>.stamp``: 64 bytes, mapped read-only by readers."""

    def __init__(self, directory, key):
        self.path = Path(directory) / f"{key}.stamp"
        self._map = None

    def _open(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.fstat(descriptor).st_size < MIRROR_SIZE:
                os.ftruncate(descriptor, MIRROR_SIZE)
            return descriptor
        except BaseException:
            os.close(descriptor)
            raise

    def read(self):
        if self._map is None:
            descriptor = self._open()
            try:
                self._map = mmap.mmap(descriptor, MIRROR_SIZE, access=mmap.ACCESS_READ)
            finally:
                os.close(descriptor)
        return self._map[:MIRROR_SIZE]

    def write(self, value):
        descriptor = self._open()
        try:
            os.pwrite(descriptor, str(value).encode()[:MIRROR_SIZE].ljust(MIRROR_SIZE, b"\0"), 0)
        finally:
            os.close(descriptor)


class SharedStamp:
    """The stamp of one kind of data (``key``), read through the mirror file when one is configured.

    ``read`` reads the database stamp. ``max_age`` (seconds) lets a feature without a mirror read the
    database at most that often (the fee grids use 2 s); 0 reads it on every call.
    """

    def __init__(self, key, read, max_age=0.0):
        self.key = key
        self._read = read
        self.max_age = max_age
        self._state = None  # (mirror bytes or read time, database value)
        self._mirrors = {}
        self._lock = threading.Lock()

    def _mirror(self):
        directory = get_setting("MON_ENFANT_STAMP_DIR")
        if not directory:
            return None
        directory = str(directory)  # a Path in settings works too, under the same key
        mirror = self._mirrors.get(directory)
        if mirror is None:
            with self._lock:
                mirror = self._mirrors.setdefault(directory, _Mirror(directory, self.key))
        return mirror

    def current(self):
        """The database stamp, read again only when the mirror changed (or ``max_age`` passed)."""
        state = self._state
        mirror = self._mirror()
        if mirror is not None:
            seen = mirror.read()  # first the file, then the database: see the module docstring
            if state is not None and state[0] == seen:
                return state[1]
        else:
            seen = time.monotonic()
            if state is not None and self.max_age and seen - state[0] < self.max_age:
                return state[1]
        value = self._read()
        self._state = (seen, value)
        return value

    def forget(self):
        """Read the database on the next call (this process has just written)."""
        self._state = None

    def published(self, value, using=None):
        """Call right after bumping the stamp to ``value``, in the bump's transaction: this process reads
        the database next time, and the mirror gets the value once the transaction commits."""
        self.forget()
        mirror = self._mirror()
        if mirror is not None:
            transaction.on_commit(lambda: mirror.write(value), using=using)
