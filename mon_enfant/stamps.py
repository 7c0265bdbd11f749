"""Shared version stamps: how every process learns that data it keeps compiled in memory changed.

A feature keeps compiled data per process (an in-memory index, compiled grids) and a one-row stamp table
that every write bumps in its own transaction: the database is the truth. A serving process compares
the stamp it built its data from with the shared one, and rebuilds when they differ.

Reading the shared stamp costs a query (or a cache round trip), so a process reads it **at most once per**
``MON_ENFANT_REFRESH_SECONDS`` (default 1 s; 0 reads it on every request): another process's change is
seen within that delay. The process that writes sees its own change at once: :meth:`SharedStamp.published`
gives it the new value (were the transaction rolled back, the next read after the delay brings the
database's value back, which differs from the one the data was built with: the data is rebuilt).

Where the shared stamp is read:

* by default, from the database (one indexed query);
* when the host sets ``MON_ENFANT_STAMP_CACHE`` to the alias of a cache **shared by every process**
  (Redis, Memcached, the database cache), from that cache: the writer stores the new value once its
  transaction commits, and a reader that finds nothing reads the database and stores what it read with
  ``cache.add`` (which never overwrites a newer value). A cache that fails (Redis down or not answering
  within its socket timeouts) is a slower path, not an error: the stamp is read from the database, and
  the writer's store is skipped (logged once per outage, not per request).

A database that does not answer when the stamp must be read from it (no value in the shared cache) leaves the
process on the stamp it last read: what needs no database keeps answering through an outage.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.db import DatabaseError, transaction

from .conf import get_setting
from .privacy import get_logger

logger = get_logger(__name__)

# How long a stamp stays in the shared cache: a value whose commit-time write was lost (the cache was down)
# is read again from the database after this.
CACHE_TIMEOUT = 60
_MISSING = object()


def read_stamp(model, field, key, default):
    """The ``field`` value of the ``model`` row whose ``key`` is ``key``, or ``default`` when absent."""
    value = model._default_manager.filter(key=key).values_list(field, flat=True).first()
    return default if value is None else value


class SharedStamp:
    """The stamp of one kind of data (``key``); ``read`` reads it from the database.

    ``current()`` is what a serving process compares on every request. ``max_age`` is deprecated: it
    overrides ``MON_ENFANT_REFRESH_SECONDS`` for this stamp (None: the setting).
    """

    def __init__(self, key, read, max_age=None):
        self.key = key
        self._read = read
        self.max_age = max_age
        self._checked = None  # (time.monotonic() of the read, value)
        self._cache_failing = False  # the shared cache's last call failed: its recovery is logged

    @property
    def cache_key(self):
        return f"mon_enfant:stamp:{self.key}"

    def refresh_seconds(self):
        return get_setting("MON_ENFANT_REFRESH_SECONDS") if self.max_age is None else self.max_age

    def current(self):
        """The shared stamp, read again only when the last read is older than the refresh delay."""
        checked, now = self._checked, time.monotonic()
        if checked is not None and now - checked[0] < self.refresh_seconds():
            return checked[1]
        try:
            value = self._read_shared()
        except DatabaseError:
            if checked is None:
                raise
            # The database does not answer and the shared cache holds no value (its entry expired, or it is
            # down too): the data this process built keeps answering from the stamp it last read, and the
            # next call reads again. Without this, one request per process and CACHE_TIMEOUT would need the
            # database during an outage.
            return checked[1]
        self._checked = (now, value)
        return value

    def _cache(self):
        alias = get_setting("MON_ENFANT_STAMP_CACHE")
        return caches[alias] if alias else None

    def _read_shared(self):
        cache = self._cache()
        if cache is None:
            return self._read()
        try:
            value = cache.get(self.cache_key, _MISSING)
        except Exception as exc:  # noqa: BLE001 - the database holds the truth: read it there
            self._cache_failed(exc)
            return self._read()
        self._cache_answered()
        if value is _MISSING:
            value = self._read()
            self._cache_call(cache.add, self.cache_key, value, CACHE_TIMEOUT)
        return value

    def _cache_call(self, method, *args):
        try:
            method(*args)
        except Exception as exc:  # noqa: BLE001 - a lost store is read again from the database later
            self._cache_failed(exc)
        else:
            self._cache_answered()

    def _cache_failed(self, exc):
        if not self._cache_failing:
            logger.warning("Stamp cache unavailable (%s): stamp %s read from the database.",
                           type(exc).__name__, self.key)
        self._cache_failing = True

    def _cache_answered(self):
        if self._cache_failing:
            logger.warning("Stamp cache answers again: stamp %s read from it.", self.key)
        self._cache_failing = False

    def forget(self):
        """Read the shared stamp on the next call, whatever the refresh delay."""
        self._checked = None

    def published(self, value, using=None):
        """Call right after bumping the stamp to ``value``, in the bump's transaction: this process takes the
        new value at once; the shared cache, if any, gets it once the transaction commits (before, other
        processes must keep the old data)."""
        self._checked = (time.monotonic(), value)
        cache = self._cache()
        if cache is not None:
            transaction.on_commit(lambda: self._cache_call(cache.set, self.cache_key, value, CACHE_TIMEOUT),
                                  using=using)
